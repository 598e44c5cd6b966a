//! Where a profile's token comes from, and fetching it only when it is needed.
//!
//! Every message here names the source (variable, file, command) and never the token: a
//! command's stdout is never shown, and its stderr is shown with anything it printed on
//! stdout blanked out.

use std::io::Read;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Duration;

use toml::Spanned;

use super::error::{ConfigError, Diagnostic, SourceText, shell_quote};
use super::paths::{display_path, expand_tilde, process_env};
use super::token_command::run_token_command;
use crate::api::secret::Secret;

/// How long a `token_command` may run.
pub const TOKEN_COMMAND_TIMEOUT: Duration = Duration::from_secs(10);

/// The most of a token command's stdout or stderr that is read, and the largest token
/// file that is read: a token is one line, and a runaway command or a file pointed
/// at the wrong place must not fill memory.
pub(crate) const OUTPUT_LIMIT: u64 = 64 * 1024;

/// Where a token comes from. `Debug` is safe: an inline token is a [`Secret`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenSource {
    /// `token_env`: the name of an environment variable holding the token.
    Env(String),
    /// `token_command`: run with `sh -c`; its trimmed stdout is the token.
    Command(String),
    /// `token_file`: a file (mode 0600 or stricter) holding the token; `~` already expanded.
    File(PathBuf),
    /// `token` with `allow_inline_token = true`, or the embedded sandbox's demo token.
    Inline(Secret),
}

impl TokenSource {
    /// The config key this source is written with.
    pub fn key(&self) -> &'static str {
        match self {
            TokenSource::Env(_) => "token_env",
            TokenSource::Command(_) => "token_command",
            TokenSource::File(_) => "token_file",
            TokenSource::Inline(_) => "token",
        }
    }

    /// Fetches the token now, from the process environment / the file / the command.
    pub fn resolve(&self) -> Result<Secret, ConfigError> {
        self.resolve_with(process_env)
    }

    /// As [`TokenSource::resolve`], reading environment variables through `env` (the
    /// command still runs with the process environment).
    pub fn resolve_with(
        &self,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Secret, ConfigError> {
        self.fetch(&env, TOKEN_COMMAND_TIMEOUT)
            .map_err(ConfigError::Token)
    }

    pub(crate) fn fetch(
        &self,
        env: &dyn Fn(&str) -> Option<String>,
        command_timeout: Duration,
    ) -> Result<Secret, Box<Diagnostic>> {
        match self {
            TokenSource::Env(name) => {
                let Some(value) = env(name) else {
                    return Err(fail(
                        format!("environment variable {name} (token_env) is not set"),
                        format!("export {name} before starting orgdeck, or change token_env"),
                    ));
                };
                checked_token(&value).map_err(|flaw| {
                    fail(
                        format!("environment variable {name} (token_env) {flaw}"),
                        format!("set {name} to the token alone"),
                    )
                })
            }
            TokenSource::File(path) => read_token_file(path, env),
            TokenSource::Command(command) => run_token_command(command, command_timeout),
            TokenSource::Inline(secret) => checked_token(secret.expose()).map_err(|flaw| {
                fail(
                    format!("the inline token {flaw}"),
                    "set `token` to the token alone, or better use token_env",
                )
            }),
        }
    }

    /// What an operator sees in `orgdeck info`: the source and whether it looks usable,
    /// without reading the token (the file's mode is checked; its contents are not read).
    pub fn describe(&self) -> String {
        self.describe_with(process_env)
    }

    /// As [`TokenSource::describe`], reading environment variables through `env`.
    pub fn describe_with(&self, env: impl Fn(&str) -> Option<String>) -> String {
        let env = &env as &dyn Fn(&str) -> Option<String>;
        match self {
            TokenSource::Env(name) => match env(name) {
                Some(value) if value.trim().is_empty() => format!("env {name} (set but empty)"),
                Some(_) => format!("env {name} (set)"),
                None => format!("env {name} (not set)"),
            },
            TokenSource::File(path) => {
                let shown = display_path(path, env);
                match std::fs::metadata(path) {
                    Err(_) => format!("file {shown} (missing)"),
                    Ok(meta) => match file_mode(&meta) {
                        Some(mode) if mode & 0o077 != 0 => format!(
                            "file {shown} (mode {mode:04o}, too open: chmod 600 {})",
                            shell_quote(&shown)
                        ),
                        Some(mode) => format!("file {shown} (mode {mode:04o})"),
                        None => format!("file {shown}"),
                    },
                }
            }
            TokenSource::Command(command) => format!("command `{command}`"),
            TokenSource::Inline(_) => "inline in config (discouraged)".to_owned(),
        }
    }
}

