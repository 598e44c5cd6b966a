//! Where orgdeck keeps its config file, logs and audit trail.

use std::path::{Path, PathBuf};

use directories::{BaseDirs, ProjectDirs};

use super::error::ConfigError;
use crate::text::blank_as_none;

/// Overrides the config file path.
pub const CONFIG_ENV: &str = "ORGDECK_CONFIG";
/// Overrides the state directory (logs and the audit file live under it).
pub const STATE_DIR_ENV: &str = "ORGDECK_STATE_DIR";
/// The config file's name inside the platform config directory.
pub const CONFIG_FILE_NAME: &str = "config.toml";

/// The files and directories orgdeck uses. Nothing here is created by `discover`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// The TOML config file (may not exist: then there are no profiles).
    pub config_file: PathBuf,
    /// Log files: `state_dir/logs`.
    pub log_dir: PathBuf,
    /// Platform state directory (`ProjectDirs::state_dir`, else `data_local_dir`).
    pub state_dir: PathBuf,
    /// The audit trail: `state_dir/audit.jsonl`.
    pub audit_file: PathBuf,
    /// The write journal (`state_dir/journal`, a file per profile), or `None` where
    /// nothing outlives the run (the embedded sandbox).
    pub journal_dir: Option<PathBuf>,
    /// Nodes each profile created that its backend's lists may not show
    /// (`state_dir/created`, a file per profile), or `None` as for the journal.
    pub created_dir: Option<PathBuf>,
    /// Whether `config_file` came from `ORGDECK_CONFIG` (a missing file is then worth a warning).
    pub config_from_env: bool,
}

impl Paths {
    /// The paths from the platform directories, honouring `ORGDECK_CONFIG` and
    /// `ORGDECK_STATE_DIR`.
    pub fn discover() -> Result<Paths, ConfigError> {
        Self::discover_with(process_env)
    }

    /// As [`Paths::discover`], reading variables through `env` instead of the process
    /// environment.
    pub fn discover_with(env: impl Fn(&str) -> Option<String>) -> Result<Paths, ConfigError> {
        let env = &env as &dyn Fn(&str) -> Option<String>;
        let var = |name: &str| env(name).and_then(blank_as_none);
        let project = ProjectDirs::from("dev", "orgdeck", "orgdeck");

        let config_override = var(CONFIG_ENV).map(|v| expand_tilde(v.trim(), env));
        let config_from_env = config_override.is_some();
        let config_file = match config_override {
            Some(path) => path,
            None => project
                .as_ref()
                .ok_or(ConfigError::NoHomeDirectory)?
                .config_dir()
                .join(CONFIG_FILE_NAME),
        };
        let state_dir = match var(STATE_DIR_ENV) {
            Some(dir) => expand_tilde(dir.trim(), env),
            None => {
                let project = project.as_ref().ok_or(ConfigError::NoHomeDirectory)?;
                project
                    .state_dir()
                    .unwrap_or_else(|| project.data_local_dir())
                    .to_path_buf()
            }
        };
        let mut paths = Paths::new(config_file, state_dir);
        paths.config_from_env = config_from_env;
        Ok(paths)
    }

    /// Paths for an explicit config file and state directory.
    pub fn new(config_file: impl Into<PathBuf>, state_dir: impl Into<PathBuf>) -> Paths {
        let state_dir = state_dir.into();
        Paths {
            config_file: config_file.into(),
            log_dir: state_dir.join("logs"),
            audit_file: state_dir.join("audit.jsonl"),
            journal_dir: Some(state_dir.join(crate::api::journal::JOURNAL_DIR)),
            created_dir: Some(state_dir.join(crate::api::client::CREATED_DIR)),
            state_dir,
            config_from_env: false,
        }
    }
}

/// The process environment, as the `env` lookups in this module expect it.
pub(crate) fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// `$HOME`, else the platform's idea of the home directory.
pub(crate) fn home_dir(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    env("HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
        .or_else(|| BaseDirs::new().map(|b| b.home_dir().to_path_buf()))
}

/// Expands a leading `~` or `~/` to the home directory (`~user` is left alone).
pub(crate) fn expand_tilde(path: &str, env: &dyn Fn(&str) -> Option<String>) -> PathBuf {
    let rest = if path == "~" {
        Some("")
    } else {
        path.strip_prefix("~/")
    };
    match (rest, home_dir(env)) {
        (Some(""), Some(home)) => home,
        (Some(rest), Some(home)) => home.join(rest),
        _ => PathBuf::from(path),
    }
}

/// Shows a path with the home directory written as `~`.
pub(crate) fn display_path(path: &Path, env: &dyn Fn(&str) -> Option<String>) -> String {
    let Some(home) = home_dir(env).filter(|h| h.components().count() > 1) else {
        return path.display().to_string();
    };
    match path.strip_prefix(&home) {
        Ok(rest) if rest.as_os_str().is_empty() => "~".to_owned(),
        Ok(rest) => format!("~/{}", rest.display()),
        Err(_) => path.display().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn overrides_win() {
        let env = env_of(&[
            ("ORGDECK_CONFIG", "/etc/orgdeck/test.toml"),
            ("ORGDECK_STATE_DIR", "/var/tmp/orgdeck-state"),
        ]);
        let paths = Paths::discover_with(env).unwrap();
        assert_eq!(paths.config_file, PathBuf::from("/etc/orgdeck/test.toml"));
        assert!(paths.config_from_env);
        assert_eq!(paths.state_dir, PathBuf::from("/var/tmp/orgdeck-state"));
        assert_eq!(paths.log_dir, PathBuf::from("/var/tmp/orgdeck-state/logs"));
        assert_eq!(
            paths.audit_file,
            PathBuf::from("/var/tmp/orgdeck-state/audit.jsonl")
        );
    }

    #[test]
    fn tilde_in_overrides_is_expanded() {
        let env = env_of(&[
            ("HOME", "/home/op"),
            ("ORGDECK_CONFIG", "~/orgdeck.toml"),
            ("ORGDECK_STATE_DIR", "~"),
        ]);
        let paths = Paths::discover_with(env).unwrap();
        assert_eq!(paths.config_file, PathBuf::from("/home/op/orgdeck.toml"));
        assert_eq!(paths.state_dir, PathBuf::from("/home/op"));
    }

    #[test]
    fn platform_defaults_end_in_the_expected_names() {
        // Only meaningful where a home directory exists (it does in CI and on desktops).
        if let Ok(paths) = Paths::discover_with(|name| match name {
            "ORGDECK_CONFIG" | "ORGDECK_STATE_DIR" => None,
            other => process_env(other),
        }) {
            assert!(paths.config_file.ends_with("config.toml"));
            assert!(!paths.config_from_env);
            assert_eq!(paths.log_dir, paths.state_dir.join("logs"));
            assert_eq!(paths.audit_file, paths.state_dir.join("audit.jsonl"));
        }
    }

    #[test]
    fn home_is_shown_as_tilde() {
        let env = env_of(&[("HOME", "/home/op")]);
        assert_eq!(
            display_path(Path::new("/home/op/.config/orgdeck/prod.token"), &env),
            "~/.config/orgdeck/prod.token"
        );
        assert_eq!(display_path(Path::new("/etc/token"), &env), "/etc/token");
        assert_eq!(
            expand_tilde("~/x", &env),
            PathBuf::from("/home/op/x").as_path()
        );
        assert_eq!(expand_tilde("~bob/x", &env), PathBuf::from("~bob/x"));
    }
}
