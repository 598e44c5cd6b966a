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
fn a_row_is_one_buffer_of_a_small_header_and_its_values() {
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
    // A width byte, the count, a tag and an end a field: a byte each below 128
    // bytes of values. Then the email, the list (its count, then each entry's
    // length and text) and the time (six groups of seconds, five of nanoseconds).
    let header = 1 + 1 + 3 + 3;
    let list = 1 + (1 + "a.com".len()) + (1 + "b.io".len());
    assert_eq!(
        row.heap_bytes(),
        header + "jane@acme.com".len() + list + 6 + 5
    );
    let mut changed = row.clone();
    assert!(changed.set(LONGER, A, Value::Empty));
    assert_eq!(changed.get(LONGER, A), Value::Empty);
    assert_eq!(changed.get(LONGER, B), row.get(LONGER, B));
    assert_eq!(changed.get(LONGER, C), row.get(LONGER, C));
}

#[test]
fn a_word_is_held_by_the_process_once_and_reads_as_its_text() {
    let word = Record::read(LAYOUT, |id| match id {
        A => Value::Word("customer"),
        _ => Value::Word("active"),
    });
    let text = Record::read(LAYOUT, |id| match id {
        A => Value::Text("customer".into()),
        _ => Value::Text("active".into()),
    });
    assert_eq!(word.text(LAYOUT, A), Some("customer"));
    assert_eq!(word.get(LAYOUT, B), Value::Word("active"));
    assert_eq!(word, text, "a word and the same text read alike");
    assert_eq!(word.heap_bytes(), 1 + 1 + 2 + 2, "a word costs its tag");
    assert_eq!(
        text.heap_bytes(),
        word.heap_bytes() + "customeractive".len()
    );
    // Setting another field keeps the word a word.
    let mut set = word.clone();
    assert!(set.set(LAYOUT, B, Value::Bool(true)));
    assert_eq!(set.heap_bytes(), word.heap_bytes());
    assert_eq!(set.text(LAYOUT, A), Some("customer"));
}

#[test]
fn a_key_is_a_field_s_own_text_or_appended_after_the_values() {
    let mut row = row();
    let held = row.key("b!");
    assert_eq!(row.key_text(held), "b!");
    let before = row.heap_bytes();
    assert_eq!(row.heap_bytes(), before, "no copy of a held text");
    let appended = row.key("id-7");
    assert_eq!(row.key_text(appended), "id-7");
    assert_eq!(row.heap_bytes(), before + "id-7".len());
    assert_eq!(row.text(LAYOUT, A), Some("a!"));
    assert_eq!(row.text(LAYOUT, B), Some("b!"));
    assert_eq!(row.field_key(LAYOUT, B), Some(held));
    assert_eq!(row.len(), 2);
    let replaced = row.key("id-8!");
    assert_eq!(row.key_text(replaced), "id-8!");
    assert_eq!(
        row.heap_bytes(),
        before + "id-8!".len(),
        "one appended text"
    );
    assert_eq!(row.values().count(), 2);
    assert_eq!(std::mem::size_of::<Key>(), 4);
}

#[test]
fn an_empty_record_reads_as_nothing() {
    let row = Record::default();
    assert_eq!(row.len(), 0);
    assert_eq!(row.get(LAYOUT, A), Value::Empty);
    assert_eq!(row.values().count(), 0);
    assert_eq!(row, Record::read(&[], |_| Value::Empty));
    let mut keyed = Record::default();
    let key = keyed.key("\u{5}\u{7f}not a header");
    assert_eq!(keyed.key_text(key), "\u{5}\u{7f}not a header");
    assert_eq!(keyed.len(), 0);
}

#[test]
fn a_row_past_two_mebibytes_keeps_every_value() {
    let big = "é".repeat(1_100_000) + "!";
    let entries = vec!["x".repeat(70_000), String::new(), "tail".into()];
    let values = [
        Value::Text(big.clone()),
        Value::List(entries.clone()),
        Value::Number(i64::MIN),
    ];
    let row = Record::read(LONGER, |id| match id {
        A => values[0].clone(),
        B => values[1].clone(),
        _ => values[2].clone(),
    });
    assert!(row.heap_bytes() > 2 << 20);
    assert_eq!(row.text(LONGER, A), Some(big.as_str()));
    assert_eq!(row.get(LONGER, B), Value::List(entries));
    assert_eq!(row.get(LONGER, C), Value::Number(i64::MIN));
}

