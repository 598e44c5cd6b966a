//! What the registry will offer of the BitGo sandbox: its own `orgdeck sandbox`
//! flags, its starter and its demo tokens.

use clap::ArgMatches;

use super::{SandboxConfig, start};
use crate::sandbox::{self, SandboxOptions, Starting};

/// The demo token `--sandbox` acts with: Northwind's first organization admin.
pub const DEMO_TOKEN: &str = "bitgo-northwind-admin";

/// The demo tenants the console opens on: (tenant name, token).
pub const DEMO_TENANTS: &[(&str, &str)] = &[
    ("northwind", "bitgo-northwind-admin"),
    ("northwind-admin2", "bitgo-northwind-admin2"),
    ("northwind-service", "bitgo-northwind-service"),
    ("northwind-member", "bitgo-northwind-member"),
    ("harbor", "bitgo-harbor-admin"),
];

/// The first request the startup banner suggests.
pub fn try_hint(url: &str) -> String {
    format!("Try: curl -H 'Authorization: Bearer {DEMO_TOKEN}' {url}/api/v2/organization")
}

#[derive(Debug, Clone, Default, clap::Args)]
#[command(next_help_heading = "BitGo sandbox")]
// Every backend's flags join one subcommand; the group id keeps each struct's apart.
#[group(id = "bitgo-sandbox")]
pub struct SandboxArgs {
    /// Add organization "Bulk CaaS" (token bitgo-bulk-admin) with N generated child enterprises.
    #[arg(long, value_name = "N")]
    pub enterprises: Option<usize>,
}

/// The registry's sandbox starter: the kit's options plus this backend's flags.
pub fn start_with(options: SandboxOptions, matches: &ArgMatches) -> Starting {
    sandbox::start_with_args(options, matches, |options, args: SandboxArgs| {
        start(SandboxConfig::from_options(options, args.enterprises))
    })
}

#[cfg(test)]
mod tests {
    use clap::{Args, FromArgMatches};

    use super::SandboxArgs;

    #[test]
    fn the_enterprises_flag_is_read() {
        let command = SandboxArgs::augment_args(clap::Command::new("bitgo").no_binary_name(true));
        let matches = command
            .try_get_matches_from(["--enterprises", "7"])
            .unwrap();
        let args = SandboxArgs::from_arg_matches(&matches).unwrap();
        assert_eq!(args.enterprises, Some(7));
    }
}
