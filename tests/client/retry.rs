//! Reads retry (bounded, honouring Retry-After); writes are sent once; timeouts;
//! and how failures are classed.

use std::time::{Duration, Instant};

use crate::support::client::*;
use crate::support::fake_servers::Gate;
use crate::support::ops::{self, fields};
use crate::support::{FaultScope, Faults};
use orgdeck::api::client::ClientEvent;
use orgdeck::api::error::{ApiError, ErrorClass, WriteOutcome};
use orgdeck::api::model::*;

#[tokio::test]
async fn failing_reads_are_retried_until_they_succeed() {
    // The first three reads meet an injected 500, the fourth goes through.
    let (_sb, mut admin) = three_failed_reads().await;
    let outcome = admin.run(ops::list_orgs()).await;
    let retries = outcome.retries();
    assert_eq!(orgs(outcome.result.unwrap()).len(), 12);
    let attempts: Vec<u32> = retries.iter().map(|(attempt, _)| *attempt).collect();
    assert_eq!(attempts, [1, 2, 3]);
    // Backoff: base 10 ms doubling, capped at 40 ms, jittered down to half.
    for (attempt, wait) in &retries {
        assert!(*wait <= Duration::from_millis(40), "{attempt}: {wait:?}");
        assert!(*wait >= Duration::from_millis(5), "{attempt}: {wait:?}");
    }
    assert!(outcome.events.iter().all(|e| match e {
        ClientEvent::Retrying { cause, .. } => cause.contains("injected fault"),
        _ => false,
    }));
}

#[tokio::test]
async fn reads_give_up_after_the_last_attempt() {
    let sb = sandbox(Faults {
        error_rate: 1.0,
        scope: FaultScope::Reads,
        ..Default::default()
    })
    .await;
    let mut config = settings(&sb.base_url(), ADMIN);
    config.retry.attempts = 3;
    let mut admin = Client::spawn(config);
    let outcome = admin.run(Operation::WhoAmI).await;
    assert_eq!(outcome.retries().len(), 2);
    let err = outcome.err();
    assert_eq!(status_of(&err), 500);
    assert_eq!(err.class(), ErrorClass::Network);
    assert!(err.hint().unwrap().contains("try again"));
}

#[tokio::test]
async fn rate_limited_reads_wait_for_retry_after() {
    let sb = sandbox(Faults {
        rate_limit: Some(1),
        ..Default::default()
    })
    .await;
    let mut admin = Client::new(&sb, ADMIN);
    let started = Instant::now();
    let ids: Vec<u64> = ["co-acme-01", "co-acme-02", "co-acme-03"]
        .into_iter()
        .map(|id| admin.handle.send(ops::get_org(id)))
        .collect();
    let mut waits = Vec::new();
    let mut names = Vec::new();
    // Every event of every request arrives on the one channel; collect per id.
    let mut pending = ids.clone();
    let mut seen = Vec::new();
    while !pending.is_empty() {
        let event = tokio::time::timeout(HANG, admin.rx.recv())
            .await
            .expect("no hang")
            .expect("client alive");
        match event {
            ClientEvent::Finished { id, result, .. } => {
                pending.retain(|p| *p != id);
                names.push(org(result.unwrap()).name);
            }
            ClientEvent::Retrying { wait, cause, .. } => {
                assert!(cause.contains("rate"), "{cause}");
                waits.push(wait);
            }
            other => seen.push(other),
        }
    }
    names.sort();
    assert_eq!(names, ["Acme Ltd", "Initech", "Northwind Traders"]);
    assert!(seen.is_empty(), "{seen:?}");
    // One request per second gets through: the other two waited, at least 1 s each.
    assert!(waits.len() >= 2, "{waits:?}");
    assert!(
        waits.iter().all(|w| *w >= Duration::from_secs(1)),
        "{waits:?}"
    );
    assert!(started.elapsed() >= Duration::from_millis(1900));
}

#[tokio::test]
async fn a_retry_after_beyond_the_limit_is_reported() {
    let sb = sandbox(Faults {
        rate_limit: Some(1),
        ..Default::default()
    })
    .await;
    let mut config = settings(&sb.base_url(), ADMIN);
    config.retry.max_retry_after = Duration::from_millis(500);
    let mut admin = Client::spawn(config);
    admin.ok(Operation::WhoAmI).await;
    // Another token has a rate window of its own, so counting does not use up admin's.
    let before = request_counter_as(&sb.base_url(), GLOBEX).await;
    let outcome = admin.run(ops::list_orgs()).await;
    let after = request_counter_as(&sb.base_url(), GLOBEX).await;
    // Reported on the first answer: one request (the list), and no wait announced.
    assert_eq!(
        after - before,
        2,
        "the list was sent {} times",
        after - before - 1
    );
    assert_eq!(outcome.retries(), []);
    let err = outcome.err();
    assert_eq!(status_of(&err), 429);
    assert_eq!(err.problem().unwrap().retry_after_secs, Some(1));
    assert_eq!(err.class(), ErrorClass::Network);
    assert_eq!(
        err.hint().unwrap(),
        "the server asks to wait 1s: try again after that"
    );
}

