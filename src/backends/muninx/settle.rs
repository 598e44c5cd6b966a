//! Whether a MuninX write whose answer was lost took effect: what its reconciling
//! read shows, compared before the write and after it.

use super::schema::{DISPLAY_NAME, DOMAINS, LAST_NAME, NAME, SCHEMA, STATUS, TYPE};
use crate::api::backend::Verdict;
use crate::api::error::ApiError;
use crate::api::model::{Node, Operation, Record, Reply, ValueRef};
use crate::api::schema::FieldSpec;
use crate::api::value::{Changes, Draft, Value};

/// What the read before the write and the read after its lost answer say about it.
pub(super) fn verdict(
    write: &Operation,
    before: &Result<Reply, ApiError>,
    after: &Result<Reply, ApiError>,
) -> Verdict {
    // Organizations without domains may share a name: only a new one in the
    // list shows that this create made one.
    if let (Operation::CreateNode { draft, .. }, Ok(Reply::Nodes(then)), Ok(Reply::Nodes(now))) =
        (write, before, after)
    {
        let matching = |nodes: &[Node]| nodes.iter().filter(|n| bare_named(n, draft)).count();
        return if matching(&now.items) > matching(&then.items) {
            Verdict::Applied
        } else {
            Verdict::NotApplied
        };
    }
    Verdict::from_reads(shows(write, before), shows(write, after))
}

fn is_not_found(result: &Result<Reply, ApiError>) -> bool {
    matches!(result, Err(err) if err.status() == Some(404))
}

pub(super) fn same_domains(a: &[String], b: &[String]) -> bool {
    let norm = |list: &[String]| {
        let mut list: Vec<String> = list.iter().map(|d| d.trim().to_ascii_lowercase()).collect();
        list.sort();
        list
    };
    norm(a) == norm(b)
}

fn org_layout() -> &'static [FieldSpec] {
    SCHEMA.top_level().map_or(&[], |l| l.fields)
}

fn text_of(value: Option<&Value>) -> &str {
    value.and_then(Value::as_text).unwrap_or_default().trim()
}

fn list_of(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::List(items)) => items.clone(),
        _ => Vec::new(),
    }
}

fn held_list(value: ValueRef<'_>) -> Vec<String> {
    match value {
        ValueRef::List(items) => items.to_vec(),
        _ => Vec::new(),
    }
}

fn held_text(value: ValueRef<'_>) -> &str {
    value.as_text().unwrap_or_default().trim()
}

/// An organization named as the draft names it, with no domains.
pub(super) fn bare_named(node: &Node, draft: &Draft) -> bool {
    node.name == text_of(draft.get(DISPLAY_NAME))
        && node.record.get(org_layout(), DOMAINS).is_empty()
}

/// Whether a value the record holds is the one a change asked for, as MuninX
/// writes it back: text trimmed, a blank one cleared, lists in any order and case.
fn holds(held: ValueRef<'_>, asked: &Value) -> bool {
    match (held, asked) {
        (ValueRef::List(held), Value::List(asked)) => same_domains(&held.to_vec(), asked),
        (ValueRef::Empty, Value::List(asked)) => asked.is_empty(),
        (held, Value::Bool(asked)) => matches!(held, ValueRef::Bool(b) if b == *asked),
        (held, asked) => {
            let held = held.as_text().map(str::trim).unwrap_or_default();
            let asked = asked.as_text().map(str::trim).unwrap_or_default();
            held == asked
        }
    }
}

fn has_changes(record: &Record, layout: &[FieldSpec], changes: &Changes) -> bool {
    changes
        .values
        .iter()
        .all(|(field, asked)| holds(record.get(layout, *field), asked))
}

