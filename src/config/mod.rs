//! Profiles and configuration: a TOML file in the platform config directory (or wherever
//! `ORGDECK_CONFIG` points), one `[profiles.NAME]` table per server.
//!
//! A missing file is not an error: there are no profiles and the app runs its embedded
//! sandbox. A broken file gives one message naming the file, line and column, the problem
//! and its fix; loading never panics. Tokens are read only when asked for
//! ([`Profile::token`]) and never appear in `Debug` output or in any error.
//!
//! See `assets/config.example.toml` for every key.

mod ca;
mod error;
mod options;
mod paths;
mod profile;
mod settings;
mod stop_signals;
mod token;
mod token_command;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

pub use error::{ConfigError, Diagnostic, Location, line_col};
pub use paths::{CONFIG_ENV, CONFIG_FILE_NAME, Paths, STATE_DIR_ENV};
pub use profile::{
    DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_MAX_BODY_BYTES, DEFAULT_TIMEOUT_MS, Profile,
};
pub use settings::Clipboard;
pub use token::{TOKEN_COMMAND_TIMEOUT, TokenSource};

use error::{SourceText, did_you_mean};
use paths::process_env;

pub const DEFAULT_REFRESH_SECONDS: u64 = 30;
pub const MIN_REFRESH_SECONDS: u64 = 5;

/// The keys allowed at the top of the file.
const TOP_KEYS: &[&str] = &[
    "default_profile",
    "refresh_seconds",
    "clipboard",
    "keys",
    "profiles",
];

/// The loaded configuration. `Debug` is safe to log: it never shows a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// In the order they appear in the file.
    pub profiles: Vec<Profile>,
    /// Always names one of `profiles` when set.
    pub default_profile: Option<String>,
    /// `[keys]`: console key remapping, action name → key (kept as written for now).
    pub keys: BTreeMap<String, String>,
    /// How often lists refresh; at least [`MIN_REFRESH_SECONDS`].
    pub refresh_seconds: u64,
    /// How `y` and `Y` copy (OSC 52, or not at all).
    pub clipboard: Clipboard,
    /// Accepted but worth telling the operator (each names file and line).
    pub warnings: Vec<String>,
    /// The file this came from; `None` when there was no config file.
    pub source: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            profiles: Vec::new(),
            default_profile: None,
            keys: BTreeMap::new(),
            refresh_seconds: DEFAULT_REFRESH_SECONDS,
            clipboard: Clipboard::default(),
            warnings: Vec::new(),
            source: None,
        }
    }
}

