//! The registry: the one place that names every backend. The CLI and the config
//! pick a backend here by its name; the console and the client only ever see an
//! `Arc<dyn Backend>`. A new vendor is one folder beside `muninx/` and one entry in
//! `ALL`.

pub mod bitgo;
pub mod flowkiwi;
pub mod muninx;
pub mod sequence;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use clap::ArgMatches;

use crate::api::backend::Backend;
use crate::api::schema::{BackendOptions, Schema, option_defaults};
use crate::sandbox::{RunningSandbox, SandboxError, SandboxOptions};

/// A sandbox starting up.
pub type Starting = Pin<Box<dyn Future<Output = Result<RunningSandbox, SandboxError>> + Send>>;

/// One backend: what the registry knows about it.
#[derive(Clone, Copy)]
pub struct Entry {
    /// What a profile's `backend` key and `orgdeck sandbox --backend` say.
    pub name: &'static str,
    /// How the backend is named to operators.
    pub title: &'static str,
    /// The adapter, given the profile's values of the schema's `options`.
    pub backend: fn(&BackendOptions) -> Arc<dyn Backend>,
    /// What its screens, forms and CLI commands are drawn from.
    pub schema: &'static Schema,
    pub sandbox: SandboxEntry,
}

/// A backend's embedded sandbox.
#[derive(Clone, Copy)]
pub struct SandboxEntry {
    /// Adds the backend's own `orgdeck sandbox` flags (under a heading naming it).
    pub args: fn(clap::Command) -> clap::Command,
    /// Starts the sandbox with the kit's options and the backend's own flags.
    pub start: fn(SandboxOptions, &ArgMatches) -> Starting,
    /// The token `--sandbox` acts with.
    pub token: &'static str,
    /// The demo tenants the console opens on: (tenant name, token).
    pub tenants: &'static [(&'static str, &'static str)],
    /// A first request to try against a sandbox at `url`, for the startup banner.
    pub try_hint: fn(url: &str) -> String,
}

impl Entry {
    /// The options of a profile that sets none (the sandbox's).
    pub fn option_defaults(&self) -> BackendOptions {
        option_defaults(self.schema.options)
    }

    /// Starts this backend's sandbox with defaults, as `--sandbox` and the console do.
    pub fn start_sandbox(&self) -> Starting {
        // Its own flags left out, as `orgdeck sandbox` with none of them would give.
        let matches = self.flags_command().try_get_matches_from(None::<&str>);
        match matches {
            Ok(matches) => (self.sandbox.start)(SandboxOptions::default(), &matches),
            Err(err) => {
                let why = SandboxError::Options(err.to_string());
                Box::pin(async move { Err(why) })
            }
        }
    }

    /// This backend's own sandbox flags: (clap id, long name).
    pub fn sandbox_flags(&self) -> Vec<(String, String)> {
        self.flags_command()
            .get_arguments()
            .filter_map(|arg| {
                let long = arg.get_long()?;
                Some((arg.get_id().to_string(), long.to_owned()))
            })
            .collect()
    }

    fn flags_command(&self) -> clap::Command {
        (self.sandbox.args)(clap::Command::new(self.name).no_binary_name(true))
    }
}

