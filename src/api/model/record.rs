//! One row's values in the order its schema's record layout declares them. A row
//! holds no field names: a 1M-row people list must not carry 1M copies of its
//! keys, so every read goes through the layout (`&[FieldSpec]`) the row was made by.
//!
//! A row is one allocation whatever its fields: a header of a tag and an end
//! a field (a byte each in a small row), then the values' bytes (`packed`).
//! Reads borrow from it (`ValueRef`), so a MuninX user costs its text and a few
//! bytes a field, not a cell of 16 bytes a field in a second buffer.

mod packed;
#[cfg(test)]
mod tests;

use std::fmt;

use jiff::Timestamp;

pub use packed::FieldValue;
use packed::{Header, Slot};

use crate::api::schema::{FieldId, FieldSpec};
use crate::api::value::{Changes, Value};

/// A text a row holds that names it (a party's id), read with
/// `Record::key_text`: a field's own text, or the one text appended after the
/// values. Four bytes, since a 1M-row list holds one a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key(u32);

/// Set in a `Key` of the appended text (the rest is where it starts); clear in
/// the key of a field (the rest is the field's place in the layout).
const APPENDED: u32 = 1 << 31;

#[derive(Clone)]
pub struct Record {
    row: Box<str>,
}

/// A row of no fields, whose header says so (an appended key is not read as one).
impl Default for Record {
    fn default() -> Record {
        Record::pack(&[])
    }
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
    bytes: &'a str,
    width: usize,
}

impl<'a> Items<'a> {
    pub fn len(&self) -> usize {
        packed::list_len(self.bytes, self.width)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn iter(&self) -> impl Iterator<Item = &'a str> + 'a {
        packed::entries(self.bytes, self.width)
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

    /// The same value, compared without an owned copy of either.
    fn same(&self, other: &ValueRef<'_>) -> bool {
        match (self, other) {
            (ValueRef::Text(a), ValueRef::Text(b)) => a == b,
            (ValueRef::List(a), ValueRef::List(b)) => a.iter().eq(b.iter()),
            (ValueRef::Bool(a), ValueRef::Bool(b)) => a == b,
            (ValueRef::Time(a), ValueRef::Time(b)) => a == b,
            (ValueRef::Number(a), ValueRef::Number(b)) => a == b,
            (ValueRef::Empty, ValueRef::Empty) => true,
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
        self.same(other)
    }
}

/// A model value as the packer takes it; `entries` holds a list's entries
/// borrowed, for the packer's `&[&str]`.
fn field_value<'a>(value: &'a Value, entries: &'a [&'a str]) -> FieldValue<'a> {
    match value {
        Value::Text(text) => FieldValue::Text(text),
        Value::Word(word) => FieldValue::Word(word),
        Value::List(_) => FieldValue::List(entries),
        Value::Bool(flag) => FieldValue::Bool(*flag),
        Value::Time(at) => FieldValue::Time(*at),
        Value::Number(n) => FieldValue::Number(*n),
        Value::Empty => FieldValue::Empty,
    }
}

fn entries_of(value: &Value) -> Vec<&str> {
    match value {
        Value::List(items) => items.iter().map(String::as_str).collect(),
        _ => Vec::new(),
    }
}

impl Record {
    /// A row read field by field in the layout's order.
    pub fn read(layout: &[FieldSpec], mut value_of: impl FnMut(FieldId) -> Value) -> Record {
        let values: Vec<Value> = layout.iter().map(|f| value_of(f.id)).collect();
        let entries: Vec<Vec<&str>> = values.iter().map(entries_of).collect();
        let fields: Vec<FieldValue<'_>> = values
            .iter()
            .zip(&entries)
            .map(|(value, entries)| field_value(value, entries))
            .collect();
        Record::pack(&fields)
    }

