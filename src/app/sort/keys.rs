//! What a row sorts by in one column: a number, an instant or text, read from the
//! value the column shows, so that `10` follows `9` and "3d ago" follows "5m ago".
//!
//! A column's keys are packed for 100,000 rows at once: one 16-byte prefix per
//! row that orders numbers, instants and empty cells exactly and text by its
//! first fifteen bytes, and the whole text of every text key in one buffer.
//! Reading a column allocates a few vectors, never one per row.

use std::cell::RefCell;
use std::cmp::Ordering;
use std::fmt::Write as _;

use jiff::Timestamp;

use crate::api::model::{Node, Party, ValueRef};
use crate::api::schema::{Counted, InputKind, LevelId, Schema, Source};
use crate::app::Tenant;
use crate::app::counts::{self, Count};

/// The kinds of key, in the order they sort ascending: empty cells last.
const NUMBER: u8 = 0;
const TIME: u8 = 1;
const TEXT: u8 = 2;
const EMPTY: u8 = 3;

/// A column's keys, one per row in the list's order.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Keys {
    /// Each row's kind in the first byte, then its value's first bytes, as one
    /// number ordered as the keys are (ascending).
    prefixes: Vec<u128>,
    /// Where each text key lies in `text` (empty for other kinds).
    spans: Vec<(u32, u32)>,
    /// Every text key lower-cased and spelled by [`spell`], one after another.
    text: Vec<u8>,
}

impl Keys {
    pub fn with_capacity(rows: usize) -> Keys {
        Keys {
            prefixes: Vec::with_capacity(rows),
            spans: Vec::with_capacity(rows),
            text: Vec::with_capacity(rows * 24),
        }
    }

    pub fn len(&self) -> usize {
        self.prefixes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.prefixes.is_empty()
    }

    /// Bytes held, for the Performance notes: about 24 a row plus the text.
    pub fn heap_bytes(&self) -> usize {
        self.prefixes.capacity() * 16 + self.spans.capacity() * 8 + self.text.capacity()
    }

    /// Row `row`'s prefix as the sort compares it: flipped when descending,
    /// empty cells last either way.
    pub fn sort_prefix(&self, row: usize, descending: bool) -> u128 {
        let prefix = self.prefixes[row];
        match (kind(prefix), descending) {
            (EMPTY, _) => u128::MAX,
            (_, false) => prefix,
            (_, true) => !prefix,
        }
    }

    /// How rows `a` and `b` compare, sorted one way or the other; empty last.
    pub fn compare(&self, a: usize, b: usize, descending: bool) -> Ordering {
        let (pa, pb) = (self.prefixes[a], self.prefixes[b]);
        let order = match (kind(pa), kind(pb)) {
            (EMPTY, EMPTY) => return Ordering::Equal,
            (EMPTY, _) => return Ordering::Greater,
            (_, EMPTY) => return Ordering::Less,
            (TEXT, TEXT) => self.text_of(a).cmp(self.text_of(b)),
            // Numbers' and instants' prefixes are their whole value.
            _ => pa.cmp(&pb),
        };
        if descending { order.reverse() } else { order }
    }

    /// Whether row `row`'s key is whole in the first `bytes` bytes of its
    /// value (numbers and instants take ten): rows whose prefixes tie there
    /// then have equal keys. A text fits when no longer and ending on no zero
    /// byte (which would tie with a shorter text).
    pub fn whole_in(&self, row: usize, bytes: usize) -> bool {
        if kind(self.prefixes[row]) != TEXT {
            return true;
        }
        let text = self.text_of(row);
        text.len() <= bytes && text.last() != Some(&0)
    }

    fn text_of(&self, row: usize) -> &[u8] {
        let (from, to) = self.spans[row];
        &self.text[from as usize..to as usize]
    }

    fn push(&mut self, kind: u8, value: &[u8; 15]) {
        let mut bytes = [0u8; 16];
        bytes[0] = kind;
        bytes[1..].copy_from_slice(value);
        self.prefixes.push(u128::from_be_bytes(bytes));
        let end = self.text.len() as u32;
        self.spans.push((end, end));
    }

    pub fn push_empty(&mut self) {
        self.push(EMPTY, &[0; 15]);
    }

    pub fn push_number(&mut self, n: f64) {
        // IEEE order made unsigned: negative numbers flipped whole.
        let bits = n.to_bits();
        let ordered = if bits >> 63 == 1 {
            !bits
        } else {
            bits | 1 << 63
        };
        let mut value = [0u8; 15];
        value[..8].copy_from_slice(&ordered.to_be_bytes());
        self.push(NUMBER, &value);
    }

