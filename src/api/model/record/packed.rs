//! The byte layout of one row: a header, then every value's bytes, all in one
//! `str`. A 1M-user list pays one allocation a row and a few bytes a field.
//!
//! ```text
//! width | count | tag × count | end × count | values… | appended keys…
//! ```
//!
//! `width` (1, 2, 3 or 5) is how many bytes each number of the header takes:
//! numbers are written in 7-bit groups, least significant first, so every header
//! byte is ASCII and the row stays valid UTF-8 without a check on each read (a
//! text is sliced straight out of the `str`). One byte covers a row of less than
//! 128 bytes of values, two less than 16 KiB, three less than 2 MiB, five any
//! `u32`. `end` is where each value's bytes end, counted from the first value.
//!
//! Bools are their tag alone; a word of the backend's contract (`Value::Word`:
//! "customer", "active") is a tag naming it in a table of the process, not its
//! text again in every row. A time is its seconds in six groups and its
//! nanoseconds in as many as they need (none for a whole second); a number as
//! many groups as it needs; a list its entry count, then each entry's length and
//! text.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock, PoisonError};

use jiff::Timestamp;

pub(super) const EMPTY: u8 = b'-';
pub(super) const TEXT: u8 = b'"';
pub(super) const LIST: u8 = b'*';
pub(super) const FALSE: u8 = b'0';
pub(super) const TRUE: u8 = b'1';
pub(super) const TIME: u8 = b'+';
pub(super) const NUMBER: u8 = b'#';
/// Tags from here on name a word of the table: `WORD_TAGS + k` is word `k`.
const WORD_TAGS: u8 = 0x40;
pub(super) const WORDS: usize = (0x80 - WORD_TAGS) as usize;
/// Seven bits of a number per byte, so every byte of the header is ASCII.
const GROUP_BITS: u32 = 7;
const GROUP: u64 = (1 << GROUP_BITS) - 1;
/// Six groups hold any second a `Timestamp` can name (±2^39, zigzagged).
const SECOND_GROUPS: usize = 6;

/// One value to pack, borrowed from wherever the decode holds it.
#[derive(Clone, Copy)]
pub enum FieldValue<'a> {
    Empty,
    Text(&'a str),
    /// Text the backend's contract fixes: held once in the process.
    Word(&'static str),
    List(&'a [&'a str]),
    Bool(bool),
    Time(Timestamp),
    Number(i64),
}

/// What a field of a packed row holds, before its bytes are read.
pub(super) enum Slot {
    /// A tag and where its value's bytes are in the row.
    Tag(u8, std::ops::Range<usize>),
    Word(&'static str),
}

// ------------------------------------------------------------------ words

static WORD_TABLE: [OnceLock<&'static str>; WORDS] = [const { OnceLock::new() }; WORDS];
static WORDS_HELD: AtomicUsize = AtomicUsize::new(0);
static WORDS_ADDED: Mutex<()> = Mutex::new(());

/// The tag naming `word`, added to the table when it is new; `None` once the
/// table is full (the word is then packed as text).
fn word_tag(word: &'static str) -> Option<u8> {
    // The same `&'static str` first, by address, before comparing text: a
    // row's words are the contract's constants, and comparing text with each
    // word before its own was most of packing a row's words.
    let find = |held: usize| {
        let words = &WORD_TABLE[..held];
        let at = |same: &dyn Fn(&'static str) -> bool| {
            words
                .iter()
                .position(|slot| slot.get().is_some_and(|w| same(w)))
        };
        at(&|w| std::ptr::eq(w, word)).or_else(|| at(&|w| w == word))
    };
    let tag = |k: usize| Some(WORD_TAGS + k as u8);
    if let Some(k) = find(WORDS_HELD.load(Ordering::Acquire)) {
        return tag(k);
    }
    let _adding = WORDS_ADDED.lock().unwrap_or_else(PoisonError::into_inner);
    let held = WORDS_HELD.load(Ordering::Acquire);
    if let Some(k) = find(held) {
        return tag(k);
    }
    let slot = WORD_TABLE.get(held)?;
    slot.set(word).ok()?;
    WORDS_HELD.store(held + 1, Ordering::Release);
    tag(held)
}

pub(super) fn word_of(tag: u8) -> Option<&'static str> {
    word_at(word_index(tag)?)
}

/// The place in the table of the word `tag` names, if it names one.
pub(super) fn word_index(tag: u8) -> Option<usize> {
    Some(tag.checked_sub(WORD_TAGS)? as usize).filter(|k| *k < WORDS)
}

/// Word `k` of the table, once it holds one.
pub(super) fn word_at(k: usize) -> Option<&'static str> {
    WORD_TABLE.get(k)?.get().copied()
}

