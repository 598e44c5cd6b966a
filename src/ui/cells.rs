//! What a list cell and a detail line show, read from the backend's schema: the
//! columns and detail lines it declares, their values from each row's record.

use crate::api::model::{Node, Party};
use crate::api::schema::{Counted, FieldId, InputKind, Level, LevelId, Schema, Source, Width};
use crate::api::value::Value;
use crate::app::counts::{self, Count};
use crate::app::when;
use crate::app::{OrgCounts, Tenant};
use jiff::Timestamp;

/// A schema width as the table takes it (0 = take the rest).
pub(super) fn width(width: Width) -> usize {
    match width {
        Width::Fixed(n) => n as usize,
        Width::Fill => 0,
    }
}

/// A cell: a list's entries joined, a time (or the server's text of one) as
/// its day (the details keep the whole instant), nothing as "-".
fn cell_text(value: Value) -> String {
    match value {
        Value::List(items) => items.join(", "),
        Value::Time(at) => at.strftime("%Y-%m-%d").to_string(),
        // The server's text of an instant: its day, as the server dated it.
        Value::Text(text) if when::instant(&Value::Text(text.clone())).is_some() => {
            text.trim().chars().take(10).collect()
        }
        Value::Empty => "-".to_owned(),
        other => other.as_input(),
    }
}

/// A `Source::Ago` cell: how long ago (or how soon), else as any cell.
fn ago_cell(value: Value, now: Timestamp) -> String {
    when::cell(&value, now).unwrap_or_else(|| cell_text(value))
}

/// The values of several fields joined by spaces (a first and a last name).
fn joined(ids: &[FieldId], read: impl Fn(FieldId) -> Value) -> String {
    ids.iter()
        .map(|id| read(*id).as_input())
        .collect::<Vec<_>>()
        .join(" ")
        .trim()
        .to_owned()
}

/// Cells of the top level's rows.
#[derive(Clone, Copy)]
pub(super) struct NodeCells<'a> {
    pub level: &'static Level,
    tenant: &'a Tenant,
    /// The console's wall clock, for `Source::Ago`.
    now: Timestamp,
}

impl<'a> NodeCells<'a> {
    pub fn new(tenant: &'a Tenant, level: LevelId, now: Timestamp) -> Option<NodeCells<'a>> {
        let schema = tenant.schema();
        Some(NodeCells {
            level: schema.level(level)?,
            tenant,
            now,
        })
    }

    fn value(&self, org: &Node, id: FieldId) -> Value {
        org.record.get(self.level.fields, id).to_value()
    }

    /// Whether a field of this level holds another node's id.
    fn names_node(&self, id: FieldId) -> bool {
        self.level
            .field(id)
            .is_some_and(|f| matches!(f.input, InputKind::NodePicker { .. }))
    }

    /// In the toggle's "on" state (suspended), which lists set apart.
    pub fn toggled(&self, org: &Node) -> bool {
        self.level
            .toggle
            .is_some_and(|t| self.value(org, t.field).as_text() == Some(t.on.0))
    }

    fn count(&self, org: &Node, counted: Counted, waiting: &str) -> String {
        // Counted from the people: unknown until the whole list is in.
        if !self.tenant.people_complete() {
            return waiting.to_owned();
        }
        let counts: OrgCounts = self.tenant.counts_of(&org.id);
        match counted {
            Counted::Members => counts.members,
            Counted::Invites => counts.pending,
        }
        .to_string()
    }

    /// A tab's count as a cell: "…" until known, "?" when its read failed (the
    /// details say why), "-" where the role may not list it.
    fn tab_count(&self, org: &Node, tab: crate::api::schema::TabId, detail: bool) -> String {
        match counts::count(self.tenant, self.level.id, &org.id, tab) {
            Count::Known(n) => n.to_string(),
            Count::Waiting if detail => "… (still reading)".to_owned(),
            Count::Waiting => "…".to_owned(),
            Count::Failed(trouble) if detail => {
                let hint = trouble.hint.as_ref().map(|h| format!(" — {h}"));
                crate::text::visible(&format!(
                    "? could not read: {}{}",
                    trouble.cause,
                    hint.unwrap_or_default()
                ))
                .into_owned()
            }
            Count::Failed(_) => "?".to_owned(),
            Count::Withheld => "-".to_owned(),
        }
    }

    pub fn cell(&self, source: Source, org: &Node) -> String {
        match source {
            Source::Id => org.id.clone(),
            // The toggled state in capitals: a suspended row stands out.
            Source::Field(id)
                if self.toggled(org) && self.level.toggle.map(|t| t.field) == Some(id) =>
            {
                self.value(org, id).as_input().to_uppercase()
            }
            Source::Field(id) if self.names_node(id) => {
                node_name(&node_of(self.tenant), self.value(org, id))
            }
            Source::Field(id) => cell_text(self.value(org, id)),
            Source::Ago(id) => ago_cell(self.value(org, id), self.now),
            Source::Fields(ids) => joined(ids, |id| self.value(org, id)),
            Source::Count(counted) => self.count(org, counted, "…"),
            Source::TabCount(tab) => self.tab_count(org, tab, false),
            Source::Mark(mark) => mark.text(&self.value(org, mark.field)),
            Source::Memberships => String::new(),
        }
    }

    pub fn detail(&self, source: Source, org: &Node) -> String {
        match source {
            Source::Id => org.id.clone(),
            // A timestamp says how long ago it is, as an `Ago` line does.
            Source::Field(id) => when::detail(&self.value(org, id), self.now),
            Source::Ago(id) => when::detail(&self.value(org, id), self.now),
            Source::Fields(ids) => joined(ids, |id| self.value(org, id)),
            Source::Count(counted) => self.count(org, counted, "… (people still loading)"),
            Source::TabCount(tab) => self.tab_count(org, tab, true),
            Source::Mark(mark) => self.value(org, mark.field).shown(),
            Source::Memberships => String::new(),
        }
    }
}

/// A party's cell; a field the schema hides for this party (the organization of
/// a staff user) shows as "-"; a node it names is shown by its name.
pub(super) fn party_cell(
    schema: &Schema,
    source: Source,
    person: &Party,
    now: Timestamp,
    node: &dyn Fn(&str) -> Option<String>,
) -> String {
    let read = |id| person.get(schema, id).to_value();
    match source {
        Source::Id => person.id().to_owned(),
        Source::Field(id) => {
            let field = schema.party_field(id);
            let hidden =
                field.is_some_and(|f| !f.shown.holds(|other| Some(read(other).as_input())));
            match field.map(|f| f.input) {
                _ if hidden => "-".to_owned(),
                Some(InputKind::NodePicker { .. }) => node_name(node, read(id)),
                _ => cell_text(read(id)),
            }
        }
        Source::Ago(id) => ago_cell(read(id), now),
        Source::Fields(ids) => joined(ids, read),
        Source::Mark(mark) => mark.text(&read(mark.field)),
        Source::Memberships => person.memberships.len().to_string(),
        Source::Count(_) | Source::TabCount(_) => String::new(),
    }
}

/// A cell naming a node: its name where `node` knows it, else its id.
fn node_name(node: &dyn Fn(&str) -> Option<String>, value: Value) -> String {
    match value.as_text() {
        Some(id) => node(id).unwrap_or_else(|| id.to_owned()),
        None => cell_text(value),
    }
}

/// The name of a node the tenant holds.
pub(super) fn node_of(tenant: &Tenant) -> impl Fn(&str) -> Option<String> + '_ {
    |id| tenant.org(id).map(|n| n.name.clone())
}

