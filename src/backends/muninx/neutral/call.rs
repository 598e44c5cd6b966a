//! Each neutral operation as the request MuninX takes: paths, queries and bodies
//! exactly as today's adapter builds them from today's operations (the tests
//! compare the two for every operation).

use reqwest::Method;
use serde_json::{Map, Value as Json, json};

use super::super::schema::{
    AGENT_TYPE, AUTO_ASSIGN, DISPLAY_NAME, DOMAINS, EMAIL, EXTERNAL_REF, LAST_NAME, NAME, NOTES,
    ORGANIZATION, ORGANIZATION_FIELD, STATUS, TYPE, USER_STATUS,
};
use crate::api::backend::{HttpCall, Unsupported};
use crate::api::model::operation::{Filter, Operation, Scope};
use crate::api::model::party::MemberState;
use crate::api::schema::{FieldId, LevelId};
use crate::api::value::{Changes, Draft, Value};

const ORGS: &str = "customer-organizations";
const USERS: &str = "users";

pub fn call(op: &Operation) -> Result<HttpCall, Unsupported> {
    match op {
        Operation::WhoAmI => Ok(HttpCall::new(Method::GET, &[USERS, "me"])),
        Operation::ListNodes {
            level,
            parent,
            filter,
            ..
        } => {
            only_top(*level, parent.as_deref())?;
            let call = HttpCall::new(Method::GET, &[ORGS]);
            Ok(match org_status(filter.values(STATUS).first()) {
                Some(status) => call.query("status", status),
                None => call,
            })
        }
        Operation::GetNode { level, id } => {
            only_top(*level, None)?;
            Ok(HttpCall::new(Method::GET, &[ORGS, id]))
        }
        Operation::FindNode {
            level,
            field,
            value,
        } => {
            only_top(*level, None)?;
            if *field != DOMAINS {
                return Err(Unsupported("looking organizations up by that field"));
            }
            Ok(HttpCall::new(Method::GET, &[ORGS, "lookup"]).query("domain", value.trim()))
        }
        Operation::CreateNode {
            level,
            parent,
            draft,
        } => {
            only_top(*level, parent.as_deref())?;
            Ok(HttpCall::new(Method::POST, &[ORGS]).body(new_org_body(draft)))
        }
        Operation::UpdateNode { level, id, changes } => {
            only_top(*level, None)?;
            Ok(HttpCall::new(Method::PATCH, &[ORGS, id]).body(org_changes_body(changes)))
        }
        Operation::ToggleNode { level, id, on } => {
            only_top(*level, None)?;
            let status = if *on { "suspended" } else { "active" };
            Ok(HttpCall::new(Method::PATCH, &[ORGS, id]).body(json!({ "status": status })))
        }
        Operation::DeleteNode { level, id } => {
            only_top(*level, None)?;
            Ok(HttpCall::new(Method::DELETE, &[ORGS, id]))
        }
        _ => party_call(op),
    }
}

fn party_call(op: &Operation) -> Result<HttpCall, Unsupported> {
    match op {
        Operation::ListParties { scope, filter, .. } => Ok(list_users(scope, filter)),
        Operation::GetParty { id } => Ok(HttpCall::new(Method::GET, &[USERS, id])),
        Operation::AddMembers { scope, draft } => {
            Ok(HttpCall::new(Method::POST, &[USERS]).body(invite_body(scope, draft)))
        }
        Operation::UpdateMember { party, changes, .. } => {
            Ok(HttpCall::new(Method::PUT, &[USERS, party]).body(user_changes_body(changes)))
        }
        Operation::ResendInvite { party, .. } => Ok(HttpCall::new(
            Method::POST,
            &[USERS, party, "activation-email"],
        )),
        Operation::RevokeInvite { party, .. } => Ok(HttpCall::new(Method::DELETE, &[USERS, party])),
        Operation::RemoveMember { .. } => Err(Unsupported(
            "removing a member from an organization (edit the user's organization instead)",
        )),
        Operation::SetMembers { .. } => Err(Unsupported("replacing an organization's members")),
        Operation::ListApprovals { .. } | Operation::Decide { .. } => Err(Unsupported("approvals")),
        _ => Err(Unsupported("that operation")),
    }
}

/// MuninX has one level, customer organizations, with nothing above it.
fn only_top(level: LevelId, parent: Option<&str>) -> Result<(), Unsupported> {
    if level != ORGANIZATION {
        return Err(Unsupported("that level"));
    }
    if parent.is_some() {
        return Err(Unsupported("organizations under another node"));
    }
    Ok(())
}

fn org_status(text: Option<&String>) -> Option<&'static str> {
    match text.map(String::as_str) {
        Some("active") => Some("active"),
        Some("suspended") => Some("suspended"),
        _ => None,
    }
}

fn user_status(text: &str) -> Option<&'static str> {
    match text {
        "pending" => Some("pending"),
        "active" => Some("active"),
        "suspended" => Some("suspended"),
        _ => None,
    }
}

/// A role as MuninX spells it: its three in lower case, any other as given, trimmed.
fn role_word(text: &str) -> String {
    let trimmed = text.trim();
    match trimmed.to_ascii_lowercase().as_str() {
        known @ ("admin" | "agent" | "customer") => known.to_owned(),
        _ => trimmed.to_owned(),
    }
}

