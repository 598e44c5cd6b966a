//! `orgdeck` with no command: the console. Wires profiles (or the embedded
//! sandbox) to client tasks, and runs the one message loop: keys, client results,
//! ticks and signals all arrive on one queue; the state is updated for each, and
//! the screen is drawn once the queue is drained and only if something changed.

use std::time::Duration;

use crossterm::event::Event;
use tokio::sync::mpsc;

use crate::api::client::{ClientHandle, RequestId};
use crate::api::model::Operation;
use crate::app::keymap::Keymap;
use crate::app::{self, App, Dispatch, Msg, Surroundings, Tenant};
use crate::backends;
use crate::config::{Config, Paths, Profile};
use crate::ui;

use super::Failure;
use super::demo::{Demo, Started, Which};
use super::signals::{Signals, Stop};

pub(super) struct Clients {
    handles: Vec<Option<ClientHandle>>,
}

impl Clients {
    /// For tenants none of which is connected yet.
    pub(super) fn none(tenants: usize) -> Clients {
        Clients {
            handles: (0..tenants).map(|_| None).collect(),
        }
    }

    #[cfg(test)]
    pub(super) fn connected(&self, tenant: usize) -> bool {
        self.handles.get(tenant).is_some_and(Option::is_some)
    }

    /// `tenant`'s client, started after the console was (its sandbox came up).
    pub(super) fn attach(&mut self, tenant: usize, handle: ClientHandle) {
        if let Some(slot) = self.handles.get_mut(tenant) {
            *slot = Some(handle);
        }
    }
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

    fn stream(&mut self, tenant: usize, op: Operation, refresh: bool) -> Option<RequestId> {
        self.handles
            .get(tenant)?
            .as_ref()
            .map(|h| h.stream(op, refresh))
    }

    fn cancel(&mut self, tenant: usize, id: RequestId) {
        if let Some(Some(handle)) = self.handles.get(tenant) {
            handle.cancel(id);
        }
    }

    // A local file of a list's rows: written at once, as a notice says where.
    fn write_file(
        &mut self,
        path: &std::path::Path,
        bytes: &[u8],
        overwrite: bool,
    ) -> std::io::Result<std::path::PathBuf> {
        super::files::write_new(path, bytes, overwrite)
    }
}

pub(super) enum Input {
    Msg(Msg),
    Signal(Stop),
    /// The terminal went away.
    Gone,
    /// A demo sandbox finished starting (or failed to).
    Sandbox(Started),
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
        match connect_one(index, profile, paths, queue) {
            Ok(handle) => handles.push(Some(handle)),
            Err(why) => {
                tenant.setup_error = Some(why);
                handles.push(None);
            }
        }
        tenants.push(tenant);
    }
    (tenants, Clients { handles })
}

/// Starts the client of tenant `index`, forwarding its events into the loop's
/// queue; why it cannot be, for the tenant's row.
pub(super) fn connect_one(
    index: usize,
    profile: &Profile,
    paths: &Paths,
    queue: &mpsc::UnboundedSender<Input>,
) -> Result<ClientHandle, String> {
    let (handle, mut events) =
        super::session::start_client(profile, paths).map_err(|e| e.to_string())?;
    // For `:requests`: the console logs every call its clients make.
    handle.report_calls();
    let queue = queue.clone();
    tokio::spawn(async move {
        while let Some(event) = events.recv().await {
            let event = Box::new(event);
            let msg = Msg::Client {
                tenant: index,
                event,
            };
            if queue.send(Input::Msg(msg)).is_err() {
                break;
            }
        }
    });
    Ok(handle)
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
    /// The backend `--sandbox=NAME` starts the sandbox of, if given.
    pub sandbox: Option<&'static backends::Entry>,
    /// A plain `--sandbox`: the demo of every backend, whatever is configured.
    pub every_sandbox: bool,
}

/// The tenants the console opens on, their clients, the demo behind them if it is
/// one, and the tenant `--profile` asks to open.
struct Wired {
    tenants: Vec<Tenant>,
    clients: Clients,
    demo: Option<Demo>,
    open_first: Option<usize>,
}

