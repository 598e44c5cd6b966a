//! How a BitGo write whose answer was lost is settled (`shared/api/bitgo.md`,
//! Idempotency): a child enterprise's create by listing what its key made, before
//! and after (so "this create made it" is told from "the key had made it
//! already"); adding or removing a user by whether the enterprise lists them.

use super::call::IDEMPOTENCY_KEY;
use super::schema::{ENTERPRISE, SCHEMA, USERNAME};
use crate::api::backend::{Settle, Verdict};
use crate::api::error::ApiError;
use crate::api::model::{Filter, Operation, Party, Reply, Scope, WriteNote};
use crate::api::value::Value;

pub fn settle(write: &Operation) -> Settle {
    let read = match write {
        Operation::CreateNode {
            level,
            parent: Some(org),
            draft,
        } if *level == ENTERPRISE => {
            draft
                .idempotency_key
                .as_ref()
                .map(|key| Operation::ListNodes {
                    level: ENTERPRISE,
                    parent: Some(org.clone()),
                    filter: Filter {
                        fields: vec![(IDEMPOTENCY_KEY, vec![key.clone()])],
                        states: Vec::new(),
                    },
                    page: None,
                })
        }
        Operation::AddMembers { scope, .. } | Operation::RemoveMember { scope, .. } => {
            Some(users_of(scope))
        }
        _ => None,
    };
    read.map_or(Settle::Unknown, Settle::Read)
}

fn users_of(scope: &Scope) -> Operation {
    Operation::ListParties {
        scope: scope.clone(),
        filter: Filter::default(),
        page: None,
    }
}

/// The username a user write names.
fn username(write: &Operation) -> Option<String> {
    match write {
        Operation::AddMembers { draft, .. } => draft
            .get(USERNAME)
            .and_then(Value::as_text)
            .map(|u| u.trim().to_lowercase()),
        Operation::RemoveMember { party, .. } => Some(party.trim().to_lowercase()),
        _ => None,
    }
}

fn listed(people: &[Party], username: &str) -> bool {
    people.iter().any(|p| {
        p.get(&SCHEMA, USERNAME)
            .as_text()
            .is_some_and(|u| u.eq_ignore_ascii_case(username))
    })
}

/// Whether `read` shows the change `write` asks for: `None` when it cannot tell.
fn shows(write: &Operation, read: &Result<Reply, ApiError>) -> Option<bool> {
    let reply = read.as_ref().ok()?;
    match (write, reply) {
        (Operation::CreateNode { .. }, Reply::Nodes(made)) => Some(!made.items.is_empty()),
        (Operation::AddMembers { .. }, Reply::Parties(people)) => {
            Some(listed(&people.items, &username(write)?))
        }
        (Operation::RemoveMember { .. }, Reply::Parties(people)) => {
            Some(!listed(&people.items, &username(write)?))
        }
        _ => None,
    }
}

pub fn verdict(
    write: &Operation,
    before: &Result<Reply, ApiError>,
    after: &Result<Reply, ApiError>,
) -> Verdict {
    Verdict::from_reads(shows(write, before), shows(write, after))
}

/// The enterprise the key made, when the read found it.
pub fn confirmed_reply(write: &Operation, read: Reply) -> Reply {
    match (write, read) {
        (Operation::CreateNode { .. }, Reply::Nodes(made)) => match made.items.into_iter().next() {
            Some(node) => Reply::Node(node),
            None => Reply::Done(WriteNote {
                message: "the enterprise was created".into(),
            }),
        },
        (_, reply @ Reply::Parties(_)) => reply,
        (write, _) => Reply::Done(WriteNote {
            message: format!("{} applied", SCHEMA.describe(write.capability())),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::{Node, NodeState, Page, PartyKind, Record};
    use crate::api::value::Draft;

    const ORG: &str = "0123456789abcdef0123456789abcdef";

    fn create(key: Option<&str>) -> Operation {
        Operation::CreateNode {
            level: ENTERPRISE,
            parent: Some(ORG.into()),
            draft: Draft {
                values: Vec::new(),
                idempotency_key: key.map(str::to_owned),
            },
        }
    }

    fn made(count: usize) -> Result<Reply, ApiError> {
        let layout = SCHEMA.level(ENTERPRISE).expect("enterprises").fields;
        let nodes = (0..count)
            .map(|n| Node {
                id: format!("{n:032x}"),
                level: ENTERPRISE,
                parent: Some(ORG.into()),
                name: "Kiwi".into(),
                state: NodeState::Active,
                record: Record::read(layout, |_| Value::Empty),
            })
            .collect();
        Ok(Reply::Nodes(Page::one(nodes)))
    }

    #[test]
    fn a_lost_create_is_settled_by_what_its_key_made() {
        let Settle::Read(read) = settle(&create(Some("k-1"))) else {
            panic!("a create with a key is settled by a read");
        };
        assert_eq!(
            read,
            Operation::ListNodes {
                level: ENTERPRISE,
                parent: Some(ORG.into()),
                filter: Filter {
                    fields: vec![(IDEMPOTENCY_KEY, vec!["k-1".into()])],
                    states: Vec::new(),
                },
                page: None,
            }
        );
        let op = create(Some("k-1"));
        assert_eq!(verdict(&op, &made(0), &made(1)), Verdict::Applied);
        assert_eq!(verdict(&op, &made(1), &made(1)), Verdict::AlreadySo);
        assert_eq!(verdict(&op, &made(0), &made(0)), Verdict::NotApplied);
        assert!(matches!(
            confirmed_reply(&op, made(1).unwrap()),
            Reply::Node(_)
        ));
        assert_eq!(settle(&create(None)), Settle::Unknown);
    }

    fn users(names: &[&str]) -> Result<Reply, ApiError> {
        let people = names
            .iter()
            .map(|name| {
                let record = Record::read(SCHEMA.party_fields, |field| match field {
                    USERNAME => Value::Text((*name).into()),
                    _ => Value::Empty,
                });
                Party::named_by(
                    SCHEMA.party_fields,
                    USERNAME,
                    PartyKind::User,
                    crate::api::model::MemberState::Active,
                    record,
                    Box::default(),
                )
            })
            .collect();
        Ok(Reply::Parties(Page::one(people)))
    }

    #[test]
    fn a_lost_user_change_is_settled_by_whether_the_enterprise_lists_them() {
        let scope = Scope::Node {
            level: ENTERPRISE,
            id: ORG.into(),
            tab: crate::backends::bitgo::schema::USERS_TAB,
        };
        let add = Operation::AddMembers {
            scope: scope.clone(),
            draft: Draft {
                values: vec![(USERNAME, Value::Text("Bo@Kiwi.example".into()))],
                idempotency_key: None,
            },
        };
        assert_eq!(settle(&add), Settle::Read(users_of(&scope)));
        assert_eq!(
            verdict(&add, &users(&[]), &users(&["bo@kiwi.example"])),
            Verdict::Applied
        );
        let remove = Operation::RemoveMember {
            scope,
            party: "bo@kiwi.example".into(),
        };
        assert_eq!(
            verdict(
                &remove,
                &users(&["bo@kiwi.example"]),
                &users(&["bo@kiwi.example"])
            ),
            Verdict::NotApplied
        );
        assert_eq!(
            verdict(&remove, &users(&["bo@kiwi.example"]), &users(&[])),
            Verdict::Applied
        );
    }
}
