//! How a Flowkiwi write whose answer was lost is settled (`shared/api/flowkiwi.md`,
//! Idempotency and retries). Nothing carries an idempotency key, so nothing is
//! ever sent twice: a read taken before the write and again after tells. A create
//! is found by its name (`?name=`): one organization of exactly that name more
//! than before is the one it made. An invitation or a member is found by its email
//! (`?email=`). A rename shows its name or not; a delete is gone (404) or not; a
//! member's role and removal show in the member list, a revoke in the invitation's
//! status. A resend is not safe to repeat (it sends mail): it is settled by the
//! invitation's send count.

use std::collections::BTreeSet;

use super::call::{Collection, draft_text, tab_of};
use super::schema::{
    EMAIL, EMAIL_FILTER, INVITATIONS_TAB, MEMBERS_TAB, NAME_SEARCH, ORG_NAME, ORGANIZATION, ROLE,
    SCHEMA, SENDS, STATUS,
};
use crate::api::backend::{Settle, Verdict};
use crate::api::error::ApiError;
use crate::api::model::{Filter, MemberState, Node, Operation, Party, Reply, Scope, WriteNote};
use crate::api::value::Value;

fn filtered(field: crate::api::schema::FieldId, value: String) -> Filter {
    Filter {
        fields: vec![(field, vec![value])],
        states: Vec::new(),
    }
}

fn tab(org: &str, tab: crate::api::schema::TabId) -> Scope {
    Scope::Node {
        level: ORGANIZATION,
        id: org.to_owned(),
        tab,
    }
}

fn people(scope: Scope, filter: Filter) -> Operation {
    Operation::ListParties {
        scope,
        filter,
        page: None,
    }
}

pub fn settle(write: &Operation) -> Settle {
    match write {
        Operation::CreateNode { level, draft, .. } if *level == ORGANIZATION => {
            let name = draft_text(draft, ORG_NAME);
            if name.is_empty() {
                return Settle::Unknown;
            }
            Settle::Read(Operation::ListNodes {
                level: ORGANIZATION,
                parent: None,
                filter: filtered(NAME_SEARCH, name),
                page: None,
            })
        }
        Operation::UpdateNode { level, id, .. } | Operation::DeleteNode { level, id }
            if *level == ORGANIZATION =>
        {
            Settle::Read(Operation::GetNode {
                level: ORGANIZATION,
                id: id.clone(),
            })
        }
        Operation::AddMembers { scope, draft } => match tab_of(scope) {
            Some((org, which)) => {
                let email = draft_text(draft, EMAIL);
                if email.is_empty() {
                    return Settle::Unknown;
                }
                let tab_id = match which {
                    Collection::Members => MEMBERS_TAB,
                    Collection::Invitations => INVITATIONS_TAB,
                };
                Settle::Read(people(tab(org, tab_id), filtered(EMAIL_FILTER, email)))
            }
            None => Settle::Unknown,
        },
        Operation::UpdateMember { scope, .. }
        | Operation::RemoveMember { scope, .. }
        | Operation::ResendInvite { scope, .. }
        | Operation::RevokeInvite { scope, .. } => match tab_of(scope) {
            Some(_) => Settle::Read(people(scope.clone(), Filter::default())),
            None => Settle::Unknown,
        },
        _ => Settle::Unknown,
    }
}

fn parties(read: &Result<Reply, ApiError>) -> Option<&[Party]> {
    match read {
        Ok(Reply::Parties(page)) => Some(&page.items),
        _ => None,
    }
}

fn party_text(party: &Party, field: crate::api::schema::FieldId) -> &str {
    party
        .record()
        .text(SCHEMA.party_fields, field)
        .unwrap_or_default()
}

fn sends(party: &Party) -> Option<i64> {
    match party.get(&SCHEMA, SENDS).to_value() {
        Value::Number(n) => Some(n),
        _ => None,
    }
}

/// The organizations of exactly the create's name (the server's `?name=` is a
/// partial match), by id.
fn named(write: &Operation, read: &Result<Reply, ApiError>) -> Option<BTreeSet<String>> {
    let Operation::CreateNode { draft, .. } = write else {
        return None;
    };
    let name = draft_text(draft, ORG_NAME);
    match read {
        Ok(Reply::Nodes(page)) => Some(
            page.items
                .iter()
                .filter(|n| n.name.trim() == name)
                .map(|n| n.id.clone())
                .collect(),
        ),
        _ => None,
    }
}

/// The people of the add's email (invitations: pending ones only), by id.
fn added(write: &Operation, read: &Result<Reply, ApiError>) -> Option<BTreeSet<String>> {
    let Operation::AddMembers { scope, draft } = write else {
        return None;
    };
    let invitations = matches!(tab_of(scope), Some((_, Collection::Invitations)));
    let email = draft_text(draft, EMAIL);
    Some(
        parties(read)?
            .iter()
            .filter(|p| party_text(p, EMAIL).eq_ignore_ascii_case(&email))
            .filter(|p| !invitations || p.state == MemberState::Invited)
            .map(|p| p.id().to_owned())
            .collect(),
    )
}

