//! One `[profiles.NAME]` table: which server, how to reach it, where its token comes from.

use std::ops::Range;
use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};
use url::Url;

use super::ca::load_ca_file;
use super::error::{ConfigError, Diagnostic, Location, SourceText, did_you_mean};
use super::options::{self, Chosen, Known};
use super::paths::process_env;
use super::token::{ProfileAt, TokenKeys, TokenSource};
use crate::api::audit::default_operator;
use crate::api::client::{ClientSettings, RetryPolicy};
use crate::api::page::PAGE_SIZE_MAX;
use crate::api::schema::BackendOptions;
use crate::api::secret::Secret;
use crate::api::stream::RowLimits;
use crate::api::tls::CaBundle;
use crate::api::transport::is_loopback;
use crate::text::blank_as_none;

// The client's own defaults: a profile that leaves a key out gets what a client
// built without a profile gets.
pub use crate::api::client::{
    DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_MAX_BODY_BYTES, DEFAULT_TIMEOUT_MS,
};
pub use crate::api::stream::{DEFAULT_MAX_ROW_BYTES, DEFAULT_MAX_ROWS};

/// A configured server. `Debug` never shows a token (inline tokens are [`Secret`]s).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub name: String,
    /// The backend's registry name (`crate::backends`), as the registry spells it.
    pub backend: &'static str,
    /// The values of the options the backend declares, defaults filled in.
    pub options: BackendOptions,
    pub base_url: Url,
    /// Where the token comes from; read only when [`Profile::token`] is called.
    pub token: TokenSource,
    /// Refuse every write (the console only browses).
    pub read_only: bool,
    /// Whether plain http:// to a non-loopback host was explicitly allowed.
    pub allow_http: bool,
    pub connect_timeout: Duration,
    /// Total time for one request, connection included; for a streamed list,
    /// the longest wait for its next bytes.
    pub timeout: Duration,
    /// Larger response bodies are refused (a list read as it arrives is not
    /// held whole: `max_rows` and `max_row_bytes` bound it instead).
    pub max_body_bytes: u64,
    /// A list read as it arrives with more rows than this is refused.
    pub max_rows: u64,
    /// A list read as it arrives with a row longer than this is refused.
    pub max_row_bytes: u64,
    /// The name recorded in the audit log.
    pub operator: String,
    /// A private CA trusted for this server besides the platform's roots.
    pub ca_file: Option<CaBundle>,
    /// Items asked for per page of a list, for servers that page; `None`: theirs.
    pub page_size: Option<u32>,
    /// The profile's table header in the config file (`None` for the built-in sandbox).
    pub defined_at: Option<Location>,
}

