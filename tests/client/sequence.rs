//! The Sequence adapter through the real client against the Sequence sandbox:
//! organizations collected from every customer in pages of two (merged, with a
//! progress event after each page), one organization and its owner and members,
//! the organizations this profile created added when no customer lists them, a
//! lost create settled both ways, and refused credentials and versions said as
//! what to change in the profile.

use std::collections::HashSet;
use std::sync::Arc;

use orgdeck::api::backend::Backend;
use orgdeck::api::client::{CREATED_DIR, ClientEvent, ClientSettings, Remembered};
use orgdeck::api::error::{ApiError, WriteOutcome};
use orgdeck::api::model::{Filter, Node, NodeState, Operation, Record, Reply, Scope};
use orgdeck::api::schema::option_defaults;
use orgdeck::api::value::{Draft, Value};
use orgdeck::backends::sequence::Sequence;
use orgdeck::backends::sequence::sandbox::{self, SandboxConfig};
use orgdeck::backends::sequence::schema::{
    CUSTOMERS, MEMBER_COUNT, MEMBERS, MEMBERS_TAB, ORGANIZATION, OWNER, OWNER_NAME, ROLE, SCHEMA,
    SEARCH, VERSION_OPTION,
};
use orgdeck::sandbox::RunningSandbox;

use crate::support::client::{Client, settings};
use crate::support::fake_servers::{Mode, Proxy};

const CLIENT: &str = "seq-northwind-client:seq-northwind-secret";
/// Redwood Legal Ltd's organization: the owner and three members.
const REDWOOD_ORG: &str = "d34a8fb8-7089-4268-b89a-724009f0992a";
const REDWOOD: &str = "e3a707d6-6550-4ac4-87b7-097b9b01f7cc";
const ECHO: &str = "a827f5a3-b76d-454d-8535-dcf45ff0066f";
const DUNE: &str = "a16854c6-da89-4524-b494-a73d33fba0d0";

async fn running() -> RunningSandbox {
    crate::support::install_crypto();
    sandbox::start(SandboxConfig::default())
        .await
        .expect("the Sequence sandbox starts")
}

fn backend() -> Arc<dyn Backend> {
    Arc::new(Sequence::new(&option_defaults(SCHEMA.options)))
}

fn client_at(base_url: &str, page_size: Option<u32>) -> Client {
    let mut settings = settings(base_url, CLIENT);
    settings.page_size = page_size;
    Client::spawn_with(settings, backend())
}

