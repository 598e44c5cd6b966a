//! An API call never follows a redirect: a 3xx would re-send the token (and a
//! write's body) to wherever it points, or turn a POST into a GET. Each one is an
//! error naming the `Location`, and the server it points to never hears from us.

use crate::support::client::*;
use crate::support::fake_servers::{Recorder, redirecting, redirecting_writes};
use crate::support::ops;
use orgdeck::api::error::{ApiError, ErrorClass};
use orgdeck::api::model::*;

#[tokio::test]
async fn no_redirect_is_followed_on_reads_or_writes() {
    let elsewhere = Recorder::start();
    for status in [301, 302, 303, 307, 308] {
        let target = format!("{}/users/me", elsewhere.base_url());
        let base = redirecting(status, &target);
        let dir = temp_dir();
        let audit = dir.path().join("audit.jsonl");
        let mut config = settings(&base, ADMIN);
        config.audit = Some(audit.clone());
        let mut client = Client::spawn(config);

        let read = client.run(Operation::WhoAmI).await;
        assert_eq!(read.retries(), [], "{status}: a redirect is not retried");
        let write = client
            .fails(ops::create_org("Redirectco", &["redirectco.example"]))
            .await;
        for err in [read.err(), write] {
            assert_eq!(
                err,
                ApiError::Redirected {
                    status,
                    location: Some(target.clone())
                }
            );
            assert!(err.to_string().contains(&target), "{err}");
            assert!(err.to_string().contains(&status.to_string()), "{err}");
            assert!(err.hint().unwrap().contains("base_url"));
            assert_eq!(err.class(), ErrorClass::Usage);
            assert!(!err.is_transient());
        }
        // The read taken before the write met the redirect, so the write (and its
        // body) never went out: audited as not sent.
        let lines = std::fs::read_to_string(&audit).expect("audited");
        let entry: serde_json::Value = serde_json::from_str(lines.trim()).unwrap();
        assert_eq!(
            entry["outcome"],
            "not sent: the server redirects (see base_url)"
        );
    }
    assert_eq!(
        elsewhere.hits(),
        0,
        "a request reached the redirect's target"
    );
}

#[tokio::test]
async fn a_write_that_is_itself_redirected_is_not_followed() {
    let elsewhere = Recorder::start();
    for status in [301, 302, 303, 307, 308] {
        let target = format!("{}/customer-organizations", elsewhere.base_url());
        let dir = temp_dir();
        let audit = dir.path().join("audit.jsonl");
        let mut config = settings(&redirecting_writes(status, &target), ADMIN);
        config.audit = Some(audit.clone());
        let mut client = Client::spawn(config);
        let err = client
            .fails(ops::create_org("Redirectco", &["redirectco.example"]))
            .await;
        assert_eq!(
            err,
            ApiError::Redirected {
                status,
                location: Some(target.clone())
            }
        );
        // The write was answered (by a redirect): not re-read, audited with its status.
        let lines = std::fs::read_to_string(&audit).expect("audited");
        let entry: serde_json::Value = serde_json::from_str(lines.trim()).unwrap();
        assert_eq!(entry["status"], status);
        assert_eq!(entry["outcome"], "rejected");
    }
    assert_eq!(
        elsewhere.hits(),
        0,
        "a 301/302/303 turned the POST into a GET, or a 307/308 re-sent it"
    );
}

#[tokio::test]
async fn a_redirect_without_a_location_says_so() {
    let base = redirecting(302, "");
    let mut client = Client::spawn(settings(&base, ADMIN));
    let err = client.fails(Operation::WhoAmI).await;
    assert_eq!(
        err,
        ApiError::Redirected {
            status: 302,
            location: None
        }
    );
    assert!(err.to_string().contains("no Location"), "{err}");
    assert!(err.hint().unwrap().contains("base_url"));
}