mod read_back {
    use proptest::prelude::*;

    use super::*;

    const IDS: [&str; 12] = [
        "f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10", "f11",
    ];
    static WIDE: [FieldSpec; 12] = {
        let mut specs = [spec(A); 12];
        let mut at = 0;
        while at < 12 {
            specs[at] = spec(FieldId(IDS[at]));
            at += 1;
        }
        specs
    };
    static WORDS: [&str; 4] = ["customer", "active", "ai-assisted", ""];

    fn time() -> impl Strategy<Value = Timestamp> {
        let seconds = Timestamp::MIN.as_second()..=Timestamp::MAX.as_second();
        (seconds, -999_999_999..=999_999_999i32)
            .prop_filter_map("a time jiff can name", |(s, n)| Timestamp::new(s, n).ok())
    }

    fn value(
        text: impl Strategy<Value = String> + Clone + 'static,
    ) -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Empty),
            text.clone().prop_map(Value::Text),
            prop::sample::select(&WORDS[..]).prop_map(Value::Word),
            prop::collection::vec(text, 0..5).prop_map(Value::List),
            any::<bool>().prop_map(Value::Bool),
            time().prop_map(Value::Time),
            any::<i64>().prop_map(Value::Number),
        ]
    }

    fn small_text() -> impl Strategy<Value = String> + Clone {
        ".{0,40}"
    }

    /// Text long enough that a row of a few of them passes 64 KiB.
    fn long_text() -> impl Strategy<Value = String> + Clone {
        (any::<char>(), 0usize..40_000).prop_map(|(c, n)| c.to_string().repeat(n))
    }

    fn row_of(values: &[Value]) -> Record {
        Record::read(&WIDE[..values.len()], |id| {
            let at = IDS.iter().position(|i| *i == id.0).unwrap();
            values[at].clone()
        })
    }

    fn assert_reads_back(row: &Record, values: &[Value]) {
        let layout = &WIDE[..values.len()];
        assert_eq!(row.len(), values.len());
        for (field, value) in layout.iter().zip(values) {
            assert_eq!(row.get(layout, field.id), value, "{}", field.id);
        }
        let read: Vec<Value> = row.values().map(|v| v.to_value()).collect();
        assert_eq!(read.len(), values.len());
        for (read, value) in read.iter().zip(values) {
            assert_eq!(read, value);
        }
    }

    proptest! {
        #[test]
        fn any_row_reads_back_what_was_written(
            values in prop::collection::vec(value(small_text()), 0..12),
        ) {
            assert_reads_back(&row_of(&values), &values);
        }

        #[test]
        fn a_row_past_64_kib_reads_back_what_was_written(
            mut values in prop::collection::vec(value(long_text()), 0..8),
            pad in 65_536usize..100_000,
            at in any::<prop::sample::Index>(),
        ) {
            values.insert(at.index(values.len() + 1), Value::Text("x".repeat(pad)));
            let row = row_of(&values);
            prop_assert!(row.heap_bytes() > 64 << 10);
            assert_reads_back(&row, &values);
        }

        #[test]
        fn setting_a_field_changes_it_alone_and_keys_append_after_the_values(
            values in prop::collection::vec(value(small_text()), 1..12),
            at in any::<prop::sample::Index>(),
            new in value(long_text()),
            key in ".{0,20}",
        ) {
            let mut row = row_of(&values);
            let at = at.index(values.len());
            let place = row.key(&key);
            prop_assert_eq!(row.key_text(place), key.as_str());
            assert_reads_back(&row, &values);
            let mut expected = values.clone();
            expected[at] = new.clone();
            prop_assert!(row.set(&WIDE[..values.len()], WIDE[at].id, new));
            assert_reads_back(&row, &expected);
        }
    }
}
