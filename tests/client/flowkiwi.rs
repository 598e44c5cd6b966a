//! The Flowkiwi adapter through the real client against the Flowkiwi sandbox, in
//! both Hydra spellings: organizations read a page at a time by `view.next`, a
//! tab read to its end across pages, a lost create and a lost invitation settled
//! by re-reading (never sent twice), a refused token, a rename sent as
//! merge-patch (so the 415 is never met), and violations on their fields.

use std::sync::Arc;

use orgdeck::api::backend::Backend;
use orgdeck::api::error::{ApiError, WriteOutcome};
use orgdeck::api::model::{Filter, Node, Operation, Page, Reply, Scope};
use orgdeck::api::value::{Changes, Draft, Value};
use orgdeck::backends::flowkiwi::Flowkiwi;
use orgdeck::backends::flowkiwi::sandbox::{self, DEMO_TOKEN, SandboxConfig};
use orgdeck::backends::flowkiwi::schema::{
    EMAIL, INVITATIONS_TAB, MEMBERS_TAB, ORG_NAME, ORGANIZATION, ROLE,
};
use orgdeck::sandbox::RunningSandbox;

use crate::support::client::{Client, finished, settings};
use crate::support::fake_servers::{Mode, Proxy, holding_writes};

/// Acme Corp, which Jane owns.
const ACME_CORP: &str = "0196f3a0-1111-7000-8000-000000000001";

async fn running(hydra_prefix: bool) -> RunningSandbox {
    crate::support::install_crypto();
    sandbox::start(SandboxConfig {
        hydra_prefix,
        ..SandboxConfig::default()
    })
    .await
    .expect("the Flowkiwi sandbox starts")
}

fn backend() -> Arc<dyn Backend> {
    Arc::new(Flowkiwi)
}

fn client_at(base_url: &str, token: &str, page_size: Option<u32>) -> Client {
    let mut settings = settings(base_url, token);
    settings.page_size = page_size;
    Client::spawn_with(settings, backend())
}

