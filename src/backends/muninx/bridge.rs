//! MuninX's side of the schema bridge (`api::schema::Bridge`): its schema's fields
//! read from today's `Organization` and `Person`, and a form's draft or changes
//! turned into today's operations, exactly as the forms built them by hand.

use super::schema::{
    AGENT_TYPE, AUTO_ASSIGN, CREATED, DISPLAY_NAME, DOMAINS, EMAIL, EXTERNAL_REF, LAST_NAME, NAME,
    NOTES, ORGANIZATION_FIELD, OWNER, PARENT, STATUS, TYPE, UPDATED, USER_CREATED, USER_STATUS,
};
use crate::api::model::{
    NewInvite, NewOrganization, Operation, OrgStatus, Organization, OrganizationChanges, Person,
    PersonChanges, PersonStatus, Role,
};
use crate::api::schema::{Bridge, FieldId, LevelId, MemberStateName, PartyFilter};
use crate::api::value::{Changes, Draft, Value};
use crate::text::blank_as_none;

pub(super) const BRIDGE: Bridge = Bridge {
    node_value,
    party_value,
    party_state,
    party_in,
    member_of,
    create_node,
    update_node,
    invite,
    update_party,
    ops: super::cli_ops::CLI_OPS,
};

fn text(value: &str) -> Value {
    Value::Text(value.to_owned())
}

fn optional(value: Option<&str>) -> Value {
    value.map_or(Value::Empty, text)
}

fn time(at: Option<jiff::Timestamp>) -> Value {
    at.map_or(Value::Empty, Value::Time)
}

fn node_value(org: &Organization, field: FieldId) -> Value {
    match field {
        DISPLAY_NAME => text(&org.name),
        DOMAINS => Value::List(org.domains.clone()),
        EXTERNAL_REF => optional(org.external_ref.as_deref()),
        NOTES => optional(org.notes.as_deref()),
        STATUS => text(org.status.as_str()),
        CREATED => time(org.created_at),
        UPDATED => time(org.updated_at),
        PARENT => optional(org.parent.as_deref()),
        OWNER => optional(org.owner.as_deref()),
        _ => Value::Empty,
    }
}

fn party_value(person: &Person, field: FieldId) -> Value {
    match field {
        EMAIL => text(&person.email),
        NAME => text(&person.name),
        LAST_NAME => text(&person.last_name),
        TYPE => text(person.role.as_str()),
        AGENT_TYPE => optional(person.agent_type.as_deref()),
        ORGANIZATION_FIELD => optional(person.organization.as_deref()),
        USER_STATUS => text(person.status.as_str()),
        AUTO_ASSIGN => person.auto_assign.map_or(Value::Empty, Value::Bool),
        USER_CREATED => time(person.created_at),
        _ => Value::Empty,
    }
}

fn party_state(person: &Person) -> MemberStateName {
    match person.status {
        PersonStatus::Pending => MemberStateName::Invited,
        PersonStatus::Active => MemberStateName::Active,
        PersonStatus::Suspended => MemberStateName::Suspended,
    }
}

fn party_in(person: &Person, filter: &PartyFilter) -> bool {
    (filter.roles.is_empty() || filter.roles.contains(&person.role.as_str()))
        && (filter.states.is_empty() || filter.states.contains(&party_state(person)))
}

/// A customer's organization is their one membership; staff have none.
fn member_of(person: &Person, node: &str) -> Option<MemberStateName> {
    (person.organization.as_deref() == Some(node) && person.role == Role::Customer)
        .then(|| party_state(person))
}

/// A text value trimmed, "" for anything else.
fn trimmed(value: Option<&Value>) -> String {
    value
        .and_then(Value::as_text)
        .unwrap_or_default()
        .trim()
        .to_owned()
}

fn some_text(value: Option<&Value>) -> Option<String> {
    Some(trimmed(value)).filter(|v| !v.is_empty())
}

fn domains(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::List(items)) => items
            .iter()
            .map(|d| d.trim().to_ascii_lowercase())
            .collect(),
        _ => Vec::new(),
    }
}

/// A blank optional value and a missing one mean the same to the operator.
fn held(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .and_then(blank_as_none)
        .map(str::to_owned)
}

/// A text value as given, "" for anything else.
fn raw(value: Option<&Value>) -> String {
    value
        .and_then(Value::as_text)
        .unwrap_or_default()
        .to_owned()
}

