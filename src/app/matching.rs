//! A filter matched against the people's own text as it is searched, with no
//! lower-cased copy held per person: ASCII case-insensitively over each of the
//! schema's `party_search` values (the slow, exact way for non-ASCII text), and
//! on every core for a long list.

use crate::api::model::{Party, Scan, Scanned, TABLE_WORDS, ValueRef, table_word};
use crate::api::schema::Schema;

/// Candidates under which a list is split over threads: below it one core
/// filters faster than threads start.
const PARALLEL_FROM: usize = 32_768;

/// A filter, lower-cased as the search text used to be, with what of a row it
/// is matched against worked out once rather than per row.
pub(crate) struct Needle {
    lower: String,
    /// A needle holding a space can match across two values (the search text
    /// joins them with one): such a needle is matched against the joined text.
    spans_values: bool,
    /// The schema's search fields, by their place in its record layout (a
    /// field the layout lacks is empty in every row).
    places: Vec<usize>,
    /// Whether each word of the process's table holds the needle (`None`: a
    /// word added since, matched where it is met).
    words: [Option<bool>; TABLE_WORDS],
}

impl Needle {
    pub(crate) fn new(schema: &Schema, filter: &str) -> Needle {
        let lower = filter.to_lowercase();
        let spans_values = lower.contains(' ');
        let layout = schema.party_fields;
        let places = schema
            .party_search
            .iter()
            .filter_map(|field| layout.iter().position(|f| f.id == *field))
            .collect();
        let mut needle = Needle {
            lower,
            spans_values,
            places,
            words: [None; TABLE_WORDS],
        };
        for (k, held) in needle.words.iter_mut().enumerate() {
            *held = table_word(k).map(|word| found_in(&needle.lower, word));
        }
        needle
    }

    /// Whether the party's search text (`screens::person_haystack`) holds the
    /// needle; `scratch` is reused for the rare text that must be lower-cased.
    pub(crate) fn matches(&self, schema: &Schema, party: &Party, scratch: &mut String) -> bool {
        if self.lower.is_empty() {
            return true;
        }
        if self.spans_values {
            return self.matches_field_by_field(schema, party, scratch);
        }
        let scan = party.record().scan();
        let word_holds = |k: usize| {
            self.words
                .get(k)
                .copied()
                .flatten()
                .unwrap_or_else(|| table_word(k).is_some_and(|w| found_in(&self.lower, w)))
        };
        if self
            .places
            .iter()
            .any(|at| scan.word(*at).is_some_and(word_holds))
        {
            return true;
        }
        let values = scan.values();
        if !self.lower.is_ascii() || lowers_to_ascii(values) {
            // Text lower-casing beyond ASCII: text by text, exactly.
            return self.any_text(&scan, |text| found_in(&self.lower, text));
        }
        // One scan of the values' bytes; only a hit looks for the search
        // fields' bytes, and counts where it lies within one of their texts.
        let needle = self.lower.len();
        find_each(values.as_bytes(), self.lower.as_bytes(), |hit| {
            let within = |(start, end): (usize, usize)| start <= hit && hit + needle <= end;
            self.places.iter().any(|at| match scan.field(*at) {
                Scanned::Text(start, end) => within((start, end)),
                Scanned::List(start, end) => scan
                    .entries(start, end)
                    .any(|(from, entry)| within((from, from + entry.len()))),
                Scanned::Word(_) | Scanned::Other => false,
            })
        })
    }

    /// Whether `test` holds for one of the texts of the row's search fields
    /// held in the row (a word of the table is matched apart).
    fn any_text(&self, scan: &Scan<'_>, mut test: impl FnMut(&str) -> bool) -> bool {
        let values = scan.values();
        self.places.iter().any(|at| match scan.field(*at) {
            Scanned::Text(start, end) => values.get(start..end).is_some_and(&mut test),
            Scanned::List(start, end) => scan.entries(start, end).any(|(_, e)| test(e)),
            Scanned::Word(k) => table_word(k).is_some_and(|w| found_in(&self.lower, w)),
            Scanned::Other => false,
        })
    }

    /// The needle against the values read one by one (joined by a space for a
    /// needle that holds one).
    fn matches_field_by_field(&self, schema: &Schema, party: &Party, scratch: &mut String) -> bool {
        let values = || schema.party_search.iter().map(|f| party.get(schema, *f));
        if !self.spans_values {
            return values().any(|v| texts_of(v, |t| found_in(&self.lower, t)));
        }
        scratch.clear();
        for value in values() {
            texts_of(value, |text| {
                scratch.push_str(text);
                scratch.push(' ');
                false
            });
        }
        found_in(&self.lower, scratch)
    }
}

