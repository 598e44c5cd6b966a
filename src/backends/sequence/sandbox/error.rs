//! Sequence's error shape for everything the sandbox refuses, its own rules and
//! the kit's faults alike: the `ApiError` envelope as `application/json`, one
//! `errors[]` item per broken rule, and 401s with no body at all (as the spec has them).

use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::backends::sequence::wire::{
    API_VERSION, ApiError, ErrorDetail, ErrorItem, VERSION_HEADER,
};
use crate::sandbox::{ErrorStyle, Refusal, has_content_type};

/// A refusal in Sequence's words.
#[derive(Debug, Clone)]
pub struct SeqError {
    pub status: StatusCode,
    pub kind: &'static str,
    pub message: String,
    pub errors: Vec<ErrorItem>,
}

pub type Outcome<T> = Result<T, SeqError>;

impl SeqError {
    pub fn new(status: StatusCode, kind: &'static str, message: impl Into<String>) -> Self {
        SeqError {
            status,
            kind,
            message: message.into(),
            errors: Vec::new(),
        }
    }

    /// 400 with one item per broken rule.
    pub fn invalid(errors: Vec<ErrorItem>) -> Self {
        SeqError {
            errors,
            ..Self::new(
                StatusCode::BAD_REQUEST,
                "validationError",
                "Request data validation failed",
            )
        }
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "notFound", message)
    }

    pub fn unauthorized() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized", "")
    }
}

/// One broken rule at `key` (`memberIds[1]`, `address.postcode`, `limit`).
pub fn rule(code: &str, key: impl Into<String>, message: impl Into<String>) -> ErrorItem {
    ErrorItem {
        code: code.to_owned(),
        message: message.into(),
        key: Some(key.into()),
        errors: Vec::new(),
    }
}

impl From<Refusal> for SeqError {
    fn from(refusal: Refusal) -> Self {
        if refusal.code == "validation" && !refusal.fields.is_empty() {
            let items = refusal
                .fields
                .iter()
                .map(|field| rule("invalid", field.dotted_path(), field.detail.clone()))
                .collect();
            return SeqError::invalid(items);
        }
        let kind = match refusal.code {
            "bad-request" | "validation" => "badRequest",
            "unauthorized" => "unauthorized",
            "forbidden" => "forbidden",
            "not-found" => "notFound",
            "rate-limited" => "rateLimited",
            "method-not-allowed" => "methodNotAllowed",
            "payload-too-large" => "payloadTooLarge",
            "request-timeout" => "requestTimeout",
            "unsupported-media-type" => "unsupportedMediaType",
            _ => "internalServerError",
        };
        // The kit adds the refusal's Retry-After to whatever the style answers.
        SeqError::new(refusal.status, kind, refusal.message)
    }
}

impl IntoResponse for SeqError {
    /// Carries the version header itself: the kit's faults and the framework's
    /// refusals are answered here, outside the router that echoes it.
    fn into_response(self) -> Response {
        let mut response = self.body();
        response.headers_mut().insert(
            HeaderName::from_static(VERSION_HEADER),
            HeaderValue::from_static(API_VERSION),
        );
        response
    }
}

impl SeqError {
    fn body(self) -> Response {
        if self.status == StatusCode::UNAUTHORIZED {
            return self.status.into_response();
        }
        let body = ApiError {
            error: ErrorDetail {
                kind: self.kind.to_owned(),
                message: self.message,
                errors: self.errors,
            },
        };
        crate::sandbox::json_response(self.status, &body)
    }
}

/// Sequence's error shape for the kit's layers.
pub struct Style;

impl ErrorStyle for Style {
    fn error(&self, refusal: Refusal) -> Response {
        SeqError::from(refusal).into_response()
    }

    /// Every answer of ours is JSON but a 401; a bare 401 is dressed again into
    /// the same bare 401, so the content type is enough to tell.
    fn is_styled(&self, headers: &HeaderMap) -> bool {
        has_content_type(headers, "application/json")
    }
}

#[cfg(test)]
mod tests {
    use crate::sandbox::FieldError;

    #[test]
    fn pointers_become_sequence_keys() {
        let path = |p: &str| FieldError::at(p, "x").dotted_path();
        assert_eq!(path("/memberIds/1"), "memberIds[1]");
        assert_eq!(path("/address/postcode"), "address.postcode");
        assert_eq!(path("/contacts/0/email"), "contacts[0].email");
        assert_eq!(FieldError::parameter("limit", "x").dotted_path(), "limit");
    }
}
