//! Parties (login users, billing customers), the memberships that tie them to
//! nodes, and the caller a token speaks for.
//!
//! A party keeps nothing but its kind and state beside its record: the label, the
//! email and the rest are fields of the record, read through the schema, and its
//! id is a place in the record's text (MuninX's id is the email it already holds),
//! so a 100k-user list holds each value once. Its one membership (MuninX's
//! customers) is held inline, its node id shared with every member of the node.

use std::sync::Arc;

use super::record::{Key, Record, ValueRef};
use crate::api::schema::{FieldId, Schema};

/// The kinds and states are the schema's own names for them: one enum each,
/// shared by the schema's filters and the rows they filter.
pub use crate::api::schema::{MemberStateName as MemberState, PartyKind};

#[derive(Clone, PartialEq, Eq)]
pub struct Party {
    /// Where the record's text holds what the backend's paths name it by.
    id: Key,
    pub kind: PartyKind,
    /// The state of its account (invited until it accepts), wherever it is a member.
    pub state: MemberState,
    /// Every field of the schema's party layout (`Schema::party_fields`), in order.
    record: Record,
    /// Its places at nodes (MuninX: a customer's one organization; staff have none).
    pub memberships: Memberships,
}

impl std::fmt::Debug for Party {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Party")
            .field("id", &self.id())
            .field("kind", &self.kind)
            .field("state", &self.state)
            .field("record", &self.record)
            .field("memberships", &self.memberships)
            .finish()
    }
}

impl Party {
    pub fn new(
        id: &str,
        kind: PartyKind,
        state: MemberState,
        mut record: Record,
        memberships: Box<[Membership]>,
    ) -> Party {
        let id = record.key(id);
        Party {
            id,
            kind,
            state,
            record,
            memberships: memberships.into(),
        }
    }

    /// A party whose id is the text of one of its fields (MuninX: the email),
    /// held once.
    pub fn named_by(
        layout: &[crate::api::schema::FieldSpec],
        field: FieldId,
        kind: PartyKind,
        state: MemberState,
        record: Record,
        memberships: Box<[Membership]>,
    ) -> Party {
        match record.field_key(layout, field) {
            Some(id) => Party {
                id,
                kind,
                state,
                record,
                memberships: memberships.into(),
            },
            None => Party::new("", kind, state, record, memberships),
        }
    }

    /// What the backend's paths name it by (MuninX: the email).
    pub fn id(&self) -> &str {
        self.record.key_text(self.id)
    }

    pub fn record(&self) -> &Record {
        &self.record
    }

    /// Replaces the value of `field`, its id kept; false when the layout has no
    /// such field.
    pub fn set(
        &mut self,
        schema: &Schema,
        field: FieldId,
        value: crate::api::value::Value,
    ) -> bool {
        let id = self.id().to_owned();
        let done = self.record.set(schema.party_fields, field, value);
        self.id = self.record.key(&id);
        done
    }

    pub fn get<'a>(&'a self, schema: &Schema, field: FieldId) -> ValueRef<'a> {
        self.record.get(schema.party_fields, field)
    }

    /// What titles and pickers call it: the schema's label field, else its id.
    pub fn label<'a>(&'a self, schema: &Schema) -> &'a str {
        self.record
            .text(schema.party_fields, schema.party_label)
            .filter(|label| !label.trim().is_empty())
            .unwrap_or(self.id())
    }

    /// Its full name from the schema's name fields ("Jane Doe"), else its label.
    pub fn full_name(&self, schema: &Schema) -> String {
        let parts: Vec<&str> = schema
            .party_name
            .iter()
            .filter_map(|f| self.record.text(schema.party_fields, *f))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .collect();
        if parts.is_empty() {
            self.label(schema).to_owned()
        } else {
            parts.join(" ")
        }
    }

    /// Its state as the server words it (the schema's state field: "pending"),
    /// else in the model's words.
    pub fn state_text(&self, schema: &Schema) -> String {
        schema
            .party_toggle
            .and_then(|t| self.record.text(schema.party_fields, t.field))
            .map_or_else(|| self.state.as_str().to_owned(), str::to_owned)
    }

    /// Its membership of `node`, if it has one.
    pub fn membership(&self, node: &str) -> Option<&Membership> {
        self.memberships.iter().find(|m| &*m.node == node)
    }

    /// Bytes this party holds on the heap of its own: its record, and its
    /// memberships where more than one are boxed (node ids and roles are shared).
    pub fn heap_bytes(&self) -> usize {
        let boxed = match &self.memberships {
            Memberships::Many(many) => std::mem::size_of_val(&**many),
            Memberships::None | Memberships::One(_) => 0,
        };
        self.record.heap_bytes() + boxed
    }
}

