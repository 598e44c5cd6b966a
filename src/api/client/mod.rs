//! The client task: one tokio task owns the HTTP client; callers send operations
//! with an id and receive results as messages, so a UI never awaits the network.
//!
//! Reads retry (bounded, jittered, honouring `Retry-After`) and use conditional GETs;
//! a newer read for the same data supersedes an older one. Writes are sent once:
//! when the answer is lost, the client re-reads and says honestly whether the change
//! was applied.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::task::AbortHandle;
use url::Url;

use reqwest::header::{HeaderName, HeaderValue};

use super::audit::{AuditEntry, AuditLog, scrub};
use super::backend::{Backend, HttpCall, Paging};
use super::error::ApiError;
use super::model::{Capabilities, Capability, Operation, Reply, Support};
use super::secret::Secret;
use super::tls::CaBundle;
use super::transport::check_transport;

mod auth;
mod called;
mod collected;
mod exchange;
mod interrupt;
mod journal;
mod pages;
mod read;
mod refusal;
mod remembered;
mod settings;
mod settle;
mod streamed;

pub use called::{CallOutcome, Called, shown_target};
pub use interrupt::{INTERRUPTED_SENT, INTERRUPTED_UNSENT};
pub use journal::{Found, Leftover};
pub use remembered::{CREATED_DIR, Remembered};
pub use settings::{
    ClientSettings, DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_MAX_BODY_BYTES, DEFAULT_TIMEOUT_MS,
    RetryPolicy,
};
pub use settle::Reconciled;

pub type RequestId = u64;

#[derive(Debug, Clone, PartialEq)]
pub enum ClientEvent {
    Finished {
        id: RequestId,
        result: Result<Reply, ApiError>,
        /// The write's answer was lost, unreadable or a gateway's, and the reply
        /// is from a re-read that showed it applied: what it met instead.
        reconciled: Option<Reconciled>,
    },
    /// A read failed and is tried again after `wait`.
    Retrying {
        id: RequestId,
        attempt: u32,
        wait: Duration,
        cause: String,
        /// The wait is the server's (`Retry-After`), not the client's backoff.
        server_asked: bool,
    },
    /// Rows of a list read with `ClientHandle::stream`, as they are decoded from
    /// the body still arriving: `reply` holds them (`Reply::Parties`), `from` is
    /// the place of the first of them in the list. A `from` of 0 starts the list
    /// over: a read tried again after a failure part way sends its rows anew.
    /// `Finished` with `Reply::Streamed` follows when the list ended whole.
    Rows {
        id: RequestId,
        from: u64,
        reply: Reply,
    },
    /// A page of a collected list (`schema::Collected`) came in while the walk
    /// goes on: `reply` holds the nodes new on this page, `scanned` how many
    /// source records have been read so far, of `total` when the server says.
    /// The `Finished` answer with the whole list follows.
    Progress {
        id: RequestId,
        reply: Reply,
        scanned: u64,
        total: Option<u64>,
    },
    /// The server showed it does not offer something; the UI hides that action.
    CapabilityLost {
        capability: Capability,
        reason: String,
    },
    /// What became of the writes an earlier run left in the journal (asked for
    /// with `settle_journal`), or why the journal could not be read.
    Leftovers {
        id: RequestId,
        result: Result<Vec<Leftover>, String>,
    },
    /// One HTTP exchange finished (each attempt of a retried read is one), for a
    /// caller that asked with `ClientHandle::report_calls`.
    Called(Box<Called>),
}

enum Command {
    Send {
        id: RequestId,
        op: Operation,
        mode: ReadMode,
        /// A list the backend streams is answered as it arrives.
        streamed: bool,
    },
    Cancel(RequestId),
    /// The process is ending: account for every write in flight.
    Interrupt(tokio::sync::oneshot::Sender<Vec<String>>),
    /// Settle what an earlier run left in the journal.
    SettleJournal(RequestId),
}

/// The caller's side: cheap to clone, never blocks.
#[derive(Clone)]
pub struct ClientHandle {
    commands: mpsc::UnboundedSender<Command>,
    next_id: Arc<AtomicU64>,
    inner: Arc<Inner>,
}

impl ClientHandle {
    /// Sends an operation. Reads are conditional when the client holds an earlier
    /// answer to the same read, and a 304 reuses that answer's body.
    pub fn send(&self, op: Operation) -> RequestId {
        self.submit(op, ReadMode::Plain)
    }

    /// Reads for a caller that keeps what it gets and will `refresh` it later: always
    /// a full read, and the client keeps only the answer's validator, not a second
    /// copy of its body (23 MB for 100k users).
    pub fn load(&self, op: Operation) -> RequestId {
        self.submit(op, ReadMode::Load)
    }