impl Config {
    /// Reads `paths.config_file`; a missing file gives an empty config (no profiles).
    pub fn load(paths: &Paths) -> Result<Config, ConfigError> {
        let path = &paths.config_file;
        let text = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut config = Config::default();
                if paths.config_from_env {
                    config.warnings.push(format!(
                        "{}: {CONFIG_ENV} names this file but it does not exist; running without profiles",
                        path.display()
                    ));
                }
                return Ok(config);
            }
            Err(source) => {
                return Err(ConfigError::Read {
                    path: path.clone(),
                    source,
                });
            }
        };
        let text = String::from_utf8(text).map_err(|e| {
            let offset = e.utf8_error().valid_up_to();
            let valid = std::str::from_utf8(&e.as_bytes()[..offset]).unwrap_or_default();
            ConfigError::syntax(
                Diagnostic::new("the file is not UTF-8 text")
                    .at(Some(Location::at_offset(path, valid, offset)))
                    .fix("save it as UTF-8"),
            )
        })?;
        let mut config = Config::from_str(&text, path)?;
        config.warn_if_shared(path);
        Ok(config)
    }

    /// Parses and checks config text; `path` is only used in messages.
    pub fn from_str(text: &str, path: &Path) -> Result<Config, ConfigError> {
        Self::from_str_with(text, path, process_env)
    }

    /// As [`Config::from_str`], reading `$HOME` and `$USER` through `env`.
    pub fn from_str_with(
        text: &str,
        path: &Path,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        Self::from_str_among(text, path, &env, &options::registered())
    }

    /// As [`Config::from_str_with`], with profiles naming one of `backends` (the
    /// default first) instead of the registry's.
    pub(crate) fn from_str_among(
        text: &str,
        path: &Path,
        env: &dyn Fn(&str) -> Option<String>,
        backends: &[options::Known],
    ) -> Result<Config, ConfigError> {
        let src = SourceText { text, file: path };
        let document = DeTable::parse(text).map_err(|e| syntax_error(&src, &e))?;

        let mut entries: Vec<_> = document.into_inner().into_iter().collect();
        entries.sort_by_key(|(key, _)| key.span().start);

        let mut config = Config {
            source: Some(path.to_path_buf()),
            ..Config::default()
        };
        let mut default_profile: Option<Spanned<String>> = None;
        for (key, value) in entries {
            let key_span = key.span();
            match &**key.get_ref() {
                "default_profile" => {
                    default_profile =
                        Some(typed(&src, value, "a profile name string, e.g. \"prod\"")?)
                }
                "refresh_seconds" => {
                    config.refresh_seconds = refresh_seconds(&src, value, &mut config.warnings)?;
                }
                "clipboard" => {
                    config.clipboard = settings::read_clipboard(&src, value, &mut config.warnings);
                }
                "keys" => config.keys = settings::read_keys(&src, value, &mut config.warnings),
                "profiles" => config.read_profiles(&src, env, backends, value)?,
                "profile" => {
                    return Err(ConfigError::invalid(
                        src.diag(&key_span, "`profile` is not a key orgdeck knows (did you mean `profiles`?)")
                            .fix("write each profile as a [profiles.NAME] table, e.g. [profiles.prod]; [[profile]] arrays are not used"),
                    ));
                }
                other => return Err(unknown_top_key(&src, other, &key_span)),
            }
        }

        if let Some(wanted) = default_profile {
            config.default_profile = Some(config.check_default_profile(&src, &wanted)?);
        }
        Ok(config)
    }

    /// `[profiles.*]`, in the order they are written.
    fn read_profiles(
        &mut self,
        src: &SourceText<'_>,
        env: &dyn Fn(&str) -> Option<String>,
        backends: &[options::Known],
        value: Spanned<DeValue<'_>>,
    ) -> Result<(), ConfigError> {
        let span = value.span();
        let DeValue::Table(table) = value.into_inner() else {
            return Err(ConfigError::syntax(
                src.diag(&span, "`profiles` must be a table of profiles")
                    .fix("write each profile as a [profiles.NAME] header followed by its keys"),
            ));
        };
        let mut profiles: Vec<_> = table.into_iter().collect();
        profiles.sort_by_key(|(name, _)| name.span().start);
        for (name, value) in profiles {
            let profile = profile::parse_profile(
                src,
                env,
                backends,
                name.get_ref(),
                name.span(),
                value,
                &mut self.warnings,
            )?;
            self.profiles.push(profile);
        }
        Ok(())
    }

    /// The name `default_profile` gives, which must be one of the profiles read.
    fn check_default_profile(
        &self,
        src: &SourceText<'_>,
        wanted: &Spanned<String>,
    ) -> Result<String, ConfigError> {
        let name = wanted.get_ref().trim();
        if self.profile(name).is_some() {
            return Ok(name.to_owned());
        }
        let (problem, fix) = self.unknown_profile(
            name,
            format!("default_profile = {name:?} names no profile"),
            "or remove default_profile",
        );
        Err(ConfigError::invalid(
            src.diag(&wanted.span(), problem).fix(fix),
        ))
    }

    /// `problem` about a name no profile has, with the near name when there is one,
    /// and the fix: one of the names there are, else a table to add (`add` says how).
    fn unknown_profile(&self, name: &str, problem: String, add: &str) -> (String, String) {
        let names: Vec<&str> = self.profiles.iter().map(|p| p.name.as_str()).collect();
        let problem = match did_you_mean(name, &names) {
            Some(guess) => format!("{problem} (did you mean {guess:?}?)"),
            None => problem,
        };
        let fix = if names.is_empty() {
            format!("add a [profiles.{name}] table {add}")
        } else {
            format!("use one of: {}", names.join(", "))
        };
        (problem, fix)
    }

    /// The profile called `name`.
    pub fn profile(&self, name: &str) -> Option<&Profile> {
        self.profiles.iter().find(|p| p.name == name)
    }

    /// The profile to use: `requested` (e.g. `--profile`), else `default_profile`, else the
    /// only profile. `Ok(None)` when there are no profiles (run the sandbox).
    pub fn select(&self, requested: Option<&str>) -> Result<Option<&Profile>, ConfigError> {
        let names: Vec<&str> = self.profiles.iter().map(|p| p.name.as_str()).collect();
        let at = self.source.clone().map(Location::file);
        if let Some(name) = requested {
            return match self.profile(name) {
                Some(profile) => Ok(Some(profile)),
                None => {
                    let (problem, fix) = self.unknown_profile(
                        name,
                        format!("there is no profile {name:?}"),
                        "to the config file",
                    );
                    Err(ConfigError::invalid(
                        Diagnostic::new(problem).at(at).fix(fix),
                    ))
                }
            };
        }
        if let Some(name) = &self.default_profile {
            return Ok(self.profile(name));
        }
        match self.profiles.as_slice() {
            [] => Ok(None),
            [only] => Ok(Some(only)),
            _ => Err(ConfigError::invalid(
                Diagnostic::new(format!(
                    "several profiles ({}) and no default_profile",
                    names.join(", ")
                ))
                .at(at)
                .fix(
                    "choose one with --profile NAME, or set default_profile at the top of the file",
                ),
            )),
        }
    }

    /// Warns when a file holding inline tokens can be read by others.
    fn warn_if_shared(&mut self, path: &Path) {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let inline = self
                .profiles
                .iter()
                .any(|p| matches!(p.token, TokenSource::Inline(_)));
            let mode = std::fs::metadata(path).map_or(0, |m| m.permissions().mode() & 0o777);
            if inline && mode & 0o077 != 0 {
                self.warnings.push(format!(
                    "{}: holds an inline token but has mode {mode:04o}; fix: chmod 600 {}",
                    path.display(),
                    error::shell_quote(&path.display().to_string())
                ));
            }
        }
        #[cfg(not(unix))]
        let _ = path;
    }
}

