//! Tests for the config module. No test changes the process environment: variables are
//! passed through `*_with(env)` lookups instead.

mod ca;
#[cfg(unix)]
mod children;
mod options;
mod parse;
mod settings;
mod tokens;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{Config, ConfigError};

/// The path every parsed text pretends to come from.
const PATH: &str = "/home/op/.config/orgdeck/config.toml";

/// An environment lookup over fixed pairs.
fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    move |name| map.get(name).cloned()
}

fn base_env() -> impl Fn(&str) -> Option<String> {
    env_of(&[("HOME", "/home/op"), ("USER", "op")])
}

fn parse(text: &str) -> Result<Config, ConfigError> {
    Config::from_str_with(text, Path::new(PATH), base_env())
}

/// The message of a config that must be refused.
fn refused(text: &str) -> String {
    match parse(text) {
        Ok(config) => panic!("accepted: {config:?}"),
        Err(e) => e.to_string(),
    }
}

/// The message names the file and the line, and says how to fix it.
#[track_caller]
fn assert_placed(message: &str, line: usize) {
    assert!(
        message.starts_with(&format!("{PATH}:{line}:")),
        "expected {PATH}:{line}: at the start of: {message}"
    );
    assert!(
        message.contains("; fix: ") || message.contains("did you mean"),
        "no fix hint in: {message}"
    );
}

/// A scratch directory under the system temp dir, removed on drop.
struct Scratch(tempfile::TempDir);

impl Scratch {
    fn new(label: &str) -> Scratch {
        let dir = tempfile::Builder::new()
            .prefix(&format!("orgdeck-config-test-{label}-"))
            .tempdir()
            .unwrap();
        Scratch(dir)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.path().join(name)
    }

    #[cfg(unix)]
    fn file(&self, name: &str, contents: &str, mode: u32) -> PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let path = self.path(name);
        std::fs::write(&path, contents).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        path
    }
}
