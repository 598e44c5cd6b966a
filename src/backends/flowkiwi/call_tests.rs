use super::*;
use crate::api::model::Cursor;
use crate::api::value::Value;

const ORG: &str = "0196f3a0-1111-7000-8000-000000000001";

fn scope(tab: crate::api::schema::TabId) -> Scope {
    Scope::Node {
        level: ORGANIZATION,
        id: ORG.into(),
        tab,
    }
}

fn query(call: &HttpCall) -> Vec<(&str, &str)> {
    call.query
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

fn organizations(filter: Filter) -> Operation {
    Operation::ListNodes {
        level: ORGANIZATION,
        parent: None,
        filter,
        page: None,
    }
}

#[test]
fn the_first_page_asks_its_size_and_the_name_search_and_later_ones_follow_view_next() {
    let search = Filter {
        fields: vec![(NAME_SEARCH, vec![" acme ".into()])],
        states: Vec::new(),
    };
    let first = call(
        &organizations(search.clone()),
        Paging {
            cursor: None,
            size: Some(2),
        },
    )
    .unwrap();
    assert_eq!(
        first.describe(),
        "GET /api/organizations?name=acme&itemsPerPage=2"
    );
    assert_eq!(first.accept, ACCEPT);
    // The server's next IRI is followed as it is, whatever the profile says now.
    let next = Cursor::new("/api/organizations?name=acme&itemsPerPage=2&page=3");
    let later = call(
        &organizations(search),
        Paging {
            cursor: Some(&next),
            size: Some(50),
        },
    )
    .unwrap();
    assert_eq!(
        query(&later),
        [("name", "acme"), ("itemsPerPage", "2"), ("page", "3")]
    );
    let plain = call(&organizations(Filter::default()), Paging::default()).unwrap();
    assert_eq!(query(&plain), [("itemsPerPage", "100")]);
    let huge = Paging {
        cursor: None,
        size: Some(5000),
    };
    let capped = call(&organizations(Filter::default()), huge).unwrap();
    assert_eq!(query(&capped), [("itemsPerPage", "100")]);
}

#[test]
fn renames_and_role_changes_are_merge_patches_of_the_one_field() {
    let rename = Operation::UpdateNode {
        level: ORGANIZATION,
        id: ORG.into(),
        changes: Changes {
            values: vec![(ORG_NAME, Value::Text(" Acme Two ".into()))],
        },
    };
    let patch = call(&rename, Paging::default()).unwrap();
    assert_eq!(patch.method, Method::PATCH);
    assert_eq!(patch.content_type, MERGE_PATCH);
    assert_eq!(patch.body, Some(json!({ "name": "Acme Two" })));
    assert_eq!(patch.segments, ["api", "organizations", ORG]);
    let role = Operation::UpdateMember {
        scope: scope(MEMBERS_TAB),
        party: "m-1".into(),
        changes: Changes {
            values: vec![(ROLE, Value::Word("owner"))],
        },
    };
    let patch = call(&role, Paging::default()).unwrap();
    assert_eq!(patch.content_type, MERGE_PATCH);
    assert_eq!(
        patch.describe(),
        format!("PATCH /api/organizations/{ORG}/members/m-1")
    );
    assert_eq!(patch.body, Some(json!({ "role": "owner" })));
}

#[test]
fn creates_and_adds_are_sent_as_json_ld() {
    let create = Operation::CreateNode {
        level: ORGANIZATION,
        parent: None,
        draft: Draft {
            values: vec![(ORG_NAME, Value::Text("Acme".into()))],
            idempotency_key: None,
        },
    };
    let post = call(&create, Paging::default()).unwrap();
    assert_eq!(
        (post.method.clone(), post.content_type),
        (Method::POST, LD_JSON)
    );
    assert_eq!(post.body, Some(json!({ "name": "Acme" })));
    let draft = Draft {
        values: vec![
            (EMAIL, Value::Text("ada@acme.example".into())),
            (ROLE, Value::Word("member")),
        ],
        idempotency_key: None,
    };
    for (tab, path) in [(MEMBERS_TAB, "members"), (INVITATIONS_TAB, "invitations")] {
        let add = Operation::AddMembers {
            scope: scope(tab),
            draft: draft.clone(),
        };
        let post = call(&add, Paging::default()).unwrap();
        assert_eq!(
            post.describe(),
            format!("POST /api/organizations/{ORG}/{path}")
        );
        assert_eq!(
            post.body,
            Some(json!({ "email": "ada@acme.example", "role": "member" }))
        );
    }
}

#[test]
fn tabs_are_filtered_on_the_server_and_invitation_actions_are_bodiless_posts() {
    let members = Operation::ListParties {
        scope: scope(MEMBERS_TAB),
        filter: Filter {
            fields: vec![(ROLE_FILTER, vec!["owner".into()])],
            states: Vec::new(),
        },
        page: None,
    };
    let list = call(&members, Paging::default()).unwrap();
    assert_eq!(
        list.describe(),
        format!("GET /api/organizations/{ORG}/members?role=owner&itemsPerPage=100")
    );
    let pending = Operation::ListParties {
        scope: scope(INVITATIONS_TAB),
        filter: Filter {
            fields: vec![(EMAIL_FILTER, vec!["ada".into()])],
            states: vec![MemberState::Invited],
        },
        page: None,
    };
    let list = call(&pending, Paging::default()).unwrap();
    assert_eq!(
        query(&list),
        [
            ("status", "pending"),
            ("email", "ada"),
            ("itemsPerPage", "100")
        ]
    );
    for (op, action) in [
        (
            Operation::ResendInvite {
                scope: scope(INVITATIONS_TAB),
                party: "i-1".into(),
            },
            "resend",
        ),
        (
            Operation::RevokeInvite {
                scope: scope(INVITATIONS_TAB),
                party: "i-1".into(),
            },
            "revoke",
        ),
    ] {
        let post = call(&op, Paging::default()).unwrap();
        assert_eq!(
            post.describe(),
            format!("POST /api/organizations/{ORG}/invitations/i-1/{action}")
        );
        assert_eq!(post.body, None);
    }
}

#[test]
fn what_flowkiwi_lacks_is_refused_before_anything_is_sent() {
    let refused = [
        Operation::ToggleNode {
            level: ORGANIZATION,
            id: ORG.into(),
            on: true,
        },
        Operation::SetMembers {
            level: ORGANIZATION,
            node: ORG.into(),
            parties: Vec::new(),
        },
        Operation::GetParty { id: "m-1".into() },
        Operation::ListApprovals {
            node: None,
            page: None,
        },
        Operation::RemoveMember {
            scope: scope(INVITATIONS_TAB),
            party: "i-1".into(),
        },
        Operation::ResendInvite {
            scope: scope(MEMBERS_TAB),
            party: "m-1".into(),
        },
    ];
    for op in refused {
        assert!(call(&op, Paging::default()).is_err(), "{op:?}");
    }
    let who = call(&Operation::WhoAmI, Paging::default()).unwrap();
    assert_eq!(who.describe(), "GET /api/organizations?itemsPerPage=1");
}