// ------------------------------------------------------------------ numbers

fn zigzag(n: i64) -> u64 {
    ((n << 1) ^ (n >> 63)) as u64
}

fn unzigzag(n: u64) -> i64 {
    ((n >> 1) as i64) ^ -((n & 1) as i64)
}

fn groups_needed(mut n: u64) -> usize {
    let mut groups = 0;
    while n != 0 {
        groups += 1;
        n >>= GROUP_BITS;
    }
    groups
}

fn push_groups(out: &mut String, mut n: u64, groups: usize) {
    for _ in 0..groups {
        out.push(char::from((n & GROUP) as u8));
        n >>= GROUP_BITS;
    }
}

/// The number `bytes` spell in 7-bit groups; bits past 64 are dropped.
pub(super) fn read_groups(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .enumerate()
        .fold(0, |n, (k, byte)| match 7usize.checked_mul(k) {
            Some(shift) if shift < 64 => n | (u64::from(byte & GROUP as u8) << shift),
            _ => n,
        })
}

/// How many bytes a header number takes in a row of `largest`.
fn width_for(largest: usize) -> usize {
    match largest {
        0..0x80 => 1,
        0x80..0x4000 => 2,
        0x4000..0x20_0000 => 3,
        _ => 5,
    }
}

pub(super) fn time_of(bytes: &[u8]) -> Option<Timestamp> {
    let (seconds, nanos) = bytes.split_at_checked(SECOND_GROUPS)?;
    let seconds = unzigzag(read_groups(seconds));
    let nanos = i32::try_from(unzigzag(read_groups(nanos))).ok()?;
    Timestamp::new(seconds, nanos).ok()
}

pub(super) fn number_of(bytes: &[u8]) -> i64 {
    unzigzag(read_groups(bytes))
}

// ------------------------------------------------------------------ packing

impl FieldValue<'_> {
    /// The bytes this value takes after the header, with list lengths in
    /// `width` groups each.
    fn size(&self, width: usize) -> usize {
        match self {
            FieldValue::Text(text) => text.len(),
            FieldValue::List(items) => width + items.iter().map(|i| width + i.len()).sum::<usize>(),
            FieldValue::Time(at) => {
                SECOND_GROUPS + groups_needed(zigzag(i64::from(at.subsec_nanosecond())))
            }
            FieldValue::Number(n) => groups_needed(zigzag(*n)),
            FieldValue::Word(_) | FieldValue::Empty | FieldValue::Bool(_) => 0,
        }
    }

    fn tag(&self) -> u8 {
        match self {
            FieldValue::Empty => EMPTY,
            FieldValue::Text(_) => TEXT,
            FieldValue::Word(word) => word_tag(word).unwrap_or(TEXT),
            FieldValue::List(_) => LIST,
            FieldValue::Bool(false) => FALSE,
            FieldValue::Bool(true) => TRUE,
            FieldValue::Time(_) => TIME,
            FieldValue::Number(_) => NUMBER,
        }
    }

    fn push(&self, tag: u8, width: usize, out: &mut String) {
        match self {
            FieldValue::Text(text) => out.push_str(text),
            // A word the full table could not name is held as text.
            FieldValue::Word(word) if tag == TEXT => out.push_str(word),
            FieldValue::List(items) => {
                push_groups(out, items.len() as u64, width);
                for item in *items {
                    push_groups(out, item.len() as u64, width);
                    out.push_str(item);
                }
            }
            FieldValue::Time(at) => {
                push_groups(out, zigzag(at.as_second()), SECOND_GROUPS);
                let nanos = zigzag(i64::from(at.subsec_nanosecond()));
                push_groups(out, nanos, groups_needed(nanos));
            }
            FieldValue::Number(n) => push_groups(out, zigzag(*n), groups_needed(zigzag(*n))),
            FieldValue::Word(_) | FieldValue::Empty | FieldValue::Bool(_) => {}
        }
    }

    /// The bytes it takes after the header: a word the table cannot name is
    /// held as text.
    fn packed_size(&self, width: usize) -> usize {
        match self {
            FieldValue::Word(word) if word_tag(word).is_none() => word.len(),
            other => other.size(width),
        }
    }

    /// The width a word's text would need if the table cannot name it.
    fn size_as_text(&self) -> usize {
        match self {
            FieldValue::Word(word) => word.len(),
            _ => 0,
        }
    }
}

