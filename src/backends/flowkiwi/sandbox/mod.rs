//! The embedded Flowkiwi sandbox, first part: organizations only, served on
//! loopback through the sandbox kit in API Platform's JSON-LD and error shapes.
//! `--hydra-prefix` serves the `hydra:` spelling. Not in the registry yet
//! (members and invitations to come).

mod error;
mod routes;
mod store;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use clap::ArgMatches;

pub use crate::sandbox::{DemoToken, Faults, RunningSandbox, SandboxError, SandboxOptions};
pub use error::Style;
pub use routes::MAX_PER_PAGE;
pub use store::DEFAULT_SEED;

use crate::sandbox::{self, SlowClients, Starting};
use store::Store;

/// The seed partner `--sandbox` will act as: Jane, owner of Acme Corp.
pub const DEMO_TOKEN: &str = "fk-jane-token";

/// How to run a Flowkiwi sandbox.
#[derive(Debug, Clone, Default)]
pub struct SandboxConfig {
    pub listen: Option<SocketAddr>,
    /// Seed JSON to load instead of the shipped one.
    pub seed_file: Option<PathBuf>,
    pub faults: Faults,
    pub slow_clients: SlowClients,
    /// Serve the `hydra:`-prefixed form (API Platform 3's), not the plain one.
    pub hydra_prefix: bool,
}

/// This backend's own `orgdeck sandbox` flags.
#[derive(Debug, Clone, Default, clap::Args)]
#[command(next_help_heading = "Flowkiwi sandbox")]
#[group(id = "flowkiwi-sandbox")]
pub struct SandboxArgs {
    /// Serve Hydra's `hydra:`-prefixed keys (`hydra:member`, `hydra:view`, ...).
    #[arg(long)]
    pub hydra_prefix: bool,
}

/// The first request the startup banner suggests.
pub fn try_hint(url: &str) -> String {
    format!("Try: curl -H 'Authorization: Bearer {DEMO_TOKEN}' {url}/api/organizations")
}

/// The registry's sandbox starter, for when it is registered.
pub fn start_with(options: SandboxOptions, matches: &ArgMatches) -> Starting {
    sandbox::start_with_args(options, matches, |options, args: SandboxArgs| {
        start(SandboxConfig {
            listen: Some(options.listen),
            seed_file: options.seed_file,
            faults: options.faults,
            slow_clients: options.slow_clients,
            hydra_prefix: args.hydra_prefix,
        })
    })
}

/// Shared state of one running sandbox.
pub type App = crate::sandbox::Shared<Store>;

/// Builds the seed state, binds the address and serves in a background task.
pub async fn start(config: SandboxConfig) -> Result<RunningSandbox, SandboxError> {
    let started = Instant::now();
    let seed = sandbox::read_seed(config.seed_file.as_ref(), DEFAULT_SEED)?;
    let store = Store::from_seed(&seed).map_err(SandboxError::Seed)?;
    let tokens = store
        .partners
        .iter()
        .map(|p| DemoToken {
            token: p.token.clone(),
            tenant: p.email.clone(),
            role: "partner".to_owned(),
        })
        .collect();
    let defaults = SandboxOptions::default();
    let options = SandboxOptions {
        listen: config.listen.unwrap_or(defaults.listen),
        seed_file: config.seed_file,
        faults: config.faults,
        slow_clients: config.slow_clients,
    };
    let app = Arc::new(App::new(store));
    let prefix = config.hydra_prefix;
    let style = Arc::new(Style {
        hydra_prefix: prefix,
    });
    sandbox::spawn(routes::router(app, prefix), style, options, tokens, started).await
}
