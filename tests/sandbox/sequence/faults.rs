//! The kit's faults and the framework's refusals, answered in Sequence's `ApiError`
//! envelope with the version header, like the sandbox's own errors.

use orgdeck::backends::sequence::sandbox::{Faults, SandboxConfig};

use super::{Answer, Seq, VERSION};

fn api_error(answer: &Answer, status: u16, kind: &str) {
    let body = answer.expect(status);
    let content_type = answer
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok());
    assert_eq!(content_type, Some("application/json"), "{body}");
    assert_eq!(body["error"]["type"], kind, "{body}");
    assert!(
        !body["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .is_empty(),
        "{body}"
    );
}

#[tokio::test]
async fn injected_faults_answer_in_the_api_error_envelope() {
    let failing = Faults {
        error_rate: 1.0,
        ..Faults::default()
    };
    let seq = Seq::start_with(SandboxConfig {
        faults: failing,
        ..SandboxConfig::default()
    })
    .await;
    api_error(&seq.get("/api/customers").await, 500, "internalServerError");

    let limited = Faults {
        rate_limit: Some(1),
        ..Faults::default()
    };
    let seq = Seq::start_with(SandboxConfig {
        faults: limited,
        ..SandboxConfig::default()
    })
    .await;
    seq.get("/api/customers").await.expect(200);
    let refused = seq.get("/api/customers").await;
    api_error(&refused, 429, "rateLimited");
    assert!(refused.headers.get("retry-after").is_some());
}

#[tokio::test]
async fn framework_refusals_answer_in_the_envelope_too() {
    let seq = Seq::start().await;
    let patch = seq
        .send(reqwest::Method::PATCH, "/api/customers", None)
        .await;
    api_error(&patch, 405, "methodNotAllowed");
    let own = seq.get("/api/customers?colour=red").await;
    assert_eq!(own.rules(), [("invalid".to_owned(), "colour".to_owned())]);
    assert_eq!(own.version(), Some(VERSION));
}
