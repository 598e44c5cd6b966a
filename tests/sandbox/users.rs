//! Users and invites over HTTP: who am I, invite, the list filters, update, delete and
//! the activation email, each checked by reading the data back.

use crate::support::http::*;
use reqwest::Method;
use serde_json::{Value, json};

#[tokio::test]
async fn users_me_for_each_role() {
    let api = Api::start().await;
    let admin = api.get_json(ADMIN, "/users/me").await;
    assert_eq!(admin["email"], ADMIN_EMAIL);
    assert_eq!(admin["type"], "admin");
    assert_eq!(admin["agent-type"], "human");
    assert_eq!(admin["organization"], "tnt-acme");
    assert_eq!(admin["status"], "active");

    let agent = api.get_json(AGENT, "/users/me").await;
    assert_eq!(agent["email"], AGENT_EMAIL);
    assert_eq!(agent["type"], "agent");
    assert_eq!(agent["organization"], "tnt-acme");
    assert!(agent["agent-type"].is_string());

    let customer = api.get_json(CUSTOMER, "/users/me").await;
    assert_eq!(customer["email"], CUSTOMER_EMAIL);
    assert_eq!(customer["type"], "customer");
    assert_eq!(customer["organization"], "co-acme-01");
    assert_eq!(customer["agent-type"], Value::Null);

    let globex = api.get_json(GLOBEX, "/users/me").await;
    assert_eq!(globex["email"], GLOBEX_EMAIL);
    assert_eq!(globex["type"], "admin");
    assert_eq!(globex["organization"], "tnt-globex");

    // `me` and the caller's own email name the same user.
    assert_eq!(
        api.get_json(CUSTOMER, &format!("/users/{CUSTOMER_EMAIL}"))
            .await,
        customer
    );
}

#[tokio::test]
async fn invite_creates_a_pending_user() {
    let api = Api::start().await;
    api.post(
        ADMIN,
        "/users",
        &json!({
            "email": "  New.Person@Example-Corp.com ",
            "name": "New",
            "last-name": "Person",
            "type": "customer",
            "organization": "co-acme-03",
        }),
    )
    .await
    .assert_message(INVITED);
    let user = api.user("new.person@example-corp.com").await;
    assert_eq!(user["email"], "new.person@example-corp.com");
    assert_eq!(user["name"], "New");
    assert_eq!(user["last-name"], "Person");
    assert_eq!(user["type"], "customer");
    assert_eq!(user["status"], "pending");
    assert_eq!(user["organization"], "co-acme-03");
    assert_eq!(user["agent-type"], Value::Null);
    assert_eq!(user["auto-assign-tickets"], false);
    assert!(
        api.user_emails(ADMIN, "?status=pending&organization=co-acme-03")
            .await
            .contains(&"new.person@example-corp.com".to_owned())
    );

    api.post(
        ADMIN,
        "/users",
        &json!({
            "email": "robo.helper@acme-support.example",
            "name": "Robo",
            "last-name": "Helper",
            "type": "agent",
            "agent-type": "ai-assisted",
            "auto-assign-tickets": true,
        }),
    )
    .await
    .assert_message(INVITED);
    let agent = api.user("robo.helper@acme-support.example").await;
    assert_eq!(agent["type"], "agent");
    assert_eq!(agent["agent-type"], "ai-assisted");
    assert_eq!(agent["organization"], "tnt-acme");
    assert_eq!(agent["status"], "pending");
    assert_eq!(agent["auto-assign-tickets"], true);
    assert_eq!(api.user_emails(ADMIN, "").await.len(), 62);
}

/// Which seed users a filter should return.
type Keep = fn(&Value) -> bool;

