//! The embedded Flowkiwi sandbox: organizations, their members and invitations
//! (`shared/api/flowkiwi.md`), served on loopback through the sandbox kit in
//! API Platform's JSON-LD and error shapes. `--hydra-prefix` serves the `hydra:`
//! spelling; `--partner-organizations N` adds generated organizations to the seed's.

mod clock;
mod error;
mod routes;
mod seed;
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
    /// Adds this many generated organizations owned by the demo partner.
    pub organizations: Option<usize>,
}

/// This backend's own `orgdeck sandbox` flags.
#[derive(Debug, Clone, Default, clap::Args)]
#[command(next_help_heading = "Flowkiwi sandbox")]
#[group(id = "flowkiwi-sandbox")]
pub struct SandboxArgs {
    /// Serve Hydra's `hydra:`-prefixed keys (`hydra:member`, `hydra:view`, ...).
    #[arg(long)]
    pub hydra_prefix: bool,
    /// Add N generated organizations owned by the demo partner, each with a
    /// member (every fifth with a pending invitation), for paging at scale.
    // Sequence's sandbox has `--organizations` already: every backend's flags
    // join one `orgdeck sandbox` command, so this one is named for its level.
    #[arg(
        long = "partner-organizations",
        id = "partner-organizations",
        value_name = "N"
    )]
    pub organizations: Option<usize>,
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
            organizations: args.organizations,
        })
    })
}

/// `count` generated organizations for the demo partner, the seed's next
/// partner their member.
fn generate(store: &mut Store, count: usize, start: jiff::Timestamp) -> Result<(), SandboxError> {
    let owner = store
        .by_token(DEMO_TOKEN)
        .map(|p| p.id.clone())
        .ok_or_else(|| {
            SandboxError::Seed(format!(
                "--partner-organizations needs the demo partner (token {DEMO_TOKEN}) in the seed"
            ))
        })?;
    let member = store
        .partners
        .iter()
        .find(|p| p.id != owner)
        .map(|p| p.id.clone());
    store.add_generated(count, &owner, member.as_deref(), start);
    Ok(())
}

/// Shared state of one running sandbox.
pub type App = crate::sandbox::Shared<Store>;

/// Builds the seed state, binds the address and serves in a background task.
pub async fn start(config: SandboxConfig) -> Result<RunningSandbox, SandboxError> {
    let started = Instant::now();
    let seed = sandbox::read_seed(config.seed_file.as_ref(), DEFAULT_SEED)?;
    let start = store::now();
    let mut store = Store::from_seed(&seed, start).map_err(SandboxError::Seed)?;
    if let Some(count) = config.organizations {
        generate(&mut store, count, start)?;
    }
    let tokens = store
        .partners
        .iter()
        .filter_map(|p| {
            Some(DemoToken {
                token: p.token.clone()?,
                tenant: p.email.clone(),
                role: "partner".to_owned(),
            })
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
