//! One row's values in the order its schema's record layout declares them. A row
//! holds no field names: a 100k-row people list must not carry 100k copies of its
//! keys, so every read goes through the layout (`&[FieldSpec]`) the row was made by.
//!
//! A row is two allocations whatever its fields: all its text in one buffer, and
//! one small cell per field saying where its value is. Reads borrow from them
//! (`ValueRef`), so a 100k-row list costs its text and 16 bytes a field, not a
//! string and a 32-byte `Value` per field.

use std::fmt;

use jiff::Timestamp;

use crate::api::schema::{FieldId, FieldSpec};
use crate::api::value::{Changes, Value};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Cell {
    Empty,
    /// `len` bytes of the row's text from `at`.
    Text {
        at: u32,
        len: u32,
    },
    /// `count` entries: the `Entry` cells from `first`, after the layout's own cells.
    List {
        first: u32,
        count: u32,
    },
    /// One entry of a list: `len` bytes of the row's text from `at`.
    Entry {
        at: u32,
        len: u32,
    },
    Bool(bool),
    Time {
        seconds: i64,
        nanos: i32,
    },
    Number(i64),
}

/// A place in a row's text that no field names (a party's id), read with
/// `Record::key_text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    at: u32,
    len: u32,
}

#[derive(Clone, PartialEq, Eq, Default)]
pub struct Record {
    text: Box<str>,
    cells: Box<[Cell]>,
}

/// A field's value as a row holds it, borrowed from the row.
#[derive(Debug, Clone, Copy)]
pub enum ValueRef<'a> {
    Text(&'a str),
    List(Items<'a>),
    Bool(bool),
    Time(Timestamp),
    Number(i64),
    Empty,
}

/// The entries of a list value.
#[derive(Clone, Copy)]
pub struct Items<'a> {
    record: &'a Record,
    first: u32,
    count: u32,
}

impl<'a> Items<'a> {
    pub fn len(&self) -> usize {
        self.count as usize
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    pub fn iter(&self) -> impl Iterator<Item = &'a str> + 'a {
        let record = self.record;
        let cells = record
            .cells
            .get(self.first as usize..(self.first + self.count) as usize);
        cells
            .unwrap_or_default()
            .iter()
            .map(move |cell| record.text_of(*cell))
    }

    pub fn to_vec(&self) -> Vec<String> {
        self.iter().map(str::to_owned).collect()
    }
}

impl fmt::Debug for Items<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'a> ValueRef<'a> {
    pub fn as_text(&self) -> Option<&'a str> {
        match self {
            ValueRef::Text(text) => Some(text),
            _ => None,
        }
    }

    /// The value as the model holds it, owned.
    pub fn to_value(&self) -> Value {
        match *self {
            ValueRef::Text(text) => Value::Text(text.to_owned()),
            ValueRef::List(items) => Value::List(items.to_vec()),
            ValueRef::Bool(flag) => Value::Bool(flag),
            ValueRef::Time(at) => Value::Time(at),
            ValueRef::Number(n) => Value::Number(n),
            ValueRef::Empty => Value::Empty,
        }
    }

    /// What a form's field starts as (see `Value::as_input`).
    pub fn as_input(&self) -> String {
        match self {
            ValueRef::Text(text) => (*text).to_owned(),
            ValueRef::List(items) => items.iter().collect::<Vec<_>>().join(", "),
            ValueRef::Bool(flag) => flag.to_string(),
            ValueRef::Time(at) => at.to_string(),
            ValueRef::Number(n) => n.to_string(),
            ValueRef::Empty => String::new(),
        }
    }

    /// How a list cell or a detail line shows it; "-" for nothing.
    pub fn shown(&self) -> String {
        match self {
            ValueRef::List(items) if items.is_empty() => "-".to_owned(),
            ValueRef::Bool(true) => "yes".to_owned(),
            ValueRef::Bool(false) => "no".to_owned(),
            ValueRef::Empty => "-".to_owned(),
            other => other.as_input(),
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            ValueRef::Text(text) => text.trim().is_empty(),
            ValueRef::List(items) => items.is_empty(),
            ValueRef::Empty => true,
            _ => false,
        }
    }
}

impl PartialEq<Value> for ValueRef<'_> {
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (ValueRef::List(items), Value::List(other)) => {
                items.iter().eq(other.iter().map(String::as_str))
            }
            (ValueRef::Bool(a), Value::Bool(b)) => a == b,
            (ValueRef::Time(a), Value::Time(b)) => a == b,
            (ValueRef::Number(a), Value::Number(b)) => a == b,
            (ValueRef::Empty, Value::Empty) => true,
            (ValueRef::Text(a), other) => other.as_text() == Some(*a),
            _ => false,
        }
    }
}

impl PartialEq<&Value> for ValueRef<'_> {
    fn eq(&self, other: &&Value) -> bool {
        *self == **other
    }
}

impl PartialEq for ValueRef<'_> {
    fn eq(&self, other: &ValueRef<'_>) -> bool {
        *self == other.to_value()
    }
}

/// Packs values into one text buffer and their cells.
#[derive(Default)]
struct Packer {
    text: String,
    cells: Vec<Cell>,
    entries: Vec<Cell>,
}

