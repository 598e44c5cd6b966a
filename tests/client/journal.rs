//! The write journal through the real client against the BitGo sandbox: a keyed
//! create is on disk while it is in flight and struck off once its outcome is
//! known; one the process ended under stays; on the next start, what was left is
//! settled by what its key made (created, not created, or unknown).

use std::sync::Arc;
use std::time::Duration;

use orgdeck::api::client::{ClientEvent, Found};
use orgdeck::api::journal::{Entry, JOURNAL_DIR, Journal};
use orgdeck::api::model::{Operation, Reply};
use orgdeck::api::value::{Draft, Value};
use orgdeck::backends::bitgo::BitGo;
use orgdeck::backends::bitgo::sandbox::{self, SandboxConfig};
use orgdeck::backends::bitgo::schema::{CREATE_EMAIL, ENTERPRISE};
use orgdeck::sandbox::{Faults, RunningSandbox};

use crate::support::client::{Client, HANG, finished, settings, temp_dir};

const ADMIN: &str = "bitgo-northwind-admin";
const NORTHWIND: &str = "40c0fc630e2bd5c7b9f59ddb2de5a130";

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

async fn bitgo(faults: Faults) -> RunningSandbox {
    crate::support::install_crypto();
    sandbox::start(SandboxConfig {
        faults,
        ..SandboxConfig::default()
    })
    .await
    .expect("the BitGo sandbox starts")
}

fn client(running: &RunningSandbox, state: &std::path::Path) -> Client {
    let mut settings = settings(&running.base_url(), ADMIN);
    settings.timeout = Duration::from_secs(6);
    settings.journal = Some(state.join(JOURNAL_DIR));
    Client::spawn_with(settings, Arc::new(BitGo))
}

fn journal(state: &std::path::Path) -> Journal {
    Journal::new(&state.join(JOURNAL_DIR), "test")
}

