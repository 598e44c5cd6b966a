use super::*;
use crate::api::model::Scope;
use crate::backends::flowkiwi::schema::{INVITATIONS_TAB, MEMBERS_TAB};
use crate::backends::flowkiwi::wire::hydra_prefixed;

const ORG: &str = "0196f3a0-1111-7000-8000-000000000001";

fn jane(role: &str) -> serde_json::Value {
    serde_json::json!({"@id": "/api/organizations/x/members/m-jane", "@type": "Member",
        "id": "m-jane", "email": "jane@acme.example", "name": "Jane Doe", "role": role,
        "joined_at": "2026-11-02T09:30:00+00:00"})
}

fn sam() -> serde_json::Value {
    serde_json::json!({"@id": "/api/organizations/x/members/m-sam", "@type": "Member",
        "id": "m-sam", "email": "sam@acme.example", "name": null, "role": "member",
        "joined_at": "2026-11-03T10:00:00+00:00"})
}

fn organizations_page(next: Option<&str>) -> serde_json::Value {
    let mut view = serde_json::json!({"@id": "/api/organizations?itemsPerPage=1&page=1",
        "@type": "PartialCollectionView", "first": "/api/organizations?itemsPerPage=1&page=1"});
    if let Some(next) = next {
        view["next"] = serde_json::json!(next);
    }
    serde_json::json!({"@context": "/api/contexts/Organization", "@id": "/api/organizations",
        "@type": "Collection", "totalItems": 3,
        "member": [{"@id": format!("/api/organizations/{ORG}"), "@type": "Organization",
            "id": null, "name": "Acme Corp", "created_at": "2026-11-02T09:30:00+00:00",
            "updated_at": "2026-11-05T09:30:00+00:00",
            "owners": [jane("owner")], "members": [sam()]}],
        "view": view})
}

fn list() -> Operation {
    Operation::ListNodes {
        level: ORGANIZATION,
        parent: None,
        filter: Filter::default(),
        page: None,
    }
}

fn decoded(op: &Operation, body: &serde_json::Value) -> Decoded {
    let bytes = serde_json::to_vec(body).unwrap();
    decode(op, &Answer::ok(&bytes)).unwrap()
}

#[test]
fn a_page_of_organizations_reads_the_same_in_both_hydra_spellings() {
    let plain = organizations_page(Some("/api/organizations?itemsPerPage=1&page=2"));
    for body in [plain.clone(), hydra_prefixed(plain)] {
        let Decoded::Page {
            reply: Reply::Nodes(page),
            next,
            total,
            ..
        } = decoded(&list(), &body)
        else {
            panic!("a page of nodes");
        };
        assert_eq!(
            next.as_ref().map(Cursor::as_str),
            Some("/api/organizations?itemsPerPage=1&page=2")
        );
        assert_eq!(total, Some(3));
        let acme = &page.items[0];
        // `id` is null: the uuid is the IRI's last segment.
        assert_eq!(acme.id, ORG);
        assert_eq!(acme.name, "Acme Corp");
        let layout = org_layout();
        assert_eq!(
            acme.record.get(layout, OWNER_COUNT).to_value(),
            Value::Number(1)
        );
        assert_eq!(
            acme.record.get(layout, MEMBER_COUNT).to_value(),
            Value::Number(1)
        );
        assert_eq!(acme.record.text(layout, OWNER_NAMES), Some("Jane Doe"));
        assert_eq!(
            acme.record.text(layout, CREATED),
            Some("2026-11-02T09:30:00+00:00")
        );
    }
}

#[test]
fn the_last_page_has_no_next_whatever_total_items_says() {
    let Decoded::Page { next, .. } = decoded(&list(), &organizations_page(None)) else {
        panic!("a page");
    };
    assert_eq!(next, None);
    // A view pointing at itself ends the list rather than looping.
    let own = organizations_page(Some("/api/organizations?itemsPerPage=1&page=1"));
    let Decoded::Page { next, .. } = decoded(&list(), &own) else {
        panic!("a page");
    };
    assert_eq!(next, None);
    let mut whole = organizations_page(None);
    whole.as_object_mut().unwrap().remove("view");
    let Decoded::Page { next, .. } = decoded(&list(), &whole) else {
        panic!("a page");
    };
    assert_eq!(next, None);
}

#[test]
fn owners_without_a_name_are_told_by_their_email() {
    let mut body = organizations_page(None)["member"][0].clone();
    body["owners"] = serde_json::json!([jane("owner"), {"@id": "/m/2", "@type": "Member",
        "id": "m-2", "email": "olga@nimbus.example", "name": null, "role": "owner",
        "joined_at": "2026-11-05T09:30:00+00:00"}]);
    let get = Operation::GetNode {
        level: ORGANIZATION,
        id: ORG.into(),
    };
    let Decoded::Reply(Reply::Node(node)) = decoded(&get, &body) else {
        panic!("one node");
    };
    assert_eq!(
        node.record.text(org_layout(), OWNER_NAMES),
        Some("Jane Doe, olga@nimbus.example")
    );
}

fn tab(tab: crate::api::schema::TabId) -> Scope {
    Scope::Node {
        level: ORGANIZATION,
        id: ORG.into(),
        tab,
    }
}

