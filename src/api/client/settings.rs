//! What the client task is started with: one tenant, one user, the limits and
//! the retry policy (a configured profile becomes these through
//! `config::Profile::client_settings`).

use std::path::PathBuf;
use std::time::Duration;

use url::Url;

use crate::api::audit::default_operator;
use crate::api::secret::Secret;
use crate::api::stream::RowLimits;
use crate::api::tls::CaBundle;

#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Tries in all for a read, the first included.
    pub attempts: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// A `Retry-After` longer than this is reported instead of waited out.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 4,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(30),
        }
    }
}

pub const DEFAULT_CONNECT_TIMEOUT_MS: u64 = 5_000;
pub const DEFAULT_TIMEOUT_MS: u64 = 30_000;
pub const DEFAULT_MAX_BODY_BYTES: u64 = 64 * 1024 * 1024;

/// Everything the client needs to talk to one tenant as one user. A configured
/// profile becomes these through `config::Profile::client_settings`.
#[derive(Debug, Clone)]
pub struct ClientSettings {
    pub profile: String,
    pub base_url: Url,
    pub token: Secret,
    pub read_only: bool,
    pub allow_http: bool,
    pub connect_timeout: Duration,
    /// Bounds one request whole; a streamed list, each wait for its next bytes.
    pub timeout: Duration,
    /// Caps a whole answer's body; a streamed list is capped by `row_limits`.
    pub max_body_bytes: u64,
    /// Caps a list read as it arrives (`ClientHandle::stream`).
    pub row_limits: RowLimits,
    pub operator: String,
    pub audit: Option<PathBuf>,
    /// Where keyed creates are written down before they go out (see `journal`).
    pub journal: Option<PathBuf>,
    /// Where nodes this profile created on a level that remembers them
    /// (`schema::Collected::remember_created`) are written down (see `remembered`).
    pub created: Option<PathBuf>,
    pub retry: RetryPolicy,
    /// A private CA trusted in addition to the platform's roots.
    pub ca_file: Option<CaBundle>,
    /// How many items to ask for per page of a list; `None`: the server's default.
    pub page_size: Option<u32>,
}

impl ClientSettings {
    /// Settings with the defaults a profile that sets nothing gets: read-write, https
    /// only (or http to this machine), the default limits, and the operator from the
    /// environment as the config would name it.
    pub fn new(profile: impl Into<String>, base_url: Url, token: Secret) -> Self {
        ClientSettings {
            profile: profile.into(),
            base_url,
            token,
            read_only: false,
            allow_http: false,
            connect_timeout: Duration::from_millis(DEFAULT_CONNECT_TIMEOUT_MS),
            timeout: Duration::from_millis(DEFAULT_TIMEOUT_MS),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            row_limits: RowLimits::default(),
            operator: default_operator(&|name| std::env::var(name).ok()),
            audit: None,
            journal: None,
            created: None,
            retry: RetryPolicy::default(),
            ca_file: None,
            page_size: None,
        }
    }
}
