//! The JSON of the Flowkiwi contract (`shared/api/flowkiwi.md`): JSON-LD answers
//! (`@context`, `@id`, `@type`), snake_case fields, Hydra collections and API
//! Platform's problem documents. Reading accepts both spellings of every Hydra
//! key (`member` and `hydra:member`, even mixed in one document); writing gives
//! the plain form, which [`hydra_prefixed`] turns into the `hydra:` one.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What every answer with a body is, errors aside.
pub const LD_JSON: &str = "application/ld+json";
/// The only Content-Type a PATCH is taken in (anything else is 415).
pub const MERGE_PATCH: &str = "application/merge-patch+json";
/// Every error's Content-Type, even when `application/ld+json` was asked for.
pub const PROBLEM_JSON: &str = "application/problem+json; charset=utf-8";
/// The `Link` header API Platform adds to every error answer.
pub const ERROR_LINK: &str =
    r#"<http://www.w3.org/ns/hydra/error>; rel="http://www.w3.org/ns/json-ld#error""#;
/// Symfony's `NotBlank` constraint code.
pub const NOT_BLANK: &str = "c1051bb4-d103-4f74-8988-acbcafc7fdc3";
/// Symfony's `Email` constraint code.
pub const EMAIL: &str = "bd79c0ab-ddba-46cc-a703-a7a4b08de310";
/// Symfony's `Length` constraint code for a value over the maximum.
pub const TOO_LONG: &str = "d94b19cc-114f-4f44-9cc4-4138e80a87b9";
/// Symfony's `Choice` constraint code for a value outside the choices.
pub const CHOICE: &str = "8e179f1b-97aa-4560-a02f-2a8b42e49df7";
/// Symfony's `UniqueEntity` constraint code: already a member, already invited.
pub const UNIQUE: &str = "23bd9dbf-6b9b-41cd-a99e-4844bcf3077f";
/// Our own constraint's code (ours, not Symfony's): no partner account has
/// the email a member is added by.
pub const NO_PARTNER: &str = "5b3c6b0e-8f0a-4c47-9d54-7a1f3c2e9b10";

/// The JSON-LD keys every resource answers with; `@context` only at the top of
/// a document, never on an embedded resource.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Ld {
    #[serde(rename = "@context", default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    /// The IRI, e.g. `/api/organizations/{id}`: what the client keys on.
    #[serde(rename = "@id")]
    pub id: String,
    #[serde(rename = "@type")]
    pub kind: String,
}

/// `Member`: an owner or member of an organization; `role` tells them apart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    #[serde(flatten)]
    pub ld: Ld,
    pub id: String,
    pub email: String,
    /// A partner account may have no name.
    pub name: Option<String>,
    /// `owner` or `member` (the vendor enumerates none; these are ours).
    pub role: String,
    pub joined_at: String,
}

/// `Organization`: owners are listed in `owners` only, never again in `members`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organization {
    #[serde(flatten)]
    pub ld: Ld,
    /// Nullable in the vendor's schema (API Platform's generated ids).
    pub id: Option<String>,
    pub name: String,
    pub created_at: String,
    pub updated_at: String,
    #[serde(default)]
    pub owners: Vec<Member>,
    #[serde(default)]
    pub members: Vec<Member>,
}

/// `Invitation` (ours): `pending`, then `accepted`, `revoked` or `expired`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    #[serde(flatten)]
    pub ld: Ld,
    pub id: String,
    pub email: String,
    pub role: String,
    pub status: String,
    pub invited_by: Member,
    pub created_at: String,
    pub last_sent_at: String,
    pub send_count: u32,
    /// Seven days after the last send.
    pub expires_at: String,
    #[serde(default)]
    pub accepted_at: Option<String>,
    #[serde(default)]
    pub revoked_at: Option<String>,
}

/// A Hydra `PartialCollectionView`. Never compute pages from `totalItems`:
/// follow `next` until it is missing.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct View {
    #[serde(rename = "@id")]
    pub id: String,
    #[serde(rename = "@type")]
    pub kind: String,
    #[serde(
        alias = "hydra:first",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub first: Option<String>,
    #[serde(alias = "hydra:last", default, skip_serializing_if = "Option::is_none")]
    pub last: Option<String>,
    #[serde(
        alias = "hydra:previous",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub previous: Option<String>,
    #[serde(alias = "hydra:next", default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// A Hydra `Collection` of `T`, in either spelling. `view` is absent when the
