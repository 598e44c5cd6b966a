//! Flowkiwi's answers as the model (`shared/api/flowkiwi.md`), in either Hydra
//! spelling (`wire` reads both). An organization is a node known by its uuid
//! (`id`, else the last segment of its `@id` IRI) with its owners and members
//! counted; an owner or member and an invitation are each a party with one
//! membership of the organization they were listed under. Timestamps are kept as
//! the server wrote them.

use serde::de::DeserializeOwned;

use super::call::{Collection, tab_of};
use super::schema::{
    ACCEPTED, CREATED, EMAIL, EXPIRES, INVITED, INVITED_BY, JOINED, LAST_SENT, MEMBER_COUNT,
    ORG_NAME, ORGANIZATION, OWNER_COUNT, OWNER_NAMES, PARTNER_NAME, REVOKED, ROLE, SCHEMA, SENDS,
    STATUS, UPDATED,
};
use super::wire::{
    Collection as Hydra, Invitation, InvitationCollection, Member, MemberCollection, Organization,
    OrganizationCollection,
};
use crate::api::backend::{Answer, Decoded};
use crate::api::model::{
    Caller, Cursor, Filter, MemberState, Membership, Node, NodeState, Operation, Page, Party,
    PartyKind, Record, Reply, Scope, WriteNote,
};
use crate::api::schema::FieldSpec;
use crate::api::value::Value;

fn json<T: DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    serde_json::from_slice(body).map_err(|err| err.to_string())
}

fn org_layout() -> &'static [FieldSpec] {
    SCHEMA.level(ORGANIZATION).map_or(&[], |l| l.fields)
}

/// The uuid a resource is named by in paths: its `id`, else its IRI's last segment.
pub fn resource_id(id: Option<&str>, iri: &str) -> String {
    match id.map(str::trim).filter(|id| !id.is_empty()) {
        Some(id) => id.to_owned(),
        None => iri
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_owned(),
    }
}

fn count(n: usize) -> Value {
    Value::Number(i64::try_from(n).unwrap_or(i64::MAX))
}

/// A partner's name, else their email: how an owner or an inviter is told.
fn who(member: &Member) -> &str {
    member
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or(&member.email)
}

pub fn organization(org: &Organization) -> Node {
    let owners: Vec<&str> = org.owners.iter().map(who).collect();
    let record = Record::read(org_layout(), |field| match field {
        ORG_NAME => Value::Text(org.name.clone()),
        OWNER_COUNT => count(org.owners.len()),
        MEMBER_COUNT => count(org.members.len()),
        OWNER_NAMES => Value::text(Some(&owners.join(", "))),
        CREATED => Value::text(Some(&org.created_at)),
        UPDATED => Value::text(Some(&org.updated_at)),
        _ => Value::Empty,
    });
    Node {
        id: resource_id(org.id.as_deref(), &org.ld.id),
        level: ORGANIZATION,
        parent: None,
        name: org.name.clone(),
        state: NodeState::Active,
        record,
    }
}

fn role_word(role: &str) -> Value {
    match role.trim() {
        "owner" => Value::Word("owner"),
        "member" => Value::Word("member"),
        other => Value::text(Some(other)),
    }
}

/// An owner or member of `org`.
pub fn member(org: &str, member: &Member) -> Party {
    let record = Record::read(SCHEMA.party_fields, |field| match field {
        EMAIL => Value::Text(member.email.clone()),
        PARTNER_NAME => Value::text(member.name.as_deref()),
        ROLE => role_word(&member.role),
        JOINED => Value::text(Some(&member.joined_at)),
        _ => Value::Empty,
    });
    let membership = Membership {
        node: org.into(),
        role: Some(member.role.trim().into()),
        state: MemberState::Active,
    };
    Party::new(
        &resource_id(Some(&member.id), &member.ld.id),
        PartyKind::User,
        MemberState::Active,
        record,
        Box::new([membership]),
    )
}

/// What an invitation's status is as a membership: pending until it is accepted
/// (then active), closed once revoked or expired.
pub fn invitation_state(status: &str) -> MemberState {
    match status.trim() {
        "accepted" => MemberState::Active,
        "revoked" | "expired" => MemberState::Closed,
        _ => MemberState::Invited,
    }
}

