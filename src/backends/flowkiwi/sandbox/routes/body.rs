//! Request bodies as API Platform reads them: the Content-Type first (415), then
//! the JSON (malformed → 400), then each attribute's JSON type (wrong → 400, not
//! 422: the denormalizer refuses before the validator runs).

use axum::http::{HeaderMap, StatusCode, header};
use serde_json::{Map, Value};

use crate::backends::flowkiwi::sandbox::error::{Outcome, error};
use crate::backends::flowkiwi::wire::{LD_JSON, MERGE_PATCH};
use crate::sandbox::has_content_type;

fn content_type(headers: &HeaderMap) -> String {
    let raw = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    raw.unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_owned()
}

fn unsupported(headers: &HeaderMap, supported: &str) -> Outcome<()> {
    let given = content_type(headers);
    let detail = format!(
        r#"The content-type "{given}" is not supported. Supported MIME types are {supported}."#
    );
    Err(error(StatusCode::UNSUPPORTED_MEDIA_TYPE, detail))
}

/// A POST body must be JSON-LD or plain JSON.
pub fn json(headers: &HeaderMap) -> Outcome<()> {
    if has_content_type(headers, LD_JSON) || has_content_type(headers, "application/json") {
        return Ok(());
    }
    unsupported(headers, r#""application/ld+json", "application/json""#)
}

/// A PATCH body must be a merge patch.
pub fn merge_patch(headers: &HeaderMap) -> Outcome<()> {
    if has_content_type(headers, MERGE_PATCH) {
        return Ok(());
    }
    unsupported(headers, r#""application/merge-patch+json""#)
}

/// The body as a JSON object; malformed JSON and non-objects are 400s.
pub fn object(body: &[u8]) -> Outcome<Map<String, Value>> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(error(
            StatusCode::BAD_REQUEST,
            "The input data must be an object.",
        )),
        Err(_) => Err(error(StatusCode::BAD_REQUEST, "Syntax error")),
    }
}

fn php_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) | Value::Object(_) => "array",
    }
}

/// The string attribute `key`, absent as None; any other JSON type is a 400.
pub fn text(body: &Map<String, Value>, key: &str) -> Outcome<Option<String>> {
    match body.get(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => {
            let given = php_type(other);
            let detail =
                format!(r#"The type of the "{key}" attribute must be "string", "{given}" given."#);
            Err(error(StatusCode::BAD_REQUEST, detail))
        }
    }
}
