//! BitGo's error envelope as the client reads it (`shared/api/bitgo.md`, Errors):
//! `{name, context, error, requestId}`. `error` is the summary, `name` the code,
//! `requestId` always shown; the sandbox's `InvalidRequestBody` names each bad
//! field in `context.errors[].path`, which lands under that field.

use serde_json::Value;

use crate::api::problem::{FieldPath, FieldProblem, Problem};

/// The envelope when the body is one (else `None`: the generic normaliser reads it).
pub fn problem(status: u16, body: &[u8]) -> Option<Problem> {
    let json: Value = serde_json::from_slice(body).ok()?;
    let summary = json.get("error")?.as_str()?.trim().to_owned();
    let fields = json
        .pointer("/context/errors")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|entry| {
            Some(FieldProblem {
                path: FieldPath::parse(entry.get("path")?.as_str()?),
                message: entry.get("message")?.as_str()?.to_owned(),
            })
        })
        .collect();
    Some(Problem {
        status: Some(status),
        code: json.get("name").and_then(Value::as_str).map(str::to_owned),
        summary,
        fields,
        request_id: json
            .get("requestId")
            .and_then(Value::as_str)
            .map(str::to_owned),
        retry_after_secs: None,
        hint: None,
        raw: String::from_utf8_lossy(body).into_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_request_body_names_each_bad_field_and_keeps_the_request_id() {
        let body = br#"{"name": "InvalidRequestBody",
 "context": {"errors": [{"path": "additionalAdmins[0]", "message": "must be a 32-character hex user id"},
                        {"path": "email", "message": "must not be empty"}]},
 "error": "request body failed validation",
 "requestId": "cm5l9-6b1e0c"}"#;
        let problem = problem(400, body).expect("BitGo's envelope");
        assert_eq!(problem.code.as_deref(), Some("InvalidRequestBody"));
        assert_eq!(problem.summary, "request body failed validation");
        assert_eq!(problem.request_id.as_deref(), Some("cm5l9-6b1e0c"));
        let messages: Vec<&str> = problem.fields.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            messages,
            ["must be a 32-character hex user id", "must not be empty"]
        );
        assert_eq!(problem.fields[1].path, FieldPath::parse("email"));
        assert_eq!(
            problem.fields[0].path,
            FieldPath::parse("additionalAdmins[0]")
        );
    }

    #[test]
    fn other_bodies_are_left_to_the_normaliser() {
        assert!(problem(502, b"<html>Bad gateway</html>").is_none());
        assert!(problem(400, br#"{"message": "no"}"#).is_none());
        let plain = problem(
            404,
            br#"{"name":"NotFound","context":{},"error":"no such enterprise","requestId":"r-1"}"#,
        )
        .expect("the envelope");
        assert!(plain.fields.is_empty());
        assert_eq!(plain.summary, "no such enterprise");
    }
}
