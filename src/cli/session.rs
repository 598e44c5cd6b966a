//! Connecting a headless command to a tenant: choose the profile (or start the
//! embedded sandbox), start the client task, and wait for one answer at a time.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;

use crate::api::backend::Backend;
use crate::api::client::{self, ClientEvent, ClientHandle, Reconciled};
use crate::api::error::ApiError;
use crate::api::model::{Operation, Reply};
use crate::api::schema::Schema;
use crate::api::secret::Secret;
use crate::app::paging::thousands;
use crate::backends;
use crate::config::{Config, Paths, Profile};
use crate::sandbox::RunningSandbox;
use crate::text::visible;

use super::output::note;
use super::signals::Signals;
use super::{Failure, output};

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("{0}")]
    Token(crate::config::ConfigError),
    #[error("{0}")]
    Client(ApiError),
}

/// The backend a profile names; the console also asks it what each role may do.
pub fn backend_for(profile: &Profile) -> Result<Arc<dyn Backend>, StartError> {
    // The config checked the name against the registry when it was read.
    let entry = backends::find(profile.backend).ok_or_else(|| {
        StartError::Client(ApiError::Setup(format!(
            "profile {:?} names backend {:?}, which this build does not know",
            profile.name, profile.backend
        )))
    })?;
    Ok((entry.backend)(&profile.options))
}

/// Resolves a profile's token and starts its client task, auditing and journalling
/// to the state dir.
pub fn start_client(
    profile: &Profile,
    paths: &Paths,
) -> Result<(ClientHandle, mpsc::UnboundedReceiver<ClientEvent>), StartError> {
    let token = profile.token().map_err(StartError::Token)?;
    let backend = backend_for(profile)?;
    let mut settings = profile.client_settings(token, Some(paths.audit_file.clone()));
    settings.journal = paths.journal_dir.clone();
    settings.created = paths.created_dir.clone();
    client::spawn(settings, backend).map_err(StartError::Client)
}

/// A profile acting as `token` on `entry`'s sandbox at `url`, with the options a
/// profile of that backend that sets none would have.
pub fn sandbox_profile(entry: &backends::Entry, url: url::Url, token: Secret) -> Profile {
    Profile {
        backend: entry.name,
        options: entry.option_defaults(),
        ..Profile::sandbox(url, token)
    }
}

/// From now on a signal ends the command with its trail: each write in flight is
/// audited as interrupted and named on stderr, and the exit status is 128 + the
/// signal's number. The exit happens here rather than in the command, which may be
/// blocked reading a confirmation from the terminal.
fn end_on_signal(handle: ClientHandle, json: bool) {
    let mut signals = Signals::listen();
    tokio::spawn(async move {
        let stop = signals.next().await;
        let writes = handle.interrupt_writes().await;
        tracing::warn!(signal = stop.name, writes = writes.len(), "interrupted");
        output::print_interrupted(
            &format!("interrupted by {}", stop.name),
            stop.exit_code,
            &writes,
            json,
        );
        std::process::exit(stop.exit_code);
    });
}

pub struct Session {
    pub profile: String,
    /// What the commands' tables and `show` lines are drawn from.
    pub schema: &'static Schema,
    handle: ClientHandle,
    events: mpsc::UnboundedReceiver<ClientEvent>,
    quiet: bool,
    /// Asked which lists it reads as they arrive (`None`: none).
    backend: Option<Arc<dyn Backend>>,
    _sandbox: Option<RunningSandbox>,
}

/// What a command does with each batch of a streamed list's rows: `from` is the
/// place of the first of them in the list.
pub type RowSink<'a> = dyn FnMut(u64, Reply) -> Result<(), ApiError> + 'a;

/// How a command asked to be connected.
pub struct Target<'a> {
    pub profile: Option<&'a str>,
    /// The backend `--sandbox` starts the sandbox of, if given.
    pub sandbox: Option<&'static backends::Entry>,
    pub quiet: bool,
}