impl Packer {
    fn span(&mut self, text: &str) -> (u32, u32) {
        let at = self.text.len() as u32;
        self.text.push_str(text);
        (at, text.len() as u32)
    }

    fn push(&mut self, value: &Value) {
        let cell = match value {
            Value::Text(text) => {
                let (at, len) = self.span(text);
                Cell::Text { at, len }
            }
            Value::Word(word) => {
                let (at, len) = self.span(word);
                Cell::Text { at, len }
            }
            Value::List(items) => {
                let first = self.entries.len() as u32;
                for item in items {
                    let (at, len) = self.span(item);
                    self.entries.push(Cell::Entry { at, len });
                }
                Cell::List {
                    first,
                    count: items.len() as u32,
                }
            }
            Value::Bool(flag) => Cell::Bool(*flag),
            Value::Time(at) => Cell::Time {
                seconds: at.as_second(),
                nanos: at.subsec_nanosecond(),
            },
            Value::Number(n) => Cell::Number(*n),
            Value::Empty => Cell::Empty,
        };
        self.cells.push(cell);
    }

    fn finish(mut self) -> Record {
        // List entries live after the layout's cells: their indexes move by that much.
        let offset = self.cells.len() as u32;
        for cell in &mut self.cells {
            if let Cell::List { first, .. } = cell {
                *first += offset;
            }
        }
        self.cells.append(&mut self.entries);
        Record {
            text: self.text.into_boxed_str(),
            cells: self.cells.into_boxed_slice(),
        }
    }
}

impl Record {
    /// A row read field by field in the layout's order.
    pub fn read(layout: &[FieldSpec], mut value_of: impl FnMut(FieldId) -> Value) -> Record {
        let values: Vec<Value> = layout.iter().map(|f| value_of(f.id)).collect();
        Record::from_values(&values)
    }

    /// Sized before it is filled: a 100k-row list makes its rows without a single
    /// regrowth, so the allocator is not left with the holes of outgrown buffers.
    fn from_values(values: &[Value]) -> Record {
        let mut text = 0;
        let mut entries = 0;
        for value in values {
            match value {
                Value::Text(t) => text += t.len(),
                Value::Word(w) => text += w.len(),
                Value::List(items) => {
                    entries += items.len();
                    text += items.iter().map(String::len).sum::<usize>();
                }
                _ => {}
            }
        }
        let mut packer = Packer {
            text: String::with_capacity(text),
            cells: Vec::with_capacity(values.len() + entries),
            entries: Vec::with_capacity(entries),
        };
        for value in values {
            packer.push(value);
        }
        packer.finish()
    }

    fn text_of(&self, cell: Cell) -> &str {
        match cell {
            Cell::Text { at, len } | Cell::Entry { at, len } => self
                .text
                .get(at as usize..(at + len) as usize)
                .unwrap_or_default(),
            _ => "",
        }
    }

