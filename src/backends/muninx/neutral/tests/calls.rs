//! Every operation sends the very request MuninX's adapter sent for it before the
//! switch, written out as it goes on the wire: method, path and query as logs show
//! them, and the body.

use serde_json::{Value as Json, json};

use super::super::super::schema::{INVITES, MEMBERS, STAFF, USERS};
use super::super::*;
use super::{level, seed_orgs, seed_users};
use crate::api::backend::HttpCall;
use crate::api::model::operation::{Filter, Operation, Scope};
use crate::api::schema::{FieldId, LevelId};
use crate::api::value::{Changes, Draft};

/// `want` is `METHOD /path?query` as `describe` prints it; each `/` in its path
/// parts two segments, and the body goes as plain JSON, as every MuninX call does.
#[track_caller]
fn assert_sends(call: &HttpCall, want: &str, body: Option<Json>) {
    assert_eq!(call.describe(), want);
    let path = want.split_once(' ').map_or("", |(_, rest)| rest);
    let path = path.split('?').next().unwrap_or_default();
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    assert_eq!(call.segments, segments, "the path segments of {want}");
    assert_eq!(call.body, body, "the body of {want}");
    let plain = HttpCall::new(call.method.clone(), &[]);
    assert_eq!(
        (call.content_type, call.accept),
        (plain.content_type, plain.accept),
        "the media types of {want}"
    );
}

#[track_caller]
fn sends(op: &Operation, want: &str, body: Option<Json>) {
    assert_sends(&call(op).unwrap(), want, body);
}

fn text(value: &str) -> Value {
    Value::Text(value.to_owned())
}

fn draft(values: Vec<(FieldId, Value)>) -> Draft {
    Draft {
        values,
        idempotency_key: None,
    }
}

fn changes(values: Vec<(FieldId, Value)>) -> Changes {
    Changes { values }
}

#[test]
fn node_reads_send_what_today_s_reads_send() {
    let list = |status: &[&str]| Operation::ListNodes {
        level: ORGANIZATION,
        parent: None,
        filter: Filter {
            fields: vec![(STATUS, status.iter().map(|s| (*s).to_owned()).collect())],
            states: Vec::new(),
        },
        page: None,
    };
    for (status, want) in [
        (&[][..], "GET /customer-organizations"),
        (
            &["suspended"][..],
            "GET /customer-organizations?status=suspended",
        ),
        (&["bogus"][..], "GET /customer-organizations"),
    ] {
        sends(&list(status), want, None);
    }
    sends(
        &Operation::GetNode {
            level: ORGANIZATION,
            id: "co-1".into(),
        },
        "GET /customer-organizations/co-1",
        None,
    );
    sends(
        &Operation::FindNode {
            level: ORGANIZATION,
            field: DOMAINS,
            value: " acme.com ".into(),
        },
        "GET /customer-organizations/lookup?domain=acme.com",
        None,
    );
    sends(&Operation::WhoAmI, "GET /users/me", None);
}

#[test]
fn creating_a_node_sends_the_draft_as_given() {
    let drafts = [
        (
            vec![
                (DISPLAY_NAME, text("Acme")),
                (DOMAINS, Value::List(vec!["acme.com".into()])),
                (EXTERNAL_REF, text("https://crm/1")),
                (NOTES, text("vip")),
            ],
            json!({
                "display-name": "Acme",
                "domains": ["acme.com"],
                "external-ref": "https://crm/1",
                "notes": "vip",
            }),
        ),
        // As given: the form trims, the command line leaves it to the server.
        (
            vec![
                (DISPLAY_NAME, text(" Bare ")),
                (EXTERNAL_REF, text("  ")),
                (NOTES, Value::Empty),
            ],
            json!({ "display-name": " Bare ", "domains": [] }),
        ),
    ];
    for (values, body) in drafts {
        let new = Operation::CreateNode {
            level: ORGANIZATION,
            parent: None,
            draft: draft(values),
        };
        sends(&new, "POST /customer-organizations", Some(body));
    }
}

/// The console's edit: the node's record weighs the form's changes, and what is
/// left is sent (`sent`), or nothing is when nothing changed.
#[track_caller]
fn edit_node(node: &Node, edit: Vec<(FieldId, Value)>, sent: Option<(&str, Json)>) {
    let edit = changes(edit);
    let weighed = node.record.changes(level().fields, &edit);
    match sent {
        None => assert!(weighed.is_empty(), "nothing changed, yet {weighed:?}"),
        Some((want, body)) => {
            let new = Operation::update_node(level(), node.id.clone(), weighed);
            assert!(new.capability().verb.is_write(), "{new:?} is a write");
            assert_sends(&call(&new).unwrap(), want, Some(body));
        }
    }
}