/// The configured profiles, or the demo: that of `--sandbox[=NAME]`, and with
/// nothing configured every backend's, since that is what there is to show.
fn wire(
    options: &Options<'_>,
    config: &Config,
    paths: &Paths,
    queue: &mpsc::UnboundedSender<Input>,
) -> Result<Wired, Failure> {
    let nothing_configured = config.profiles.is_empty() && options.profile.is_none();
    let which = match options.sandbox {
        Some(entry) if !options.every_sandbox => Some(Which::One(entry)),
        _ if options.every_sandbox || nothing_configured => Some(Which::Every),
        _ => None,
    };
    if let Some(which) = which {
        let demo = Demo::new(which, backends::ALL, paths, queue.clone());
        return Ok(Wired {
            tenants: demo.tenants(),
            clients: Clients::none(demo.len()),
            demo: Some(demo),
            open_first: None,
        });
    }
    let profiles = &config.profiles;
    let open_first = match options.profile {
        Some(name) => Some(
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
        None => None,
    };
    let (tenants, clients) = connect(profiles, paths, queue);
    // What an earlier run left in the journal is settled in each client's task.
    for handle in clients.handles.iter().flatten() {
        handle.settle_journal();
    }
    Ok(Wired {
        tenants,
        clients,
        demo: None,
        open_first,
    })
}

/// Whether an environment variable is set to something.
fn set(name: &str) -> bool {
    std::env::var_os(name).is_some_and(|v| !v.is_empty())
}

/// Runs the console; the exit code to end with (128 + N after signal N).
pub async fn run(options: Options<'_>, paths: &Paths) -> Result<i32, Failure> {
    let config = Config::load(paths).map_err(|err| Failure::usage(err.to_string()))?;
    let (keymap, mut warnings) = Keymap::with_overrides(&config.keys);
    warnings.extend(config.warnings.iter().cloned());
    let (queue, mut inbox) = mpsc::unbounded_channel::<Input>();
    let Wired {
        tenants,
        mut clients,
        mut demo,
        open_first,
    } = wire(&options, &config, paths, &queue)?;
    let surroundings = Surroundings {
        sandbox: demo.is_some(),
        config_file: paths.config_file.clone(),
        log_file: paths.log_dir.join(super::logging::LOG_FILE),
        warnings,
        no_color: set("NO_COLOR"),
        clipboard: config.clipboard,
    };
    let mut app = App::new(tenants, keymap, surroundings);
    app::history::open(&mut app, paths.state_dir.join(app::history::FILE));
    app.refresh_every = Duration::from_secs(config.refresh_seconds.max(5));
    app::start(&mut app, &mut clients);
    if let Some(tenant) = open_first {
        app::open_tenant(&mut app, tenant, &mut clients);
    }
    // In the background: each sandbox's tenants are connected as it comes up.
    if let Some(demo) = &demo {
        demo.start();
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
    let mut wiring = Wiring {
        inbox: &mut inbox,
        clients: &mut clients,
        demo: demo.as_mut(),
        copy_wrap: ui::osc52::Wrap::detect(set),
    };
    let ended = event_loop(&mut app, &mut console, &mut wiring).await;
    // Before the sandboxes stop: a write to one is still in flight until this returns.
    let writes = interrupt_writes(&clients).await;
    drop(console);
    // Stops every demo sandbox.
    drop(demo);
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

/// What the loop reads from and hands the updates.
struct Wiring<'a> {
    inbox: &'a mut mpsc::UnboundedReceiver<Input>,
    clients: &'a mut Clients,
    demo: Option<&'a mut Demo>,
    /// How a copy's OSC 52 sequence is wrapped (inside tmux or screen).
    copy_wrap: ui::osc52::Wrap,
}

async fn event_loop(
    app: &mut App,
    console: &mut ui::terminal::Console,
    wiring: &mut Wiring<'_>,
) -> std::io::Result<Ended> {
    let Wiring {
        inbox,
        clients,
        demo,
        copy_wrap,
    } = wiring;
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
                Input::Msg(msg) => dirty |= app::update(app, msg, *clients),
                Input::Sandbox(started) => {
                    if let Some(demo) = demo.as_deref_mut() {
                        demo.started(started, app, clients);
                        dirty = true;
                    }
                }
            }
            next = inbox.try_recv().ok();
        }
        if let Some(text) = app.clipboard.take() {
            copy_to_terminal(console, &text, *copy_wrap)?;
        }
    }
}

/// Hands a copy to the terminal as OSC 52, between frames, through the writer
/// ratatui draws with (so it cannot land inside a frame's bytes).
fn copy_to_terminal(
    console: &mut ui::terminal::Console,
    text: &str,
    wrap: ui::osc52::Wrap,
) -> std::io::Result<()> {
    use std::io::Write;
    // The app refuses a copy over the cap before queueing it.
    let Ok(sequence) = ui::osc52::encode(text, wrap) else {
        return Ok(());
    };
    let out = console.terminal.backend_mut();
    out.write_all(sequence.as_bytes())?;
    out.flush()
}
