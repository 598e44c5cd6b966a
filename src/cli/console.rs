//! `orgdeck` with no command: the console. Wires profiles (or the embedded
//! sandbox) to client tasks, and runs the one message loop: keys, client results,
//! ticks and signals all arrive on one queue; the state is updated for each, and
//! the screen is drawn once the queue is drained and only if something changed.

use std::time::Duration;

use crossterm::event::Event;
use tokio::sync::mpsc;

use crate::api::client::{ClientHandle, RequestId};
use crate::api::model::Operation;
use crate::api::secret::Secret;
use crate::app::keymap::Keymap;
use crate::app::{self, App, Dispatch, Msg, Surroundings, Tenant};
use crate::backends;
use crate::config::{Config, Paths, Profile};
use crate::sandbox::RunningSandbox;
use crate::ui;

use super::Failure;
use super::signals::{Signals, Stop};

struct Clients {
    handles: Vec<Option<ClientHandle>>,
}

impl Dispatch for Clients {
    fn send(&mut self, tenant: usize, op: Operation) -> Option<RequestId> {
        // The console keeps what it reads and revalidates with `refresh`, so the
        // client need not keep a second copy of every list.
        self.handles.get(tenant)?.as_ref().map(|h| h.load(op))
    }

    fn refresh(&mut self, tenant: usize, op: Operation) -> Option<RequestId> {
        self.handles.get(tenant)?.as_ref().map(|h| h.refresh(op))
    }

    fn page(&mut self, tenant: usize, op: Operation) -> Option<RequestId> {
        self.handles.get(tenant)?.as_ref().map(|h| h.page(op))
    }

    fn cancel(&mut self, tenant: usize, id: RequestId) {
        if let Some(Some(handle)) = self.handles.get(tenant) {
            handle.cancel(id);
        }
    }
}

enum Input {
    Msg(Msg),
    Signal(Stop),
    /// The terminal went away.
    Gone,
}

/// Why the loop ended.
enum Ended {
    Quit,
    Signal(Stop),
    Gone,
}

/// Starts one client per profile, forwarding its events into the loop's queue.
fn connect(
    profiles: &[Profile],
    paths: &Paths,
    queue: &mpsc::UnboundedSender<Input>,
) -> (Vec<Tenant>, Clients) {
    let mut tenants = Vec::new();
    let mut handles = Vec::new();
    for (index, profile) in profiles.iter().enumerate() {
        let mut tenant = Tenant::new(
            profile.name.clone(),
            profile.base_url.to_string(),
            profile.read_only,
        );
        if let Ok(backend) = super::session::backend_for(profile) {
            tenant = tenant.with_backend(backend);
        }
        let started = super::session::start_client(profile, paths).map_err(|e| e.to_string());
        match started {
            Ok((handle, mut events)) => {
                let queue = queue.clone();
                tokio::spawn(async move {
                    while let Some(event) = events.recv().await {
                        if queue
                            .send(Input::Msg(Msg::Client {
                                tenant: index,
                                event: Box::new(event),
                            }))
                            .is_err()
                        {
                            break;
                        }
                    }
                });
                handles.push(Some(handle));
            }
            Err(why) => {
                tenant.setup_error = Some(why);
                handles.push(None);
            }
        }
        tenants.push(tenant);
    }
    (tenants, Clients { handles })
}

/// One profile per demo tenant of `entry`'s sandbox, running at `running`.
fn sandbox_profiles(
    entry: &'static backends::Entry,
    running: &RunningSandbox,
) -> Result<Vec<Profile>, Failure> {
    let url = url::Url::parse(&running.base_url())
        .map_err(|err| Failure::network(format!("sandbox address: {err}")))?;
    Ok(entry
        .sandbox
        .tenants
        .iter()
        .map(|(name, token)| Profile {
            name: (*name).to_owned(),
            ..super::session::sandbox_profile(entry, url.clone(), Secret::new(*token))
        })
        .collect())
}

/// Reads keys on a thread of its own (crossterm's reader blocks) into the queue.
fn read_keys(queue: mpsc::UnboundedSender<Input>) {
    std::thread::spawn(move || {
        loop {
            let input = match crossterm::event::read() {
                Ok(Event::Key(key)) => Input::Msg(Msg::Key(key)),
                Ok(Event::Paste(text)) => Input::Msg(Msg::Paste(text)),
                Ok(Event::Resize(w, h)) => Input::Msg(Msg::Resize(w, h)),
                Ok(_) => continue,
                Err(_) => Input::Gone,
            };
            let stop = matches!(input, Input::Gone);
            if queue.send(input).is_err() || stop {
                break;
            }
        }
    });
}

/// SIGINT, SIGTERM and SIGHUP (an SSH drop) end the loop so the terminal is restored
/// and writes in flight are accounted for.
fn watch_signals(queue: mpsc::UnboundedSender<Input>) {
    let mut signals = Signals::listen();
    tokio::spawn(async move {
        let stop = signals.next().await;
        let _ = queue.send(Input::Signal(stop));
    });
}

/// Ends every write still in flight with its audit line; what each was, for stderr.
async fn interrupt_writes(clients: &Clients) -> Vec<String> {
    let mut writes = Vec::new();
    for handle in clients.handles.iter().flatten() {
        let profile = handle.profile().to_owned();
        writes.extend(
            handle
                .interrupt_writes()
                .await
                .into_iter()
                .map(|w| format!("{profile}: {w}")),
        );
    }
    writes
}