    pub fn push_time(&mut self, at: Timestamp) {
        // Nanoseconds of any instant jiff holds fit in 79 bits: shifted to be
        // positive they fit the first ten bytes whole.
        let nanos = (at.as_nanosecond() + (1i128 << 79)) as u128;
        let mut value = [0u8; 15];
        value[..10].copy_from_slice(&nanos.to_be_bytes()[6..]);
        self.push(TIME, &value);
    }

    fn push_count(&mut self, n: Option<usize>) {
        match n {
            Some(n) => self.push_number(n as f64),
            None => self.push_empty(),
        }
    }

    /// A cell's text: a number or an instant when it reads as one, else text.
    pub fn push_text(&mut self, text: &str) {
        let text = text.trim();
        if text.is_empty() {
            return self.push_empty();
        }
        // Only text that starts like a number or an instant is parsed as one:
        // names and emails (nearly every cell) skip both parsers.
        if text.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+') {
            if let Ok(number) = text.parse::<f64>()
                && number.is_finite()
            {
                return self.push_number(number);
            }
            if let Ok(at) = text.parse::<Timestamp>() {
                return self.push_time(at);
            }
        }
        self.push_spelled(text);
    }

    pub fn push_value(&mut self, value: ValueRef) {
        match value {
            ValueRef::Text(text) => self.push_text(text),
            ValueRef::List(items) if items.is_empty() => self.push_empty(),
            ValueRef::List(items) => with_scratch(|line| {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        line.push_str(", ");
                    }
                    line.push_str(item);
                }
                self.push_spelled(line);
            }),
            ValueRef::Bool(flag) => self.push_spelled(if flag { "true" } else { "false" }),
            ValueRef::Time(at) => self.push_time(at),
            ValueRef::Number(n) => self.push_number(n as f64),
            ValueRef::Empty => self.push_empty(),
        }
    }

    /// Text that is text whatever it starts with (a list, a flag).
    fn push_spelled(&mut self, text: &str) {
        let from = self.text.len();
        if text.is_ascii() {
            spell(text.as_bytes(), &mut self.text);
        } else {
            spell(text.to_lowercase().as_bytes(), &mut self.text);
        }
        let spelled = &self.text[from..];
        let mut value = [0u8; 15];
        let n = spelled.len().min(15);
        value[..n].copy_from_slice(&spelled[..n]);
        self.push(TEXT, &value);
        if let Some(span) = self.spans.last_mut() {
            *span = (from as u32, self.text.len() as u32);
        }
    }

    /// Several fields shown as one cell, joined by spaces as the cell is.
    fn push_joined<'a>(&mut self, values: impl Iterator<Item = ValueRef<'a>>) {
        with_scratch(|line| {
            for (i, value) in values.enumerate() {
                if i > 0 {
                    line.push(' ');
                }
                write_input(line, value);
            }
            self.push_text(line);
        });
    }
}

fn kind(prefix: u128) -> u8 {
    (prefix >> 120) as u8
}

/// What a value reads as in a form, as `ValueRef::as_input` spells it.
fn write_input(line: &mut String, value: ValueRef) {
    match value {
        ValueRef::Text(text) => line.push_str(text),
        ValueRef::List(items) => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    line.push_str(", ");
                }
                line.push_str(item);
            }
        }
        ValueRef::Bool(flag) => line.push_str(if flag { "true" } else { "false" }),
        ValueRef::Time(at) => {
            let _ = write!(line, "{at}");
        }
        ValueRef::Number(n) => {
            let _ = write!(line, "{n}");
        }
        ValueRef::Empty => {}
    }
}

thread_local! {
    static SCRATCH: RefCell<String> = const { RefCell::new(String::new()) };
}

/// A line reused for every row's joined text, so joining allocates once.
fn with_scratch(write: impl FnOnce(&mut String)) {
    SCRATCH.with(|scratch| {
        let mut line = scratch.borrow_mut();
        line.clear();
        write(&mut line);
    });
}

/// Text lower-cased and spelled so that byte order is natural order: each run
/// of digits becomes `0`, its length without leading zeros, then those digits.
/// `0` stands where a digit would, so a run still sorts against other
/// characters as digits do.
fn spell(bytes: &[u8], out: &mut Vec<u8>) {
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            out.push(bytes[i].to_ascii_lowercase());
            i += 1;
            continue;
        }
        let end = bytes[i..]
            .iter()
            .position(|c| !c.is_ascii_digit())
            .map_or(bytes.len(), |n| i + n);
        let run = &bytes[i..end];
        let zeros = run.iter().take_while(|c| **c == b'0').count();
        let run = &run[zeros.min(run.len() - 1)..];
        out.push(b'0');
        out.push(run.len().min(255) as u8);
        out.extend_from_slice(run);
        i = end;
    }
}

