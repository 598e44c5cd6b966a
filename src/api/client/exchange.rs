//! One round trip to the server: the URL, the request with the backend's auth,
//! media types and conditional headers, a size-capped body, and the answer handed
//! to the backend to decode (refusals: see `refusal`; a list decoded as it
//! arrives: see `streamed`).

use std::time::Instant;

use reqwest::header::{self, HeaderMap};
use reqwest::{Method, StatusCode};
use url::Url;

use super::refusal::cut_off;
use super::streamed::StreamTo;
use super::{CachedBody, ClientEvent, Inner, ReadMode, lock};
use crate::api::backend::{Answer, Decoded, HttpCall, Outgoing, Paging};
use crate::api::error::ApiError;
use crate::api::model::{Capability, Operation, Support};
use crate::api::secret;
use crate::api::tls::{certificate_problem, tls_problem};
use crate::text::blank_as_none;

pub(super) struct Meta {
    pub(super) status: u16,
    pub(super) request_id: Option<String>,
    /// Bytes of the body that arrived.
    pub(super) bytes: u64,
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
    /// `stream_to`, a list the backend streams is decoded as its body arrives and
    /// its rows reported to that request.
    pub(super) async fn exchange(
        &self,
        op: &Operation,
        mode: ReadMode,
        stream_to: Option<StreamTo<'_>>,
        paging: Paging<'_>,
    ) -> Result<(Decoded, Meta), ApiError> {
        let call = self.http_call(op, paging)?;
        self.exchange_settled(op, &call, mode, stream_to)
            .await
            .map_err(|(err, _)| err)
    }

    /// The request for `call`: the backend's auth headers and media types, and a
    /// validator when `mode` may use the cached answer under `cache_key`.
    fn request(
        &self,
        call: &HttpCall,
        url: Url,
        cache_key: Option<&String>,
        mode: ReadMode,
    ) -> Result<reqwest::RequestBuilder, ApiError> {
        let body = match &call.body {
            Some(body) => Some(
                serde_json::to_vec(body)
                    .map_err(|err| ApiError::Setup(format!("cannot encode the request: {err}")))?,
            ),
            None => None,
        };
        let signed = self.signed(call, &url, body.as_deref().unwrap_or_default())?;
        let mut request = self
            .http
            .request(call.method.clone(), url)
            .header(header::ACCEPT, call.accept);
        for (name, value) in &self.auth {
            if !signed.iter().any(|(signed, _)| signed == name) {
                request = request.header(name.clone(), value.clone());
            }
        }
        for (name, mut value) in signed {
            if name == header::AUTHORIZATION {
                value.set_sensitive(true);
            }
            request = request.header(name, value);
        }
        if let Some(etag) = self.validator(cache_key.map(String::as_str), mode) {
            request = request.header(header::IF_NONE_MATCH, etag);
        }
        if let Some(bytes) = body {
            request = request
                .header(header::CONTENT_TYPE, call.content_type)
                .body(bytes);
        }
        Ok(request)
    }

