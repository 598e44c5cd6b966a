//! How a Sequence write whose answer was lost is settled (`shared/api/sequence.md`,
//! Idempotency and retries). A create carries no idempotency key, so it is never
//! sent again: the owner's record is read before and after, and an organization
//! with exactly that owner and member set that was not there before is the one it
//! made. Adding members (a set union) and replacing them (the same final list) are
//! safe to repeat: the organization is re-read, and shows the change or not.

use std::collections::BTreeSet;

use super::call::texts;
use super::schema::{ADD_CUSTOMERS, MEMBERS, ORGANIZATION, OWNER, SCHEMA};
use crate::api::backend::{Settle, Verdict};
use crate::api::error::ApiError;
use crate::api::model::{Filter, Node, Operation, Reply, Scope, WriteNote};

/// The organizations `owner` owns, as its record lists them.
pub fn owned_by(owner: &str) -> Operation {
    Operation::ListNodes {
        level: ORGANIZATION,
        parent: None,
        filter: Filter {
            fields: vec![(OWNER, vec![owner.to_owned()])],
            states: Vec::new(),
        },
        page: None,
    }
}

fn read_of(org: &str) -> Operation {
    Operation::GetNode {
        level: ORGANIZATION,
        id: org.to_owned(),
    }
}

pub fn settle(write: &Operation) -> Settle {
    match write {
        Operation::CreateNode { level, draft, .. } if *level == ORGANIZATION => {
            match texts(draft, OWNER).first() {
                Some(owner) => Settle::Read(owned_by(owner)),
                None => Settle::Unknown,
            }
        }
        Operation::AddMembers {
            scope: Scope::Node { level, id, .. },
            ..
        } if *level == ORGANIZATION => Settle::Read(read_of(id)),
        Operation::SetMembers { level, node, .. } if *level == ORGANIZATION => {
            Settle::Read(read_of(node))
        }
        _ => Settle::Unknown,
    }
}

/// An organization's owner and members, as its record holds them.
fn shape(node: &Node) -> (String, BTreeSet<String>) {
    let layout = SCHEMA.level(ORGANIZATION).map_or(&[][..], |l| l.fields);
    let owner = node
        .record
        .text(layout, OWNER)
        .unwrap_or_default()
        .to_owned();
    let members = node.record.get(layout, MEMBERS).to_value();
    let members = match members {
        crate::api::value::Value::List(ids) => ids.into_iter().collect(),
        _ => BTreeSet::new(),
    };
    (owner, members)
}

/// The create's owner and member set.
fn asked(write: &Operation) -> Option<(String, BTreeSet<String>)> {
    let Operation::CreateNode { draft, .. } = write else {
        return None;
    };
    let owner = texts(draft, OWNER).into_iter().next()?;
    Some((owner, texts(draft, MEMBERS).into_iter().collect()))
}

/// The ids of the organizations in `read` made the way `write` asks.
fn matching(write: &Operation, read: &Result<Reply, ApiError>) -> Option<BTreeSet<String>> {
    let want = asked(write)?;
    match read.as_ref().ok()? {
        Reply::Nodes(page) => Some(
            page.items
                .iter()
                .filter(|n| shape(n) == want)
                .map(|n| n.id.clone())
                .collect(),
        ),
        _ => None,
    }
}

/// Whether a read of the organization shows the members a write asks for.
fn shows_members(write: &Operation, read: &Result<Reply, ApiError>) -> Option<bool> {
    let Ok(Reply::Node(node)) = read else {
        return None;
    };
    let (_, members) = shape(node);
    match write {
        Operation::AddMembers { draft, .. } => Some(
            texts(draft, ADD_CUSTOMERS)
                .iter()
                .all(|id| members.contains(id)),
        ),
        Operation::SetMembers { parties, .. } => {
            let wanted: BTreeSet<String> = parties.iter().map(|p| p.trim().to_owned()).collect();
            Some(wanted == members)
        }
        _ => None,
    }
}

pub fn verdict(
    write: &Operation,
    before: &Result<Reply, ApiError>,
    after: &Result<Reply, ApiError>,
) -> Verdict {
    if let Operation::CreateNode { .. } = write {
        let Some(after) = matching(write, after) else {
            return Verdict::Unknown;
        };
        return match matching(write, before) {
            // One more organization of that shape than before: this create made it.
            Some(before) if after.difference(&before).next().is_some() => Verdict::Applied,
            Some(_) => Verdict::NotApplied,
            // Nothing to compare with: only "none at all" can be told.
            None if after.is_empty() => Verdict::NotApplied,
            None => Verdict::Unknown,
        };
    }
    Verdict::from_reads(shows_members(write, before), shows_members(write, after))
}

/// The organization the read confirmed: for a create, the newest of its shape
/// (an owner's record lists its organizations in the order they were made).
pub fn confirmed_reply(write: &Operation, read: Reply) -> Reply {
    match read {
        Reply::Nodes(page) => {
            let want = asked(write);
            let mut found: Vec<Node> = page
                .items
                .into_iter()
                .filter(|n| Some(shape(n)) == want)
                .collect();
            match found.pop() {
                Some(node) => Reply::Node(node),
                None => Reply::Done(WriteNote {
                    message: "the organization was created".into(),
                }),
            }
        }
        reply @ Reply::Node(_) => reply,
        _ => Reply::Done(WriteNote {
            message: format!("{} applied", SCHEMA.describe(write.capability())),
        }),
    }
}

#[cfg(test)]
#[path = "settle_tests.rs"]
mod tests;
