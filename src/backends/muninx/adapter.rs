//! Maps the domain model onto MuninX: kebab-case fields, users named by email in
//! paths, bare-string answers to writes (followed by a re-read), 200 on create.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::schema::{DOMAINS, EMAIL, ORGANIZATION, SCHEMA};
use super::{neutral, roles, settle, wire};
use reqwest::header::{HeaderName, HeaderValue};

use crate::api::backend::{
    self, Answer, Backend, Decoded, HttpCall, Paging, Settle, Unsupported, Verdict,
};
use crate::api::error::ApiError;
use crate::api::model::{Caller, Capability, Filter, Operation, Page, Reply, WriteNote};
use crate::api::schema::LevelId;
use crate::api::secret::Secret;
use crate::api::stream::{JsonArrayRows, RowLimits, RowStream};
use crate::api::value::Draft;

const ORG_FIELDS: &[&str] = &["display-name", "domains", "external-ref", "notes", "status"];
const INVITE_FIELDS: &[&str] = &[
    "email",
    "name",
    "last-name",
    "type",
    "agent-type",
    "organization",
];
const USER_FIELDS: &[&str] = &[
    "name",
    "last-name",
    "type",
    "status",
    "organization",
    "agent-type",
    "auto-assign-tickets",
];

/// The agent types MuninX knows, for forms that offer a choice.
pub const AGENT_TYPES: &[&str] = &["human", "ai-assisted", "ai-autonomous"];

#[derive(Debug, Clone, Copy, Default)]
pub struct MuninX;

impl MuninX {
    pub fn agent_types(&self) -> &'static [&'static str] {
        AGENT_TYPES
    }
}

fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    serde_json::from_slice(body).map_err(|err| err.to_string())
}

/// Bare-string confirmations; tolerate servers that send JSON objects or nothing.
fn confirmation(body: &[u8]) -> String {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::String(text)) => text,
        Ok(Value::Null) | Err(_) if body.iter().all(u8::is_ascii_whitespace) => "done".into(),
        Ok(other) => other.to_string().chars().take(200).collect(),
        Err(_) => String::from_utf8_lossy(body).chars().take(200).collect(),
    }
}

fn top() -> LevelId {
    ORGANIZATION
}

fn get_node(id: &str) -> Operation {
    Operation::GetNode {
        level: top(),
        id: id.to_owned(),
    }
}

fn get_party(id: String) -> Operation {
    Operation::GetParty { id }
}

/// The email an invite names, as MuninX files it.
fn invited(draft: &Draft) -> String {
    draft
        .get(EMAIL)
        .and_then(crate::api::value::Value::as_text)
        .unwrap_or_default()
        .trim()
        .to_lowercase()
}

fn one_page<T>(items: Vec<T>) -> Page<T> {
    Page::one(items)
}

