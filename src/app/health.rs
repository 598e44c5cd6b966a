//! How a tenant is doing, for the tenants pane: a server that is down reads
//! apart from a token it rejects and from a role too narrow to read who it is,
//! each with what to do about it.

use std::time::Duration;

use crate::api::error::ApiError;

use super::Tenant;
use super::remote::Status;

#[derive(Debug, Clone, PartialEq)]
pub enum Health {
    /// The profile cannot be used at all (its token could not be read…).
    SetUp(String),
    Checking,
    /// Who-am-I answered, this fast when it was timed.
    Up(Option<Duration>),
    /// No answer came: refused, unreachable, timed out; why, in a few words.
    Down(String),
    /// 401: the token is not (or no longer) taken; the server's words.
    TokenRejected(String),
    /// 403: the token is taken but its role may not read even who it is.
    RoleTooNarrow(String),
    /// Any other failure: its words and hint.
    Failing {
        text: String,
        hint: Option<String>,
    },
}

impl Health {
    /// From who-am-I's failure.
    pub fn of_error(error: &ApiError) -> Health {
        let detail = || {
            error
                .problem()
                .map_or_else(String::new, |p| p.summary.clone())
        };
        match error {
            ApiError::Connect { cause, .. } => Health::Down(connect_reason(cause).to_owned()),
            ApiError::Timeout { .. } => Health::Down("timed out".into()),
            ApiError::Transport { .. } => Health::Down("connection dropped".into()),
            _ if error.status() == Some(401) => Health::TokenRejected(detail()),
            _ if error.status() == Some(403) => Health::RoleTooNarrow(detail()),
            _ => {
                let (text, hint) = super::remote::told(error);
                Health::Failing { text, hint }
            }
        }
    }

    /// A few words for the tenants list's STATUS column.
    pub fn label(&self) -> String {
        match self {
            Health::SetUp(_) => "set-up error".into(),
            Health::Checking => "checking…".into(),
            Health::Up(Some(latency)) => format!("{} ms", latency.as_millis()),
            Health::Up(None) => "…".into(),
            Health::Down(_) => "server down".into(),
            Health::TokenRejected(_) => "token rejected".into(),
            Health::RoleTooNarrow(_) => "role too narrow".into(),
            Health::Failing { .. } => "failing".into(),
        }
    }

    /// The whole of it: "server down (connection refused)", "token rejected
    /// (401: invalid token)", "role too narrow (403: …)".
    pub fn text(&self) -> String {
        let with = |status: u16, detail: &str| match detail.is_empty() {
            true => format!("({status})"),
            false => format!("({status}: {detail})"),
        };
        match self {
            Health::SetUp(why) => why.clone(),
            Health::Checking | Health::Up(_) => self.label(),
            Health::Down(reason) => format!("server down ({reason})"),
            Health::TokenRejected(detail) => format!("token rejected {}", with(401, detail)),
            Health::RoleTooNarrow(detail) => format!("role too narrow {}", with(403, detail)),
            Health::Failing { text, .. } => text.clone(),
        }
    }

    /// What to do about it.
    pub fn hint(&self) -> Option<String> {
        let hint = match self {
            Health::Checking | Health::Up(_) => return None,
            Health::Failing { hint, .. } => return hint.clone(),
            Health::SetUp(_) => "fix the profile in the config file (? shows where)",
            Health::Down(_) => {
                "check the profile's base_url and that the server runs; r asks again"
            }
            Health::TokenRejected(_) => {
                "check the profile's token (or token_command); r asks again"
            }
            Health::RoleTooNarrow(_) => {
                "ask the tenant's admin for a wider role, or use another profile"
            }
        };
        Some(hint.to_owned())
    }

    pub fn is_bad(&self) -> bool {
        !matches!(self, Health::Checking | Health::Up(_))
    }
}

/// "connection refused", "name not found"…: the part of a connect error that
/// tells an operator where to look.
fn connect_reason(cause: &str) -> &'static str {
    let cause = cause.to_lowercase();
    let known = [
        ("refused", "connection refused"),
        ("dns", "name not found"),
        ("lookup", "name not found"),
        ("not known", "name not found"),
        ("unreachable", "network unreachable"),
        ("timed out", "timed out"),
        ("reset", "connection reset"),
    ];
    known
        .iter()
        .find(|(seen, _)| cause.contains(seen))
        .map_or("cannot connect", |(_, reason)| reason)
}

impl Tenant {
    /// How the tenant is doing, from its set-up and who-am-I's last answer.
    pub fn health(&self) -> Health {
        if let Some(why) = &self.setup_error {
            return Health::SetUp(why.clone());
        }
        match (&self.me.status, &self.me_error) {
            (Status::Failed { .. }, Some(error)) => Health::of_error(error),
            (Status::Failed { trouble, .. }, None) => Health::Failing {
                text: trouble.cause.clone(),
                hint: trouble.hint.clone(),
            },
            (Status::Loading { .. } | Status::Idle, _) if self.me.data.is_none() => {
                Health::Checking
            }
            _ => Health::Up(self.latency),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::problem::{Context, normalise};

    fn refused(status: u16, body: &str) -> ApiError {
        ApiError::Rejected(Box::new(normalise(
            status,
            Some("application/json"),
            body.as_bytes(),
            Context::default(),
        )))
    }

    #[test]
    fn down_rejected_and_narrow_read_apart() {
        let down = Health::of_error(&ApiError::Connect {
            host: "127.0.0.1".into(),
            cause: "tcp connect error: Connection refused (os error 111)".into(),
        });
        assert_eq!(down.text(), "server down (connection refused)");
        assert!(down.hint().unwrap().contains("base_url"));
        let slow = Health::of_error(&ApiError::Timeout {
            after: Duration::from_secs(30),
        });
        assert_eq!(slow.text(), "server down (timed out)");
        let rejected = Health::of_error(&refused(401, r#"{"detail":"invalid token"}"#));
        assert_eq!(rejected.label(), "token rejected");
        assert!(
            rejected.text().starts_with("token rejected (401"),
            "{rejected:?}"
        );
        assert!(rejected.hint().unwrap().contains("token"));
        let narrow = Health::of_error(&refused(403, r#"{"detail":"agents may not"}"#));
        assert_eq!(narrow.label(), "role too narrow");
        assert!(
            narrow.text().starts_with("role too narrow (403"),
            "{narrow:?}"
        );
        assert!(narrow.hint().unwrap().contains("role"));
        let failing = Health::of_error(&refused(500, "{}"));
        assert_eq!(failing.label(), "failing");
        for health in [down, rejected, narrow, failing] {
            assert!(health.is_bad());
        }
        assert!(!Health::Up(None).is_bad());
    }
}