/// A list as given.
fn list(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::List(items)) => items.clone(),
        _ => Vec::new(),
    }
}

/// Drafts come as the form or the command line gave them (the form trims and
/// normalises; the CLI leaves that to the server).
fn create_node(_level: LevelId, draft: &Draft) -> Operation {
    Operation::CreateOrganization(NewOrganization {
        name: raw(draft.get(DISPLAY_NAME)),
        domains: list(draft.get(DOMAINS)),
        external_ref: draft
            .get(EXTERNAL_REF)
            .and_then(Value::as_text)
            .filter(|v| !v.trim().is_empty())
            .map(str::to_owned),
        notes: draft.get(NOTES).and_then(Value::as_text).map(str::to_owned),
    })
}

fn update_node(_level: LevelId, org: &Organization, changes: &Changes) -> Option<Operation> {
    let status = match trimmed(changes.get(STATUS)).as_str() {
        "suspended" => OrgStatus::Suspended,
        _ => OrgStatus::Active,
    };
    let changes = OrganizationChanges {
        name: changes
            .get(DISPLAY_NAME)
            .map(|v| trimmed(Some(v)))
            .filter(|n| *n != org.name),
        domains: changes
            .get(DOMAINS)
            .map(|v| domains(Some(v)))
            .filter(|d| *d != org.domains),
        external_ref: changes
            .get(EXTERNAL_REF)
            .map(|v| some_text(Some(v)))
            .filter(|r| *r != held(&org.external_ref)),
        notes: changes
            .get(NOTES)
            .map(|v| some_text(Some(v)))
            .filter(|n| *n != held(&org.notes)),
        status: changes
            .get(STATUS)
            .map(|_| status)
            .filter(|s| *s != org.status),
    };
    (!changes.is_empty()).then(|| Operation::UpdateOrganization {
        id: org.id.clone(),
        changes,
    })
}

/// What a draft does not hold is not sent: the form leaves out what it hides.
fn invite(draft: &Draft) -> Operation {
    let text = |field| draft.get(field).and_then(Value::as_text).map(str::to_owned);
    Operation::Invite(NewInvite {
        email: raw(draft.get(EMAIL)),
        name: raw(draft.get(NAME)),
        last_name: raw(draft.get(LAST_NAME)),
        role: Role::parse(&raw(draft.get(TYPE))),
        agent_type: text(AGENT_TYPE),
        organization: text(ORGANIZATION_FIELD),
    })
}

/// Hidden fields (the organization of staff, the agent type of a customer) are
/// never sent, whatever they hold.
fn update_party(person: &Person, changes: &Changes) -> Option<Operation> {
    // The role the form ends on: changed, or as it was.
    let role = changes
        .get(TYPE)
        .map_or_else(|| person.role.clone(), |v| Role::parse(&trimmed(Some(v))));
    let status = match trimmed(changes.get(USER_STATUS)).as_str() {
        "suspended" => PersonStatus::Suspended,
        "pending" => PersonStatus::Pending,
        _ => PersonStatus::Active,
    };
    let staff = role.is_staff();
    let update = PersonChanges {
        name: changes
            .get(NAME)
            .map(|v| trimmed(Some(v)))
            .filter(|n| *n != person.name),
        last_name: changes
            .get(LAST_NAME)
            .map(|v| trimmed(Some(v)))
            .filter(|n| *n != person.last_name),
        role: changes
            .get(TYPE)
            .map(|_| role.clone())
            .filter(|r| *r != person.role),
        status: changes
            .get(USER_STATUS)
            .map(|_| status)
            .filter(|s| *s != person.status),
        organization: changes
            .get(ORGANIZATION_FIELD)
            .filter(|_| !staff)
            .map(|v| some_text(Some(v)))
            .filter(|o| *o != person.organization),
        agent_type: changes
            .get(AGENT_TYPE)
            .filter(|_| staff)
            .map(|v| some_text(Some(v)))
            .filter(|a| *a != person.agent_type),
        auto_assign: changes
            .get(AUTO_ASSIGN)
            .filter(|_| staff)
            .map(|v| matches!(v, Value::Bool(true)))
            .filter(|a| Some(*a) != person.auto_assign),
    };
    (update != PersonChanges::default()).then(|| Operation::UpdatePerson {
        id: person.id.clone(),
        changes: update,
    })
}