/// Whether `text` holds the needle `lower` once lower-cased.
fn found_in(lower: &str, text: &str) -> bool {
    if find_ignoring_ascii_case(text.as_bytes(), lower.as_bytes()) {
        return true;
    }
    // Non-ASCII text lower-cases beyond ASCII ("Ä" to "ä"): the exact way.
    !text.is_ascii() && text.to_lowercase().contains(lower)
}

/// Whether `text` holds a character beyond ASCII that lower-cases to ASCII
/// ('K' the Kelvin sign to "k", 'İ' to "i̇"): only with none can an ASCII
/// needle be matched by ignoring ASCII case alone.
fn lowers_to_ascii(text: &str) -> bool {
    // Only a byte that starts one of them is looked at character by character.
    let starts = LOWERS_TO_ASCII.map(|c| c.encode_utf8(&mut [0; 4]).as_bytes()[0]);
    let bytes = text.as_bytes();
    !text.is_ascii()
        && memchr::memchr2_iter(starts[0], starts[1], bytes).any(|at| {
            text.get(at..)
                .and_then(|rest| rest.chars().next())
                .is_some_and(|c| LOWERS_TO_ASCII.contains(&c))
        })
}

/// The characters beyond ASCII whose lower case holds ASCII (a test checks
/// every character).
const LOWERS_TO_ASCII: [char; 2] = ['\u{130}', '\u{212A}'];

/// Calls `f` on each text a value contributes to the search text (a list's
/// every entry), until it answers true.
fn texts_of<'a>(value: ValueRef<'a>, f: impl FnMut(&'a str) -> bool) -> bool {
    match value {
        ValueRef::List(items) => items.iter().any(f),
        other => other.as_text().is_some_and(f),
    }
}

/// Whether `haystack` holds `needle` (lower case) with ASCII letters of either
/// case; other bytes must be equal.
fn find_ignoring_ascii_case(haystack: &[u8], needle: &[u8]) -> bool {
    find_each(haystack, needle, |_| true)
}

/// Calls `hit` with each place `haystack` holds `needle` as
/// `find_ignoring_ascii_case` matches it, until it answers true.
fn find_each(haystack: &[u8], needle: &[u8], mut hit: impl FnMut(usize) -> bool) -> bool {
    let Some((&first, rest)) = needle.split_first() else {
        return hit(0);
    };
    if haystack.len() < needle.len() {
        return false;
    }
    // Only places where the needle would still fit are tried.
    let room = &haystack[..=haystack.len() - needle.len()];
    let upper = first.to_ascii_uppercase();
    let mut from = 0;
    while from < room.len() {
        let found = if upper == first {
            memchr::memchr(first, &room[from..])
        } else {
            memchr::memchr2(first, upper, &room[from..])
        };
        let Some(offset) = found else {
            return false;
        };
        let at = from + offset;
        if haystack[at + 1..at + needle.len()].eq_ignore_ascii_case(rest) && hit(at) {
            return true;
        }
        from = at + 1;
    }
    false
}

/// The candidates `keep` keeps, in their order, split over the cores for a
/// long list (`keep` gets each thread's own scratch text).
pub(crate) fn keep_rows(
    candidates: &[usize],
    keep: &(dyn Fn(usize, &mut String) -> bool + Sync),
) -> Vec<usize> {
    let chunk = chunk_for(candidates.len());
    let parts: Vec<&[usize]> = candidates.chunks(chunk.max(1)).collect();
    in_parallel(parts, &|part: &[usize]| kept(part.iter().copied(), keep))
}

/// The same over the rows `from..to`.
pub(crate) fn keep_range(
    from: usize,
    to: usize,
    keep: &(dyn Fn(usize, &mut String) -> bool + Sync),
) -> Vec<usize> {
    let chunk = chunk_for(to.saturating_sub(from)).max(1);
    let parts: Vec<std::ops::Range<usize>> = (from..to)
        .step_by(chunk)
        .map(|start| start..(start + chunk).min(to))
        .collect();
    in_parallel(parts, &|part: std::ops::Range<usize>| kept(part, keep))
}

fn kept(
    rows: impl Iterator<Item = usize>,
    keep: &(dyn Fn(usize, &mut String) -> bool + Sync),
) -> Vec<usize> {
    let mut scratch = String::new();
    rows.filter(|&row| keep(row, &mut scratch)).collect()
}

/// How many candidates each thread takes: all of them below `PARALLEL_FROM`.
fn chunk_for(len: usize) -> usize {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    if threads == 1 || len < PARALLEL_FROM {
        len
    } else {
        len.div_ceil(threads)
    }
}

