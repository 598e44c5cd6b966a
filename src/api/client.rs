//! The client task: one tokio task owns the HTTP client; callers send operations
//! with an id and receive results as messages, so a UI never awaits the network.
//!
//! Reads retry (bounded, jittered, honouring `Retry-After`) and use conditional GETs;
//! a newer read for the same data supersedes an older one. Writes are sent once:
//! when the answer is lost, the client re-reads and says honestly whether the change
//! was applied.

use std::collections::HashMap;
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use reqwest::header::{self, HeaderMap};
use reqwest::{Method, StatusCode};
use tokio::sync::mpsc;
use tokio::task::AbortHandle;
use url::Url;

use super::audit::{AuditEntry, AuditLog, scrub};
use super::backend::{Backend, Decoded, HttpCall};
use super::error::{ApiError, WriteOutcome};
use super::model::{Capabilities, Capability, Operation, Reply, Support, WriteNote};
use super::problem::{Context, Problem, normalise};
use super::secret::Secret;

pub type RequestId = u64;

#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Tries in all for a read, the first included.
    pub attempts: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// A `Retry-After` longer than this is reported instead of waited out.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 4,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(30),
        }
    }
}

/// Everything the client needs to talk to one tenant as one user.
#[derive(Debug, Clone)]
pub struct ClientSettings {
    pub profile: String,
    pub base_url: Url,
    pub token: Secret,
    pub read_only: bool,
    pub allow_http: bool,
    pub connect_timeout: Duration,
    pub timeout: Duration,
    pub max_body_bytes: u64,
    pub operator: String,
    pub audit: Option<PathBuf>,
    pub retry: RetryPolicy,
}

