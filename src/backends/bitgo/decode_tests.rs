//! BitGo's answers, as the contract writes them, decoded into the model.

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde_json::json;

use super::*;
use crate::api::model::Filter;
use crate::api::schema::TabId;

const ORG: &str = "0123456789abcdef0123456789abcdef";
const ENT: &str = "fedcba9876543210fedcba9876543210";
const USER: &str = "00000000000000000000000000000abc";

fn decoded(op: &Operation, status: u16, body: serde_json::Value) -> Decoded {
    let headers = HeaderMap::new();
    let body = body.to_string();
    let answer = Answer {
        status: StatusCode::from_u16(status).unwrap(),
        headers: &headers,
        body: body.as_bytes(),
    };
    decode(op, &answer).expect("decodes")
}

/// A whole enterprise, every field the spec requires present.
fn full_enterprise(id: &str, name: &str) -> serde_json::Value {
    let mut item = json!({
        "id": id, "name": name, "organization": ORG, "permissions": ["admin"],
        "isBeneficialOwner": false, "acceptedInvite": true,
        "bitgoOrg": "BitGo Trust", "kycState": "pending",
        "legalIdentifiers": {"legalPersonNameIdentifierType": "LEGL"},
        "type": "enterprise", "upfrontPaymentStatus": "none", "usersViewAllWallets": false,
        "videoIdWaived": false, "createdAt": "2026-01-02T03:04:05Z", "accountType": "entity",
        "approvalsRequired": 2
    });
    let licences = serde_json::to_value(wire::Licences::default()).unwrap();
    for (key, value) in licences.as_object().unwrap() {
        item[key] = value.clone();
    }
    item
}

#[test]
fn an_enterprise_page_holds_whole_items_and_stubs_and_names_the_next() {
    let op = Operation::ListNodes {
        level: ENTERPRISE,
        parent: Some(ORG.into()),
        filter: Filter::default(),
        page: None,
    };
    let body = json!({
        "enterprises": [full_enterprise(ENT, "Kiwi Ltd"), {"id": USER, "name": "Hidden Co"}],
        "nextBatchPrevId": USER,
    });
    let Decoded::Page {
        reply: Reply::Nodes(page),
        next,
        ..
    } = decoded(&op, 200, body)
    else {
        panic!("a page of enterprises");
    };
    assert_eq!(next, Some(Cursor::new(USER)));
    let [kiwi, hidden] = page.items.as_slice() else {
        panic!("two enterprises");
    };
    let layout = layout(ENTERPRISE);
    assert_eq!(
        (kiwi.name.as_str(), kiwi.parent.as_deref()),
        ("Kiwi Ltd", Some(ORG))
    );
    assert_eq!(kiwi.record.text(layout, KYC_STATE), Some("pending"));
    assert_eq!(kiwi.record.text(layout, ACCOUNT_TYPE), Some("entity"));
    assert_eq!(
        kiwi.record.get(layout, APPROVALS_REQUIRED),
        Value::Number(2)
    );
    assert!(matches!(
        kiwi.record.get(layout, ENTERPRISE_CREATED),
        crate::api::model::ValueRef::Time(_)
    ));
    // A stub is its id and name: the row draws from those alone.
    assert_eq!(hidden.name, "Hidden Co");
    assert_eq!(hidden.parent.as_deref(), Some(ORG));
    assert!(hidden.record.get(layout, KYC_STATE).is_empty());
}

