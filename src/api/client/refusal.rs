//! A refused call: the vendor's error shape or the generic normaliser, the token
//! and its derived forms masked, what a server lacks, and how long it asks to wait.

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use super::exchange::header_text;
use super::{Inner, lock};
use crate::api::backend::{Answer, HttpCall};
use crate::api::error::ApiError;
use crate::api::model::Operation;
use crate::api::problem::{Context, Problem, normalise};
use crate::api::secret;

/// What the problem normaliser says of a 404 without a useful body.
const GENERIC_404: &str = "this server does not offer that (404)";
/// How such a 404 is worded instead, after the endpoint; the read path looks for it.
pub(super) const BARE_404: &str =
    "answered 404: nothing by that name, or this server does not offer";

impl Inner {
    pub(super) fn failure(
        &self,
        op: &Operation,
        call: &HttpCall,
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
    ) -> ApiError {
        let answer = Answer {
            status,
            headers,
            body,
        };
        // The vendor's own shape first; what it does not claim, the normaliser reads.
        let problem = match self.backend.problem(op, &answer) {
            Some(vendor) => vendor.cleaned(status.as_u16()),
            None => {
                let role = lock(&self.role).clone();
                let content_type = header_text(headers, "content-type");
                normalise(
                    status.as_u16(),
                    content_type.as_deref(),
                    body,
                    Context {
                        fields: self.backend.form_fields(op),
                        role: role.as_deref(),
                    },
                )
            }
        }
        .with_request_id(header_text(headers, "x-request-id"))
        .with_retry_after(retry_after(headers, SystemTime::now()));
        let mut problem = self.redact_problem(problem);
        let endpoint = self.backend.endpoint(op);
        let missing_endpoint = matches!(status.as_u16(), 405 | 501)
            || (status == StatusCode::NOT_FOUND && self.backend.missing_endpoint_on_404(op));
        tracing::debug!(request = %self.redact(&call.describe()), %endpoint, missing_endpoint, "refused");
        if missing_endpoint {
            let capability = op.capability();
            let reason = format!("{endpoint} answered {}", status.as_u16());
            // One organization can still be read from the list: the read path
            // decides once it has tried that.
            if !matches!(op, Operation::GetNode { .. }) {
                self.lose_capability(capability, &reason);
            }
            let what = self.backend.schema().offer(capability);
            return ApiError::Unsupported {
                capability,
                what,
                reason,
            };
        }
        if status == StatusCode::NOT_FOUND && problem.summary == GENERIC_404 {
            // A bare 404 on an item path: the item is gone, or the path never existed.
            let what = self.backend.schema().offer(op.capability());
            problem.summary = format!("{endpoint} {BARE_404} {what}");
        }
        ApiError::Rejected(Box::new(problem))
    }

    /// The body's own text is read with JSON escapes spelled out: a server that echoes
    /// the token as `\u0074\u006f…` would otherwise get it past the masking, into
    /// `--json`'s `raw`, for anyone who decodes that. Every derived form of the
    /// credential is masked too (a server may echo the whole `Authorization` header).
    fn redact_problem(&self, mut problem: Problem) -> Problem {
        let redact = |text: &str| self.redact(&secret::unescaped(text));
        problem.summary = redact(&problem.summary);
        problem.raw = redact(&problem.raw);
        for field in &mut problem.fields {
            field.message = redact(&field.message);
        }
        // A request id is quoted on stderr, in --json and in the audit trail.
        problem.request_id = problem.request_id.map(|id| self.redact(&id));
        problem
    }
}

/// The wait `Retry-After` asks for, in whole seconds: a number of seconds, or an
/// HTTP date (IMF-fixdate, RFC 850 or asctime, RFC 9110 §10.2.3). A date is
/// measured against the answer's own `Date` when it has one, so a client clock
/// that is off does not stretch or skip the wait.
pub(super) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<u64> {
    let value = header_text(headers, "retry-after")?;
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(secs);
    }
    let at = httpdate::parse_http_date(value).ok()?;
    let now = header_text(headers, "date")
        .and_then(|date| httpdate::parse_http_date(date.trim()).ok())
        .unwrap_or(now);
    let wait = at.duration_since(now).unwrap_or(Duration::ZERO);
    Some(wait.as_secs() + u64::from(wait.subsec_nanos() > 0))
}

