//! One `[profiles.NAME]` table: which server, how to reach it, where its token comes from.

use std::ops::Range;
use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeValue, ValueDeserializer};
use url::Url;

use super::ca::load_ca_file;
use super::error::{ConfigError, Diagnostic, Location, SourceText, did_you_mean};
use super::paths::{expand_tilde, process_env};
use super::token::TokenSource;
use crate::api::audit::default_operator;
use crate::api::client::{ClientSettings, RetryPolicy};
use crate::api::secret::Secret;
use crate::api::tls::CaBundle;
use crate::api::transport::is_loopback;

// The client's own defaults: a profile that leaves a key out gets what a client
// built without a profile gets.
pub use crate::api::client::{
    DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_MAX_BODY_BYTES, DEFAULT_TIMEOUT_MS,
};

/// A configured server. `Debug` never shows a token (inline tokens are [`Secret`]s).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub name: String,
    /// The backend's registry name (`crate::backends`), as the registry spells it.
    pub backend: &'static str,
    pub base_url: Url,
    /// Where the token comes from; read only when [`Profile::token`] is called.
    pub token: TokenSource,
    /// Refuse every write (the console only browses).
    pub read_only: bool,
    /// Whether plain http:// to a non-loopback host was explicitly allowed.
    pub allow_http: bool,
    pub connect_timeout: Duration,
    /// Total time for one request, connection included.
    pub timeout: Duration,
    /// Larger response bodies are refused.
    pub max_body_bytes: u64,
    /// The name recorded in the audit log.
    pub operator: String,
    /// A private CA trusted for this server besides the platform's roots.
    pub ca_file: Option<CaBundle>,
    /// The profile's table header in the config file (`None` for the built-in sandbox).
    pub defined_at: Option<Location>,
}

impl Profile {
    /// The profile for the embedded demo sandbox: plain http allowed, token inline.
    pub fn sandbox(base_url: Url, token: Secret) -> Profile {
        Profile {
            name: "sandbox".to_owned(),
            backend: crate::backends::default().name,
            base_url,
            token: TokenSource::Inline(token),
            read_only: false,
            allow_http: true,
            connect_timeout: Duration::from_millis(DEFAULT_CONNECT_TIMEOUT_MS),
            timeout: Duration::from_millis(DEFAULT_TIMEOUT_MS),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            operator: default_operator(&process_env),
            ca_file: None,
            defined_at: None,
        }
    }

    /// Fetches the token now (environment variable, file or command).
    pub fn token(&self) -> Result<Secret, ConfigError> {
        self.token_with(process_env)
    }

    /// As [`Profile::token`], reading environment variables through `env`.
    pub fn token_with(&self, env: impl Fn(&str) -> Option<String>) -> Result<Secret, ConfigError> {
        self.token_within(&env, super::token::TOKEN_COMMAND_TIMEOUT)
    }

    pub(crate) fn token_within(
        &self,
        env: &dyn Fn(&str) -> Option<String>,
        command_timeout: Duration,
    ) -> Result<Secret, ConfigError> {
        self.token.fetch(env, command_timeout).map_err(|d| {
            ConfigError::Token(Box::new(
                d.in_profile(&self.name).at(self.defined_at.clone()),
            ))
        })
    }

    /// The token's source for humans, e.g. `env ORGDECK_PROD_TOKEN (set)`; never the token.
    pub fn token_source_description(&self) -> String {
        self.token.describe()
    }

    /// As [`Profile::token_source_description`], reading variables through `env`.
    pub fn token_source_description_with(&self, env: impl Fn(&str) -> Option<String>) -> String {
        self.token.describe_with(env)
    }

    /// Whether the base URL points at this machine (the client's rule).
    pub fn is_loopback(&self) -> bool {
        is_loopback(&self.base_url)
    }

    /// What the client is started with for this profile. Both structs are spelt out
    /// in full, without `..`: a key added to either stops the build here until it
    /// is decided whether and how it reaches the client.
    pub fn client_settings(&self, token: Secret, audit: Option<PathBuf>) -> ClientSettings {
        let Profile {
            name,
            backend: _,
            base_url,
            token: _,
            read_only,
            allow_http,
            connect_timeout,
            timeout,
            max_body_bytes,
            operator,
            ca_file,
            defined_at: _,
        } = self;
        ClientSettings {
            profile: name.clone(),
            base_url: base_url.clone(),
            token,
            read_only: *read_only,
            allow_http: *allow_http,
            connect_timeout: *connect_timeout,
            timeout: *timeout,
            max_body_bytes: *max_body_bytes,
            operator: operator.clone(),
            audit,
            retry: RetryPolicy::default(),
            ca_file: ca_file.clone(),
        }
    }
}

