//! BitGo nodes as tests hand them to the console: an organization with its
//! enterprise count, numbered child enterprises and their pages, and a node of
//! either level by name, and a console on a BitGo tenant whose who-am-I is answered.

use std::sync::Arc;

use orgdeck::api::backend::Backend;
use orgdeck::api::model::{Caller, Cursor, Node, NodeState, Operation, Page, Record, Reply};
use orgdeck::api::schema::{FieldSpec, LevelId};
use orgdeck::api::value::Value;
use orgdeck::app::Tenant;
use orgdeck::backends::bitgo::BitGo;
use orgdeck::backends::bitgo::schema::{
    ENTERPRISE, ENTERPRISE_COUNT, ENTERPRISE_NAME, ORG_NAME, ORGANIZATION,
};

use super::console::Console;

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

/// A console on one BitGo tenant, "northwind", on the tenants pane, its
/// who-am-I answered: the caller `id`, named `label`, with `role`.
pub fn console_as(id: &str, label: &str, role: &str, tenant: Option<&str>) -> Console {
    let on = Tenant::new("northwind", "https://bitgo.example", false).with_backend(Arc::new(BitGo));
    let mut console = Console::with_tenants(vec![on], &[], false);
    let whoami = console
        .unanswered()
        .into_iter()
        .find(|s| s.op == Operation::WhoAmI)
        .expect("who-am-I is asked first");
    let me = Caller {
        id: id.into(),
        label: label.into(),
        role: role.into(),
        tenant: tenant.map(str::to_owned),
        party: None,
        roles: Vec::new(),
    };
    console.answer(whoami.id, Ok(Reply::Caller(me)));
    console
}