#[test]
fn editing_a_node_sends_only_what_changed() {
    let org = seed_orgs()
        .into_iter()
        .find(|o| o.id == "co-acme-01")
        .unwrap();
    assert!(org.notes.is_some() && org.external_ref.is_some(), "{org:?}");
    assert_eq!(org.display_name, "Acme Ltd");
    assert_eq!(org.status, wire::OrgStatus::Active);
    let new = node(org);
    let patch = "PATCH /customer-organizations/co-acme-01";
    edit_node(&new, vec![(DISPLAY_NAME, text(" Acme Ltd "))], None);
    edit_node(
        &new,
        vec![(DISPLAY_NAME, text(" Renamed "))],
        Some((patch, json!({ "display-name": "Renamed" }))),
    );
    edit_node(
        &new,
        vec![(DOMAINS, Value::List(vec![" New.Example.COM ".into()]))],
        Some((patch, json!({ "domains": ["new.example.com"] }))),
    );
    edit_node(
        &new,
        vec![(NOTES, text("  ")), (EXTERNAL_REF, Value::Empty)],
        Some((patch, json!({ "notes": null, "external-ref": null }))),
    );
    edit_node(
        &new,
        vec![(STATUS, text("suspended"))],
        Some((patch, json!({ "status": "suspended" }))),
    );
    edit_node(
        &new,
        vec![(STATUS, text("suspended")), (NOTES, text("new notes"))],
        Some((
            patch,
            json!({ "status": "suspended", "notes": "new notes" }),
        )),
    );
    edit_node(&new, vec![(STATUS, text("active"))], None);
}

#[test]
fn the_command_line_s_node_writes_send_what_today_s_send() {
    let given = changes(vec![
        (DISPLAY_NAME, text(" As Given ")),
        (DOMAINS, Value::List(vec!["Upper.COM".into()])),
        (EXTERNAL_REF, text("")),
        (NOTES, text(" keep ")),
    ]);
    let new = Operation::UpdateNode {
        level: ORGANIZATION,
        id: "co-1".into(),
        changes: given,
    };
    sends(
        &new,
        "PATCH /customer-organizations/co-1",
        Some(json!({
            "display-name": " As Given ",
            "domains": ["Upper.COM"],
            "external-ref": null,
            "notes": " keep ",
        })),
    );
    for (on, status) in [(true, "suspended"), (false, "active")] {
        let new = Operation::ToggleNode {
            level: ORGANIZATION,
            id: "co-1".into(),
            on,
        };
        sends(
            &new,
            "PATCH /customer-organizations/co-1",
            Some(json!({ "status": status })),
        );
    }
    sends(
        &Operation::DeleteNode {
            level: ORGANIZATION,
            id: "co-1".into(),
        },
        "DELETE /customer-organizations/co-1",
        None,
    );
}

#[test]
fn listing_parties_sends_today_s_queries() {
    let new = Operation::ListParties {
        scope: Scope::Tenant(USERS),
        filter: Filter {
            fields: vec![
                (TYPE, vec!["Admin".to_owned(), "agent".to_owned()]),
                (USER_STATUS, vec!["active".to_owned(), "bogus".to_owned()]),
                (ORGANIZATION_FIELD, vec!["co-2".to_owned()]),
            ],
            states: vec![MemberState::Invited],
        },
        page: None,
    };
    sends(
        &new,
        "GET /users?type=admin,agent&status=active,pending&organization=co-2",
        None,
    );
    let everyone = Operation::ListParties {
        scope: Scope::Tenant(STAFF),
        filter: Filter::default(),
        page: None,
    };
    sends(&everyone, "GET /users", None);
    let members = Operation::ListParties {
        scope: Scope::Node {
            level: ORGANIZATION,
            id: "co-1".into(),
            tab: MEMBERS,
        },
        filter: Filter::default(),
        page: None,
    };
    sends(&members, "GET /users?type=customer&organization=co-1", None);
}

#[test]
fn inviting_sends_the_draft_in_muninx_s_words() {
    let drafts = [
        (
            vec![
                (EMAIL, text(" Sam@X.com ")),
                (NAME, text("Sam")),
                (LAST_NAME, text("Lee")),
                (TYPE, text("Customer")),
                (ORGANIZATION_FIELD, text("co-1")),
            ],
            json!({
                "email": "Sam@X.com",
                "name": "Sam",
                "last-name": "Lee",
                "type": "customer",
                "organization": "co-1",
            }),
        ),
        (
            vec![
                (EMAIL, text("ops@x.com")),
                (NAME, text("Ops")),
                (LAST_NAME, text("")),
                (TYPE, text("agent")),
                (AGENT_TYPE, text("ai-assisted")),
            ],
            json!({
                "email": "ops@x.com",
                "name": "Ops",
                "last-name": "",
                "type": "agent",
                "agent-type": "ai-assisted",
            }),
        ),
    ];
    for (values, body) in drafts {
        let new = Operation::AddMembers {
            scope: Scope::Tenant(USERS),
            draft: draft(values),
        };
        sends(&new, "POST /users", Some(body));
    }
}

#[test]
fn inviting_from_an_organization_s_tab_invites_into_it() {
    let new = Operation::AddMembers {
        scope: Scope::Node {
            level: ORGANIZATION,
            id: "co-9".into(),
            tab: INVITES,
        },
        draft: draft(vec![(EMAIL, text("a@b.co")), (TYPE, text("customer"))]),
    };
    assert_eq!(call(&new).unwrap().body.unwrap()["organization"], "co-9");
}