/// A party's place at a node: with a role there (where roles are per node) and
/// in a state (active, invited, awaiting approval, suspended).
///
/// The node id and the role are shared: a decode hands every member of a node
/// the same `Arc`, so 1M customers of 20k organizations hold 20k ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    pub node: Arc<str>,
    /// Its role there, where roles are per node; `None` where the party's role is
    /// tenant-wide (a field of its record).
    pub role: Option<Arc<str>>,
    pub state: MemberState,
}

impl Membership {
    /// Bytes of its own on the heap: its node id and role, as if unshared.
    pub fn heap_bytes(&self) -> usize {
        self.node.len() + self.role.as_ref().map_or(0, |r| r.len())
    }
}

/// A party's memberships: none and one (the common cases) held inline, more in
/// one boxed slice. Reads as a slice.
#[derive(Clone, Default)]
pub enum Memberships {
    #[default]
    None,
    One(Membership),
    Many(Box<[Membership]>),
}

impl std::ops::Deref for Memberships {
    type Target = [Membership];

    fn deref(&self) -> &[Membership] {
        match self {
            Memberships::None => &[],
            Memberships::One(one) => std::slice::from_ref(one),
            Memberships::Many(many) => many,
        }
    }
}

impl From<Box<[Membership]>> for Memberships {
    fn from(many: Box<[Membership]>) -> Memberships {
        let mut many = many.into_vec();
        match many.len() {
            0 => Memberships::None,
            1 => many.pop().map_or(Memberships::None, Memberships::One),
            _ => Memberships::Many(many.into_boxed_slice()),
        }
    }
}

impl From<Option<Membership>> for Memberships {
    fn from(one: Option<Membership>) -> Memberships {
        one.map_or(Memberships::None, Memberships::One)
    }
}

impl<'a> IntoIterator for &'a Memberships {
    type Item = &'a Membership;
    type IntoIter = std::slice::Iter<'a, Membership>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl PartialEq for Memberships {
    fn eq(&self, other: &Memberships) -> bool {
        **self == **other
    }
}

impl Eq for Memberships {}

impl std::fmt::Debug for Memberships {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Who the token speaks for (`WhoAmI`). Per-node roles arrive on the nodes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub id: String,
    pub label: String,
    /// The tenant-wide role as the backend names it; the schema's `roles` say what
    /// it may do.
    pub role: String,
    pub tenant: Option<String>,
    /// The caller's own record, where who-am-I answers one (MuninX: the user).
    pub party: Option<Party>,
    /// Their role at each node where who-am-I names roles per node, with the
    /// node's name, so the tenants pane can say "admin in Northwind, member in
    /// Harbor" before any list is read; empty where the role is tenant-wide.
    pub roles: Vec<NodeRole>,
}

/// The caller's role at one node, as who-am-I names both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeRole {
    pub node: String,
    pub name: String,
    pub role: String,
}

impl Caller {
    /// "admin in Northwind, member in Harbor"; `None` without per-node roles.
    pub fn roles_text(&self) -> Option<String> {
        let each: Vec<String> = self
            .roles
            .iter()
            .map(|r| format!("{} in {}", r.role, r.name))
            .collect();
        (!each.is_empty()).then(|| each.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::value::Value;
    use crate::backends::muninx::schema::{EMAIL, NAME, SCHEMA};

    fn party(email: &str) -> Party {
        Party::new(
            "id-7",
            PartyKind::User,
            MemberState::Active,
            Record::read(SCHEMA.party_fields, |id| match id {
                EMAIL => Value::text(Some(email)),
                NAME => Value::Text("Jane".into()),
                _ => Value::Empty,
            }),
            Box::default(),
        )
    }

    #[test]
    fn a_party_is_labelled_by_the_schema_s_label_field_and_else_by_its_id() {
        assert_eq!(party("jane@acme.com").label(&SCHEMA), "jane@acme.com");
        assert_eq!(party("  ").label(&SCHEMA), "id-7");
        assert_eq!(
            party("jane@acme.com").get(&SCHEMA, NAME),
            &Value::Text("Jane".into())
        );
    }
}
