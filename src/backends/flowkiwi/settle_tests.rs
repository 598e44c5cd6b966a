use super::*;
use crate::api::model::Page;
use crate::api::problem::Problem;
use crate::api::value::{Changes, Draft};
use crate::backends::flowkiwi::decode::{invitation, organization};
use crate::backends::flowkiwi::wire::{Invitation, Organization};

const ORG: &str = "0196f3a0-1111-7000-8000-000000000001";

fn org(id: &str, name: &str, created: &str) -> Node {
    let wire: Organization = serde_json::from_value(serde_json::json!({
        "@id": format!("/api/organizations/{id}"), "@type": "Organization", "id": id,
        "name": name, "created_at": created, "updated_at": created}))
    .unwrap();
    organization(&wire)
}

fn nodes(items: Vec<Node>) -> Result<Reply, ApiError> {
    Ok(Reply::Nodes(Page::one(items)))
}

fn create(name: &str) -> Operation {
    Operation::CreateNode {
        level: ORGANIZATION,
        parent: None,
        draft: Draft {
            values: vec![(ORG_NAME, Value::Text(name.into()))],
            idempotency_key: None,
        },
    }
}

#[test]
fn a_lost_create_is_read_back_by_its_name_and_one_new_organization_is_it() {
    let write = create("Acme");
    let Settle::Read(Operation::ListNodes { filter, .. }) = settle(&write) else {
        panic!("a read of the organizations");
    };
    assert_eq!(filter.values(NAME_SEARCH), ["Acme"]);
    let old = org("o-1", "Acme", "2026-11-01T00:00:00+00:00");
    // `?name=` is partial: "Acme Labs" is not of that name.
    let labs = org("o-2", "Acme Labs", "2026-11-02T00:00:00+00:00");
    let made = org("o-3", "Acme", "2026-12-01T00:00:00+00:00");
    let before = nodes(vec![old.clone(), labs.clone()]);
    let after = nodes(vec![made.clone(), old.clone(), labs.clone()]);
    assert_eq!(verdict(&write, &before, &after), Verdict::Applied);
    // Names are not unique: one of that name before and no new one is not made.
    assert_eq!(verdict(&write, &before, &before), Verdict::NotApplied);
    assert_eq!(
        verdict(
            &write,
            &nodes(vec![labs.clone()]),
            &nodes(vec![labs.clone()])
        ),
        Verdict::NotApplied
    );
    let twin = org("o-4", "Acme", "2026-12-01T00:00:01+00:00");
    let two_new = nodes(vec![made.clone(), twin, old.clone()]);
    assert_eq!(verdict(&write, &before, &two_new), Verdict::Unknown);
    let failed: Result<Reply, ApiError> = Err(ApiError::Rejected(Box::new(Problem {
        status: Some(500),
        code: None,
        summary: "failed".into(),
        fields: Vec::new(),
        request_id: None,
        retry_after_secs: None,
        hint: None,
        raw: String::new(),
    })));
    assert_eq!(verdict(&write, &before, &failed), Verdict::Unknown);
    let Reply::Node(confirmed) = confirmed_reply(&write, after.unwrap()) else {
        panic!("the organization made");
    };
    assert_eq!(confirmed.id, "o-3");
}

fn invite_json(id: &str, email: &str, status: &str, sends: u32) -> Party {
    let wire: Invitation = serde_json::from_value(serde_json::json!({
        "@id": format!("/i/{id}"), "@type": "Invitation", "id": id, "email": email,
        "role": "member", "status": status,
        "invited_by": {"@id": "/m/1", "@type": "Member", "id": "m-1", "email": "jane@acme.example",
                       "name": "Jane", "role": "owner", "joined_at": "2026-11-01T00:00:00+00:00"},
        "created_at": format!("2026-11-2{}T00:00:00+00:00", id.len()),
        "last_sent_at": "2026-11-20T00:00:00+00:00", "send_count": sends,
        "expires_at": "2026-11-27T00:00:00+00:00"}))
    .unwrap();
    invitation(ORG, &wire)
}

fn parties(items: Vec<Party>) -> Result<Reply, ApiError> {
    Ok(Reply::Parties(Page::one(items)))
}

