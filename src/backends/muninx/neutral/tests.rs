//! The neutral mapping against MuninX's own data: every organization and user of
//! the shipped seed maps over with every field its row holds kept. What each
//! operation sends is in `calls`.

mod calls;
mod one_element;

use serde_json::Value as Json;

use super::super::sandbox::DEFAULT_SEED;
use super::super::schema::{OWNER, PARENT};
use super::*;
use crate::api::schema::{FieldId, Level};

/// The seed's rows under `key`, across its tenants, as the server sends them.
fn seed_rows(key: &str) -> Vec<Json> {
    let seed: Json = serde_json::from_str(DEFAULT_SEED).unwrap();
    let mut rows = Vec::new();
    for tenant in seed["tenants"].as_array().unwrap() {
        for row in tenant[key].as_array().unwrap() {
            let mut row = row.clone();
            if key == "organizations" {
                row["tenant-id"] = tenant["id"].clone();
            }
            rows.push(row);
        }
    }
    rows
}

fn org_rows() -> Vec<Json> {
    let rows = seed_rows("organizations");
    assert!(rows.len() >= 10, "the seed has its organizations");
    rows
}

fn user_rows() -> Vec<Json> {
    let rows = seed_rows("users");
    assert!(rows.len() >= 60, "the seed has its users");
    rows
}

fn wire_org(row: &Json) -> wire::CustomerOrganization {
    serde_json::from_value(row.clone()).unwrap()
}

fn wire_user(row: &Json) -> wire::User {
    serde_json::from_value(row.clone()).unwrap()
}

fn seed_orgs() -> Vec<wire::CustomerOrganization> {
    org_rows().iter().map(wire_org).collect()
}

fn seed_users() -> Vec<wire::User> {
    user_rows().iter().map(wire_user).collect()
}

fn level() -> &'static Level {
    SCHEMA.level(ORGANIZATION).unwrap()
}

/// Where an organization's row holds each field of the level; `None` for the
/// schema's fields MuninX's organizations do not have. A field added to the
/// level fails here until it says where its value comes from.
fn org_key(field: FieldId) -> Option<&'static str> {
    match field {
        DISPLAY_NAME => Some("display-name"),
        DOMAINS => Some("domains"),
        EXTERNAL_REF => Some("external-ref"),
        NOTES => Some("notes"),
        STATUS => Some("status"),
        CREATED => Some("created-at"),
        UPDATED => Some("updated-at"),
        PARENT | OWNER => None,
        other => panic!("the organization field {other} has no place in the seed's rows"),
    }
}

fn user_key(field: FieldId) -> Option<&'static str> {
    match field {
        EMAIL => Some("email"),
        NAME => Some("name"),
        LAST_NAME => Some("last-name"),
        TYPE => Some("type"),
        AGENT_TYPE => Some("agent-type"),
        ORGANIZATION_FIELD => Some("organization"),
        USER_STATUS => Some("status"),
        AUTO_ASSIGN => Some("auto-assign-tickets"),
        USER_CREATED => Some("created-at"),
        other => panic!("the user field {other} has no place in the seed's rows"),
    }
}

/// A row's value under `key` as a record holds it: null or absent is empty.
fn row_value(row: &Json, key: Option<&str>) -> Value {
    let Some(key) = key else {
        return Value::Empty;
    };
    match &row[key] {
        Json::Null => Value::Empty,
        Json::Bool(flag) => Value::Bool(*flag),
        Json::String(at) if matches!(key, "created-at" | "updated-at") => {
            Value::Time(at.parse().unwrap())
        }
        Json::String(text) => Value::Text(text.clone()),
        Json::Array(items) => Value::List(
            items
                .iter()
                .map(|item| item.as_str().unwrap().to_owned())
                .collect(),
        ),
        other => panic!("{key} holds {other}, which no MuninX field is"),
    }
}

fn text_at<'a>(row: &'a Json, key: &str) -> &'a str {
    row[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} of {row}"))
}

#[test]
fn every_seed_organization_maps_to_a_node_with_every_field_kept() {
    for row in org_rows() {
        let id = text_at(&row, "id");
        let new = node(wire_org(&row));
        assert_eq!(new.id, id);
        assert_eq!(new.name, text_at(&row, "display-name"));
        assert_eq!(new.state.as_str(), text_at(&row, "status"));
        assert_eq!(new.parent, None);
        assert_eq!(new.level, ORGANIZATION);
        assert_eq!(new.record.len(), level().fields.len());
        for field in level().fields {
            assert_eq!(
                new.record.get(level().fields, field.id),
                &row_value(&row, org_key(field.id)),
                "{} of {id}",
                field.id,
            );
        }
    }
}