impl Backend for MuninX {
    fn name(&self) -> &'static str {
        "muninx"
    }

    fn schema(&self) -> &'static crate::api::schema::Schema {
        &SCHEMA
    }

    fn role_allows(&self, role: &str, capability: Capability, on_self: bool) -> bool {
        roles::allows(role, capability, on_self)
    }

    fn auth(&self, credential: &Secret) -> Result<Vec<(HeaderName, HeaderValue)>, String> {
        backend::bearer_auth(credential)
    }

    /// MuninX lists come whole, in one answer: there is nothing to page.
    fn call(&self, op: &Operation, _paging: Paging<'_>) -> Result<HttpCall, Unsupported> {
        neutral::call(op)
    }

    /// `GET /users` is one answer however many users a tenant holds: read as it
    /// arrives, whatever its scope.
    fn stream(&self, op: &Operation, limits: RowLimits) -> Option<Box<dyn RowStream>> {
        match op {
            Operation::ListParties { .. } => Some(Box::new(JsonArrayRows::new(
                "users",
                neutral::party_leading,
                |people| Reply::Parties(one_page(people)),
                limits,
            ))),
            _ => None,
        }
    }

    fn decode(&self, op: &Operation, answer: &Answer<'_>) -> Result<Decoded, String> {
        let body = answer.body;
        let reply = match op {
            Operation::WhoAmI => {
                let user = decode::<wire::User>(body)?;
                // Staff belong to the tenant's own organization, which `/users/me`
                // names; a customer's organization is not the tenant.
                let tenant = match user.kind {
                    wire::UserType::Customer => None,
                    _ => user.organization.clone(),
                };
                Reply::Caller(Caller {
                    id: user.email.clone(),
                    label: format!("{} {}", user.name, user.last_name)
                        .trim()
                        .to_owned(),
                    role: user.kind.as_str().to_owned(),
                    tenant,
                    party: Some(neutral::party(user)),
                    roles: Vec::new(),
                })
            }
            Operation::GetParty { .. } => Reply::Party(neutral::party(decode::<wire::User>(body)?)),
            Operation::ListParties { .. } => {
                Reply::Parties(one_page(neutral::decode_parties(body)?))
            }
            Operation::ListNodes { .. } => Reply::Nodes(one_page(
                decode::<wire::OrganizationList>(body)?
                    .customer_organizations
                    .into_iter()
                    .map(neutral::node)
                    .collect(),
            )),
            Operation::GetNode { .. }
            | Operation::FindNode { .. }
            | Operation::CreateNode { .. } => {
                Reply::Node(neutral::node(decode::<wire::CustomerOrganization>(body)?))
            }
            Operation::UpdateNode { id, .. } | Operation::ToggleNode { id, .. } => {
                return Ok(Decoded::ReadBack {
                    message: confirmation(body),
                    read: get_node(id),
                });
            }
            Operation::AddMembers { draft, .. } => {
                return Ok(Decoded::ReadBack {
                    message: confirmation(body),
                    read: get_party(invited(draft)),
                });
            }
            Operation::UpdateMember { party, .. } => {
                return Ok(Decoded::ReadBack {
                    message: confirmation(body),
                    read: get_party(party.clone()),
                });
            }
            _ => Reply::Done(WriteNote {
                message: confirmation(body),
            }),
        };
        Ok(Decoded::Reply(reply))
    }

    fn form_fields(&self, op: &Operation) -> &'static [&'static str] {
        match op {
            Operation::CreateNode { .. } | Operation::UpdateNode { .. } => ORG_FIELDS,
            Operation::AddMembers { .. } => INVITE_FIELDS,
            Operation::UpdateMember { .. } => USER_FIELDS,
            Operation::FindNode { .. } => &["domain"],
            _ => &[],
        }
    }

    fn endpoint(&self, op: &Operation) -> String {
        let call = match neutral::call(op) {
            Ok(call) => call,
            Err(unsupported) => return unsupported.to_string(),
        };
        let path = match op {
            Operation::GetNode { .. }
            | Operation::UpdateNode { .. }
            | Operation::ToggleNode { .. }
            | Operation::DeleteNode { .. } => "/customer-organizations/{id}",
            Operation::GetParty { .. }
            | Operation::UpdateMember { .. }
            | Operation::RevokeInvite { .. } => "/users/{email}",
            Operation::ResendInvite { .. } => "/users/{email}/activation-email",
            _ => return format!("{} /{}", call.method, call.segments.join("/")),
        };
        format!("{} {path}", call.method)
    }

    fn missing_endpoint_on_404(&self, op: &Operation) -> bool {
        matches!(
            op,
            Operation::WhoAmI | Operation::ListNodes { .. } | Operation::ListParties { .. }
        )
    }

    fn settle(&self, write: &Operation) -> Settle {
        let read = match write {
            Operation::CreateNode { draft, .. } => Some(match first_domain(draft) {
                Some(domain) => Operation::FindNode {
                    level: top(),
                    field: DOMAINS,
                    value: domain,
                },
                None => Operation::ListNodes {
                    level: top(),
                    parent: None,
                    filter: Filter::default(),
                    page: None,
                },
            }),
            Operation::UpdateNode { id, .. }
            | Operation::ToggleNode { id, .. }
            | Operation::DeleteNode { id, .. } => Some(get_node(id)),
            Operation::AddMembers { draft, .. } => Some(get_party(invited(draft))),
            Operation::UpdateMember { party, .. } | Operation::RevokeInvite { party, .. } => {
                Some(get_party(party.clone()))
            }
            _ => None,
        };
        read.map_or(Settle::Unknown, Settle::Read)
    }

    fn applied(
        &self,
        write: &Operation,
        before: &Result<Reply, ApiError>,
        after: &Result<Reply, ApiError>,
    ) -> Verdict {
        settle::verdict(write, before, after)
    }

    fn confirmed_reply(&self, write: &Operation, read: Reply) -> Reply {
        match (write, read) {
            (Operation::CreateNode { draft, .. }, Reply::Nodes(nodes)) => nodes
                .items
                .into_iter()
                .rev()
                .find(|n| settle::bare_named(n, draft))
                .map(Reply::Node)
                .unwrap_or_else(|| {
                    Reply::Done(WriteNote {
                        message: "organization created".into(),
                    })
                }),
            (_, reply @ (Reply::Node(_) | Reply::Party(_))) => reply,
            (write, _) => Reply::Done(WriteNote {
                message: format!("{} applied", SCHEMA.describe(write.capability())),
            }),
        }
    }
}