pub(super) fn fail(problem: impl Into<String>, fix: impl Into<String>) -> Box<Diagnostic> {
    Box::new(Diagnostic::new(problem).fix(fix))
}

/// The permission bits of a file, where the platform has them.
#[cfg(unix)]
fn file_mode(meta: &std::fs::Metadata) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    Some(meta.permissions().mode() & 0o7777)
}

#[cfg(not(unix))]
fn file_mode(_meta: &std::fs::Metadata) -> Option<u32> {
    None
}

/// The trimmed token, or what is wrong with the text (never including it).
pub(super) fn checked_token(text: &str) -> Result<Secret, &'static str> {
    let token = text.trim();
    if token.is_empty() {
        return Err("is empty");
    }
    if token.chars().any(char::is_control) {
        return Err("holds more than one line (or control characters)");
    }
    let secret = Secret::new(token);
    secret.remember();
    Ok(secret)
}

fn read_token_file(
    path: &Path,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Secret, Box<Diagnostic>> {
    let shown = display_path(path, env);
    let meta = std::fs::metadata(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            fail(
                format!("token file {shown} does not exist"),
                format!(
                    "create it with the token in it (umask 077; cat > {}) or correct token_file",
                    shell_quote(&shown)
                ),
            )
        } else {
            fail(
                format!("cannot read token file {shown}: {e}"),
                "check the path and its permissions",
            )
        }
    })?;
    if !meta.is_file() {
        return Err(fail(
            format!("token file {shown} is not a regular file"),
            "point token_file at a file that holds only the token",
        ));
    }
    if let Some(mode) = file_mode(&meta).filter(|mode| mode & 0o077 != 0) {
        return Err(fail(
            format!(
                "token file {shown} has mode {mode:04o}: group or others can access it, so orgdeck refuses to use it"
            ),
            format!("chmod 600 {}", shell_quote(&path.display().to_string())),
        ));
    }
    let too_large = || {
        fail(
            format!(
                "token file {shown} is larger than {} KiB, too large to hold a token",
                OUTPUT_LIMIT / 1024
            ),
            "point token_file at a file that holds only the token",
        )
    };
    if meta.len() > OUTPUT_LIMIT {
        return Err(too_large());
    }
    let cannot_read = |e: std::io::Error| {
        fail(
            format!("cannot read token file {shown}: {e}"),
            "check that you own the file and can read it",
        )
    };
    let mut bytes = Vec::new();
    // Read with a cap too: the file can grow between the check and the read.
    std::fs::File::open(path)
        .and_then(|file| file.take(OUTPUT_LIMIT + 1).read_to_end(&mut bytes))
        .map_err(cannot_read)?;
    if bytes.len() as u64 > OUTPUT_LIMIT {
        return Err(too_large());
    }
    let text = String::from_utf8(bytes).map_err(|_| {
        fail(
            format!("token file {shown} is not UTF-8 text"),
            "write the token into it as plain text",
        )
    })?;
    checked_token(&text).map_err(|flaw| {
        fail(
            format!("token file {shown} {flaw}"),
            "put only the token in the file (a trailing newline is fine)",
        )
    })
}

/// A profile's token keys as written (`token` is taken out of the table by hand, so
/// that a mistyped inline token is never quoted in a type error).
pub(super) struct TokenKeys<'a> {
    pub env: Option<&'a Spanned<String>>,
    pub command: Option<&'a Spanned<String>>,
    pub file: Option<&'a Spanned<String>>,
    pub inline: Option<(Range<usize>, Secret)>,
    pub allow_inline: bool,
}

/// Where one profile's diagnostics point: its file and name.
pub(super) struct ProfileAt<'s, 'src> {
    pub src: &'s SourceText<'src>,
    pub name: &'s str,
    pub header: &'s Range<usize>,
}

impl ProfileAt<'_, '_> {
    pub fn invalid(&self, span: &Range<usize>, problem: String, fix: &str) -> ConfigError {
        ConfigError::invalid(self.here(span, problem).fix(fix))
    }

    pub fn here(&self, span: &Range<usize>, problem: String) -> Diagnostic {
        self.src.diag(span, problem).in_profile(self.name)
    }

    /// The variable `token_env` should name for this profile.
    fn suggested_var(&self) -> String {
        format!(
            "ORGDECK_{}_TOKEN",
            self.name.to_ascii_uppercase().replace(['-', '.'], "_")
        )
    }
}

