//! MuninX on the neutral model (issue 11, design B/C): its organizations as nodes
//! of its one level, its users as parties with the one membership a customer's
//! organization gives, and every neutral operation as the very request today's
//! adapter sent (the tests hold those requests).

mod call;
#[cfg(test)]
mod tests;

pub use call::call;

use super::schema::{
    AGENT_TYPE, AUTO_ASSIGN, CREATED, DISPLAY_NAME, DOMAINS, EMAIL, EXTERNAL_REF, LAST_NAME, NAME,
    NOTES, ORGANIZATION, ORGANIZATION_FIELD, SCHEMA, STATUS, TYPE, UPDATED, USER_CREATED,
    USER_STATUS,
};
use super::wire;
use crate::api::bulk;
use crate::api::model::node::{Node, NodeState};
use crate::api::model::party::{MemberState, Membership, Party, PartyKind};
use crate::api::model::record::Record;
use crate::api::schema::FieldSpec;
use crate::api::value::Value;

/// The record layout of MuninX's one level, customer organizations.
fn org_layout() -> &'static [FieldSpec] {
    SCHEMA.level(ORGANIZATION).map_or(&[], |level| level.fields)
}

fn optional(value: Option<String>) -> Value {
    value.map_or(Value::Empty, Value::Text)
}

pub fn node(mut org: wire::CustomerOrganization) -> Node {
    let state = match org.status {
        wire::OrgStatus::Active => NodeState::Active,
        wire::OrgStatus::Suspended => NodeState::Suspended,
    };
    let record = Record::read(org_layout(), |field| match field {
        DISPLAY_NAME => Value::Text(org.display_name.clone()),
        DOMAINS => Value::List(std::mem::take(&mut org.domains)),
        EXTERNAL_REF => optional(org.external_ref.take()),
        NOTES => optional(org.notes.take()),
        STATUS => Value::Word(org.status.as_str()),
        CREATED => Value::Time(org.created_at),
        UPDATED => Value::Time(org.updated_at),
        // The schema's parent and owner fields: MuninX's organizations have neither.
        _ => Value::Empty,
    });
    Node {
        id: org.id,
        level: ORGANIZATION,
        parent: None,
        name: org.display_name,
        state,
        record,
    }
}

fn member_state(status: wire::UserStatus) -> MemberState {
    match status {
        wire::UserStatus::Pending => MemberState::Invited,
        wire::UserStatus::Active => MemberState::Active,
        wire::UserStatus::Suspended => MemberState::Suspended,
    }
}

/// The words MuninX's contract fixes (types, states, agent types) are borrowed
/// from it, not copied per row.
///
/// A user, and the membership their organization gives a customer; staff belong
/// to the tenant and have none.
pub fn party(mut user: wire::User) -> Party {
    // The role is tenant-wide, the record's `type`: the membership holds none.
    let memberships = match (&user.organization, user.kind) {
        (Some(org), wire::UserType::Customer) => Box::new([Membership {
            node: org.as_str().into(),
            role: None,
            state: member_state(user.status),
        }]) as Box<[Membership]>,
        _ => Box::default(),
    };
    let record = Record::read(SCHEMA.party_fields, |field| match field {
        EMAIL => Value::Text(std::mem::take(&mut user.email)),
        NAME => Value::Text(std::mem::take(&mut user.name)),
        LAST_NAME => Value::Text(std::mem::take(&mut user.last_name)),
        TYPE => Value::Word(user.kind.as_str()),
        AGENT_TYPE => user
            .agent_type
            .map_or(Value::Empty, |a| Value::Word(a.as_str())),
        ORGANIZATION_FIELD => optional(user.organization.take()),
        USER_STATUS => Value::Word(user.status.as_str()),
        AUTO_ASSIGN => Value::Bool(user.auto_assign_tickets),
        USER_CREATED => Value::Time(user.created_at),
        _ => Value::Empty,
    });
    // Named by its email in paths: the id is the email the record holds.
    Party::named_by(
        SCHEMA.party_fields,
        EMAIL,
        PartyKind::User,
        member_state(user.status),
        record,
        memberships,
    )
}

/// One user of `GET /users`, from the bytes of its JSON object alone: how a list
/// streamed as it arrives decodes each of its elements.
pub fn party_from_json(element: &[u8]) -> Result<Party, String> {
    serde_json::from_slice::<wire::User>(element)
        .map(party)
        .map_err(|err| err.to_string())
}

/// `GET /users` can answer 100k users (23 MB): decoded on all cores, as today's.
pub fn decode_parties(body: &[u8]) -> Result<Vec<Party>, String> {
    bulk::decode_list(body, "users", party, |body| {
        serde_json::from_slice::<wire::UserList>(body)
            .map(|list| list.users.into_iter().map(party).collect())
            .map_err(|err| err.to_string())
    })
}
