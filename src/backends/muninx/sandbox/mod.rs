//! The embedded MuninX sandbox: a server that speaks `shared/api/muninx.md` on
//! loopback, built from the sandbox kit's parts.

mod bulk;
mod problem;
mod routes;
mod store;
#[cfg(test)]
mod tests;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

pub use crate::sandbox::{
    DemoToken, FaultScope, Faults, RunningSandbox, SandboxError, SandboxOptions, SlowClients,
};
pub use problem::{FieldError, PROBLEM_JSON, Problem};
pub use store::{BULK_TOKEN, DEFAULT_SEED};

use crate::sandbox;
use store::Store;

mod args;
pub use args::{DEMO_TENANTS, DEMO_TOKEN, SandboxArgs, start_with, try_hint};

/// How to run a MuninX sandbox.
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
        SandboxConfig::from_options(SandboxOptions::default(), None)
    }
}

impl SandboxConfig {
    pub fn from_options(options: SandboxOptions, bulk: Option<(usize, usize)>) -> Self {
        SandboxConfig {
            listen: options.listen,
            seed_file: options.seed_file,
            bulk,
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
    if let Some((users, orgs)) = config.bulk {
        store.add_bulk_tenant(users, orgs);
    }
    let tokens = store
        .demo_tokens()
        .into_iter()
        .map(|(token, tenant, role)| DemoToken {
            token,
            tenant,
            role: role.as_str().to_owned(),
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
        Arc::new(problem::Style),
        options,
        tokens,
        started,
    )
    .await
}
