//! Flowkiwi's error shape for everything the sandbox refuses, its own rules and
//! the kit's faults alike: API Platform's `Error` document as
//! `application/problem+json` with the JSON-LD keys and the Hydra error `Link`,
//! and 422 `ConstraintViolation` documents with `violations[]`.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::backends::flowkiwi::wire::{
    ERROR_LINK, Ld, NOT_BLANK, PROBLEM_JSON, Problem, Violation, hydra_prefixed,
};
use crate::sandbox::{ErrorStyle, FieldError, Refusal, has_content_type};

/// A refusal, boxed: an answer is large beside what a handler's helpers return.
pub type Refused = Box<Response>;

pub type Outcome<T> = Result<T, Refused>;

/// An `Error` document: `@id` `/api/errors/{status}`, `detail` = `description`.
/// Without debug, a 5xx detail is always `Internal Server Error`.
pub fn error(status: StatusCode, detail: impl Into<String>) -> Refused {
    respond(status, &error_doc(status, detail.into()), false)
}

fn error_doc(status: StatusCode, detail: String) -> Problem {
    let detail = if status.is_server_error() {
        "Internal Server Error".to_owned()
    } else {
        detail
    };
    let code = status.as_u16();
    Problem {
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
    }
}

/// A 422 `ConstraintViolation` with the composite `0=…;1=…` id.
pub fn violations(violations: Vec<Violation>) -> Refused {
    let problem = violation_doc(violations);
    respond(StatusCode::UNPROCESSABLE_ENTITY, &problem, false)
}

fn violation_doc(violations: Vec<Violation>) -> Problem {
    let codes: Vec<&str> = violations
        .iter()
        .map(|v| v.code.as_deref().unwrap_or(NOT_BLANK))
        .collect();
    let id = Problem::violation_id(&codes);
    let detail = Problem::violation_detail(&violations);
    Problem {
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
    }
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

/// `problem` as an answer; `prefix` spells its Hydra keys with `hydra:`.
fn respond(status: StatusCode, problem: &Problem, prefix: bool) -> Refused {
    let mut body = serde_json::to_value(problem).unwrap_or_default();
    if prefix {
        body = hydra_prefixed(body);
    }
    let body = serde_json::to_vec(&body).unwrap_or_default();
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
pub struct Style {
    /// Serve the `hydra:`-prefixed form (`--hydra-prefix`).
    pub hydra_prefix: bool,
}

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
            let problem = violation_doc(found.collect());
            return *respond(
                StatusCode::UNPROCESSABLE_ENTITY,
                &problem,
                self.hydra_prefix,
            );
        }
        let problem = error_doc(refusal.status, refusal.message);
        *respond(refusal.status, &problem, self.hydra_prefix)
    }

    fn is_styled(&self, headers: &HeaderMap) -> bool {
        has_content_type(headers, "application/problem+json")
    }
}

/// A violation with the constraint's `hint`, for the operator to act on.
pub fn hinted(mut violation: Violation, hint: &str) -> Violation {
    violation.hint = Some(hint.to_owned());
    violation
}
