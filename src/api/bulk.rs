//! Decoding one large JSON array (`{"users": [...]}` with 100k elements, 23 MB, or
//! the bare `[...]` some servers send) on all cores, without a serial pass over the
//! body first.
//!
//! Splitting the array into raw elements first, then decoding them in parallel,
//! costs a full single-threaded parse (about 25 ms at 100k users), as much as the
//! parallel decode itself. Instead each thread starts at a guessed element
//! boundary and decodes forward. A guess is only trusted when the thread before it,
//! walking from a trusted start, lands exactly on it; element boundaries found by
//! walking from a true boundary are the real ones, so a wrong guess (say a `},{`
//! inside a string) always shows up as a mismatch. Anything unexpected, including
//! every error, falls back to the plain serial decode, which then gives the
//! authoritative answer and error message.

use serde::de::DeserializeOwned;

/// Below this size the serial decode is fast enough that threads only add cost.
const PARALLEL_FROM_BYTES: usize = 1 << 20;

/// Decodes the array under `key` of a body shaped `{"key": [...]}` (or a bare
/// `[...]`), converting each element with `convert`. `serial` decodes the whole body the plain way; it
/// is used for small bodies, other shapes, and whenever something does not add up.
pub fn decode_list<W, T>(
    body: &[u8],
    key: &str,
    convert: fn(W) -> T,
    serial: impl FnOnce(&[u8]) -> Result<Vec<T>, String>,
) -> Result<Vec<T>, String>
where
    W: DeserializeOwned,
    T: Send,
{
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    if threads == 1 || body.len() < PARALLEL_FROM_BYTES {
        return serial(body);
    }
    match decode_in_parallel(body, key, convert, threads) {
        Some(items) => Ok(items),
        None => serial(body),
    }
}

fn decode_in_parallel<W, T>(
    body: &[u8],
    key: &str,
    convert: fn(W) -> T,
    threads: usize,
) -> Option<Vec<T>>
where
    W: DeserializeOwned,
    T: Send,
{
    // Checked once here, so the threads decode from `str` and serde_json need not
    // check each string again (a fifth of the decode time).
    let text = std::str::from_utf8(body).ok()?;
    let (first, shape) = array_start(body, key)?;
    let mut starts = vec![first];
    for part in 1..threads {
        let from = first + (body.len() - first) * part / threads;
        match guess_element_start(body, from) {
            Some(guess) if guess > *starts.last()? => starts.push(guess),
            _ => {}
        }
    }
    let walks: Vec<Option<Walk<T>>> = std::thread::scope(|scope| {
        let later: Vec<_> = (1..starts.len())
            .map(|part| {
                let (from, until) = (starts[part], starts.get(part + 1).copied());
                // A thread the system refuses only costs the parallel path.
                std::thread::Builder::new()
                    .spawn_scoped(scope, move || walk(text, from, until, convert))
                    .ok()
            })
            .collect();
        let mut walks = vec![walk(text, starts[0], starts.get(1).copied(), convert)];
        walks.extend(
            later
                .into_iter()
                .map(|h| h.and_then(|h| h.join().ok()).flatten()),
        );
        walks
    });
    let total: usize = walks.iter().flatten().map(|w| w.items.len()).sum();
    let mut all: Vec<T> = Vec::new();
    for (part, walk) in walks.into_iter().enumerate() {
        let walk = walk?;
        match starts.get(part + 1) {
            // It must land exactly where the next part started.
            Some(next) if walk.end != *next => return None,
            Some(_) => {}
            None if !closes_document(body, walk.end, shape) => return None,
            None => {}
        }
        if all.is_empty() {
            all = walk.items;
            all.reserve(total - all.len());
        } else {
            all.extend(walk.items);
        }
    }
    Some(all)
}

struct Walk<T> {
    items: Vec<T>,
    /// Where the walk stopped: the next element's start, or the closing `]`.
    end: usize,
}

/// Decodes elements from `from` until reaching `until` (an element start) or the
/// end of the array. `None` on anything that is not a well-formed element list.
fn walk<W, T>(
    text: &str,
    mut at: usize,
    until: Option<usize>,
    convert: fn(W) -> T,
) -> Option<Walk<T>>
where
    W: DeserializeOwned,
{
    let body = text.as_bytes();
    let mut items = Vec::new();
    if body.get(at) == Some(&b']') {
        return Some(Walk { items, end: at });
    }
    loop {
        if until.is_some_and(|until| at >= until) {
            return Some(Walk { items, end: at });
        }
        let mut element = serde_json::Deserializer::from_str(text.get(at..)?).into_iter::<W>();
        let decoded = element.next()?.ok()?;
        items.push(convert(decoded));
        at = skip_whitespace(body, at + element.byte_offset());
        match body.get(at) {
            Some(b',') => at = skip_whitespace(body, at + 1),
            Some(b']') => return Some(Walk { items, end: at }),
            _ => return None,
        }
    }
}