#[test]
fn members_are_parties_with_one_active_membership_of_their_organization() {
    let body = serde_json::json!({"@id": "/api/organizations/x/members", "@type": "Collection",
        "totalItems": 2, "member": [jane("owner"), sam()]});
    let op = Operation::ListParties {
        scope: tab(MEMBERS_TAB),
        filter: Filter::default(),
        page: None,
    };
    let Decoded::Page {
        reply: Reply::Parties(page),
        ..
    } = decoded(&op, &hydra_prefixed(body))
    else {
        panic!("a page of parties");
    };
    let [jane, sam] = page.items.as_slice() else {
        panic!("two members: {page:?}");
    };
    assert_eq!(jane.id(), "m-jane");
    assert_eq!(jane.get(&SCHEMA, ROLE).to_value(), Value::Word("owner"));
    assert_eq!(
        jane.get(&SCHEMA, PARTNER_NAME).to_value(),
        Value::text(Some("Jane Doe"))
    );
    assert_eq!(sam.get(&SCHEMA, PARTNER_NAME).to_value(), Value::Empty);
    let membership = &jane.memberships[0];
    assert_eq!(
        (
            &*membership.node,
            membership.role.as_deref(),
            membership.state
        ),
        (ORG, Some("owner"), MemberState::Active)
    );
}

fn invitation_json(id: &str, status: &str) -> serde_json::Value {
    serde_json::json!({"@id": format!("/api/organizations/x/invitations/{id}"),
        "@type": "Invitation", "id": id, "email": format!("{id}@new.example"), "role": "member",
        "status": status, "invited_by": jane("owner"), "created_at": "2026-11-20T09:00:00+00:00",
        "last_sent_at": "2026-11-21T09:00:00+00:00", "send_count": 2,
        "expires_at": "2026-11-28T09:00:00+00:00", "accepted_at": null, "revoked_at": null})
}

#[test]
fn invitations_are_invited_active_or_closed_by_their_status() {
    let body = serde_json::json!({"@id": "/api/organizations/x/invitations",
        "@type": "Collection", "member": [invitation_json("p", "pending"),
        invitation_json("a", "accepted"), invitation_json("r", "revoked"),
        invitation_json("e", "expired")]});
    let all = Operation::ListParties {
        scope: tab(INVITATIONS_TAB),
        filter: Filter::default(),
        page: None,
    };
    let Decoded::Page {
        reply: Reply::Parties(page),
        ..
    } = decoded(&all, &body)
    else {
        panic!("a page of parties");
    };
    let states: Vec<MemberState> = page.items.iter().map(|p| p.state).collect();
    assert_eq!(
        states,
        [
            MemberState::Invited,
            MemberState::Active,
            MemberState::Closed,
            MemberState::Closed
        ]
    );
    let pending = &page.items[0];
    assert_eq!(pending.get(&SCHEMA, SENDS).to_value(), Value::Number(2));
    assert_eq!(
        pending.get(&SCHEMA, INVITED_BY).to_value(),
        Value::text(Some("Jane Doe"))
    );
    assert_eq!(
        pending.get(&SCHEMA, STATUS).to_value(),
        Value::text(Some("pending"))
    );
    assert_eq!(
        pending.get(&SCHEMA, EXPIRES).to_value(),
        Value::text(Some("2026-11-28T09:00:00+00:00"))
    );
    assert_eq!(pending.memberships[0].state, MemberState::Invited);
    // Closed is two statuses: the server is asked for neither, the page is filtered.
    let closed = Operation::ListParties {
        scope: tab(INVITATIONS_TAB),
        filter: Filter {
            fields: Vec::new(),
            states: vec![MemberState::Closed],
        },
        page: None,
    };
    let Decoded::Page {
        reply: Reply::Parties(page),
        ..
    } = decoded(&closed, &body)
    else {
        panic!("a page of parties");
    };
    let ids: Vec<&str> = page.items.iter().map(Party::id).collect();
    assert_eq!(ids, ["r", "e"]);
}

#[test]
fn writes_answer_the_thing_they_made_or_changed() {
    let resend = Operation::ResendInvite {
        scope: tab(INVITATIONS_TAB),
        party: "p".into(),
    };
    let Decoded::Reply(Reply::Party(party)) = decoded(&resend, &invitation_json("p", "pending"))
    else {
        panic!("the invitation");
    };
    assert_eq!(party.id(), "p");
    let delete = Operation::DeleteNode {
        level: ORGANIZATION,
        id: ORG.into(),
    };
    assert!(matches!(
        decode(&delete, &Answer::ok(b"")),
        Ok(Decoded::Reply(Reply::Done(_)))
    ));
    let who = decoded(&Operation::WhoAmI, &organizations_page(None));
    let Decoded::Reply(Reply::Caller(me)) = who else {
        panic!("the caller");
    };
    // Nothing in the answer names the caller: no name is made up.
    assert_eq!(me.role, "partner");
    assert!(!me.label.contains("Jane"), "{me:?}");
    assert!(decode(&list(), &Answer::ok(b"<html>")).is_err());
}
