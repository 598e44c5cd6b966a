//! The BitGo adapter through the real client against the BitGo sandbox: who you
//! are, organizations, an organization's enterprises paged to the end, a child
//! enterprise created with its key (and the same key again creating nothing),
//! an enterprise's users, and a problem in BitGo's envelope under its field.

use std::sync::Arc;

use orgdeck::api::model::{Filter, Operation, Reply, Scope};
use orgdeck::api::value::{Draft, Value};
use orgdeck::backends::bitgo::BitGo;
use orgdeck::backends::bitgo::sandbox::{self, SandboxConfig};
use orgdeck::backends::bitgo::schema::{CREATE_EMAIL, ENTERPRISE, ORGANIZATION, USERS_TAB};

use crate::support::client::{Client, settings};

const ADMIN: &str = "bitgo-northwind-admin";
const NORTHWIND: &str = "40c0fc630e2bd5c7b9f59ddb2de5a130";

async fn client(page_size: Option<u32>) -> (orgdeck::sandbox::RunningSandbox, Client) {
    crate::support::install_crypto();
    let running = sandbox::start(SandboxConfig::default())
        .await
        .expect("the BitGo sandbox starts");
    let mut settings = settings(&running.base_url(), ADMIN);
    settings.page_size = page_size;
    let client = Client::spawn_with(settings, Arc::new(BitGo));
    (running, client)
}

fn enterprises(filter: Filter) -> Operation {
    Operation::ListNodes {
        level: ENTERPRISE,
        parent: Some(NORTHWIND.into()),
        filter,
        page: None,
    }
}

fn create(email: &str, key: &str) -> Operation {
    Operation::CreateNode {
        level: ENTERPRISE,
        parent: Some(NORTHWIND.into()),
        draft: Draft {
            values: vec![(CREATE_EMAIL, Value::Text(email.into()))],
            idempotency_key: Some(key.into()),
        },
    }
}

#[tokio::test]
async fn organizations_and_their_enterprises_read_to_the_end_in_pages_of_two() {
    let (_running, mut admin) = client(Some(2)).await;
    let Reply::Caller(me) = admin.ok(Operation::WhoAmI).await else {
        panic!("who-am-I names the caller");
    };
    assert_eq!(me.role, "admin");
    let Reply::Nodes(orgs) = admin
        .ok(Operation::ListNodes {
            level: ORGANIZATION,
            parent: None,
            filter: Filter::default(),
            page: None,
        })
        .await
    else {
        panic!("organizations");
    };
    assert!(orgs.items.iter().any(|o| o.id == NORTHWIND), "{orgs:?}");
    let Reply::Nodes(all) = admin.ok(enterprises(Filter::default())).await else {
        panic!("enterprises");
    };
    assert!(all.items.len() >= 20, "{} enterprises", all.items.len());
    let mut ids: Vec<&str> = all.items.iter().map(|n| n.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), all.items.len(), "no enterprise twice");
    assert!(
        all.items
            .iter()
            .all(|n| n.parent.as_deref() == Some(NORTHWIND))
    );
}

#[tokio::test]
async fn a_create_with_its_key_is_made_once_and_found_by_the_key() {
    let (_running, mut admin) = client(None).await;
    let Reply::Node(made) = admin
        .ok(create("new.customer@kiwi.example", "key-77"))
        .await
    else {
        panic!("the created enterprise is read back");
    };
    let Reply::Node(again) = admin
        .ok(create("new.customer@kiwi.example", "key-77"))
        .await
    else {
        panic!("the same create answers the first result");
    };
    assert_eq!(made.id, again.id);
    let by_key = Filter {
        fields: vec![(
            orgdeck::backends::bitgo::call::IDEMPOTENCY_KEY,
            vec!["key-77".into()],
        )],
        states: Vec::new(),
    };
    let Reply::Nodes(found) = admin.ok(enterprises(by_key)).await else {
        panic!("what the key made");
    };
    assert_eq!(found.items.len(), 1);
    assert_eq!(found.items[0].id, made.id);
    // The same key with another body is refused, in BitGo's words.
    let err = admin
        .fails(create("someone.else@kiwi.example", "key-77"))
        .await;
    let problem = err.problem().expect("a refusal");
    assert_eq!(problem.code.as_deref(), Some("IdempotencyKeyConflict"));
    assert!(problem.request_id.is_some());
}

