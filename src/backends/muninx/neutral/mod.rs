//! MuninX on the neutral model (issue 11, design B/C): its organizations as nodes
//! of its one level, its users as parties with the one membership a customer's
//! organization gives, and every neutral operation as the very request today's
//! adapter sent (the tests hold those requests).

use std::cell::RefCell;
use std::sync::Arc;

use hashbrown::HashSet;

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
use crate::api::model::record::{FieldValue, Record};
use crate::api::schema::FieldSpec;
use crate::api::stream::leading;
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
pub fn party(user: wire::User) -> Party {
    party_borrowed(&user.borrowed())
}

/// The party of a user borrowed from its bytes: its record packed in one
/// allocation straight from the borrowed text, and a customer's organization id
/// shared with every other member of that organization.
pub fn party_borrowed(user: &wire::UserRef<'_>) -> Party {
    let organization = user.organization.as_deref();
    // The role is tenant-wide, the record's `type`: the membership holds none.
    let membership = match (organization, user.kind) {
        (Some(org), wire::UserType::Customer) => Some(Membership {
            node: shared_node_id(org),
            role: None,
            state: member_state(user.status),
        }),
        _ => None,
    };
    let value = |field| match field {
        EMAIL => FieldValue::Text(&user.email),
        NAME => FieldValue::Text(&user.name),
        LAST_NAME => FieldValue::Text(&user.last_name),
        TYPE => FieldValue::Word(user.kind.as_str()),
        AGENT_TYPE => user
            .agent_type
            .map_or(FieldValue::Empty, |a| FieldValue::Word(a.as_str())),
        ORGANIZATION_FIELD => organization.map_or(FieldValue::Empty, FieldValue::Text),
        USER_STATUS => FieldValue::Word(user.status.as_str()),
        AUTO_ASSIGN => FieldValue::Bool(user.auto_assign_tickets),
        USER_CREATED => FieldValue::Time(user.created_at),
        _ => FieldValue::Empty,
    };
    let layout = SCHEMA.party_fields;
    let mut fields = [FieldValue::Empty; PARTY_FIELDS];
    let record = match fields.get_mut(..layout.len()) {
        Some(fields) => {
            for (slot, spec) in fields.iter_mut().zip(layout) {
                *slot = value(spec.id);
            }
            Record::pack(fields)
        }
        None => Record::pack(&layout.iter().map(|f| value(f.id)).collect::<Vec<_>>()),
    };
    // Named by its email in paths: the id is the email the record holds.
    let mut party = Party::named_by(
        layout,
        EMAIL,
        PartyKind::User,
        member_state(user.status),
        record,
        Box::default(),
    );
    party.memberships = membership.into();
    party
}

/// Room for the party layout's values on the stack, so packing a row makes
/// no allocation but the row's own.
const PARTY_FIELDS: usize = 16;

/// How many organization ids a decoding thread keeps to share; past that it
/// starts afresh, so a hostile list of unique ids costs no more than its rows.
const NODE_IDS_SHARED: usize = 1 << 16;

thread_local! {
    // foldhash (hashbrown's default), not SipHash: hashing each customer's
    // organization id with SipHash was 7% of a streamed list's decode.
    static NODE_IDS: RefCell<HashSet<Arc<str>>> = RefCell::new(HashSet::new());
}

/// The organization id `id`, shared with the members decoded before it: 1M
/// customers of 20k organizations hold 20k ids, not 1M.
fn shared_node_id(id: &str) -> Arc<str> {
    NODE_IDS.with_borrow_mut(|ids| {
        if let Some(held) = ids.get(id) {
            return Arc::clone(held);
        }
        if ids.len() >= NODE_IDS_SHARED {
            ids.clear();
        }
        let new: Arc<str> = Arc::from(id);
        ids.insert(Arc::clone(&new));
        new
    })
}

/// One user of `GET /users`, from the bytes of its JSON object alone: how a list
/// streamed as it arrives decodes each of its elements. Its text is borrowed
/// from `element` until the record packs it.
pub fn party_from_json(element: &[u8]) -> Result<Party, String> {
    serde_json::from_slice::<wire::UserRef<'_>>(element)
        .map(|user| party_borrowed(&user))
        .map_err(|err| err.to_string())
}

/// The user `bytes` start with, and how many bytes it took (`None`: it goes
/// on past them): how a list streamed as it arrives decodes each element, in
/// one parse.
pub fn party_leading(bytes: &[u8]) -> Result<Option<(Party, usize)>, String> {
    Ok(leading::<wire::UserRef<'_>>(bytes)?.map(|(user, used)| (party_borrowed(&user), used)))
}

/// `GET /users` can answer 100k users (23 MB): decoded on all cores, as today's.
pub fn decode_parties(body: &[u8]) -> Result<Vec<Party>, String> {
    bulk::decode_list(body, "users", party, |body| {
        serde_json::from_slice::<wire::UserList>(body)
            .map(|list| list.users.into_iter().map(party).collect())
            .map_err(|err| err.to_string())
    })
}