/// How the array sits in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// `{"key": [...]}`
    Keyed,
    /// `[...]`
    Bare,
}

/// Where the first element (or the `]` of an empty array) of `{"key": [` or of a
/// bare `[` is.
fn array_start(body: &[u8], key: &str) -> Option<(usize, Shape)> {
    let mut at = skip_whitespace(body, 0);
    if let Some(inside) = expect(body, at, b"[") {
        return Some((skip_whitespace(body, inside), Shape::Bare));
    }
    at = expect(body, at, b"{")?;
    at = expect(body, skip_whitespace(body, at), b"\"")?;
    at = expect(body, at, key.as_bytes())?;
    at = expect(body, at, b"\"")?;
    at = expect(body, skip_whitespace(body, at), b":")?;
    at = expect(body, skip_whitespace(body, at), b"[")?;
    Some((skip_whitespace(body, at), Shape::Keyed))
}

/// After the closing `]`: only whitespace may follow, and the `}` of a keyed list.
fn closes_document(body: &[u8], close_bracket: usize, shape: Shape) -> bool {
    if body.get(close_bracket) != Some(&b']') {
        return false;
    }
    let mut at = skip_whitespace(body, close_bracket + 1);
    if shape == Shape::Keyed {
        if body.get(at) != Some(&b'}') {
            return false;
        }
        at = skip_whitespace(body, at + 1);
    }
    at == body.len()
}

/// The `{` of the first `}`, `,`, `{` sequence (whitespace allowed between) at or
/// after `from`: probably the start of an element of an array of objects.
fn guess_element_start(body: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    loop {
        let close = at + body.get(at..)?.iter().position(|&b| b == b'}')?;
        let comma = skip_whitespace(body, close + 1);
        if body.get(comma) == Some(&b',') {
            let open = skip_whitespace(body, comma + 1);
            if body.get(open) == Some(&b'{') {
                return Some(open);
            }
        }
        at = close + 1;
    }
}

fn expect(body: &[u8], at: usize, what: &[u8]) -> Option<usize> {
    body.get(at..)?.starts_with(what).then_some(at + what.len())
}

