//! Every HTTP exchange the client makes, reported to a caller that asked
//! (`ClientHandle::report_calls`), for the console's request log: method, path
//! and query, status or the failure, duration, the server's request id and the
//! answer's size. Never a secret: headers are not reported, query values whose
//! names look secret are masked, and the token in any form is masked wherever
//! it appears.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use url::Url;

use super::{ClientEvent, Inner, RequestId};
use crate::api::error::ApiError;

tokio::task_local! {
    /// The request a task performs, so an exchange deep in its retries can say
    /// which request it was made for without every path passing the id down.
    pub(super) static ASKED_BY: RequestId;
}

/// One finished HTTP exchange (a retry is an exchange of its own).
#[derive(Debug, Clone, PartialEq)]
pub struct Called {
    /// The request it was made for; None for one made on the client's own
    /// account (settling an earlier run's writes at start).
    pub id: Option<RequestId>,
    pub method: String,
    /// The path and query, secrets masked.
    pub target: String,
    pub outcome: CallOutcome,
    pub took: Duration,
    /// The server's `x-request-id`, masked as every header value read is.
    pub request_id: Option<String>,
    /// Bytes of the answer's body that arrived.
    pub bytes: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub enum CallOutcome {
    /// The server answered with this status.
    Status(u16),
    /// No status arrived: the connection, TLS or the clock failed first.
    Failed(String),
}

/// Query parameter names whose values are credentials, in any letter case and
/// as part of a longer name (`x_api_key`, `client_secret`).
const SECRET_NAMES: &[&str] = &[
    "token",
    "key",
    "secret",
    "password",
    "passwd",
    "signature",
    "credential",
    "session",
];

/// Whether a query parameter's value is to be masked.
fn secret_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    SECRET_NAMES.iter().any(|secret| name.contains(secret))
}

/// The URL's path and query as the log shows it: values of secret-looking
/// parameters masked. The host and any userinfo are left out altogether.
pub fn shown_target(url: &Url) -> String {
    let mut target = url.path().to_owned();
    if url.query().is_some() {
        let pairs: Vec<String> = url
            .query_pairs()
            .map(|(name, value)| {
                let value = if secret_name(&name) {
                    "[redacted]".into()
                } else {
                    value
                };
                format!("{name}={value}")
            })
            .collect();
        target.push('?');
        target.push_str(&pairs.join("&"));
    }
    target
}

/// `text` without the userinfo of `base`: an HTTP error quotes the URL it
/// failed on, credentials and all.
fn without_userinfo(base: &Url, text: &str) -> String {
    let user = base.username();
    match base.password() {
        Some(password) => text
            .replace(&format!("{user}:{password}@"), "")
            .replace(password, "[redacted]"),
        None if !user.is_empty() => text.replace(&format!("{user}@"), ""),
        None => text.to_owned(),
    }
}

impl Inner {
    /// Reports one exchange, when the caller asked for them.
    pub(super) fn report_call(
        &self,
        method: &reqwest::Method,
        url: &Url,
        started: Instant,
        answer: Result<(u16, Option<String>, u64), &ApiError>,
    ) {
        if !self.reports_calls.load(Ordering::Relaxed) {
            return;
        }
        let (outcome, request_id, bytes) = match answer {
            Ok((status, request_id, bytes)) => (CallOutcome::Status(status), request_id, bytes),
            Err(err) => {
                let cause = without_userinfo(&self.settings.base_url, &err.to_string());
                (CallOutcome::Failed(self.redact(&cause)), None, 0)
            }
        };
        let called = Called {
            id: ASKED_BY.try_with(|id| *id).ok(),
            method: method.to_string(),
            target: self.redact(&shown_target(url)),
            outcome,
            took: started.elapsed(),
            request_id,
            bytes,
        };
        let _ = self.events.send(ClientEvent::Called(Box::new(called)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_query_values_userinfo_and_host_are_left_out() {
        let url = Url::parse(
            "https://ada:hunter2@api.example.com/v1/users?status=active&access_token=abc&X-Api-Key=k1&page=2&client_secret=s",
        )
        .unwrap();
        let shown = shown_target(&url);
        assert_eq!(
            shown,
            "/v1/users?status=active&access_token=[redacted]&X-Api-Key=[redacted]&page=2&client_secret=[redacted]"
        );
        for secret in ["hunter2", "ada", "abc", "k1", "api.example.com"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
    }

    #[test]
    fn a_failure_quoting_the_url_loses_its_userinfo() {
        let base = Url::parse("http://ada:pw-hunter2@127.0.0.1:1/api").unwrap();
        let cause = "error sending request for url (http://ada:pw-hunter2@127.0.0.1:1/api/me)";
        let shown = without_userinfo(&base, cause);
        assert_eq!(
            shown,
            "error sending request for url (http://127.0.0.1:1/api/me)"
        );
    }

    #[test]
    fn a_plain_path_is_shown_as_it_is() {
        let url = Url::parse("http://127.0.0.1:1/customer-organizations/co-1").unwrap();
        assert_eq!(shown_target(&url), "/customer-organizations/co-1");
    }
}