    /// Re-reads data the caller already holds (the last answer to this read). When
    /// the server says it has not changed (304), the answer is `Reply::Unchanged`
    /// and nothing is decoded: refreshing an unchanged 100k list costs next to nothing.
    pub fn refresh(&self, op: Operation) -> RequestId {
        self.submit(op, ReadMode::Refresh)
    }

    /// Reads a long list without ever holding it whole: its rows are reported as
    /// they are decoded (`ClientEvent::Rows`), and `Finished` answers
    /// `Reply::Streamed`. With `refresh`, conditional as `refresh` is, so an
    /// unchanged list answers `Reply::Unchanged`. A backend with no streamed
    /// decode for `op` answers it whole, as `load` and `refresh` do.
    /// Like `load`, the client keeps only the validator.
    pub fn stream(&self, op: Operation, refresh: bool) -> RequestId {
        let mode = if refresh {
            ReadMode::Refresh
        } else {
            ReadMode::Load
        };
        self.submit_as(op, mode, true)
    }

    /// Reads one page of a list: the page its operation's cursor names, the first
    /// when it names none, answered with the cursor of the page after it
    /// (`Page::next`). For a caller that pages on its own as its operator
    /// scrolls; never cached, since such a list is started over, not revalidated.
    pub fn page(&self, op: Operation) -> RequestId {
        self.submit(op, ReadMode::Page)
    }

    fn submit(&self, op: Operation, mode: ReadMode) -> RequestId {
        self.submit_as(op, mode, false)
    }

    fn submit_as(&self, op: Operation, mode: ReadMode, streamed: bool) -> RequestId {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        // A closed channel means the task is gone; the caller then never hears
        // back, which its own timeouts and the UI's state already cover.
        let _ = self.commands.send(Command::Send {
            id,
            op,
            mode,
            streamed,
        });
        id
    }

    pub fn cancel(&self, id: RequestId) {
        let _ = self.commands.send(Command::Cancel(id));
    }

    pub fn capabilities(&self) -> Capabilities {
        lock(&self.inner.capabilities).clone()
    }

    pub fn profile(&self) -> &str {
        &self.inner.settings.profile
    }

    pub fn base_url(&self) -> &Url {
        &self.inner.settings.base_url
    }

    pub fn read_only(&self) -> bool {
        self.inner.settings.read_only
    }

    /// From now on a streamed read sends a batch of rows only while fewer than
    /// two it sent are not yet taken (`rows_taken`): for a caller that writes
    /// the rows on and keeps none, so memory does not grow with the list.
    pub fn pace_rows(&self) {
        self.inner.pacing.start();
    }

    /// The caller has done with a batch of read `id`'s rows (see `pace_rows`).
    pub fn rows_taken(&self, id: RequestId) {
        self.inner.pacing.taken(id);
    }

