//! What a row sorts by in one column: a number, an instant or text, read from the
//! value the column shows, so that `10` follows `9` and "3d ago" follows "5m ago".

use std::cmp::Ordering;

use jiff::Timestamp;

use crate::api::model::{Node, Party, ValueRef};
use crate::api::schema::{Counted, InputKind, LevelId, Schema, Source};
use crate::app::counts::{self, Count};
use crate::app::{Tenant, when};

/// A cell's sort key. Empty cells sort last whichever way the column is sorted.
#[derive(Debug, Clone, PartialEq)]
pub enum Key {
    Number(f64),
    Time(Timestamp),
    /// Lower-cased, each run of digits spelled so that plain byte order reads it
    /// as the number it is ("org 9" before "org 10"): see [`natural`].
    Text(Box<[u8]>),
    Empty,
}

impl Key {
    fn rank(&self) -> u8 {
        match self {
            Key::Number(_) => 0,
            Key::Time(_) => 1,
            Key::Text(_) => 2,
            Key::Empty => 3,
        }
    }

    fn of_text(text: &str) -> Key {
        let text = text.trim();
        if text.is_empty() {
            return Key::Empty;
        }
        // Only text that starts like a number or an instant is parsed as one:
        // names and emails (nearly every cell) skip both parsers.
        if text.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+') {
            if let Ok(number) = text.parse::<f64>()
                && number.is_finite()
            {
                return Key::Number(number);
            }
            if let Some(at) = when::instant(&crate::api::value::Value::Text(text.to_owned())) {
                return Key::Time(at);
            }
        }
        Key::Text(natural(text))
    }

    pub(crate) fn of_value(value: ValueRef) -> Key {
        match value {
            ValueRef::Text(text) => Key::of_text(text),
            ValueRef::List(items) if items.is_empty() => Key::Empty,
            ValueRef::List(items) => {
                Key::Text(natural(&items.iter().collect::<Vec<_>>().join(", ")))
            }
            ValueRef::Bool(flag) => Key::Text(flag.to_string().into_bytes().into()),
            ValueRef::Time(at) => Key::Time(at),
            ValueRef::Number(n) => Key::Number(n as f64),
            ValueRef::Empty => Key::Empty,
        }
    }

    fn of_count(n: Option<usize>) -> Key {
        n.map_or(Key::Empty, |n| Key::Number(n as f64))
    }

    /// The key's first sixteen bytes as one number, ordered as the keys are
    /// (ascending), so that a sort compares whole keys only where these tie.
    pub fn prefix(&self) -> u128 {
        let mut bytes = [0u8; 16];
        bytes[0] = self.rank();
        match self {
            Key::Number(n) => {
                // IEEE order made unsigned: negative numbers flipped whole.
                let bits = n.to_bits();
                let ordered = if bits >> 63 == 1 {
                    !bits
                } else {
                    bits | 1 << 63
                };
                bytes[1..9].copy_from_slice(&ordered.to_be_bytes());
            }
            Key::Time(at) => {
                let nanos = (at.as_nanosecond() as u128) ^ (1 << 127);
                bytes[1..16].copy_from_slice(&nanos.to_be_bytes()[..15]);
            }
            Key::Text(text) => {
                let n = text.len().min(15);
                bytes[1..1 + n].copy_from_slice(&text[..n]);
            }
            Key::Empty => {}
        }
        u128::from_be_bytes(bytes)
    }
}

/// How two keys compare in a column sorted one way or the other; empty last.
pub fn compare(a: &Key, b: &Key, descending: bool) -> Ordering {
    let order = match (a, b) {
        (Key::Empty, Key::Empty) => return Ordering::Equal,
        (Key::Empty, _) => return Ordering::Greater,
        (_, Key::Empty) => return Ordering::Less,
        (Key::Number(a), Key::Number(b)) => a.total_cmp(b),
        (Key::Time(a), Key::Time(b)) => a.cmp(b),
        (Key::Text(a), Key::Text(b)) => a.cmp(b),
        (a, b) => a.rank().cmp(&b.rank()),
    };
    if descending { order.reverse() } else { order }
}

