//! Everything that can go wrong between orgdeck and a server, as values an operator
//! can read: a cause, and a hint for what to do about it.

use std::time::Duration;

use serde::Serialize;

use super::model::Capability;
use super::problem::Problem;
use super::tls::{CertProblem, TlsProblem};

/// How a failed write ended when its answer never arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WriteOutcome {
    /// A re-read shows the change was not applied: safe to try again.
    NotDone,
    /// What the change asked for was there before it was sent: nothing changed.
    AlreadySo,
    /// Nothing could establish whether it was applied.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// The server answered with an error status.
    #[error("{0}")]
    Rejected(Box<Problem>),
    #[error("could not connect to {host}: {cause}")]
    Connect { host: String, cause: String },
    /// The server's certificate was refused: nothing was sent.
    #[error("the certificate of {host} {}", .problem.describe(.host))]
    Certificate {
        host: String,
        problem: CertProblem,
        /// The profile's private CA, when it has one.
        ca_file: Option<std::path::PathBuf>,
    },
    /// The TLS handshake failed for another reason: nothing was sent.
    #[error("{}", .problem.describe(.host, *.port))]
    Tls {
        host: String,
        port: u16,
        problem: TlsProblem,
    },
    #[error("no answer within {}s", .after.as_secs_f64())]
    Timeout { after: Duration },
    #[error("the connection failed before the answer was complete: {cause}")]
    Transport { cause: String },
    #[error("the server's answer could not be read: {cause}")]
    Decode { cause: String },
    #[error("the answer is larger than the {limit}-byte limit")]
    TooLarge { limit: u64 },
    /// A list read as it arrives went past the profile's `max_rows`.
    #[error("the list has more than {limit} rows")]
    TooManyRows { limit: u64 },
    /// One row of a list read as it arrives went past `max_row_bytes`.
    #[error("row {row} of the list is longer than {limit} bytes")]
    RowTooLarge { limit: u64, row: u64 },
    #[error("profile {profile} is read-only: refusing to {action}")]
    ReadOnly { profile: String, action: String },
    /// `reason` names what answered how: "GET /customer-organizations/{id} answered 404".
    #[error("this server does not offer {what} ({reason})")]
    Unsupported {
        capability: Capability,
        /// The capability in the schema's words: "deleting organizations".
        what: String,
        reason: String,
    },
    #[error("cancelled")]
    Cancelled {
        superseded: bool,
        /// A cancelled write may still have reached the server.
        write: bool,
    },
    #[error("{}: {cause}", match .outcome {
        WriteOutcome::NotDone => "the change was not applied",
        WriteOutcome::AlreadySo => "nothing was changed",
        WriteOutcome::Unknown => "the change may or may not have been applied",
    })]
    WriteUncertain {
        outcome: WriteOutcome,
        cause: String,
    },
    /// A 3xx answer: never followed, since that would re-send the token (and a
    /// write's body) to wherever it points.
    #[error("the server answered {status} redirecting to {}; orgdeck does not follow redirects on API calls", .location.as_deref().unwrap_or("nowhere (no Location header)"))]
    Redirected {
        status: u16,
        location: Option<String>,
    },
    #[error("{0}")]
    Setup(String),
}

/// Broad classes, for exit codes and for how the UI words things.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorClass {
    /// The server refused the input (validation, conflict, not found).
    Rejected,
    /// Authentication or permission (including read-only profiles).
    Auth,
    /// Network, timeouts, server failures, unreadable answers.
    Network,
    /// Set-up problems: bad URL, insecure transport, a refused certificate.
    Usage,
    Cancelled,
}

impl ApiError {
    pub fn class(&self) -> ErrorClass {
        match self {
            ApiError::Rejected(problem) => match problem.status {
                Some(401 | 403) => ErrorClass::Auth,
                Some(status) if status == 429 || status >= 500 => ErrorClass::Network,
                _ => ErrorClass::Rejected,
            },
            ApiError::ReadOnly { .. } => ErrorClass::Auth,
            ApiError::Setup(_)
            | ApiError::Redirected { .. }
            | ApiError::Certificate { .. }
            | ApiError::Tls { .. } => ErrorClass::Usage,
            ApiError::WriteUncertain {
                outcome: WriteOutcome::AlreadySo,
                ..
            } => ErrorClass::Rejected,
            ApiError::Cancelled { .. } => ErrorClass::Cancelled,
            ApiError::Connect { .. }
            | ApiError::Timeout { .. }
            | ApiError::Transport { .. }
            | ApiError::Decode { .. }
            | ApiError::TooLarge { .. }
            | ApiError::TooManyRows { .. }
            | ApiError::RowTooLarge { .. }
            | ApiError::Unsupported { .. }
            | ApiError::WriteUncertain { .. } => ErrorClass::Network,
        }
    }

    pub fn problem(&self) -> Option<&Problem> {
        match self {
            ApiError::Rejected(problem) => Some(problem.as_ref()),
            _ => None,
        }
    }

    pub fn status(&self) -> Option<u16> {
        self.problem().and_then(|p| p.status)
    }