impl Session {
    pub async fn open(target: Target<'_>, paths: &Paths) -> Result<Session, Failure> {
        let (profile, sandbox) = if let Some(entry) = target.sandbox {
            let running = entry.start_sandbox().await.map_err(|err| {
                Failure::network(format!("cannot start the {} sandbox: {err}", entry.title))
            })?;
            let url = url::Url::parse(&running.base_url())
                .map_err(|err| Failure::network(format!("sandbox address: {err}")))?;
            (
                sandbox_profile(entry, url, Secret::new(entry.sandbox.token)),
                Some(running),
            )
        } else {
            let config = Config::load(paths).map_err(|err| Failure::usage(err.to_string()))?;
            // In --json mode stderr carries one JSON object; `orgdeck info` lists warnings.
            if !target.quiet {
                for warning in &config.warnings {
                    note!("warning: {warning}");
                }
            }
            let profile = config
                .select(target.profile)
                .map_err(|err| Failure::usage(err.to_string()))?
                .ok_or_else(|| {
                    Failure::usage(format!(
                        "no profile configured: add one to {} (see assets/config.example.toml), or try the demo with --sandbox",
                        paths.config_file.display()
                    ))
                })?;
            (profile.clone(), None)
        };
        // As in the console: the embedded sandbox is new each run, so nothing sent to
        // it is journalled or remembered for the next.
        let throwaway = Paths {
            journal_dir: None,
            created_dir: None,
            ..paths.clone()
        };
        let paths = if sandbox.is_some() { &throwaway } else { paths };
        let (handle, events) = start_client(&profile, paths).map_err(|err| match err {
            StartError::Token(err) => Failure::auth(err.to_string()),
            StartError::Client(err) => Failure::from(err),
        })?;
        end_on_signal(handle.clone(), target.quiet);
        let schema = backends::find(profile.backend).map_or_else(backends::schema, |e| e.schema);
        Ok(Session {
            profile: profile.name.clone(),
            schema,
            handle,
            events,
            quiet: target.quiet,
            backend: backend_for(&profile).ok(),
            _sandbox: sandbox,
        })
    }

    /// A session on a client a test started (with a backend of its own).
    #[cfg(test)]
    pub(super) fn on_client(
        handle: ClientHandle,
        events: mpsc::UnboundedReceiver<ClientEvent>,
    ) -> Session {
        Session {
            profile: "test".to_owned(),
            schema: backends::schema(),
            handle,
            events,
            quiet: true,
            backend: None,
            _sandbox: None,
        }
    }

    pub fn handle(&self) -> &ClientHandle {
        &self.handle
    }

    /// Sends one operation and waits for its answer; retries are reported on stderr.
    pub async fn call(&mut self, op: Operation) -> Result<(Reply, Option<Reconciled>), ApiError> {
        let asked = op.capability();
        let id = self.handle.send(op);
        self.answer(id, asked).await
    }

    /// Whether `op`'s list is read as it arrives (see [`Session::stream`]).
    pub fn streams(&self, op: &Operation) -> bool {
        let limits = crate::api::stream::RowLimits::default();
        (self.backend.as_ref()).is_some_and(|backend| backend.stream(op, limits).is_some())
    }

    /// Reads a list as it arrives (see `ClientHandle::stream`), handing each
    /// batch of rows to `rows` as it is decoded; an error from `rows` ends the
    /// read. Answers `Reply::Streamed`, or the whole list where it is not streamed.
    pub async fn stream(
        &mut self,
        op: Operation,
        rows: &mut RowSink<'_>,
    ) -> Result<Reply, ApiError> {
        let asked = op.capability();
        // Rows are written on as they come, and the next batch waits for that.
        self.handle.pace_rows();
        let id = self.handle.stream(op, false);
        self.answer_with(id, asked, rows)
            .await
            .map(|(reply, _)| reply)
    }

    /// Reads one page of a list (see `ClientHandle::page`) and waits for it.
    pub async fn call_page(&mut self, op: Operation) -> Result<Reply, ApiError> {
        let asked = op.capability();
        let id = self.handle.page(op);
        self.answer(id, asked).await.map(|(reply, _)| reply)
    }