fn skip_whitespace(body: &[u8], mut at: usize) -> usize {
    while body
        .get(at)
        .is_some_and(|b| matches!(b, b' ' | b'\n' | b'\r' | b'\t'))
    {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Item {
        name: String,
        n: u64,
    }

    #[derive(Deserialize)]
    struct Items {
        items: Vec<Item>,
    }

    fn serial(body: &[u8]) -> Result<Vec<Item>, String> {
        serde_json::from_slice::<Items>(body)
            .map(|list| list.items)
            .map_err(|err| err.to_string())
    }

    fn body_with(count: usize, name: impl Fn(usize) -> String, pretty: bool) -> Vec<u8> {
        let items: Vec<_> = (0..count)
            .map(|n| serde_json::json!({ "name": name(n), "n": n }))
            .collect();
        let doc = serde_json::json!({ "items": items });
        if pretty {
            serde_json::to_vec_pretty(&doc).unwrap()
        } else {
            serde_json::to_vec(&doc).unwrap()
        }
    }

    fn check_parallel(body: &[u8], threads: usize) -> Option<Vec<Item>> {
        decode_in_parallel(body, "items", |item: Item| item, threads)
    }

    #[test]
    fn parallel_decode_matches_serial_for_any_thread_count() {
        for pretty in [false, true] {
            let body = body_with(5_000, |n| format!("person {n}"), pretty);
            let want = serial(&body).unwrap();
            for threads in 1..=7 {
                assert_eq!(check_parallel(&body, threads).as_ref(), Some(&want));
            }
        }
    }

    #[test]
    fn a_bare_array_decodes_in_parallel_like_the_keyed_list() {
        let keyed = body_with(5_000, |n| format!("person {n}"), false);
        let want = serial(&keyed).unwrap();
        let items: Vec<_> = (0..5_000)
            .map(|n| serde_json::json!({ "name": format!("person {n}"), "n": n }))
            .collect();
        let bare = serde_json::to_vec(&items).unwrap();
        for threads in 2..=5 {
            assert_eq!(check_parallel(&bare, threads).as_ref(), Some(&want));
        }
        // Cut short, it steps aside for the serial decode and its error.
        assert_eq!(check_parallel(&bare[..bare.len() - 1], 3), None);
        assert_eq!(check_parallel(&[bare.as_slice(), b"}"].concat(), 3), None);
    }

    #[test]
    fn a_wrong_guess_inside_a_string_is_caught_and_the_serial_decode_answers() {
        // Every name looks like an element boundary: `},{` inside strings.
        let body = body_with(
            4_000,
            |n| format!("x}},{{\"name\":\"fake\",\"n\":{n}}},{{"),
            false,
        );
        let want = serial(&body).unwrap();
        for threads in 2..=4 {
            // Either the guesses were right or the mismatch was seen; never a wrong list.
            if let Some(got) = check_parallel(&body, threads) {
                assert_eq!(got, want);
            }
        }
        let decoded = decode_list(&body, "items", |item: Item| item, serial).unwrap();
        assert_eq!(decoded, want);
    }

    #[test]
    fn damage_anywhere_gives_the_serial_error_not_a_partial_list() {
        let body = body_with(20_000, |n| format!("person {n}"), false);
        for cut in [
            body.len() / 3,
            body.len() / 2,
            body.len() - 3,
            body.len() - 1,
        ] {
            let broken = &body[..cut];
            assert_eq!(check_parallel(broken, 3), None, "cut at {cut}");
            let err = decode_list(broken, "items", |item: Item| item, serial).unwrap_err();
            assert!(err.contains("EOF") || err.contains("line"), "{err}");
        }
        let mut wrong_type = body.clone();
        let at = wrong_type.len() * 2 / 3;
        let quote = at + wrong_type[at..].iter().position(|&b| b == b'"').unwrap();
        wrong_type[quote] = b'7';
        assert!(decode_list(&wrong_type, "items", |item: Item| item, serial).is_err());
    }

    #[test]
    fn text_beyond_ascii_decodes_and_bad_utf8_gets_the_serial_error() {
        let body = body_with(6_000, |n| format!("Zoë Ørsted 日本 {n}"), false);
        let want = serial(&body).unwrap();
        assert_eq!(check_parallel(&body, 3), Some(want));

        let mut broken = body.clone();
        let at = broken.len() * 3 / 4;
        let letter = at + broken[at..].iter().position(|&b| b == b'Z').unwrap();
        broken[letter] = 0xff;
        assert_eq!(check_parallel(&broken, 3), None);
        let err = decode_list(&broken, "items", |item: Item| item, serial).unwrap_err();
        assert!(err.contains("unicode") || err.contains("UTF-8"), "{err}");
    }

    #[test]
    fn other_shapes_fall_back() {
        assert_eq!(array_start(br#"{"other":1,"items":[]}"#, "items"), None);
        assert_eq!(array_start(br#"{"items":{}}"#, "items"), None);
        assert_eq!(array_start(br#""items""#, "items"), None);
        assert_eq!(
            array_start(br#" { "items" : [ ] }"#, "items"),
            Some((15, Shape::Keyed))
        );
        assert_eq!(array_start(b" [ {}]", "items"), Some((3, Shape::Bare)));
        assert!(!closes_document(br#"{"items":[]} x"#, 10, Shape::Keyed));
        assert!(!closes_document(
            br#"{"items":[],"more":1}"#,
            10,
            Shape::Keyed
        ));
        assert!(closes_document(b"{\"items\":[]}\n", 10, Shape::Keyed));
        assert!(closes_document(b"[]\n", 1, Shape::Bare));
        assert!(!closes_document(b"[]}", 1, Shape::Bare));
        assert!(!closes_document(b"[] []", 1, Shape::Bare));
        let empty = br#"{"items": []}"#;
        assert_eq!(check_parallel(empty, 4), Some(vec![]));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 128, ..Default::default() })]
        /// Whatever the bytes, the parallel path never answers something the serial
        /// decode would not: it either agrees with it or steps aside.
        #[test]
        fn parallel_agrees_with_serial_or_steps_aside(
            names in proptest::collection::vec("[a-z{},:\\[\\] \"\\\\]{0,12}", 1..60),
            flips in proptest::collection::vec((0usize..10_000, proptest::num::u8::ANY), 0..3),
            threads in 2usize..5,
        ) {
            let mut body = body_with(names.len(), |n| names[n].clone(), false);
            for (at, byte) in flips {
                let at = at % body.len();
                body[at] = byte;
            }
            if let Some(got) = check_parallel(&body, threads) {
                proptest::prop_assert_eq!(Ok(got), serial(&body));
            }
        }
    }

    #[test]
    fn guesses_need_a_whole_boundary() {
        assert_eq!(guess_element_start(b"{a} , {b}", 0), Some(6));
        assert_eq!(guess_element_start(b"{a}{b}", 0), None);
        assert_eq!(guess_element_start(b"}", 5), None);
    }
}