    /// What the operator can do about it.
    pub fn hint(&self) -> Option<String> {
        if let ApiError::Certificate {
            host,
            problem,
            ca_file,
        } = self
        {
            return Some(problem.hint(host, ca_file.as_deref()));
        }
        if let ApiError::Tls {
            host,
            port,
            problem,
        } = self
        {
            return Some(problem.hint(host, *port));
        }
        // A wait too long to sit through (or a write, never retried): say how long.
        if let Some(length) = self.asked_wait() {
            return Some(format!(
                "the server asks to wait {length}: try again after that"
            ));
        }
        if let ApiError::Rejected(problem) = self
            && let Some(hint) = &problem.hint
        {
            return Some(hint.clone());
        }
        let hint = match self {
            ApiError::Rejected(problem) => match problem.status {
                Some(401) => "check the profile's token (orgdeck info shows where it comes from)",
                Some(403) => "ask an admin of this tenant, or use a profile with more rights",
                Some(429) => "the server is rate limiting: wait and try again",
                Some(s) if s >= 500 => "the server failed; what you typed is kept: try again",
                _ if !problem.fields.is_empty() => "fix the fields named above and submit again",
                _ => return None,
            },
            ApiError::Connect { .. } => "check the profile's base URL and your network",
            ApiError::Timeout { .. } => {
                "the server is slow or unreachable; raise timeout_ms in the profile or try again"
            }
            ApiError::Transport { .. } => "try again",
            ApiError::Decode { .. } => {
                "the server sent something orgdeck cannot read, and would again: check that the profile's base_url is the API's"
            }
            ApiError::TooLarge { .. } => "raise max_body_bytes in the profile if this is expected",
            ApiError::TooManyRows { .. } => {
                "raise max_rows in the profile if this tenant really holds more"
            }
            ApiError::RowTooLarge { .. } => {
                "raise max_row_bytes in the profile if its rows really are that long"
            }
            ApiError::ReadOnly { .. } => "use a profile without read_only = true to change data",
            ApiError::Unsupported { .. } => "nothing to retry: the server lacks that endpoint",
            ApiError::WriteUncertain {
                outcome: WriteOutcome::NotDone,
                ..
            } => "nothing changed on the server: it is safe to submit again",
            ApiError::WriteUncertain {
                outcome: WriteOutcome::AlreadySo,
                ..
            } => "refresh to see it; there is nothing to submit again",
            ApiError::WriteUncertain {
                outcome: WriteOutcome::Unknown,
                ..
            } => "refresh and check before submitting again, or the change may happen twice",
            ApiError::Redirected { .. } => {
                "fix the profile's base_url: if the Location above is the API's real address, use that"
            }
            ApiError::Cancelled { write: true, .. } => {
                "the server may still apply it: refresh to check"
            }
            ApiError::Cancelled { .. }
            | ApiError::Setup(_)
            | ApiError::Certificate { .. }
            | ApiError::Tls { .. } => {
                return None;
            }
        };
        Some(hint.to_owned())
    }

    /// The wait a refusal asks for (429 or 503 with `Retry-After`), as "40s" or
    /// "2m 05s".
    pub fn asked_wait(&self) -> Option<String> {
        let problem = self.problem()?;
        match (problem.status, problem.retry_after_secs) {
            (Some(429 | 503), Some(secs)) => Some(crate::text::wait_length(secs)),
            _ => None,
        }
    }

    /// True for failures where the request may never have reached the server or its
    /// answer was lost: a read may be retried, a write must be reconciled. An answer
    /// that arrived whole but cannot be decoded is not one: the server would send
    /// the same again (a body cut short by the network is a `Transport` failure).
    pub fn is_transient(&self) -> bool {
        match self {
            ApiError::Connect { .. } | ApiError::Timeout { .. } | ApiError::Transport { .. } => {
                true
            }
            ApiError::Rejected(problem) => {
                matches!(problem.status, Some(s) if s == 429 || s >= 500)
            }
            _ => false,
        }
    }

    /// A gateway's failure (502, 503, 504): the server behind it may have applied
    /// a write all the same, so a write answered so is settled by re-reading.
    pub fn is_gateway_failure(&self) -> bool {
        matches!(self.status(), Some(502..=504))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::problem::{Context, normalise};

    #[test]
    fn a_wait_the_server_asks_for_is_in_the_hint() {
        let asked = |status: u16, secs: Option<u64>| {
            ApiError::Rejected(Box::new(
                normalise(status, None, b"", Context::default()).with_retry_after(secs),
            ))
            .hint()
            .unwrap()
        };
        assert_eq!(
            asked(429, Some(125)),
            "the server asks to wait 2m 05s: try again after that"
        );
        assert_eq!(
            asked(503, Some(7_260)),
            "the server asks to wait 2h 01m: try again after that"
        );
        assert_eq!(
            asked(429, None),
            "the server is rate limiting: wait and try again"
        );
        assert!(asked(500, Some(5)).contains("try again"));
        assert!(!asked(500, Some(5)).contains("asks to wait"));
    }
}