impl TokenSource {
    /// The one source a profile's keys name, each checked; none or two is an error.
    pub(super) fn from_keys(
        at: &ProfileAt<'_, '_>,
        env: &dyn Fn(&str) -> Option<String>,
        keys: TokenKeys<'_>,
        warnings: &mut Vec<String>,
    ) -> Result<TokenSource, ConfigError> {
        let mut sources: Vec<(Range<usize>, TokenSource)> = Vec::new();
        if let Some(var) = keys.env {
            sources.push((var.span(), env_source(at, var)?));
        }
        if let Some(command) = keys.command {
            if command.get_ref().trim().is_empty() {
                return Err(at.invalid(
                    &command.span(),
                    "`token_command` is empty".to_owned(),
                    "give a command that prints the token, e.g. \"pass show orgdeck/prod\"",
                ));
            }
            let source = TokenSource::Command(command.get_ref().clone());
            sources.push((command.span(), source));
        }
        if let Some(file) = keys.file {
            sources.push((file.span(), file_source(at, env, file)?));
        }
        if let Some((span, secret)) = keys.inline {
            check_inline(at, &span, keys.allow_inline, warnings)?;
            sources.push((span, TokenSource::Inline(secret)));
        }
        exactly_one(at, sources)
    }
}

fn env_source(at: &ProfileAt<'_, '_>, var: &Spanned<String>) -> Result<TokenSource, ConfigError> {
    let var_name = var.get_ref().trim();
    let valid = var_name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && var_name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid {
        let suggested_var = at.suggested_var();
        // Not echoed: people paste the token itself here.
        return Err(at.invalid(
            &var.span(),
            "`token_env` must be the NAME of an environment variable (letters, digits and _), not the token".to_owned(),
            &format!("write token_env = \"{suggested_var}\" and export {suggested_var}=<token>"),
        ));
    }
    Ok(TokenSource::Env(var_name.to_owned()))
}

/// A relative `token_file` is relative to the config file, not to where orgdeck runs.
fn file_source(
    at: &ProfileAt<'_, '_>,
    env: &dyn Fn(&str) -> Option<String>,
    file: &Spanned<String>,
) -> Result<TokenSource, ConfigError> {
    let text = file.get_ref().trim();
    if text.is_empty() {
        return Err(at.invalid(
            &file.span(),
            "`token_file` is empty".to_owned(),
            "give the path of a file holding the token, e.g. \"~/.config/orgdeck/prod.token\"",
        ));
    }
    let mut path = expand_tilde(text, env);
    if path.is_relative()
        && let Some(dir) = at.src.file.parent()
    {
        path = dir.join(path);
    }
    Ok(TokenSource::File(path))
}

/// An inline token is refused unless allowed, and warned about when it is.
fn check_inline(
    at: &ProfileAt<'_, '_>,
    span: &Range<usize>,
    allowed: bool,
    warnings: &mut Vec<String>,
) -> Result<(), ConfigError> {
    let suggested_var = at.suggested_var();
    if !allowed {
        return Err(at.invalid(
            span,
            "has an inline `token`, which orgdeck refuses by default (config files get copied and shared)".to_owned(),
            &format!(
                "move it to an environment variable (token_env = \"{suggested_var}\"), a token_file or a token_command; or add allow_inline_token = true to this profile to accept it anyway"
            ),
        ));
    }
    warnings.push(
        at.here(
            span,
            "keeps its token inline in the config file (allowed by allow_inline_token, but discouraged)".to_owned(),
        )
        .fix(format!("prefer token_env = \"{suggested_var}\", token_file or token_command"))
        .to_string(),
    );
    Ok(())
}

/// The one source given, or which two are (in the order they are written).
fn exactly_one(
    at: &ProfileAt<'_, '_>,
    mut sources: Vec<(Range<usize>, TokenSource)>,
) -> Result<TokenSource, ConfigError> {
    sources.sort_by_key(|(span, _)| span.start);
    let mut sources = sources.into_iter();
    let Some((first_span, first)) = sources.next() else {
        let (suggested_var, name) = (at.suggested_var(), at.name);
        return Err(at.invalid(
            at.header,
            "has no token source".to_owned(),
            &format!(
                "add exactly one of token_env = \"{suggested_var}\", token_command = \"pass show …\" or token_file = \"~/.config/orgdeck/{name}.token\""
            ),
        ));
    };
    if let Some((second_span, second)) = sources.next() {
        let first_line = at.src.location(&first_span).line.unwrap_or_default();
        return Err(at.invalid(
            &second_span,
            format!(
                "has two token sources: `{}` (line {first_line}) and `{}`",
                first.key(),
                second.key()
            ),
            "keep exactly one of token_env, token_command, token_file (and token)",
        ));
    }
    Ok(first)
}