    /// A row of `fields`, in its layout's order, borrowed from wherever the
    /// decode holds them: no owned value is made on the way.
    pub fn pack(fields: &[FieldValue<'_>]) -> Record {
        Record {
            row: packed::pack(fields),
        }
    }

    fn header(&self) -> Header {
        packed::header(&self.row)
    }

    fn value_at(&self, header: &Header, at: usize) -> ValueRef<'_> {
        let Some(slot) = header.slot(&self.row, at) else {
            return ValueRef::Empty;
        };
        let (tag, range) = match slot {
            Slot::Word(word) => return ValueRef::Text(word),
            Slot::Tag(tag, range) => (tag, range),
        };
        let bytes = self.row.get(range).unwrap_or_default();
        match tag {
            packed::TEXT => ValueRef::Text(bytes),
            packed::LIST => ValueRef::List(Items {
                bytes,
                width: header.width,
            }),
            packed::FALSE => ValueRef::Bool(false),
            packed::TRUE => ValueRef::Bool(true),
            packed::TIME => {
                packed::time_of(bytes.as_bytes()).map_or(ValueRef::Empty, ValueRef::Time)
            }
            packed::NUMBER => ValueRef::Number(packed::number_of(bytes.as_bytes())),
            _ => ValueRef::Empty,
        }
    }

    /// Field `at` as the packer takes it: a word stays a word.
    fn field_at<'a>(
        &'a self,
        header: &Header,
        at: usize,
        entries: &'a [&'a str],
    ) -> FieldValue<'a> {
        if let Some(Slot::Word(word)) = header.slot(&self.row, at) {
            return FieldValue::Word(word);
        }
        match self.value_at(header, at) {
            ValueRef::Text(text) => FieldValue::Text(text),
            ValueRef::List(_) => FieldValue::List(entries),
            ValueRef::Bool(flag) => FieldValue::Bool(flag),
            ValueRef::Time(at) => FieldValue::Time(at),
            ValueRef::Number(n) => FieldValue::Number(n),
            ValueRef::Empty => FieldValue::Empty,
        }
    }

    fn text_key(&self, header: &Header, at: usize) -> Option<Key> {
        match header.slot(&self.row, at)? {
            Slot::Tag(packed::TEXT, _) => {
                u32::try_from(at).ok().filter(|at| *at < APPENDED).map(Key)
            }
            _ => None,
        }
    }

    /// Where `text` is in the row: a field's whole text when one holds it (no
    /// copy), else appended after the values. A row holds one appended text: a
    /// second replaces the first (and its key reads what replaced it).
    pub fn key(&mut self, text: &str) -> Key {
        let header = self.header();
        let held = (0..header.count)
            .filter_map(|at| self.text_key(&header, at))
            .find(|key| self.key_text(*key) == text);
        if let Some(key) = held {
            return key;
        }
        let mut row = std::mem::take(&mut self.row).into_string();
        row.truncate(header.end(&row).min(row.len()));
        let at = row.len();
        row.reserve_exact(text.len());
        row.push_str(text);
        self.row = row.into_boxed_str();
        Key(APPENDED | u32::try_from(at).unwrap_or(APPENDED - 1))
    }

    /// Where `field`'s text is, when it holds text.
    pub fn field_key(&self, layout: &[FieldSpec], field: FieldId) -> Option<Key> {
        let at = layout.iter().position(|f| f.id == field)?;
        self.text_key(&self.header(), at)
    }

    pub fn key_text(&self, key: Key) -> &str {
        if key.0 & APPENDED != 0 {
            let at = (key.0 & !APPENDED) as usize;
            return self.row.get(at..).unwrap_or_default();
        }
        let header = self.header();
        match self.value_at(&header, key.0 as usize) {
            ValueRef::Text(text) => text,
            _ => "",
        }
    }

    /// How many fields the row holds (its layout's length when it was made).
    pub fn len(&self) -> usize {
        self.header().count
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The value of `field`, `Empty` when the layout has no such field or the row
    /// was made by a shorter layout.
    pub fn get(&self, layout: &[FieldSpec], field: FieldId) -> ValueRef<'_> {
        match layout.iter().position(|f| f.id == field) {
            Some(at) => self.value_at(&self.header(), at),
            None => ValueRef::Empty,
        }
    }

    /// The text of `field`, when it holds text.
    pub fn text(&self, layout: &[FieldSpec], field: FieldId) -> Option<&str> {
        self.get(layout, field).as_text()
    }

    /// Every field's value, in the layout's order.
    pub fn values(&self) -> impl Iterator<Item = ValueRef<'_>> {
        let header = self.header();
        (0..header.count).map(move |at| self.value_at(&header, at))
    }

    /// Replaces the value of `field`; false when the layout has no such field.
    pub fn set(&mut self, layout: &[FieldSpec], field: FieldId, value: Value) -> bool {
        let header = self.header();
        let Some(changed) = layout
            .iter()
            .position(|f| f.id == field)
            .filter(|at| *at < header.count)
        else {
            return false;
        };
        let new_entries = entries_of(&value);
        let entries: Vec<Vec<&str>> = (0..header.count)
            .map(|at| match self.value_at(&header, at) {
                ValueRef::List(items) if at != changed => items.iter().collect(),
                _ => Vec::new(),
            })
            .collect();
        let fields: Vec<FieldValue<'_>> = (0..header.count)
            .map(|at| {
                if at == changed {
                    field_value(&value, &new_entries)
                } else {
                    self.field_at(&header, at, &entries[at])
                }
            })
            .collect();
        let row = packed::pack(&fields);
        self.row = row;
        true
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
        self.row.len()
    }

    /// The row as it is held, its texts among its header's bytes (all ASCII): a
    /// filter that is nowhere in it is in none of its fields, found with one scan
    /// rather than one a field, each hit then placed within a field's text.
    pub fn all_text(&self) -> &str {
        &self.row
    }
}

