//! Sequence's refusals as the client reads them (`shared/api/sequence.md`,
//! Errors): the `ApiError` envelope `{"error": {type, message, errors[]}}`, each
//! item's `key` a path into the request body (`ownerId`, `memberIds[1]`,
//! `customerIds[0]`), which lands on that form field or list entry. The contract's
//! fallbacks follow: `error.message`; `errors[]` of strings or `{key, error}`;
//! `message`. A bare 401 and a refused API version say what to change in the
//! profile. Anything else is left to the generic normaliser.

use serde_json::Value;

use super::schema::VERSION_OPTION;
use super::wire::API_VERSION;
use crate::api::problem::{FieldPath, FieldProblem, Problem};

/// The 401 Sequence sends for a wrong or missing Basic credential has no body.
pub const REFUSED_CREDENTIAL: &str = "the client id or secret was refused (HTTP 401): the profile's token must be the API client's id:secret";

pub fn problem(status: u16, body: &[u8]) -> Option<Problem> {
    if status == 401 && body.trim_ascii().is_empty() {
        return Some(made(
            status,
            None,
            REFUSED_CREDENTIAL.to_owned(),
            Vec::new(),
            body,
        ));
    }
    let json: Value = serde_json::from_slice(body).ok()?;
    if let Some(error) = json.get("error").filter(|e| e.is_object()) {
        return envelope(status, error, body);
    }
    // The legacy `DatabaseErrors` (`{"errors": [...]}`) and a bare `{"message"}`.
    let fields = items(json.get("errors"));
    let summary = text(json.get("message")).or_else(|| fields.first().map(|f| f.message.clone()));
    summary.map(|summary| made(status, None, summary, fields, body))
}

fn envelope(status: u16, error: &Value, body: &[u8]) -> Option<Problem> {
    let code = text(error.get("type"));
    let fields = items(error.get("errors"));
    let mut summary =
        text(error.get("message")).or_else(|| fields.first().map(|f| f.message.clone()))?;
    if code.as_deref() == Some("UnrecognisedApiVersion") {
        summary = format!(
            "{summary} — set the profile's {VERSION_OPTION} to {API_VERSION} (or leave it out): customer organizations exist only in that version"
        );
    }
    Some(made(status, code, summary, fields, body))
}

/// Each broken rule: `{key, message}` (the envelope's), `{key, error}` (the
/// legacy list's), or a bare string, which names no field.
fn items(list: Option<&Value>) -> Vec<FieldProblem> {
    list.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|item| {
            if let Some(message) = item.as_str() {
                return Some(FieldProblem {
                    path: FieldPath::parse(""),
                    message: message.trim().to_owned(),
                });
            }
            let message = text(item.get("message")).or_else(|| text(item.get("error")))?;
            let key = item.get("key").and_then(Value::as_str).unwrap_or_default();
            Some(FieldProblem {
                path: FieldPath::parse(key),
                message,
            })
        })
        .filter(|f| !f.message.is_empty())
        .collect()
}

fn text(value: Option<&Value>) -> Option<String> {
    value
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

fn made(
    status: u16,
    code: Option<String>,
    summary: String,
    fields: Vec<FieldProblem>,
    body: &[u8],
) -> Problem {
    Problem {
        status: Some(status),
        code,
        summary,
        fields,
        request_id: None,
        retry_after_secs: None,
        hint: None,
        raw: String::from_utf8_lossy(body).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_broken_rule_lands_on_its_field_or_list_entry() {
        let body = br#"{"error": {"type": "validationError", "message": "Request data validation failed",
  "errors": [
    {"code": "customerNotFound", "message": "no customer with id 7d0e", "key": "memberIds[1]", "errors": []},
    {"code": "required", "message": "is required", "key": "ownerId", "errors": []}]}}"#;
        let problem = problem(400, body).expect("the envelope");
        assert_eq!(problem.code.as_deref(), Some("validationError"));
        assert_eq!(problem.summary, "Request data validation failed");
        assert_eq!(problem.fields[0].path, FieldPath::parse("memberIds[1]"));
        assert_eq!(problem.fields[0].path.index(), Some(1));
        assert_eq!(problem.fields[0].path.root(), Some("memberIds"));
        assert_eq!(problem.fields[1].path.root(), Some("ownerId"));
        assert_eq!(problem.fields[1].message, "is required");
    }

    #[test]
    fn the_contract_s_fallback_shapes_are_read_too() {
        let bare = problem(400, br#"{"error": {"type": "x", "message": "", "errors": [{"key": "customerIds[0]", "message": "archived"}]}}"#)
            .expect("items alone");
        assert_eq!(bare.summary, "archived");
        assert_eq!(bare.fields[0].path.index(), Some(0));
        let legacy = problem(
            400,
            br#"{"errors": [{"key": "ownerId", "error": "unknown customer"}, "plain text"]}"#,
        )
        .expect("the legacy list");
        assert_eq!(legacy.summary, "unknown customer");
        assert_eq!(legacy.fields[1].message, "plain text");
        assert!(legacy.fields[1].path.is_empty());
        let message = problem(409, br#"{"message": "version conflict"}"#).expect("a message");
        assert_eq!(message.summary, "version conflict");
        assert!(problem(502, b"<html>bad gateway</html>").is_none());
        assert!(problem(400, br#"{"other": 1}"#).is_none());
    }

    #[test]
    fn a_bare_401_and_a_refused_version_say_what_to_change() {
        let refused = problem(401, b"").expect("a bare 401");
        assert!(
            refused.summary.contains("client id or secret"),
            "{}",
            refused.summary
        );
        let version = problem(
            400,
            br#"{"error": {"type": "UnrecognisedApiVersion", "message": "Sequence-Version \"2030-01-01\" is not recognised"}}"#,
        )
        .expect("the envelope");
        assert!(
            version.summary.contains("sequence_version"),
            "{}",
            version.summary
        );
        assert!(
            version.summary.contains("2024-07-30"),
            "{}",
            version.summary
        );
    }
}