/// The console's edit of a user: the party's record weighs the form's changes
/// (leaving out what the form hides), and what is left is sent, if anything.
#[track_caller]
fn edit_party(new: &Party, edit: Vec<(FieldId, Value)>, sent: Option<(&str, Json)>) {
    let edit = changes(edit);
    let weighed = new.record().changes(SCHEMA.party_fields, &edit);
    match sent {
        None => assert!(weighed.is_empty(), "nothing changed, yet {weighed:?}"),
        Some((want, body)) => {
            let after = Operation::UpdateMember {
                scope: Scope::Tenant(USERS),
                party: new.id().to_owned(),
                changes: weighed,
            };
            assert_sends(&call(&after).unwrap(), want, Some(body));
        }
    }
}

fn seed_user(email: &str, kind: wire::UserType) -> Party {
    let user = seed_users().into_iter().find(|u| u.email == email).unwrap();
    assert_eq!(user.kind, kind, "{email}");
    party(user)
}

#[test]
fn editing_a_party_sends_only_what_changed_and_never_a_hidden_field() {
    let customer = seed_user("jane.doe@acme-ltd.com", wire::UserType::Customer);
    assert_eq!(customer.get(&SCHEMA, NAME), &text("Jane"));
    let put = "PUT /users/jane.doe@acme-ltd.com";
    edit_party(&customer, vec![(NAME, text(" Jane "))], None);
    edit_party(
        &customer,
        vec![(LAST_NAME, text(" Newname "))],
        Some((put, json!({ "last-name": "Newname" }))),
    );
    // A customer's agent type and flag are hidden: never sent.
    edit_party(
        &customer,
        vec![
            (AGENT_TYPE, text("human")),
            (AUTO_ASSIGN, Value::Bool(true)),
        ],
        None,
    );
    edit_party(
        &customer,
        vec![(ORGANIZATION_FIELD, Value::Empty)],
        Some((put, json!({ "organization": null }))),
    );
    edit_party(
        &customer,
        vec![(USER_STATUS, text("suspended"))],
        Some((put, json!({ "status": "suspended" }))),
    );
    // Made staff: the organization goes hidden, the agent type shows.
    edit_party(
        &customer,
        vec![
            (TYPE, text("agent")),
            (ORGANIZATION_FIELD, text("co-1")),
            (AGENT_TYPE, text("human")),
        ],
        Some((put, json!({ "type": "agent", "agent-type": "human" }))),
    );
    let agent = seed_user("diego.ramirez@acme-support.example", wire::UserType::Agent);
    assert_eq!(agent.get(&SCHEMA, AUTO_ASSIGN), &Value::Bool(true));
    let put = "PUT /users/diego.ramirez@acme-support.example";
    edit_party(&agent, vec![(ORGANIZATION_FIELD, text("co-1"))], None);
    // MuninX's PUT takes the flag as a string.
    edit_party(
        &agent,
        vec![(AUTO_ASSIGN, Value::Bool(false))],
        Some((put, json!({ "auto-assign-tickets": "false" }))),
    );
    edit_party(
        &agent,
        vec![(AGENT_TYPE, text("ai-autonomous"))],
        Some((put, json!({ "agent-type": "ai-autonomous" }))),
    );
}

#[test]
fn one_party_s_reads_and_writes_send_what_today_s_send() {
    let tab = Scope::Node {
        level: ORGANIZATION,
        id: "co-1".into(),
        tab: INVITES,
    };
    let id = || "a+b@x.com".to_owned();
    sends(
        &Operation::GetParty { id: id() },
        "GET /users/a+b@x.com",
        None,
    );
    sends(
        &Operation::ResendInvite {
            scope: tab.clone(),
            party: id(),
        },
        "POST /users/a+b@x.com/activation-email",
        None,
    );
    sends(
        &Operation::RevokeInvite {
            scope: tab,
            party: id(),
        },
        "DELETE /users/a+b@x.com",
        None,
    );
}

#[test]
fn what_muninx_has_no_endpoint_for_is_refused_before_sending() {
    let refused = [
        Operation::ListApprovals {
            node: None,
            page: None,
        },
        Operation::Decide {
            approval: "ap-1".into(),
            approve: true,
        },
        Operation::SetMembers {
            level: ORGANIZATION,
            node: "co-1".into(),
            parties: vec!["a@b.co".into()],
        },
        Operation::ListNodes {
            level: ORGANIZATION,
            parent: Some("co-1".into()),
            filter: Filter::default(),
            page: None,
        },
        Operation::FindNode {
            level: ORGANIZATION,
            field: NOTES,
            value: "x".into(),
        },
        Operation::GetNode {
            level: LevelId("enterprise"),
            id: "e-1".into(),
        },
    ];
    for op in refused {
        let why = call(&op).unwrap_err().to_string();
        assert!(why.starts_with("this backend does not offer "), "{why}");
        assert!(
            why.len() > "this backend does not offer ".len() + 3,
            "{why}"
        );
    }
}