/// The registry name `given` stands for (any letter case), or why it stands for none:
/// the known names, and the one it is closest to.
fn check_backend(
    given: &str,
    span: &Range<usize>,
    invalid: &impl Fn(&Range<usize>, String, String) -> ConfigError,
) -> Result<&'static str, ConfigError> {
    if let Some(entry) = crate::backends::find(given.trim()) {
        return Ok(entry.name);
    }
    let names = crate::backends::names();
    let known: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    let fix = match did_you_mean(given.trim(), &names) {
        Some(near) => format!(
            "did you mean \"{near}\"? The known backends: {}",
            known.join(", ")
        ),
        None => format!("use one of the known backends: {}", known.join(", ")),
    };
    Err(invalid(span, format!("unknown backend {given:?}"), fix))
}

/// Every key a profile may have, with what it takes (for type errors).
pub(crate) const PROFILE_KEYS: &[(&str, &str)] = &[
    (
        "backend",
        "a backend name string, one of the registered backends",
    ),
    ("base_url", "a URL string, e.g. \"https://api.example.com\""),
    (
        "token_env",
        "the name of an environment variable, e.g. \"ORGDECK_PROD_TOKEN\"",
    ),
    (
        "token_command",
        "a shell command string, e.g. \"pass show orgdeck/prod\"",
    ),
    (
        "token_file",
        "a path string, e.g. \"~/.config/orgdeck/prod.token\"",
    ),
    (
        "token",
        "a string (an inline token; needs allow_inline_token = true)",
    ),
    ("allow_inline_token", "true or false"),
    ("read_only", "true or false"),
    ("allow_http", "true or false"),
    (
        "connect_timeout_ms",
        "a whole number of milliseconds, e.g. 5000",
    ),
    ("timeout_ms", "a whole number of milliseconds, e.g. 30000"),
    ("max_body_bytes", "a whole number of bytes, e.g. 67108864"),
    ("operator", "a name string, e.g. \"alice\""),
    (
        "ca_file",
        "a path string, e.g. \"~/.config/orgdeck/company-ca.pem\"",
    ),
];

pub(crate) fn profile_key_names() -> Vec<&'static str> {
    PROFILE_KEYS.iter().map(|(k, _)| *k).collect()
}

/// The profile table as written, minus `token` (handled by hand so that a mistyped inline
/// token never ends up quoted in a type error).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProfile {
    backend: Option<Spanned<String>>,
    base_url: Option<Spanned<String>>,
    token_env: Option<Spanned<String>>,
    token_command: Option<Spanned<String>>,
    token_file: Option<Spanned<String>>,
    #[serde(default)]
    allow_inline_token: bool,
    #[serde(default)]
    read_only: bool,
    #[serde(default)]
    allow_http: bool,
    connect_timeout_ms: Option<Spanned<u64>>,
    timeout_ms: Option<Spanned<u64>>,
    max_body_bytes: Option<Spanned<u64>>,
    operator: Option<Spanned<String>>,
    ca_file: Option<Spanned<String>>,
}