/// Waits until the journal holds `count` entries (written by the client task).
async fn journal_holds(journal: &Journal, count: usize) -> Vec<Entry> {
    let wait = async {
        loop {
            let entries = journal.entries().expect("the journal reads");
            if entries.len() == count {
                return entries;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    };
    tokio::time::timeout(HANG, wait)
        .await
        .unwrap_or_else(|_| panic!("the journal never held {count} entries"))
}

#[tokio::test]
async fn a_create_is_written_down_while_in_flight_and_struck_off_once_answered() {
    // The latency holds the create at the server long enough to look at the disk.
    let running = bitgo(Faults {
        latency_ms: 400,
        ..Faults::default()
    })
    .await;
    let state = temp_dir();
    let mut admin = client(&running, state.path());
    let id = admin
        .handle
        .send(create("journal.kiwi@kiwi.example", "key-j1"));
    let held = journal_holds(&journal(state.path()), 1).await;
    assert_eq!(held[0].key, "key-j1");
    assert_eq!(
        held[0].operation(&orgdeck::backends::bitgo::schema::SCHEMA),
        Ok(create("journal.kiwi@kiwi.example", "key-j1"))
    );
    let text = std::fs::read_to_string(journal(state.path()).path()).expect("on disk");
    assert!(!text.contains(ADMIN), "no token in the journal: {text}");
    let outcome = finished(&mut admin.rx, id).await;
    assert!(
        matches!(outcome.result, Ok(Reply::Node(_))),
        "{:?}",
        outcome.result
    );
    assert!(journal(state.path()).entries().expect("reads").is_empty());
    assert!(!journal(state.path()).path().exists());
    // A refused create is known too (the same key with another body): nothing stays.
    let outcome = admin
        .run(create("someone.else@kiwi.example", "key-j1"))
        .await;
    assert!(outcome.result.is_err());
    assert!(journal(state.path()).entries().expect("reads").is_empty());
}

#[tokio::test]
async fn a_create_the_process_ended_under_stays_in_the_journal() {
    let running = bitgo(Faults {
        latency_ms: 2_000,
        ..Faults::default()
    })
    .await;
    let state = temp_dir();
    let admin = client(&running, state.path());
    admin.handle.send(create("cut.off@kiwi.example", "key-j3"));
    journal_holds(&journal(state.path()), 1).await;
    let lines = admin.handle.interrupt_writes().await;
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(
        journal(state.path()).entries().expect("reads")[0].key,
        "key-j3"
    );
}

async fn leftovers(admin: &mut Client) -> Vec<orgdeck::api::client::Leftover> {
    let id = admin.handle.settle_journal();
    let wait = async {
        loop {
            match admin.rx.recv().await {
                Some(ClientEvent::Leftovers { id: done, result }) if done == id => {
                    return result.expect("the journal reads");
                }
                Some(_) => {}
                None => panic!("the client task went away"),
            }
        }
    };
    tokio::time::timeout(HANG, wait).await.expect("settled")
}

#[tokio::test]
async fn what_a_run_left_is_settled_on_the_next_start_by_what_its_key_made() {
    let running = bitgo(Faults::default()).await;
    let state = temp_dir();
    let url = running.base_url();
    let url = url::Url::parse(&url).expect("url").to_string();
    let left = journal(state.path());
    // Made by the server (its answer never came back), never sent, and sent to
    // another server.
    let made = create("made@kiwi.example", "key-made");
    let never = create("never@kiwi.example", "key-never");
    let elsewhere = create("elsewhere@kiwi.example", "key-elsewhere");
    for (op, base) in [
        (&made, url.as_str()),
        (&never, &url),
        (&elsewhere, "https://other.example/"),
    ] {
        left.record(Entry::of(op, "test", base).expect("kept"))
            .expect("recorded");
    }
    let mut plain = Client::spawn_with(settings(&running.base_url(), ADMIN), Arc::new(BitGo));
    let Reply::Node(node) = plain.ok(made.clone()).await else {
        panic!("made");
    };

    let mut admin = client(&running, state.path());
    let found = leftovers(&mut admin).await;
    assert_eq!(found.len(), 3);
    match &found[0].found {
        Found::Done(Reply::Node(done)) => assert_eq!(done.id, node.id),
        other => panic!("the key's enterprise is found: {other:?}"),
    }
    assert_eq!(found[1].found, Found::NotDone(never.clone()));
    assert!(
        matches!(&found[2].found, Found::Unknown(why) if why.contains("other.example")),
        "{:?}",
        found[2].found
    );
    let stays = left.entries().expect("reads");
    assert_eq!(stays.len(), 1);
    assert_eq!(stays[0].key, "key-elsewhere");
    // Nothing the settling did created anything: the key of the draft never sent
    // made nothing.
    assert_eq!(leftovers(&mut admin).await.len(), 1);
}

#[tokio::test]
async fn a_create_nobody_could_settle_stays_in_the_journal() {
    // Every answer comes after the client gave up, the reads that would settle it too.
    let running = bitgo(Faults {
        latency_ms: 1_500,
        ..Faults::default()
    })
    .await;
    let state = temp_dir();
    let mut settings = settings(&running.base_url(), ADMIN);
    settings.timeout = Duration::from_millis(300);
    settings.retry.attempts = 1;
    settings.journal = Some(state.path().join(JOURNAL_DIR));
    let mut admin = Client::spawn_with(settings, Arc::new(BitGo));
    let outcome = admin.run(create("unsettled@kiwi.example", "key-j4")).await;
    assert!(
        matches!(
            outcome.result,
            Err(orgdeck::api::error::ApiError::WriteUncertain {
                outcome: orgdeck::api::error::WriteOutcome::Unknown,
                ..
            })
        ),
        "{:?}",
        outcome.result
    );
    let left = journal(state.path()).entries().expect("reads");
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].key, "key-j4");
}
