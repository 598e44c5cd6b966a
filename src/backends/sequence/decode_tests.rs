use std::cell::RefCell;

use super::*;
use crate::api::model::{Cursor, Filter};

const PAGE: &[u8] = br#"{"items": [
  {"id": "c-1", "legalName": "Acme", "organizations": [
     {"id": "org-1", "owner": {"id": "c-1", "name": "Acme"}, "members": [{"id": "c-2", "name": "Beta"}]}]},
  {"id": "c-2", "legalName": "Beta", "domain": "beta.example", "organizations": [
     {"id": "org-1", "owner": {"id": "c-1", "name": "Acme"}, "members": [{"id": "c-2", "name": "Beta"}]},
     {"id": "org-2", "owner": {"id": "c-2", "name": "Beta"}, "members": []}]}],
 "pagination": {"after": "YzI=", "totalResultSize": 40}}"#;

fn with_seen<T>(run: impl FnOnce(&Seen<'_>) -> T) -> (T, Vec<(String, String)>) {
    let learnt = RefCell::new(Vec::new());
    let learn = |org: &CustomerOrganization| {
        learnt
            .borrow_mut()
            .push((org.id.clone(), org.owner.id.clone()));
    };
    let known = |id: &str| {
        (id == "org-7").then(|| CustomerOrganization {
            id: "org-7".into(),
            owner: super::super::wire::CustomerRef {
                id: "c-1".into(),
                name: "Acme".into(),
            },
            members: vec![super::super::wire::CustomerRef {
                id: "c-5".into(),
                name: "Epsilon".into(),
            }],
        })
    };
    let seen = Seen {
        client_id: Some("client-7".into()),
        learn: &learn,
        known: &known,
    };
    let out = run(&seen);
    (out, learnt.into_inner())
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
fn a_page_of_customers_gives_its_organizations_once_each_and_teaches_their_owners() {
    let (decoded, learnt) = with_seen(|seen| decode(&organizations(), &Answer::ok(PAGE), seen));
    let Ok(Decoded::Page {
        reply: Reply::Nodes(page),
        next,
        total,
        scanned,
    }) = decoded
    else {
        panic!("a page of organizations");
    };
    let ids: Vec<&str> = page.items.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids, ["org-1", "org-2"]);
    assert_eq!(page.items[0].name, "Acme");
    let layout = SCHEMA.level(ORGANIZATION).unwrap().fields;
    assert_eq!(
        page.items[0].record.get(layout, MEMBER_COUNT).to_value(),
        Value::Number(1)
    );
    assert_eq!(
        page.items[0].record.text(layout, MEMBER_NAMES),
        Some("Beta")
    );
    assert_eq!(next, Some(Step::Scan(Some("YzI=".into())).cursor()));
    assert_eq!((total, scanned), (Some(40), Some(2)));
    assert!(learnt.contains(&("org-2".into(), "c-2".into())));
}

const OWNER_RECORD: &[u8] = br#"{"id": "c-1", "legalName": "Acme", "status": "ACTIVE",
  "contacts": [{"name": "x", "email": "ap@acme.example", "billingPreference": "STANDARD"},
               {"name": "y", "email": "billing@acme.example", "billingPreference": "PRIMARY"}],
  "url": "https://www.acme.example/about",
  "organizations": [{"id": "org-1", "owner": {"id": "c-1", "name": "Acme"},
                     "members": [{"id": "c-2", "name": "Beta"}, {"id": "c-3", "name": "Gamma"}]}]}"#;

fn members_of(org: &str) -> Operation {
    Operation::ListParties {
        scope: Scope::Node {
            level: ORGANIZATION,
            id: org.into(),
            tab: MEMBERS_TAB,
        },
        filter: Filter::default(),
        page: None,
    }
}

#[test]
fn the_members_tab_is_the_owner_then_each_member_in_turn() {
    let (decoded, _) =
        with_seen(|seen| decode(&members_of("org-1"), &Answer::ok(OWNER_RECORD), seen));
    let Ok(Decoded::Page {
        reply: Reply::Parties(page),
        next,
        ..
    }) = decoded
    else {
        panic!("a page of parties");
    };
    let owner = &page.items[0];
    assert_eq!(owner.id(), "c-1");
    assert_eq!(owner.get(&SCHEMA, ROLE).as_text(), Some("owner"));
    assert_eq!(owner.get(&SCHEMA, STATUS).as_text(), Some("ACTIVE"));
    assert_eq!(
        owner.get(&SCHEMA, EMAIL).as_text(),
        Some("billing@acme.example")
    );
    assert_eq!(
        owner.get(&SCHEMA, DOMAIN).as_text(),
        Some("www.acme.example")
    );
    assert_eq!(owner.memberships[0].role.as_deref(), Some("owner"));
    assert_eq!(next, Some(Step::Customer("c-2".into()).cursor()));
    let member = br#"{"id": "c-3", "legalName": "Gamma", "organizations": [{"id": "org-1",
        "owner": {"id": "c-1", "name": "Acme"}, "members": [{"id": "c-2", "name": "Beta"}, {"id": "c-3", "name": "Gamma"}]}]}"#;
    let (decoded, _) = with_seen(|seen| decode(&members_of("org-1"), &Answer::ok(member), seen));
    let Ok(Decoded::Page {
        reply: Reply::Parties(page),
        next: None,
        ..
    }) = decoded
    else {
        panic!("the last member ends the tab");
    };
    assert_eq!(page.items[0].get(&SCHEMA, ROLE).as_text(), Some("member"));
}

