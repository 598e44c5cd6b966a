//! The invite and user-update rules over HTTP: each broken rule gets its status and a
//! field pointer, and the refused write changes nothing.

use crate::support::http::*;
use serde_json::{Value, json};

/// Sends an invite and checks it was refused with `status` at `pointer`, and that no
/// user with that email appeared.
async fn refused_invite(api: &Api, body: Value, status: u16, pointer: &str) -> Value {
    let count = api.user_emails(ADMIN, "").await.len();
    let problem = api
        .post(ADMIN, "/users", &body)
        .await
        .assert_field_error(status, pointer);
    assert_eq!(
        api.user_emails(ADMIN, "").await.len(),
        count,
        "a user was added"
    );
    problem
}

fn invite(email: &str, kind: &str) -> Value {
    json!({"email": email, "name": "Test", "last-name": "User", "type": kind})
}

#[tokio::test]
async fn invite_rules() {
    let api = Api::start().await;
    let mut customer = invite("c1@acme-ltd.com", "customer");
    customer["agent-type"] = json!("human");
    refused_invite(&api, customer, 400, "/agent-type").await;
    refused_invite(
        &api,
        invite("a1@acme-support.example", "agent"),
        400,
        "/agent-type",
    )
    .await;
    refused_invite(
        &api,
        invite("a2@acme-support.example", "admin"),
        400,
        "/agent-type",
    )
    .await;

    let mut staff = invite("a3@acme-support.example", "agent");
    staff["agent-type"] = json!("human");
    staff["organization"] = json!("co-acme-01");
    refused_invite(&api, staff, 400, "/organization").await;

    let mut unknown = invite("c2@acme-ltd.com", "customer");
    unknown["organization"] = json!("co-acme-99");
    refused_invite(&api, unknown, 400, "/organization").await;
    let mut foreign = invite("c3@acme-ltd.com", "customer");
    foreign["organization"] = json!("co-globex-01");
    refused_invite(&api, foreign, 400, "/organization").await;

    let mut suspended = invite("c4@vandelay-imports.com", "customer");
    suspended["organization"] = json!("co-acme-06");
    refused_invite(&api, suspended, 409, "/organization").await;
    assert_eq!(
        api.user_emails(ADMIN, "?organization=co-acme-06")
            .await
            .len(),
        2
    );

    let jane = api.user(CUSTOMER_EMAIL).await;
    for email in [CUSTOMER_EMAIL, "Jane.Doe@ACME-LTD.com", ADMIN_EMAIL] {
        refused_invite(&api, invite(email, "customer"), 409, "/email").await;
    }
    assert_eq!(api.user(CUSTOMER_EMAIL).await, jane);

    for email in ["not-an-email", "jane@localhost", "two@@acme.com", ""] {
        refused_invite(&api, invite(email, "customer"), 400, "/email").await;
    }
    let mut blank = invite("c5@acme-ltd.com", "customer");
    blank["name"] = json!("   ");
    refused_invite(&api, blank, 400, "/name").await;
    refused_invite(&api, invite("c6@acme-ltd.com", "robot"), 400, "/type").await;
}

#[tokio::test]
async fn an_incomplete_invite_reports_every_missing_field_at_once() {
    let api = Api::start().await;
    let problem = refused_invite(&api, json!({}), 400, "/email").await;
    assert_eq!(
        sorted(pointers(&problem)),
        ["/email", "/last-name", "/name", "/type"]
    );
    let problem = refused_invite(
        &api,
        json!({"email": "broken", "name": 5, "type": "robot"}),
        400,
        "/email",
    )
    .await;
    assert_eq!(
        sorted(pointers(&problem)),
        ["/email", "/last-name", "/name", "/type"]
    );
}

/// Sends a PUT as the admin and checks it was refused and that the user is unchanged.
async fn refused_put(api: &Api, email: &str, body: Value, status: u16, pointer: &str) {
    let before = api.user(email).await;
    api.put(ADMIN, &format!("/users/{email}"), &body)
        .await
        .assert_field_error(status, pointer);
    assert_eq!(api.user(email).await, before, "PUT {body} changed {email}");
}

#[tokio::test]
async fn update_rules() {
    let api = Api::start().await;
    let user = OTHER_CUSTOMER;
    refused_put(
        &api,
        user,
        json!({"organization": "co-acme-06"}),
        409,
        "/organization",
    )
    .await;
    refused_put(
        &api,
        user,
        json!({"organization": "co-acme-99"}),
        400,
        "/organization",
    )
    .await;
    refused_put(
        &api,
        user,
        json!({"agent-type": "human"}),
        400,
        "/agent-type",
    )
    .await;
    refused_put(&api, user, json!({"type": "agent"}), 400, "/agent-type").await;
    refused_put(&api, user, json!({"type": "robot"}), 400, "/type").await;
    refused_put(&api, user, json!({"status": "pending"}), 400, "/status").await;
    refused_put(&api, user, json!({"name": "  "}), 400, "/name").await;
    refused_put(&api, user, json!({"last-name": null}), 400, "/last-name").await;
    refused_put(
        &api,
        user,
        json!({"auto-assign-tickets": "yes"}),
        400,
        "/auto-assign-tickets",
    )
    .await;
    refused_put(
        &api,
        AGENT_EMAIL,
        json!({"organization": "co-acme-01"}),
        400,
        "/organization",
    )
    .await;
    refused_put(
        &api,
        ADMIN_EMAIL,
        json!({"status": "suspended"}),
        409,
        "/status",
    )
    .await;
    // A member of a suspended organization may stay in it.
    let rosa = "rosa.delgado@vandelay-imports.com";
    api.put(
        ADMIN,
        &format!("/users/{rosa}"),
        &json!({"organization": "co-acme-06", "name": "Rosa"}),
    )
    .await
    .assert_message("User updated");
    assert_eq!(api.user(rosa).await["organization"], "co-acme-06");
    api.put(ADMIN, "/users/nobody@acme-ltd.com", &json!({"name": "X"}))
        .await
        .assert_problem(404);
    assert!(!api.user_exists("nobody@acme-ltd.com").await);
}