/// A party's detail line; a node it belongs to is named as well as numbered.
pub(super) fn party_detail(
    tenant: &Tenant,
    source: Source,
    person: &Party,
    now: Timestamp,
) -> String {
    let schema = tenant.schema();
    let read = |id| person.get(schema, id).to_value();
    match source {
        Source::Id => person.id().to_owned(),
        Source::Field(id) => {
            let value = read(id);
            let picks_node = matches!(
                schema.party_field(id).map(|f| f.input),
                Some(InputKind::NodePicker { .. })
            );
            match (value.as_text(), picks_node) {
                (Some(node), true) => tenant.org(node).map_or(node.to_owned(), |org| {
                    let name = schema
                        .top_level()
                        .map(|l| org.record.get(l.fields, l.name_field).as_input())
                        .unwrap_or_default();
                    format!("{name} ({node})")
                }),
                _ => when::detail(&value, now),
            }
        }
        Source::Ago(id) => when::detail(&read(id), now),
        Source::Fields(ids) => joined(ids, read),
        Source::Mark(mark) => read(mark.field).shown(),
        Source::Memberships => person.memberships.len().to_string(),
        Source::Count(_) | Source::TabCount(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::{MemberState, PartyKind, Record};
    use crate::api::schema::Shown;

    fn jane(schema: &Schema, role: &'static str) -> Party {
        let email = match schema.party_columns[0].source {
            Source::Field(id) => id,
            _ => panic!("the first column is a field"),
        };
        Party::new(
            "jane@acme.com",
            PartyKind::User,
            MemberState::Active,
            Record::read(schema.party_fields, |id| {
                if id == email {
                    Value::Text("jane@acme.com".into())
                } else if Some(id) == schema.party_role {
                    Value::Word(role)
                } else {
                    Value::Empty
                }
            }),
            Box::default(),
        )
    }

    #[test]
    fn a_party_cell_follows_the_schemas_fields_and_conditions() {
        let schema = crate::backends::schema();
        let email = schema.party_columns[0].source;
        let Source::Field(email_id) = email else {
            panic!("the first column is a field");
        };
        let Some(role) = schema.party_role else {
            panic!("a role field");
        };
        // The same field, hidden for everyone but admins by another schema.
        let mut fields = schema.party_fields.to_vec();
        for field in &mut fields {
            if field.id == email_id {
                field.shown = Shown::When(role, &["admin"]);
            }
        }
        let other = Schema {
            party_fields: Box::leak(fields.into_boxed_slice()),
            ..*schema
        };
        assert_eq!(
            party_cell(
                &other,
                email,
                &jane(schema, "customer"),
                Timestamp::UNIX_EPOCH,
                &|_| None
            ),
            "-"
        );
        assert_eq!(
            party_cell(
                &other,
                email,
                &jane(schema, "admin"),
                Timestamp::UNIX_EPOCH,
                &|_| None
            ),
            "jane@acme.com"
        );
        assert_eq!(
            party_cell(
                schema,
                email,
                &jane(schema, "customer"),
                Timestamp::UNIX_EPOCH,
                &|_| None
            ),
            "jane@acme.com"
        );
    }
}