/// How many words the process's table can hold (`table_word`).
pub const TABLE_WORDS: usize = packed::WORDS;

/// Word `k` of the process's table, once it holds one: a filter matches each
/// word once rather than in every row naming it.
pub fn table_word(k: usize) -> Option<&'static str> {
    packed::word_at(k)
}

/// A row's fields as a filter's scan reads them, its header read once.
#[derive(Clone, Copy)]
pub struct Scan<'a> {
    row: &'a str,
    header: Header,
}

/// What one field of a `Scan` holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scanned {
    /// Word `k` of the process's table (`table_word`).
    Word(usize),
    /// Text, at these bytes of `Scan::values`.
    Text(usize, usize),
    /// A list, at these bytes of `Scan::values` (its entries: `Scan::entries`).
    List(usize, usize),
    /// No text.
    Other,
}

impl Record {
    pub fn scan(&self) -> Scan<'_> {
        Scan {
            row: &self.row,
            header: self.header(),
        }
    }
}

impl<'a> Scan<'a> {
    /// Every value's bytes, where no header byte is.
    pub fn values(&self) -> &'a str {
        let end = self.header.end(self.row);
        self.row.get(self.header.values..end).unwrap_or_default()
    }

    /// Whether field `at` is word `k` of the table, and which; its bytes are
    /// not looked for.
    pub fn word(&self, at: usize) -> Option<usize> {
        packed::word_index(self.header.tag(self.row, at)?)
    }

    /// Field `at`, at the layout's place `at`.
    pub fn field(&self, at: usize) -> Scanned {
        let Some(slot) = self.header.slot(self.row, at) else {
            return Scanned::Other;
        };
        let (tag, range) = match slot {
            Slot::Word(_) => return self.word(at).map_or(Scanned::Other, Scanned::Word),
            Slot::Tag(tag, range) => (tag, range),
        };
        let from = self.header.values;
        let (start, end) = (
            range.start.saturating_sub(from),
            range.end.saturating_sub(from),
        );
        match tag {
            packed::TEXT => Scanned::Text(start, end),
            packed::LIST => Scanned::List(start, end),
            _ => Scanned::Other,
        }
    }

    /// The entries of a list at these bytes of `values`, each with where it
    /// starts there.
    pub fn entries(&self, start: usize, end: usize) -> impl Iterator<Item = (usize, &'a str)> + 'a {
        let bytes = self.values().get(start..end).unwrap_or_default();
        let base = bytes.as_ptr() as usize;
        packed::entries(bytes, self.header.width)
            .map(move |entry| (start + entry.as_ptr() as usize - base, entry))
    }
}

/// Rows are equal when their values are: a word the table names and the same
/// text held in the row read alike.
impl PartialEq for Record {
    fn eq(&self, other: &Record) -> bool {
        self.row == other.row
            || (self.len() == other.len()
                && self.values().zip(other.values()).all(|(a, b)| a.same(&b)))
    }
}

impl Eq for Record {}

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