/// Filters each part on a thread of its own (the first on this one) and joins
/// the rows in order.
fn in_parallel<P: Send + Clone>(
    parts: Vec<P>,
    filter: &(dyn Fn(P) -> Vec<usize> + Sync),
) -> Vec<usize> {
    let Some((first, rest)) = parts.split_first() else {
        return Vec::new();
    };
    if rest.is_empty() {
        return filter(first.clone());
    }
    std::thread::scope(|scope| {
        let threads: Vec<_> = rest
            .iter()
            .map(|part| {
                let mine = part.clone();
                let thread = std::thread::Builder::new().spawn_scoped(scope, move || filter(mine));
                (part, thread.ok())
            })
            .collect();
        let mut rows = filter(first.clone());
        // Every part must be there, in order: a part whose thread could not
        // start or failed is filtered here.
        for (part, thread) in threads {
            rows.extend(
                thread
                    .and_then(|t| t.join().ok())
                    .unwrap_or_else(|| filter(part.clone())),
            );
        }
        rows
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_case_is_ignored_and_other_bytes_must_match() {
        assert!(find_ignoring_ascii_case(
            b"User0421@Example.com",
            b"user0421"
        ));
        assert!(find_ignoring_ascii_case(b"xxAB", b"ab"));
        assert!(!find_ignoring_ascii_case(b"xxA", b"ab"));
        assert!(find_ignoring_ascii_case(b"a-b", b"-b"));
        assert!(!find_ignoring_ascii_case(b"", b"a"));
        assert!(find_ignoring_ascii_case(b"anything", b""));
        assert!(!find_ignoring_ascii_case(b"aaa", b"aab"));
        assert!(find_ignoring_ascii_case(b"aaab", b"aab"));
    }

    #[test]
    fn only_the_listed_characters_beyond_ascii_lower_case_to_ascii() {
        let found: Vec<char> = ('\u{80}'..=char::MAX)
            .filter(|c| c.to_lowercase().any(|l| l.is_ascii()))
            .collect();
        assert_eq!(found, LOWERS_TO_ASCII);
    }

    #[test]
    fn rows_split_over_threads_come_back_whole_and_in_order() {
        let keep = |row: usize, _: &mut String| row.is_multiple_of(3);
        let rows = keep_range(0, PARALLEL_FROM * 3 + 7, &keep);
        let expected: Vec<usize> = (0..PARALLEL_FROM * 3 + 7)
            .filter(|r| r.is_multiple_of(3))
            .collect();
        assert_eq!(rows, expected);
    }

    /// People whose search fields hold `texts` in turn (a list where a text
    /// holds '|': its entries).
    fn person(texts: &[&str]) -> Party {
        use crate::api::model::{MemberState, PartyKind, Record};
        use crate::api::value::Value;
        let schema = crate::backends::schema();
        let record = Record::read(schema.party_fields, |field| {
            let at = schema.party_search.iter().position(|f| *f == field);
            match at.and_then(|at| texts.get(at)) {
                Some(text) if text.contains('|') => {
                    Value::List(text.split('|').map(str::to_owned).collect())
                }
                Some(text) => Value::Text((*text).to_owned()),
                None => Value::Empty,
            }
        });
        Party::new(
            "id",
            PartyKind::User,
            MemberState::Active,
            record,
            Box::new([]),
        )
    }

    #[test]
    fn matching_on_the_fly_finds_what_the_stored_search_text_found() {
        let schema = crate::backends::schema();
        let people = [
            person(&["Jane.Doe@Example.COM", "Jane", "Doe", "customer"]),
            person(&["zoë@exämple.org", "Zoë", "ÅSTRÖM", "staff"]),
            person(&["ΣΟΦΙΑ@ex.gr", "ΣΟΦΙΑΣ", "Ünal"]),
            person(&["İSTANBUL@x.tr", "", "Straße"]),
            person(&["a|B c|Dé", "solo"]),
            person(&[]),
        ];
        let needles = [
            "jane",
            "JANE",
            "doe@",
            "e d",
            "jane doe",
            "Doe customer",
            "zoë",
            "ZOË",
            "åström",
            "ström",
            "ex",
            "σοφια",
            "σοφιας",
            "ς",
            "ünal",
            "ÜNAL",
            "i̇stanbul",
            "istanbul",
            "straße",
            "STRASSE",
            "b c",
            "dé",
            "c dé",
            "dé solo",
            "solo ",
            " ",
            "é",
            "nothing",
            ".",
            "@",
        ];
        let mut scratch = String::new();
        for needle in needles {
            let lower = needle.to_lowercase();
            for party in &people {
                let stored = crate::app::screens::person_haystack(schema, party).contains(&lower);
                let on_the_fly = Needle::new(schema, needle).matches(schema, party, &mut scratch);
                assert_eq!(on_the_fly, stored, "{needle:?} in {party:?}");
            }
        }
    }
}
