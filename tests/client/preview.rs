//! A long list is previewed: while its body is still arriving, the client reports
//! the first rows under the request's id, then the whole list as usual.

use crate::support::client::*;
use crate::support::ops;
use crate::support::{BULK_TOKEN, Faults, RunningSandbox, SandboxConfig, start_sandbox};
use orgdeck::api::client::ClientEvent;
use orgdeck::api::model::*;

/// 10,000 users: a 2.3 MB answer, well over the 1 MiB from which lists are previewed.
async fn bulk_sandbox() -> RunningSandbox {
    start_sandbox(SandboxConfig {
        bulk: Some((10_000, 50)),
        ..SandboxConfig::default()
    })
    .await
}

fn previews(events: &[ClientEvent]) -> Vec<(u64, Vec<Party>)> {
    events
        .iter()
        .filter_map(|event| match event {
            ClientEvent::Preview {
                id,
                reply: Reply::Parties(first),
            } => Some((*id, first.items.clone())),
            ClientEvent::Preview { reply, .. } => panic!("a preview of {reply:?}"),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn a_long_list_is_previewed_with_its_first_rows_before_it_finishes() {
    let sb = bulk_sandbox().await;
    let mut admin = Client::new(&sb, BULK_TOKEN);
    let outcome = admin.run(ops::list_people()).await;
    let all = people(outcome.result.expect("the list loads"));
    assert_eq!(all.len(), 10_000);

    let previews = previews(&outcome.events);
    assert_eq!(previews.len(), 1, "one preview per answer");
    let (id, first) = &previews[0];
    assert_eq!(*id, outcome.id, "the preview carries the request's id");
    assert!(
        (100..=1_000).contains(&first.len()),
        "{} rows previewed",
        first.len()
    );
    assert_eq!(
        first[..],
        all[..first.len()],
        "the preview is exactly the list's first rows"
    );
}

#[tokio::test]
async fn short_lists_and_other_reads_are_not_previewed() {
    let sb = sandbox(Faults::default()).await;
    let mut admin = Client::new(&sb, ADMIN);
    for op in [ops::list_people(), ops::list_orgs(), Operation::WhoAmI] {
        let outcome = admin.run(op.clone()).await;
        assert!(outcome.result.is_ok(), "{op:?}");
        assert!(previews(&outcome.events).is_empty(), "{op:?} was previewed");
    }

    // A long list of organizations has no preview either: only people lists do.
    let bulk = bulk_sandbox().await;
    let mut admin = Client::new(&bulk, BULK_TOKEN);
    let outcome = admin.run(ops::list_orgs()).await;
    assert_eq!(orgs(outcome.result.expect("the list loads")).len(), 50);
    assert!(previews(&outcome.events).is_empty());
}

#[tokio::test]
async fn a_refresh_that_finds_changes_is_not_previewed() {
    let sb = bulk_sandbox().await;
    let mut admin = Client::new(&sb, BULK_TOKEN);
    let list = ops::list_people();
    // `load` keeps the validator for `refresh`, as the console does.
    let id = admin.handle.load(list.clone());
    let loaded = finished(&mut admin.rx, id).await;
    assert_eq!(
        previews(&loaded.events).len(),
        1,
        "a first load is previewed"
    );

    admin
        .ok(ops::invite_staff(
            "new.person@bulk-tenant.example",
            "New",
            "Person",
            "agent",
            "human",
        ))
        .await;
    let id = admin.handle.refresh(list);
    let refreshed = finished(&mut admin.rx, id).await;
    let all = people(refreshed.result.expect("the changed list loads"));
    assert_eq!(all.len(), 10_001);
    assert!(
        previews(&refreshed.events).is_empty(),
        "a refresh replaces a list already shown: a fragment would only flicker"
    );
}