    /// The backend's signature of this very request (path, query and body as
    /// sent, the time now), made afresh for each attempt so a retry is not stale.
    fn signed(
        &self,
        call: &HttpCall,
        url: &Url,
        body: &[u8],
    ) -> Result<Vec<(header::HeaderName, header::HeaderValue)>, ApiError> {
        let path_and_query = match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        };
        let now_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |since| since.as_millis() as u64);
        let outgoing = Outgoing {
            credential: &self.settings.token,
            path_and_query: &path_and_query,
            body,
            now_ms,
        };
        self.backend.sign(call, &outgoing).map_err(|cause| {
            ApiError::Setup(format!(
                "profile {}: cannot sign the request: {}",
                self.settings.profile,
                self.redact(&cause)
            ))
        })
    }

    /// `exchange` of a call already made, keeping the status line of a failed one
    /// when it arrived: a write is settled by its status, whatever became of the
    /// body after it. A write sent again is sent as this same call.
    pub(super) async fn exchange_settled(
        &self,
        op: &Operation,
        call: &HttpCall,
        mode: ReadMode,
        stream_to: Option<StreamTo<'_>>,
    ) -> Result<(Decoded, Meta), (ApiError, Option<Meta>)> {
        let url = self.url(call).map_err(|err| (err, None))?;
        let cache_key = (call.method == Method::GET).then(|| url.to_string());
        let request = self
            .request(call, url.clone(), cache_key.as_ref(), mode)
            .map_err(|err| (err, None))?;
        let started = Instant::now();
        let answered = self
            .exchange_answer(op, call, (request, cache_key), mode, stream_to)
            .await;
        let reported = match &answered {
            Ok((_, meta)) | Err((_, Some(meta))) => {
                Ok((meta.status, meta.request_id.clone(), meta.bytes))
            }
            Err((err, None)) => Err(err),
        };
        self.report_call(&call.method, &url, started, reported);
        answered
    }

    /// The answer to a request made: its status line, body and decoding.
    async fn exchange_answer(
        &self,
        op: &Operation,
        call: &HttpCall,
        (request, cache_key): (reqwest::RequestBuilder, Option<String>),
        mode: ReadMode,
        stream_to: Option<StreamTo<'_>>,
    ) -> Result<(Decoded, Meta), (ApiError, Option<Meta>)> {
        let started = Instant::now();
        let streamed_rows =
            stream_to.and_then(|_| self.backend.stream(op, self.settings.row_limits));
        let request = if streamed_rows.is_some() {
            request
        } else {
            request.timeout(self.settings.timeout)
        };
        let response = request
            .send()
            .await
            .map_err(|err| (self.transport_error(&err), None))?;
        let status = response.status();
        let framed = is_framed(&response);
        let headers = response.headers().clone();
        let meta = |bytes: usize| Meta {
            status: status.as_u16(),
            request_id: header_text(&headers, "x-request-id"),
            bytes: bytes as u64,
        };
        // The client never follows a redirect (see `spawn`): one would re-send the
        // token, and a POST's body, to wherever the answer points.
        if status.is_redirection() && status != StatusCode::NOT_MODIFIED {
            return Err((redirected(status, &headers), Some(meta(0))));
        }
        if status.is_success()
            && let Some(to) = stream_to
            && let Some(rows) = streamed_rows
        {
            let (streamed, bytes) = self.read_streamed(response, rows, to, framed).await;
            return match streamed {
                Ok(rows) => {
                    // Nothing of the body is kept: only its validator, for a refresh.
                    self.remember(cache_key, &headers, mode, Vec::new());
                    let reply = crate::api::model::Reply::Streamed { rows };
                    Ok((Decoded::Reply(reply), meta(bytes)))
                }
                Err(err) => Err((err, Some(meta(bytes)))),
            };
        }
        let body = match self.read_body(response).await {
            Ok(body) => body,
            // A refusal whose reason was cut off is still a refusal, not a lost answer.
            Err((_, partial)) if !status.is_success() => {
                let err = self.failure(op, call, status, &headers, &partial);
                return Err((cut_off(err, &partial, status), Some(meta(partial.len()))));
            }
            Err((err, partial)) => return Err((err, Some(meta(partial.len())))),
        };
        let meta = meta(body.len());
        tracing::debug!(
            request = %self.redact(&call.describe()),
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
            return Err((self.failure(op, call, status, &headers, &body), Some(meta)));
        };
        let answer = Answer {
            status,
            headers: &headers,
            body: &body,
        };
        let decoded = match self.decode_timed(op, framed, &answer) {
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

    fn decode_timed(
        &self,
        op: &Operation,
        framed: bool,
        answer: &Answer<'_>,
    ) -> Result<Decoded, ApiError> {
        let decoding = Instant::now();
        let decoded = self
            .backend
            .decode(op, answer)
            .map_err(|cause| self.undecodable(framed, answer.body, &cause))?;
        tracing::debug!(
            bytes = answer.body.len(),
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
            ReadMode::Load | ReadMode::Aside | ReadMode::Before | ReadMode::Page => false,
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
            cause: self.redact(cause),
        }
    }

    /// The body, or why it could not be had along with the part that arrived.
    async fn read_body(
        &self,
        mut response: reqwest::Response,
    ) -> Result<Vec<u8>, (ApiError, Vec<u8>)> {
        let limit = self.settings.max_body_bytes;
        let length = response.content_length();
        if length.is_some_and(|len| len > limit) {
            return Err((ApiError::TooLarge { limit }, Vec::new()));
        }
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
        }
        Ok(body)
    }

    pub(super) fn transport_error(&self, err: &reqwest::Error) -> ApiError {
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
        let cause = self.redact(&error_chain(err));
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

/// A header's value, cut to 200 characters. A server may echo the token in any
/// header (a request id is shown to the operator and audited), so every value read
/// here is masked.
pub(super) fn header_text(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(|v| secret::scrub(v).chars().take(200).collect())
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
