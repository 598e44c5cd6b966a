//! The kit's injected faults answer in Flowkiwi's error shape.

use orgdeck::backends::flowkiwi::sandbox::{self, Faults, SandboxConfig};

use super::{Fk, JANE};

#[tokio::test]
async fn an_injected_error_is_a_5xx_error_document() {
    let faults = Faults {
        error_rate: 1.0,
        seed: Some(1),
        ..Faults::default()
    };
    let config = SandboxConfig {
        faults,
        ..SandboxConfig::default()
    };
    let fk = Fk::with(sandbox::start(config).await.expect("starts"));
    let answer = fk.get(JANE, "/api/organizations").await;
    assert!(answer.status >= 500, "{answer:?}");
    assert_eq!(
        answer.header("content-type"),
        "application/problem+json; charset=utf-8"
    );
    assert_eq!(answer.body["@type"], "Error");
    assert_eq!(answer.body["detail"], "Internal Server Error");
    fk.stop().await;
}

#[tokio::test]
async fn the_rate_limit_is_a_429_error_document_with_retry_after() {
    let faults = Faults {
        rate_limit: Some(1),
        ..Faults::default()
    };
    let config = SandboxConfig {
        faults,
        ..SandboxConfig::default()
    };
    let fk = Fk::with(sandbox::start(config).await.expect("starts"));
    let mut limited = None;
    for _ in 0..5 {
        let answer = fk.get(JANE, "/api/organizations").await;
        if answer.status == 429 {
            limited = Some(answer);
            break;
        }
    }
    let answer = limited.expect("limited within five calls");
    assert_eq!(answer.body["@id"], "/api/errors/429");
    assert!(!answer.header("retry-after").is_empty());
    fk.stop().await;
}
