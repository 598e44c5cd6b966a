//! Every HTTP exchange is reported (`ClientEvent::Called`) to a caller that
//! asked: one per attempt, retries included, with the status or the failure,
//! the server's request id and the answer's size; never a secret.

use std::time::Duration;

use crate::support::Faults;
use crate::support::client::*;
use crate::support::ops;
use orgdeck::api::client::{CallOutcome, Called, ClientEvent};

fn calls(events: &[ClientEvent]) -> Vec<Called> {
    events
        .iter()
        .filter_map(|e| match e {
            ClientEvent::Called(called) => Some((**called).clone()),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn each_attempt_of_a_retried_read_is_reported() {
    // The first three reads meet an injected 500, the fourth goes through.
    let (_sb, mut admin) = three_failed_reads().await;
    admin.handle.report_calls();
    let outcome = admin.run(ops::list_orgs()).await;
    let calls = calls(&outcome.events);
    let statuses: Vec<CallOutcome> = calls.iter().map(|c| c.outcome.clone()).collect();
    assert_eq!(
        statuses,
        [500, 500, 500, 200].map(CallOutcome::Status),
        "{calls:?}"
    );
    for call in &calls {
        assert_eq!(call.id, Some(outcome.id), "{call:?}");
        assert_eq!(call.method, "GET");
        assert!(call.target.ends_with("/customer-organizations"), "{call:?}");
        assert!(
            call.request_id.is_some(),
            "the sandbox names every answer: {call:?}"
        );
        assert!(call.took > Duration::ZERO);
    }
    assert!(calls[3].bytes > 1_000, "the list's body: {:?}", calls[3]);
}

#[tokio::test]
async fn calls_are_not_reported_unless_asked() {
    let sb = sandbox(Faults::default()).await;
    let mut admin = Client::new(&sb, ADMIN);
    let outcome = admin.run(ops::list_orgs()).await;
    assert_eq!(calls(&outcome.events), []);
}

#[tokio::test]
async fn a_refused_connection_is_reported_with_its_cause() {
    // A port that was just free: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port");
    let mut config = settings(&format!("http://ada:pw-hunter2@127.0.0.1:{port}"), ADMIN);
    config.retry.attempts = 1;
    let mut admin = Client::spawn(config);
    admin.handle.report_calls();
    let outcome = admin.run(ops::list_orgs()).await;
    let calls = calls(&outcome.events);
    assert_eq!(calls.len(), 1, "{calls:?}");
    match &calls[0].outcome {
        CallOutcome::Failed(cause) => assert!(cause.contains("connect"), "{cause}"),
        other => panic!("expected a failure, got {other:?}"),
    }
    assert_eq!(calls[0].request_id, None);
    let shown = format!("{:?}", calls[0]);
    assert!(
        !shown.contains("pw-hunter2") && !shown.contains(ADMIN),
        "{shown}"
    );
}

#[tokio::test]
async fn no_secret_is_ever_reported() {
    let sb = sandbox(Faults::default()).await;
    // Credentials in the URL's userinfo and query, and the token itself in a
    // query value, as an operator might paste it into a search.
    let mut url = url::Url::parse(&sb.base_url()).unwrap();
    url.set_username("ada").unwrap();
    url.set_password(Some("pw-hunter2")).unwrap();
    url.set_query(Some("api_key=k-hunter3"));
    let mut admin = Client::spawn(settings(url.as_str(), ADMIN));
    admin.handle.report_calls();
    let mut events = admin
        .run(orgdeck::api::model::Operation::WhoAmI)
        .await
        .events;
    events.extend(
        admin
            .run(ops::list_people_of(&[], Some(ADMIN)))
            .await
            .events,
    );
    let calls = calls(&events);
    assert_eq!(calls.len(), 2, "{calls:?}");
    for call in &calls {
        let shown = format!("{call:?}");
        for secret in [ADMIN, "pw-hunter2", "k-hunter3", "ada:"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
    }
    assert!(
        calls[0].target.contains("api_key=[redacted]"),
        "{:?}",
        calls[0]
    );
    assert!(
        calls[1].target.contains("organization=[redacted]"),
        "{:?}",
        calls[1]
    );
}
