//! Tenant settings over HTTP: GET and PATCH /tenants and the PATCH rules.

use crate::support::http::*;
use serde_json::json;

#[tokio::test]
async fn tenant_settings_read_and_patch() {
    let api = Api::start().await;
    for token in [ADMIN, AGENT] {
        let tenant = api.tenant(token).await;
        assert_eq!(tenant["id"], "tnt-acme");
        assert_eq!(tenant["display-name"], "Acme Support");
        assert_eq!(tenant["owner"], ADMIN_EMAIL);
        assert_eq!(tenant["customer-access-type"], "restricted");
        assert_eq!(tenant["reply-identity"], "agent");
        assert!(tenant["created-at"].is_string());
        assert!(tenant["allowed-domains"].as_array().unwrap().len() >= 4);
    }
    let before = api.tenant(ADMIN).await;
    api.patch(
        ADMIN,
        "/tenants",
        &json!({
            "display-name": "Acme Help Desk",
            "customer-access-type": "open",
            "allowed-domains": ["Acme-Ltd.com", "stark-logistics.com"],
            "blocked-domains": [],
            "reply-identity": "organization",
            "owner": ADMIN2_EMAIL,
        }),
    )
    .await
    .assert_message("Org updated");
    let after = api.tenant(ADMIN).await;
    assert_eq!(after["display-name"], "Acme Help Desk");
    assert_eq!(after["customer-access-type"], "open");
    assert_eq!(
        after["allowed-domains"],
        json!(["acme-ltd.com", "stark-logistics.com"])
    );
    assert_eq!(after["blocked-domains"], json!([]));
    assert_eq!(after["reply-identity"], "organization");
    assert_eq!(after["owner"], ADMIN2_EMAIL);
    assert_eq!(after["id"], before["id"]);
    assert_eq!(after["created-at"], before["created-at"]);
}

#[tokio::test]
async fn tenant_patch_rules() {
    let api = Api::start().await;
    let before = api.tenant(ADMIN).await;
    let cases = [
        (json!({"display-name": "  "}), "/display-name"),
        (
            json!({"customer-access-type": "public"}),
            "/customer-access-type",
        ),
        (json!({"reply-identity": "bot"}), "/reply-identity"),
        (
            json!({"allowed-domains": ["ok.example", "not a domain"]}),
            "/allowed-domains/1",
        ),
        (
            json!({"blocked-domains": ["spam.example", "SPAM.example"]}),
            "/blocked-domains/1",
        ),
        (json!({"owner": AGENT_EMAIL}), "/owner"),
        (json!({"owner": "nobody@acme-support.example"}), "/owner"),
        (json!({"owner": GLOBEX_EMAIL}), "/owner"),
        (json!({"display-name": null}), "/display-name"),
        // One valid field next to an invalid one: nothing is written.
        (
            json!({"display-name": "Renamed", "customer-access-type": "x"}),
            "/customer-access-type",
        ),
    ];
    for (body, pointer) in cases {
        api.patch(ADMIN, "/tenants", &body)
            .await
            .assert_field_error(400, pointer);
    }
    assert_eq!(api.tenant(ADMIN).await, before);
}
