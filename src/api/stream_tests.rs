use super::*;

/// Each element as serde_json reads it, so a test compares values, not bytes.
fn value(element: &[u8]) -> Result<Option<(serde_json::Value, usize)>, String> {
    leading(element)
}

fn unwrapped(_: Vec<serde_json::Value>) -> Reply {
    Reply::Unchanged
}

fn rows(limits: RowLimits) -> JsonArrayRows<serde_json::Value> {
    JsonArrayRows::new("users", value, unwrapped, limits)
}

/// The rows of `body` fed in `chunks`, or the fault.
fn read_in(
    body: &[u8],
    chunks: &[usize],
    limits: RowLimits,
) -> Result<Vec<serde_json::Value>, RowFault> {
    let mut stream = rows(limits);
    let mut at = 0;
    for &len in chunks {
        let end = (at + len).min(body.len());
        stream.feed(&body[at..end])?;
        at = end;
    }
    stream.feed(&body[at..])?;
    let count = stream.finish()?;
    assert_eq!(count, stream.decoded.len() as u64);
    Ok(stream.decoded)
}

fn read(body: &str) -> Result<Vec<serde_json::Value>, RowFault> {
    read_in(body.as_bytes(), &[], RowLimits::default())
}

/// What serde_json itself reads as the list.
fn want(body: &str, key: &str) -> Vec<serde_json::Value> {
    let doc: serde_json::Value = serde_json::from_str(body).unwrap();
    match doc {
        serde_json::Value::Array(items) => items,
        serde_json::Value::Object(mut map) => match map.remove(key) {
            Some(serde_json::Value::Array(items)) => items,
            other => panic!("no list: {other:?}"),
        },
        other => panic!("not a list: {other:?}"),
    }
}

const TRICKY: &str = r#" {
  "before": {"users": [1, 2], "s": "]}\",{"},
  "users" : [
    {"name": "a ] b", "n": 1, "tags": [["x", "]"], []], "q": "say \"hi\" \\"},
    {"name": "c } d , e", "nested": {"deep": [{"x": "}"}]}, "slash": "\\\\"}
    ,
    { "name" : "\u00e9\\\"" , "n" : -2.5e3 , "t" : true , "f" : null }
  ] ,
  "after": [ {"k": "]"} ], "count": 3
}
"#;

#[test]
fn a_tricky_list_reads_as_serde_json_reads_it() {
    assert_eq!(read(TRICKY).unwrap(), want(TRICKY, "users"));
    assert_eq!(read(TRICKY).unwrap().len(), 3);
}

#[test]
fn elements_split_at_every_byte_offset_read_the_same() {
    let whole = want(TRICKY, "users");
    let body = TRICKY.as_bytes();
    for cut in 0..=body.len() {
        let got = read_in(body, &[cut], RowLimits::default());
        assert_eq!(got.as_ref(), Ok(&whole), "cut at {cut}");
    }
    let bytes_one_by_one = vec![1; body.len()];
    assert_eq!(
        read_in(body, &bytes_one_by_one, RowLimits::default()).unwrap(),
        whole
    );
}