    /// From now on every HTTP exchange is reported as a `ClientEvent::Called`.
    pub fn report_calls(&self) {
        self.inner.reports_calls.store(true, Ordering::Relaxed);
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

struct Flight {
    abort: AbortHandle,
    read_key: Option<String>,
    /// Kept for writes, so a cancelled one can still be audited.
    write: Option<Operation>,
    /// The write was handed to HTTP: from then on it may have reached the server.
    sent: bool,
}

struct CachedBody {
    etag: String,
    /// None when the caller keeps the data itself (`load`, `refresh`).
    body: Option<Vec<u8>>,
}

/// How a read treats the client's cache of earlier answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ReadMode {
    /// Conditional when a body is cached; a 304 reuses it.
    Plain,
    /// Unconditional; only the validator is kept.
    Load,
    /// Conditional on the kept validator; a 304 answers `Reply::Unchanged`.
    Refresh,
    /// Unconditional, and the cache is left as it was: the reads that check a
    /// write must not change what a caller's later refresh compares against.
    Aside,
    /// Like `Aside`, tried once and quietly: the read just before a write, whose
    /// failure only means a lost answer cannot be compared later, must neither hold
    /// the write up nor announce retries of a read the operator never asked for.
    Before,
    /// One page only (see `ClientHandle::page`); unconditional, and the cache is
    /// left as it was.
    Page,
}

impl ReadMode {
    /// A read that leaves the cache as it was: one that checks a write, or one
    /// page of a list its caller pages through.
    fn is_aside(self) -> bool {
        matches!(self, ReadMode::Aside | ReadMode::Before | ReadMode::Page)
    }
}

struct Inner {
    http: reqwest::Client,
    settings: ClientSettings,
    backend: Arc<dyn Backend>,
    audit: Option<AuditLog>,
    capabilities: Mutex<Capabilities>,
    role: Mutex<Option<String>>,
    cache: Mutex<HashMap<String, CachedBody>>,
    flights: Mutex<HashMap<RequestId, Flight>>,
    events: mpsc::UnboundedSender<ClientEvent>,
    /// How this server differs from the contract, learnt while it runs.
    quirks: Mutex<read::Quirks>,
    /// The reads (by `Operation::read_key`) whose lists came in several pages: a
    /// 304 on the first page says nothing of the others.
    paged: Mutex<std::collections::HashSet<String>>,
    /// What signs every call in (see `Backend::auth`).
    auth: Vec<(HeaderName, HeaderValue)>,
    /// The token and its derived forms, masked in what the client words itself.
    masks: Vec<Secret>,
    /// Where keyed creates are written down while their outcome is unknown.
    journal: Option<super::journal::Journal>,
    /// The nodes this profile created that a collected list may not show.
    remembered: Option<Remembered>,
    /// Whether each HTTP exchange is reported (`ClientEvent::Called`).
    reports_calls: std::sync::atomic::AtomicBool,
    /// How far streamed reads run ahead of a caller that says what it took.
    pacing: streamed::Pacing,
}

/// Starts the client task. Results arrive on the returned receiver.
pub fn spawn(
    settings: ClientSettings,
    backend: Arc<dyn Backend>,
) -> Result<(ClientHandle, mpsc::UnboundedReceiver<ClientEvent>), ApiError> {
    check_transport(&settings.base_url, settings.allow_http)?;
    // Whatever the server echoes it in, this token (and each form of it that the
    // backend's headers carry) is masked wherever orgdeck writes.
    let credentials = auth::credentials(backend.as_ref(), &settings.token, &settings.profile)?;
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::builder()
        .tls_certs_merge(settings.ca_file.iter().flat_map(CaBundle::certificates))
        .connect_timeout(settings.connect_timeout)
        // Each read waits at most `timeout`; a whole answer is bounded per request
        // (see `exchange_answer`), except a streamed list, which may take as long
        // as its rows keep coming.
        .read_timeout(settings.timeout)
        .user_agent(concat!("orgdeck/", env!("CARGO_PKG_VERSION")))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|err| ApiError::Setup(format!("cannot set up HTTP: {err}")))?;
    let journal = settings
        .journal
        .as_deref()
        .map(|dir| super::journal::Journal::new(dir, &settings.profile));
    let remembered = settings
        .created
        .as_deref()
        .map(|dir| Remembered::new(dir, &settings.profile, settings.base_url.as_str()));
    let (events_tx, events_rx) = mpsc::unbounded_channel();
    let (commands_tx, mut commands_rx) = mpsc::unbounded_channel();
    let inner = Arc::new(Inner {
        http,
        audit: settings.audit.clone().map(AuditLog::new),
        capabilities: Mutex::new(Capabilities::default()),
        backend,
        settings,
        role: Mutex::new(None),
        cache: Mutex::new(HashMap::new()),
        flights: Mutex::new(HashMap::new()),
        events: events_tx,
        quirks: Mutex::default(),
        paged: Mutex::default(),
        auth: credentials.headers,
        masks: credentials.masks,
        journal,
        remembered,
        reports_calls: Default::default(),
        pacing: Default::default(),
    });
    let task_inner = inner.clone();
    tokio::spawn(async move {
        while let Some(command) = commands_rx.recv().await {
            match command {
                Command::Send {
                    id,
                    op,
                    mode,
                    streamed,
                } => task_inner.start(id, op, (mode, streamed)),
                Command::Cancel(id) => task_inner.cancel(id, false),
                Command::Interrupt(reply) => {
                    let _ = reply.send(task_inner.interrupt());
                }
                Command::SettleJournal(id) => {
                    let inner = task_inner.clone();
                    tokio::spawn(
                        called::ASKED_BY.scope(id, async move { inner.settle_journal(id).await }),
                    );
                }
            }
        }
        // Every handle is gone: writes still in flight are ended, and not silently.
        task_inner.interrupt();
        for (_, flight) in lock(&task_inner.flights).drain() {
            flight.abort.abort();
        }
    });
    Ok((
        ClientHandle {
            commands: commands_tx,
            next_id: Arc::new(AtomicU64::new(1)),
            inner,
        },
        events_rx,
    ))
}