#[tokio::test]
async fn a_bad_create_lands_on_its_field_and_an_enterprise_lists_its_users() {
    let (_running, mut admin) = client(None).await;
    let err = admin.fails(create("", "key-78")).await;
    let problem = err.problem().expect("a refusal");
    assert!(
        problem
            .fields
            .iter()
            .any(|f| f.path.to_string().contains("email")),
        "{problem:?}"
    );
    let Reply::Nodes(all) = admin.ok(enterprises(Filter::default())).await else {
        panic!("enterprises");
    };
    let mut listed = 0;
    for node in all.items.iter().take(5) {
        let users = Operation::ListParties {
            scope: Scope::Node {
                level: ENTERPRISE,
                id: node.id.clone(),
                tab: USERS_TAB,
            },
            filter: Filter::default(),
            page: None,
        };
        if let (Ok(Reply::Parties(page)), _) = admin.call(users).await {
            listed += page.items.len();
        }
    }
    assert!(listed > 0, "the first enterprises have users");
    // The organization's users, paged, for its admin.
    let org_users = Operation::ListParties {
        scope: Scope::Node {
            level: ORGANIZATION,
            id: NORTHWIND.into(),
            tab: orgdeck::backends::bitgo::schema::ORG_USERS_TAB,
        },
        filter: Filter::default(),
        page: None,
    };
    let Reply::Parties(users) = admin.ok(org_users).await else {
        panic!("the organization's users");
    };
    assert!(users.items.len() > 2, "{} users", users.items.len());
}

/// The request head `op` went out with, from a server that only records it.
async fn head_of(op: Operation) -> String {
    crate::support::install_crypto();
    let (base, heads) = crate::support::fake_servers::holding_writes();
    let mut client = Client::spawn_with(settings(&base, ADMIN), Arc::new(BitGo));
    let _ = client.call(op).await;
    heads.recv().expect("the request arrived").to_lowercase()
}

#[tokio::test]
async fn organization_users_are_asked_for_signed_and_everything_else_with_the_bearer() {
    use orgdeck::backends::bitgo::sign;
    let org_users = Operation::ListParties {
        scope: Scope::Node {
            level: ORGANIZATION,
            id: NORTHWIND.into(),
            tab: orgdeck::backends::bitgo::schema::ORG_USERS_TAB,
        },
        filter: Filter::default(),
        page: None,
    };
    let head = head_of(org_users).await;
    let line = |name: &str| {
        head.lines()
            .find_map(|l| l.strip_prefix(&format!("{name}: ")).map(str::to_owned))
            .unwrap_or_else(|| panic!("no {name} in {head}"))
    };
    let target = head.split_whitespace().nth(1).unwrap().to_owned();
    assert_eq!(
        target,
        format!("/api/org/users?organizationid={NORTHWIND}").to_lowercase()
    );
    assert_eq!(
        line("authorization"),
        format!("bearer {}", sign::token_hash(ADMIN))
    );
    assert_eq!(line("bitgo-auth-version"), "2.0");
    let at: u64 = line("auth-timestamp").parse().unwrap();
    let path = format!("/api/org/users?organizationId={NORTHWIND}");
    assert_eq!(line("hmac"), sign::signature(ADMIN, at, &path, b""));
    assert!(
        !head.contains(ADMIN),
        "the token itself is never sent: {head}"
    );
    assert_eq!(head.matches("authorization:").count(), 1, "{head}");

    let head = head_of(Operation::WhoAmI).await;
    assert!(
        head.contains(&format!("authorization: bearer {ADMIN}")),
        "{head}"
    );
    assert!(
        !head.contains("hmac:") && !head.contains("bitgo-auth-version"),
        "{head}"
    );
}
