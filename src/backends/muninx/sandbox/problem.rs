//! Every failure the sandbox answers is an RFC 9457 `application/problem+json` body,
//! with the `errors` extension (`pointer` + `detail`) when fields are at fault.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

pub use crate::sandbox::FieldError;
use crate::sandbox::{ErrorStyle, Refusal, summarize};

pub const PROBLEM_JSON: &str = "application/problem+json";
const TYPE_BASE: &str = "https://orgdeck.dev/problems/";

#[derive(Debug, Clone)]
pub struct Problem {
    pub status: StatusCode,
    pub slug: &'static str,
    pub title: &'static str,
    pub detail: String,
    pub errors: Vec<FieldError>,
    pub retry_after_secs: Option<u64>,
}

#[derive(Serialize)]
struct Body<'a> {
    #[serde(rename = "type")]
    kind: String,
    title: &'a str,
    status: u16,
    detail: &'a str,
    #[serde(skip_serializing_if = "<[FieldError]>::is_empty")]
    errors: &'a [FieldError],
}

impl Problem {
    pub fn new(
        status: StatusCode,
        slug: &'static str,
        title: &'static str,
        detail: impl Into<String>,
    ) -> Self {
        Problem {
            status,
            slug,
            title,
            detail: detail.into(),
            errors: Vec::new(),
            retry_after_secs: None,
        }
    }

    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "bad-request",
            "Bad request",
            detail,
        )
    }

    /// 400 for broken rules, one entry per field at fault.
    pub fn invalid(errors: Vec<FieldError>) -> Self {
        let detail = summarize(&errors);
        Problem {
            errors,
            ..Self::new(
                StatusCode::BAD_REQUEST,
                "validation",
                "Invalid request",
                detail,
            )
        }
    }

    /// 409 for a clash with existing data (duplicate email, domain in use, ...).
    pub fn conflict(errors: Vec<FieldError>) -> Self {
        let detail = summarize(&errors);
        Problem {
            errors,
            ..Self::new(StatusCode::CONFLICT, "conflict", "Conflict", detail)
        }
    }

    pub fn conflict_detail(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "conflict", "Conflict", detail)
    }

    pub fn unauthorized(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "Unauthorized",
            detail,
        )
    }

    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", "Forbidden", detail)
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not-found", "Not found", detail)
    }

    pub fn method_not_allowed(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method-not-allowed",
            "Method not allowed",
            detail,
        )
    }

    pub fn too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload-too-large",
            "Payload too large",
            format!("request bodies are limited to {limit} bytes"),
        )
    }

    pub fn unsupported_media_type(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "Unsupported media type",
            detail,
        )
    }

    pub fn rate_limited(retry_after_secs: u64) -> Self {
        Problem {
            retry_after_secs: Some(retry_after_secs),
            ..Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate-limited",
                "Too many requests",
                format!("rate limit reached; retry in {retry_after_secs} s"),
            )
        }
    }

    pub fn server_error(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "server-error",
            "Internal server error",
            detail,
        )
    }

    pub fn to_json(&self) -> Vec<u8> {
        let body = Body {
            kind: format!("{TYPE_BASE}{}", self.slug),
            title: self.title,
            status: self.status.as_u16(),
            detail: &self.detail,
            errors: &self.errors,
        };
        // Serialising plain strings and numbers into a Vec cannot fail.
        serde_json::to_vec(&body).unwrap_or_default()
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let mut response = (self.status, self.to_json()).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        if let Some(secs) = self.retry_after_secs {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

pub type Outcome<T> = Result<T, Problem>;

/// What the kit refused with, as MuninX words it.
impl From<Refusal> for Problem {
    fn from(refusal: Refusal) -> Self {
        Problem {
            status: refusal.status,
            slug: refusal.code,
            title: refusal.title,
            detail: refusal.message,
            errors: refusal.fields,
            retry_after_secs: refusal.retry_after_secs,
        }
    }
}

/// MuninX's error shape for the kit's layers: problem+json.
pub struct Style;

impl ErrorStyle for Style {
    fn error(&self, refusal: Refusal) -> Response {
        Problem::from(refusal).into_response()
    }

    fn is_styled(&self, headers: &axum::http::HeaderMap) -> bool {
        crate::sandbox::has_content_type(headers, PROBLEM_JSON)
    }
}
