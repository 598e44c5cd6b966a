//! Customer organizations over HTTP: list, read, look up, create, update, suspend and
//! delete, each checked by reading the data back.

use crate::support::http::*;
use serde_json::{Value, json};

#[tokio::test]
async fn list_and_read_organizations_as_admin_and_agent() {
    let api = Api::start().await;
    for token in [ADMIN, AGENT] {
        let list = api.get_json(token, "/customer-organizations").await;
        let ids = org_ids(&list);
        let expected: Vec<String> = (1..=12).map(|n| format!("co-acme-{n:02}")).collect();
        assert_eq!(sorted(ids), expected, "as {token}");
        let acme = api
            .get_json(token, "/customer-organizations/co-acme-01")
            .await;
        assert_eq!(acme["display-name"], "Acme Ltd");
        assert_eq!(acme["tenant-id"], "tnt-acme");
        assert_eq!(acme["status"], "active");
        assert_eq!(acme["domains"], json!(["acme-ltd.com", "acme-ltd.co.uk"]));
        for key in ["external-ref", "notes", "created-at", "updated-at"] {
            assert!(acme.get(key).is_some(), "{key} missing: {acme}");
        }
    }
    let northwind = api.org("co-acme-02").await;
    assert_eq!(northwind["display-name"], "Northwind Traders");
    assert_eq!(northwind["domains"].as_array().unwrap().len(), 5);
    api.get(ADMIN, "/customer-organizations/co-acme-99")
        .await
        .assert_problem(404);
}

#[tokio::test]
async fn list_filters_by_status() {
    let api = Api::start().await;
    let suspended = api
        .get_json(ADMIN, "/customer-organizations?status=suspended")
        .await;
    assert_eq!(org_ids(&suspended), ["co-acme-06"]);
    assert_eq!(
        suspended["customer-organizations"][0]["display-name"],
        "Vandelay Imports"
    );
    let active = org_ids(
        &api.get_json(ADMIN, "/customer-organizations?status=active")
            .await,
    );
    assert_eq!(active.len(), 11);
    assert!(!active.contains(&"co-acme-06".to_owned()));
    let both = api
        .get_json(ADMIN, "/customer-organizations?status=active,suspended")
        .await;
    assert_eq!(org_ids(&both).len(), 12);
    api.get(ADMIN, "/customer-organizations?status=archived")
        .await
        .assert_parameter_error(400, "status");
}

#[tokio::test]
async fn lookup_by_domain_is_exact_and_case_insensitive() {
    let api = Api::start().await;
    for (domain, id) in [
        ("acme-ltd.com", "co-acme-01"),
        ("ACME-LTD.CO.UK", "co-acme-01"),
        ("NwTraders.IO", "co-acme-02"),
    ] {
        for token in [ADMIN, AGENT] {
            let org = api
                .get_json(
                    token,
                    &format!("/customer-organizations/lookup?domain={domain}"),
                )
                .await;
            assert_eq!(org["id"], id, "lookup {domain} as {token}");
        }
    }
    // Exact: a sub-domain or a prefix does not match.
    for domain in ["mail.acme-ltd.com", "acme-ltd", "unknown-company.example"] {
        api.get(
            ADMIN,
            &format!("/customer-organizations/lookup?domain={domain}"),
        )
        .await
        .assert_problem(404);
    }
    api.get(ADMIN, "/customer-organizations/lookup")
        .await
        .assert_parameter_error(400, "domain");
}

#[tokio::test]
async fn create_answers_the_organization_and_it_can_be_read_back() {
    let api = Api::start().await;
    let resp = api
        .post(
            ADMIN,
            "/customer-organizations",
            &json!({
                "display-name": "  Cyberdyne Systems  ",
                "domains": ["Cyberdyne-Systems.example", "cyberdyne.io"],
                "external-ref": "https://crm.example.com/accounts/4242",
                "notes": "met at the trade fair",
            }),
        )
        .await;
    let created = resp.assert_ok();
    let id = created["id"].as_str().expect("id").to_owned();
    assert_eq!(created["display-name"], "Cyberdyne Systems");
    assert_eq!(created["tenant-id"], "tnt-acme");
    assert_eq!(created["status"], "active");
    assert_eq!(
        created["domains"],
        json!(["cyberdyne-systems.example", "cyberdyne.io"])
    );
    assert_eq!(
        created["external-ref"],
        "https://crm.example.com/accounts/4242"
    );
    assert_eq!(created["notes"], "met at the trade fair");
    assert_eq!(api.org(&id).await, created);
    assert_eq!(api.orgs().await.len(), 13);
    assert!(
        api.orgs()
            .await
            .iter()
            .all(|o| o["id"] != id || o == &created)
    );
    let found = api
        .get_json(ADMIN, "/customer-organizations/lookup?domain=CYBERDYNE.io")
        .await;
    assert_eq!(found["id"], id.as_str());

    // Only the display name is required; domains default to none.
    let minimal = api
        .post(
            ADMIN,
            "/customer-organizations",
            &json!({"display-name": "Tyrell"}),
        )
        .await
        .assert_ok();
    assert_eq!(minimal["domains"], json!([]));
    assert_ne!(minimal["id"], id.as_str());
}

