//! Maps the domain model onto MuninX: kebab-case fields, users named by email in
//! paths, bare-string answers to writes (followed by a re-read), 200 on create.

use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use super::roles;
use super::settle;
use super::wire;
use reqwest::header::{HeaderName, HeaderValue};

use crate::api::backend::{self, Answer, Backend, Decoded, HttpCall, Paging, Settle, Verdict};
use crate::api::bulk;
use crate::api::error::ApiError;
use crate::api::model::{
    Capabilities, Capability, NewOrganization, Operation, OrgStatus, Organization,
    OrganizationChanges, Person, PersonChanges, PersonStatus, Reply, Role, WriteNote,
};
use crate::api::secret::Secret;

const ORGS: &str = "customer-organizations";
const USERS: &str = "users";

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

/// `GET /users` can answer 100k users (23 MB): decoded on all cores.
fn decode_people(body: &[u8]) -> Result<Vec<Person>, String> {
    bulk::decode_list(body, "users", person, |body| {
        decode::<wire::UserList>(body).map(|list| list.users.into_iter().map(person).collect())
    })
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

fn org_status(status: wire::OrgStatus) -> OrgStatus {
    match status {
        wire::OrgStatus::Active => OrgStatus::Active,
        wire::OrgStatus::Suspended => OrgStatus::Suspended,
    }
}

fn person_status(status: wire::UserStatus) -> PersonStatus {
    match status {
        wire::UserStatus::Pending => PersonStatus::Pending,
        wire::UserStatus::Active => PersonStatus::Active,
        wire::UserStatus::Suspended => PersonStatus::Suspended,
    }
}

pub fn organization(org: wire::CustomerOrganization) -> Organization {
    Organization {
        id: org.id,
        name: org.display_name,
        domains: org.domains,
        external_ref: org.external_ref,
        notes: org.notes,
        status: org_status(org.status),
        parent: None,
        owner: None,
        created_at: Some(org.created_at),
        updated_at: Some(org.updated_at),
    }
}

pub fn person(user: wire::User) -> Person {
    Person {
        id: user.email.clone(),
        email: user.email,
        name: user.name,
        last_name: user.last_name,
        role: Role::parse(user.kind.as_str()),
        agent_type: user.agent_type.map(|a| a.as_str().to_owned()),
        organization: user.organization,
        status: person_status(user.status),
        auto_assign: Some(user.auto_assign_tickets),
        created_at: Some(user.created_at),
    }
}

fn new_org_body(new: &NewOrganization) -> Value {
    let mut body = Map::new();
    body.insert("display-name".into(), json!(new.name));
    body.insert("domains".into(), json!(new.domains));
    if let Some(url) = &new.external_ref {
        body.insert("external-ref".into(), json!(url));
    }
    if let Some(notes) = &new.notes {
        body.insert("notes".into(), json!(notes));
    }
    Value::Object(body)
}

fn org_changes_body(changes: &OrganizationChanges) -> Value {
    let mut body = Map::new();
    if let Some(name) = &changes.name {
        body.insert("display-name".into(), json!(name));
    }
    if let Some(domains) = &changes.domains {
        body.insert("domains".into(), json!(domains));
    }
    if let Some(url) = &changes.external_ref {
        body.insert("external-ref".into(), json!(url));
    }
    if let Some(notes) = &changes.notes {
        body.insert("notes".into(), json!(notes));
    }
    if let Some(status) = changes.status {
        body.insert("status".into(), json!(status.as_str()));
    }
    Value::Object(body)
}

fn person_changes_body(changes: &PersonChanges) -> Value {
    let mut body = Map::new();
    if let Some(name) = &changes.name {
        body.insert("name".into(), json!(name));
    }
    if let Some(last_name) = &changes.last_name {
        body.insert("last-name".into(), json!(last_name));
    }
    if let Some(role) = &changes.role {
        body.insert("type".into(), json!(role.as_str()));
    }
    if let Some(status) = changes.status {
        body.insert("status".into(), json!(status.as_str()));
    }
    if let Some(org) = &changes.organization {
        body.insert("organization".into(), json!(org));
    }
    if let Some(agent_type) = &changes.agent_type {
        body.insert("agent-type".into(), json!(agent_type));
    }
    if let Some(auto) = changes.auto_assign {
        // MuninX's PUT takes this flag as a string.
        body.insert("auto-assign-tickets".into(), json!(auto.to_string()));
    }
    Value::Object(body)
}

impl Backend for MuninX {
    fn name(&self) -> &'static str {
        "muninx"
    }

    fn schema(&self) -> &'static crate::api::schema::Schema {
        &super::schema::SCHEMA
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities::all_available()
    }

    fn role_allows(&self, role: &Role, capability: Capability, on_self: bool) -> bool {
        roles::allowed(role).contains(&capability)
            || (on_self && roles::ON_SELF.contains(&capability))
    }

    fn auth(&self, credential: &Secret) -> Result<Vec<(HeaderName, HeaderValue)>, String> {
        backend::bearer_auth(credential)
    }

    /// MuninX lists come whole, in one answer: there is nothing to page.
    fn call(&self, op: &Operation, _paging: Paging<'_>) -> HttpCall {
        match op {
            Operation::WhoAmI => HttpCall::new(Method::GET, &[USERS, "me"]),
            Operation::ListOrganizations { status } => {
                let call = HttpCall::new(Method::GET, &[ORGS]);
                match status {
                    Some(status) => call.query("status", status.as_str()),
                    None => call,
                }
            }
            Operation::GetOrganization { id } => HttpCall::new(Method::GET, &[ORGS, id]),
            Operation::LookupOrganization { domain } => {
                HttpCall::new(Method::GET, &[ORGS, "lookup"]).query("domain", domain.trim())
            }
            Operation::CreateOrganization(new) => {
                HttpCall::new(Method::POST, &[ORGS]).body(new_org_body(new))
            }
            Operation::UpdateOrganization { id, changes } => {
                HttpCall::new(Method::PATCH, &[ORGS, id]).body(org_changes_body(changes))
            }
            Operation::DeleteOrganization { id } => HttpCall::new(Method::DELETE, &[ORGS, id]),
            Operation::ListPeople(filter) => {
                let mut call = HttpCall::new(Method::GET, &[USERS]);
                let join = |words: Vec<&str>| words.join(",");
                if !filter.roles.is_empty() {
                    call = call.query(
                        "type",
                        join(filter.roles.iter().map(Role::as_str).collect()),
                    );
                }
                if !filter.statuses.is_empty() {
                    call = call.query(
                        "status",
                        join(filter.statuses.iter().map(|s| s.as_str()).collect()),
                    );
                }
                if let Some(org) = &filter.organization {
                    call = call.query("organization", org.clone());
                }
                call
            }
            Operation::GetPerson { id } => HttpCall::new(Method::GET, &[USERS, id]),
            Operation::Invite(invite) => {
                let mut body = Map::new();
                body.insert("email".into(), json!(invite.email.trim()));
                body.insert("name".into(), json!(invite.name));
                body.insert("last-name".into(), json!(invite.last_name));
                body.insert("type".into(), json!(invite.role.as_str()));
                if let Some(agent_type) = &invite.agent_type {
                    body.insert("agent-type".into(), json!(agent_type));
                }
                if let Some(org) = &invite.organization {
                    body.insert("organization".into(), json!(org));
                }
                HttpCall::new(Method::POST, &[USERS]).body(Value::Object(body))
            }
            Operation::UpdatePerson { id, changes } => {
                HttpCall::new(Method::PUT, &[USERS, id]).body(person_changes_body(changes))
            }
            Operation::ResendInvite { id } => {
                HttpCall::new(Method::POST, &[USERS, id, "activation-email"])
            }
            Operation::RevokeInvite { id } => HttpCall::new(Method::DELETE, &[USERS, id]),
        }
    }

    fn preview(&self, op: &Operation, prefix: &[u8], limit: usize) -> Option<Reply> {
        match op {
            Operation::ListPeople(_) => {
                let people = bulk::leading(prefix, "users", person, limit);
                (!people.is_empty()).then_some(Reply::People(people))
            }
            _ => None,
        }
    }

    fn decode(&self, op: &Operation, answer: &Answer<'_>) -> Result<Decoded, String> {
        let body = answer.body;
        let reply = match op {
            Operation::WhoAmI | Operation::GetPerson { .. } => {
                Reply::Person(person(decode::<wire::User>(body)?))
            }
            Operation::ListPeople(_) => Reply::People(decode_people(body)?),
            Operation::ListOrganizations { .. } => Reply::Organizations(
                decode::<wire::OrganizationList>(body)?
                    .customer_organizations
                    .into_iter()
                    .map(organization)
                    .collect(),
            ),
            Operation::GetOrganization { .. }
            | Operation::LookupOrganization { .. }
            | Operation::CreateOrganization(_) => {
                Reply::Organization(organization(decode::<wire::CustomerOrganization>(body)?))
            }
            Operation::UpdateOrganization { id, .. } => {
                return Ok(Decoded::ReadBack {
                    message: confirmation(body),
                    read: Operation::GetOrganization { id: id.clone() },
                });
            }
            Operation::Invite(invite) => {
                return Ok(Decoded::ReadBack {
                    message: confirmation(body),
                    read: Operation::GetPerson {
                        id: invite.email.trim().to_lowercase(),
                    },
                });
            }
            Operation::UpdatePerson { id, .. } => {
                return Ok(Decoded::ReadBack {
                    message: confirmation(body),
                    read: Operation::GetPerson { id: id.clone() },
                });
            }
            Operation::DeleteOrganization { .. }
            | Operation::ResendInvite { .. }
            | Operation::RevokeInvite { .. } => Reply::Done(WriteNote {
                message: confirmation(body),
            }),
        };
        Ok(Decoded::Reply(reply))
    }

    fn form_fields(&self, op: &Operation) -> &'static [&'static str] {
        match op {
            Operation::CreateOrganization(_) | Operation::UpdateOrganization { .. } => ORG_FIELDS,
            Operation::Invite(_) => INVITE_FIELDS,
            Operation::UpdatePerson { .. } => USER_FIELDS,
            Operation::LookupOrganization { .. } => &["domain"],
            _ => &[],
        }
    }

    fn endpoint(&self, op: &Operation) -> String {
        let path = match op {
            Operation::GetOrganization { .. }
            | Operation::UpdateOrganization { .. }
            | Operation::DeleteOrganization { .. } => "/customer-organizations/{id}",
            Operation::GetPerson { .. }
            | Operation::UpdatePerson { .. }
            | Operation::RevokeInvite { .. } => "/users/{email}",
            Operation::ResendInvite { .. } => "/users/{email}/activation-email",
            _ => {
                let call = self.call(op, Paging::default());
                return format!("{} /{}", call.method, call.segments.join("/"));
            }
        };
        format!("{} {path}", self.call(op, Paging::default()).method)
    }

    fn missing_endpoint_on_404(&self, op: &Operation) -> bool {
        matches!(
            op,
            Operation::WhoAmI | Operation::ListOrganizations { .. } | Operation::ListPeople(_)
        )
    }

    fn settle(&self, write: &Operation) -> Settle {
        let read = match write {
            Operation::CreateOrganization(new) => Some(match new.domains.first() {
                Some(domain) => Operation::LookupOrganization {
                    domain: domain.clone(),
                },
                None => Operation::ListOrganizations { status: None },
            }),
            Operation::UpdateOrganization { id, .. } | Operation::DeleteOrganization { id } => {
                Some(Operation::GetOrganization { id: id.clone() })
            }
            Operation::Invite(invite) => Some(Operation::GetPerson {
                id: invite.email.trim().to_lowercase(),
            }),
            Operation::UpdatePerson { id, .. } | Operation::RevokeInvite { id } => {
                Some(Operation::GetPerson { id: id.clone() })
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
            (Operation::CreateOrganization(new), Reply::Organizations(orgs)) => orgs
                .into_iter()
                .rev()
                .find(|o| o.name == new.name.trim() && o.domains.is_empty())
                .map(Reply::Organization)
                .unwrap_or_else(|| {
                    Reply::Done(WriteNote {
                        message: "organization created".into(),
                    })
                }),
            (_, reply @ (Reply::Organization(_) | Reply::Person(_))) => reply,
            (write, _) => Reply::Done(WriteNote {
                message: format!("{} applied", write.describe()),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::PeopleFilter;

    #[test]
    fn calls_use_kebab_case_and_string_flags() {
        let call = MuninX.call(
            &Operation::UpdatePerson {
                id: "a+b@x.com".into(),
                changes: PersonChanges {
                    last_name: Some("Lee".into()),
                    auto_assign: Some(true),
                    organization: Some(None),
                    ..Default::default()
                },
            },
            Paging::default(),
        );
        assert_eq!(call.method, Method::PUT);
        assert_eq!(call.segments, vec!["users", "a+b@x.com"]);
        assert_eq!(
            call.body,
            Some(json!({"last-name": "Lee", "auto-assign-tickets": "true", "organization": null}))
        );
        let list = MuninX.call(
            &Operation::ListPeople(PeopleFilter {
                roles: vec![Role::Admin, Role::Agent],
                statuses: vec![PersonStatus::Pending],
                organization: Some("co-1".into()),
            }),
            Paging::default(),
        );
        assert_eq!(
            list.describe(),
            "GET /users?type=admin,agent&status=pending&organization=co-1"
        );
    }

    #[test]
    fn string_answers_are_read_back() {
        let op = Operation::Invite(crate::api::model::NewInvite {
            email: " Sam@X.com ".into(),
            name: "Sam".into(),
            last_name: "Lee".into(),
            role: Role::Customer,
            agent_type: None,
            organization: None,
        });
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
                read: Operation::GetPerson {
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
            MuninX.settle(&Operation::DeleteOrganization { id: "co-1".into() }),
            Settle::Read(Operation::GetOrganization { id: "co-1".into() })
        );
        assert_eq!(
            MuninX.settle(&Operation::ResendInvite { id: "a@b.c".into() }),
            Settle::Unknown
        );
    }
}