#[test]
fn one_organization_is_found_on_its_owner_or_else_searched_for() {
    let get = |id: &str| Operation::GetNode {
        level: ORGANIZATION,
        id: id.into(),
    };
    let (found, _) = with_seen(|seen| decode(&get("org-1"), &Answer::ok(OWNER_RECORD), seen));
    assert!(matches!(found, Ok(Decoded::Reply(Reply::Node(ref n))) if n.id == "org-1"));
    // The owner no longer lists it: every customer is scanned for it.
    let (lost, _) = with_seen(|seen| decode(&get("org-9"), &Answer::ok(OWNER_RECORD), seen));
    let Ok(Decoded::Page { next, .. }) = lost else {
        panic!("a walk");
    };
    assert_eq!(next, Some(Step::Scan(None).cursor()));
    let (scanned, _) = with_seen(|seen| decode(&get("org-2"), &Answer::ok(PAGE), seen));
    let Ok(Decoded::Page {
        reply: Reply::Nodes(page),
        next: None,
        ..
    }) = scanned
    else {
        panic!("found on the page, the walk ends");
    };
    assert_eq!(page.items.len(), 1);
    assert_eq!(Step::of(&Cursor::new("scan:")), Step::Scan(None));
}

#[test]
fn a_customer_page_is_parties_and_writes_answer_the_organization() {
    let list = Operation::ListParties {
        scope: Scope::Tenant(crate::backends::sequence::schema::CUSTOMERS),
        filter: Filter::default(),
        page: None,
    };
    let (decoded, _) = with_seen(|seen| decode(&list, &Answer::ok(PAGE), seen));
    let Ok(Decoded::Page {
        reply: Reply::Parties(page),
        total: Some(40),
        ..
    }) = decoded
    else {
        panic!("a page of customers");
    };
    assert_eq!(
        page.items[1].get(&SCHEMA, DOMAIN).as_text(),
        Some("beta.example")
    );
    assert!(page.items[1].get(&SCHEMA, ROLE).is_empty());
    assert_eq!(page.items[1].memberships.len(), 2);
    let set = Operation::SetMembers {
        level: ORGANIZATION,
        node: "org-2".into(),
        parties: Vec::new(),
    };
    let body = br#"{"id": "org-2", "owner": {"id": "c-2", "name": "Beta"}, "members": []}"#;
    let (decoded, learnt) = with_seen(|seen| decode(&set, &Answer::ok(body), seen));
    assert!(matches!(decoded, Ok(Decoded::Reply(Reply::Node(ref n))) if n.name == "Beta"));
    assert_eq!(learnt, [("org-2".to_owned(), "c-2".to_owned())]);
    let (bad, _) = with_seen(|seen| decode(&set, &Answer::ok(b"{\"id\": 3}"), seen));
    assert!(bad.is_err());
}

#[test]
fn an_owner_record_that_leaves_its_organization_out_goes_on_from_the_copy_last_seen() {
    // `OWNER_RECORD` lists org-1 only; org-7 was seen on a member's record.
    let (decoded, _) =
        with_seen(|seen| decode(&members_of("org-7"), &Answer::ok(OWNER_RECORD), seen));
    let Ok(Decoded::Page {
        reply: Reply::Parties(page),
        next,
        ..
    }) = decoded
    else {
        panic!("the owner");
    };
    assert_eq!(page.items[0].get(&SCHEMA, ROLE).as_text(), Some("owner"));
    assert_eq!(next, Some(Step::Customer("c-5".into()).cursor()));
    let (unknown, _) =
        with_seen(|seen| decode(&members_of("org-8"), &Answer::ok(OWNER_RECORD), seen));
    let Ok(Decoded::Page { next, .. }) = unknown else {
        panic!("a walk");
    };
    assert_eq!(next, Some(Step::Scan(None).cursor()));
}
