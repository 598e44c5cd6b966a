//! One round trip to the server: the URL, the request with auth and conditional
//! headers, a size-capped body, and the mapping of failures to `ApiError`.

use std::time::{Duration, Instant, SystemTime};

use reqwest::header::{self, HeaderMap};
use reqwest::{Method, StatusCode};
use url::Url;

use super::{CachedBody, ClientEvent, Inner, ReadMode, RequestId, lock};
use crate::api::backend::{Decoded, HttpCall};
use crate::api::error::ApiError;
use crate::api::model::{Capability, Operation, Support};
use crate::api::problem::{Context, Problem, normalise};
use crate::api::secret::{self, Secret};
use crate::api::tls::{certificate_problem, tls_problem};
use crate::text::blank_as_none;

/// Lists whose body is at least this long are shown from their first rows while
/// the rest arrives and decodes (100k users: 23 MB, some 60 ms to decode).
const PREVIEW_FROM_BYTES: u64 = 1 << 20;
/// How much of the body to have before decoding those first rows: about 1,000
/// people at MuninX's size, a few pages even on a tall terminal.
const PREVIEW_AFTER_BYTES: usize = 256 << 10;
const PREVIEW_ROWS: usize = 1_000;

/// What the problem normaliser says of a 404 without a useful body.
const GENERIC_404: &str = "this server does not offer that (404)";
/// How such a 404 is worded instead, after the endpoint; the read path looks for it.
pub(super) const BARE_404: &str =
    "answered 404: nothing by that name, or this server does not offer";

pub(super) struct Meta {
    pub(super) status: u16,
    pub(super) request_id: Option<String>,
}