pub struct Options<'a> {
    pub profile: Option<&'a str>,
    /// The backend `--sandbox` starts the sandbox of, if given.
    pub sandbox: Option<&'static backends::Entry>,
}

/// Runs the console; the exit code to end with (128 + N after signal N).
pub async fn run(options: Options<'_>, paths: &Paths) -> Result<i32, Failure> {
    let config = Config::load(paths).map_err(|err| Failure::usage(err.to_string()))?;
    let (keymap, mut warnings) = Keymap::with_overrides(&config.keys);
    warnings.extend(config.warnings.iter().cloned());
    // With nothing configured the demo is what there is to show: the default's.
    let sandbox = options.sandbox.or_else(|| {
        (config.profiles.is_empty() && options.profile.is_none()).then(backends::default)
    });
    let use_sandbox = sandbox.is_some();
    let (queue, mut inbox) = mpsc::unbounded_channel::<Input>();
    let mut sandbox_server = None;
    let profiles = if let Some(entry) = sandbox {
        let running = entry.start_sandbox().await.map_err(|err| {
            Failure::network(format!("cannot start the {} sandbox: {err}", entry.title))
        })?;
        let profiles = sandbox_profiles(entry, &running)?;
        sandbox_server = Some(running);
        profiles
    } else {
        config.profiles.clone()
    };
    let open_first = match options.profile {
        Some(name) if !use_sandbox => Some(
            profiles
                .iter()
                .position(|p| p.name == name)
                .ok_or_else(|| {
                    Failure::usage(format!(
                        "no profile {name:?} in {}",
                        paths.config_file.display()
                    ))
                })?,
        ),
        _ => None,
    };
    // The embedded sandbox is new each run: nothing it was sent outlives it.
    let sandbox_paths = Paths {
        journal_dir: None,
        created_dir: None,
        ..paths.clone()
    };
    let paths = if use_sandbox { &sandbox_paths } else { paths };
    let (tenants, mut clients) = connect(&profiles, paths, &queue);
    // What an earlier run left in the journal is settled in each client's task.
    for handle in clients.handles.iter().flatten() {
        handle.settle_journal();
    }
    let surroundings = Surroundings {
        sandbox: use_sandbox,
        config_file: paths.config_file.clone(),
        log_file: paths.log_dir.join(super::logging::LOG_FILE),
        warnings,
        no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
    };
    let mut app = App::new(tenants, keymap, surroundings);
    app.refresh_every = Duration::from_secs(config.refresh_seconds.max(5));
    app::start(&mut app, &mut clients);
    if let Some(tenant) = open_first {
        app::open_tenant(&mut app, tenant, &mut clients);
    }

    let mut console = ui::terminal::Console::enter().map_err(|err| {
        Failure::usage(format!(
            "cannot set up the terminal: {err}. The console needs an interactive terminal; \
                 scripts can use the headless commands (orgdeck --help)"
        ))
    })?;
    if let Ok(size) = console.terminal.size() {
        app.size = (size.width, size.height);
    }
    read_keys(queue.clone());
    watch_signals(queue.clone());
    let ended = event_loop(&mut app, &mut console, &mut inbox, &mut clients).await;
    // Before the sandbox stops: a write to it is still in flight until this returns.
    let writes = interrupt_writes(&clients).await;
    drop(console);
    drop(sandbox_server);
    let (cause, code) = match ended {
        Ok(Ended::Quit) => ("quit".to_owned(), super::EXIT_OK),
        Ok(Ended::Signal(stop)) => {
            tracing::info!(signal = stop.name, "console stopped by signal");
            (format!("interrupted by {}", stop.name), stop.exit_code)
        }
        Ok(Ended::Gone) => ("the terminal went away".to_owned(), super::EXIT_OK),
        Err(err) => return Err(Failure::network(format!("terminal error: {err}"))),
    };
    if !writes.is_empty() {
        tracing::warn!(writes = writes.len(), "console ended with writes in flight");
        super::output::print_interrupted(&cause, code, &writes, false);
    }
    Ok(code)
}

async fn event_loop(
    app: &mut App,
    console: &mut ui::terminal::Console,
    inbox: &mut mpsc::UnboundedReceiver<Input>,
    clients: &mut Clients,
) -> std::io::Result<Ended> {
    let mut dirty = true;
    loop {
        if dirty {
            console.terminal.draw(|frame| ui::draw(frame, app))?;
            dirty = false;
        }
        if app.quit {
            return Ok(Ended::Quit);
        }
        let first = match app.next_tick() {
            Some(wait) => match tokio::time::timeout(wait, inbox.recv()).await {
                Ok(input) => input,
                Err(_) => Some(Input::Msg(Msg::Tick)),
            },
            None => inbox.recv().await,
        };
        let Some(first) = first else {
            return Ok(Ended::Gone);
        };
        // Drain everything already queued before drawing once.
        let mut next = Some(first);
        while let Some(input) = next {
            match input {
                Input::Signal(stop) => return Ok(Ended::Signal(stop)),
                Input::Gone => return Ok(Ended::Gone),
                Input::Msg(msg) => dirty |= app::update(app, msg, clients),
            }
            next = inbox.try_recv().ok();
        }
    }
}