fn organizations() -> Operation {
    Operation::ListNodes {
        level: ORGANIZATION,
        parent: None,
        filter: Filter::default(),
        page: None,
    }
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

fn ids(reply: &Reply) -> Vec<String> {
    match reply {
        Reply::Nodes(page) => page.items.iter().map(|n| n.id.clone()).collect(),
        other => panic!("not nodes: {other:?}"),
    }
}

#[tokio::test]
async fn organizations_are_collected_page_by_page_merged_with_progress_after_each() {
    let sandbox = running().await;
    let mut paged = client_at(&sandbox.base_url(), Some(2));
    let outcome = paged.run(organizations()).await;
    let all = ids(outcome.result.as_ref().expect("the whole list"));
    let unique: HashSet<&String> = all.iter().collect();
    assert_eq!(
        unique.len(),
        all.len(),
        "an organization came twice: {all:?}"
    );
    // The same organizations as one page of a hundred customers holds.
    let mut whole = client_at(&sandbox.base_url(), None);
    let mut once = ids(&whole.ok(organizations()).await);
    let mut sorted = all.clone();
    sorted.sort();
    once.sort();
    assert_eq!(sorted, once);
    let progress: Vec<(Vec<String>, u64, Option<u64>)> = outcome
        .events
        .iter()
        .filter_map(|e| match e {
            ClientEvent::Progress {
                id,
                reply,
                scanned,
                total,
            } if *id == outcome.id => Some((ids(reply), *scanned, *total)),
            _ => None,
        })
        .collect();
    let total = progress[0].2.expect("the server says how many customers");
    assert_eq!(progress.len() as u64, total.div_ceil(2), "one event a page");
    let scanned: Vec<u64> = progress.iter().map(|p| p.1).collect();
    assert!(
        scanned
            .windows(2)
            .all(|w| w[1] == w[0] + 2 || w[1] == total)
    );
    assert_eq!(scanned.last(), Some(&total));
    // Each organization is new on exactly one page, in the order they came.
    let announced: Vec<String> = progress.into_iter().flat_map(|p| p.0).collect();
    assert_eq!(announced, all);
}

#[tokio::test]
async fn one_organization_and_its_owner_then_members_are_read_whole() {
    let sandbox = running().await;
    // A fresh client knows no owner yet: the organization is searched for.
    let mut fresh = client_at(&sandbox.base_url(), Some(2));
    let Reply::Node(org) = fresh
        .ok(Operation::GetNode {
            level: ORGANIZATION,
            id: REDWOOD_ORG.into(),
        })
        .await
    else {
        panic!("one organization");
    };
    assert_eq!(org.name, "Redwood Legal Ltd");
    let members = Operation::ListParties {
        scope: Scope::Node {
            level: ORGANIZATION,
            id: REDWOOD_ORG.into(),
            tab: MEMBERS_TAB,
        },
        filter: Filter::default(),
        page: None,
    };
    let Reply::Parties(people) = fresh.ok(members).await else {
        panic!("the owner and members");
    };
    let roles: Vec<(&str, Option<&str>)> = people
        .items
        .iter()
        .map(|p| (p.id(), p.get(&SCHEMA, ROLE).as_text()))
        .collect();
    assert_eq!(roles[0], (REDWOOD, Some("owner")));
    assert_eq!(roles.len(), 4, "{roles:?}");
    assert!(roles[1..].iter().all(|(_, role)| *role == Some("member")));
    assert!(people.items.iter().all(|p| {
        !p.get(&SCHEMA, orgdeck::backends::sequence::schema::STATUS)
            .is_empty()
    }));
    let missing = fresh
        .fails(Operation::GetNode {
            level: ORGANIZATION,
            id: "no-such-organization".into(),
        })
        .await;
    assert_eq!(missing.status(), Some(404), "{missing:?}");
}

#[tokio::test]
async fn the_search_box_asks_the_server_for_a_legal_name() {
    let sandbox = running().await;
    let mut admin = client_at(&sandbox.base_url(), None);
    let search = Operation::ListParties {
        scope: Scope::Tenant(CUSTOMERS),
        filter: Filter {
            fields: vec![(SEARCH, vec!["acme".into()])],
            states: Vec::new(),
        },
        page: None,
    };
    let Reply::Parties(found) = admin.ok(search).await else {
        panic!("customers");
    };
    assert!(!found.items.is_empty());
    assert!(
        found
            .items
            .iter()
            .all(|p| p.label(&SCHEMA).contains("Acme"))
    );
}

fn remembering(base_url: &str, state: &std::path::Path) -> ClientSettings {
    let mut settings = settings(base_url, CLIENT);
    settings.created = Some(state.join(CREATED_DIR));
    settings
}

/// An organization no customer of this server lists, as a create answered it.
fn unlisted(id: &str) -> Node {
    let layout = SCHEMA.level(ORGANIZATION).unwrap().fields;
    Node {
        id: id.into(),
        level: ORGANIZATION,
        parent: None,
        name: "Echo Audio Inc".into(),
        state: NodeState::Active,
        record: Record::read(layout, |field| match field {
            OWNER_NAME => Value::Text("Echo Audio Inc".into()),
            MEMBER_COUNT => Value::Number(0),
            OWNER => Value::Text(ECHO.into()),
            _ => Value::Empty,
        }),
    }
}

#[tokio::test]
async fn organizations_this_profile_created_are_listed_when_no_customer_lists_them() {
    let sandbox = running().await;
    let state = tempfile::tempdir().unwrap();
    let settings = remembering(&sandbox.base_url(), state.path());
    let kept = Remembered::new(
        &state.path().join(CREATED_DIR),
        &settings.profile,
        settings.base_url.as_str(),
    );
    let mut admin = Client::spawn_with(settings, backend());
    // A create is written down as it is confirmed.
    let Reply::Node(made) = admin.ok(create(ECHO, &[DUNE])).await else {
        panic!("the organization made");
    };
    let remembered = kept.nodes(&SCHEMA, ORGANIZATION).unwrap();
    assert_eq!(remembered, vec![made.clone()]);
    // One the server does not list (as a real one may not, with no members).
    kept.add(&SCHEMA, &unlisted("org-nobody-lists")).unwrap();
    let listed = ids(&admin.ok(organizations()).await);
    assert!(
        listed.contains(&"org-nobody-lists".to_owned()),
        "{listed:?}"
    );
    assert_eq!(listed.iter().filter(|id| **id == made.id).count(), 1);
    let Reply::Node(read) = admin
        .ok(Operation::GetNode {
            level: ORGANIZATION,
            id: "org-nobody-lists".into(),
        })
        .await
    else {
        panic!("read from what was remembered");
    };
    assert_eq!(read.name, "Echo Audio Inc");
    // A file that cannot be read fails the list, naming it, and is kept.
    std::fs::write(kept.path(), b"{\"version\": 1, \"nodes\": [").unwrap();
    let err = admin.fails(organizations()).await;
    assert!(
        err.to_string().contains(&kept.path().display().to_string()),
        "{err}"
    );
    assert_eq!(
        std::fs::read(kept.path()).unwrap(),
        b"{\"version\": 1, \"nodes\": ["
    );
}

#[tokio::test]
async fn a_lost_create_is_settled_by_the_owner_s_record_and_never_sent_twice() {
    let sandbox = running().await;
    let mut admin = client_at(&sandbox.base_url(), None);
    let lost = Proxy::start(&sandbox.base_url(), Mode::LoseWrites);
    let mut lossy = client_at(&lost.base_url(), None);
    let outcome = lossy.run(create(ECHO, &[DUNE])).await;
    assert_eq!(lost.writes(), 1);
    assert!(outcome.reconciled, "{:?}", outcome.result);
    let Ok(Reply::Node(made)) = outcome.result else {
        panic!("confirmed as the organization made: {:?}", outcome.result);
    };
    assert!(ids(&admin.ok(organizations()).await).contains(&made.id));
    // A gateway that never passed it on: the same shape again is not there twice.
    let refused = Proxy::start(&sandbox.base_url(), Mode::GatewayInstead(503));
    let mut gated = client_at(&refused.base_url(), None);
    let err = gated.fails(create(ECHO, &[DUNE])).await;
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
}

#[tokio::test]
async fn a_refused_secret_and_a_refused_version_say_what_to_change() {
    let sandbox = running().await;
    let mut settings = settings(&sandbox.base_url(), "seq-northwind-client:wrong-secret");
    settings.page_size = None;
    let mut stranger = Client::spawn_with(settings, backend());
    let err = stranger.fails(Operation::WhoAmI).await;
    assert_eq!(err.status(), Some(401));
    assert!(err.to_string().contains("client id or secret"), "{err}");
    assert!(!err.to_string().contains("wrong-secret"), "{err}");
    let mut options = option_defaults(SCHEMA.options);
    options.insert(VERSION_OPTION, "2031-01-01".to_owned());
    let pinned = Arc::new(Sequence::new(&options));
    let mut old = Client::spawn_with(
        crate::support::client::settings(&sandbox.base_url(), CLIENT),
        pinned,
    );
    let err = old.fails(Operation::WhoAmI).await;
    assert_eq!(err.status(), Some(400));
    let problem = err.problem().expect("the envelope");
    assert_eq!(problem.code.as_deref(), Some("UnrecognisedApiVersion"));
    assert!(
        problem.summary.contains("sequence_version"),
        "{}",
        problem.summary
    );
    let mut admin = client_at(&sandbox.base_url(), None);
    let Reply::Caller(me) = admin.ok(Operation::WhoAmI).await else {
        panic!("the caller");
    };
    assert_eq!(
        (me.id.as_str(), me.role.as_str()),
        ("seq-northwind-client", "api-client")
    );
}

#[test]
fn a_customer_cursor_that_comes_round_again_still_ends_the_walk() {
    crate::support::install_crypto();
    // Every page points at the same next page: merging repeats must not loop.
    let router = axum::Router::new().route(
        "/api/customers",
        axum::routing::get(|| async {
            axum::Json(serde_json::json!({
                "items": [{"id": "c-1", "legalName": "Acme", "organizations": [
                    {"id": "org-1", "owner": {"id": "c-1", "name": "Acme"}, "members": []}]}],
                "pagination": {"after": "again", "totalResultSize": 1000}
            }))
        }),
    );
    // The server runs on a runtime of its own, started outside the client's.
    let served = crate::support::serve(router);
    let runtime = tokio::runtime::Runtime::new().expect("a runtime for the client");
    let err = runtime.block_on(async {
        let mut client = client_at(&served.url, None);
        client.fails(organizations()).await
    });
    let ApiError::Decode { cause } = &err else {
        panic!("a walk in circles is refused: {err:?}");
    };
    assert!(cause.contains("go round in a circle"), "{cause}");
}
