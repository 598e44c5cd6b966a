//! What the registry offers of the MuninX sandbox: its own `orgdeck sandbox` flags
//! (added to the subcommand through the registry, so the CLI never names them), its
//! starter and its demo tokens.

use std::future::Future;
use std::pin::Pin;

use clap::{ArgMatches, FromArgMatches};

use super::{SandboxConfig, start};
use crate::sandbox::{RunningSandbox, SandboxError, SandboxOptions};

/// The demo token `--sandbox` acts with: the acme admin.
pub const DEMO_TOKEN: &str = "sandbox-acme-admin";

/// The demo tenants the console opens on: (tenant name, token).
pub const DEMO_TENANTS: &[(&str, &str)] = &[
    ("acme", "sandbox-acme-admin"),
    ("acme-agent", "sandbox-acme-agent"),
    ("globex", "sandbox-globex-admin"),
];

/// The first request the startup banner suggests.
pub fn try_hint(url: &str) -> String {
    format!("Try: curl -H 'Authorization: Bearer {DEMO_TOKEN}' {url}/customer-organizations")
}

const DEFAULT_BULK_USERS: usize = 1_000;
const DEFAULT_BULK_ORGS: usize = 50;

#[derive(Debug, Clone, Default, clap::Args)]
#[command(next_help_heading = "MuninX sandbox")]
// Every backend's flags join one subcommand; the group id keeps each struct's apart.
#[group(id = "muninx-sandbox")]
pub struct SandboxArgs {
    /// Add tenant `bulk` (token sandbox-bulk-admin) with N generated users.
    #[arg(long, value_name = "N")]
    pub users: Option<usize>,
    /// Add tenant `bulk` with M generated customer organizations.
    #[arg(long, value_name = "M")]
    pub orgs: Option<usize>,
}

impl SandboxArgs {
    /// The `bulk` tenant's size: either flag asks for it, the other takes its default.
    pub fn bulk(&self) -> Option<(usize, usize)> {
        (self.users.is_some() || self.orgs.is_some()).then(|| {
            (
                self.users.unwrap_or(DEFAULT_BULK_USERS),
                self.orgs.unwrap_or(DEFAULT_BULK_ORGS),
            )
        })
    }
}

/// The registry's sandbox starter: the kit's options plus this backend's flags.
pub fn start_with(
    options: SandboxOptions,
    matches: &ArgMatches,
) -> Pin<Box<dyn Future<Output = Result<RunningSandbox, SandboxError>> + Send>> {
    let args = SandboxArgs::from_arg_matches(matches)
        .map_err(|err| SandboxError::Options(err.to_string()));
    Box::pin(async move {
        let config = SandboxConfig::from_options(options, args?.bulk());
        start(config).await
    })
}

#[cfg(test)]
mod tests {
    use clap::FromArgMatches;

    use super::SandboxArgs;
    use crate::backends;
    use crate::cli::{Command, try_parse_from};

    /// `orgdeck sandbox --users 5` reaches these flags through the registry's
    /// subcommand, and the other size takes its default.
    #[test]
    fn the_sandbox_subcommand_carries_the_bulk_flags() {
        let cli = try_parse_from(["orgdeck", "sandbox", "--users", "5"]).unwrap();
        let Some(Command::Sandbox(args)) = cli.command else {
            panic!("not the sandbox command");
        };
        assert_eq!(args.entry(backends::ALL).unwrap().name, "muninx");
        let own = SandboxArgs::from_arg_matches(&args.matches).unwrap();
        assert_eq!(own.bulk(), Some((5, 50)));
    }
}
