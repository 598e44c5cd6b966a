//! BitGo's error shape for everything the sandbox refuses, its own rules and the
//! kit's faults alike: `{name, context, error, requestId}` as `application/json`.

use std::sync::atomic::{AtomicU64, Ordering};

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::backends::bitgo::wire::{FieldProblem, PlatformError};
use crate::sandbox::{ErrorStyle, FieldError, Refusal, has_content_type};

/// A refusal in BitGo's words.
#[derive(Debug, Clone)]
pub struct BgError {
    pub status: StatusCode,
    pub name: &'static str,
    pub context: Value,
    pub error: String,
    pub retry_after_secs: Option<u64>,
}

pub type Outcome<T> = Result<T, BgError>;

impl BgError {
    pub fn new(status: StatusCode, name: &'static str, error: impl Into<String>) -> Self {
        BgError {
            status,
            name,
            context: json!({}),
            error: error.into(),
            retry_after_secs: None,
        }
    }

    pub fn with_context(mut self, context: Value) -> Self {
        self.context = context;
        self
    }

    /// 400 naming each bad field by its path (`additionalAdmins[0]`, `limit`).
    pub fn invalid(fields: &[FieldError]) -> Self {
        let errors: Vec<FieldProblem> = fields
            .iter()
            .map(|field| FieldProblem {
                path: field.dotted_path(),
                message: field.detail.clone(),
            })
            .collect();
        let error = match errors.as_slice() {
            [one] => format!("{}: {}", one.path, one.message),
            _ => "request body failed validation".to_owned(),
        };
        BgError::new(StatusCode::BAD_REQUEST, "InvalidRequestBody", error)
            .with_context(json!({ "errors": errors }))
    }

    pub fn field(path: &str, message: impl Into<String>) -> Self {
        Self::invalid(&[FieldError::parameter(path, message)])
    }

    pub fn forbidden(error: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "Forbidden", error)
    }

    pub fn not_found(error: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "NotFound", error)
    }

    pub fn unauthorized(error: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "Unauthorized", error)
    }

    pub fn bad_request(name: &'static str, error: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, name, error)
    }

    pub fn conflict(name: &'static str, error: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, name, error)
    }

    /// A path id that breaks `^[0-9a-f]{32}$`, named as the spec names it
    /// (`InvalidOrganizationId`, `InvalidEnterpriseId`, ...).
    pub fn bad_id(name: &'static str, what: &str, id: &str) -> Self {
        let shown: String = id.chars().take(80).collect();
        Self::bad_request(
            name,
            format!("{what} id {shown:?} is not 32 lowercase hex characters"),
        )
        .with_context(json!({ "id": shown }))
    }
}

impl From<Refusal> for BgError {
    fn from(refusal: Refusal) -> Self {
        if refusal.code == "validation" && !refusal.fields.is_empty() {
            return BgError::invalid(&refusal.fields);
        }
        let name = match refusal.code {
            "bad-request" | "validation" => "InvalidRequestBody",
            "unauthorized" => "Unauthorized",
            "forbidden" => "Forbidden",
            "not-found" => "NotFound",
            "rate-limited" => "RateLimited",
            "method-not-allowed" => "MethodNotAllowed",
            "payload-too-large" => "PayloadTooLarge",
            "request-timeout" => "RequestTimeout",
            "unsupported-media-type" => "UnsupportedMediaType",
            _ => "InternalServerError",
        };
        BgError {
            retry_after_secs: refusal.retry_after_secs,
            ..BgError::new(refusal.status, name, refusal.message)
        }
    }
}

/// Request ids for error bodies; the kit's `x-request-id` header is added outside
/// the style, so the body carries an id of its own kind.
static REQUEST_IDS: AtomicU64 = AtomicU64::new(1);

impl IntoResponse for BgError {
    fn into_response(self) -> Response {
        let n = REQUEST_IDS.fetch_add(1, Ordering::Relaxed);
        let body = PlatformError {
            name: Some(self.name.to_owned()),
            context: self.context,
            error: self.error,
            request_id: format!("sbx-{n:08x}"),
        };
        let mut response = crate::sandbox::json_response(self.status, &body);
        if let Some(secs) = self.retry_after_secs {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

/// BitGo's error shape for the kit's layers.
pub struct Style;

impl ErrorStyle for Style {
    fn error(&self, refusal: Refusal) -> Response {
        BgError::from(refusal).into_response()
    }

    /// Every answer of ours is JSON; what the framework says on its own is text.
    fn is_styled(&self, headers: &HeaderMap) -> bool {
        has_content_type(headers, "application/json")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_become_bitgo_paths() {
        let path = |p: &str| FieldError::at(p, "x").dotted_path();
        assert_eq!(path("/additionalAdmins/0"), "additionalAdmins[0]");
        assert_eq!(
            path("/thirdPartyIdentifier/1/label"),
            "thirdPartyIdentifier[1].label"
        );
        assert_eq!(path("/email"), "email");
        assert_eq!(FieldError::parameter("limit", "x").dotted_path(), "limit");
    }
}