impl ClientSettings {
    pub fn new(profile: impl Into<String>, base_url: Url, token: Secret) -> Self {
        ClientSettings {
            profile: profile.into(),
            base_url,
            token,
            read_only: false,
            allow_http: false,
            connect_timeout: Duration::from_secs(5),
            timeout: Duration::from_secs(30),
            max_body_bytes: 64 << 20,
            operator: std::env::var("USER").unwrap_or_else(|_| "unknown".into()),
            audit: None,
            retry: RetryPolicy::default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ClientEvent {
    Finished {
        id: RequestId,
        result: Result<Reply, ApiError>,
        /// The answer was lost, and a re-read showed the write had been applied.
        reconciled: bool,
    },
    Retrying {
        id: RequestId,
        attempt: u32,
        wait: Duration,
        cause: String,
    },
    /// The server showed it does not offer something; the UI hides that action.
    CapabilityLost {
        capability: Capability,
        reason: String,
    },
}

enum Command {
    Send { id: RequestId, op: Operation },
    Cancel(RequestId),
}

/// The caller's side: cheap to clone, never blocks.
#[derive(Clone)]
pub struct ClientHandle {
    commands: mpsc::UnboundedSender<Command>,
    next_id: Arc<AtomicU64>,
    inner: Arc<Inner>,
}

impl ClientHandle {
    pub fn send(&self, op: Operation) -> RequestId {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        // A closed channel means the task is gone; the caller then never hears
        // back, which its own timeouts and the UI's state already cover.
        let _ = self.commands.send(Command::Send { id, op });
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
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

struct Flight {
    abort: AbortHandle,
    read_key: Option<String>,
    /// Kept for writes, so a cancelled one can still be audited.
    write: Option<Operation>,
}

struct CachedBody {
    etag: String,
    body: Vec<u8>,
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
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

/// Refuses URLs that would send the token in the clear to another machine.
pub fn check_transport(url: &Url, allow_http: bool) -> Result<(), ApiError> {
    match url.scheme() {
        "https" => Ok(()),
        "http" if allow_http || is_loopback(url) => Ok(()),
        "http" => Err(ApiError::Setup(format!(
            "refusing http:// to {}: the token would cross the network unencrypted; use https:// or set allow_http = true in the profile",
            url.host_str().unwrap_or("?")
        ))),
        other => Err(ApiError::Setup(format!(
            "unsupported URL scheme {other}: use https://"
        ))),
    }
}

/// Starts the client task. Results arrive on the returned receiver.
pub fn spawn(
    settings: ClientSettings,
    backend: Arc<dyn Backend>,
) -> Result<(ClientHandle, mpsc::UnboundedReceiver<ClientEvent>), ApiError> {
    check_transport(&settings.base_url, settings.allow_http)?;
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::builder()
        .connect_timeout(settings.connect_timeout)
        .timeout(settings.timeout)
        .user_agent(concat!("orgdeck/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|err| ApiError::Setup(format!("cannot set up HTTP: {err}")))?;
    let (events_tx, events_rx) = mpsc::unbounded_channel();
    let (commands_tx, mut commands_rx) = mpsc::unbounded_channel();
    let inner = Arc::new(Inner {
        http,
        audit: settings.audit.clone().map(AuditLog::new),
        capabilities: Mutex::new(backend.capabilities()),
        backend,
        settings,
        role: Mutex::new(None),
        cache: Mutex::new(HashMap::new()),
        flights: Mutex::new(HashMap::new()),
        events: events_tx,
    });
    let task_inner = inner.clone();
    tokio::spawn(async move {
        while let Some(command) = commands_rx.recv().await {
            match command {
                Command::Send { id, op } => task_inner.start(id, op),
                Command::Cancel(id) => task_inner.cancel(id, false),
            }
        }
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
    fn start(self: &Arc<Self>, id: RequestId, op: Operation) {
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
        let task = tokio::spawn(async move {
            let (result, reconciled) = inner.perform(id, &op).await;
            inner.finish(id, result, reconciled);
        });
        flights.insert(
            id,
            Flight {
                abort: task.abort_handle(),
                read_key,
                write,
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
            reconciled: false,
        });
    }

    fn finish(&self, id: RequestId, result: Result<Reply, ApiError>, reconciled: bool) {
        // Only a request still registered reports: a cancelled one already did.
        if lock(&self.flights).remove(&id).is_some() {
            let _ = self.events.send(ClientEvent::Finished {
                id,
                result,
                reconciled,
            });
        }
    }

    async fn perform(&self, id: RequestId, op: &Operation) -> (Result<Reply, ApiError>, bool) {
        let capability = op.capability();
        if let Support::Unavailable(reason) = lock(&self.capabilities).support(capability).clone() {
            return (Err(ApiError::Unsupported { capability, reason }), false);
        }
        if !op.is_write() {
            let result = self.read(id, op).await;
            if let (Operation::WhoAmI, Ok(Reply::Person(me))) = (op, &result) {
                *lock(&self.role) = Some(me.role.as_str().to_owned());
            }
            return (result, false);
        }
        if self.settings.read_only {
            let err = ApiError::ReadOnly {
                profile: self.settings.profile.clone(),
                action: op.describe(),
            };
            self.audit(op, None, "refused: read-only profile", None);
            return (Err(err), false);
        }
        self.write(id, op).await
    }

    async fn read(&self, id: RequestId, op: &Operation) -> Result<Reply, ApiError> {
        let policy = &self.settings.retry;
        let mut attempt = 1;
        loop {
            let err = match self.exchange(op).await {
                Ok((Decoded::Reply(reply), _)) => return Ok(reply),
                Ok((Decoded::ReadBack { message, .. }, _)) => {
                    return Ok(Reply::Done(WriteNote { message }));
                }
                Err(err) => err,
            };
            if !err.is_transient() || attempt >= policy.attempts.max(1) {
                return Err(err);
            }
            let wait = match err.problem().and_then(|p| p.retry_after_secs) {
                Some(secs) if Duration::from_secs(secs) > policy.max_retry_after => {
                    return Err(err);
                }
                Some(secs) => Duration::from_secs(secs),
                None => backoff(policy, attempt),
            };
            let _ = self.events.send(ClientEvent::Retrying {
                id,
                attempt,
                wait,
                cause: err.to_string(),
            });
            tracing::info!(attempt, wait_ms = wait.as_millis() as u64, cause = %err, "retrying read");
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    async fn write(&self, id: RequestId, op: &Operation) -> (Result<Reply, ApiError>, bool) {
        match self.exchange(op).await {
            Ok((Decoded::Reply(reply), meta)) => {
                self.audit(op, Some(meta.status), "done", meta.request_id);
                (Ok(reply), false)
            }
            Ok((Decoded::ReadBack { message, read }, meta)) => {
                self.audit(op, Some(meta.status), "done", meta.request_id);
                match self.read(id, &read).await {
                    Ok(reply) => (Ok(reply), false),
                    Err(err) => {
                        tracing::warn!(cause = %err, "write done but the re-read failed");
                        (Ok(Reply::Done(WriteNote { message })), false)
                    }
                }
            }
            Err(ApiError::Connect { host, cause }) => {
                self.audit(op, None, "not sent: could not connect", None);
                (Err(ApiError::Connect { host, cause }), false)
            }
            Err(
                err @ (ApiError::Timeout { .. }
                | ApiError::Transport { .. }
                | ApiError::Decode { .. }
                | ApiError::TooLarge { .. }),
            ) => self.reconcile(id, op, err).await,
            Err(err) => {
                let status = err.status();
                let request_id = err.problem().and_then(|p| p.request_id.clone());
                self.audit(op, status, "rejected", request_id);
                (Err(err), false)
            }
        }
    }

    /// The answer to a write was lost: find out from the server whether it applied.
    async fn reconcile(
        &self,
        id: RequestId,
        op: &Operation,
        cause: ApiError,
    ) -> (Result<Reply, ApiError>, bool) {
        let cause_text = cause.to_string();
        let verdict = match self.backend.reconcile_read(op) {
            Some(read) => {
                let reread = self.read(id, &read).await;
                self.backend
                    .applied(op, &reread)
                    .map(|applied| (applied, reread))
            }
            None => None,
        };
        match verdict {
            Some((true, reread)) => {
                self.audit(
                    op,
                    None,
                    "done (answer lost; confirmed by re-reading)",
                    None,
                );
                let reply = match reread {
                    Ok(read) => self.backend.confirmed_reply(op, read),
                    Err(_) => Reply::Done(WriteNote {
                        message: format!("{} applied", op.describe()),
                    }),
                };
                (Ok(reply), true)
            }
            Some((false, _)) => {
                self.audit(
                    op,
                    None,
                    "not done (answer lost; re-read shows no change)",
                    None,
                );
                (
                    Err(ApiError::WriteUncertain {
                        outcome: WriteOutcome::NotDone,
                        cause: cause_text,
                    }),
                    false,
                )
            }
            None => {
                self.audit(op, None, "unknown (answer lost; could not confirm)", None);
                (
                    Err(ApiError::WriteUncertain {
                        outcome: WriteOutcome::Unknown,
                        cause: cause_text,
                    }),
                    false,
                )
            }
        }
    }

    fn url(&self, call: &HttpCall) -> Result<Url, ApiError> {
        // URL normalisation drops "." and ".." segments, which would silently
        // turn "delete organization .." into a call on the collection.
        if let Some(bad) = call
            .segments
            .iter()
            .find(|s| s.is_empty() || *s == "." || *s == "..")
        {
            return Err(ApiError::Setup(format!(
                "{bad:?} is not a valid id: ids must not be empty, \".\" or \"..\""
            )));
        }
        let mut url = self.settings.base_url.clone();
        url.path_segments_mut()
            .map_err(|()| {
                ApiError::Setup(format!("{} cannot be a base URL", self.settings.base_url))
            })?
            .pop_if_empty()
            .extend(&call.segments);
        if !call.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&call.query);
        }
        Ok(url)
    }

    /// One round trip: request, bounded body, error normalisation, decoding.
    async fn exchange(&self, op: &Operation) -> Result<(Decoded, Meta), ApiError> {
        let call = self.backend.call(op);
        let url = self.url(&call)?;
        let cache_key = (call.method == Method::GET).then(|| url.to_string());
        let mut request = self
            .http
            .request(call.method.clone(), url)
            .bearer_auth(self.settings.token.expose())
            .header(header::ACCEPT, "application/json, application/problem+json");
        if let Some(key) = &cache_key
            && let Some(cached) = lock(&self.cache).get(key)
        {
            request = request.header(header::IF_NONE_MATCH, cached.etag.clone());
        }
        if let Some(body) = &call.body {
            request = request.json(body);
        }
        let started = Instant::now();
        let response = request
            .send()
            .await
            .map_err(|err| self.transport_error(&err))?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = self.read_body(response).await?;
        let meta = Meta {
            status: status.as_u16(),
            request_id: header_text(&headers, "x-request-id"),
        };
        tracing::debug!(
            request = %self.settings.token.redact(&call.describe()),
            status = status.as_u16(),
            bytes = body.len(),
            elapsed_ms = started.elapsed().as_millis() as u64,
            "answered"
        );
        let body = if status == StatusCode::NOT_MODIFIED {
            match cache_key
                .as_ref()
                .and_then(|key| lock(&self.cache).get(key).map(|c| c.body.clone()))
            {
                Some(body) => body,
                None => {
                    return Err(ApiError::Decode {
                        cause: "304 Not Modified for data orgdeck does not hold".into(),
                    });
                }
            }
        } else if status.is_success() {
            body
        } else {
            return Err(self.failure(op, &call, status, &headers, &body));
        };
        let decoded = self
            .backend
            .decode(op, &body)
            .map_err(|cause| ApiError::Decode {
                cause: self.settings.token.redact(&cause),
            })?;
        // Only an answer that decoded is worth a 304 later: caching a garbled body
        // would make every retry re-read the same garbage.
        if status.is_success()
            && let (Some(key), Some(etag)) = (&cache_key, header_text(&headers, "etag"))
        {
            lock(&self.cache).insert(key.clone(), CachedBody { etag, body });
        }
        Ok((decoded, meta))
    }

    fn failure(
        &self,
        op: &Operation,
        call: &HttpCall,
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
    ) -> ApiError {
        let role = lock(&self.role).clone();
        let content_type = header_text(headers, "content-type");
        let problem = normalise(
            status.as_u16(),
            content_type.as_deref(),
            body,
            Context {
                fields: self.backend.form_fields(op),
                role: role.as_deref(),
            },
        )
        .with_request_id(header_text(headers, "x-request-id"))
        .with_retry_after(header_text(headers, "retry-after").and_then(|v| v.trim().parse().ok()));
        let problem = redact_problem(problem, &self.settings.token);
        let missing_endpoint = matches!(status.as_u16(), 405 | 501)
            || (status == StatusCode::NOT_FOUND && self.backend.missing_endpoint_on_404(op));
        if missing_endpoint {
            let capability = op.capability();
            let reason = format!("the server answered {} to {}", status, call.describe());
            lock(&self.capabilities).set(capability, Support::Unavailable(reason.clone()));
            let _ = self.events.send(ClientEvent::CapabilityLost {
                capability,
                reason: reason.clone(),
            });
            return ApiError::Unsupported { capability, reason };
        }
        ApiError::Rejected(Box::new(problem))
    }

    async fn read_body(&self, mut response: reqwest::Response) -> Result<Vec<u8>, ApiError> {
        let limit = self.settings.max_body_bytes;
        if response.content_length().is_some_and(|len| len > limit) {
            return Err(ApiError::TooLarge { limit });
        }
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|err| self.transport_error(&err))?
        {
            if (body.len() + chunk.len()) as u64 > limit {
                return Err(ApiError::TooLarge { limit });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }

    fn transport_error(&self, err: &reqwest::Error) -> ApiError {
        let cause = self.settings.token.redact(&error_chain(err));
        if err.is_timeout() {
            ApiError::Timeout {
                after: self.settings.timeout,
            }
        } else if err.is_connect() {
            ApiError::Connect {
                host: self
                    .settings
                    .base_url
                    .host_str()
                    .unwrap_or("the server")
                    .to_owned(),
                cause,
            }
        } else {
            ApiError::Transport { cause }
        }
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
        let call = self.backend.call(op);
        let entry = AuditEntry {
            time: jiff::Timestamp::now(),
            profile: self.settings.profile.clone(),
            operator: self.settings.operator.clone(),
            method: call.method.to_string(),
            path: self.settings.token.redact(
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

struct Meta {
    status: u16,
    request_id: Option<String>,
}

fn header_text(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.chars().take(200).collect())
}

/// reqwest's top-level message is vague ("error sending request"); the causes say why.
fn error_chain(err: &reqwest::Error) -> String {
    let mut text = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

fn redact_problem(mut problem: Problem, token: &Secret) -> Problem {
    problem.summary = token.redact(&problem.summary);
    problem.raw = token.redact(&problem.raw);
    for field in &mut problem.fields {
        field.message = token.redact(&field.message);
    }
    problem
}

/// Exponential backoff with jitter: spreads retries of many clients apart.
fn backoff(policy: &RetryPolicy, attempt: u32) -> Duration {
    let exp = policy
        .base_delay
        .saturating_mul(1u32 << attempt.saturating_sub(1).min(16))
        .min(policy.max_delay);
    let low = exp / 2;
    let spread = (exp - low).as_millis() as u64;
    low + Duration::from_millis(fastrand::u64(0..=spread))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_is_refused_for_remote_hosts_unless_allowed() {
        let remote = Url::parse("http://api.muninx.com").unwrap();
        assert!(check_transport(&remote, false).is_err());
        assert!(check_transport(&remote, true).is_ok());
        for local in [
            "http://127.0.0.1:7878",
            "http://localhost:1",
            "http://[::1]:2",
        ] {
            assert!(check_transport(&Url::parse(local).unwrap(), false).is_ok());
        }
        assert!(check_transport(&Url::parse("https://api.muninx.com").unwrap(), false).is_ok());
        assert!(check_transport(&Url::parse("ftp://x.com").unwrap(), true).is_err());
    }

    #[test]
    fn backoff_grows_and_stays_bounded() {
        let policy = RetryPolicy::default();
        for attempt in 1..10 {
            let wait = backoff(&policy, attempt);
            assert!(wait <= policy.max_delay, "{wait:?}");
            assert!(wait >= policy.base_delay / 2);
        }
        assert!(backoff(&policy, 1) <= policy.base_delay);
    }
}
