//! A vendor sandbox serving in the background: binding, the task, stopping.

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::pin::Pin;
use std::time::{Duration, Instant};

use axum::Router;
use clap::{ArgMatches, FromArgMatches};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use super::error::ErrorStyle;
use super::faults::{self, Faults};
use super::serve::{self, SlowClients};

/// What every vendor sandbox is run with, whatever its own options.
#[derive(Debug, Clone)]
pub struct SandboxOptions {
    pub listen: SocketAddr,
    /// Seed file to load instead of the vendor's shipped one.
    pub seed_file: Option<PathBuf>,
    pub faults: Faults,
    /// When a slow client's connection is dropped.
    pub slow_clients: SlowClients,
}

impl Default for SandboxOptions {
    /// Loopback on a port the OS picks, shipped seed, no faults.
    fn default() -> Self {
        SandboxOptions {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            seed_file: None,
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
    /// The backend's own sandbox flags could not be read.
    #[error("{0}")]
    Options(String),
    #[error(
        "cannot listen on {addr}: {source} (is another sandbox running there? try --listen 127.0.0.1:0)"
    )]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
}

/// A sandbox starting up.
pub type Starting = Pin<Box<dyn Future<Output = Result<RunningSandbox, SandboxError>> + Send>>;

/// A backend's sandbox starter, as the registry calls it: the backend's own flags
/// `A` read from `matches` (a failure is `SandboxError::Options`), then `start`
/// with them and the kit's options.
pub fn start_with_args<A, F, Fut>(
    options: SandboxOptions,
    matches: &ArgMatches,
    start: F,
) -> Starting
where
    A: FromArgMatches + Send + 'static,
    F: FnOnce(SandboxOptions, A) -> Fut + Send + 'static,
    Fut: Future<Output = Result<RunningSandbox, SandboxError>> + Send + 'static,
{
    let args = A::from_arg_matches(matches).map_err(|err| SandboxError::Options(err.to_string()));
    Box::pin(async move { start(options, args?).await })
}

/// The seed to start from: `file` when one is given, else the vendor's shipped seed.
pub fn read_seed(file: Option<&PathBuf>, shipped: &str) -> Result<String, SandboxError> {
    match file {
        Some(path) => std::fs::read_to_string(path).map_err(|source| SandboxError::SeedFile {
            path: path.clone(),
            source,
        }),
        None => Ok(shipped.to_owned()),
    }
}

/// A demo token printed at startup: which tenant and role it acts as, in the
/// vendor's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoToken {
    pub token: String,
    pub tenant: String,
    pub role: String,
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

/// Binds `options.listen` and serves a vendor's `router`, wrapped in the kit's
/// layers (faults, errors in `style`, request ids, slow-client limits), in a
/// background task. `started` is when the vendor began building its state.
pub async fn spawn(
    router: Router,
    style: std::sync::Arc<dyn ErrorStyle>,
    options: SandboxOptions,
    tokens: Vec<DemoToken>,
    started: Instant,
) -> Result<RunningSandbox, SandboxError> {
    let listener =
        TcpListener::bind(options.listen)
            .await
            .map_err(|source| SandboxError::Listen {
                addr: options.listen,
                source,
            })?;
    let addr = listener
        .local_addr()
        .map_err(|source| SandboxError::Listen {
            addr: options.listen,
            source,
        })?;
    let router = faults::layers(router, options.faults, style);
    let (shutdown, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(serve::serve(
        listener,
        router,
        options.slow_clients,
        async move {
            let _ = stopped.await;
        },
    ));
    Ok(RunningSandbox {
        addr,
        ready_in: started.elapsed(),
        tokens,
        shutdown: Some(shutdown),
        task: Some(task),
    })
}
