//! The embedded Sequence sandbox: a server that speaks `shared/api/sequence.md`
//! on loopback, built from the sandbox kit's parts, in Sequence's error shape.

mod args;
mod codes;
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
pub use args::{DEMO_CLIENT, SandboxArgs, start_with, try_hint};
pub use error::{SeqError, Style};
pub use store::DEFAULT_SEED;

use crate::sandbox;
use store::Store;

/// How to run a Sequence sandbox.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    pub listen: SocketAddr,
    /// Seed JSON to load instead of the shipped one.
    pub seed_file: Option<PathBuf>,
    /// Adds this many generated customers after the seed's.
    pub customers: Option<usize>,
    /// Groups the generated customers into this many organizations.
    pub organizations: Option<usize>,
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
    pub fn from_options(options: SandboxOptions, customers: Option<usize>) -> Self {
        SandboxConfig {
            listen: options.listen,
            seed_file: options.seed_file,
            customers,
            organizations: None,
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
    if let Some(customers) = config.customers {
        store.add_generated(customers);
    }
    if let Some(organizations) = config.organizations {
        let customers = config.customers.unwrap_or(0);
        store
            .group_generated(organizations, customers)
            .map_err(SandboxError::Options)?;
    }
    // The secret is the credential itself, so the banner names the client only.
    let tokens = store
        .credentials
        .iter()
        .map(|credential| DemoToken {
            token: credential.client_id.clone(),
            tenant: credential.name.clone(),
            role: "API client".to_owned(),
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
