//! BitGo nodes as tests hand them to the console: an organization with its
//! enterprise count, numbered child enterprises and their pages, and a node of
//! either level by name.

use orgdeck::api::backend::Backend;
use orgdeck::api::model::{Cursor, Node, NodeState, Page, Record, Reply};
use orgdeck::api::schema::{FieldSpec, LevelId};
use orgdeck::api::value::Value;
use orgdeck::backends::bitgo::BitGo;
use orgdeck::backends::bitgo::schema::{
    ENTERPRISE, ENTERPRISE_COUNT, ENTERPRISE_NAME, ORG_NAME, ORGANIZATION,
};

fn fields(level: LevelId) -> &'static [FieldSpec] {
    BitGo.schema().level(level).expect("a BitGo level").fields
}

/// A node of `level` named `name`, under `parent`.
pub fn node(level: LevelId, id: &str, name: &str, parent: Option<&str>) -> Node {
    Node {
        id: id.into(),
        level,
        parent: parent.map(str::to_owned),
        name: name.into(),
        state: NodeState::Active,
        record: Record::read(fields(level), |field| match field {
            ORG_NAME | ENTERPRISE_NAME => Value::Text(name.into()),
            _ => Value::Empty,
        }),
    }
}

/// Organization `id`, "Northwind", saying it holds `total` enterprises.
pub fn org(id: &str, total: usize) -> Node {
    Node {
        id: id.into(),
        level: ORGANIZATION,
        parent: None,
        name: "Northwind".into(),
        state: NodeState::Active,
        record: Record::read(fields(ORGANIZATION), |field| match field {
            ORG_NAME => Value::Text("Northwind".into()),
            ENTERPRISE_COUNT => Value::Number(total as i64),
            _ => Value::Empty,
        }),
    }
}

pub fn enterprise_id(n: usize) -> String {
    format!("{n:032x}")
}

/// Enterprise `n` of organization `org`, "Child 00042".
pub fn enterprise(org: &str, n: usize) -> Node {
    node(
        ENTERPRISE,
        &enterprise_id(n),
        &format!("Child {n:05}"),
        Some(org),
    )
}

/// Enterprises `from..to` of `org`, with the cursor of the page after them
/// unless `to` is the `total`.
pub fn page(org: &str, from: usize, to: usize, total: usize) -> Reply {
    Reply::Nodes(Page {
        items: (from..to).map(|n| enterprise(org, n)).collect(),
        next: (to < total).then(|| Cursor::new(enterprise_id(to - 1))),
        total: None,
    })
}