#[test]
fn a_held_write_is_a_pending_approval_whichever_way_it_is_wrapped() {
    let pending = json!({
        "id": ENT, "creator": USER, "createDate": "2026-03-01T10:00:00Z",
        "info": {"type": "enterpriseInviteRequest", "enterpriseInviteRequest": {
            "action": "add", "email": "bo@kiwi.example", "userId": USER, "permissions": "admin",
            "isVideoIdUser": false,
            "enterpriseInfo": {"id": ENT, "name": "Kiwi Ltd", "requiredVerificationStep": "none",
                "invitedBy": {"id": USER, "email": "ann@kiwi.example", "fullName": "Ann"}}}},
        "state": "pending", "scope": "enterprise", "approvalsRequired": 1
    });
    let scope = Scope::Node {
        level: ENTERPRISE,
        id: ENT.into(),
        tab: TabId("enterprise-users"),
    };
    let add = Operation::AddMembers {
        scope: scope.clone(),
        draft: Default::default(),
    };
    let Decoded::Reply(Reply::Pending(approval)) = decoded(&add, 202, pending.clone()) else {
        panic!("a 202 is held for approval");
    };
    assert_eq!(approval.id, ENT);
    assert_eq!(approval.what, "add bo@kiwi.example (admin) on Kiwi Ltd");
    assert_eq!(approval.kind, "enterprise");
    assert_eq!(
        (approval.needs, approval.asked_by.as_deref()),
        (Some(1), Some("ann@kiwi.example"))
    );
    // Who asked, as the server names them, tells one's own requests apart.
    assert_eq!(approval.asked_by_id.as_deref(), Some(USER));
    assert_eq!(approval.node_name.as_deref(), Some("Kiwi Ltd"));
    let remove = Operation::RemoveMember {
        scope,
        party: "bo@kiwi.example".into(),
    };
    let wrapped = json!({ "pendingApprovals": [pending] });
    assert!(matches!(
        decoded(&remove, 202, wrapped),
        Decoded::Reply(Reply::Pending(_))
    ));
}

#[test]
fn a_held_removal_names_the_user_by_the_email_sent_not_by_their_id() {
    let pending = json!({
        "id": ENT, "creator": USER, "createDate": "2026-03-01T10:00:00Z",
        "info": {"type": "userChangeRequest", "userChangeRequest": {
            "action": "remove", "permissions": [], "userChanged": USER}},
        "state": "pending", "scope": "enterprise", "enterprise": ENT, "approvalsRequired": 2
    });
    let remove = Operation::RemoveMember {
        scope: Scope::Node {
            level: ENTERPRISE,
            id: ENT.into(),
            tab: TabId("enterprise-users"),
        },
        party: "bo@kiwi.example".into(),
    };
    let wrapped = json!({ "pendingApprovals": [pending] });
    let Decoded::Reply(Reply::Pending(approval)) = decoded(&remove, 202, wrapped) else {
        panic!("a 202 is held for approval");
    };
    assert_eq!(approval.what, "remove bo@kiwi.example");
    assert_eq!(approval.kind, "permissions");
}

#[test]
fn an_approval_needs_what_it_requires_less_the_approvals_given_and_a_removal_names_no_permission() {
    let pending = json!({
        "id": ENT, "creator": USER, "createDate": "2026-03-01T10:00:00Z",
        "info": {"type": "userChangeRequest", "userChangeRequest": {
            "action": "remove", "permissions": [], "userChanged": USER}},
        "state": "pending", "scope": "enterprise", "enterprise": ENT, "approvalsRequired": 2,
        "resolvers": [{"user": "0000000000000000000000000000def0", "date": "2026-03-02T10:00:00Z",
            "resolutionAction": "approve", "resolutionType": "pending"}]
    });
    let list = Operation::ListApprovals {
        node: None,
        page: None,
    };
    let Decoded::Page {
        reply: Reply::Approvals(page),
        ..
    } = decoded(
        &list,
        200,
        json!({ "pendingApprovals": [pending], "count": 1 }),
    )
    else {
        panic!("a page of approvals");
    };
    let approval = &page.items[0];
    assert_eq!(approval.needs, Some(1));
    assert_eq!(approval.what, format!("remove user {USER}"));
    assert_eq!(approval.node.as_deref(), Some(ENT));
}

#[test]
fn an_enterprise_s_users_are_parties_with_their_membership_there() {
    let user = |id: &str, email: &str, verified: bool| {
        json!({"id": id, "username": email, "firstName": "Bo", "lastName": "Li",
               "fullName": "Bo Li", "isActive": true,
               "email": {"email": email, "verified": verified}, "verified": verified})
    };
    let op = Operation::ListParties {
        scope: Scope::Node {
            level: ENTERPRISE,
            id: ENT.into(),
            tab: TabId("enterprise-users"),
        },
        filter: Filter::default(),
        page: None,
    };
    let body = json!({
        "adminUsers": [user(USER, "bo@kiwi.example", true)],
        "nonAdminUsers": [user(ORG, "new@kiwi.example", false)],
        "count": 2, "incomplete": false
    });
    let Decoded::Reply(Reply::Parties(page)) = decoded(&op, 200, body) else {
        panic!("the enterprise's users");
    };
    let [admin, invitee] = page.items.as_slice() else {
        panic!("two users");
    };
    assert_eq!(admin.id(), "bo@kiwi.example");
    assert_eq!(admin.get(&SCHEMA, IS_ADMIN), Value::Bool(true));
    assert_eq!(
        admin.membership(ENT).map(|m| m.state),
        Some(MemberState::Active)
    );
    assert_eq!(
        invitee.state,
        MemberState::Invited,
        "an unverified user is an invitee"
    );
    assert_eq!(invitee.get(&SCHEMA, USER_ID), Value::Text(ORG.into()));
}