/// `refresh_seconds`, raised to the minimum (with a warning) when it is below it.
fn refresh_seconds(
    src: &SourceText<'_>,
    value: Spanned<DeValue<'_>>,
    warnings: &mut Vec<String>,
) -> Result<u64, ConfigError> {
    let seconds: Spanned<u64> = typed(src, value, "a whole number of seconds, e.g. 30")?;
    let given = *seconds.get_ref();
    if given >= MIN_REFRESH_SECONDS {
        return Ok(given);
    }
    warnings.push(
        src.diag(
            &seconds.span(),
            format!(
                "refresh_seconds = {given} is below the minimum of {MIN_REFRESH_SECONDS}; using {MIN_REFRESH_SECONDS}"
            ),
        )
        .to_string(),
    );
    Ok(MIN_REFRESH_SECONDS)
}

/// Deserializes one top-level value, with a fix saying what the key takes.
fn typed<'de, T: Deserialize<'de>>(
    src: &SourceText<'_>,
    value: Spanned<DeValue<'de>>,
    takes: &str,
) -> Result<T, ConfigError> {
    let span = value.span();
    T::deserialize(ValueDeserializer::from(value)).map_err(|e| {
        let at = e.span().unwrap_or(span);
        ConfigError::syntax(
            src.diag(&at, e.message())
                .fix(format!("this key takes {takes}")),
        )
    })
}

fn unknown_top_key(src: &SourceText<'_>, key: &str, span: &std::ops::Range<usize>) -> ConfigError {
    let profile_keys = profile::profile_key_names();
    let diag = if profile_keys.contains(&key) {
        src.diag(
            span,
            format!("`{key}` belongs to a profile, not the top of the file"),
        )
        .fix("move it below a [profiles.NAME] header")
    } else if let Some(guess) = did_you_mean(key, TOP_KEYS) {
        src.diag(
            span,
            format!("unknown key `{key}` (did you mean `{guess}`?)"),
        )
    } else {
        src.diag(span, format!("unknown key `{key}`")).fix(format!(
            "remove it; the top of the file knows {}, and [profiles.NAME] tables",
            TOP_KEYS.join(", ")
        ))
    };
    ConfigError::invalid(diag)
}

/// A TOML syntax error, placed and with a fix. Uses only the parser's message (its
/// `Display` would quote the source line, which may hold an inline token).
fn syntax_error(src: &SourceText<'_>, e: &toml::de::Error) -> ConfigError {
    let message = e.message();
    let fix = if message.contains("duplicate key") {
        "each key and each [table] may appear only once; remove or merge the repeat"
    } else if message.contains("quoted") || message.contains("string") {
        "quote text values: key = \"value\""
    } else {
        "check the TOML syntax here: key = value lines under [profiles.NAME] headers; see assets/config.example.toml"
    };
    let location = match e.span() {
        Some(span) => src.location(&span),
        None => Location::file(src.file),
    };
    ConfigError::syntax(
        Diagnostic::new(format!("invalid TOML: {message}"))
            .at(Some(location))
            .fix(fix),
    )
}
