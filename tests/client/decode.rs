//! The MuninX adapter's decoding never panics, whatever the bytes, and decodes
//! well-formed answers faithfully.

use crate::support::MuninX;
use crate::support::ops;
use crate::support::wire;
use jiff::Timestamp;
use orgdeck::api::backend::{Answer, Backend, Decoded};
use orgdeck::api::model::*;
use proptest::prelude::*;

fn read_ops() -> Vec<Operation> {
    vec![
        Operation::WhoAmI,
        ops::list_orgs(),
        ops::list_orgs_in("suspended"),
        ops::get_org("co-acme-01"),
        ops::lookup("acme-ltd.com"),
        ops::list_people(),
        ops::get_person("jane.doe@acme-ltd.com"),
    ]
}

fn write_ops() -> Vec<Operation> {
    vec![
        ops::create_org_with(Vec::new()),
        ops::edit_org("co-1", Vec::new()),
        // A status change is an operation of its own now.
        ops::suspend_org("co-1"),
        ops::delete_org("co-1"),
        ops::invite("A@B.example", "A", "B", "customer", None),
        ops::edit_person("a@b.example", Vec::new()),
        ops::resend("a@b.example"),
        ops::revoke("a@b.example"),
    ]
}

/// Bytes that look like MuninX JSON often enough to get past the first character.
fn jsonish() -> impl Strategy<Value = Vec<u8>> {
    let pieces = prop::sample::select(vec![
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"",
        "null",
        "true",
        "false",
        "0",
        "-1.5e3",
        "\"users\"",
        "\"customer-organizations\"",
        "\"email\"",
        "\"type\"",
        "\"status\"",
        "\"admin\"",
        "\"pending\"",
        "\"active\"",
        "\"agent-type\"",
        "\"created-at\"",
        "\"2024-01-02T10:00:00Z\"",
        "\"id\"",
        "\"display-name\"",
        "\"domains\"",
        "\\u0000",
        "\\ud800",
        "\u{feff}",
        "\u{0}",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|parts| parts.concat().into_bytes())
}

fn any_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![prop::collection::vec(any::<u8>(), 0..2048), jsonish()]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn decoding_reads_never_panics(body in any_bytes()) {
        for op in read_ops() {
            // A read answers with data, never with a request to read again.
            if let Ok(decoded) = MuninX.decode(&op, &Answer::ok(&body)) {
                prop_assert!(matches!(decoded, Decoded::Reply(_)), "{op:?}: {decoded:?}");
            }
        }
    }

    #[test]
    fn decoding_write_answers_never_panics(body in any_bytes()) {
        for op in write_ops() {
            // Whatever the body, the re-read that follows is a read.
            if let Ok(Decoded::ReadBack { read, .. }) = MuninX.decode(&op, &Answer::ok(&body)) {
                prop_assert!(!read.is_write(), "{op:?} -> {read:?}");
            }
        }
    }

    #[test]
    fn well_formed_users_decode_faithfully(
        email in "[a-z0-9.+]{1,20}@[a-z]{1,10}\\.example",
        name in any::<String>(),
        last_name in any::<String>(),
        kind in prop::sample::select(wire::UserType::ALL.to_vec()),
        status in prop::sample::select(wire::UserStatus::ALL.to_vec()),
        organization in prop::option::of("[a-z0-9-]{1,12}"),
        auto in any::<bool>(),
        secs in 0i64..4_000_000_000,
    ) {
        let user = wire::User {
            email: email.clone(),
            name: name.clone(),
            last_name: last_name.clone(),
            kind,
            agent_type: kind.is_staff().then_some(wire::AgentType::AiAssisted),
            organization: organization.clone(),
            status,
            auto_assign_tickets: auto,
            created_at: Timestamp::from_second(secs).unwrap(),
        };
        let one = serde_json::to_vec(&user).unwrap();
        // Who-am-I answers the caller: named by email, labelled by full name, with
        // the user's type as role.
        let Ok(Decoded::Reply(Reply::Caller(me))) = MuninX.decode(&Operation::WhoAmI, &Answer::ok(&one)) else {
            panic!("a well-formed user did not decode");
        };
        prop_assert_eq!(&me.id, &email);
        let full_name = format!("{name} {last_name}");
        prop_assert_eq!(me.label.as_str(), full_name.trim());
        prop_assert_eq!(me.role.as_str(), kind.as_str());
        // The same user read as a user keeps every field.
        let Ok(Decoded::Reply(Reply::Party(person))) =
            MuninX.decode(&ops::get_person(&email), &Answer::ok(&one))
        else {
            panic!("a well-formed user did not decode");
        };
        prop_assert_eq!(&person.id(), &email);
        prop_assert_eq!(ops::email(&person), email.as_str());
        prop_assert_eq!(ops::name(&person), name.as_str());
        prop_assert_eq!(ops::last_name(&person), last_name.as_str());
        prop_assert_eq!(ops::role(&person), kind.as_str());
        prop_assert_eq!(ops::person_status(&person), status.as_str());
        prop_assert_eq!(ops::organization(&person), organization.as_deref());
        prop_assert_eq!(ops::auto_assign(&person), Some(auto));
        prop_assert_eq!(ops::agent_type(&person).is_some(), kind.is_staff());
        let list = serde_json::to_vec(&wire::UserList { users: vec![user.clone(), user] }).unwrap();
        let Ok(Decoded::Reply(Reply::Parties(people))) =
            MuninX.decode(&ops::list_people(), &Answer::ok(&list))
        else {
            panic!("a well-formed user list did not decode");
        };
        let people = people.items;
        prop_assert_eq!(people.len(), 2);
    }
}

#[test]
fn seed_shaped_answers_decode() {
    let org = br#"{"id":"co-1","tenant-id":"tnt","display-name":"X","domains":["x.example"],
        "external-ref":null,"notes":null,"status":"suspended",
        "created-at":"2024-01-02T10:00:00Z","updated-at":"2024-01-02T10:00:00Z"}"#;
    let decoded = MuninX
        .decode(&ops::get_org("co-1"), &Answer::ok(org))
        .unwrap();
    let Decoded::Reply(Reply::Node(org)) = decoded else {
        panic!("{decoded:?}");
    };
    assert_eq!(org.state, NodeState::Suspended);
    assert_eq!(ops::status(&org), "suspended");
    assert_eq!(ops::domains(&org), ["x.example"]);
    let empty = MuninX
        .decode(
            &ops::list_orgs(),
            &Answer::ok(br#"{"customer-organizations":[]}"#),
        )
        .unwrap();
    assert_eq!(empty, Decoded::Reply(Reply::Nodes(Page::one(Vec::new()))));
    // A list without its key is an error, not an empty list.
    assert!(
        MuninX
            .decode(&ops::list_people(), &Answer::ok(b"{}"))
            .is_err()
    );
}
