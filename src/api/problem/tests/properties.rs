//! Properties over arbitrary input: nothing panics, nothing a terminal obeys gets through.

use proptest::prelude::*;
use serde_json::Value;

use super::*;

// ---- Properties ----

const CONTENT_TYPES: &[&str] = &[
    "application/json",
    "application/problem+json",
    "application/ld+json",
    "text/html; charset=utf-8",
    "text/plain",
    "application/xml",
];

/// Nothing a terminal would obey (C0, DEL, C1, bidi controls): what `clean` lets
/// through is shown, never acted on.
fn obeyed(s: &str) -> bool {
    s.chars().any(crate::text::is_terminal_control)
}

fn check(p: &Problem) -> Result<(), TestCaseError> {
    prop_assert!(!p.summary.is_empty());
    prop_assert!(p.summary.chars().count() <= SUMMARY_MAX);
    prop_assert!(!obeyed(&p.summary), "{:?}", p.summary);
    prop_assert!(p.fields.len() <= FIELDS_MAX);
    prop_assert!(p.raw.len() <= RAW_MAX);
    for fp in &p.fields {
        prop_assert!(!fp.message.is_empty());
        prop_assert!(fp.message.chars().count() <= MESSAGE_MAX);
        prop_assert!(!obeyed(&fp.message), "{:?}", fp.message);
        prop_assert!(!fp.path.is_empty());
        prop_assert!(!obeyed(&fp.path.to_string()));
    }
    for s in [&p.code, &p.request_id].into_iter().flatten() {
        prop_assert!(!obeyed(s), "{:?}", s);
    }
    for line in p.lines() {
        prop_assert!(!obeyed(&line), "{:?}", line);
    }
    Ok(())
}

fn content_type() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        proptest::sample::select(CONTENT_TYPES).prop_map(|s| Some(s.to_owned())),
        any::<String>().prop_map(Some),
    ]
}

fn context_fields() -> impl Strategy<Value = &'static [&'static str]> {
    prop_oneof![Just(&[][..]), Just(ORG_FIELDS), Just(USER_FIELDS)]
}

/// Pieces that make the text paths (markup, salvage, escapes) do work.
const FRAGMENTS: &[&str] = &[
    "<html>",
    "<title>",
    "</title>",
    "<script>",
    "</script",
    "<!--",
    "-->",
    "<b>",
    "<p>",
    "&amp;",
    "&#x",
    "&#1114112;",
    ";",
    "{",
    "}",
    "[",
    "\"detail\":",
    "\"message\" : \"",
    "\"",
    "\\",
    "\\u00",
    ":",
    "domain",
    "display name",
    "ownerId: ",
    "Error: ",
    "\x1b[",
    "\x1b]",
    "\x07",
    "\n",
    "\r",
    "\t",
    "é",
    "\u{202e}",
    "\u{85}",
    " ",
    "x",
    "502 Bad Gateway",
];

proptest! {
    #[test]
    fn any_bytes_never_panic(
        status in 100u16..=599,
        ct in content_type(),
        body in proptest::collection::vec(any::<u8>(), 0..4096),
        fields in context_fields(),
        role in proptest::option::of(any::<String>()),
    ) {
        let ctx = Context { fields, role: role.as_deref() };
        let p = normalise(status, ct.as_deref(), &body, ctx);
        prop_assert_eq!(p.status, Some(status));
        check(&p)?;
    }

    #[test]
    fn fragment_soup_never_panics(
        status in 100u16..=599,
        ct in content_type(),
        pieces in proptest::collection::vec(proptest::sample::select(FRAGMENTS), 0..200),
        fields in context_fields(),
    ) {
        let body = pieces.concat();
        let p = normalise(status, ct.as_deref(), body.as_bytes(), Context { fields, role: None });
        check(&p)?;
    }

    #[test]
    fn any_json_never_panics(
        status in 100u16..=599,
        ct in proptest::sample::select(CONTENT_TYPES),
        value in json_value(),
        fields in context_fields(),
    ) {
        let body = serde_json::to_vec(&value).unwrap();
        let p = normalise(status, Some(ct), &body, Context { fields, role: Some("agent") });
        check(&p)?;
    }

    #[test]
    fn clean_is_one_bounded_line_that_drops_no_control(raw in any::<String>(), max in 0usize..40) {
        let shown = clean(&raw, max);
        prop_assert!(!obeyed(&shown), "{:?}", shown);
        prop_assert!(!shown.contains(['\n', '\r', '\u{85}', '\u{2028}']), "{:?}", shown);
        prop_assert!(shown.chars().count() <= max, "{:?}", shown);
        prop_assert_eq!(clean(&shown, max), shown.clone());
        if !shown.ends_with('…') {
            let controls = raw
                .chars()
                .filter(|c| crate::text::is_terminal_control(*c) && !c.is_whitespace())
                .count();
            let stand_ins = shown
                .chars()
                .filter(|c| matches!(c, '\u{2400}'..='\u{2421}' | '\u{fffd}'))
                .count();
            prop_assert!(stand_ins >= controls, "{:?} -> {:?}", raw, shown);
        }
    }

    #[test]
    fn field_path_display_parses_back(raw in any::<String>()) {
        let path = FieldPath::parse(&raw);
        let shown = path.to_string();
        prop_assert_eq!(FieldPath::parse(&shown), path, "{:?}", shown);
    }

    #[test]
    fn field_key_ignores_separators_and_case(name in "[a-zA-Z0-9]{1,12}([-_ ][a-zA-Z0-9]{1,12}){0,3}") {
        let key = field_key(&name);
        prop_assert_eq!(field_key(&name.to_uppercase()), key.clone());
        prop_assert_eq!(field_key(&name.replace(['-', ' '], "_")), key);
    }
}

/// Keys the normaliser looks for, so that generated objects hit its branches.
const KEYS: &[&str] = &[
    "type",
    "title",
    "status",
    "detail",
    "instance",
    "errors",
    "pointer",
    "@type",
    "@context",
    "hydra:title",
    "hydra:description",
    "violations",
    "propertyPath",
    "message",
    "hint",
    "code",
    "name",
    "error",
    "requestId",
    "context",
    "long_message",
    "meta",
    "param_name",
    "field",
    "param",
    "property",
    "source",
    "loc",
    "path",
    "children",
    "constraints",
    "display-name",
    "domains",
    "Email",
    "traceId",
    "details",
    "reason",
    "msg",
    "",
];

/// Strings with words, identifiers, prefixes and control characters.
const STRINGS: &[&str] = &[
    "",
    "2 problems",
    "must not be blank",
    "ownerId: customer does not exist",
    "domain acme.com is already used",
    "Forbidden",
    "admins only",
    "/domains/5",
    "#/owners/0/email",
    "owners[0].email",
    "https://orgdeck.dev/problems/validation",
    "about:blank",
    "email_taken",
    "\u{1b}[31mred\u{1b}[0m\n\t\u{0}",
    "\u{202e}evil",
];

fn json_value() -> impl Strategy<Value = Value> {
    let text = prop_oneof![
        3 => proptest::sample::select(STRINGS).prop_map(str::to_owned),
        1 => any::<String>(),
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        text.prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 96, 8, |inner| {
        let key = prop_oneof![
            3 => proptest::sample::select(KEYS).prop_map(str::to_owned),
            1 => any::<String>(),
        ];
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            proptest::collection::vec((key, inner), 0..8)
                .prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
}