/// Whether `read` shows the change `write` asks for: `None` when it cannot tell.
fn shows(write: &Operation, read: &Result<Reply, ApiError>) -> Option<bool> {
    if is_not_found(read) {
        return Some(matches!(
            write,
            Operation::DeleteNode { .. } | Operation::RevokeInvite { .. }
        ));
    }
    let reply = read.as_ref().ok()?;
    let layout = org_layout();
    let party =
        |field| move |p: &crate::api::model::Party| held_text(p.get(&SCHEMA, field)).to_owned();
    match (write, reply) {
        (Operation::CreateNode { draft, .. }, Reply::Node(node)) => Some(
            node.name == text_of(draft.get(DISPLAY_NAME))
                && same_domains(
                    &held_list(node.record.get(layout, DOMAINS)),
                    &list_of(draft.get(DOMAINS)),
                ),
        ),
        (Operation::CreateNode { draft, .. }, Reply::Nodes(nodes)) => {
            Some(nodes.items.iter().any(|n| bare_named(n, draft)))
        }
        (Operation::UpdateNode { changes, .. }, Reply::Node(node)) => {
            Some(has_changes(&node.record, layout, changes))
        }
        (Operation::ToggleNode { on, .. }, Reply::Node(node)) => {
            let word = if *on { "suspended" } else { "active" };
            Some(held_text(node.record.get(layout, STATUS)) == word)
        }
        (Operation::DeleteNode { .. } | Operation::RevokeInvite { .. }, _) => Some(false),
        (Operation::AddMembers { draft, .. }, Reply::Party(person)) => Some(
            party(NAME)(person) == text_of(draft.get(NAME))
                && party(LAST_NAME)(person) == text_of(draft.get(LAST_NAME))
                && party(TYPE)(person).eq_ignore_ascii_case(text_of(draft.get(TYPE))),
        ),
        (Operation::UpdateMember { changes, .. }, Reply::Party(person)) => {
            Some(has_changes(person.record(), SCHEMA.party_fields, changes))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::Page;
    use crate::api::problem::{Context, normalise};
    use crate::backends::muninx::schema::{EXTERNAL_REF, ORGANIZATION};
    use crate::backends::muninx::{neutral, wire};

    fn named(name: &str, domains: &[&str]) -> Node {
        neutral::node(wire::CustomerOrganization {
            id: format!("co-{name}"),
            tenant_id: "acme".into(),
            display_name: name.into(),
            domains: domains.iter().map(|d| (*d).to_owned()).collect(),
            external_ref: None,
            notes: None,
            status: wire::OrgStatus::Active,
            created_at: "2026-01-01T00:00:00Z".parse().unwrap(),
            updated_at: "2026-01-01T00:00:00Z".parse().unwrap(),
        })
    }

    fn create(name: &str, domains: &[&str]) -> Operation {
        let mut values = vec![(DISPLAY_NAME, Value::Text(name.into()))];
        if !domains.is_empty() {
            values.push((
                DOMAINS,
                Value::List(domains.iter().map(|d| (*d).to_owned()).collect()),
            ));
        }
        Operation::CreateNode {
            level: ORGANIZATION,
            parent: None,
            draft: Draft {
                values,
                idempotency_key: None,
            },
        }
    }

    #[test]
    fn reconciling_a_delete_tells_done_from_already_gone() {
        let op = Operation::DeleteNode {
            level: ORGANIZATION,
            id: "co-1".into(),
        };
        let gone = || {
            Err(ApiError::Rejected(Box::new(normalise(
                404,
                None,
                b"",
                Context::default(),
            ))))
        };
        let there = Ok(Reply::Node(named("Acme", &[])));
        assert_eq!(verdict(&op, &there, &gone()), Verdict::Applied);
        assert_eq!(verdict(&op, &gone(), &gone()), Verdict::AlreadySo);
        assert_eq!(verdict(&op, &there, &there), Verdict::NotApplied);
        let timeout = || {
            Err(ApiError::Timeout {
                after: std::time::Duration::from_secs(1),
            })
        };
        assert_eq!(verdict(&op, &there, &timeout()), Verdict::Unknown);
        // Gone now, but nobody knows whether it was there before.
        assert_eq!(verdict(&op, &timeout(), &gone()), Verdict::Unknown);
    }

    #[test]
    fn a_create_that_found_its_organization_already_there_is_not_applied() {
        let op = create("Dropco", &["dropco.example"]);
        let existing = || Ok(Reply::Node(named("Dropco", &["Dropco.example"])));
        let other = Ok(Reply::Node(named("Other", &["dropco.example"])));
        assert_eq!(verdict(&op, &existing(), &existing()), Verdict::AlreadySo);
        assert_eq!(verdict(&op, &other, &other), Verdict::NotApplied);

        // Without domains names may repeat: only a new one counts.
        let bare = create("Nodomco", &[]);
        let one = || Ok(Reply::Nodes(Page::one(vec![named("Nodomco", &[])])));
        let two = Ok(Reply::Nodes(Page::one(vec![
            named("Nodomco", &[]),
            named("Nodomco", &[]),
        ])));
        assert_eq!(verdict(&bare, &one(), &two), Verdict::Applied);
        assert_eq!(verdict(&bare, &one(), &one()), Verdict::NotApplied);
    }

    #[test]
    fn an_edit_shows_when_every_field_it_asked_for_reads_back_so() {
        let edit = |values: Vec<(crate::api::schema::FieldId, Value)>| Operation::UpdateNode {
            level: ORGANIZATION,
            id: "co-Acme".into(),
            changes: Changes { values },
        };
        let acme = Ok(Reply::Node(named("Acme", &["acme.com", "b.io"])));
        let renamed = edit(vec![(DISPLAY_NAME, Value::Text(" Acme ".into()))]);
        assert_eq!(verdict(&renamed, &acme, &acme), Verdict::AlreadySo);
        let domains = edit(vec![(
            DOMAINS,
            Value::List(vec!["B.io".into(), "acme.com".into()]),
        )]);
        assert_eq!(verdict(&domains, &acme, &acme), Verdict::AlreadySo);
        let cleared = edit(vec![(EXTERNAL_REF, Value::Text("  ".into()))]);
        assert_eq!(verdict(&cleared, &acme, &acme), Verdict::AlreadySo);
        let other = edit(vec![(DISPLAY_NAME, Value::Text("Acme 2".into()))]);
        assert_eq!(verdict(&other, &acme, &acme), Verdict::NotApplied);
    }
}