impl Inner {
    fn start(self: &Arc<Self>, id: RequestId, op: Operation, mode: (ReadMode, bool)) {
        let read_key = op.read_key();
        if let Some(key) = &read_key {
            let stale: Vec<RequestId> = lock(&self.flights)
                .iter()
                .filter(|(_, f)| f.read_key.as_ref() == Some(key))
                .map(|(id, _)| *id)
                .collect();
            for old in stale {
                self.cancel(old, true);
            }
        }
        let write = op.is_write().then(|| op.clone());
        // Registered under the lock so the task cannot finish before it is known.
        let mut flights = lock(&self.flights);
        let inner = self.clone();
        let task = tokio::spawn(called::ASKED_BY.scope(id, async move {
            let (result, reconciled) = inner.perform(id, &op, mode).await;
            inner.finish(id, result, reconciled);
        }));
        flights.insert(
            id,
            Flight {
                abort: task.abort_handle(),
                read_key,
                write,
                sent: false,
            },
        );
    }

    fn cancel(&self, id: RequestId, superseded: bool) {
        let Some(flight) = lock(&self.flights).remove(&id) else {
            return;
        };
        flight.abort.abort();
        if let Some(op) = &flight.write {
            self.audit(op, None, "cancelled: it may still have been applied", None);
        }
        let _ = self.events.send(ClientEvent::Finished {
            id,
            result: Err(ApiError::Cancelled {
                superseded,
                write: flight.write.is_some(),
            }),
            reconciled: None,
        });
    }

    fn finish(
        &self,
        id: RequestId,
        result: Result<Reply, ApiError>,
        reconciled: Option<Reconciled>,
    ) {
        // Only a request still registered reports: a cancelled one already did.
        if lock(&self.flights).remove(&id).is_some() {
            let _ = self.events.send(ClientEvent::Finished {
                id,
                result,
                reconciled,
            });
        }
    }

    async fn perform(
        &self,
        id: RequestId,
        op: &Operation,
        (mode, streamed): (ReadMode, bool),
    ) -> (Result<Reply, ApiError>, Option<Reconciled>) {
        let capability = op.capability();
        if let Support::Unavailable(reason) = lock(&self.capabilities).support(capability) {
            let what = self.backend.schema().offer(capability);
            return (
                Err(ApiError::Unsupported {
                    capability,
                    what,
                    reason,
                }),
                None,
            );
        }
        if let Err(err) = self.http_call(op, Paging::default()) {
            return (Err(err), None);
        }
        if !op.is_write() {
            let result = self.read_rows(id, op, mode, streamed).await;
            if let (Operation::WhoAmI, Ok(Reply::Caller(me))) = (op, &result) {
                *lock(&self.role) = Some(me.role.clone());
            }
            return (result, None);
        }
        if self.settings.read_only {
            let err = ApiError::ReadOnly {
                profile: self.settings.profile.clone(),
                action: self.describe(op),
            };
            self.audit(op, None, "refused: read-only profile", None);
            return (Err(err), None);
        }
        let (result, reconciled) = self.write(id, op).await;
        self.journal_after(op, &result);
        self.remember_created(op, &result);
        (result, reconciled)
    }

    fn audit(
        &self,
        op: &Operation,
        status: Option<u16>,
        outcome: &str,
        request_id: Option<String>,
    ) {
        let Some(audit) = &self.audit else {
            return;
        };
        let Ok(call) = self.backend.call(op, Paging::default()) else {
            return;
        };
        let entry = AuditEntry {
            time: jiff::Timestamp::now(),
            profile: self.settings.profile.clone(),
            operator: self.settings.operator.clone(),
            method: call.method.to_string(),
            path: self.redact(
                &self
                    .url(&call)
                    .map(|u| u.path().to_owned())
                    .unwrap_or_default(),
            ),
            fields: call.body.as_ref().map(scrub).unwrap_or_default(),
            status,
            outcome: outcome.to_owned(),
            request_id,
        };
        if let Err(err) = audit.append(&entry) {
            tracing::warn!(path = %audit.path().display(), cause = %err, "could not write the audit log");
        }
    }
}

impl Inner {
    /// What `op` does, in the backend's words: "create organizations".
    pub(super) fn describe(&self, op: &Operation) -> String {
        self.backend.schema().describe(op.capability())
    }

    /// The request for `op`, or the refusal of an operation the backend has no
    /// request for (nothing is sent).
    pub(super) fn http_call(
        &self,
        op: &Operation,
        paging: Paging<'_>,
    ) -> Result<HttpCall, ApiError> {
        self.backend.call(op, paging).map_err(|unsupported| {
            let capability = op.capability();
            ApiError::Unsupported {
                capability,
                what: unsupported.0.to_owned(),
                reason: format!(
                    "{} has no request for it; nothing was sent",
                    self.backend.schema().title
                ),
            }
        })
    }

    /// `text` with the token and each of its derived forms masked.
    fn redact(&self, text: &str) -> String {
        self.masks
            .iter()
            .fold(text.to_owned(), |text, mask| mask.redact(&text))
    }
}