impl Profile {
    /// The profile for the embedded demo sandbox: plain http allowed, token inline.
    pub fn sandbox(base_url: Url, token: Secret) -> Profile {
        Profile {
            name: "sandbox".to_owned(),
            backend: crate::backends::default().name,
            options: crate::backends::default().option_defaults(),
            base_url,
            token: TokenSource::Inline(token),
            read_only: false,
            allow_http: true,
            connect_timeout: Duration::from_millis(DEFAULT_CONNECT_TIMEOUT_MS),
            timeout: Duration::from_millis(DEFAULT_TIMEOUT_MS),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            max_rows: DEFAULT_MAX_ROWS,
            max_row_bytes: DEFAULT_MAX_ROW_BYTES,
            operator: default_operator(&process_env),
            ca_file: None,
            page_size: None,
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
            // The backend's own: its constructor gets them.
            options: _,
            base_url,
            token: _,
            read_only,
            allow_http,
            connect_timeout,
            timeout,
            max_body_bytes,
            max_rows,
            max_row_bytes,
            operator,
            ca_file,
            page_size,
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
            row_limits: RowLimits {
                max_rows: *max_rows,
                max_row_bytes: *max_row_bytes,
            },
            operator: operator.clone(),
            audit,
            journal: None,
            created: None,
            retry: RetryPolicy::default(),
            ca_file: ca_file.clone(),
            page_size: *page_size,
        }
    }
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
    ("max_rows", "a whole number of rows, e.g. 10000000"),
    ("max_row_bytes", "a whole number of bytes, e.g. 1048576"),
    ("operator", "a name string, e.g. \"alice\""),
    (
        "ca_file",
        "a path string, e.g. \"~/.config/orgdeck/company-ca.pem\"",
    ),
    (
        "page_size",
        "a whole number of items from 1 to 1000, e.g. 100",
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
    max_rows: Option<Spanned<u64>>,
    max_row_bytes: Option<Spanned<u64>>,
    operator: Option<Spanned<String>>,
    ca_file: Option<Spanned<String>>,
    page_size: Option<Spanned<u64>>,
}

/// Reads and checks one profile. `header` is the span of its name in the table header;
/// `backends` are the ones it may name, the default first.
pub(crate) fn parse_profile(
    src: &SourceText<'_>,
    env: &dyn Fn(&str) -> Option<String>,
    backends: &[Known],
    name: &str,
    header: Range<usize>,
    value: Spanned<DeValue<'_>>,
    warnings: &mut Vec<String>,
) -> Result<Profile, ConfigError> {
    let at = ProfileAt {
        src,
        name,
        header: &header,
    };
    let here = |span: &Range<usize>, problem: String| at.here(span, problem);
    let invalid =
        |span: &Range<usize>, problem: String, fix: String| at.invalid(span, problem, &fix);
    check_profile_name(src, name, &header)?;
    let read = read_raw_profile(&at, backends, value)?;
    let (raw, inline) = (read.raw, read.inline);
    let base_url = check_base_url(&raw, &header, &here, warnings)?;
    let keys = TokenKeys {
        env: raw.token_env.as_ref(),
        command: raw.token_command.as_ref(),
        file: raw.token_file.as_ref(),
        inline,
        allow_inline: raw.allow_inline_token,
    };
    let token = TokenSource::from_keys(&at, env, keys, warnings)?;
    let limits = Limits::read(&raw, &invalid)?;
    let page_size = check_page_size(&raw, &invalid)?;
    let operator = match &raw.operator {
        None => default_operator(env),
        Some(op) => check_operator(op, &invalid)?,
    };
    let ca_file = read_ca_file(&at, env, &raw, &base_url, warnings)?;

    Ok(Profile {
        name: name.to_owned(),
        backend: read.backend.known.name,
        options: read.options,
        base_url,
        token,
        read_only: raw.read_only,
        allow_http: raw.allow_http,
        connect_timeout: Duration::from_millis(limits.connect_timeout_ms),
        timeout: Duration::from_millis(limits.timeout_ms),
        max_body_bytes: limits.max_body_bytes,
        max_rows: limits.max_rows,
        max_row_bytes: limits.max_row_bytes,
        operator,
        ca_file,
        page_size,
        defined_at: Some(src.location(&header)),
    })
}

/// An inline `token`: where it is written, and what it is.
type InlineToken = Option<(Range<usize>, Secret)>;

/// A profile's table, read: what serde reads, and what is taken out of it by hand.
struct ReadProfile {
    raw: RawProfile,
    inline: InlineToken,
    backend: Chosen,
    options: BackendOptions,
}

/// The profile's table as serde reads it, and the backend, its options and the
/// inline token taken out of it beforehand; an unknown key or a value of the wrong
/// type is refused, placed.
fn read_raw_profile(
    at: &ProfileAt<'_, '_>,
    backends: &[Known],
    value: Spanned<DeValue<'_>>,
) -> Result<ReadProfile, ConfigError> {
    let here = |span: &Range<usize>, problem: String| at.here(span, problem);
    let invalid =
        |span: &Range<usize>, problem: String, fix: String| at.invalid(span, problem, &fix);
    let table_span = value.span();
    let DeValue::Table(mut table) = value.into_inner() else {
        let fix = format!(
            "write it as a [profiles.{}] header followed by its keys",
            at.name
        );
        return Err(at.invalid(at.header, "is not a table".to_owned(), &fix));
    };
    // Which other keys the profile may have depends on it.
    let backend = options::choose_backend(&mut table, backends, &here, &invalid)?;
    let value_spans = check_keys(&table, &backend, backends, &here)?;
    let options = options::take_options(&mut table, &backend, &invalid)?;
    let inline = take_inline_token(&mut table, &here)?;
    let raw = RawProfile::deserialize(ValueDeserializer::from(Spanned::new(
        table_span,
        DeValue::Table(table),
    )))
    .map_err(|e| type_error(&e, at.header, &value_spans, &here))?;
    Ok(ReadProfile {
        raw,
        inline,
        backend,
        options,
    })
}

/// `page_size`, when given, within what a server may be asked for.
fn check_page_size(
    raw: &RawProfile,
    invalid: &dyn Fn(&Range<usize>, String, String) -> ConfigError,
) -> Result<Option<u32>, ConfigError> {
    let page_size = raw.page_size.as_ref().map(|v| {
        let fits = u32::try_from(*v.get_ref()).ok();
        fits.filter(|n| (1..=PAGE_SIZE_MAX).contains(n))
            .ok_or_else(|| {
                let fix =
                    "remove it for the server's own page size, or give a number in that range";
                let problem = format!("`page_size` must be from 1 to {PAGE_SIZE_MAX}");
                invalid(&v.span(), problem, fix.to_owned())
            })
    });
    page_size.transpose()
}

/// The private CA named by `ca_file`, loaded now so that a bad file is a config
/// error; one that plain http:// never uses is a warning.
fn read_ca_file(
    at: &ProfileAt<'_, '_>,
    env: &dyn Fn(&str) -> Option<String>,
    raw: &RawProfile,
    base_url: &Url,
    warnings: &mut Vec<String>,
) -> Result<Option<CaBundle>, ConfigError> {
    let here = |span: &Range<usize>, problem: String| at.here(span, problem);
    let ca_file = (raw.ca_file.as_ref())
        .map(|value| load_ca_file(at.src, env, value, &here))
        .transpose()?;
    if ca_file.is_some() && base_url.scheme() == "http" {
        let problem = "has a `ca_file` but a plain http:// base_url: the CA is never used";
        warnings.push(here(at.header, problem.to_owned()).to_string());
    }
    Ok(ca_file)
}

/// A given `operator` is trimmed; a blank one is a mistake, not a request for `$USER`.
fn check_operator(
    op: &Spanned<String>,
    invalid: &dyn Fn(&Range<usize>, String, String) -> ConfigError,
) -> Result<String, ConfigError> {
    match blank_as_none(op.get_ref().trim()) {
        Some(name) => Ok(name.to_owned()),
        None => Err(invalid(
            &op.span(),
            "`operator` is empty".to_owned(),
            "remove it to use $USER, or give a name".to_owned(),
        )),
    }
}

/// A profile's name ends up in file names and commands: a plain word only.
fn check_profile_name(
    src: &SourceText<'_>,
    name: &str,
    header: &Range<usize>,
) -> Result<(), ConfigError> {
    if !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    {
        return Ok(());
    }
    Err(ConfigError::invalid(
        src.diag(
            header,
            format!("profile name {name:?} may only use letters, digits, '-', '_' and '.'"),
        )
        .fix("rename the table, e.g. [profiles.prod-eu]"),
    ))
}

/// Refuses an unknown key (naming the near one among the shared keys and the
/// backend's options, or the backend that has it) before serde would, and gives
/// where each shared key's value stands, so a type error can say what the key takes.
fn check_keys(
    table: &DeTable<'_>,
    backend: &Chosen,
    backends: &[Known],
    here: &dyn Fn(&Range<usize>, String) -> Diagnostic,
) -> Result<Vec<(&'static str, Range<usize>)>, ConfigError> {
    let known = profile_key_names();
    let own: Vec<&str> = backend.known.options.iter().map(|o| o.key).collect();
    let mut value_spans = Vec::new();
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    for (key, value) in entries {
        let key_name: &str = key.get_ref();
        if let Some(k) = known.iter().find(|k| **k == key_name) {
            value_spans.push((*k, value.span()));
            continue;
        }
        if own.contains(&key_name) {
            continue;
        }
        if let Some((problem, fix)) = options::elsewhere(key_name, backend, backends) {
            return Err(ConfigError::invalid(here(&key.span(), problem).fix(fix)));
        }
        let all: Vec<&str> = known.iter().chain(&own).copied().collect();
        let (problem, fix) = match did_you_mean(key_name, &all) {
            Some(guess) => (
                format!("unknown key `{key_name}` (did you mean `{guess}`?)"),
                None,
            ),
            None => (
                format!("unknown key `{key_name}`"),
                Some(
                    options::near_elsewhere(key_name, backend, backends).unwrap_or_else(|| {
                        format!("remove it; a profile knows {}", all.join(", "))
                    }),
                ),
            ),
        };
        let mut d = here(&key.span(), problem);
        d.fix = fix;
        return Err(ConfigError::invalid(d));
    }
    Ok(value_spans)
}

/// Takes `token` out of the table by hand, so that serde never quotes it in an error.
fn take_inline_token(
    table: &mut DeTable<'_>,
    here: &dyn Fn(&Range<usize>, String) -> Diagnostic,
) -> Result<InlineToken, ConfigError> {
    let Some((key, value)) = table.remove_entry("token") else {
        return Ok(None);
    };
    match value.get_ref().as_str() {
        Some(text) => Ok(Some((key.span(), Secret::new(text)))),
        None => Err(ConfigError::syntax(
            here(&value.span(), "`token` must be a string".to_owned())
                .fix("quote the value, or better move the token to token_env"),
        )),
    }
}

/// serde's type error, placed at the value and told what its key takes.
fn type_error(
    e: &toml::de::Error,
    header: &Range<usize>,
    value_spans: &[(&'static str, Range<usize>)],
    here: &dyn Fn(&Range<usize>, String) -> Diagnostic,
) -> ConfigError {
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
}

/// The numeric keys, each defaulted and refused at 0.
struct Limits {
    connect_timeout_ms: u64,
    timeout_ms: u64,
    max_body_bytes: u64,
    max_rows: u64,
    max_row_bytes: u64,
}

impl Limits {
    fn read(
        raw: &RawProfile,
        invalid: &dyn Fn(&Range<usize>, String, String) -> ConfigError,
    ) -> Result<Limits, ConfigError> {
        let positive = |value: &Option<Spanned<u64>>, key: &str, default: u64| match value {
            None => Ok(default),
            Some(v) if *v.get_ref() == 0 => Err(invalid(
                &v.span(),
                format!("`{key}` must be greater than 0"),
                format!("remove it to use the default ({default}) or give a positive number"),
            )),
            Some(v) => Ok(*v.get_ref()),
        };
        Ok(Limits {
            connect_timeout_ms: positive(
                &raw.connect_timeout_ms,
                "connect_timeout_ms",
                DEFAULT_CONNECT_TIMEOUT_MS,
            )?,
            timeout_ms: positive(&raw.timeout_ms, "timeout_ms", DEFAULT_TIMEOUT_MS)?,
            max_body_bytes: positive(
                &raw.max_body_bytes,
                "max_body_bytes",
                DEFAULT_MAX_BODY_BYTES,
            )?,
            max_rows: positive(&raw.max_rows, "max_rows", DEFAULT_MAX_ROWS)?,
            max_row_bytes: positive(&raw.max_row_bytes, "max_row_bytes", DEFAULT_MAX_ROW_BYTES)?,
        })
    }
}

fn check_base_url(
    raw: &RawProfile,
    header: &Range<usize>,
    here: &dyn Fn(&Range<usize>, String) -> Diagnostic,
    warnings: &mut Vec<String>,
) -> Result<Url, ConfigError> {
    let Some(text) = &raw.base_url else {
        return Err(ConfigError::invalid(
            here(header, "has no `base_url`".to_owned())
                .fix("add base_url = \"https://api.example.com\" (the API's root URL)"),
        ));
    };
    let allow_http = raw.allow_http;
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
            let fix = if host.eq_ignore_ascii_case("localhost.") {
                "write localhost without the trailing dot (with it the name is looked up in DNS, not in the hosts file), use https://, or add allow_http = true to this profile if the network is trusted"
            } else {
                "use https://, or add allow_http = true to this profile if the network is trusted"
            };
            return Err(invalid(
                format!(
                    "`base_url` uses plain http:// to {host}, which is not this machine: the token would travel unencrypted"
                ),
                fix,
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