/// Every backend orgdeck speaks, the default first.
pub static ALL: &[Entry] = &[
    Entry {
        name: "muninx",
        title: "MuninX",
        // MuninX declares no options.
        backend: |_options| Arc::new(muninx::MuninX),
        schema: &muninx::schema::SCHEMA,
        sandbox: SandboxEntry {
            args: <muninx::sandbox::SandboxArgs as clap::Args>::augment_args,
            start: muninx::sandbox::start_with,
            token: muninx::sandbox::DEMO_TOKEN,
            tenants: muninx::sandbox::DEMO_TENANTS,
            try_hint: muninx::sandbox::try_hint,
        },
    },
    Entry {
        name: "bitgo",
        title: "BitGo",
        // BitGo declares no options.
        backend: |_options| Arc::new(bitgo::BitGo),
        schema: &bitgo::schema::SCHEMA,
        sandbox: SandboxEntry {
            args: <bitgo::sandbox::SandboxArgs as clap::Args>::augment_args,
            start: bitgo::sandbox::start_with,
            token: bitgo::sandbox::DEMO_TOKEN,
            tenants: bitgo::sandbox::DEMO_TENANTS,
            try_hint: bitgo::sandbox::try_hint,
        },
    },
    Entry {
        name: "sequence",
        title: "Sequence",
        // The adapter pins the profile's `sequence_version`.
        backend: |options| Arc::new(sequence::Sequence::new(options)),
        schema: &sequence::schema::SCHEMA,
        sandbox: SandboxEntry {
            args: <sequence::sandbox::SandboxArgs as clap::Args>::augment_args,
            start: sequence::sandbox::start_with,
            token: SEQUENCE_DEMO_TOKEN,
            tenants: &[
                ("northwind", SEQUENCE_DEMO_TOKEN),
                (
                    "northwind-reporting",
                    "seq-readonly-client:seq-readonly-secret",
                ),
            ],
            try_hint: sequence::sandbox::try_hint,
        },
    },
    Entry {
        name: "flowkiwi",
        title: "Flowkiwi",
        // Flowkiwi declares no options.
        backend: |_options| Arc::new(flowkiwi::Flowkiwi),
        schema: &flowkiwi::schema::SCHEMA,
        sandbox: SandboxEntry {
            args: <flowkiwi::sandbox::SandboxArgs as clap::Args>::augment_args,
            start: flowkiwi::sandbox::start_with,
            token: flowkiwi::sandbox::DEMO_TOKEN,
            tenants: FLOWKIWI_TENANTS,
            try_hint: flowkiwi::sandbox::try_hint,
        },
    },
];

/// The Flowkiwi seed's partners as demo tenants: Jane, who owns Acme's
/// organizations; Sam, a member there who owns none; Olga, owner at Nimbus.
const FLOWKIWI_TENANTS: &[(&str, &str)] = &[
    ("acme-partners", flowkiwi::sandbox::DEMO_TOKEN),
    ("acme-member", "fk-sam-token"),
    ("nimbus", "fk-olga-token"),
];

/// The Sequence sandbox's demo API client (`sandbox::DEMO_CLIENT`), written
/// `id:secret` as a profile's token holds it.
const SEQUENCE_DEMO_TOKEN: &str = "seq-northwind-client:seq-northwind-secret";

/// The backend a profile without a `backend` key uses.
pub fn default() -> &'static Entry {
    &ALL[0]
}

/// The entry registered as `name` (compared case-insensitively, as config keys are).
pub fn find(name: &str) -> Option<&'static Entry> {
    ALL.iter().find(|e| e.name.eq_ignore_ascii_case(name))
}

/// Every registered name, for "did you mean" and error hints.
pub fn names() -> Vec<&'static str> {
    ALL.iter().map(|e| e.name).collect()
}

/// The schema screens use when they have no backend of their own to ask (a
/// tenant built without one, in tests of the console alone): the default's.
pub fn schema() -> &'static Schema {
    default().schema
}

#[cfg(test)]
mod layout;

#[cfg(test)]
mod tests {
    #[test]
    fn the_sequence_demo_token_is_the_sandbox_s_demo_client() {
        let (id, secret) = super::sequence::sandbox::DEMO_CLIENT;
        assert_eq!(super::SEQUENCE_DEMO_TOKEN, format!("{id}:{secret}"));
        let entry = super::find("sequence").expect("registered");
        assert_eq!(entry.title, "Sequence");
        assert!(entry.sandbox.tenants.iter().all(|(_, t)| t.contains(':')));
    }

    #[test]
    fn flowkiwi_s_demo_tenants_are_partners_of_its_seed() {
        let entry = super::find("flowkiwi").expect("registered");
        assert_eq!(entry.title, "Flowkiwi");
        let seed: serde_json::Value =
            serde_json::from_str(super::flowkiwi::sandbox::DEFAULT_SEED).expect("the seed");
        let tokens: Vec<&str> = seed["partners"]
            .as_array()
            .expect("partners")
            .iter()
            .filter_map(|p| p["token"].as_str())
            .collect();
        assert_eq!(entry.sandbox.tenants[0].1, entry.sandbox.token);
        for (tenant, token) in entry.sandbox.tenants {
            assert!(
                tokens.contains(token),
                "{tenant}: {token} is no seed partner's"
            );
        }
    }
}
