//! Flowkiwi's error shape for everything the sandbox refuses, its own rules and
//! the kit's faults alike: API Platform's `Error` document as
//! `application/problem+json` with the JSON-LD keys and the Hydra error `Link`,
//! and 422 `ConstraintViolation` documents with `violations[]`.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::backends::flowkiwi::wire::{
    ERROR_LINK, Ld, NOT_BLANK, PROBLEM_JSON, Problem, Violation,
};
use crate::sandbox::{ErrorStyle, FieldError, Refusal, has_content_type};

/// A refusal, boxed: an answer is large beside what a handler's helpers return.
pub type Refused = Box<Response>;

pub type Outcome<T> = Result<T, Refused>;

/// An `Error` document: `@id` `/api/errors/{status}`, `detail` = `description`.
/// Without debug, a 5xx detail is always `Internal Server Error`.
pub fn error(status: StatusCode, detail: impl Into<String>) -> Refused {
    let detail = if status.is_server_error() {
        "Internal Server Error".to_owned()
    } else {
        detail.into()
    };
    let code = status.as_u16();
    let problem = Problem {
        ld: Ld {
            context: Some("/api/contexts/Error".to_owned()),
            id: format!("/api/errors/{code}"),
            kind: "Error".to_owned(),
        },
        title: Some("An error occurred".to_owned()),
        detail: Some(detail.clone()),
        status: Some(code),
        kind: Some(format!("/errors/{code}")),
        description: Some(detail),
        instance: None,
        violations: Vec::new(),
        trace: None,
    };
    problem_response(status, &problem)
}

/// A 422 `ConstraintViolation` with the composite `0=…;1=…` id.
pub fn violations(violations: Vec<Violation>) -> Refused {
    let codes: Vec<&str> = violations
        .iter()
        .map(|v| v.code.as_deref().unwrap_or(NOT_BLANK))
        .collect();
    let id = Problem::violation_id(&codes);
    let detail = Problem::violation_detail(&violations);
    let problem = Problem {
        ld: Ld {
            context: Some("/api/contexts/ConstraintViolation".to_owned()),
            id: format!("/api/validation_errors/{id}"),
            kind: "ConstraintViolation".to_owned(),
        },
        title: Some("An error occurred".to_owned()),
        detail: Some(detail.clone()),
        status: Some(422),
        kind: Some(format!("/validation_errors/{id}")),
        description: Some(detail),
        instance: None,
        violations,
        trace: None,
    };
    problem_response(StatusCode::UNPROCESSABLE_ENTITY, &problem)
}

/// One broken constraint at `path` with its Symfony code.
pub fn violation(path: &str, message: &str, code: &str) -> Violation {
    Violation {
        property_path: path.to_owned(),
        message: message.to_owned(),
        code: Some(code.to_owned()),
        hint: None,
        payload: None,
    }
}

fn problem_response(status: StatusCode, problem: &Problem) -> Refused {
    let body = serde_json::to_vec(problem).unwrap_or_default();
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    headers.insert(header::LINK, HeaderValue::from_static(ERROR_LINK));
    Box::new(response)
}

/// A kit pointer `/owners/0/email` as the snake_case `owners[0].email`.
fn property_path(field: &FieldError) -> String {
    if let Some(name) = &field.parameter {
        return name.clone();
    }
    let mut path = String::new();
    for part in field
        .pointer
        .as_deref()
        .unwrap_or_default()
        .split('/')
        .skip(1)
    {
        if !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()) {
            path.push_str(&format!("[{part}]"));
        } else {
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(part);
        }
    }
    path
}

/// The kit's refusals in Flowkiwi's shape; its `validation` is a 422.
pub struct Style;

impl ErrorStyle for Style {
    fn error(&self, refusal: Refusal) -> Response {
        if refusal.code == "validation" {
            let found = refusal.fields.iter().map(|f| Violation {
                property_path: property_path(f),
                message: f.detail.clone(),
                code: None,
                hint: None,
                payload: None,
            });
            return *violations(found.collect());
        }
        *error(refusal.status, refusal.message)
    }

    fn is_styled(&self, headers: &HeaderMap) -> bool {
        has_content_type(headers, "application/problem+json")
    }
}