fn invitations() -> Scope {
    Scope::Node {
        level: ORGANIZATION,
        id: ORG.into(),
        tab: INVITATIONS_TAB,
    }
}

#[test]
fn a_lost_invite_is_read_back_by_its_email_and_a_new_pending_one_is_it() {
    let write = Operation::AddMembers {
        scope: invitations(),
        draft: Draft {
            values: vec![
                (EMAIL, Value::Text("ada@new.example".into())),
                (ROLE, Value::Word("member")),
            ],
            idempotency_key: None,
        },
    };
    let Settle::Read(Operation::ListParties { filter, scope, .. }) = settle(&write) else {
        panic!("a read of the invitations");
    };
    assert_eq!(scope, invitations());
    assert_eq!(filter.values(EMAIL_FILTER), ["ada@new.example"]);
    // An old, revoked invitation of the same address is not this one.
    let revoked = invite_json("i", "ada@new.example", "revoked", 1);
    let pending = invite_json("ii", "ADA@new.example", "pending", 1);
    let before = parties(vec![revoked.clone()]);
    let after = parties(vec![pending.clone(), revoked.clone()]);
    assert_eq!(verdict(&write, &before, &after), Verdict::Applied);
    assert_eq!(verdict(&write, &before, &before), Verdict::NotApplied);
    // Already pending before, and no new one: it was so already.
    assert_eq!(verdict(&write, &after, &after), Verdict::AlreadySo);
    let Reply::Party(confirmed) = confirmed_reply(&write, after.unwrap()) else {
        panic!("the invitation made");
    };
    assert_eq!(confirmed.id(), "ii");
}

#[test]
fn a_resend_is_never_repeated_and_is_settled_by_its_send_count() {
    let write = Operation::ResendInvite {
        scope: invitations(),
        party: "i".into(),
    };
    assert!(matches!(settle(&write), Settle::Read(_)));
    let once = parties(vec![invite_json("i", "a@b.example", "pending", 1)]);
    let twice = parties(vec![invite_json("i", "a@b.example", "pending", 2)]);
    assert_eq!(verdict(&write, &once, &twice), Verdict::Applied);
    assert_eq!(verdict(&write, &once, &once), Verdict::NotApplied);
    assert_eq!(
        verdict(&write, &parties(Vec::new()), &twice),
        Verdict::Unknown
    );
    let revoke = Operation::RevokeInvite {
        scope: invitations(),
        party: "i".into(),
    };
    let revoked = parties(vec![invite_json("i", "a@b.example", "revoked", 1)]);
    assert_eq!(verdict(&revoke, &once, &revoked), Verdict::Applied);
    assert_eq!(verdict(&revoke, &revoked, &revoked), Verdict::AlreadySo);
    assert_eq!(verdict(&revoke, &once, &once), Verdict::NotApplied);
}

#[test]
fn a_rename_shows_its_name_and_a_delete_is_gone() {
    let rename = Operation::UpdateNode {
        level: ORGANIZATION,
        id: "o-1".into(),
        changes: Changes {
            values: vec![(ORG_NAME, Value::Text("Acme Two".into()))],
        },
    };
    assert!(matches!(
        settle(&rename),
        Settle::Read(Operation::GetNode { .. })
    ));
    let old = Ok(Reply::Node(org("o-1", "Acme", "t")));
    let new = Ok(Reply::Node(org("o-1", "Acme Two", "t")));
    assert_eq!(verdict(&rename, &old, &new), Verdict::Applied);
    assert_eq!(verdict(&rename, &old, &old), Verdict::NotApplied);
    let delete = Operation::DeleteNode {
        level: ORGANIZATION,
        id: "o-1".into(),
    };
    let gone: Result<Reply, ApiError> = Err(ApiError::Rejected(Box::new(Problem {
        status: Some(404),
        code: None,
        summary: "Not Found".into(),
        fields: Vec::new(),
        request_id: None,
        retry_after_secs: None,
        hint: None,
        raw: String::new(),
    })));
    assert_eq!(verdict(&delete, &old, &gone), Verdict::Applied);
    assert_eq!(verdict(&delete, &old, &old), Verdict::NotApplied);
}
