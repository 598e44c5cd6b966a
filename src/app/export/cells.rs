//! What an exported cell holds: the row's value for a column, whole (a list
//! cell's every entry, a timestamp as the server gave it, not "3d ago").

use crate::api::model::{Node, Party, ValueRef};
use crate::api::schema::{Column, Counted, LevelId, Schema, Source};
use crate::app::Tenant;
use crate::app::counts::{self, Count};

/// One cell of an exported row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(i64),
    List(Vec<String>),
    Empty,
}

impl Cell {
    fn of(value: ValueRef) -> Cell {
        match value {
            ValueRef::Text(text) => Cell::Text(text.to_owned()),
            ValueRef::List(items) => Cell::List(items.to_vec()),
            ValueRef::Bool(flag) => Cell::Text(flag.to_string()),
            ValueRef::Time(at) => Cell::Text(at.to_string()),
            ValueRef::Number(n) => Cell::Number(n),
            ValueRef::Empty => Cell::Empty,
        }
    }

    fn count(n: usize) -> Cell {
        Cell::Number(n as i64)
    }

    /// As a CSV cell: a list's entries joined by ", ".
    pub fn text(&self) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Number(n) => n.to_string(),
            Cell::List(items) => items.join(", "),
            Cell::Empty => String::new(),
        }
    }

    pub fn json(&self) -> serde_json::Value {
        match self {
            Cell::Text(text) => text.as_str().into(),
            Cell::Number(n) => (*n).into(),
            Cell::List(items) => items.clone().into(),
            Cell::Empty => serde_json::Value::Null,
        }
    }
}

fn joined<'a>(values: impl Iterator<Item = ValueRef<'a>>) -> Cell {
    let text = values
        .map(|v| v.as_input())
        .collect::<Vec<_>>()
        .join(" ")
        .trim()
        .to_owned();
    match text.is_empty() {
        true => Cell::Empty,
        false => Cell::Text(text),
    }
}

/// A node's cell in a column of its level. Counts come from the tenant's
/// people, where there is a tenant (not in the CLI, which leaves them empty).
pub fn node_cell(
    schema: &Schema,
    tenant: Option<&Tenant>,
    level: LevelId,
    column: &Column,
    node: &Node,
) -> Cell {
    let Some(spec) = schema.level(level) else {
        return Cell::Empty;
    };
    let value = |id| node.record.get(spec.fields, id);
    match column.source {
        Source::Id => Cell::Text(node.id.clone()),
        Source::Field(id) | Source::Ago(id) => Cell::of(value(id)),
        Source::Mark(mark) => Cell::of(value(mark.field)),
        Source::Fields(ids) => joined(ids.iter().map(|id| value(*id))),
        // Counted from the people: unknown until the whole list is in.
        Source::Count(counted) if tenant.is_some_and(Tenant::people_complete) => {
            let Some(tenant) = tenant else {
                return Cell::Empty;
            };
            let of = tenant.counts_of(&node.id);
            Cell::count(match counted {
                Counted::Members => of.members,
                Counted::Invites => of.pending,
            })
        }
        Source::TabCount(tab) => match tenant.map(|t| counts::count(t, level, &node.id, tab)) {
            Some(Count::Known(n)) => Cell::count(n),
            _ => Cell::Empty,
        },
        Source::Count(_) | Source::Memberships => Cell::Empty,
    }
}

/// A party's cell in a column of a people list; a field the schema hides for
/// this party is empty, as the list shows it.
pub fn party_cell(schema: &Schema, column: &Column, party: &Party) -> Cell {
    let read = |id| party.get(schema, id);
    match column.source {
        Source::Id => Cell::Text(party.id().to_owned()),
        Source::Field(id) => {
            let hidden = schema
                .party_field(id)
                .is_some_and(|f| !f.shown.holds(|other| Some(read(other).as_input())));
            match hidden {
                true => Cell::Empty,
                false => Cell::of(read(id)),
            }
        }
        Source::Ago(id) => Cell::of(read(id)),
        Source::Mark(mark) => Cell::of(read(mark.field)),
        Source::Fields(ids) => joined(ids.iter().map(|id| read(*id))),
        Source::Memberships => Cell::count(party.memberships.len()),
        Source::Count(_) | Source::TabCount(_) => Cell::Empty,
    }
}