/// New ones after that were not there before: exactly one is this write's. When
/// none is new, `unique` says whether one already there means it was already so
/// (a member, a pending invitation of that email) or tells nothing (a name many
/// organizations may share).
fn new_one(
    before: Option<BTreeSet<String>>,
    after: Option<BTreeSet<String>>,
    unique: bool,
) -> Verdict {
    let Some(after) = after else {
        return Verdict::Unknown;
    };
    match before {
        Some(before) => match after.difference(&before).count() {
            0 if after.is_empty() || !unique => Verdict::NotApplied,
            0 => Verdict::AlreadySo,
            1 => Verdict::Applied,
            _ => Verdict::Unknown,
        },
        // Nothing to compare with: only "none at all" can be told.
        None if after.is_empty() => Verdict::NotApplied,
        None => Verdict::Unknown,
    }
}

/// Whether a read shows what an edit of one thing asks for.
fn shows(write: &Operation, read: &Result<Reply, ApiError>) -> Option<bool> {
    let find = |id: &str| parties(read).map(|all| all.iter().find(|p| p.id() == id));
    match write {
        Operation::UpdateNode { changes, .. } => match read {
            Ok(Reply::Node(node)) => {
                let name = changes.get(ORG_NAME)?.as_text()?.trim();
                Some(node.name.trim() == name)
            }
            _ => None,
        },
        Operation::DeleteNode { .. } => match read {
            Ok(Reply::Node(_)) => Some(false),
            Err(err) if err.status() == Some(404) => Some(true),
            _ => None,
        },
        Operation::UpdateMember { party, changes, .. } => {
            let role = changes.get(ROLE)?.as_text()?.trim().to_owned();
            Some(find(party)?.is_some_and(|p| party_text(p, ROLE) == role))
        }
        Operation::RemoveMember { party, .. } => Some(find(party)?.is_none()),
        Operation::RevokeInvite { party, .. } => {
            Some(find(party)?.is_some_and(|p| party_text(p, STATUS) == "revoked"))
        }
        _ => None,
    }
}

pub fn verdict(
    write: &Operation,
    before: &Result<Reply, ApiError>,
    after: &Result<Reply, ApiError>,
) -> Verdict {
    match write {
        Operation::CreateNode { .. } => new_one(named(write, before), named(write, after), false),
        Operation::AddMembers { .. } => new_one(added(write, before), added(write, after), true),
        Operation::ResendInvite { party, .. } => {
            let count = |read| {
                parties(read)?
                    .iter()
                    .find(|p| p.id() == party.as_str())
                    .and_then(sends)
            };
            match (count(before), count(after)) {
                (Some(was), Some(now)) if now > was => Verdict::Applied,
                (Some(_), Some(_)) => Verdict::NotApplied,
                _ => Verdict::Unknown,
            }
        }
        _ => Verdict::from_reads(shows(write, before), shows(write, after)),
    }
}

/// What the read that confirmed a write shows of it: the organization of that
/// name made last, the person of that email, the one the write named.
pub fn confirmed_reply(write: &Operation, read: Reply) -> Reply {
    match (write, read) {
        (Operation::CreateNode { draft, .. }, Reply::Nodes(page)) => {
            let name = draft_text(draft, ORG_NAME);
            let newest = page
                .items
                .into_iter()
                .filter(|n| n.name.trim() == name)
                .max_by(|a, b| created(a).cmp(created(b)));
            newest.map_or_else(|| note("the organization was created"), Reply::Node)
        }
        (Operation::AddMembers { draft, .. }, Reply::Parties(page)) => {
            let email = draft_text(draft, EMAIL);
            let found = page
                .items
                .into_iter()
                .filter(|p| party_text(p, EMAIL).eq_ignore_ascii_case(&email))
                .max_by(|a, b| party_created(a).cmp(&party_created(b)));
            found.map_or_else(|| note("added"), Reply::Party)
        }
        (
            Operation::UpdateMember { party, .. }
            | Operation::ResendInvite { party, .. }
            | Operation::RevokeInvite { party, .. },
            Reply::Parties(page),
        ) => page
            .items
            .into_iter()
            .find(|p| p.id() == party.as_str())
            .map_or_else(|| note("done"), Reply::Party),
        (Operation::DeleteNode { .. }, _) => note("the organization was deleted"),
        (Operation::RemoveMember { .. }, _) => note("removed from the organization"),
        (_, reply @ Reply::Node(_)) => reply,
        (write, _) => note(&format!("{} applied", SCHEMA.describe(write.capability()))),
    }
}

fn note(message: &str) -> Reply {
    Reply::Done(WriteNote {
        message: message.to_owned(),
    })
}

fn created(node: &Node) -> &str {
    let layout = SCHEMA.level(ORGANIZATION).map_or(&[][..], |l| l.fields);
    node.record
        .text(layout, super::schema::CREATED)
        .unwrap_or_default()
}

/// When a person joined or was invited, to tell the newest of one email.
fn party_created(party: &Party) -> String {
    let invited = party_text(party, super::schema::INVITED);
    if invited.is_empty() {
        party_text(party, super::schema::JOINED).to_owned()
    } else {
        invited.to_owned()
    }
}

#[cfg(test)]
#[path = "settle_tests.rs"]
mod tests;
