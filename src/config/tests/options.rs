//! A profile's backend options, read with backends the tests declare (the shipped
//! ones may declare none): accepted and defaulted, a near key offered, another
//! backend's key named as such, a bad value placed.

use std::path::Path;

use super::{PATH, base_env};
use crate::api::schema::{BackendOptions, OptionKind, OptionSpec};
use crate::config::options::{Known, registered};
use crate::config::profile::profile_key_names;
use crate::config::{Config, ConfigError};

fn date(raw: &str) -> Result<String, String> {
    let raw = raw.trim();
    let digits =
        |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
    match raw.split('-').collect::<Vec<_>>()[..] {
        [y, m, d] if digits(y, 4) && digits(m, 2) && digits(d, 2) => Ok(raw.to_owned()),
        _ => Err("must be a date written YYYY-MM-DD".to_owned()),
    }
}

static LEDGER: &[OptionSpec] = &[
    OptionSpec {
        key: "ledger_version",
        default: Some("2024-07-30"),
        help: "the API version sent with every request",
        kind: OptionKind::Text(Some(date)),
    },
    OptionSpec {
        key: "ledger_region",
        default: None,
        help: "the region whose books are read",
        kind: OptionKind::OneOf(&["eu", "us"]),
    },
    OptionSpec {
        key: "ledger_batch",
        default: Some("50"),
        help: "entries asked for at once",
        kind: OptionKind::Number { min: 1, max: 500 },
    },
];

static VAULT: &[OptionSpec] = &[OptionSpec {
    key: "vault_tier",
    default: Some("basic"),
    help: "the vault's service tier",
    kind: OptionKind::OneOf(&["basic", "gold"]),
}];

/// A default backend without options, and two with.
fn backends() -> Vec<Known> {
    let known = |name, title, options| Known {
        name,
        title,
        options,
    };
    vec![
        known("plain", "Plain", &[]),
        known("ledger", "Ledger", LEDGER),
        known("vault", "Vault", VAULT),
    ]
}

fn parse_among(text: &str) -> Result<Config, ConfigError> {
    Config::from_str_among(text, Path::new(PATH), &base_env(), &backends())
}

fn refused_among(text: &str) -> String {
    match parse_among(text) {
        Ok(config) => panic!("accepted: {config:?}"),
        Err(e) => e.to_string(),
    }
}

const COMMON: &str = "base_url = \"https://h\"\ntoken_env = \"T\"\n";

#[test]
fn a_backends_options_are_accepted_normalised_and_defaulted() {
    // `backend` comes last: it is read before the keys it allows are checked.
    let text = format!(
        "[profiles.p]\nledger_region = \"EU\"\nledger_batch = 10\n{COMMON}backend = \"ledger\"\n"
    );
    let config = parse_among(&text).unwrap();
    let p = &config.profiles[0];
    assert_eq!(p.backend, "ledger");
    let expected = BackendOptions::from([
        ("ledger_batch", "10".to_owned()),
        ("ledger_region", "eu".to_owned()),
        ("ledger_version", "2024-07-30".to_owned()),
    ]);
    assert_eq!(p.options, expected);

    let text = format!("[profiles.a]\n{COMMON}backend = \"vault\"\n[profiles.b]\n{COMMON}");
    let config = parse_among(&text).unwrap();
    let tier = BackendOptions::from([("vault_tier", "basic".to_owned())]);
    assert_eq!(config.profiles[0].options, tier, "defaults filled in");
    assert_eq!(config.profiles[1].backend, "plain");
    assert!(config.profiles[1].options.is_empty());
}