#[test]
fn who_am_i_is_the_user_with_their_organization_role() {
    let body = json!({"user": {
        "id": USER, "username": "ann@kiwi.example",
        "name": {"first": "Ann", "full": "Ann Lee", "last": "Lee"},
        "email": {"email": "ann@kiwi.example", "verified": true},
        "organizations": [{"id": ORG, "name": "Kiwi", "role": "admin"}]
    }});
    let Decoded::Reply(Reply::Caller(me)) = decoded(&Operation::WhoAmI, 200, body) else {
        panic!("the caller");
    };
    assert_eq!((me.label.as_str(), me.role.as_str()), ("Ann Lee", "admin"));
    assert_eq!(me.tenant.as_deref(), Some(ORG));
}

#[test]
fn who_am_i_names_the_role_in_each_organization_with_its_name() {
    let other = "0123456789abcdef0123456789abcdef";
    let body = json!({"user": {
        "id": USER, "username": "ann@kiwi.example",
        "name": {"first": "Ann", "full": "Ann Lee", "last": "Lee"},
        "email": {"email": "ann@kiwi.example", "verified": true},
        "organizations": [
            {"id": ORG, "name": "Kiwi", "role": "admin"},
            {"id": other, "name": "Harbor", "role": "member"}
        ]
    }});
    let Decoded::Reply(Reply::Caller(me)) = decoded(&Operation::WhoAmI, 200, body) else {
        panic!("the caller");
    };
    assert_eq!(
        me.roles.iter().map(|r| r.node.as_str()).collect::<Vec<_>>(),
        [ORG, other]
    );
    assert_eq!(
        me.roles_text().as_deref(),
        Some("admin in Kiwi, member in Harbor")
    );
}

#[test]
fn a_create_is_read_back_by_the_enterprise_it_made() {
    let op = Operation::CreateNode {
        level: ENTERPRISE,
        parent: Some(ORG.into()),
        draft: Default::default(),
    };
    let made = decoded(&op, 200, json!({"enterpriseId": ENT, "userId": USER}));
    assert_eq!(
        made,
        Decoded::ReadBack {
            message: format!("created enterprise {ENT}"),
            read: Operation::GetNode {
                level: ENTERPRISE,
                id: ENT.into()
            },
        }
    );
}

#[test]
fn an_organization_s_users_carry_their_role_there_as_permission_and_admin() {
    let user = |id: &str, roles: serde_json::Value| {
        json!({
            "id": id, "username": format!("{id}@kiwi.example"),
            "name": {"first": "A", "full": "A B", "last": "B"},
            "email": {"email": format!("{id}@kiwi.example"), "verified": true},
            "organizations": roles
        })
    };
    let body = json!({"users": [
        user("admin-here", json!([
            {"id": ENT, "name": "Elsewhere", "role": "member"},
            {"id": ORG, "name": "Kiwi", "role": "admin"}
        ])),
        user("service", json!([{"id": ORG, "name": "Kiwi", "role": "serviceUser"}])),
    ]});
    let op = Operation::ListParties {
        scope: Scope::Node {
            level: ORGANIZATION,
            id: ORG.into(),
            tab: crate::backends::bitgo::schema::ORG_USERS_TAB,
        },
        filter: Filter::default(),
        page: None,
    };
    let Decoded::Page {
        reply: Reply::Parties(page),
        ..
    } = decoded(&op, 200, body)
    else {
        panic!("a page of users");
    };
    let shown: Vec<(Value, Value)> = page
        .items
        .iter()
        .map(|p| {
            (
                p.get(&SCHEMA, PERMISSION).to_value(),
                p.get(&SCHEMA, IS_ADMIN).to_value(),
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            (Value::Word("admin"), Value::Bool(true)),
            (Value::Word("serviceUser"), Value::Bool(false)),
        ]
    );
}