/// Text lower-cased and spelled so that byte order is natural order: each run
/// of digits becomes `0`, its length without leading zeros, then those digits.
/// `0` stands where a digit would, so a run still sorts against other
/// characters as digits do. One allocation, of the exact size: 100,000 of these
/// are made at once when a column is first sorted.
fn natural(text: &str) -> Box<[u8]> {
    if !text.is_ascii() {
        return spelled(text.to_lowercase().as_bytes());
    }
    spelled(text.as_bytes())
}

fn spelled(bytes: &[u8]) -> Box<[u8]> {
    SCRATCH.with(|scratch| {
        let mut out = scratch.borrow_mut();
        out.clear();
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
        Box::from(&out[..])
    })
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Whether a column's keys stay the same for as long as the list's data does
/// (counts fill in on their own, so theirs are read afresh each time).
pub fn cacheable(source: Source) -> bool {
    !matches!(source, Source::Count(_) | Source::TabCount(_))
}

/// A node's key in a column of its level.
pub fn node_key(tenant: &Tenant, level: LevelId, source: Source, node: &Node) -> Key {
    let schema = tenant.schema();
    let Some(spec) = schema.level(level) else {
        return Key::Empty;
    };
    let value = |id| node.record.get(spec.fields, id);
    match source {
        Source::Id => Key::of_text(&node.id),
        Source::Field(id) | Source::Ago(id) => Key::of_value(value(id)),
        Source::Mark(mark) => Key::of_value(value(mark.field)),
        Source::Fields(ids) => Key::of_text(&joined(ids.iter().map(|id| value(*id)))),
        Source::Count(counted) if tenant.people_complete() => {
            let of = tenant.counts_of(&node.id);
            Key::of_count(Some(match counted {
                Counted::Members => of.members,
                Counted::Invites => of.pending,
            }))
        }
        Source::TabCount(tab) => match counts::count(tenant, level, &node.id, tab) {
            Count::Known(n) => Key::of_count(Some(n)),
            _ => Key::Empty,
        },
        Source::Count(_) | Source::Memberships => Key::Empty,
    }
}

/// A party's key in a column of a people list; a field hidden for this party
/// (shown as "-") is empty.
pub fn party_key(schema: &Schema, source: Source, party: &Party) -> Key {
    let read = |id| party.get(schema, id);
    match source {
        Source::Id => Key::of_text(party.id()),
        Source::Field(id) => {
            let hidden = schema
                .party_field(id)
                .is_some_and(|f| !f.shown.holds(|other| Some(read(other).as_input())));
            if hidden {
                Key::Empty
            } else {
                Key::of_value(read(id))
            }
        }
        Source::Ago(id) => Key::of_value(read(id)),
        Source::Mark(mark) => Key::of_value(read(mark.field)),
        Source::Fields(ids) => Key::of_text(&joined(ids.iter().map(|id| read(*id)))),
        Source::Memberships => Key::of_count(Some(party.memberships.len())),
        Source::Count(_) | Source::TabCount(_) => Key::Empty,
    }
}

fn joined<'a>(values: impl Iterator<Item = ValueRef<'a>>) -> String {
    values
        .map(|v| v.as_input())
        .collect::<Vec<_>>()
        .join(" ")
        .trim()
        .to_owned()
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
mod tests {
    use super::*;

    fn text(s: &str) -> Key {
        Key::of_text(s)
    }

    #[test]
    fn numbers_times_and_digit_runs_compare_as_such() {
        assert_eq!(compare(&text("9"), &text("10"), false), Ordering::Less);
        assert_eq!(
            compare(&text("org 9"), &text("Org 10"), false),
            Ordering::Less
        );
        assert_eq!(compare(&text("a007"), &text("a7"), false), Ordering::Equal);
        assert_eq!(
            compare(
                &text("2026-01-02T00:00:00Z"),
                &text("2025-12-31T00:00:00Z"),
                false
            ),
            Ordering::Greater
        );
        assert_eq!(
            compare(&text("Beta"), &text("alpha"), false),
            Ordering::Greater
        );
        assert_eq!(compare(&text("abc"), &text("abcd"), false), Ordering::Less);
    }

    #[test]
    fn empty_cells_sort_last_either_way() {
        for descending in [false, true] {
            assert_eq!(
                compare(&text(""), &text("zed"), descending),
                Ordering::Greater
            );
            assert_eq!(compare(&text("1"), &Key::Empty, descending), Ordering::Less);
        }
        assert_eq!(compare(&text("a"), &text("b"), true), Ordering::Greater);
    }
}
