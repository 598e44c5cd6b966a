//! The normaliser's tests, one file per kind of input: the error shapes vendors
//! and frameworks answer in, bodies that are not JSON and bare status codes, field
//! paths, the assembled problem, and properties over arbitrary input.

mod paths;
mod problem;
mod properties;
mod shapes;
mod status;
mod unstructured;

use super::*;

pub(super) const ORG_FIELDS: &[&str] = &["display-name", "domains", "external-ref", "notes"];
pub(super) const USER_FIELDS: &[&str] = &[
    "email",
    "name",
    "last-name",
    "type",
    "agent-type",
    "organization",
];

pub(super) fn org() -> Context<'static> {
    Context {
        fields: ORG_FIELDS,
        role: Some("admin"),
    }
}

pub(super) fn json(status: u16, body: &str, ctx: Context<'_>) -> Problem {
    normalise(status, Some("application/json"), body.as_bytes(), ctx)
}

pub(super) fn pairs(p: &Problem) -> Vec<(String, String)> {
    p.fields
        .iter()
        .map(|f| (f.path.to_string(), f.message.clone()))
        .collect()
}

pub(super) fn pair(path: &str, message: &str) -> (String, String) {
    (path.to_owned(), message.to_owned())
}
