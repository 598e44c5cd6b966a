//! The `ca_file` key: read and checked at load, reported with its place when it is bad.

use std::path::Path;

use super::{PATH, Scratch, assert_placed, env_of, refused};
use crate::config::Config;

/// A PEM file holding `count` freshly made CA certificates.
fn ca_pem(count: usize) -> String {
    (0..count)
        .map(|i| {
            let key = rcgen::KeyPair::generate().unwrap();
            let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
            params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
            params
                .distinguished_name
                .push(rcgen::DnType::CommonName, format!("Test CA {i}"));
            params.self_signed(&key).unwrap().pem()
        })
        .collect()
}

fn profile_with(ca_file: &str) -> String {
    format!(
        "[profiles.p]\nbase_url = \"https://h.example\"\ntoken_env = \"T\"\nca_file = \"{ca_file}\"\n"
    )
}

#[test]
fn ca_file_is_read_at_load_from_home_or_beside_the_config() {
    let scratch = Scratch::new("ca");
    std::fs::write(scratch.path("company-ca.pem"), ca_pem(2)).unwrap();
    let home = scratch.0.path().display().to_string();
    let env = env_of(&[("HOME", home.as_str()), ("USER", "op")]);

    let config =
        Config::from_str_with(&profile_with("~/company-ca.pem"), Path::new(PATH), &env).unwrap();
    let ca = config.profiles[0].ca_file.as_ref().expect("ca_file kept");
    assert_eq!(ca.path(), scratch.path("company-ca.pem"));
    assert_eq!(ca.len(), 2);

    let beside = scratch.path("config.toml");
    let config = Config::from_str_with(&profile_with("company-ca.pem"), &beside, &env).unwrap();
    assert_eq!(
        config.profiles[0]
            .ca_file
            .as_ref()
            .map(|ca| ca.path().to_owned()),
        Some(scratch.path("company-ca.pem"))
    );

    let none = Config::from_str_with(
        "[profiles.p]\nbase_url = \"https://h.example\"\ntoken_env = \"T\"\n",
        Path::new(PATH),
        &env,
    )
    .unwrap();
    assert!(none.profiles[0].ca_file.is_none());
}

#[test]
fn a_bad_ca_file_is_a_config_error_at_its_line() {
    let scratch = Scratch::new("bad-ca");
    let missing = scratch.path("absent.pem");
    let message = refused(&profile_with(&missing.display().to_string()));
    assert_placed(&message, 4);
    assert!(message.contains("cannot read `ca_file`"), "{message}");

    let key_only = scratch.path("key.pem");
    std::fs::write(
        &key_only,
        rcgen::KeyPair::generate().unwrap().serialize_pem(),
    )
    .unwrap();
    let message = refused(&profile_with(&key_only.display().to_string()));
    assert_placed(&message, 4);
    assert!(message.contains("no PEM certificate"), "{message}");

    let damaged = scratch.path("damaged.pem");
    let pem = ca_pem(1);
    std::fs::write(&damaged, &pem[..pem.len() / 2]).unwrap();
    let message = refused(&profile_with(&damaged.display().to_string()));
    assert_placed(&message, 4);
    assert!(message.contains("-----END CERTIFICATE-----"), "{message}");

    let message = refused(&profile_with(""));
    assert_placed(&message, 4);
    assert!(message.contains("`ca_file` is empty"), "{message}");
}

#[test]
fn a_ca_file_on_plain_http_is_warned_about() {
    let scratch = Scratch::new("ca-http");
    let path = scratch.path("ca.pem");
    std::fs::write(&path, ca_pem(1)).unwrap();
    let text = format!(
        "[profiles.lab]\nbase_url = \"http://127.0.0.1:7878\"\ntoken_env = \"T\"\nca_file = \"{}\"\n",
        path.display()
    );
    let config = Config::from_str_with(&text, Path::new(PATH), env_of(&[("USER", "op")])).unwrap();
    assert!(
        config.warnings.iter().any(|w| w.contains("never used")),
        "{:?}",
        config.warnings
    );
}
