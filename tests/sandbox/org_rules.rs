//! The customer-organization rules over HTTP: each broken rule gets its status and a
//! field pointer, and the refused write changes nothing.

use crate::support::http::*;
use serde_json::json;

#[tokio::test]
async fn a_sixth_domain_is_refused() {
    let api = Api::start().await;
    let before = api.org("co-acme-02").await;
    let mut six = before["domains"].as_array().unwrap().clone();
    six.push(json!("sixth-domain.example"));
    api.patch(
        ADMIN,
        "/customer-organizations/co-acme-02",
        &json!({ "domains": six }),
    )
    .await
    .assert_field_error(400, "/domains/5");
    assert_eq!(api.org("co-acme-02").await, before);
    api.get(
        ADMIN,
        "/customer-organizations/lookup?domain=sixth-domain.example",
    )
    .await
    .assert_problem(404);

    let domains: Vec<String> = (1..=6).map(|n| format!("d{n}.example")).collect();
    api.post(
        ADMIN,
        "/customer-organizations",
        &json!({"display-name": "Six Domains", "domains": domains}),
    )
    .await
    .assert_field_error(400, "/domains/5");
    assert_eq!(api.orgs().await.len(), 12);
}

#[tokio::test]
async fn a_domain_of_another_organization_conflicts_in_any_case() {
    let api = Api::start().await;
    let resp = api
        .post(
            ADMIN,
            "/customer-organizations",
            &json!({"display-name": "Copycat", "domains": ["copycat.example", "ACME-Ltd.COM"]}),
        )
        .await;
    let problem = resp.assert_field_error(409, "/domains/1");
    assert_eq!(pointers(&problem), ["/domains/1"]);
    assert_eq!(api.orgs().await.len(), 12);
    api.get(
        ADMIN,
        "/customer-organizations/lookup?domain=copycat.example",
    )
    .await
    .assert_problem(404);

    let before = api.org("co-acme-03").await;
    api.patch(
        ADMIN,
        "/customer-organizations/co-acme-03",
        &json!({"domains": ["initech-software.com", "Northwind-Traders.com"]}),
    )
    .await
    .assert_field_error(409, "/domains/1");
    assert_eq!(api.org("co-acme-03").await, before);
    let owner = api
        .get_json(
            ADMIN,
            "/customer-organizations/lookup?domain=northwind-traders.com",
        )
        .await;
    assert_eq!(owner["id"], "co-acme-02");
}

#[tokio::test]
async fn duplicate_domains_in_one_request_are_refused() {
    let api = Api::start().await;
    api.post(
        ADMIN,
        "/customer-organizations",
        &json!({"display-name": "Twice", "domains": ["twice.example", "TWICE.example"]}),
    )
    .await
    .assert_field_error(400, "/domains/1");
    assert_eq!(api.orgs().await.len(), 12);
    let before = api.org("co-acme-05").await;
    api.patch(
        ADMIN,
        "/customer-organizations/co-acme-05",
        &json!({"domains": ["stark-logistics.com", "stark-logistics.com"]}),
    )
    .await
    .assert_field_error(400, "/domains/1");
    assert_eq!(api.org("co-acme-05").await, before);
}

#[tokio::test]
async fn invalid_domains_are_each_reported() {
    let api = Api::start().await;
    let resp = api
        .post(
            ADMIN,
            "/customer-organizations",
            &json!({
                "display-name": "Bad Domains",
                "domains": ["https://cyberdyne.com", "localhost", "under_score.com",
                            "fine.example", "a..b.com", "x.com/path"],
            }),
        )
        .await;
    let problem = resp.assert_problem(400);
    assert_eq!(
        pointers(&problem),
        [
            "/domains/0",
            "/domains/1",
            "/domains/2",
            "/domains/4",
            "/domains/5"
        ]
    );
    api.post(
        ADMIN,
        "/customer-organizations",
        &json!({"display-name": "Not Text", "domains": ["ok.example", 7]}),
    )
    .await
    .assert_field_error(400, "/domains/1");
    assert_eq!(api.orgs().await.len(), 12);
}

#[tokio::test]
async fn external_ref_must_be_an_http_url() {
    let api = Api::start().await;
    let before = api.org("co-acme-01").await;
    for bad in [
        "ftp://crm.example.com/accounts/1",
        "crm.example.com/accounts/1",
        "mailto:sales@acme-ltd.com",
        "not a url",
    ] {
        api.patch(
            ADMIN,
            "/customer-organizations/co-acme-01",
            &json!({"external-ref": bad}),
        )
        .await
        .assert_field_error(400, "/external-ref");
        api.post(
            ADMIN,
            "/customer-organizations",
            &json!({"display-name": "Ref Test", "external-ref": bad}),
        )
        .await
        .assert_field_error(400, "/external-ref");
    }
    assert_eq!(api.org("co-acme-01").await, before);
    assert_eq!(api.orgs().await.len(), 12);
    api.patch(
        ADMIN,
        "/customer-organizations/co-acme-01",
        &json!({"external-ref": "http://crm.example.com/accounts/1"}),
    )
    .await
    .assert_message("Customer org updated");
    assert_eq!(
        api.org("co-acme-01").await["external-ref"],
        "http://crm.example.com/accounts/1"
    );
}

#[tokio::test]
async fn display_name_is_required_and_bounded() {
    let api = Api::start().await;
    for body in [
        json!({}),
        json!({"display-name": null}),
        json!({"display-name": "   "}),
        json!({"display-name": "x".repeat(201)}),
        json!({"display-name": "tab\there"}),
    ] {
        api.post(ADMIN, "/customer-organizations", &body)
            .await
            .assert_field_error(400, "/display-name");
    }
    assert_eq!(api.orgs().await.len(), 12);
    let before = api.org("co-acme-01").await;
    for name in [json!(""), json!("  "), json!(null), json!("y".repeat(201))] {
        api.patch(
            ADMIN,
            "/customer-organizations/co-acme-01",
            &json!({"display-name": name}),
        )
        .await
        .assert_field_error(400, "/display-name");
    }
    assert_eq!(api.org("co-acme-01").await, before);
    // 200 characters is still fine.
    let long = "z".repeat(200);
    let created = api
        .post(
            ADMIN,
            "/customer-organizations",
            &json!({"display-name": long}),
        )
        .await
        .assert_ok();
    assert_eq!(created["display-name"], long.as_str());
}

#[tokio::test]
async fn status_is_active_or_suspended_and_new_organizations_start_active() {
    let api = Api::start().await;
    let before = api.org("co-acme-04").await;
    for status in [json!("archived"), json!(null), json!(true)] {
        api.patch(
            ADMIN,
            "/customer-organizations/co-acme-04",
            &json!({"status": status}),
        )
        .await
        .assert_field_error(400, "/status");
    }
    assert_eq!(api.org("co-acme-04").await, before);
    api.post(
        ADMIN,
        "/customer-organizations",
        &json!({"display-name": "Born Suspended", "status": "suspended"}),
    )
    .await
    .assert_field_error(400, "/status");
    assert_eq!(api.orgs().await.len(), 12);
}

#[tokio::test]
async fn ids_of_deleted_organizations_are_not_reused() {
    let api = Api::start().await;
    api.delete(ADMIN, "/customer-organizations/co-acme-12")
        .await
        .assert_message("Customer org deleted");
    let created = api
        .post(
            ADMIN,
            "/customer-organizations",
            &json!({"display-name": "Newcomer"}),
        )
        .await
        .assert_ok();
    assert_ne!(created["id"], "co-acme-12");
}