/// Whether a column's keys stay the same for as long as the list's data does
/// (counts fill in on their own, so theirs are read afresh each time).
pub fn cacheable(source: Source) -> bool {
    !matches!(source, Source::Count(_) | Source::TabCount(_))
}

/// A node's key in a column of its level, added to `keys`.
pub fn push_node_key(
    keys: &mut Keys,
    tenant: &Tenant,
    level: LevelId,
    source: Source,
    node: &Node,
) {
    let schema = tenant.schema();
    let Some(spec) = schema.level(level) else {
        return keys.push_empty();
    };
    let value = |id| node.record.get(spec.fields, id);
    match source {
        Source::Id => keys.push_text(&node.id),
        Source::Field(id) | Source::Ago(id) => keys.push_value(value(id)),
        Source::Mark(mark) => keys.push_value(value(mark.field)),
        Source::Fields(ids) => keys.push_joined(ids.iter().map(|id| value(*id))),
        Source::Count(counted) if tenant.people_complete() => {
            let of = tenant.counts_of(&node.id);
            keys.push_count(Some(match counted {
                Counted::Members => of.members,
                Counted::Invites => of.pending,
            }))
        }
        Source::TabCount(tab) => match counts::count(tenant, level, &node.id, tab) {
            Count::Known(n) => keys.push_count(Some(n)),
            _ => keys.push_empty(),
        },
        Source::Count(_) | Source::Memberships => keys.push_empty(),
    }
}

/// A party's key in a column of a people list, added to `keys`; a field hidden
/// for this party (shown as "-") is empty.
pub fn push_party_key(keys: &mut Keys, schema: &Schema, source: Source, party: &Party) {
    let read = |id| party.get(schema, id);
    match source {
        Source::Id => keys.push_text(party.id()),
        Source::Field(id) => {
            let hidden = schema
                .party_field(id)
                .is_some_and(|f| !f.shown.holds(|other| Some(read(other).as_input())));
            if hidden {
                keys.push_empty()
            } else {
                keys.push_value(read(id))
            }
        }
        Source::Ago(id) => keys.push_value(read(id)),
        Source::Mark(mark) => keys.push_value(read(mark.field)),
        Source::Fields(ids) => keys.push_joined(ids.iter().map(|id| read(*id))),
        Source::Memberships => keys.push_count(Some(party.memberships.len())),
        Source::Count(_) | Source::TabCount(_) => keys.push_empty(),
    }
}

/// Whether a party column shows which node of `level` a party belongs to: within
/// that node such a column says nothing, so the list leaves it out.
pub fn names_level(schema: &Schema, source: Source, level: Option<LevelId>) -> bool {
    let Source::Field(id) = source else {
        return false;
    };
    matches!(
        schema.party_field(id).map(|f| f.input),
        Some(InputKind::NodePicker { level: l, .. }) if Some(l) == level
    )
}

#[cfg(test)]
pub(super) fn of_texts(texts: &[&str]) -> Keys {
    let mut keys = Keys::default();
    for text in texts {
        keys.push_text(text);
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compare_texts(a: &str, b: &str, descending: bool) -> Ordering {
        of_texts(&[a, b]).compare(0, 1, descending)
    }

    #[test]
    fn numbers_times_and_digit_runs_compare_as_such() {
        assert_eq!(compare_texts("9", "10", false), Ordering::Less);
        assert_eq!(compare_texts("org 9", "Org 10", false), Ordering::Less);
        assert_eq!(compare_texts("a007", "a7", false), Ordering::Equal);
        assert_eq!(
            compare_texts("2026-01-02T00:00:00Z", "2025-12-31T00:00:00Z", false),
            Ordering::Greater
        );
        assert_eq!(
            compare_texts(
                "2026-01-02T00:00:00.000000001Z",
                "2026-01-02T00:00:00Z",
                false
            ),
            Ordering::Greater
        );
        assert_eq!(compare_texts("Beta", "alpha", false), Ordering::Greater);
        assert_eq!(compare_texts("abc", "abcd", false), Ordering::Less);
    }

    #[test]
    fn empty_cells_sort_last_either_way() {
        for descending in [false, true] {
            assert_eq!(compare_texts("", "zed", descending), Ordering::Greater);
            assert_eq!(compare_texts(" ", "1", descending), Ordering::Greater);
        }
        assert_eq!(compare_texts("a", "b", true), Ordering::Greater);
    }

    #[test]
    fn a_column_of_text_allocates_one_buffer_not_one_a_row() {
        let mut keys = Keys::with_capacity(1000);
        for n in 0..1000 {
            keys.push_text(&format!("user{n}@example.test"));
        }
        assert_eq!(keys.len(), 1000);
        assert!(keys.heap_bytes() < 1000 * 64, "{}", keys.heap_bytes());
    }
}
