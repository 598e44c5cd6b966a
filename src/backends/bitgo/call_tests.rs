//! Every operation BitGo takes, as it goes on the wire, and what it refuses.

use serde_json::json;

use super::*;
use crate::api::model::Cursor;
use crate::api::schema::TabId;

const ORG: &str = "0123456789abcdef0123456789abcdef";
const ENT: &str = "fedcba9876543210fedcba9876543210";

#[track_caller]
fn sends(op: &Operation, paging: Paging<'_>, want: &str, body: Option<Json>) {
    let call = call(op, paging).expect("BitGo has a request for it");
    assert_eq!(call.describe(), want);
    assert_eq!(call.body, body, "the body of {want}");
}

fn nodes(level: crate::api::schema::LevelId, parent: Option<&str>, filter: Filter) -> Operation {
    Operation::ListNodes {
        level,
        parent: parent.map(str::to_owned),
        filter,
        page: None,
    }
}

fn filter(fields: &[(FieldId, &[&str])]) -> Filter {
    Filter {
        fields: fields
            .iter()
            .map(|(f, v)| (*f, v.iter().map(|s| (*s).to_owned()).collect()))
            .collect(),
        states: Vec::new(),
    }
}

fn tab(level: crate::api::schema::LevelId, id: &str, tab: TabId) -> Scope {
    Scope::Node {
        level,
        id: id.to_owned(),
        tab,
    }
}

#[test]
fn reads_use_each_path_s_own_version_and_enterprises_page_by_keyset() {
    let none = Paging::default();
    sends(&Operation::WhoAmI, none, "GET /api/v2/user/me", None);
    sends(
        &nodes(ORGANIZATION, None, Filter::default()),
        none,
        "GET /api/v2/organization",
        None,
    );
    let next = Cursor::new(ENT);
    let paging = Paging {
        cursor: Some(&next),
        size: Some(2),
    };
    sends(
        &nodes(ENTERPRISE, Some(ORG), Filter::default()),
        paging,
        &format!("GET /api/v2/organization/{ORG}/enterprise?limit=2&prevId={ENT}"),
        None,
    );
    let huge = Paging {
        cursor: None,
        size: Some(5000),
    };
    sends(
        &nodes(
            ENTERPRISE,
            Some(ORG),
            filter(&[(KYC_STATE, &["pending", "approved"])]),
        ),
        huge,
        &format!(
            "GET /api/v2/organization/{ORG}/enterprise?kycState=pending&kycState=approved&limit=500"
        ),
        None,
    );
    // A search is one page: `search` does not go with `prevId`, but asks the
    // page size, so that the console's search shows as many as a page does.
    sends(
        &nodes(ENTERPRISE, Some(ORG), filter(&[(SEARCH, &["acme"])])),
        paging,
        &format!("GET /api/v2/organization/{ORG}/enterprise?search=acme&limit=2"),
        None,
    );
    sends(
        &nodes(
            ENTERPRISE,
            Some(ORG),
            filter(&[(IDEMPOTENCY_KEY, &["k-1"])]),
        ),
        paging,
        &format!("GET /api/v2/organization/{ORG}/enterprise?idempotencyKey=k-1"),
        None,
    );
    let get = Operation::GetNode {
        level: ENTERPRISE,
        id: ENT.into(),
    };
    sends(&get, none, &format!("GET /api/v2/enterprise/{ENT}"), None);
}

#[test]
fn users_are_listed_per_enterprise_and_per_organization() {
    let none = Paging::default();
    let next = Cursor::new(ENT);
    let paging = Paging {
        cursor: Some(&next),
        size: Some(2),
    };
    let users = Operation::ListParties {
        scope: tab(ENTERPRISE, ENT, USERS_TAB),
        filter: Filter::default(),
        page: None,
    };
    sends(
        &users,
        none,
        &format!("GET /api/v1/enterprise/{ENT}/user?allowInactiveUsers=true"),
        None,
    );
    let org_users = Operation::ListParties {
        scope: tab(ORGANIZATION, ORG, ORG_USERS_TAB),
        filter: Filter::default(),
        page: None,
    };
    sends(
        &org_users,
        paging,
        &format!("GET /api/org/users?organizationId={ORG}&limit=2&prevId={ENT}"),
        None,
    );
}