/// An invitation to `org`.
pub fn invitation(org: &str, inv: &Invitation) -> Party {
    let record = Record::read(SCHEMA.party_fields, |field| match field {
        EMAIL => Value::Text(inv.email.clone()),
        ROLE => role_word(&inv.role),
        STATUS => Value::text(Some(&inv.status)),
        INVITED_BY => Value::text(Some(who(&inv.invited_by))),
        INVITED => Value::text(Some(&inv.created_at)),
        LAST_SENT => Value::text(Some(&inv.last_sent_at)),
        SENDS => Value::Number(i64::from(inv.send_count)),
        EXPIRES => Value::text(Some(&inv.expires_at)),
        ACCEPTED => Value::text(inv.accepted_at.as_deref()),
        REVOKED => Value::text(inv.revoked_at.as_deref()),
        _ => Value::Empty,
    });
    let state = invitation_state(&inv.status);
    let membership = Membership {
        node: org.into(),
        role: Some(inv.role.trim().into()),
        state,
    };
    Party::new(
        &resource_id(Some(&inv.id), &inv.ld.id),
        PartyKind::User,
        state,
        record,
        Box::new([membership]),
    )
}

/// Where the next page is: the view's `next`, unless it points back at the page
/// itself (the client would refuse that as a loop; it is the end here).
fn next_of<T>(collection: &Hydra<T>) -> Option<Cursor> {
    let view = collection.view.as_ref()?;
    let next = view
        .next
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())?;
    (next != view.id).then(|| Cursor::new(next))
}

fn page(reply: Reply, next: Option<Cursor>, total: Option<u64>) -> Decoded {
    Decoded::Page {
        reply,
        next,
        total,
        scanned: None,
    }
}

/// Whether a party passes the filter's states (the server filters by status,
/// and cannot ask for revoked and expired at once).
fn in_states(filter: &Filter, party: &Party) -> bool {
    filter.states.is_empty() || filter.states.contains(&party.state)
}

fn done(message: &str) -> Decoded {
    Decoded::Reply(Reply::Done(WriteNote {
        message: message.to_owned(),
    }))
}

pub fn decode(op: &Operation, answer: &Answer<'_>) -> Result<Decoded, String> {
    let body = answer.body;
    Ok(match op {
        Operation::WhoAmI => {
            // The answer proves the token and names no one: Flowkiwi has no
            // who-am-I, and the organizations listed do not say which person is
            // the caller.
            json::<OrganizationCollection>(body)?;
            Decoded::Reply(Reply::Caller(Caller {
                id: "partner".to_owned(),
                label: "the token's partner".to_owned(),
                role: "partner".to_owned(),
                tenant: None,
                party: None,
                roles: Vec::new(),
            }))
        }
        Operation::ListNodes { .. } => {
            let list = json::<OrganizationCollection>(body)?;
            let nodes = list.member.iter().map(organization).collect();
            page(
                Reply::Nodes(Page::one(nodes)),
                next_of(&list),
                list.total_items,
            )
        }
        Operation::GetNode { .. } | Operation::CreateNode { .. } | Operation::UpdateNode { .. } => {
            Decoded::Reply(Reply::Node(organization(&json::<Organization>(body)?)))
        }
        Operation::DeleteNode { .. } => done("the organization was deleted"),
        Operation::ListParties { scope, filter, .. } => list_parties(scope, filter, body)?,
        Operation::AddMembers { scope, .. } => one_party(scope, body)?,
        Operation::UpdateMember { scope, .. }
        | Operation::ResendInvite { scope, .. }
        | Operation::RevokeInvite { scope, .. } => one_party(scope, body)?,
        Operation::RemoveMember { .. } => done("removed from the organization"),
        _ => return Err("Flowkiwi answered an operation it has no request for".to_owned()),
    })
}

fn list_parties(scope: &Scope, filter: &Filter, body: &[u8]) -> Result<Decoded, String> {
    let (org, which) = tab_of(scope).ok_or("people listed outside an organization")?;
    Ok(match which {
        Collection::Members => {
            let list = json::<MemberCollection>(body)?;
            let parties = list.member.iter().map(|m| member(org, m)).collect();
            page(
                Reply::Parties(Page::one(parties)),
                next_of(&list),
                list.total_items,
            )
        }
        Collection::Invitations => {
            let list = json::<InvitationCollection>(body)?;
            let parties = list
                .member
                .iter()
                .map(|i| invitation(org, i))
                .filter(|p| in_states(filter, p))
                .collect();
            page(
                Reply::Parties(Page::one(parties)),
                next_of(&list),
                list.total_items,
            )
        }
    })
}

fn one_party(scope: &Scope, body: &[u8]) -> Result<Decoded, String> {
    let (org, which) = tab_of(scope).ok_or("people outside an organization")?;
    let party = match which {
        Collection::Members => member(org, &json::<Member>(body)?),
        Collection::Invitations => invitation(org, &json::<Invitation>(body)?),
    };
    Ok(Decoded::Reply(Reply::Party(party)))
}

#[cfg(test)]
#[path = "decode_tests.rs"]
mod tests;