#[tokio::test]
async fn patch_updates_only_the_given_fields() {
    let api = Api::start().await;
    let before = api.org("co-acme-03").await;
    api.patch(
        ADMIN,
        "/customer-organizations/co-acme-03",
        &json!({"display-name": "Initech Global", "notes": "renamed", "external-ref": null}),
    )
    .await
    .assert_message("Customer org updated");
    let after = api.org("co-acme-03").await;
    assert_eq!(after["display-name"], "Initech Global");
    assert_eq!(after["notes"], "renamed");
    assert_eq!(after["external-ref"], Value::Null);
    assert_eq!(after["domains"], before["domains"]);
    assert_eq!(after["status"], "active");
    assert_eq!(after["created-at"], before["created-at"]);
    assert_ne!(after["updated-at"], before["updated-at"]);

    // Replacing the domain list; an org may keep its own domain in another case.
    api.patch(
        ADMIN,
        "/customer-organizations/co-acme-03",
        &json!({"domains": ["INITECH-SOFTWARE.COM", "initech.example"]}),
    )
    .await
    .assert_message("Customer org updated");
    let after = api.org("co-acme-03").await;
    assert_eq!(
        after["domains"],
        json!(["initech-software.com", "initech.example"])
    );
    let found = api
        .get_json(
            ADMIN,
            "/customer-organizations/lookup?domain=initech.example",
        )
        .await;
    assert_eq!(found["id"], "co-acme-03");
}

#[tokio::test]
async fn suspend_and_reactivate_with_patch_status() {
    let api = Api::start().await;
    api.patch(
        ADMIN,
        "/customer-organizations/co-acme-05",
        &json!({"status": "suspended"}),
    )
    .await
    .assert_message("Customer org updated");
    assert_eq!(api.org("co-acme-05").await["status"], "suspended");
    let suspended = api
        .get_json(ADMIN, "/customer-organizations?status=suspended")
        .await;
    assert_eq!(sorted(org_ids(&suspended)), ["co-acme-05", "co-acme-06"]);

    api.patch(
        ADMIN,
        "/customer-organizations/co-acme-06",
        &json!({"status": "active"}),
    )
    .await
    .assert_message("Customer org updated");
    assert_eq!(api.org("co-acme-06").await["status"], "active");
    let suspended = api
        .get_json(ADMIN, "/customer-organizations?status=suspended")
        .await;
    assert_eq!(org_ids(&suspended), ["co-acme-05"]);
}

#[tokio::test]
async fn delete_leaves_customers_without_organization_and_frees_domains() {
    let api = Api::start().await;
    let members = api
        .user_emails(ADMIN, "?type=customer&organization=co-acme-01")
        .await;
    assert_eq!(
        sorted(members.clone()),
        seed_emails(|u| u["organization"] == "co-acme-01")
    );
    assert!(members.len() >= 7);
    let users_before = api.user_emails(ADMIN, "").await.len();

    api.delete(ADMIN, "/customer-organizations/co-acme-01")
        .await
        .assert_message("Customer org deleted");

    api.get(ADMIN, "/customer-organizations/co-acme-01")
        .await
        .assert_problem(404);
    assert!(
        !org_ids(&api.get_json(ADMIN, "/customer-organizations").await)
            .contains(&"co-acme-01".to_owned())
    );
    for email in &members {
        let user = api.user(email).await;
        assert_eq!(user["organization"], Value::Null, "{email}");
        assert_eq!(user["type"], "customer");
    }
    assert_eq!(api.user_emails(ADMIN, "").await.len(), users_before);
    assert!(
        api.user_emails(ADMIN, "?organization=co-acme-01")
            .await
            .is_empty()
    );
    // The customer token still works, with no organization now.
    let me = api.get_json(CUSTOMER, "/users/me").await;
    assert_eq!(me["organization"], Value::Null);

    // Its domains are free again: lookups miss and other organizations may take them.
    api.get(ADMIN, "/customer-organizations/lookup?domain=acme-ltd.com")
        .await
        .assert_problem(404);
    api.patch(
        ADMIN,
        "/customer-organizations/co-acme-12",
        &json!({"domains": ["lumen-dental.com", "Acme-Ltd.com"]}),
    )
    .await
    .assert_message("Customer org updated");
    let created = api
        .post(
            ADMIN,
            "/customer-organizations",
            &json!({"display-name": "Acme Ltd (UK)", "domains": ["acme-ltd.co.uk"]}),
        )
        .await
        .assert_ok();
    let owner_com = api
        .get_json(ADMIN, "/customer-organizations/lookup?domain=acme-ltd.com")
        .await;
    assert_eq!(owner_com["id"], "co-acme-12");
    let owner_uk = api
        .get_json(
            ADMIN,
            "/customer-organizations/lookup?domain=acme-ltd.co.uk",
        )
        .await;
    assert_eq!(owner_uk["id"], created["id"]);
}

#[tokio::test]
async fn delete_an_organization_without_members_changes_no_user() {
    let api = Api::start().await;
    assert!(
        api.user_emails(ADMIN, "?organization=co-acme-12")
            .await
            .is_empty()
    );
    let before = api.get_json(ADMIN, "/users").await;
    api.delete(ADMIN, "/customer-organizations/co-acme-12")
        .await
        .assert_message("Customer org deleted");
    assert_eq!(api.get_json(ADMIN, "/users").await, before);
    assert_eq!(api.orgs().await.len(), 11);
    api.delete(ADMIN, "/customer-organizations/co-acme-12")
        .await
        .assert_problem(404);
}
