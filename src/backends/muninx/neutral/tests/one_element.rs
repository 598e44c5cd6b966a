//! `party_from_json`, the decode a streamed list runs on each element: the same
//! party as the whole-body decode, serde_json's words for bad input, and the
//! organization id shared between the members of an organization.

use std::sync::Arc;

use super::*;
use crate::api::model::party::Memberships;

#[test]
fn each_seed_user_decodes_alone_to_the_party_the_whole_body_gives() {
    for row in user_rows() {
        let element = serde_json::to_vec(&row).unwrap();
        let alone = party_from_json(&element).unwrap();
        assert_eq!(alone, party(wire_user(&row)), "{}", text_at(&row, "email"));
        for field in SCHEMA.party_fields {
            assert_eq!(
                alone.get(&SCHEMA, field.id),
                &row_value(&row, user_key(field.id)),
                "{} of {}",
                field.id,
                text_at(&row, "email"),
            );
        }
    }
}

#[test]
fn escaped_text_is_decoded_not_borrowed_as_written() {
    let element =
        br#"{"email":"j\u00e9r\"o@acme.example","name":"J\u00e9r\u00f4me","last-name":"O\\Neil",
        "type":"customer","agent-type":null,"organization":"co-\u0031","status":"pending",
        "auto-assign-tickets":true,"created-at":"2024-05-06T07:08:09.5Z"}"#;
    let user = party_from_json(element).unwrap();
    assert_eq!(user.id(), "jér\"o@acme.example");
    assert_eq!(user.get(&SCHEMA, NAME), &Value::Text("Jérôme".into()));
    assert_eq!(user.get(&SCHEMA, LAST_NAME), &Value::Text("O\\Neil".into()));
    assert_eq!(user.get(&SCHEMA, AUTO_ASSIGN), &Value::Bool(true));
    assert_eq!(
        user.get(&SCHEMA, USER_CREATED),
        &Value::Time("2024-05-06T07:08:09.5Z".parse().unwrap())
    );
    assert_eq!(&*user.memberships[0].node, "co-1");
    assert_eq!(user.memberships[0].state, MemberState::Invited);
}

#[test]
fn bad_input_is_refused_in_serde_json_s_own_words() {
    let good = serde_json::to_vec(&user_rows()[0]).unwrap();
    let missing = String::from_utf8(good.clone())
        .unwrap()
        .replace("\"email\"", "\"e-mail\"");
    let wrong_type = String::from_utf8(good.clone())
        .unwrap()
        .replace("\"status\":\"", "\"status\":7,\"x\":\"");
    let bad: [&[u8]; 5] = [
        missing.as_bytes(),
        wrong_type.as_bytes(),
        &good[..good.len() / 2],
        b"[1, 2]",
        b"{\"email\": \"\xff\"}",
    ];
    for element in bad {
        let said = party_from_json(element).unwrap_err();
        let serde_says = serde_json::from_slice::<wire::User>(element).unwrap_err();
        assert_eq!(
            said,
            serde_says.to_string(),
            "{}",
            String::from_utf8_lossy(element)
        );
    }
}

#[test]
fn members_of_one_organization_share_its_id_and_hold_their_membership_inline() {
    let customer = |email: &str| {
        let element = serde_json::json!({
            "email": email, "name": "A", "last-name": "B", "type": "customer",
            "agent-type": null, "organization": "co-shared", "status": "active",
            "auto-assign-tickets": false, "created-at": "2024-01-01T00:00:00Z",
        });
        party_from_json(&serde_json::to_vec(&element).unwrap()).unwrap()
    };
    let (first, second) = (customer("a@x.example"), customer("b@x.example"));
    assert!(matches!(first.memberships, Memberships::One(_)));
    assert!(Arc::ptr_eq(
        &first.memberships[0].node,
        &second.memberships[0].node
    ));
    // The id is the email the record holds, not a second copy of it.
    let record_only = first.record().heap_bytes();
    assert_eq!(first.heap_bytes(), record_only);
    assert!(record_only < 80, "{record_only} B for a customer's record");
}