#[test]
fn a_misspelt_option_is_offered_among_the_backends_keys() {
    let text = format!("[profiles.p]\nbackend = \"ledger\"\n{COMMON}ledger_regoin = \"eu\"\n");
    let message = refused_among(&text);
    assert!(message.starts_with(&format!("{PATH}:5:1:")), "{message}");
    assert!(
        message.contains("unknown key `ledger_regoin` (did you mean `ledger_region`?)"),
        "{message}"
    );
    // The shared keys are still offered, and a far-off key lists the backend's too.
    let text = format!("[profiles.p]\nbackend = \"ledger\"\n{COMMON}timeout = 5\n");
    assert!(refused_among(&text).contains("did you mean `timeout_ms`?"));
    let text = format!("[profiles.p]\nbackend = \"ledger\"\n{COMMON}zzz = 5\n");
    let message = refused_among(&text);
    assert!(
        message.contains("a profile knows backend, base_url"),
        "{message}"
    );
    assert!(message.contains("ledger_version"), "{message}");
}

#[test]
fn another_backends_option_names_that_backend() {
    let text = format!("[profiles.p]\nvault_tier = \"gold\"\n{COMMON}backend = \"ledger\"\n");
    let message = refused_among(&text);
    assert!(message.starts_with(&format!("{PATH}:2:1:")), "{message}");
    assert!(
        message.contains(
            "`vault_tier` is an option of the Vault backend; this profile's backend is Ledger"
        ),
        "{message}"
    );
    assert!(message.contains("backend = \\\"vault\\\"") || message.contains("backend = \"vault\""));
    // Without a `backend` key the profile's is the default, and it says so.
    let message = refused_among(&format!("[profiles.p]\n{COMMON}ledger_batch = 5\n"));
    assert!(
        message.contains("this profile's backend is Plain (the default)"),
        "{message}"
    );
}

#[test]
fn a_misspelt_option_of_another_backend_is_offered_with_its_backend() {
    let message = refused_among(&format!(
        "[profiles.p]\nbackend = \"ledger\"\n{COMMON}vault_teir = 1\n"
    ));
    assert!(message.starts_with(&format!("{PATH}:5:1:")), "{message}");
    assert!(
        message.contains(
            "did you mean `vault_tier`? It is an option of the Vault backend (backend = \"vault\"); this profile's backend is Ledger"
        ),
        "{message}"
    );
}

#[test]
fn a_bad_option_value_is_placed_and_the_option_explained() {
    let text =
        format!("[profiles.p]\nbackend = \"ledger\"\n{COMMON}ledger_version = \"30/07/2024\"\n");
    let message = refused_among(&text);
    assert!(message.starts_with(&format!("{PATH}:5:18:")), "{message}");
    assert!(
        message.contains("`ledger_version` must be a date written YYYY-MM-DD"),
        "{message}"
    );
    assert!(
        message.contains("the API version sent with every request"),
        "{message}"
    );
    assert!(
        message.contains("remove it for the default, \"2024-07-30\""),
        "{message}"
    );

    let batch = |value: &str| {
        refused_among(&format!(
            "[profiles.p]\nbackend = \"ledger\"\nledger_batch = {value}\n{COMMON}"
        ))
    };
    for value in ["0", "501", "\"10\""] {
        let message = batch(value);
        assert!(message.starts_with(&format!("{PATH}:3:16:")), "{message}");
        assert!(
            message.contains("a whole number from 1 to 500"),
            "{value}: {message}"
        );
    }
    let message = refused_among(&format!(
        "[profiles.p]\nbackend = \"ledger\"\nledger_region = \"asia\"\n{COMMON}"
    ));
    assert!(
        message.contains("must be one of \"eu\", \"us\""),
        "{message}"
    );
}

#[test]
fn a_backend_that_is_not_a_string_is_placed() {
    let message = refused_among(&format!("[profiles.p]\n{COMMON}backend = 3\n"));
    assert!(message.starts_with(&format!("{PATH}:4:11:")), "{message}");
    assert!(message.contains("`backend` must be a string"), "{message}");
}

/// A backend's option must not take a shared key's place, and its default must
/// pass its own check: the registry's backends, as shipped.
#[test]
fn registered_options_are_their_own_keys_with_valid_defaults() {
    let shared = profile_key_names();
    for known in registered() {
        for spec in known.options {
            assert!(!shared.contains(&spec.key), "{}: {}", known.name, spec.key);
            if let Some(default) = spec.default {
                assert_eq!(spec.check(default).as_deref(), Ok(default), "{}", spec.key);
            }
        }
    }
}