/// Reads and checks one profile. `header` is the span of its name in the table header.
pub(crate) fn parse_profile(
    src: &SourceText<'_>,
    env: &dyn Fn(&str) -> Option<String>,
    name: &str,
    header: Range<usize>,
    value: Spanned<DeValue<'_>>,
    warnings: &mut Vec<String>,
) -> Result<Profile, ConfigError> {
    let here = |span: &Range<usize>, problem: String| src.diag(span, problem).in_profile(name);
    let invalid = |span: &Range<usize>, problem: String, fix: String| {
        ConfigError::invalid(here(span, problem).fix(fix))
    };

    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    {
        return Err(ConfigError::invalid(
            src.diag(
                &header,
                format!("profile name {name:?} may only use letters, digits, '-', '_' and '.'"),
            )
            .fix("rename the table, e.g. [profiles.prod-eu]"),
        ));
    }

    let table_span = value.span();
    let DeValue::Table(mut table) = value.into_inner() else {
        return Err(invalid(
            &header,
            "is not a table".to_owned(),
            format!("write it as a [profiles.{name}] header followed by its keys"),
        ));
    };

    let known = profile_key_names();
    let mut value_spans: Vec<(&'static str, Range<usize>)> = Vec::new();
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    for (key, value) in entries {
        let key_name: &str = key.get_ref();
        match known.iter().find(|k| **k == key_name) {
            Some(k) => value_spans.push((k, value.span())),
            None => {
                let (problem, fix) = match did_you_mean(key_name, &known) {
                    Some(guess) => (
                        format!("unknown key `{key_name}` (did you mean `{guess}`?)"),
                        None,
                    ),
                    None => (
                        format!("unknown key `{key_name}`"),
                        Some(format!("remove it; a profile knows {}", known.join(", "))),
                    ),
                };
                let mut d = here(&key.span(), problem);
                d.fix = fix;
                return Err(ConfigError::invalid(d));
            }
        }
    }

    let inline = match table.remove_entry("token") {
        None => None,
        Some((key, value)) => match value.get_ref().as_str() {
            Some(text) => Some((key.span(), Secret::new(text))),
            None => {
                return Err(ConfigError::syntax(
                    here(&value.span(), "`token` must be a string".to_owned())
                        .fix("quote the value, or better move the token to token_env"),
                ));
            }
        },
    };

    let raw = RawProfile::deserialize(ValueDeserializer::from(Spanned::new(
        table_span,
        DeValue::Table(table),
    )))
    .map_err(|e| {
        let span = e.span().unwrap_or_else(|| header.clone());
        let hint = value_spans
            .iter()
            .find(|(_, s)| s.start <= span.start && span.start < s.end.max(s.start + 1))
            .and_then(|(key, _)| PROFILE_KEYS.iter().find(|(k, _)| k == key));
        let fix = match hint {
            Some((key, takes)) => format!("`{key}` takes {takes}"),
            None => "see assets/config.example.toml for every key and its type".to_owned(),
        };
        ConfigError::syntax(here(&span, e.message().to_owned()).fix(fix))
    })?;

    let backend = match &raw.backend {
        None => crate::backends::default().name,
        Some(b) => check_backend(b.get_ref(), &b.span(), &invalid)?,
    };

    let Some(base_url_text) = &raw.base_url else {
        return Err(invalid(
            &header,
            "has no `base_url`".to_owned(),
            "add base_url = \"https://api.example.com\" (the API's root URL)".to_owned(),
        ));
    };
    let base_url = check_base_url(base_url_text, raw.allow_http, &here, warnings)?;

    let token = pick_token_source(src, env, name, &header, &raw, inline, warnings)?;

    let millis = |value: &Option<Spanned<u64>>, key: &str, default: u64| match value {
        None => Ok(default),
        Some(v) if *v.get_ref() == 0 => Err(invalid(
            &v.span(),
            format!("`{key}` must be greater than 0"),
            format!("remove it to use the default ({default}) or give a positive number"),
        )),
        Some(v) => Ok(*v.get_ref()),
    };
    let connect_timeout_ms = millis(
        &raw.connect_timeout_ms,
        "connect_timeout_ms",
        DEFAULT_CONNECT_TIMEOUT_MS,
    )?;
    let timeout_ms = millis(&raw.timeout_ms, "timeout_ms", DEFAULT_TIMEOUT_MS)?;
    let max_body_bytes = millis(
        &raw.max_body_bytes,
        "max_body_bytes",
        DEFAULT_MAX_BODY_BYTES,
    )?;

    let operator = match &raw.operator {
        None => default_operator(env),
        Some(op) if op.get_ref().trim().is_empty() => {
            return Err(invalid(
                &op.span(),
                "`operator` is empty".to_owned(),
                "remove it to use $USER, or give a name".to_owned(),
            ));
        }
        Some(op) => op.get_ref().trim().to_owned(),
    };

    let ca_file = match &raw.ca_file {
        None => None,
        Some(value) => Some(load_ca_file(src, env, value, &here)?),
    };
    if ca_file.is_some() && base_url.scheme() == "http" {
        warnings.push(
            here(
                &header,
                "has a `ca_file` but a plain http:// base_url: the CA is never used".to_owned(),
            )
            .to_string(),
        );
    }

    Ok(Profile {
        name: name.to_owned(),
        backend,
        base_url,
        token,
        read_only: raw.read_only,
        allow_http: raw.allow_http,
        connect_timeout: Duration::from_millis(connect_timeout_ms),
        timeout: Duration::from_millis(timeout_ms),
        max_body_bytes,
        operator,
        ca_file,
        defined_at: Some(src.location(&header)),
    })
}

fn check_base_url(
    text: &Spanned<String>,
    allow_http: bool,
    here: &dyn Fn(&Range<usize>, String) -> Diagnostic,
    warnings: &mut Vec<String>,
) -> Result<Url, ConfigError> {
    let span = text.span();
    let invalid = |problem: String, fix: &str| ConfigError::invalid(here(&span, problem).fix(fix));
    let example = "write an absolute URL such as \"https://api.example.com\"";
    let url = Url::parse(text.get_ref().trim())
        .map_err(|e| invalid(format!("`base_url` is not a valid URL ({e})"), example))?;
    if !matches!(url.scheme(), "https" | "http") {
        return Err(invalid(
            format!(
                "`base_url` uses {}://; orgdeck speaks https (or http)",
                url.scheme()
            ),
            example,
        ));
    }
    if url.host().is_none() {
        return Err(invalid("`base_url` has no host".to_owned(), example));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid(
            "`base_url` contains a user name or password".to_owned(),
            "remove the credentials from the URL and give the token through token_env, token_file or token_command",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid(
            "`base_url` has a ?query or #fragment".to_owned(),
            "keep only scheme, host, port and path, e.g. \"https://api.example.com/v1\"",
        ));
    }
    if url.scheme() == "http" && !is_loopback(&url) {
        let host = url.host_str().unwrap_or_default();
        if !allow_http {
            return Err(invalid(
                format!(
                    "`base_url` uses plain http:// to {host}, which is not this machine: the token would travel unencrypted"
                ),
                "use https://, or add allow_http = true to this profile if the network is trusted",
            ));
        }
        warnings.push(
            here(
                &span,
                format!("uses plain http:// to {host} (allowed by allow_http = true): the token travels unencrypted"),
            )
            .to_string(),
        );
    }
    Ok(url)
}

fn pick_token_source(
    src: &SourceText<'_>,
    env: &dyn Fn(&str) -> Option<String>,
    name: &str,
    header: &Range<usize>,
    raw: &RawProfile,
    inline: Option<(Range<usize>, Secret)>,
    warnings: &mut Vec<String>,
) -> Result<TokenSource, ConfigError> {
    let here = |span: &Range<usize>, problem: String| src.diag(span, problem).in_profile(name);
    let invalid = |span: &Range<usize>, problem: String, fix: &str| {
        ConfigError::invalid(here(span, problem).fix(fix))
    };
    let suggested_var = format!(
        "ORGDECK_{}_TOKEN",
        name.to_ascii_uppercase().replace(['-', '.'], "_")
    );
    let mut sources: Vec<(Range<usize>, TokenSource)> = Vec::new();

    if let Some(var) = &raw.token_env {
        let var_name = var.get_ref().trim();
        let valid = var_name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && var_name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            // Not echoed: people paste the token itself here.
            return Err(invalid(
                &var.span(),
                "`token_env` must be the NAME of an environment variable (letters, digits and _), not the token".to_owned(),
                &format!("write token_env = \"{suggested_var}\" and export {suggested_var}=<token>"),
            ));
        }
        sources.push((var.span(), TokenSource::Env(var_name.to_owned())));
    }
    if let Some(command) = &raw.token_command {
        if command.get_ref().trim().is_empty() {
            return Err(invalid(
                &command.span(),
                "`token_command` is empty".to_owned(),
                "give a command that prints the token, e.g. \"pass show orgdeck/prod\"",
            ));
        }
        sources.push((
            command.span(),
            TokenSource::Command(command.get_ref().clone()),
        ));
    }
    if let Some(file) = &raw.token_file {
        let text = file.get_ref().trim();
        if text.is_empty() {
            return Err(invalid(
                &file.span(),
                "`token_file` is empty".to_owned(),
                "give the path of a file holding the token, e.g. \"~/.config/orgdeck/prod.token\"",
            ));
        }
        let mut path = expand_tilde(text, env);
        if path.is_relative()
            && let Some(dir) = src.file.parent()
        {
            path = dir.join(path);
        }
        sources.push((file.span(), TokenSource::File(path)));
    }
    if let Some((span, secret)) = inline {
        if !raw.allow_inline_token {
            return Err(invalid(
                &span,
                "has an inline `token`, which orgdeck refuses by default (config files get copied and shared)".to_owned(),
                &format!(
                    "move it to an environment variable (token_env = \"{suggested_var}\"), a token_file or a token_command; or add allow_inline_token = true to this profile to accept it anyway"
                ),
            ));
        }
        warnings.push(
            here(
                &span,
                "keeps its token inline in the config file (allowed by allow_inline_token, but discouraged)".to_owned(),
            )
            .fix(format!("prefer token_env = \"{suggested_var}\", token_file or token_command"))
            .to_string(),
        );
        sources.push((span, TokenSource::Inline(secret)));
    }

    sources.sort_by_key(|(span, _)| span.start);
    let mut sources = sources.into_iter();
    let Some((first_span, first)) = sources.next() else {
        return Err(invalid(
            header,
            "has no token source".to_owned(),
            &format!(
                "add exactly one of token_env = \"{suggested_var}\", token_command = \"pass show …\" or token_file = \"~/.config/orgdeck/{name}.token\""
            ),
        ));
    };
    if let Some((second_span, second)) = sources.next() {
        let first_line = src.location(&first_span).line.unwrap_or_default();
        return Err(invalid(
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