/// The membership a user's row gives: a customer's organization, with the
/// user's status as the state there; staff and unattached customers have none.
fn membership_of(row: &Json) -> Option<Membership> {
    let org = row["organization"].as_str()?;
    (text_at(row, "type") == "customer").then(|| Membership {
        node: org.into(),
        role: None,
        state: match text_at(row, "status") {
            "pending" => MemberState::Invited,
            "active" => MemberState::Active,
            "suspended" => MemberState::Suspended,
            other => panic!("a user status MuninX does not have: {other}"),
        },
    })
}

#[test]
fn every_seed_user_maps_to_a_party_and_a_customer_to_one_membership() {
    let (mut customers, mut staff) = (0, 0);
    for row in user_rows() {
        let email = text_at(&row, "email");
        let new = party(wire_user(&row));
        let membership = new.memberships.first().cloned();
        assert!(new.memberships.len() <= 1);
        assert_eq!(new.id(), email);
        assert_eq!(new.kind, PartyKind::User);
        assert_eq!(new.label(&SCHEMA), email);
        assert_eq!(new.record().len(), SCHEMA.party_fields.len());
        for field in SCHEMA.party_fields {
            assert_eq!(
                new.get(&SCHEMA, field.id),
                &row_value(&row, user_key(field.id)),
                "{} of {email}",
                field.id,
            );
        }
        let expected = membership_of(&row);
        match expected {
            Some(_) => customers += 1,
            None => staff += 1,
        }
        assert_eq!(membership, expected, "{email}'s membership");
    }
    assert!(
        customers > 0 && staff > 0,
        "{customers} customers, {staff} staff"
    );
}

#[test]
fn a_list_body_decodes_to_the_seed_s_users_and_their_memberships() {
    let rows = user_rows();
    let body = serde_json::to_vec(&serde_json::json!({ "users": rows })).unwrap();
    let parties = decode_parties(&body).unwrap();
    let memberships: Vec<Membership> = parties
        .iter()
        .flat_map(|p| p.memberships.iter().cloned())
        .collect();
    assert_eq!(parties.len(), rows.len());
    for (decoded, row) in parties.iter().zip(&rows) {
        assert_eq!(decoded.id(), text_at(row, "email"));
        assert_eq!(*decoded, party(wire_user(row)), "decoded as one row maps");
    }
    let expected: Vec<Membership> = rows.iter().filter_map(membership_of).collect();
    assert!(
        !expected.is_empty(),
        "the seed has customers in organizations"
    );
    assert_eq!(memberships, expected);
}

/// A legacy `Person`'s inline size on 64-bit targets (ten fields: six strings or
/// optional strings, a role, a status, a flag and a time), measured before the
/// legacy model was deleted: the figure the 100k-user list held per row.
const PERSON_INLINE: usize = 200;

/// What a `Person` held on the heap for a user: the email twice (as its id and as
/// itself), the names, an owned copy of the agent type, the organization.
fn person_heap(user: &wire::User) -> usize {
    2 * user.email.capacity()
        + user.name.capacity()
        + user.last_name.capacity()
        + user.agent_type.map_or(0, |a| a.as_str().len())
        + user.organization.as_ref().map_or(0, String::capacity)
}

/// What a party may cost at most, inline and on the heap (malloc's rounding
/// aside): a 1M-user list must fit in 300 MB with everything else.
const PARTY_BUDGET: usize = 150;

/// The 100k-user list holds a party (and a customer's membership) where it held a
/// person: the figures per row, shown when the bound fails. A record of 32 B
/// `Value`s and a string each came to 495 B against 288 B; packed in two buffers
/// (a 16 B cell per field) 383 B; now one buffer of a byte or two a field, words
/// held once in the process, the membership inline with a shared organization
/// id. The bound keeps it from growing back unnoticed.
#[test]
fn a_party_costs_about_half_a_person() {
    let users = seed_users();
    let rows = users.len();
    let old_heap: usize = users.iter().map(person_heap).sum::<usize>() / rows;
    let parties: Vec<Party> = users.into_iter().map(party).collect();
    // The party's heap holds its record; its membership is inline.
    let new_heap: usize = parties.iter().map(Party::heap_bytes).sum::<usize>() / rows;
    let members = parties.iter().filter(|p| !p.memberships.is_empty()).count();
    let old_row = PERSON_INLINE + old_heap;
    let new_row = std::mem::size_of::<Party>() + new_heap;
    let figures = format!(
        "per row over {rows} seed users: Person {PERSON_INLINE} B inline + {old_heap} B heap \
         = {old_row} B; Party {} B inline (a Membership of {} B in it, for {members} of \
         them) + {new_heap} B heap = {new_row} B; Value {} B",
        std::mem::size_of::<Party>(),
        std::mem::size_of::<Membership>(),
        std::mem::size_of::<Value>(),
    );
    assert!(new_row <= PARTY_BUDGET, "{figures}");
    assert!(new_row * 9 <= old_row * 5, "{figures}");
}
