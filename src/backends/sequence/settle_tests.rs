use super::*;
use crate::api::model::Page;
use crate::api::value::{Draft, Value};
use crate::backends::sequence::decode::organization;
use crate::backends::sequence::schema::MEMBERS_TAB;
use crate::backends::sequence::wire::{CustomerOrganization, CustomerRef};

fn org(id: &str, owner: &str, members: &[&str]) -> Node {
    let named = |id: &str| CustomerRef {
        id: id.into(),
        name: format!("{id} Ltd"),
    };
    organization(&CustomerOrganization {
        id: id.into(),
        owner: named(owner),
        members: members.iter().map(|m| named(m)).collect(),
    })
}

fn nodes(items: Vec<Node>) -> Result<Reply, ApiError> {
    Ok(Reply::Nodes(Page::one(items)))
}

fn create(owner: &str, members: &[&str]) -> Operation {
    Operation::CreateNode {
        level: ORGANIZATION,
        parent: None,
        draft: Draft {
            values: vec![
                (OWNER, Value::Text(owner.into())),
                (
                    MEMBERS,
                    Value::List(members.iter().map(|m| (*m).to_owned()).collect()),
                ),
            ],
            idempotency_key: None,
        },
    }
}

#[test]
fn a_lost_create_is_settled_by_the_owner_s_organizations_of_that_shape() {
    let op = create("c-1", &["c-2", "c-3"]);
    assert_eq!(settle(&op), Settle::Read(owned_by("c-1")));
    let before = nodes(vec![org("o-1", "c-1", &["c-2"])]);
    let made = nodes(vec![
        org("o-1", "c-1", &["c-2"]),
        org("o-2", "c-1", &["c-3", "c-2"]),
    ]);
    assert_eq!(verdict(&op, &before, &made), Verdict::Applied);
    assert_eq!(verdict(&op, &before, &before), Verdict::NotApplied);
    // An organization of that shape before, and no second one after: not made.
    assert_eq!(verdict(&op, &made, &made), Verdict::NotApplied);
    let failed: Result<Reply, ApiError> = Err(ApiError::Timeout {
        after: std::time::Duration::from_secs(1),
    });
    assert_eq!(verdict(&op, &failed, &made), Verdict::Unknown);
    assert_eq!(verdict(&op, &failed, &before), Verdict::NotApplied);
    let Reply::Node(confirmed) = confirmed_reply(&op, made.unwrap()) else {
        panic!("the organization made");
    };
    assert_eq!(confirmed.id, "o-2");
    let ownerless = Operation::CreateNode {
        level: ORGANIZATION,
        parent: None,
        draft: Draft::default(),
    };
    assert_eq!(settle(&ownerless), Settle::Unknown);
}

#[test]
fn member_edits_are_safe_to_repeat_and_settled_by_re_reading_the_organization() {
    let add = Operation::AddMembers {
        scope: Scope::Node {
            level: ORGANIZATION,
            id: "o-1".into(),
            tab: MEMBERS_TAB,
        },
        draft: Draft {
            values: vec![(ADD_CUSTOMERS, Value::List(vec!["c-3".into()]))],
            idempotency_key: None,
        },
    };
    assert_eq!(settle(&add), Settle::Read(read_of("o-1")));
    let without = Ok(Reply::Node(org("o-1", "c-1", &["c-2"])));
    let with = Ok(Reply::Node(org("o-1", "c-1", &["c-2", "c-3"])));
    assert_eq!(verdict(&add, &without, &with), Verdict::Applied);
    assert_eq!(verdict(&add, &with, &with), Verdict::AlreadySo);
    assert_eq!(verdict(&add, &without, &without), Verdict::NotApplied);
    let set = Operation::SetMembers {
        level: ORGANIZATION,
        node: "o-1".into(),
        parties: vec!["c-2".into()],
    };
    assert_eq!(verdict(&set, &with, &without), Verdict::Applied);
    assert_eq!(verdict(&set, &with, &with), Verdict::NotApplied);
}