/// A refusal whose body broke off: what the part that arrived says, when it says
/// more than the status alone would, else that the reason was cut off.
pub(super) fn cut_off(err: ApiError, partial: &[u8], status: StatusCode) -> ApiError {
    let ApiError::Rejected(mut problem) = err else {
        return err;
    };
    let bare = normalise(status.as_u16(), None, b"", Context::default());
    let readable =
        !partial.is_empty() && (problem.summary != bare.summary || !problem.fields.is_empty());
    if !readable {
        let what = if status.is_server_error() {
            "failed"
        } else {
            "refused it"
        };
        problem.summary = format!(
            "the server {what} ({}), its reason was cut off",
            status.as_u16()
        );
    }
    ApiError::Rejected(problem)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn refused(status: u16, partial: &[u8]) -> String {
        let problem = normalise(
            status,
            Some("application/problem+json"),
            partial,
            Context::default(),
        );
        let status = StatusCode::from_u16(status).unwrap();
        match cut_off(ApiError::Rejected(Box::new(problem)), partial, status) {
            ApiError::Rejected(problem) => problem.summary,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn a_cut_off_refusal_keeps_its_reason_when_it_arrived() {
        let body = br#"{"title":"Conflict","status":409,"detail":"domain acme-ltd.com is already used by Acme Ltd","errors":[{"poin"#;
        assert!(refused(409, body).contains("acme-ltd.com is already used"));
        for partial in [&br#"{"title":"Conflict","status":409,"deta"#[..], b""] {
            assert_eq!(
                refused(409, partial),
                "the server refused it (409), its reason was cut off"
            );
        }
        assert_eq!(
            refused(503, b"<html><bo"),
            "the server failed (503), its reason was cut off"
        );
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        headers
    }

    #[test]
    fn retry_after_reads_seconds_and_every_http_date_form() {
        let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        let wait = |value: &str| retry_after(&headers(&[("retry-after", value)]), now);
        assert_eq!(wait("120"), Some(120));
        assert_eq!(wait(" 7 "), Some(7));
        // IMF-fixdate, RFC 850 and asctime (RFC 9110 §5.6.7).
        assert_eq!(wait("Sun, 06 Nov 1994 08:51:37 GMT"), Some(120));
        assert_eq!(wait("Sunday, 06-Nov-94 08:50:07 GMT"), Some(30));
        assert_eq!(wait("Sun Nov  6 08:49:47 1994"), Some(10));
        // A moment already past: no wait at all.
        assert_eq!(wait("Sun, 06 Nov 1994 08:00:00 GMT"), Some(0));
        assert_eq!(wait("soon"), None);
        assert_eq!(wait("-5"), None);
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
    }

    #[test]
    fn a_retry_after_date_is_measured_on_the_servers_clock() {
        // The client's clock is a day ahead; the server's Date says it is 08:49:37.
        let skewed = httpdate::parse_http_date("Mon, 07 Nov 1994 08:49:37 GMT").unwrap();
        let answer = headers(&[
            ("date", "Sun, 06 Nov 1994 08:49:37 GMT"),
            ("retry-after", "Sun, 06 Nov 1994 08:50:37 GMT"),
        ]);
        assert_eq!(retry_after(&answer, skewed), Some(60));
        // An unreadable Date falls back to the client's clock.
        let answer = headers(&[
            ("date", "yesterday"),
            ("retry-after", "Mon, 07 Nov 1994 08:49:40 GMT"),
        ]);
        assert_eq!(retry_after(&answer, skewed), Some(3));
    }
}