#[tokio::test]
async fn list_filters() {
    let api = Api::start().await;
    let all = api.user_emails(ADMIN, "").await;
    assert_eq!(sorted(all), seed_emails(|_| true));
    assert_eq!(
        sorted(api.user_emails(AGENT, "").await),
        seed_emails(|_| true)
    );

    let admins = sorted(api.user_emails(ADMIN, "?type=admin").await);
    assert_eq!(
        admins,
        sorted(vec![
            ADMIN_EMAIL.to_owned(),
            ADMIN2_EMAIL.to_owned(),
            "sofia.lindqvist@acme-support.example".to_owned(),
        ])
    );
    let cases: Vec<(&str, Keep)> = vec![
        ("?type=customer", |u| u["type"] == "customer"),
        ("?type=admin,agent", |u| {
            u["type"] == "admin" || u["type"] == "agent"
        }),
        ("?status=pending", |u| u["status"] == "pending"),
        ("?status=suspended", |u| u["status"] == "suspended"),
        ("?status=pending,suspended", |u| u["status"] != "active"),
        ("?agent-type=ai-autonomous", |u| {
            u["agent-type"] == "ai-autonomous"
        }),
        ("?agent-type=ai-assisted,ai-autonomous", |u| {
            u["agent-type"] == "ai-assisted" || u["agent-type"] == "ai-autonomous"
        }),
        ("?organization=co-acme-06", |u| {
            u["organization"] == "co-acme-06"
        }),
        ("?organization=co-acme-06,co-acme-08", |u| {
            u["organization"] == "co-acme-06" || u["organization"] == "co-acme-08"
        }),
        ("?auto-assign-tickets=true", |u| {
            u["auto-assign-tickets"] == true
        }),
        ("?auto-assign-tickets=false", |u| {
            u["auto-assign-tickets"] == false
        }),
        (
            "?type=customer&status=pending&organization=co-acme-01",
            |u| {
                u["type"] == "customer"
                    && u["status"] == "pending"
                    && u["organization"] == "co-acme-01"
            },
        ),
        ("?type=agent&auto-assign-tickets=false", |u| {
            u["type"] == "agent" && u["auto-assign-tickets"] == false
        }),
    ];
    for (query, keep) in cases {
        let expected = seed_emails(keep);
        assert!(!expected.is_empty(), "{query}: the seed has no such user");
        assert_eq!(
            sorted(api.user_emails(ADMIN, query).await),
            expected,
            "{query}"
        );
    }
    // Anchors from the seed, independent of the filter logic above.
    assert_eq!(api.user_emails(ADMIN, "?status=suspended").await.len(), 3);
    assert_eq!(
        sorted(api.user_emails(ADMIN, "?organization=co-acme-06").await),
        [
            "arthur.pennington@vandelay-imports.com",
            "rosa.delgado@vandelay-imports.com"
        ]
    );
    assert_eq!(
        sorted(
            api.user_emails(
                ADMIN,
                "?type=customer&status=pending&organization=co-acme-01"
            )
            .await
        ),
        ["aisha.karimi@acme-ltd.com", "lucas.ferreira@acme-ltd.com"]
    );
    for bad in [
        "?type=robot",
        "?status=gone",
        "?agent-type=cyborg",
        "?auto-assign-tickets=yes",
    ] {
        let name = bad[1..].split('=').next().unwrap();
        api.get(ADMIN, &format!("/users{bad}"))
            .await
            .assert_parameter_error(400, name);
    }
}

#[tokio::test]
async fn admin_put_changes_the_user() {
    let api = Api::start().await;
    let before = api.user(OTHER_CUSTOMER).await;
    api.put(
        ADMIN,
        &format!("/users/{OTHER_CUSTOMER}"),
        &json!({
            "last-name": "Mehta-Singh",
            "auto-assign-tickets": "true",
            "organization": "co-acme-03",
        }),
    )
    .await
    .assert_message("User updated");
    let after = api.user(OTHER_CUSTOMER).await;
    assert_eq!(after["last-name"], "Mehta-Singh");
    assert_eq!(after["auto-assign-tickets"], true);
    assert_eq!(after["organization"], "co-acme-03");
    assert_eq!(after["name"], before["name"]);
    assert_eq!(after["status"], before["status"]);
    assert_eq!(after["created-at"], before["created-at"]);
    assert!(
        api.user_emails(ADMIN, "?organization=co-acme-03")
            .await
            .contains(&OTHER_CUSTOMER.to_owned())
    );

    // "false" as a string, status, and the path's email in another case.
    api.put(
        ADMIN,
        "/users/RAHUL.Mehta@acme-ltd.com",
        &json!({"auto-assign-tickets": "false", "status": "suspended"}),
    )
    .await
    .assert_message("User updated");
    let after = api.user(OTHER_CUSTOMER).await;
    assert_eq!(after["auto-assign-tickets"], false);
    assert_eq!(after["status"], "suspended");

    // Promote a customer to agent: needs an agent-type, leaves the organization.
    api.put(
        ADMIN,
        &format!("/users/{OTHER_CUSTOMER}"),
        &json!({"type": "agent", "agent-type": "human", "status": "active"}),
    )
    .await
    .assert_message("User updated");
    let after = api.user(OTHER_CUSTOMER).await;
    assert_eq!(after["type"], "agent");
    assert_eq!(after["agent-type"], "human");
    assert_eq!(after["organization"], "tnt-acme");
    assert_eq!(after["status"], "active");
}

#[tokio::test]
async fn suspending_or_deleting_a_user_disables_their_token() {
    let api = Api::start().await;
    api.put(
        ADMIN,
        &format!("/users/{CUSTOMER_EMAIL}"),
        &json!({"status": "suspended"}),
    )
    .await
    .assert_message("User updated");
    let resp = api.get(CUSTOMER, "/users/me").await;
    resp.assert_problem(401);
    assert_eq!(resp.header("www-authenticate").as_deref(), Some("Bearer"));
    api.put(
        ADMIN,
        &format!("/users/{CUSTOMER_EMAIL}"),
        &json!({"status": "active"}),
    )
    .await
    .assert_message("User updated");
    assert_eq!(
        api.get_json(CUSTOMER, "/users/me").await["status"],
        "active"
    );

    api.delete(ADMIN, &format!("/users/{CUSTOMER_EMAIL}"))
        .await
        .assert_message("User deleted");
    assert!(!api.user_exists(CUSTOMER_EMAIL).await);
    assert!(
        !api.user_emails(ADMIN, "")
            .await
            .contains(&CUSTOMER_EMAIL.to_owned())
    );
    api.get(CUSTOMER, "/users/me").await.assert_problem(401);
}