fn organizations(page: Option<orgdeck::api::model::Cursor>) -> Operation {
    Operation::ListNodes {
        level: ORGANIZATION,
        parent: None,
        filter: Filter::default(),
        page,
    }
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

fn tab(tab: orgdeck::api::schema::TabId) -> Scope {
    Scope::Node {
        level: ORGANIZATION,
        id: ACME_CORP.into(),
        tab,
    }
}

fn people(scope: Scope) -> Operation {
    Operation::ListParties {
        scope,
        filter: Filter::default(),
        page: None,
    }
}

fn invite(email: &str) -> Operation {
    Operation::AddMembers {
        scope: tab(INVITATIONS_TAB),
        draft: Draft {
            values: vec![
                (EMAIL, Value::Text(email.into())),
                (ROLE, Value::Word("member")),
            ],
            idempotency_key: None,
        },
    }
}

fn ids(reply: &Reply) -> Vec<String> {
    let mut ids: Vec<String> = match reply {
        Reply::Nodes(page) => page.items.iter().map(|n| n.id.clone()).collect(),
        Reply::Parties(page) => page.items.iter().map(|p| p.id().to_owned()).collect(),
        other => panic!("not a list: {other:?}"),
    };
    ids.sort();
    ids
}

async fn one_page(client: &mut Client, op: Operation) -> Page<Node> {
    let id = client.handle.page(op);
    match finished(&mut client.rx, id).await.result {
        Ok(Reply::Nodes(page)) => page,
        other => panic!("a page of organizations: {other:?}"),
    }
}

#[tokio::test]
async fn organizations_come_a_page_at_a_time_by_view_next_in_both_spellings() {
    for prefix in [false, true] {
        let sandbox = running(prefix).await;
        let mut paged = client_at(&sandbox.base_url(), DEMO_TOKEN, Some(1));
        let mut seen = Vec::new();
        let mut cursor = None;
        let mut pages = 0;
        loop {
            let page = one_page(&mut paged, organizations(cursor)).await;
            pages += 1;
            assert_eq!(page.items.len(), 1, "prefix {prefix}: one a page");
            assert!(page.total.is_some(), "prefix {prefix}: totalItems is read");
            seen.extend(page.items.into_iter().map(|n| n.id));
            match page.next {
                // The cursor is the server's own next IRI.
                Some(next) => {
                    assert!(next.as_str().contains("page="), "{next:?}");
                    cursor = Some(next);
                }
                None => break,
            }
        }
        assert!(pages > 1, "prefix {prefix}: more than one page");
        seen.sort();
        let mut whole = client_at(&sandbox.base_url(), DEMO_TOKEN, None);
        assert_eq!(
            seen,
            ids(&whole.ok(organizations(None)).await),
            "prefix {prefix}"
        );
    }
}

#[tokio::test]
async fn a_tab_is_read_to_its_end_across_pages_in_both_spellings() {
    for prefix in [false, true] {
        let sandbox = running(prefix).await;
        let mut paged = client_at(&sandbox.base_url(), DEMO_TOKEN, Some(1));
        let mut whole = client_at(&sandbox.base_url(), DEMO_TOKEN, None);
        for scope in [tab(MEMBERS_TAB), tab(INVITATIONS_TAB)] {
            let all = ids(&paged.ok(people(scope.clone())).await);
            assert!(all.len() > 1, "prefix {prefix}: {scope:?} pages: {all:?}");
            assert_eq!(all, ids(&whole.ok(people(scope)).await), "prefix {prefix}");
        }
    }
}

#[tokio::test]
async fn a_lost_create_is_settled_by_its_name_applied_or_not_and_never_sent_twice() {
    let sandbox = running(false).await;
    let mut admin = client_at(&sandbox.base_url(), DEMO_TOKEN, None);
    // A name that is part of another's ("Acme"): `?name=` matches both, only one is it.
    let lost = Proxy::start(&sandbox.base_url(), Mode::LoseWrites);
    let mut lossy = client_at(&lost.base_url(), DEMO_TOKEN, None);
    let outcome = lossy.run(create("Acme")).await;
    assert_eq!(lost.writes(), 1, "the create was sent again");
    assert!(outcome.reconciled, "{:?}", outcome.result);
    let Ok(Reply::Node(made)) = outcome.result else {
        panic!("confirmed as the organization made: {:?}", outcome.result);
    };
    assert_eq!(made.name, "Acme");
    assert!(ids(&admin.ok(organizations(None)).await).contains(&made.id));
    let refused = Proxy::start(&sandbox.base_url(), Mode::GatewayInstead(503));
    let mut gated = client_at(&refused.base_url(), DEMO_TOKEN, None);
    let before = ids(&admin.ok(organizations(None)).await);
    let err = gated.fails(create("Acme")).await;
    assert!(
        matches!(
            err,
            ApiError::WriteUncertain {
                outcome: WriteOutcome::NotDone,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(refused.writes(), 1);
    assert_eq!(ids(&admin.ok(organizations(None)).await), before);
}

#[tokio::test]
async fn a_lost_invitation_is_settled_by_its_email() {
    let sandbox = running(true).await;
    let lost = Proxy::start(&sandbox.base_url(), Mode::LoseWrites);
    let mut lossy = client_at(&lost.base_url(), DEMO_TOKEN, None);
    let outcome = lossy.run(invite("lost.answer@new.example")).await;
    assert_eq!(lost.writes(), 1, "the invitation was sent again");
    assert!(outcome.reconciled, "{:?}", outcome.result);
    let Ok(Reply::Party(made)) = outcome.result else {
        panic!("confirmed as the invitation made: {:?}", outcome.result);
    };
    let mut admin = client_at(&sandbox.base_url(), DEMO_TOKEN, None);
    let listed = ids(&admin.ok(people(tab(INVITATIONS_TAB))).await);
    assert!(listed.contains(&made.id().to_owned()), "{listed:?}");
}

#[tokio::test]
async fn a_refused_token_says_so_without_quoting_it() {
    let sandbox = running(false).await;
    let mut stranger = client_at(&sandbox.base_url(), "fk-wrong-token-77", None);
    let err = stranger.fails(Operation::WhoAmI).await;
    assert_eq!(err.status(), Some(401));
    assert!(err.to_string().contains("the token was refused"), "{err}");
    assert!(!err.to_string().contains("fk-wrong-token-77"), "{err}");
    let hint = err.hint().unwrap_or_default();
    assert!(hint.contains("token"), "{hint}");
}

#[tokio::test]
async fn a_rename_is_sent_as_merge_patch_and_the_server_takes_it() {
    let rename = |name: &str| Operation::UpdateNode {
        level: ORGANIZATION,
        id: ACME_CORP.into(),
        changes: Changes {
            values: vec![(ORG_NAME, Value::Text(name.into()))],
        },
    };
    // What goes out, as a server sees it.
    let (url, heads) = holding_writes();
    let held = client_at(&url, DEMO_TOKEN, None);
    held.handle.send(rename("Acme Corporation"));
    let patch = tokio::task::spawn_blocking(move || {
        heads
            .iter()
            .find(|request| request.starts_with("PATCH "))
            .expect("the PATCH arrives")
    })
    .await
    .unwrap();
    let lower = patch.to_ascii_lowercase();
    assert!(
        lower.contains("content-type: application/merge-patch+json"),
        "{patch}"
    );
    assert!(lower.contains("accept: application/ld+json"), "{patch}");
    assert!(patch.ends_with(r#"{"name":"Acme Corporation"}"#), "{patch}");
    // And the sandbox, which answers 415 to any other type, takes it.
    let sandbox = running(false).await;
    let mut admin = client_at(&sandbox.base_url(), DEMO_TOKEN, None);
    let Reply::Node(renamed) = admin.ok(rename("Acme Corporation")).await else {
        panic!("the organization renamed");
    };
    assert_eq!(renamed.name, "Acme Corporation");
}

#[tokio::test]
async fn violations_land_on_the_fields_they_name() {
    let sandbox = running(true).await;
    let mut admin = client_at(&sandbox.base_url(), DEMO_TOKEN, None);
    let err = admin.fails(create("   ")).await;
    assert_eq!(err.status(), Some(422));
    let problem = err.problem().expect("the violations");
    assert!(problem.for_field("name").next().is_some(), "{problem:?}");
    let err = admin.fails(invite("not-an-email")).await;
    assert_eq!(err.status(), Some(422));
    let problem = err.problem().expect("the violations");
    assert!(problem.for_field("email").next().is_some(), "{problem:?}");
}

#[tokio::test]
async fn the_sandbox_s_refusals_say_what_to_do() {
    // What the operator reads: the cause, then what to do.
    let said = |e: &ApiError| format!("{e} {}", e.hint().unwrap_or_default());
    let sandbox = running(false).await;
    let mut admin = client_at(&sandbox.base_url(), DEMO_TOKEN, None);
    // Lee's invitation was sent seconds ago: a resend is too soon.
    let lee = "0196f3a0-4444-7000-8000-000000000005";
    let resend = Operation::ResendInvite {
        scope: tab(INVITATIONS_TAB),
        party: lee.into(),
    };
    let err = admin.fails(resend).await;
    assert_eq!(err.status(), Some(429));
    let problem = err.problem().expect("the refusal");
    assert!(
        problem.retry_after_secs.is_some_and(|s| s <= 60),
        "{problem:?}"
    );
    assert!(
        problem.summary.contains("less than a minute ago"),
        "{problem:?}"
    );
    // Revoked once is revoked: the second is refused, and says why.
    let revoke = || Operation::RevokeInvite {
        scope: tab(INVITATIONS_TAB),
        party: lee.into(),
    };
    let Reply::Party(revoked) = admin.ok(revoke()).await else {
        panic!("the revoked invitation");
    };
    assert_eq!(revoked.state, orgdeck::api::model::MemberState::Closed);
    let err = admin.fails(revoke()).await;
    assert_eq!(err.status(), Some(409));
    assert!(said(&err).contains("only a pending invitation"), "{err}");
    // Acme Labs still has instances, and Jane is its only owner.
    let labs = "0196f3a0-1111-7000-8000-000000000002";
    let err = admin
        .fails(Operation::DeleteNode {
            level: ORGANIZATION,
            id: labs.into(),
        })
        .await;
    assert_eq!(err.status(), Some(403));
    assert!(
        said(&err).contains("delete or move its instances first"),
        "{err}"
    );
    let err = admin
        .fails(Operation::RemoveMember {
            scope: Scope::Node {
                level: ORGANIZATION,
                id: labs.into(),
                tab: MEMBERS_TAB,
            },
            party: "0196f3a0-2222-7000-8000-000000000001".into(),
        })
        .await;
    assert_eq!(err.status(), Some(409));
    assert!(
        said(&err).contains("make someone else an owner first"),
        "{err}"
    );
}

#[tokio::test]
async fn a_lost_member_add_is_settled_by_its_email() {
    let sandbox = running(false).await;
    let lost = Proxy::start(&sandbox.base_url(), Mode::LoseWrites);
    let mut lossy = client_at(&lost.base_url(), DEMO_TOKEN, None);
    let add = Operation::AddMembers {
        scope: tab(MEMBERS_TAB),
        draft: Draft {
            values: vec![
                (EMAIL, Value::Text("olga@nimbus.example".into())),
                (ROLE, Value::Word("member")),
            ],
            idempotency_key: None,
        },
    };
    let outcome = lossy.run(add).await;
    assert_eq!(lost.writes(), 1, "the add was sent again");
    assert!(outcome.reconciled, "{:?}", outcome.result);
    let Ok(Reply::Party(olga)) = outcome.result else {
        panic!("confirmed as the member added: {:?}", outcome.result);
    };
    let mut admin = client_at(&sandbox.base_url(), DEMO_TOKEN, None);
    let listed = ids(&admin.ok(people(tab(MEMBERS_TAB))).await);
    assert!(listed.contains(&olga.id().to_owned()), "{listed:?}");
}
