//! One round trip to the server: the URL, the request with auth and conditional
//! headers, a size-capped body, and the mapping of failures to `ApiError`.

use std::time::Instant;

use reqwest::header::{self, HeaderMap};
use reqwest::{Method, StatusCode};
use url::Url;

use super::{CachedBody, ClientEvent, Inner, ReadMode, RequestId, lock};
use crate::api::backend::{Decoded, HttpCall};
use crate::api::error::ApiError;
use crate::api::model::{Operation, Support};
use crate::api::problem::{Context, Problem, normalise};
use crate::api::secret::Secret;
use crate::api::tls::certificate_problem;

/// Lists whose body is at least this long are shown from their first rows while
/// the rest arrives and decodes (100k users: 23 MB, some 60 ms to decode).
const PREVIEW_FROM_BYTES: u64 = 1 << 20;
/// How much of the body to have before decoding those first rows: about 1,000
/// people at MuninX's size, a few pages even on a tall terminal.
const PREVIEW_AFTER_BYTES: usize = 256 << 10;
const PREVIEW_ROWS: usize = 1_000;

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
        let call = self.backend.call(op);
        let url = self.url(&call)?;
        let cache_key = (call.method == Method::GET).then(|| url.to_string());
        let mut request = self
            .http
            .request(call.method.clone(), url)
            .bearer_auth(self.settings.token.expose())
            .header(header::ACCEPT, "application/json, application/problem+json");
        let validator = cache_key.as_ref().and_then(|key| {
            let cache = lock(&self.cache);
            let cached = cache.get(key)?;
            let usable = match mode {
                ReadMode::Plain => cached.body.is_some(),
                ReadMode::Refresh => true,
                ReadMode::Load => false,
            };
            usable.then(|| cached.etag.clone())
        });
        if let Some(etag) = validator {
            request = request.header(header::IF_NONE_MATCH, etag);
        }
        if let Some(body) = &call.body {
            request = request.json(body);
        }
        let started = Instant::now();
        let response = request
            .send()
            .await
            .map_err(|err| self.transport_error(&err))?;
        let status = response.status();
        let headers = response.headers().clone();
        let preview = preview_for
            .filter(|_| status.is_success())
            .map(|id| (id, op));
        let body = self.read_body(response, preview).await?;
        let meta = Meta {
            status: status.as_u16(),
            request_id: header_text(&headers, "x-request-id"),
        };
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
            match cache_key
                .as_ref()
                .and_then(|key| lock(&self.cache).get(key).and_then(|c| c.body.clone()))
            {
                Some(body) => body,
                None => {
                    return Err(ApiError::Decode {
                        cause: "304 Not Modified for data orgdeck does not hold".into(),
                    });
                }
            }
        } else if status.is_success() {
            body
        } else {
            return Err(self.failure(op, &call, status, &headers, &body));
        };
        let decoding = Instant::now();
        let decoded = self
            .backend
            .decode(op, &body)
            .map_err(|cause| ApiError::Decode {
                cause: self.settings.token.redact(&cause),
            })?;
        tracing::debug!(
            bytes = body.len(),
            decode_ms = decoding.elapsed().as_millis() as u64,
            "decoded"
        );
        // Only an answer that decoded is worth a 304 later: caching a garbled body
        // would make every retry re-read the same garbage.
        if status.is_success()
            && let (Some(key), Some(etag)) = (&cache_key, header_text(&headers, "etag"))
        {
            let body = (mode == ReadMode::Plain).then_some(body);
            lock(&self.cache).insert(key.clone(), CachedBody { etag, body });
        }
        Ok((decoded, meta))
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
        .with_retry_after(header_text(headers, "retry-after").and_then(|v| v.trim().parse().ok()));
        let problem = redact_problem(problem, &self.settings.token);
        let missing_endpoint = matches!(status.as_u16(), 405 | 501)
            || (status == StatusCode::NOT_FOUND && self.backend.missing_endpoint_on_404(op));
        if missing_endpoint {
            let capability = op.capability();
            let reason = format!("the server answered {} to {}", status, call.describe());
            lock(&self.capabilities).set(capability, Support::Unavailable(reason.clone()));
            let _ = self.events.send(ClientEvent::CapabilityLost {
                capability,
                reason: reason.clone(),
            });
            return ApiError::Unsupported { capability, reason };
        }
        ApiError::Rejected(Box::new(problem))
    }

    async fn read_body(
        &self,
        mut response: reqwest::Response,
        preview: Option<(RequestId, &Operation)>,
    ) -> Result<Vec<u8>, ApiError> {
        let limit = self.settings.max_body_bytes;
        let length = response.content_length();
        if length.is_some_and(|len| len > limit) {
            return Err(ApiError::TooLarge { limit });
        }
        let mut preview = preview.filter(|_| length.is_none_or(|len| len >= PREVIEW_FROM_BYTES));
        // Sized from Content-Length up front: growing a 23 MB buffer by doubling
        // copies it several times over.
        let expected = length.unwrap_or(0).min(limit);
        let mut body = Vec::with_capacity(usize::try_from(expected).unwrap_or(0));
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|err| self.transport_error(&err))?
        {
            if (body.len() + chunk.len()) as u64 > limit {
                return Err(ApiError::TooLarge { limit });
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

pub(super) fn header_text(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.chars().take(200).collect())
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

fn redact_problem(mut problem: Problem, token: &Secret) -> Problem {
    problem.summary = token.redact(&problem.summary);
    problem.raw = token.redact(&problem.raw);
    for field in &mut problem.fields {
        field.message = token.redact(&field.message);
    }
    problem
}
