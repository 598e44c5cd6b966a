//! What a form asks the server for. An edit sends only the fields the operator
//! changed: a value the form could not read right (an organization that did not
//! load, an agent type it has no name for) is never "corrected" behind their back.
//! Hidden fields are never sent, whatever they hold.

use super::{Field, Form, FormKind, Input};
use crate::api::model::Operation;
use crate::api::schema::InputKind;
use crate::api::value::{Changes, Draft, Value};

impl Field {
    /// The field's value as a form sends it.
    fn draft_value(&self) -> Value {
        if let InputKind::Bool(..) = self.spec.input {
            return Value::Bool(self.value() == "true");
        }
        match &self.input {
            // Entries as the field's rule writes them (a domain in lower case).
            Input::List { .. } | Input::Parties(_) => Value::List(
                self.items()
                    .iter()
                    .map(|item| normalised(self.spec, item))
                    .collect(),
            ),
            Input::Picker { .. } => Value::text(self.picked().as_deref()),
            // Blank is nothing: an optional field left empty is not sent.
            _ => Value::text(Some(&self.value())),
        }
    }
}

fn normalised(spec: &crate::api::schema::FieldSpec, item: &str) -> String {
    match spec.input.entries() {
        Some((_, check, _)) => check(item).unwrap_or_else(|_| item.trim().to_owned()),
        None => item.trim().to_owned(),
    }
}

impl Form {
    /// Every shown field's value, under the key the form opened with.
    pub fn draft(&self) -> Draft {
        self.opened.with_values(
            self.visible_fields()
                .into_iter()
                .map(|i| (self.fields[i].spec.id, self.fields[i].draft_value()))
                .collect(),
        )
    }

    /// The shown fields the operator changed.
    fn changes(&self) -> Changes {
        Changes {
            values: self
                .visible_fields()
                .into_iter()
                .map(|i| &self.fields[i])
                .filter(|f| f.changed())
                .map(|f| (f.spec.id, f.draft_value()))
                .collect(),
        }
    }

    /// The operation this form asks for, or None when nothing changed.
    pub fn operation(&self) -> Option<Operation> {
        match &self.kind {
            FormKind::CreateNode { level, parent } => Some(Operation::CreateNode {
                level: *level,
                parent: parent.clone(),
                draft: self.draft(),
            }),
            FormKind::EditNode { level, id } => {
                let level = self.schema.level(*level)?;
                let node = self.original_org.as_ref()?;
                let changes = node.record.changes(level.fields, &self.changes());
                (!changes.is_empty()).then(|| Operation::update_node(level, id.clone(), changes))
            }
            FormKind::AddMembers { scope } => Some(Operation::AddMembers {
                scope: scope.clone(),
                draft: self.draft(),
            }),
            FormKind::EditParty { id, scope } => {
                let party = self.original_person.as_ref()?;
                let changes = party
                    .record()
                    .changes(self.schema.party_fields, &self.changes());
                (!changes.is_empty()).then(|| Operation::UpdateMember {
                    scope: scope.clone(),
                    party: id.clone(),
                    changes,
                })
            }
        }
    }
}
