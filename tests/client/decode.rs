//! The MuninX adapter's decoding never panics, whatever the bytes, and decodes
//! well-formed answers faithfully.

use crate::support::MuninX;
use crate::support::wire;
use jiff::Timestamp;
use orgdeck::api::backend::{Answer, Backend, Decoded};
use orgdeck::api::model::*;
use proptest::prelude::*;

fn read_ops() -> Vec<Operation> {
    vec![
        Operation::WhoAmI,
        Operation::ListOrganizations { status: None },
        Operation::ListOrganizations {
            status: Some(OrgStatus::Suspended),
        },
        Operation::GetOrganization {
            id: "co-acme-01".into(),
        },
        Operation::LookupOrganization {
            domain: "acme-ltd.com".into(),
        },
        Operation::ListPeople(PeopleFilter::default()),
        Operation::GetPerson {
            id: "jane.doe@acme-ltd.com".into(),
        },
    ]
}

fn write_ops() -> Vec<Operation> {
    vec![
        Operation::CreateOrganization(NewOrganization::default()),
        Operation::UpdateOrganization {
            id: "co-1".into(),
            changes: OrganizationChanges::default(),
        },
        Operation::DeleteOrganization { id: "co-1".into() },
        Operation::Invite(NewInvite {
            email: "A@B.example".into(),
            name: "A".into(),
            last_name: "B".into(),
            role: Role::Customer,
            agent_type: None,
            organization: None,
        }),
        Operation::UpdatePerson {
            id: "a@b.example".into(),
            changes: PersonChanges::default(),
        },
        Operation::ResendInvite {
            id: "a@b.example".into(),
        },
        Operation::RevokeInvite {
            id: "a@b.example".into(),
        },
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
        let Ok(Decoded::Reply(Reply::Person(person))) = MuninX.decode(&Operation::WhoAmI, &Answer::ok(&one)) else {
            panic!("a well-formed user did not decode");
        };
        prop_assert_eq!(&person.id, &email);
        prop_assert_eq!(&person.name, &name);
        prop_assert_eq!(&person.last_name, &last_name);
        prop_assert_eq!(person.role.as_str(), kind.as_str());
        prop_assert_eq!(person.status.as_str(), status.as_str());
        prop_assert_eq!(person.organization, organization);
        prop_assert_eq!(person.auto_assign, Some(auto));
        prop_assert_eq!(person.agent_type.is_some(), kind.is_staff());
        let list = serde_json::to_vec(&wire::UserList { users: vec![user.clone(), user] }).unwrap();
        let Ok(Decoded::Reply(Reply::People(people))) =
            MuninX.decode(&Operation::ListPeople(PeopleFilter::default()), &Answer::ok(&list))
        else {
            panic!("a well-formed user list did not decode");
        };
        prop_assert_eq!(people.len(), 2);
    }
}

#[test]
fn seed_shaped_answers_decode() {
    let org = br#"{"id":"co-1","tenant-id":"tnt","display-name":"X","domains":["x.example"],
        "external-ref":null,"notes":null,"status":"suspended",
        "created-at":"2024-01-02T10:00:00Z","updated-at":"2024-01-02T10:00:00Z"}"#;
    let decoded = MuninX
        .decode(
            &Operation::GetOrganization { id: "co-1".into() },
            &Answer::ok(org),
        )
        .unwrap();
    let Decoded::Reply(Reply::Organization(org)) = decoded else {
        panic!("{decoded:?}");
    };
    assert_eq!(org.status, OrgStatus::Suspended);
    assert_eq!(org.domains, ["x.example"]);
    let empty = MuninX
        .decode(
            &Operation::ListOrganizations { status: None },
            &Answer::ok(br#"{"customer-organizations":[]}"#),
        )
        .unwrap();
    assert_eq!(empty, Decoded::Reply(Reply::Organizations(Vec::new())));
    // A list without its key is an error, not an empty list.
    assert!(
        MuninX
            .decode(
                &Operation::ListPeople(PeopleFilter::default()),
                &Answer::ok(b"{}")
            )
            .is_err()
    );
}