fn first_domain(draft: &Draft) -> Option<String> {
    match draft.get(DOMAINS) {
        Some(crate::api::value::Value::List(items)) => items.first().cloned(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::value::Value as Field;
    use reqwest::Method;
    use serde_json::json;

    #[test]
    fn string_answers_are_read_back() {
        let op = Operation::AddMembers {
            scope: crate::api::model::Scope::Tenant(super::super::schema::USERS),
            draft: Draft {
                values: vec![(EMAIL, Field::Text(" Sam@X.com ".into()))],
                idempotency_key: None,
            },
        };
        let headers = reqwest::header::HeaderMap::new();
        let answer = Answer {
            status: reqwest::StatusCode::OK,
            headers: &headers,
            body: br#""A confirmation email has been sent to the new user's email""#,
        };
        let decoded = MuninX.decode(&op, &answer).unwrap();
        assert_eq!(
            decoded,
            Decoded::ReadBack {
                message: "A confirmation email has been sent to the new user's email".into(),
                read: Operation::GetParty {
                    id: "sam@x.com".into()
                },
            }
        );
    }

    #[test]
    fn muninx_signs_in_with_a_sensitive_bearer_token_and_settles_as_before() {
        let headers = MuninX.auth(&Secret::new("tok-1234")).unwrap();
        assert_eq!(headers.len(), 1);
        assert_eq!(headers[0].0, reqwest::header::AUTHORIZATION);
        assert_eq!(headers[0].1, "Bearer tok-1234");
        assert!(headers[0].1.is_sensitive());
        assert_eq!(
            MuninX.settle(&Operation::DeleteNode {
                level: ORGANIZATION,
                id: "co-1".into()
            }),
            Settle::Read(get_node("co-1"))
        );
        let resend = Operation::ResendInvite {
            scope: crate::api::model::Scope::Tenant(super::super::schema::PENDING),
            party: "a@b.c".into(),
        };
        assert_eq!(MuninX.settle(&resend), Settle::Unknown);
    }

    #[test]
    fn who_am_i_names_the_caller_by_email_with_the_user_s_type_as_role() {
        let headers = reqwest::header::HeaderMap::new();
        let body = json!({
            "email": "ann@acme.com", "name": "Ann", "last-name": "Lee", "type": "agent",
            "agent-type": "human", "organization": null, "status": "active",
            "auto-assign-tickets": false, "created-at": "2026-01-01T00:00:00Z"
        })
        .to_string();
        let answer = Answer {
            status: reqwest::StatusCode::OK,
            headers: &headers,
            body: body.as_bytes(),
        };
        let Ok(Decoded::Reply(Reply::Caller(me))) = MuninX.decode(&Operation::WhoAmI, &answer)
        else {
            panic!("who-am-I decodes to the caller");
        };
        assert_eq!(
            (me.id.as_str(), me.label.as_str()),
            ("ann@acme.com", "Ann Lee")
        );
        assert_eq!(me.role, "agent");
        assert_eq!(
            MuninX
                .call(&Operation::WhoAmI, Paging::default())
                .unwrap()
                .method,
            Method::GET
        );
    }
}
