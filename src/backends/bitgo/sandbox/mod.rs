//! The embedded BitGo sandbox: a server that speaks `shared/api/bitgo.md` on
//! loopback, built from the sandbox kit's parts, in BitGo's error shape.

mod args;
mod bulk;
mod changes;
mod error;
mod routes;
mod store;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

pub use crate::sandbox::{
    DemoToken, FaultScope, Faults, RunningSandbox, SandboxError, SandboxOptions, SlowClients,
};
pub use args::{DEMO_TENANTS, DEMO_TOKEN, SandboxArgs, start_with, try_hint};
pub use bulk::{BULK_ORG_ID, BULK_TOKEN, bulk_enterprise_id};
pub use error::{BgError, Style};
pub use store::DEFAULT_SEED;

use crate::sandbox;
use store::Store;

/// How to run a BitGo sandbox.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    pub listen: SocketAddr,
    /// Seed JSON to load instead of the shipped one.
    pub seed_file: Option<PathBuf>,
    /// Adds the generated organization with this many child enterprises.
    pub enterprises: Option<usize>,
    pub faults: Faults,
    /// When a slow client's connection is dropped.
    pub slow_clients: SlowClients,
}

impl Default for SandboxConfig {
    /// Loopback on a port the OS picks, shipped seed, no faults.
    fn default() -> Self {
        SandboxConfig::from_options(SandboxOptions::default(), None)
    }
}

impl SandboxConfig {
    pub fn from_options(options: SandboxOptions, enterprises: Option<usize>) -> Self {
        SandboxConfig {
            listen: options.listen,
            seed_file: options.seed_file,
            enterprises,
            faults: options.faults,
            slow_clients: options.slow_clients,
        }
    }
}

/// Shared state of one running sandbox.
pub type App = crate::sandbox::Shared<Store>;

/// Builds the seed state, binds the address and serves in a background task.
pub async fn start(config: SandboxConfig) -> Result<RunningSandbox, SandboxError> {
    let started = Instant::now();
    let seed = sandbox::read_seed(config.seed_file.as_ref(), DEFAULT_SEED)?;
    let mut store = Store::from_seed(&seed).map_err(SandboxError::Seed)?;
    if let Some(enterprises) = config.enterprises {
        store.add_bulk_org(enterprises);
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
    let app = Arc::new(App::new(store));
    let options = SandboxOptions {
        listen: config.listen,
        seed_file: config.seed_file,
        faults: config.faults,
        slow_clients: config.slow_clients,
    };
    sandbox::spawn(
        routes::router(app),
        Arc::new(Style),
        options,
        tokens,
        started,
    )
    .await
}
