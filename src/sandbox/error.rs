//! What the kit refuses with, before a vendor dresses it in its own error shape.
//! The kit finds faults (bad bodies, unknown query parameters, injected errors, rate
//! limits, panics, framework rejections) but every vendor answers them its own way:
//! MuninX and Flowkiwi with problem+json, BitGo with `{name, context, error,
//! requestId}`, Sequence with `{"error": {type, message, errors[]}}`.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use serde::Serialize;

/// One field at fault. `pointer` is a JSON Pointer into the request body; query
/// parameters are named by `parameter` instead, since they have no pointer. A style
/// turns the pointer into its own field path (`memberIds[1]`, `propertyPath`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
    pub detail: String,
}

impl FieldError {
    /// Where it points, as vendors whose errors name a body path write it:
    /// `/memberIds/1` is `memberIds[1]`, `/address/postcode` is
    /// `address.postcode`; a query parameter is its name.
    pub fn dotted_path(&self) -> String {
        if let Some(name) = &self.parameter {
            return name.clone();
        }
        let mut path = String::new();
        let pointer = self.pointer.as_deref().unwrap_or_default();
        for part in pointer.split('/').skip(1) {
            let part = part.replace("~1", "/").replace("~0", "~");
            if !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()) {
                path.push_str(&format!("[{part}]"));
            } else {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(&part);
            }
        }
        path
    }

    pub fn at(pointer: impl Into<String>, detail: impl Into<String>) -> Self {
        FieldError {
            pointer: Some(pointer.into()),
            parameter: None,
            detail: detail.into(),
        }
    }

    pub fn parameter(name: impl Into<String>, detail: impl Into<String>) -> Self {
        FieldError {
            pointer: None,
            parameter: Some(name.into()),
            detail: detail.into(),
        }
    }
}

/// A refusal in neutral terms: the status, a short machine code (`bad-request`,
/// `validation`, `rate-limited`, ...), its title, the sentence for the operator and
/// the fields at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub status: StatusCode,
    pub code: &'static str,
    pub title: &'static str,
    pub message: String,
    pub fields: Vec<FieldError>,
    pub retry_after_secs: Option<u64>,
}

impl Refusal {
    pub fn new(
        status: StatusCode,
        code: &'static str,
        title: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Refusal {
            status,
            code,
            title,
            message: message.into(),
            fields: Vec::new(),
            retry_after_secs: None,
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "bad-request",
            "Bad request",
            message,
        )
    }

    /// 400 for broken rules, one entry per field at fault.
    pub fn invalid(fields: Vec<FieldError>) -> Self {
        let message = summarize(&fields);
        Refusal {
            fields,
            ..Self::new(
                StatusCode::BAD_REQUEST,
                "validation",
                "Invalid request",
                message,
            )
        }
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not-found", "Not found", message)
    }

    pub fn method_not_allowed(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method-not-allowed",
            "Method not allowed",
            message,
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

    pub fn request_timeout(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::REQUEST_TIMEOUT,
            "request-timeout",
            "Request timeout",
            message,
        )
    }

    pub fn unsupported_media_type(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "Unsupported media type",
            message,
        )
    }

    pub fn rate_limited(retry_after_secs: u64) -> Self {
        Refusal {
            retry_after_secs: Some(retry_after_secs),
            ..Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate-limited",
                "Too many requests",
                format!("rate limit reached; retry in {retry_after_secs} s"),
            )
        }
    }

    pub fn server_error(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "server-error",
            "Internal server error",
            message,
        )
    }
}

/// The sentence for a list of field faults: the one fault, or how many there are.
pub fn summarize(fields: &[FieldError]) -> String {
    match fields {
        [] => "the request breaks a rule".to_owned(),
        [one] => one.detail.clone(),
        many => format!("{} problems", many.len()),
    }
}

pub type Outcome<T> = Result<T, Refusal>;

/// A vendor's error shape, so the kit's layers answer the way that vendor's server
/// would and a client meets one error shape per backend.
pub trait ErrorStyle: Send + Sync + 'static {
    /// The whole answer for `refusal`: status, body and the vendor's headers. A style
    /// may answer a code with the status its vendor uses (Flowkiwi answers
    /// `validation` with 422) and turn field pointers into its own paths.
    fn error(&self, refusal: Refusal) -> Response;

    /// Whether an error answer is already in this style (a handler's own), so the
    /// kit leaves it alone instead of wrapping it again.
    fn is_styled(&self, headers: &HeaderMap) -> bool;
}

/// Answers `refusal` in `style`, adding `Retry-After` when the style left it out:
/// a client must be told how long to wait whatever the body looks like.
pub fn answer(style: &dyn ErrorStyle, refusal: Refusal) -> Response {
    let retry = refusal.retry_after_secs;
    let mut response = style.error(refusal);
    if let Some(secs) = retry {
        response
            .headers_mut()
            .entry(header::RETRY_AFTER)
            .or_insert_with(|| HeaderValue::from(secs));
    }
    response
}

/// Whether `headers` carry a content type whose essence is `content_type`.
pub fn has_content_type(headers: &HeaderMap, content_type: &str) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(content_type.as_bytes()))
}
