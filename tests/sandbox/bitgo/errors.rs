//! BitGo's error shape everywhere: bad ids, bad bodies with one path per field,
//! and the kit's faults.

use orgdeck::backends::bitgo::sandbox::{Faults, SandboxConfig};
use serde_json::json;

use super::{ADMIN, Bg};

#[tokio::test]
async fn ids_that_break_the_pattern_are_refused_by_kind() {
    let bg = Bg::start().await;
    for bad in [
        "ABCDEF0123456789ABCDEF0123456789",
        "1234",
        "g0000000000000000000000000000000",
    ] {
        let org = bg
            .get(ADMIN, &format!("/api/v2/organization/{bad}/enterprise"))
            .await;
        assert_eq!(
            org.error(400, "InvalidOrganizationId")["context"]["id"],
            bad
        );
        let ent = bg.get(ADMIN, &format!("/api/v2/enterprise/{bad}")).await;
        assert_eq!(ent.error(400, "InvalidEnterpriseId")["context"]["id"], bad);
    }
    let unknown = "0123456789abcdef0123456789abcdef";
    bg.get(ADMIN, &format!("/api/v2/enterprise/{unknown}"))
        .await
        .error(404, "NotFound");
    bg.get(ADMIN, &format!("/api/v2/organization/{unknown}"))
        .await
        .error(404, "NotFound");
}

#[tokio::test]
async fn a_bad_create_body_names_every_bad_field() {
    let bg = Bg::start().await;
    let org = bg.org(ADMIN, "Northwind CaaS").await;
    let path = format!("/api/v2/organization/{org}/enterprise");
    let body = json!({
        "email": "",
        "idempotencyKey": "k",
        "additionalAdmins": ["not-a-user-id", "0123456789abcdef0123456789abcdef"],
        "accountType": "company",
        "thirdPartyIdentifier": [{"id": "crm-1", "label": ""}],
    });
    let answer = bg.post(ADMIN, &path, &body).await;
    assert_eq!(
        answer.paths(),
        [
            "email",
            "additionalAdmins[0]",
            "additionalAdmins[1]",
            "accountType",
            "thirdPartyIdentifier[0].label"
        ]
    );
    let missing = bg.post(ADMIN, &path, &json!({})).await;
    assert_eq!(
        missing.paths(),
        ["email", "idempotencyKey", "additionalAdmins"]
    );
    let found = bg.get(ADMIN, &format!("{path}?idempotencyKey=k")).await;
    assert_eq!(
        found.expect(200)["enterprises"],
        json!([]),
        "a refused create makes nothing"
    );
}

#[tokio::test]
async fn unknown_paths_missing_tokens_and_bad_json_answer_in_bitgo_shape() {
    let bg = Bg::start().await;
    bg.get(ADMIN, "/api/v2/nothing-here")
        .await
        .error(404, "NotFound");
    bg.get("", "/api/v2/organization")
        .await
        .error(401, "Unauthorized");
    let org = bg.org(ADMIN, "Northwind CaaS").await;
    let path = format!("/api/v2/organization/{org}/enterprise?colour=blue");
    let answer = bg.get(ADMIN, &path).await;
    assert_eq!(answer.paths(), ["colour"]);
}

#[tokio::test]
async fn injected_faults_answer_in_bitgo_shape() {
    let failing = Faults {
        error_rate: 1.0,
        ..Faults::default()
    };
    let bg = Bg::start_with(SandboxConfig {
        faults: failing,
        ..SandboxConfig::default()
    })
    .await;
    bg.get(ADMIN, "/api/v2/organization")
        .await
        .error(500, "InternalServerError");

    let limited = Faults {
        rate_limit: Some(1),
        ..Faults::default()
    };
    let bg = Bg::start_with(SandboxConfig {
        faults: limited,
        ..SandboxConfig::default()
    })
    .await;
    bg.get(ADMIN, "/api/v2/organization").await.expect(200);
    let refused = bg.get(ADMIN, "/api/v2/organization").await;
    refused.error(429, "RateLimited");
    assert!(refused.headers.get("retry-after").is_some());
}

#[tokio::test]
async fn framework_refusals_answer_in_bitgo_shape_too() {
    let bg = Bg::start().await;
    let patch = bg
        .send(reqwest::Method::PATCH, ADMIN, "/api/v2/organization", None)
        .await;
    patch.error(405, "MethodNotAllowed");
    let org = bg.org(ADMIN, "Northwind CaaS").await;
    let url = format!("{}/api/v2/organization/{org}/enterprise", bg.base);
    let send = |body: &'static str, content_type: &'static str| {
        bg.http
            .post(&url)
            .bearer_auth(ADMIN)
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    let broken = send("{\"email\": ", "application/json").await.unwrap();
    assert_eq!(broken.status().as_u16(), 400);
    let body: serde_json::Value = broken.json().await.unwrap();
    assert_eq!(body["name"], "InvalidRequestBody", "{body}");
    let text = send("email=a", "text/plain").await.unwrap();
    assert_eq!(text.status().as_u16(), 415);
    let body: serde_json::Value = text.json().await.unwrap();
    assert_eq!(body["name"], "UnsupportedMediaType", "{body}");
    assert!(body["requestId"].is_string());
}
