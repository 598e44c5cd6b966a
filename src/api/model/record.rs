//! One row's values in the order its schema's record layout declares them. A row
//! holds no field names: a 100k-row people list must not carry 100k copies of its
//! keys, so every read goes through the layout (`&[FieldSpec]`) the row was made by.

use crate::api::schema::{FieldId, FieldSpec, InputKind};
use crate::api::value::{Changes, Value};

static NOTHING: Value = Value::Empty;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Record(Box<[Value]>);

impl Record {
    /// A row read field by field in the layout's order.
    pub fn read(layout: &[FieldSpec], mut value_of: impl FnMut(FieldId) -> Value) -> Record {
        Record(layout.iter().map(|f| value_of(f.id)).collect())
    }

    /// The value of `field`, `Empty` when the layout has no such field or the row
    /// was made by a shorter layout.
    pub fn get(&self, layout: &[FieldSpec], field: FieldId) -> &Value {
        layout
            .iter()
            .position(|f| f.id == field)
            .and_then(|at| self.0.get(at))
            .unwrap_or(&NOTHING)
    }

    /// The text of `field`, when it holds text.
    pub fn text(&self, layout: &[FieldSpec], field: FieldId) -> Option<&str> {
        self.get(layout, field).as_text()
    }

    /// Replaces the value of `field`; false when the layout has no such field.
    pub fn set(&mut self, layout: &[FieldSpec], field: FieldId, value: Value) -> bool {
        match layout.iter().position(|f| f.id == field) {
            Some(at) if at < self.0.len() => {
                self.0[at] = value;
                true
            }
            _ => false,
        }
    }

    /// What of an edit form's `changes` would change this row: each value
    /// normalised as its field's rule writes it (text trimmed, blank as nothing,
    /// list entries through the field's check), those equal to what the row holds
    /// dropped, and fields the form hides (by its `Shown`, read from the changes
    /// over the row) never kept, whatever they hold.
    pub fn changes(&self, layout: &[FieldSpec], changes: &Changes) -> Changes {
        let now = |field: FieldId| {
            changes
                .get(field)
                .unwrap_or_else(|| self.get(layout, field))
                .as_text()
                .map(|text| text.trim().to_owned())
        };
        let values = changes
            .values
            .iter()
            .filter_map(|(field, value)| {
                let spec = layout.iter().find(|f| f.id == *field)?;
                let value = normalised(spec, value);
                (spec.shown.holds(now) && value != *self.get(layout, *field))
                    .then_some((*field, value))
            })
            .collect();
        Changes { values }
    }

    pub fn values(&self) -> &[Value] {
        &self.0
    }

    /// Bytes this row holds on the heap (its values and what they own), for the
    /// figures a long list costs.
    pub fn heap_bytes(&self) -> usize {
        self.0.len() * std::mem::size_of::<Value>() + self.0.iter().map(heap_of).sum::<usize>()
    }
}

fn normalised(spec: &FieldSpec, value: &Value) -> Value {
    match value {
        Value::Text(text) => Value::text(Some(text)),
        Value::List(items) => Value::List(
            items
                .iter()
                .map(|item| match spec.input {
                    InputKind::MultiValue { check, .. } => {
                        check(item).unwrap_or_else(|_| item.trim().to_owned())
                    }
                    _ => item.trim().to_owned(),
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

fn heap_of(value: &Value) -> usize {
    match value {
        Value::Text(text) => text.capacity(),
        Value::List(items) => {
            items.capacity() * std::mem::size_of::<String>()
                + items.iter().map(String::capacity).sum::<usize>()
        }
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::schema::{InputKind, Shown};

    const A: FieldId = FieldId("a");
    const B: FieldId = FieldId("b");
    const C: FieldId = FieldId("c");

    const fn spec(id: FieldId) -> FieldSpec {
        FieldSpec {
            id,
            wire: id.0,
            label: id.0,
            input: InputKind::Shown,
            required: false,
            check: None,
            shown: Shown::Always,
            cli: None,
            help: "",
        }
    }

    static LAYOUT: &[FieldSpec] = &[spec(A), spec(B)];
    static LONGER: &[FieldSpec] = &[spec(A), spec(B), spec(C)];

    fn row() -> Record {
        Record::read(LAYOUT, |id| Value::Text(format!("{id}!")))
    }

    #[test]
    fn values_are_read_in_layout_order_and_found_by_field_id() {
        let row = row();
        assert_eq!(
            row.values(),
            &[Value::Text("a!".into()), Value::Text("b!".into())]
        );
        assert_eq!(row.text(LAYOUT, B), Some("b!"));
        assert_eq!(row.get(LAYOUT, A), &Value::Text("a!".into()));
    }

    #[test]
    fn a_field_the_row_does_not_hold_reads_as_nothing() {
        let row = row();
        assert_eq!(row.get(LAYOUT, C), &Value::Empty);
        // A row made by a shorter layout, read with a longer one.
        assert_eq!(row.get(LONGER, C), &Value::Empty);
        assert_eq!(row.get(LONGER, B), &Value::Text("b!".into()));
    }

    #[test]
    fn set_replaces_a_held_value_and_refuses_an_unknown_field() {
        let mut row = row();
        assert!(row.set(LAYOUT, A, Value::Bool(true)));
        assert_eq!(row.get(LAYOUT, A), &Value::Bool(true));
        assert!(!row.set(LAYOUT, C, Value::Bool(true)));
        assert!(!row.set(LONGER, C, Value::Bool(true)));
        assert_eq!(row.values().len(), 2);
    }

    static FORM: &[FieldSpec] = &[
        spec(A),
        FieldSpec {
            shown: Shown::When(A, &["staff"]),
            ..spec(B)
        },
        FieldSpec {
            input: InputKind::MultiValue {
                max_entries: 3,
                check: lower,
                noun: "entries",
            },
            ..spec(C)
        },
    ];

    fn lower(raw: &str) -> Result<String, String> {
        Ok(raw.trim().to_lowercase())
    }

    #[test]
    fn changes_keep_only_what_differs_once_normalised_and_never_a_hidden_field() {
        let row = Record::read(FORM, |id| match id {
            A => Value::Word("customer"),
            B => Value::Empty,
            _ => Value::List(vec!["x.com".into()]),
        });
        let edit = |values: Vec<(FieldId, Value)>| row.changes(FORM, &Changes { values });
        let same = edit(vec![
            (A, Value::Text(" customer ".into())),
            (C, Value::List(vec![" X.COM ".into()])),
        ]);
        assert!(same.is_empty(), "{same:?}");
        // B shows only for staff: hidden while A stays a customer.
        assert!(edit(vec![(B, Value::Text("kept?".into()))]).is_empty());
        let staff = edit(vec![
            (A, Value::Text("staff".into())),
            (B, Value::Text(" on ".into())),
        ]);
        assert_eq!(
            staff.values,
            vec![
                (A, Value::Text("staff".into())),
                (B, Value::Text("on".into()))
            ]
        );
        // Blank text is nothing, and clears a held value.
        let cleared = edit(vec![(A, Value::Text("  ".into()))]);
        assert_eq!(cleared.values, vec![(A, Value::Empty)]);
    }

    #[test]
    fn heap_bytes_count_the_values_and_their_text() {
        let row = Record::read(LAYOUT, |id| {
            if id == A {
                Value::Text(String::with_capacity(10))
            } else {
                Value::List(Vec::with_capacity(0))
            }
        });
        assert_eq!(row.heap_bytes(), 2 * std::mem::size_of::<Value>() + 10);
    }
}