/// One row's bytes, in one allocation of exactly its size, and no other
/// allocation on the way (a 1M-row list is decoded through here).
pub(super) fn pack(values: &[FieldValue<'_>]) -> Box<str> {
    // Sized as if every list length took five bytes, then packed at the width
    // that size needs: a narrower width only makes the values smaller.
    let widest: usize = values.iter().map(|v| v.size(5) + v.size_as_text()).sum();
    let width = width_for(widest.max(values.len()));
    let total: usize = values.iter().map(|v| v.packed_size(width)).sum();
    let mut out = String::with_capacity(1 + width * (1 + values.len()) + values.len() + total);
    out.push(char::from(width as u8));
    push_groups(&mut out, values.len() as u64, width);
    out.extend(values.iter().map(|v| char::from(v.tag())));
    let mut end = 0;
    for value in values {
        end += value.packed_size(width);
        push_groups(&mut out, end as u64, width);
    }
    for value in values {
        value.push(value.tag(), width, &mut out);
    }
    out.into_boxed_str()
}

// ------------------------------------------------------------------ reading

/// Where a packed row's parts are.
#[derive(Clone, Copy)]
pub(super) struct Header {
    pub width: usize,
    pub count: usize,
    /// Where the values' bytes start.
    pub values: usize,
}

pub(super) fn header(row: &str) -> Header {
    let bytes = row.as_bytes();
    let width = bytes.first().map_or(1, |w| usize::from(*w).clamp(1, 5));
    let count = bytes
        .get(1..1 + width)
        .map_or(0, |groups| read_groups(groups) as usize);
    Header {
        width,
        count,
        values: 1 + width + count + count * width,
    }
}

impl Header {
    /// Field `at`'s tag and bytes; `None` past the row's fields.
    pub fn slot(&self, row: &str, at: usize) -> Option<Slot> {
        if at >= self.count {
            return None;
        }
        let bytes = row.as_bytes();
        let tag = *bytes.get(1 + self.width + at)?;
        if let Some(word) = word_of(tag) {
            return Some(Slot::Word(word));
        }
        let end_of = |k: usize| {
            let from = 1 + self.width + self.count + k * self.width;
            bytes
                .get(from..from + self.width)
                .map(|groups| self.values + read_groups(groups) as usize)
        };
        let start = if at == 0 {
            self.values
        } else {
            end_of(at - 1)?
        };
        Some(Slot::Tag(tag, start..end_of(at)?))
    }

    /// Field `at`'s tag, its bytes not looked for.
    pub fn tag(&self, row: &str, at: usize) -> Option<u8> {
        (at < self.count)
            .then(|| row.as_bytes().get(1 + self.width + at).copied())
            .flatten()
    }

    /// Where the values end: the appended text starts there, if there is one.
    pub fn end(&self, row: &str) -> usize {
        let Some(last) = self.count.checked_sub(1) else {
            return self.values;
        };
        let from = 1 + self.width + self.count + last * self.width;
        row.as_bytes()
            .get(from..from + self.width)
            .map_or(self.values, |groups| {
                self.values + read_groups(groups) as usize
            })
    }
}

/// The entries of a packed list's bytes.
pub(super) fn entries(bytes: &str, width: usize) -> impl Iterator<Item = &str> + '_ {
    let mut at = width;
    (0..list_len(bytes, width)).map_while(move |_| {
        let len = read_groups(bytes.as_bytes().get(at..at + width)?) as usize;
        let entry = bytes.get(at + width..at + width + len)?;
        at += width + len;
        Some(entry)
    })
}

pub(super) fn list_len(bytes: &str, width: usize) -> usize {
    bytes
        .as_bytes()
        .get(..width)
        .map_or(0, |groups| read_groups(groups) as usize)
}
