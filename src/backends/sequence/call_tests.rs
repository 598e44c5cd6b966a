use super::*;
use crate::api::model::Cursor;
use crate::backends::sequence::schema::{CUSTOMERS, MEMBERS_TAB};

fn none(_: &str) -> Option<String> {
    None
}

fn query(call: &HttpCall) -> Vec<(&str, &str)> {
    call.query
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

fn organizations() -> Operation {
    Operation::ListNodes {
        level: ORGANIZATION,
        parent: None,
        filter: Filter::default(),
        page: None,
    }
}

#[test]
fn organizations_page_through_every_customer_archived_ones_included() {
    let first = call(&organizations(), Paging::default(), &none).unwrap();
    assert_eq!(
        first.describe(),
        "GET /api/customers?limit=100&includeArchived=true"
    );
    let after = Step::Scan(Some("b64==".into())).cursor();
    let paging = Paging {
        cursor: Some(&after),
        size: Some(500),
    };
    let next = call(&organizations(), paging, &none).unwrap();
    assert_eq!(
        query(&next),
        [
            ("limit", "100"),
            ("includeArchived", "true"),
            ("after", "b64==")
        ]
    );
}

#[test]
fn one_organization_starts_at_its_owner_when_known_and_scans_otherwise() {
    let get = Operation::GetNode {
        level: ORGANIZATION,
        id: "org-1".into(),
    };
    let known = |org: &str| (org == "org-1").then(|| "cust-9".to_owned());
    assert_eq!(
        call(&get, Paging::default(), &known).unwrap().describe(),
        "GET /api/customers/cust-9"
    );
    assert!(
        call(&get, Paging::default(), &none)
            .unwrap()
            .describe()
            .starts_with("GET /api/customers?limit=100")
    );
    let member = Step::Customer("cust-3".into()).cursor();
    let tab = Operation::ListParties {
        scope: Scope::Node {
            level: ORGANIZATION,
            id: "org-1".into(),
            tab: MEMBERS_TAB,
        },
        filter: Filter::default(),
        page: None,
    };
    let paging = Paging {
        cursor: Some(&member),
        size: None,
    };
    assert_eq!(
        call(&tab, paging, &known).unwrap().describe(),
        "GET /api/customers/cust-3"
    );
    assert_eq!(
        Step::of(&Cursor::new("plain")),
        Step::Scan(Some("plain".into()))
    );
}

#[test]
fn the_search_box_asks_for_a_legal_name_or_an_email() {
    let search = |text: &str| Operation::ListParties {
        scope: Scope::Tenant(CUSTOMERS),
        filter: Filter {
            fields: vec![(SEARCH, vec![text.into()])],
            states: Vec::new(),
        },
        page: None,
    };
    let by_name = call(&search(" Acme "), Paging::default(), &none).unwrap();
    assert_eq!(query(&by_name), [("limit", "100"), ("legalName", "Acme")]);
    let by_email = call(&search("billing@acme0.example"), Paging::default(), &none).unwrap();
    assert_eq!(
        query(&by_email),
        [("limit", "100"), ("email", "billing@acme0.example")]
    );
}

#[test]
fn writes_send_the_contract_s_bodies() {
    let create = Operation::CreateNode {
        level: ORGANIZATION,
        parent: None,
        draft: Draft {
            values: vec![
                (OWNER, Value::Text(" o-1 ".into())),
                (MEMBERS, Value::List(vec!["m-1".into(), " ".into()])),
            ],
            idempotency_key: None,
        },
    };
    let made = call(&create, Paging::default(), &none).unwrap();
    assert_eq!(made.describe(), "POST /api/customer-organizations");
    assert_eq!(
        made.body,
        Some(json!({"ownerId": "o-1", "memberIds": ["m-1"]}))
    );
    let set = Operation::SetMembers {
        level: ORGANIZATION,
        node: "org-1".into(),
        parties: Vec::new(),
    };
    let put = call(&set, Paging::default(), &none).unwrap();
    assert_eq!(put.method, Method::PUT);
    assert_eq!(put.body, Some(json!({"customerIds": []})));
}

#[test]
fn what_sequence_lacks_is_refused_in_the_schema_s_words() {
    let delete = Operation::DeleteNode {
        level: ORGANIZATION,
        id: "org-1".into(),
    };
    let refused = call(&delete, Paging::default(), &none).unwrap_err();
    assert!(refused.0.contains("deleting organizations"), "{refused}");
    let resend = Operation::ResendInvite {
        scope: Scope::Tenant(CUSTOMERS),
        party: "c".into(),
    };
    assert!(
        call(&resend, Paging::default(), &none)
            .unwrap_err()
            .0
            .contains("invitations")
    );
}
