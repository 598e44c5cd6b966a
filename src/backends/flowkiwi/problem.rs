//! Flowkiwi's refusals as the client reads them (`shared/api/flowkiwi.md`,
//! Errors): API Platform's `Error` and `ConstraintViolation` documents in either
//! spelling (`hydra:title`, `hydra:description`). Each violation's snake_case
//! `propertyPath` lands on the form field of that wire name; `owners[0].email`
//! on entry 0 of a field `owners`, else on the field `email`; any other path is
//! named in the form's summary. The status says what the server's `detail` is
//! about and what to do (the last owner kept, instances still attached, a resend
//! within a minute). A 401's body is the auth layer's, never read; a 5xx and a
//! bare 404 are left to the generic normaliser, which words them the usual way
//! (a debug `trace` is never shown: it is not read here either).

use super::wire::Problem as Wire;
use crate::api::backend::Answer;
use crate::api::model::Operation;
use crate::api::problem::{FieldPath, FieldProblem, Problem, Segment, field_key};

/// Every 401, whatever its body.
pub const TOKEN_REFUSED: &str = "the token was refused (HTTP 401): set the profile's token to a Flowkiwi access token (a partner's user token or an integration token)";

pub fn problem(op: &Operation, answer: &Answer<'_>, form: &[&str]) -> Option<Problem> {
    let status = answer.status.as_u16();
    let body = answer.body;
    if status == 401 {
        return Some(made(
            status,
            None,
            TOKEN_REFUSED.to_owned(),
            Vec::new(),
            body,
        ));
    }
    if status >= 500 {
        return None;
    }
    let wire: Wire = serde_json::from_slice(body).ok()?;
    let detail = [&wire.detail, &wire.description, &wire.title]
        .into_iter()
        .flatten()
        .map(|t| t.trim())
        .find(|t| !t.is_empty() && *t != "An error occurred")
        .map(str::to_owned);
    let code = Some(wire.ld.kind.trim_start_matches("hydra:").to_owned()).filter(|c| !c.is_empty());
    if status == 422 || !wire.violations.is_empty() {
        let fields: Vec<FieldProblem> = wire
            .violations
            .iter()
            .map(|v| FieldProblem {
                path: field_path(&v.property_path, form),
                message: match v.hint.as_deref().map(str::trim).filter(|h| !h.is_empty()) {
                    Some(hint) => format!("{} ({hint})", v.message.trim()),
                    None => v.message.trim().to_owned(),
                },
            })
            .collect();
        let summary = match fields.len() {
            0 => detail.unwrap_or_else(|| "the server refused what was sent (422)".to_owned()),
            1 => "the server refused one field: see below".to_owned(),
            n => format!("the server refused {n} fields: see below"),
        };
        return Some(made(status, code, summary, fields, body));
    }
    if status == 404 && detail.as_deref().is_none_or(|d| d == "Not Found") {
        return None;
    }
    let detail = detail?;
    let (summary, hint) = worded(op, status, &detail, answer);
    Some(Problem {
        hint,
        ..made(status, code, summary, Vec::new(), body)
    })
}

/// The server's detail, and what to do about it here (the hint, in place of
/// the status's usual advice: a 403 because instances remain is no missing
/// right).
fn worded(
    op: &Operation,
    status: u16,
    detail: &str,
    answer: &Answer<'_>,
) -> (String, Option<String>) {
    let lower = detail.to_lowercase();
    let hint = |text: &str| (detail.to_owned(), Some(text.to_owned()));
    match status {
        403 if matches!(op, Operation::DeleteNode { .. }) && lower.contains("instance") => {
            hint("delete or move its instances first, in Flowkiwi; then delete it again")
        }
        403 if matches!(
            op,
            Operation::GetNode { .. } | Operation::ListParties { .. }
        ) =>
        {
            hint("you are not a member of this organization: ask one of its owners to add you")
        }
        403 if op.is_write() => hint(
            "only the organization's owners may do this: ask one of them, or to be made an owner",
        ),
        409 if lower.contains("owner") => hint("make someone else an owner first"),
        409 if matches!(
            op,
            Operation::ResendInvite { .. } | Operation::RevokeInvite { .. }
        ) =>
        {
            hint("only a pending invitation can be resent or revoked: invite them again instead")
        }
        415 => hint(
            "orgdeck sends PATCH as application/merge-patch+json: something between it and the server changed that",
        ),
        429 => {
            let wait = answer
                .header("retry-after")
                .and_then(|s| s.trim().parse::<u64>().ok());
            let summary = match wait {
                Some(secs) => format!(
                    "the invitation was sent less than a minute ago: try again in {secs} s ({detail})"
                ),
                None => format!("the invitation was sent less than a minute ago ({detail})"),
            };
            (summary, None)
        }
        _ => (detail.to_owned(), None),
    }
}

/// Where a violation lands: on the form field its path names; an entry of a list
/// field (`owners[0].email` on entry 0 of `owners`); else on the field its last
/// key names (`email`); else the path as it came, which the form names in its
/// summary.
pub fn field_path(raw: &str, form: &[&str]) -> FieldPath {
    let path = FieldPath::parse(raw);
    let on_form = |key: &str| {
        form.iter()
            .find(|f| field_key(f) == field_key(key))
            .copied()
    };
    if path.root().and_then(on_form).is_some() {
        return path;
    }
    let last = path.segments().iter().rev().find_map(|s| match s {
        Segment::Key(key) => Some(key.as_str()),
        Segment::Index(_) => None,
    });
    match last.and_then(on_form) {
        Some(field) if path.segments().len() > 1 => FieldPath::parse(field),
        _ => path,
    }
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
        raw: without_trace(body),
    }
}

/// The body for the log, less a debug `trace` (the server's stack, file paths
/// and all), which is no operator's business.
fn without_trace(body: &[u8]) -> String {
    if let Ok(serde_json::Value::Object(mut map)) = serde_json::from_slice(body)
        && map.remove("trace").is_some()
    {
        return serde_json::Value::Object(map).to_string();
    }
    String::from_utf8_lossy(body).into_owned()
}

#[cfg(test)]
#[path = "problem_tests.rs"]
mod tests;