#[tokio::test]
async fn writes_are_sent_once_even_when_the_server_fails() {
    let sb = sandbox(Faults {
        error_rate: 1.0,
        scope: FaultScope::Writes,
        ..Default::default()
    })
    .await;
    let base = sb.base_url();
    let mut admin = Client::new(&sb, ADMIN);
    let before = request_counter(&base).await;
    let outcome = admin
        .run(ops::create_org("Onceco", &["onceco.example"]))
        .await;
    let after = request_counter(&base).await;
    // The counter's own request, the read taken before the write, and the write once.
    assert_eq!(after, before + 3, "exactly one request for the write");
    assert_eq!(outcome.events, [], "no retry, no re-read event");
    assert!(!outcome.reconciled);
    let err = outcome.err();
    assert!(matches!(err, ApiError::Rejected(_)), "{err:?}");
    assert_eq!(status_of(&err), 500);
    assert_eq!(err.class(), ErrorClass::Network);
    assert!(!org_names(&mut admin).await.contains(&"Onceco".to_owned()));
    let lookup = admin.fails(ops::lookup("onceco.example")).await;
    assert_eq!(status_of(&lookup), 404);
}

#[tokio::test]
async fn a_slow_server_times_out() {
    let sb = sandbox(Faults::default()).await;
    // The gate holds every request and is never opened: the client must give up on
    // its own timeout, long before anything answers.
    let gate = Gate::start(&sb.base_url());
    let mut config = settings(&gate.base_url(), ADMIN);
    config.timeout = Duration::from_millis(100);
    config.retry.attempts = 1;
    let mut admin = Client::spawn(config.clone());
    let outcome = admin.run(Operation::WhoAmI).await;
    assert_eq!(gate.arrived().len(), 1, "{:?}", gate.arrived());
    assert_eq!(gate.answered(), 0);
    assert_eq!(outcome.retries(), []);
    let err = outcome.err();
    assert_eq!(
        err,
        ApiError::Timeout {
            after: Duration::from_millis(100)
        }
    );
    assert_eq!(err.class(), ErrorClass::Network);
    assert!(err.is_transient());

    // With more attempts, a timeout is retried like any transient failure.
    config.retry.attempts = 2;
    let mut patient = Client::spawn(config);
    let outcome = patient.run(Operation::WhoAmI).await;
    assert_eq!(outcome.retries().len(), 1);
    assert!(matches!(outcome.result, Err(ApiError::Timeout { .. })));
    assert_eq!(
        gate.arrived().len(),
        3,
        "one attempt, then two: {:?}",
        gate.arrived()
    );
    assert_eq!(gate.answered(), 0);
}

#[tokio::test]
async fn a_write_that_times_out_and_cannot_be_checked_is_unknown() {
    let sb = sandbox(Faults {
        latency_ms: 400,
        ..Default::default()
    })
    .await;
    let mut config = settings(&sb.base_url(), ADMIN);
    config.timeout = Duration::from_millis(100);
    config.retry.attempts = 1;
    let mut admin = Client::spawn(config);
    let outcome = admin.run(ops::set_notes("co-acme-03", Some("slow"))).await;
    assert!(!outcome.reconciled);
    let err = outcome.err();
    let ApiError::WriteUncertain { outcome, cause } = &err else {
        panic!("expected WriteUncertain, got {err:?}");
    };
    assert_eq!(*outcome, WriteOutcome::Unknown);
    assert!(cause.contains("no answer"), "{cause}");
    assert_eq!(err.class(), ErrorClass::Network);
    assert!(err.hint().unwrap().contains("refresh and check"));
}

#[tokio::test]
async fn error_classes_follow_the_status() {
    let sb = sandbox(Faults::default()).await;
    let mut agent = Client::new(&sb, AGENT);
    let mut customer = Client::new(&sb, CUSTOMER);
    let mut wrong = Client::new(&sb, "sandbox-no-such-token");

    let forbidden = agent.fails(ops::create_org("Agentco", &[])).await;
    assert_eq!(status_of(&forbidden), 403);
    assert_eq!(forbidden.class(), ErrorClass::Auth);
    assert!(forbidden.to_string().contains("agent"), "{forbidden}");

    let customer_list = customer.fails(ops::list_orgs()).await;
    assert_eq!(status_of(&customer_list), 403);
    assert_eq!(customer_list.class(), ErrorClass::Auth);
    // A 403 says nothing about the endpoint: the capability stays.
    assert!(customer.handle.capabilities().is_available(Capability::new(
        Verb::List,
        Target::Level(fields::ORGANIZATION)
    )));

    let unauthorized = wrong.fails(Operation::WhoAmI).await;
    assert_eq!(status_of(&unauthorized), 401);
    assert_eq!(unauthorized.class(), ErrorClass::Auth);

    let failing = sandbox(Faults {
        error_rate: 1.0,
        scope: FaultScope::Writes,
        ..Default::default()
    })
    .await;
    let mut admin = Client::new(&failing, ADMIN);
    let server_error = admin.fails(ops::delete_org("co-acme-05")).await;
    assert_eq!(status_of(&server_error), 500);
    assert_eq!(server_error.class(), ErrorClass::Network);
    assert!(server_error.is_transient());
    // Not deleted: the 500 came before the handler.
    let still = org(admin.ok(ops::get_org("co-acme-05")).await);
    assert_eq!(still.name, "Stark Logistics");
}
