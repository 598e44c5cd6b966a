//! A list read one page at a time (`ClientHandle::page`), as the console reads
//! BitGo's enterprises, through the real client against the BitGo sandbox's
//! generated organization: each answer is one page of the level's page size
//! with the cursor of the next, the pages add up to the whole list, and a
//! search is a list of its own, never paged on with `prevId`.

use std::sync::Arc;

use orgdeck::api::model::{Cursor, Filter, Operation, Page, Reply};
use orgdeck::backends::bitgo::BitGo;
use orgdeck::backends::bitgo::sandbox::{self, BULK_ORG_ID, BULK_TOKEN, SandboxConfig};
use orgdeck::backends::bitgo::schema::{ENTERPRISE, SEARCH};

use crate::support::client::{Client, finished, settings};

/// Enough for three pages of 500, the last one short.
const ENTERPRISES: usize = 1_234;

async fn client() -> (orgdeck::sandbox::RunningSandbox, Client) {
    client_paging(None).await
}

async fn client_paging(page_size: Option<u32>) -> (orgdeck::sandbox::RunningSandbox, Client) {
    crate::support::install_crypto();
    let config = SandboxConfig {
        enterprises: Some(ENTERPRISES),
        ..SandboxConfig::default()
    };
    let running = sandbox::start(config)
        .await
        .expect("the BitGo sandbox starts");
    // Without a page size in the profile, the lazy level's is asked.
    let mut settings = settings(&running.base_url(), BULK_TOKEN);
    settings.page_size = page_size;
    let client = Client::spawn_with(settings, Arc::new(BitGo));
    (running, client)
}

fn enterprises(filter: Filter, page: Option<Cursor>) -> Operation {
    Operation::ListNodes {
        level: ENTERPRISE,
        parent: Some(BULK_ORG_ID.into()),
        filter,
        page,
    }
}

async fn one_page(client: &mut Client, op: Operation) -> Page<orgdeck::api::model::Node> {
    let id = client.handle.page(op);
    match finished(&mut client.rx, id).await.result {
        Ok(Reply::Nodes(page)) => page,
        other => panic!("a page of enterprises: {other:?}"),
    }
}

#[tokio::test]
async fn pages_come_one_at_a_time_with_the_next_cursor_and_add_up_to_the_whole_list() {
    let (_running, mut client) = client().await;
    let mut ids: Vec<String> = Vec::new();
    let mut sizes = Vec::new();
    let mut cursor = None;
    loop {
        let page = one_page(&mut client, enterprises(Filter::default(), cursor)).await;
        sizes.push(page.items.len());
        ids.extend(page.items.into_iter().map(|n| n.id));
        match page.next {
            Some(next) => cursor = Some(next),
            None => break,
        }
        assert!(sizes.len() < 10, "the pages never end: {sizes:?}");
    }
    assert_eq!(
        sizes,
        [500, 500, 234],
        "the level's page size, when the profile sets none"
    );
    let Reply::Nodes(whole) = client.ok(enterprises(Filter::default(), None)).await else {
        panic!("the whole list");
    };
    let whole: Vec<String> = whole.items.into_iter().map(|n| n.id).collect();
    assert_eq!(ids, whole, "the pages, in order, are the list");
}

#[tokio::test]
async fn a_search_is_one_list_of_its_own() {
    let (_running, mut client) = client().await;
    let filter = Filter {
        fields: vec![(SEARCH, vec!["Customer 1234".into()])],
        states: Vec::new(),
    };
    let found = one_page(&mut client, enterprises(filter, None)).await;
    let names: Vec<&str> = found.items.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(names, ["Cobalt Customer 1234"]);
    assert_eq!(found.next, None);
}

#[tokio::test]
async fn a_page_size_the_profile_sets_wins_over_the_level_s() {
    let (_running, mut client) = client_paging(Some(300)).await;
    let first = one_page(&mut client, enterprises(Filter::default(), None)).await;
    assert_eq!(first.items.len(), 300);
    let second = one_page(&mut client, enterprises(Filter::default(), first.next)).await;
    assert_eq!(second.items.len(), 300);
    assert!(second.next.is_some(), "more pages after the second");
}

/// A tenant-wide view read page by page (Sequence's customers) asks its own page
/// size, and each page says how many the whole list holds.
#[tokio::test]
async fn a_lazy_view_is_read_in_its_own_page_size_with_the_servers_total() {
    use orgdeck::api::model::Scope;
    use orgdeck::backends::sequence::Sequence;
    use orgdeck::backends::sequence::sandbox as seq;
    use orgdeck::backends::sequence::schema::{CUSTOMERS, PAGE_MAX};

    crate::support::install_crypto();
    let config = seq::SandboxConfig {
        customers: Some(250),
        ..seq::SandboxConfig::default()
    };
    let running = seq::start(config)
        .await
        .expect("the Sequence sandbox starts");
    let token = format!("{}:{}", seq::DEMO_CLIENT.0, seq::DEMO_CLIENT.1);
    let backend = Arc::new(Sequence::new(&Default::default()));
    let mut client = Client::spawn_with(settings(&running.base_url(), &token), backend);
    let customers = |page| Operation::ListParties {
        scope: Scope::Tenant(CUSTOMERS),
        filter: Filter::default(),
        page,
    };
    let first = customers_page(&mut client, customers(None)).await;
    assert_eq!(first.items.len(), PAGE_MAX as usize, "the view's page size");
    // The seed's customers, less the archived ones, and the generated ones.
    let total = first.total.expect("the server's total");
    assert!(total > 250, "{total}");
    let second = customers_page(&mut client, customers(first.next)).await;
    assert_eq!(second.items.len(), PAGE_MAX as usize);
    assert_eq!(second.total, Some(total));
}

async fn customers_page(client: &mut Client, op: Operation) -> Page<orgdeck::api::model::Party> {
    let id = client.handle.page(op);
    match finished(&mut client.rx, id).await.result {
        Ok(Reply::Parties(page)) => page,
        other => panic!("a page of customers: {other:?}"),
    }
}