/// result fits one page; `totalItems` under partial pagination.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Collection<T> {
    #[serde(flatten)]
    pub ld: Ld,
    #[serde(rename = "totalItems", alias = "hydra:totalItems", default)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_items: Option<u64>,
    #[serde(alias = "hydra:member")]
    pub member: Vec<T>,
    #[serde(alias = "hydra:view", default, skip_serializing_if = "Option::is_none")]
    pub view: Option<View>,
    /// The filters' `IriTemplate`, passed through as it came.
    #[serde(
        alias = "hydra:search",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub search: Option<Value>,
}

pub type OrganizationCollection = Collection<Organization>;
pub type MemberCollection = Collection<Member>;
pub type InvitationCollection = Collection<Invitation>;

/// One broken rule of a 422; `propertyPath` is snake_case (`owners[0].email`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Violation {
    pub property_path: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// Only when the server enables `serialize_payload_fields`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload: Option<Value>,
}

/// API Platform's error document: an `Error` (400, 403, 404, 409, 415, 429,
/// 5xx) or a `ConstraintViolation` (422, with `violations`). With the prefix on,
/// `hydra:title` and `hydra:description` stand for `title` and `description`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    #[serde(flatten)]
    pub ld: Ld,
    #[serde(
        alias = "hydra:title",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The detail again (JSON-LD only).
    #[serde(alias = "hydra:description", default)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub violations: Vec<Violation>,
    /// Only in debug mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace: Option<Value>,
}

impl Problem {
    /// The `@id`/`type` suffix of a 422: the one code, or `0=<code>;1=<code>…`.
    pub fn violation_id(codes: &[&str]) -> String {
        match codes {
            [one] => (*one).to_owned(),
            many => many
                .iter()
                .enumerate()
                .map(|(i, code)| format!("{i}={code}"))
                .collect::<Vec<_>>()
                .join(";"),
        }
    }

    /// `detail` of a 422: each violation as `path: message`, one a line.
    pub fn violation_detail(violations: &[Violation]) -> String {
        violations
            .iter()
            .map(|v| format!("{}: {}", v.property_path, v.message))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// `POST /api/organizations`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationCreate {
    pub name: String,
}

/// `PATCH /api/organizations/{id}` as merge-patch: only `name` is writable.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OrganizationPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// `POST …/members` (an existing partner account) and `POST …/invitations`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberCreate {
    pub email: String,
    pub role: String,
}

/// An invitation is asked for with the same two fields as a member.
pub type InvitationCreate = MemberCreate;

/// `PATCH …/members/{memberId}` as merge-patch.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MemberPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

/// Keys Hydra spells with `hydra:` when the prefix is on.
const HYDRA_KEYS: &[&str] = &[
    "member",
    "totalItems",
    "view",
    "search",
    "first",
    "last",
    "previous",
    "next",
    "title",
    "description",
];

/// Types Hydra spells with `hydra:` when the prefix is on.
const HYDRA_TYPES: &[&str] = &["Collection", "PartialCollectionView", "Error"];

/// A collection or error document as API Platform 3 serves it with the prefix
/// on: its own Hydra keys and types, and its view's, get `hydra:`; the
/// resources inside `member` are left as they are.
pub fn hydra_prefixed(document: Value) -> Value {
    let Value::Object(map) = document else {
        return document;
    };
    let out = map
        .into_iter()
        .map(|(key, value)| {
            let value = match key.as_str() {
                "view" => hydra_prefixed(value),
                "@type" => prefixed_type(value),
                _ => value,
            };
            if HYDRA_KEYS.contains(&key.as_str()) {
                (format!("hydra:{key}"), value)
            } else {
                (key, value)
            }
        })
        .collect();
    Value::Object(out)
}

fn prefixed_type(value: Value) -> Value {
    match value {
        Value::String(kind) if HYDRA_TYPES.contains(&kind.as_str()) => {
            Value::String(format!("hydra:{kind}"))
        }
        other => other,
    }
}

#[cfg(test)]
#[path = "wire_tests.rs"]
mod tests;