impl Inner {
    pub(super) fn url(&self, call: &HttpCall) -> Result<Url, ApiError> {
        // URL normalisation drops "." and ".." segments, which would silently
        // turn "delete organization .." into a call on the collection.
        if let Some(bad) = call
            .segments
            .iter()
            .find(|s| s.is_empty() || *s == "." || *s == "..")
        {
            return Err(ApiError::Setup(format!(
                "{bad:?} is not a valid id: ids must not be empty, \".\" or \"..\""
            )));
        }
        let mut url = self.settings.base_url.clone();
        url.path_segments_mut()
            .map_err(|()| {
                ApiError::Setup(format!("{} cannot be a base URL", self.settings.base_url))
            })?
            .pop_if_empty()
            .extend(&call.segments);
        if !call.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&call.query);
        }
        Ok(url)
    }

    /// One round trip: request, bounded body, error normalisation, decoding. With
    /// `preview_for`, a long list's first rows are reported under that id while
    /// the rest of its body is still arriving.
    pub(super) async fn exchange(
        &self,
        op: &Operation,
        mode: ReadMode,
        preview_for: Option<RequestId>,
    ) -> Result<(Decoded, Meta), ApiError> {
        self.exchange_settled(op, mode, preview_for)
            .await
            .map_err(|(err, _)| err)
    }

    /// `exchange`, keeping the status line of a failed one when it arrived: a
    /// write is settled by its status, whatever became of the body after it.
    pub(super) async fn exchange_settled(
        &self,
        op: &Operation,
        mode: ReadMode,
        preview_for: Option<RequestId>,
    ) -> Result<(Decoded, Meta), (ApiError, Option<Meta>)> {
        let call = self.backend.call(op);
        let url = self.url(&call).map_err(|err| (err, None))?;
        let cache_key = (call.method == Method::GET).then(|| url.to_string());
        let mut request = self
            .http
            .request(call.method.clone(), url)
            .bearer_auth(self.settings.token.expose())
            .header(header::ACCEPT, "application/json, application/problem+json");
        if let Some(etag) = self.validator(cache_key.as_deref(), mode) {
            request = request.header(header::IF_NONE_MATCH, etag);
        }
        if let Some(body) = &call.body {
            request = request.json(body);
        }
        let started = Instant::now();
        let response = request
            .send()
            .await
            .map_err(|err| (self.transport_error(&err), None))?;
        let status = response.status();
        let framed = is_framed(&response);
        let headers = response.headers().clone();
        let meta = || Meta {
            status: status.as_u16(),
            request_id: header_text(&headers, "x-request-id"),
        };
        // The client never follows a redirect (see `spawn`): one would re-send the
        // token, and a POST's body, to wherever the answer points.
        if status.is_redirection() && status != StatusCode::NOT_MODIFIED {
            return Err((redirected(status, &headers), Some(meta())));
        }
        let preview = preview_for
            .filter(|_| status.is_success())
            .map(|id| (id, op));
        let body = match self.read_body(response, preview).await {
            Ok(body) => body,
            // A refusal whose reason was cut off is still a refusal, not a lost answer.
            Err((_, partial)) if !status.is_success() => {
                let err = self.failure(op, &call, status, &headers, &partial);
                return Err((cut_off(err, &partial, status), Some(meta())));
            }
            Err((err, _)) => return Err((err, Some(meta()))),
        };
        let meta = meta();
        tracing::debug!(
            request = %self.settings.token.redact(&call.describe()),
            status = status.as_u16(),
            bytes = body.len(),
            elapsed_ms = started.elapsed().as_millis() as u64,
            "answered"
        );
        if status == StatusCode::NOT_MODIFIED && mode == ReadMode::Refresh {
            return Ok((Decoded::Reply(crate::api::model::Reply::Unchanged), meta));
        }
        let body = if status == StatusCode::NOT_MODIFIED {
            match self.cached_body(cache_key.as_deref()) {
                Some(body) => body,
                None => return Err((not_held(), Some(meta))),
            }
        } else if status.is_success() {
            body
        } else {
            return Err((self.failure(op, &call, status, &headers, &body), Some(meta)));
        };
        let decoded = match self.decode_timed(op, framed, &body) {
            Ok(decoded) => decoded,
            Err(err) => return Err((err, Some(meta))),
        };
        // Only an answer that decoded is worth a 304 later: caching a garbled body
        // would make every retry re-read the same garbage.
        if status.is_success() {
            self.remember(cache_key, &headers, mode, body);
        }
        Ok((decoded, meta))
    }

    fn decode_timed(&self, op: &Operation, framed: bool, body: &[u8]) -> Result<Decoded, ApiError> {
        let decoding = Instant::now();
        let decoded = self
            .backend
            .decode(op, body)
            .map_err(|cause| self.undecodable(framed, body, &cause))?;
        tracing::debug!(
            bytes = body.len(),
            decode_ms = decoding.elapsed().as_millis() as u64,
            "decoded"
        );
        Ok(decoded)
    }

    /// The validator to send with a read, when the cache holds one this mode may use.
    fn validator(&self, cache_key: Option<&str>, mode: ReadMode) -> Option<String> {
        let cache = lock(&self.cache);
        let cached = cache.get(cache_key?)?;
        let usable = match mode {
            ReadMode::Plain => cached.body.is_some(),
            ReadMode::Refresh => true,
            ReadMode::Load | ReadMode::Aside | ReadMode::Before => false,
        };
        usable.then(|| cached.etag.clone())
    }

    /// The body a 304 stands for, when the cache kept it.
    fn cached_body(&self, cache_key: Option<&str>) -> Option<Vec<u8>> {
        lock(&self.cache).get(cache_key?)?.body.clone()
    }

    /// Keeps a decoded answer's validator (and, for a plain read, its body); the
    /// reads that check a write leave the cache as it was.
    fn remember(
        &self,
        cache_key: Option<String>,
        headers: &HeaderMap,
        mode: ReadMode,
        body: Vec<u8>,
    ) {
        if mode.is_aside() {
            return;
        }
        if let (Some(key), Some(etag)) = (cache_key, header_text(headers, "etag")) {
            let body = (mode == ReadMode::Plain).then_some(body);
            lock(&self.cache).insert(key, CachedBody { etag, body });
        }
    }

    fn failure(
        &self,
        op: &Operation,
        call: &HttpCall,
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
    ) -> ApiError {
        let role = lock(&self.role).clone();
        let content_type = header_text(headers, "content-type");
        let problem = normalise(
            status.as_u16(),
            content_type.as_deref(),
            body,
            Context {
                fields: self.backend.form_fields(op),
                role: role.as_deref(),
            },
        )
        .with_request_id(header_text(headers, "x-request-id"))
        .with_retry_after(retry_after(headers, SystemTime::now()));
        let mut problem = redact_problem(problem, &self.settings.token);
        let endpoint = self.backend.endpoint(op);
        let missing_endpoint = matches!(status.as_u16(), 405 | 501)
            || (status == StatusCode::NOT_FOUND && self.backend.missing_endpoint_on_404(op));
        tracing::debug!(request = %self.settings.token.redact(&call.describe()), %endpoint, missing_endpoint, "refused");
        if missing_endpoint {
            let capability = op.capability();
            let reason = format!("{endpoint} answered {}", status.as_u16());
            // One organization can still be read from the list: the read path
            // decides once it has tried that.
            if !matches!(op, Operation::GetOrganization { .. }) {
                self.lose_capability(capability, &reason);
            }
            return ApiError::Unsupported { capability, reason };
        }
        if status == StatusCode::NOT_FOUND && problem.summary == GENERIC_404 {
            // A bare 404 on an item path: the item is gone, or the path never existed.
            problem.summary = format!("{endpoint} {BARE_404} {}", op.capability().offer());
        }
        ApiError::Rejected(Box::new(problem))
    }

    /// Records that the server lacks `capability` and tells the UI, which hides it.
    pub(super) fn lose_capability(&self, capability: Capability, reason: &str) {
        lock(&self.capabilities).set(capability, Support::Unavailable(reason.to_owned()));
        let _ = self.events.send(ClientEvent::CapabilityLost {
            capability,
            reason: reason.to_owned(),
        });
    }

    /// A 200 whose body does not decode. A body framed only by the connection
    /// closing cannot show it is whole: ending mid-JSON, it was most likely cut by
    /// the network (worth another try); anything else the server would send again.
    fn undecodable(&self, framed: bool, body: &[u8], cause: &str) -> ApiError {
        let ended_early =
            serde_json::from_slice::<serde::de::IgnoredAny>(body).is_err_and(|err| err.is_eof());
        if !framed && ended_early {
            return ApiError::Transport {
                cause: format!(
                    "the connection closed {} bytes into the answer, before its JSON ended",
                    body.len()
                ),
            };
        }
        ApiError::Decode {
            cause: self.settings.token.redact(cause),
        }
    }

    /// The body, or why it could not be had along with the part that arrived.
    async fn read_body(
        &self,
        mut response: reqwest::Response,
        preview: Option<(RequestId, &Operation)>,
    ) -> Result<Vec<u8>, (ApiError, Vec<u8>)> {
        let limit = self.settings.max_body_bytes;
        let length = response.content_length();
        if length.is_some_and(|len| len > limit) {
            return Err((ApiError::TooLarge { limit }, Vec::new()));
        }
        let mut preview = preview.filter(|_| length.is_none_or(|len| len >= PREVIEW_FROM_BYTES));
        // Sized from Content-Length up front: growing a 23 MB buffer by doubling
        // copies it several times over.
        let expected = length.unwrap_or(0).min(limit);
        let mut body = Vec::with_capacity(usize::try_from(expected).unwrap_or(0));
        loop {
            let chunk = match response.chunk().await {
                Ok(Some(chunk)) => chunk,
                Ok(None) => break,
                Err(err) => return Err((self.transport_error(&err), body)),
            };
            if (body.len() + chunk.len()) as u64 > limit {
                return Err((ApiError::TooLarge { limit }, body));
            }
            body.extend_from_slice(&chunk);
            if body.len() >= PREVIEW_AFTER_BYTES
                && let Some((id, op)) = preview.take()
                && let Some(reply) = self.backend.preview(op, &body, PREVIEW_ROWS)
            {
                tracing::debug!(bytes = body.len(), "previewed the first rows");
                let _ = self.events.send(ClientEvent::Preview { id, reply });
            }
        }
        Ok(body)
    }

    fn transport_error(&self, err: &reqwest::Error) -> ApiError {
        let host = || {
            self.settings
                .base_url
                .host_str()
                .unwrap_or("the server")
                .to_owned()
        };
        // Checked first: reqwest calls a refused certificate a connect error, and a
        // connect error is retried, but the same certificate would come back.
        if let Some(problem) = certificate_problem(err) {
            return ApiError::Certificate {
                host: host(),
                problem,
                ca_file: self
                    .settings
                    .ca_file
                    .as_ref()
                    .map(|ca| ca.path().to_owned()),
            };
        }
        // Likewise a handshake that failed: the same server answers the same way.
        if let Some(problem) = tls_problem(err) {
            return ApiError::Tls {
                host: host(),
                port: self
                    .settings
                    .base_url
                    .port_or_known_default()
                    .unwrap_or(443),
                problem,
            };
        }
        let cause = self.settings.token.redact(&error_chain(err));
        if err.is_timeout() {
            ApiError::Timeout {
                after: self.settings.timeout,
            }
        } else if err.is_connect() {
            ApiError::Connect {
                host: host(),
                cause,
            }
        } else {
            ApiError::Transport { cause }
        }
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

/// A header's value, cut to 200 characters. A server may echo the token in any
/// header (a request id is shown to the operator and audited), so every value read
/// here is masked.
pub(super) fn header_text(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(|v| secret::scrub(v).chars().take(200).collect())
}

/// A refusal whose body broke off: what the part that arrived says, when it says
/// more than the status alone would, else that the reason was cut off.
fn cut_off(err: ApiError, partial: &[u8], status: StatusCode) -> ApiError {
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

/// reqwest's top-level message is vague ("error sending request"); the causes say why.
fn error_chain(err: &reqwest::Error) -> String {
    let mut text = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

/// The body's own text is read with JSON escapes spelled out: a server that echoes
/// the token as `\u0074\u006f…` would otherwise get it past the masking, into
/// `--json`'s `raw`, for anyone who decodes that.
fn redact_problem(mut problem: Problem, token: &Secret) -> Problem {
    let redact = |text: &str| token.redact(&secret::unescaped(text));
    problem.summary = redact(&problem.summary);
    problem.raw = redact(&problem.raw);
    for field in &mut problem.fields {
        field.message = redact(&field.message);
    }
    // A request id is quoted on stderr, in --json and in the audit trail.
    problem.request_id = problem.request_id.map(|id| token.redact(&id));
    problem
}

/// Whether the body's end is marked: HTTP/2 ends every body explicitly; HTTP/1 may
/// end one by closing, which a cut connection looks the same as.
fn is_framed(response: &reqwest::Response) -> bool {
    response.version() >= reqwest::Version::HTTP_2
        || response.headers().contains_key(header::CONTENT_LENGTH)
        || response.headers().contains_key(header::TRANSFER_ENCODING)
}

/// A redirect, refused with where it pointed (shown, so made visible).
fn redirected(status: StatusCode, headers: &HeaderMap) -> ApiError {
    let location = header_text(headers, "location")
        .and_then(blank_as_none)
        .map(|l| crate::text::visible(&l).into_owned());
    ApiError::Redirected {
        status: status.as_u16(),
        location,
    }
}

/// A 304 for a read whose body the client no longer holds.
fn not_held() -> ApiError {
    ApiError::Decode {
        cause: "304 Not Modified for data orgdeck does not hold".into(),
    }
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
