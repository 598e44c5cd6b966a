//! Field paths: every notation vendors use names the same field.

use serde_json::json;

use super::*;

// ---- Field paths ----

#[test]
fn field_path_notations_agree() {
    let want = FieldPath::parse("owners[0].email");
    for raw in [
        "owners.0.email",
        "/owners/0/email",
        "#/owners/0/email",
        "owners/0/email",
        "$.owners[0].email",
        "  owners[ 0 ].email ",
        "owners['0'].email",
    ] {
        let got = FieldPath::parse(raw);
        if raw.contains('\'') {
            // A quoted step is a key, even when it is digits.
            assert_eq!(got.to_string(), "owners[\"0\"].email");
        } else {
            assert_eq!(got, want, "{raw}");
        }
    }
    assert_eq!(want.to_string(), "owners[0].email");
    assert_eq!(want.root(), Some("owners"));
    assert_eq!(want.index(), Some(0));
    assert_eq!(
        want.segments(),
        &[
            Segment::Key("owners".into()),
            Segment::Index(0),
            Segment::Key("email".into())
        ]
    );

    let domains = FieldPath::parse("/domains/5");
    assert_eq!(domains.to_string(), "domains[5]");
    assert_eq!(domains, FieldPath::parse("domains[5]"));
    assert_eq!(domains.index(), Some(5));
    assert!(domains.names_field("domains"));
    assert!(!domains.names_field("domain"));

    let name = FieldPath::parse("display-name");
    assert_eq!(name.to_string(), "display-name");
    assert_eq!(name.index(), None);
    assert!(name.names_field("displayName"));
    assert!(name.names_field("DISPLAY_NAME"));
}

#[test]
fn field_path_escapes_and_odd_input() {
    let p = FieldPath::parse("/a~1b/c~0d/01");
    assert_eq!(
        p.segments(),
        &[
            Segment::Key("a/b".into()),
            Segment::Key("c~d".into()),
            Segment::Key("01".into())
        ]
    );
    assert_eq!(p.to_string(), r#"["a/b"].c~d["01"]"#);
    assert_eq!(FieldPath::parse(&p.to_string()), p);

    let p = FieldPath::parse("#/a%20b/0");
    assert_eq!(p.to_string(), r#"["a b"][0]"#);

    assert!(FieldPath::parse("").is_empty());
    assert!(FieldPath::parse("#").is_empty());
    assert!(FieldPath::parse("/").is_empty());
    assert!(FieldPath::parse("$").is_empty());
    assert_eq!(FieldPath::parse("[3].x").root(), None);
    assert_eq!(FieldPath::parse("a[unclosed").to_string(), "a.unclosed");
    assert_eq!(
        serde_json::to_value(FieldPath::parse("/owners/2/email")).unwrap(),
        json!("owners[2].email")
    );
    let big = "a.".repeat(10_000);
    assert!(FieldPath::parse(&big).segments().len() <= 32);
}

#[test]
fn field_key_equivalences() {
    for name in [
        "display-name",
        "display_name",
        "displayName",
        "DisplayName",
        "display name",
        "DISPLAY_NAME",
    ] {
        assert_eq!(field_key(name), "displayname", "{name}");
    }
    assert_ne!(field_key("domains"), field_key("domain"));
    assert_eq!(field_key(""), "");
}