#[tokio::test]
async fn delete_revokes_a_pending_invite_and_refuses_self_and_owner() {
    let api = Api::start().await;
    api.delete(ADMIN, &format!("/users/{PENDING_CUSTOMER}"))
        .await
        .assert_message("User deleted");
    assert!(!api.user_exists(PENDING_CUSTOMER).await);
    api.delete(ADMIN, &format!("/users/{PENDING_CUSTOMER}"))
        .await
        .assert_problem(404);

    api.delete(ADMIN, &format!("/users/{ADMIN_EMAIL}"))
        .await
        .assert_problem(409);
    assert!(api.user_exists(ADMIN_EMAIL).await);

    // Once another admin owns the tenant, the owner cannot be deleted either.
    api.patch(ADMIN, "/tenants", &json!({"owner": ADMIN2_EMAIL}))
        .await
        .assert_message("Org updated");
    api.delete(ADMIN, &format!("/users/{ADMIN2_EMAIL}"))
        .await
        .assert_problem(409);
    assert_eq!(api.user(ADMIN2_EMAIL).await["type"], "admin");
    assert_eq!(api.user_emails(ADMIN, "").await.len(), 59);
}

#[tokio::test]
async fn resend_activation_email_only_to_pending_users() {
    let api = Api::start().await;
    let path = format!("/users/{PENDING_CUSTOMER}/activation-email");
    api.send(api.request(Method::POST, &path, Some(ADMIN)))
        .await
        .assert_message("Activation email sent");
    assert_eq!(api.user(PENDING_CUSTOMER).await["status"], "pending");

    let before = api.user(OTHER_CUSTOMER).await;
    let path = format!("/users/{OTHER_CUSTOMER}/activation-email");
    api.send(api.request(Method::POST, &path, Some(ADMIN)))
        .await
        .assert_problem(409);
    assert_eq!(api.user(OTHER_CUSTOMER).await, before);

    let path = "/users/nobody@acme-ltd.com/activation-email";
    api.send(api.request(Method::POST, path, Some(ADMIN)))
        .await
        .assert_problem(404);

    // A freshly invited user can be sent the email again.
    api.post(
        ADMIN,
        "/users",
        &json!({"email": "fresh@acme-ltd.com", "name": "F", "last-name": "R", "type": "customer"}),
    )
    .await
    .assert_message(INVITED);
    let path = "/users/fresh@acme-ltd.com/activation-email";
    api.send(api.request(Method::POST, path, Some(ADMIN)))
        .await
        .assert_message("Activation email sent");
}

#[tokio::test]
async fn the_tenant_owner_stays_an_active_admin() {
    let api = Api::start().await;
    // The owner demoting themselves.
    for body in [json!({"type": "customer"}), json!({"type": "agent"})] {
        api.put(ADMIN, &format!("/users/{ADMIN_EMAIL}"), &body)
            .await
            .assert_field_error(409, "/type");
        assert_eq!(
            api.get_json(ADMIN, "/users/me").await["type"],
            "admin",
            "after {body}"
        );
    }
    // Another admin demoting or suspending the owner.
    api.patch(ADMIN, "/tenants", &json!({"owner": ADMIN2_EMAIL}))
        .await
        .assert_message("Org updated");
    let owner = format!("/users/{ADMIN2_EMAIL}");
    let before = api.user(ADMIN2_EMAIL).await;
    api.put(ADMIN, &owner, &json!({"status": "suspended"}))
        .await
        .assert_field_error(409, "/status");
    api.put(ADMIN, &owner, &json!({"type": "customer"}))
        .await
        .assert_field_error(409, "/type");
    assert_eq!(api.user(ADMIN2_EMAIL).await, before);
    assert_eq!(api.tenant(ADMIN).await["owner"], ADMIN2_EMAIL);
}

#[tokio::test]
async fn users_me_names_the_caller_for_put_and_delete_too() {
    let api = Api::start().await;
    api.put(CUSTOMER, "/users/me", &json!({"name": "Janet"}))
        .await
        .assert_message("User updated");
    assert_eq!(api.user(CUSTOMER_EMAIL).await["name"], "Janet");
    api.put(CUSTOMER, "/users/me", &json!({"status": "suspended"}))
        .await
        .assert_problem(403);
    api.delete(ADMIN, "/users/me").await.assert_problem(409);
    assert!(api.user_exists(ADMIN_EMAIL).await);
}