#[test]
fn a_child_enterprise_is_created_with_its_key_in_the_body_and_never_without_one() {
    let mut draft = Draft {
        values: vec![
            (CREATE_EMAIL, Value::Text(" ann@kiwi.example ".into())),
            (ADDITIONAL_ADMINS, Value::List(vec![ENT.into()])),
            (ACCOUNT_TYPE, Value::Word("entity")),
            (THIRD_PARTY, Value::List(vec!["crm-1:Salesforce".into()])),
        ],
        idempotency_key: Some("k-1".into()),
    };
    let create = |draft: &Draft| Operation::CreateNode {
        level: ENTERPRISE,
        parent: Some(ORG.into()),
        draft: draft.clone(),
    };
    sends(
        &create(&draft),
        Paging::default(),
        &format!("POST /api/v2/organization/{ORG}/enterprise"),
        Some(json!({
            "email": "ann@kiwi.example",
            "idempotencyKey": "k-1",
            "additionalAdmins": [ENT],
            "accountType": "entity",
            "thirdPartyIdentifier": [{"id": "crm-1", "label": "Salesforce"}],
        })),
    );
    draft.idempotency_key = None;
    let refused = call(&create(&draft), Paging::default()).unwrap_err();
    assert!(refused.0.contains("idempotency key"), "{refused}");
}

#[test]
fn users_are_added_and_removed_on_an_enterprise_and_approvals_decided() {
    let none = Paging::default();
    let add = Operation::AddMembers {
        scope: tab(ENTERPRISE, ENT, USERS_TAB),
        draft: Draft {
            values: vec![
                (USERNAME, Value::Text("bo@kiwi.example".into())),
                (PERMISSION, Value::Word("admin")),
                (INVITE, Value::Bool(true)),
            ],
            idempotency_key: None,
        },
    };
    sends(
        &add,
        none,
        &format!("POST /api/v2/enterprise/{ENT}/user"),
        Some(json!({"username": "bo@kiwi.example", "permission": "admin", "invite": true})),
    );
    let remove = Operation::RemoveMember {
        scope: tab(ENTERPRISE, ENT, USERS_TAB),
        party: "bo@kiwi.example".into(),
    };
    sends(
        &remove,
        none,
        &format!("DELETE /api/v2/enterprise/{ENT}/user"),
        Some(json!({"username": "bo@kiwi.example"})),
    );
    let approve = Operation::Decide {
        approval: ORG.into(),
        approve: true,
    };
    sends(
        &approve,
        none,
        &format!("PUT /api/v2/pendingapprovals/{ORG}"),
        Some(json!({"state": "approved"})),
    );
    sends(
        &Operation::ListApprovals {
            node: None,
            page: None,
        },
        Paging {
            cursor: None,
            size: Some(50),
        },
        "GET /api/v2/pendingapprovals?limit=50",
        None,
    );
    sends(
        &Operation::ListApprovals {
            node: Some(ORG.into()),
            page: None,
        },
        none,
        &format!("GET /api/v2/pendingapprovals?enterpriseId={ORG}"),
        None,
    );
}

#[test]
fn what_the_api_cannot_do_is_refused_before_sending() {
    let refused = [
        Operation::CreateNode {
            level: ORGANIZATION,
            parent: None,
            draft: Draft::default(),
        },
        Operation::DeleteNode {
            level: ENTERPRISE,
            id: ENT.into(),
        },
        Operation::ToggleNode {
            level: ENTERPRISE,
            id: ENT.into(),
            on: true,
        },
        nodes(ENTERPRISE, None, Filter::default()),
        Operation::ResendInvite {
            scope: tab(ENTERPRISE, ENT, USERS_TAB),
            party: "bo@kiwi.example".into(),
        },
        Operation::AddMembers {
            scope: tab(ORGANIZATION, ORG, ORG_USERS_TAB),
            draft: Draft::default(),
        },
    ];
    for op in refused {
        let why = call(&op, Paging::default()).unwrap_err().to_string();
        assert!(
            why.starts_with("this backend does not offer "),
            "{op:?}: {why}"
        );
    }
}

#[test]
fn several_permissions_are_sent_as_the_array_the_contract_takes() {
    let add = Operation::AddMembers {
        scope: tab(ENTERPRISE, ENT, USERS_TAB),
        draft: Draft {
            values: vec![
                (USERNAME, Value::Text("bo@kiwi.example".into())),
                (
                    PERMISSION,
                    Value::List(vec!["admin".into(), "wallet.create".into()]),
                ),
            ],
            idempotency_key: None,
        },
    };
    sends(
        &add,
        Paging::default(),
        &format!("POST /api/v2/enterprise/{ENT}/user"),
        Some(json!({"username": "bo@kiwi.example", "permission": ["admin", "wallet.create"]})),
    );
}