fn state_word(state: MemberState) -> &'static str {
    match state {
        MemberState::Invited | MemberState::AwaitingApproval => "pending",
        MemberState::Active => "active",
        MemberState::Suspended => "suspended",
        // MuninX closes nothing: a filter on it matches nobody.
        MemberState::Closed => "closed",
    }
}

/// A node's members are the customers whose organization it is.
fn list_users(scope: &Scope, filter: &Filter) -> HttpCall {
    let mut roles: Vec<String> = filter.values(TYPE).iter().map(|r| role_word(r)).collect();
    let mut organization = filter.values(ORGANIZATION_FIELD).first().cloned();
    if let Scope::Node { id, .. } = scope {
        roles = vec!["customer".to_owned()];
        organization = Some(id.clone());
    }
    let statuses: Vec<&str> = filter
        .values(USER_STATUS)
        .iter()
        .filter_map(|s| user_status(s))
        .chain(filter.states.iter().map(|s| state_word(*s)))
        .collect();
    let mut call = HttpCall::new(Method::GET, &[USERS]);
    if !roles.is_empty() {
        call = call.query("type", roles.join(","));
    }
    if !statuses.is_empty() {
        call = call.query("status", statuses.join(","));
    }
    if let Some(org) = organization {
        call = call.query("organization", org);
    }
    call
}

/// A text value as given, "" for anything else.
fn raw(value: Option<&Value>) -> String {
    value
        .and_then(Value::as_text)
        .unwrap_or_default()
        .to_owned()
}

/// Blank text clears an optional field.
fn clearable(value: &Value) -> Json {
    match value.as_text() {
        Some(text) if !text.trim().is_empty() => json!(text),
        _ => Json::Null,
    }
}

fn list(value: &Value) -> Json {
    match value {
        Value::List(items) => json!(items),
        _ => json!([]),
    }
}

/// Drafts come as the form or the command line gave them (the form trims and
/// normalises; the CLI leaves that to the server).
fn new_org_body(draft: &Draft) -> Json {
    let mut body = Map::new();
    body.insert("display-name".into(), json!(raw(draft.get(DISPLAY_NAME))));
    body.insert(
        "domains".into(),
        draft.get(DOMAINS).map_or_else(|| json!([]), list),
    );
    if let Some(url) = draft
        .get(EXTERNAL_REF)
        .and_then(Value::as_text)
        .filter(|v| !v.trim().is_empty())
    {
        body.insert("external-ref".into(), json!(url));
    }
    if let Some(notes) = draft.get(NOTES).and_then(Value::as_text) {
        body.insert("notes".into(), json!(notes));
    }
    Json::Object(body)
}

/// What a draft does not hold is not sent: the form leaves out what it hides.
fn invite_body(scope: &Scope, draft: &Draft) -> Json {
    let text = |field: FieldId| draft.get(field).and_then(Value::as_text).map(str::to_owned);
    let mut body = Map::new();
    body.insert("email".into(), json!(raw(draft.get(EMAIL)).trim()));
    body.insert("name".into(), json!(raw(draft.get(NAME))));
    body.insert("last-name".into(), json!(raw(draft.get(LAST_NAME))));
    body.insert("type".into(), json!(role_word(&raw(draft.get(TYPE)))));
    if let Some(agent_type) = text(AGENT_TYPE) {
        body.insert("agent-type".into(), json!(agent_type));
    }
    // Invited from an organization's tab: into that organization.
    let organization = match scope {
        Scope::Node { id, .. } => text(ORGANIZATION_FIELD).or_else(|| Some(id.clone())),
        Scope::Tenant(_) => text(ORGANIZATION_FIELD),
    };
    if let Some(org) = organization {
        body.insert("organization".into(), json!(org));
    }
    Json::Object(body)
}

/// Changes are sent as they come: only what changed, hidden fields already left
/// out (`Record::changes` on the form's side); a field MuninX does not take is not
/// sent.
fn org_changes_body(changes: &Changes) -> Json {
    let mut body = Map::new();
    for (field, value) in &changes.values {
        let (wire, sent) = match *field {
            DISPLAY_NAME => ("display-name", json!(value.as_input())),
            DOMAINS => ("domains", list(value)),
            EXTERNAL_REF => ("external-ref", clearable(value)),
            NOTES => ("notes", clearable(value)),
            STATUS => (
                "status",
                json!(if value.as_text().map(str::trim) == Some("suspended") {
                    "suspended"
                } else {
                    "active"
                }),
            ),
            _ => continue,
        };
        body.insert(wire.into(), sent);
    }
    Json::Object(body)
}

fn user_changes_body(changes: &Changes) -> Json {
    let mut body = Map::new();
    for (field, value) in &changes.values {
        let (wire, sent) = match *field {
            NAME => ("name", json!(value.as_input())),
            LAST_NAME => ("last-name", json!(value.as_input())),
            TYPE => ("type", json!(role_word(&value.as_input()))),
            USER_STATUS => (
                "status",
                json!(user_status(value.as_input().trim()).unwrap_or("active")),
            ),
            ORGANIZATION_FIELD => ("organization", clearable(value)),
            AGENT_TYPE => ("agent-type", clearable(value)),
            // MuninX's PUT takes this flag as a string.
            AUTO_ASSIGN => (
                "auto-assign-tickets",
                json!(matches!(value, Value::Bool(true)).to_string()),
            ),
            _ => continue,
        };
        body.insert(wire.into(), sent);
    }
    Json::Object(body)
}