#[test]
fn a_bare_list_and_empty_lists_read() {
    let bare = r#"[ {"a": "],"}, [1, [2]], "x", 3 ]"#;
    assert_eq!(read(bare).unwrap(), want(bare, "users"));
    assert_eq!(read("[]").unwrap(), Vec::<serde_json::Value>::new());
    assert_eq!(read(" [ \n ] ").unwrap(), Vec::<serde_json::Value>::new());
    assert_eq!(
        read(r#"{"users": []}"#).unwrap(),
        Vec::<serde_json::Value>::new()
    );
    assert_eq!(
        read(r#"{"x": 1, "users":[ ], "y": {}}"#).unwrap(),
        Vec::<serde_json::Value>::new()
    );
}

#[test]
fn only_the_element_not_yet_complete_is_kept() {
    let element = r#"{"name": "someone with a longish name", "n": 12345}"#;
    let body = format!("{{\"users\": [{}]}}", vec![element; 2_000].join(","));
    let mut stream = rows(RowLimits::default());
    let mut most = 0;
    for chunk in body.as_bytes().chunks(100) {
        stream.feed(chunk).unwrap();
        most = most.max(stream.buf.len());
    }
    assert_eq!(stream.finish(), Ok(2_000));
    assert!(most <= element.len() + 1, "kept {most} bytes");
}

#[test]
fn a_garbled_element_is_named_with_serdes_message() {
    let body = r#"{"users": [{"n": 1}, {"n": 2}, {"n": 3,, "m": 4}]}"#;
    let RowFault::Garbled(message) = read(body).unwrap_err() else {
        panic!("not garbled");
    };
    assert!(message.starts_with("element 3 of the list: "), "{message}");
    assert!(message.contains("at line 1 column"), "{message}");
    let decoded = |element: &[u8]| -> Result<Option<(u64, usize)>, String> {
        let Some((value, used)) = leading::<serde_json::Value>(element)? else {
            return Ok(None);
        };
        value
            .get("email")
            .map(|_| Some((1, used)))
            .ok_or_else(|| "missing field `email` at line 1 column 9".to_owned())
    };
    let many = format!("[{}{{\"n\": 0}}]", "{\"email\": 1},".repeat(4_511));
    let mut stream =
        JsonArrayRows::new("users", decoded, |_| Reply::Unchanged, RowLimits::default());
    assert_eq!(
        stream.feed(many.as_bytes()),
        Err(RowFault::Garbled(
            "element 4,512 of the list: missing field `email` at line 1 column 9".into()
        ))
    );
}

#[test]
fn other_shapes_are_refused_with_where() {
    let garbled = |body: &str| match read(body) {
        Err(RowFault::Garbled(message)) => message,
        other => panic!("{body}: {other:?}"),
    };
    assert_eq!(
        garbled("<html>"),
        "expected `[` or `{` but found `<` (byte 0 of the answer)"
    );
    assert_eq!(
        garbled(r#"{"others": []}"#),
        "the answer holds no `users` list (byte 13 of the answer)"
    );
    assert!(garbled(r#"{"users": {"a": 1}}"#).starts_with("`users` is not a list"));
    let two = garbled("[1 2]");
    assert!(two.starts_with("element 1 of the list: "), "{two}");
    assert!(garbled(r#"[{"a": 1}} ]"#).contains("expected `,` or `]` but found `}`"));
    assert!(garbled("[1] x").contains("expected nothing more but found `x`"));
}

#[test]
fn a_body_that_ends_part_way_says_so() {
    let ended = |body: &str| read(body).unwrap_err();
    assert_eq!(
        ended(r#"{"users": [{"n": 1}, {"n": 2"#),
        RowFault::EndedEarly(
            "the answer ended 28 bytes in, part way through the list (1 whole rows)".into()
        )
    );
    assert!(matches!(ended(r#"{"users": [1]"#), RowFault::EndedEarly(_)));
    assert!(
        matches!(ended(r#"{"other": "#), RowFault::EndedEarly(m) if m.contains("before its `users` list"))
    );
    assert!(matches!(ended(""), RowFault::EndedEarly(_)));
}

#[test]
fn the_row_caps_refuse_with_how_many() {
    let limits = RowLimits {
        max_rows: 3,
        max_row_bytes: 20,
    };
    assert_eq!(read_in(b"[1,2,3]", &[], limits).unwrap().len(), 3);
    assert_eq!(
        read_in(b"[1,2,3,4]", &[], limits),
        Err(RowFault::TooManyRows { limit: 3 })
    );
    let long = format!(r#"[1, "{}"]"#, "x".repeat(30));
    assert_eq!(
        read_in(long.as_bytes(), &[6], limits),
        Err(RowFault::RowTooLarge { limit: 20, row: 2 })
    );
}

#[test]
fn counts_are_grouped_by_thousands() {
    assert_eq!(grouped(0), "0");
    assert_eq!(grouped(999), "999");
    assert_eq!(grouped(4_512), "4,512");
    assert_eq!(grouped(10_000_000), "10,000,000");
}