    fn value(&self, cell: Cell) -> ValueRef<'_> {
        match cell {
            // An entry is not a field: a longer layout read past the row's fields.
            Cell::Empty | Cell::Entry { .. } => ValueRef::Empty,
            Cell::Text { .. } => ValueRef::Text(self.text_of(cell)),
            Cell::List { first, count } => ValueRef::List(Items {
                record: self,
                first,
                count,
            }),
            Cell::Bool(flag) => ValueRef::Bool(flag),
            Cell::Time { seconds, nanos } => {
                Timestamp::new(seconds, nanos).map_or(ValueRef::Empty, ValueRef::Time)
            }
            Cell::Number(n) => ValueRef::Number(n),
        }
    }

    /// Where `text` is in the row: a field's whole text when one holds it (no
    /// copy), else appended after the fields' text.
    pub fn key(&mut self, text: &str) -> Key {
        let held = self.fields().find_map(|cell| match *cell {
            Cell::Text { at, len } if self.text_of(*cell) == text => Some(Key { at, len }),
            _ => None,
        });
        if let Some(key) = held {
            return key;
        }
        let mut buffer = std::mem::take(&mut self.text).into_string();
        let at = buffer.len() as u32;
        buffer.push_str(text);
        self.text = buffer.into_boxed_str();
        Key {
            at,
            len: text.len() as u32,
        }
    }

    /// Where `field`'s text is, when it holds text.
    pub fn field_key(&self, layout: &[FieldSpec], field: FieldId) -> Option<Key> {
        let at = layout.iter().position(|f| f.id == field)?;
        match self.cells.get(at)? {
            Cell::Text { at, len } => Some(Key { at: *at, len: *len }),
            _ => None,
        }
    }

    pub fn key_text(&self, key: Key) -> &str {
        self.text
            .get(key.at as usize..(key.at + key.len) as usize)
            .unwrap_or_default()
    }

    /// How many fields the row holds (its layout's length when it was made).
    pub fn len(&self) -> usize {
        self.fields().count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The layout's cells: those before the first list entry.
    fn fields(&self) -> impl Iterator<Item = &Cell> {
        self.cells
            .iter()
            .take_while(|cell| !matches!(cell, Cell::Entry { .. }))
    }

    /// The value of `field`, `Empty` when the layout has no such field or the row
    /// was made by a shorter layout.
    pub fn get(&self, layout: &[FieldSpec], field: FieldId) -> ValueRef<'_> {
        layout
            .iter()
            .position(|f| f.id == field)
            .and_then(|at| self.cells.get(at))
            .map_or(ValueRef::Empty, |cell| self.value(*cell))
    }

    /// The text of `field`, when it holds text.
    pub fn text(&self, layout: &[FieldSpec], field: FieldId) -> Option<&str> {
        self.get(layout, field).as_text()
    }

    /// Every field's value, in the layout's order.
    pub fn values(&self) -> impl Iterator<Item = ValueRef<'_>> {
        self.fields().map(move |cell| self.value(*cell))
    }

    /// Replaces the value of `field`; false when the layout has no such field.
    pub fn set(&mut self, layout: &[FieldSpec], field: FieldId, value: Value) -> bool {
        let mut values: Vec<Value> = self.values().map(|v| v.to_value()).collect();
        match layout.iter().position(|f| f.id == field) {
            Some(at) if at < values.len() => {
                values[at] = value;
                *self = Record::from_values(&values);
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
        let now = |field: FieldId| match changes.get(field) {
            Some(value) => value.as_text().map(|text| text.trim().to_owned()),
            None => self.text(layout, field).map(|text| text.trim().to_owned()),
        };
        let values = changes
            .values
            .iter()
            .filter_map(|(field, value)| {
                let spec = layout.iter().find(|f| f.id == *field)?;
                let value = normalised(spec, value);
                (spec.shown.holds(now) && self.get(layout, *field) != value)
                    .then_some((*field, value))
            })
            .collect();
        Changes { values }
    }

    /// Bytes this row holds on the heap, for the figures a long list costs.
    pub fn heap_bytes(&self) -> usize {
        self.text.len() + self.cells.len() * std::mem::size_of::<Cell>()
    }

    /// Every text the row holds, run together: a filter that is nowhere in it
    /// is in none of its fields, found with one scan rather than one a field.
    pub fn all_text(&self) -> &str {
        &self.text
    }
}

impl fmt::Debug for Record {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.values()).finish()
    }
}

fn normalised(spec: &FieldSpec, value: &Value) -> Value {
    match value {
        Value::Text(text) => Value::text(Some(text)),
        Value::List(items) => Value::List(
            items
                .iter()
                .map(|item| match spec.input.entries() {
                    Some((_, check, _)) => check(item).unwrap_or_else(|_| item.trim().to_owned()),
                    None => item.trim().to_owned(),
                })
                .collect(),
        ),
        other => other.clone(),
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
        let values: Vec<Value> = row.values().map(|v| v.to_value()).collect();
        assert_eq!(values, [Value::Text("a!".into()), Value::Text("b!".into())]);
        assert_eq!(row.text(LAYOUT, B), Some("b!"));
        assert_eq!(row.get(LAYOUT, A), Value::Text("a!".into()));
    }

    #[test]
    fn a_field_the_row_does_not_hold_reads_as_nothing() {
        let row = row();
        assert_eq!(row.get(LAYOUT, C), Value::Empty);
        // A row made by a shorter layout, read with a longer one.
        assert_eq!(row.get(LONGER, C), Value::Empty);
        assert_eq!(row.get(LONGER, B), Value::Text("b!".into()));
    }

    #[test]
    fn set_replaces_a_held_value_and_refuses_an_unknown_field() {
        let mut row = row();
        assert!(row.set(LAYOUT, A, Value::Bool(true)));
        assert_eq!(row.get(LAYOUT, A), Value::Bool(true));
        assert!(!row.set(LAYOUT, C, Value::Bool(true)));
        assert!(!row.set(LONGER, C, Value::Bool(true)));
        assert_eq!(row.len(), 2);
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
    fn a_row_is_its_text_once_and_a_small_cell_per_field() {
        let at: Timestamp = "2026-01-01T00:00:00.5Z".parse().unwrap();
        let row = Record::read(LONGER, |id| match id {
            A => Value::Text("jane@acme.com".into()),
            B => Value::List(vec!["a.com".into(), "b.io".into()]),
            _ => Value::Time(at),
        });
        assert_eq!(row.len(), 3);
        assert_eq!(row.get(LONGER, A), Value::Text("jane@acme.com".into()));
        assert_eq!(
            row.get(LONGER, B),
            Value::List(vec!["a.com".into(), "b.io".into()])
        );
        assert_eq!(row.get(LONGER, C), Value::Time(at));
        // The text once, three cells for the fields and two for the list's entries.
        assert_eq!(
            row.heap_bytes(),
            "jane@acme.coma.comb.io".len() + 5 * std::mem::size_of::<Cell>()
        );
        assert!(std::mem::size_of::<Cell>() <= 16);
        let mut changed = row.clone();
        assert!(changed.set(LONGER, A, Value::Empty));
        assert_eq!(changed.get(LONGER, A), Value::Empty);
        assert_eq!(changed.get(LONGER, B), row.get(LONGER, B));
    }
}
