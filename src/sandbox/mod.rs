//! The embedded MuninX sandbox: a server that speaks `shared/api/muninx.md` on
//! loopback so that the console, the CLI, the tests and the benchmarks have something
//! real to talk to. It never touches the terminal.

mod faults;
mod input;
mod problem;
mod routes;
pub mod rules;
mod serve;
mod shed;
mod store;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{Duration, Instant};

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use faults::{FaultScope, Faults};
pub use problem::{FieldError, PROBLEM_JSON, Problem};
pub use serve::SlowClients;
pub use store::{BULK_TOKEN, DEFAULT_SEED};

use crate::api::muninx::wire::UserType;
use faults::RateWindows;
use store::Store;

/// How to run a sandbox.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    pub listen: SocketAddr,
    /// Seed JSON to load instead of the shipped one.
    pub seed_file: Option<PathBuf>,
    /// Adds tenant `bulk` with this many users and organizations.
    pub bulk: Option<(usize, usize)>,
    pub faults: Faults,
    /// When a slow client's connection is dropped.
    pub slow_clients: SlowClients,
}

impl Default for SandboxConfig {
    /// Loopback on a port the OS picks, shipped seed, no faults.
    fn default() -> Self {
        SandboxConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            seed_file: None,
            bulk: None,
            faults: Faults::default(),
            slow_clients: SlowClients::default(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("cannot read seed file {path}: {source}")]
    SeedFile {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Seed(String),
    #[error(
        "cannot listen on {addr}: {source} (is another sandbox running there? try --listen 127.0.0.1:0)"
    )]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
}

/// Shared state of one running sandbox.
pub struct App {
    store: RwLock<Store>,
    faults: Faults,
    dice: Mutex<fastrand::Rng>,
    rate_windows: Mutex<RateWindows>,
    request_counter: std::sync::atomic::AtomicU64,
}

impl App {
    // A panic while a lock is held is answered as a 500 by the panic layer; the data
    // is still whole because handlers validate before they write, so poisoning is
    // not a reason to stop serving.
    fn read(&self) -> RwLockReadGuard<'_, Store> {
        self.store.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> RwLockWriteGuard<'_, Store> {
        self.store.write().unwrap_or_else(PoisonError::into_inner)
    }

    fn rate_windows(&self) -> MutexGuard<'_, RateWindows> {
        self.rate_windows
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn next_request_id(&self) -> u64 {
        self.request_counter
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    }

    fn roll(&self, rate: f64) -> bool {
        rate > 0.0
            && self
                .dice
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .f64()
                < rate
    }

    fn latency(&self) -> Duration {
        let Faults {
            latency_ms,
            jitter_ms,
            ..
        } = self.faults;
        if jitter_ms == 0 {
            return Duration::from_millis(latency_ms);
        }
        let spread = self
            .dice
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .u64(0..=jitter_ms * 2);
        Duration::from_millis((latency_ms + spread).saturating_sub(jitter_ms))
    }
}

/// A demo token printed at startup: which tenant and role it acts as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoToken {
    pub token: String,
    pub tenant: String,
    pub role: UserType,
}

/// A sandbox serving in the background. Dropping it (or calling `stop`) shuts it down.
pub struct RunningSandbox {
    pub addr: SocketAddr,
    pub ready_in: Duration,
    pub tokens: Vec<DemoToken>,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

impl RunningSandbox {
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting requests and waits for the server task to finish.
    pub async fn stop(mut self) {
        self.shutdown.take().map(|tx| tx.send(()));
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }

    /// Serves until the process is asked to stop (Ctrl-C / SIGTERM).
    pub async fn serve_until_signal(mut self) -> std::io::Result<()> {
        let task = self.task.take();
        let stop = shutdown_signal();
        if let Some(task) = task {
            tokio::select! {
                result = task => return result.unwrap_or(Ok(())),
                () = stop => {}
            }
        }
        self.shutdown.take().map(|tx| tx.send(()));
        Ok(())
    }
}

impl Drop for RunningSandbox {
    fn drop(&mut self) {
        self.shutdown.take().map(|tx| tx.send(()));
    }
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate()).ok();
        let term = async {
            match term.as_mut() {
                Some(term) => {
                    term.recv().await;
                }
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            () = term => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Builds the seed state, binds the address and serves in a background task.
pub async fn start(config: SandboxConfig) -> Result<RunningSandbox, SandboxError> {
    let started = Instant::now();
    let seed = match &config.seed_file {
        Some(path) => std::fs::read_to_string(path).map_err(|source| SandboxError::SeedFile {
            path: path.clone(),
            source,
        })?,
        None => DEFAULT_SEED.to_owned(),
    };
    let mut store = Store::from_seed(&seed).map_err(SandboxError::Seed)?;
    if let Some((users, orgs)) = config.bulk {
        store.add_bulk_tenant(users, orgs);
    }
    let tokens = store
        .demo_tokens()
        .into_iter()
        .map(|(token, tenant, role)| DemoToken {
            token,
            tenant,
            role,
        })
        .collect();
    let listener =
        TcpListener::bind(config.listen)
            .await
            .map_err(|source| SandboxError::Listen {
                addr: config.listen,
                source,
            })?;
    let addr = listener
        .local_addr()
        .map_err(|source| SandboxError::Listen {
            addr: config.listen,
            source,
        })?;
    let dice = match config.faults.seed {
        Some(seed) => fastrand::Rng::with_seed(seed),
        None => fastrand::Rng::new(),
    };
    let app = Arc::new(App {
        store: RwLock::new(store),
        faults: config.faults,
        dice: Mutex::new(dice),
        rate_windows: Mutex::new(RateWindows::default()),
        request_counter: std::sync::atomic::AtomicU64::new(1),
    });
    let router = routes::router(app.clone())
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            faults::panic_to_problem,
        ))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            faults::inject,
        ))
        .layer(axum::middleware::from_fn(faults::problems_everywhere))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            faults::html_errors,
        ))
        .layer(axum::middleware::from_fn_with_state(
            app,
            faults::request_ids,
        ));
    let (shutdown, stopped) = oneshot::channel::<()>();
    let slow_clients = config.slow_clients;
    let task = tokio::spawn(serve::serve(listener, router, slow_clients, async move {
        let _ = stopped.await;
    }));
    Ok(RunningSandbox {
        addr,
        ready_in: started.elapsed(),
        tokens,
        shutdown: Some(shutdown),
        task: Some(task),
    })
}