    async fn answer(
        &mut self,
        id: crate::api::client::RequestId,
        asked: crate::api::model::Capability,
    ) -> Result<(Reply, Option<Reconciled>), ApiError> {
        self.answer_with(id, asked, &mut |_, _| Ok(())).await
    }

    async fn answer_with(
        &mut self,
        id: crate::api::client::RequestId,
        asked: crate::api::model::Capability,
        rows: &mut RowSink<'_>,
    ) -> Result<(Reply, Option<Reconciled>), ApiError> {
        let mut walk = Walk::of(self.schema, asked, self.quiet);
        while let Some(event) = self.events.recv().await {
            match event {
                ClientEvent::Progress {
                    id: at,
                    scanned,
                    total,
                    ..
                } if at == id => walk.page(scanned, total),
                ClientEvent::Rows {
                    id: at,
                    from,
                    reply,
                } if at == id => {
                    if let Err(err) = rows(from, reply) {
                        self.handle.cancel(id);
                        return Err(err);
                    }
                    self.handle.rows_taken(id);
                }
                ClientEvent::Finished {
                    id: done,
                    result,
                    reconciled,
                } if done == id => return result.map(|reply| (reply, reconciled)),
                ClientEvent::Retrying {
                    attempt,
                    wait,
                    cause,
                    server_asked,
                    ..
                } if !self.quiet => {
                    note!("{}", retry_note(attempt, wait, &cause, server_asked));
                }
                // The error that ends this call says the same.
                ClientEvent::CapabilityLost { capability, .. } if capability == asked => {}
                ClientEvent::CapabilityLost { capability, reason } if !self.quiet => {
                    note!(
                        "note: this server does not offer {} ({})",
                        self.schema.offer(capability),
                        visible(&reason)
                    );
                }
                _ => {}
            }
        }
        Err(ApiError::Setup(
            "the client task stopped unexpectedly".into(),
        ))
    }
}

/// "reading customers… 40,000 of 100,037" on stderr while a list collected
/// from another listing's pages is walked, when stderr is a terminal (a script's
/// stderr carries errors only): at the first page and at each tenth of the way
/// after it, so a long walk says it is alive without flooding the scrollback.
struct Walk {
    from: Option<&'static str>,
    tenth: Option<u64>,
}

impl Walk {
    fn of(schema: &Schema, asked: crate::api::model::Capability, quiet: bool) -> Walk {
        use std::io::IsTerminal;
        let from = match asked.target {
            crate::api::model::Target::Level(level) if !quiet => schema
                .level(level)
                .and_then(|l| l.collected)
                .map(|c| c.from),
            _ => None,
        };
        Walk {
            from: from.filter(|_| std::io::stderr().is_terminal()),
            tenth: None,
        }
    }

    fn page(&mut self, scanned: u64, total: Option<u64>) {
        let (Some(from), Some(total)) = (self.from, total) else {
            return;
        };
        // The last page: the list itself follows at once.
        if scanned >= total {
            return;
        }
        let tenth = scanned * 10 / total;
        if self.tenth.is_some_and(|shown| tenth <= shown) {
            return;
        }
        self.tenth = Some(tenth);
        let (scanned, total) = (thousands(scanned), thousands(total));
        note!("reading {from}… {scanned} of {total}");
    }
}

/// A wait the server asks for past this is long enough to say how to stop it.
const LONG_WAIT: Duration = Duration::from_secs(2);

/// The stderr line for a retry: how long, why, and for a long wait the server
/// asked for, that Ctrl-C ends it.
pub fn retry_note(attempt: u32, wait: Duration, cause: &str, server_asked: bool) -> String {
    let cause = visible(cause);
    if !(server_asked && wait > LONG_WAIT) {
        return format!(
            "retrying in {:.1}s (attempt {attempt} failed: {cause})",
            wait.as_secs_f64()
        );
    }
    let secs = wait.as_secs();
    let length = if secs >= 60 {
        format!("{secs}s ({})", crate::text::wait_length(secs))
    } else {
        format!("{secs}s")
    };
    format!(
        "waiting {length} before retrying, as the server asks (attempt {attempt} failed: {cause}); Ctrl-C stops"
    )
}
