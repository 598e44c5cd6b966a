//! What the registry will offer of the Sequence sandbox once the adapter exists:
//! its own `orgdeck sandbox` flags, its starter and its demo client.

use clap::ArgMatches;

use super::{SandboxConfig, start};
use crate::sandbox::{self, SandboxOptions, Starting};

/// The seed API client `--sandbox` will act as: (client id, client secret).
pub const DEMO_CLIENT: (&str, &str) = ("seq-northwind-client", "seq-northwind-secret");

/// The first request the startup banner suggests.
pub fn try_hint(url: &str) -> String {
    let (id, secret) = DEMO_CLIENT;
    format!("Try: curl -u {id}:{secret} -H 'Sequence-Version: 2024-07-30' {url}/api/customers")
}

#[derive(Debug, Clone, Default, clap::Args)]
#[command(next_help_heading = "Sequence sandbox")]
// Every backend's flags join one subcommand; the group id keeps each struct's apart.
#[group(id = "sequence-sandbox")]
pub struct SandboxArgs {
    /// Add N generated customers after the seed's (for paging at scale).
    #[arg(long, value_name = "N")]
    pub customers: Option<usize>,
    /// Group the generated customers into N organizations, an owner and three
    /// members each (needs --customers of at least 4 × N). Flowkiwi's sandbox
    /// takes the same flag: N generated organizations of its demo partner.
    // Shared by id with Flowkiwi's, so the need for --customers is checked when
    // the Sequence sandbox starts, not by clap.
    #[arg(long, value_name = "N")]
    pub organizations: Option<usize>,
}

/// The registry's sandbox starter: the kit's options plus this backend's flags.
pub fn start_with(options: SandboxOptions, matches: &ArgMatches) -> Starting {
    sandbox::start_with_args(options, matches, |options, args: SandboxArgs| {
        start(SandboxConfig {
            organizations: args.organizations,
            ..SandboxConfig::from_options(options, args.customers)
        })
    })
}

#[cfg(test)]
mod tests {
    use clap::{Args, FromArgMatches};

    use super::SandboxArgs;

    #[test]
    fn the_customers_flag_is_read() {
        let command =
            SandboxArgs::augment_args(clap::Command::new("sequence").no_binary_name(true));
        let matches = command
            .try_get_matches_from(["--customers", "100000"])
            .unwrap();
        let args = SandboxArgs::from_arg_matches(&matches).unwrap();
        assert_eq!(args.customers, Some(100_000));
    }

    #[tokio::test]
    async fn organizations_without_enough_customers_are_refused_at_start() {
        let command =
            SandboxArgs::augment_args(clap::Command::new("sequence").no_binary_name(true));
        let alone = command
            .try_get_matches_from(["--organizations", "10"])
            .unwrap();
        let refused = super::start_with(crate::sandbox::SandboxOptions::default(), &alone).await;
        let Err(why) = refused else {
            panic!("organizations are made of generated customers");
        };
        assert!(why.to_string().contains("--customers"), "{why}");
    }
}
