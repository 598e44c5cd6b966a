//! The model's hand-made fixtures, written once: an organization with only what a
//! test names, everything else empty (people come from the seed, `seed.rs`). When
//! the model changes, only these two files do.

use orgdeck::api::model::{Node, NodeState, Record};
use orgdeck::api::value::Value;
use orgdeck::backends::muninx::schema::{DISPLAY_NAME, DOMAINS, ORGANIZATION, STATUS};

/// An active organization with no domains.
pub fn org(id: &str, name: &str) -> Node {
    org_with_domains(id, name, &[])
}

/// `org` with these domains.
pub fn org_with_domains(id: &str, name: &str, domains: &[&str]) -> Node {
    let level = super::ops::level();
    Node {
        id: id.to_owned(),
        level: ORGANIZATION,
        parent: None,
        name: name.to_owned(),
        state: NodeState::Active,
        record: Record::read(level.fields, |field| match field {
            DISPLAY_NAME => Value::Text(name.to_owned()),
            DOMAINS => Value::List(domains.iter().map(|d| (*d).to_owned()).collect()),
            STATUS => Value::Word("active"),
            _ => Value::Empty,
        }),
    }
}
