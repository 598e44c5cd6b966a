//! The role matrix (admin, agent, customer against every mutating endpoint), what each
//! role may read, authentication failures, and isolation between tenants.

use crate::support::http::*;
use reqwest::Method;
use reqwest::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use serde_json::{Value, json};

/// Everything a write could change in tenant acme, read by its admin.
async fn snapshot(api: &Api) -> Value {
    json!({
        "users": api.get_json(ADMIN, "/users").await,
        "orgs": api.get_json(ADMIN, "/customer-organizations").await,
        "tenant": api.tenant(ADMIN).await,
    })
}

/// One mutating call of the matrix.
struct Call {
    method: Method,
    path: String,
    body: Option<Value>,
}

impl Call {
    fn new(method: Method, path: &str, body: Option<Value>) -> Call {
        Call {
            method,
            path: path.to_owned(),
            body,
        }
    }

    async fn send(&self, api: &Api, token: &str) -> Resp {
        let mut builder = api.request(self.method.clone(), &self.path, Some(token));
        if let Some(body) = &self.body {
            builder = builder.json(body);
        }
        api.send(builder).await
    }
}

impl std::fmt::Display for Call {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

/// The mutating endpoints, each with what agents and customers get.
fn matrix() -> Vec<(Call, u16, u16)> {
    vec![
        (
            Call::new(
                Method::POST,
                "/customer-organizations",
                Some(json!({"display-name": "Role Test", "domains": ["role-test.example"]})),
            ),
            403,
            403,
        ),
        (
            Call::new(
                Method::PATCH,
                "/customer-organizations/co-acme-03",
                Some(json!({"display-name": "Renamed", "status": "suspended"})),
            ),
            403,
            403,
        ),
        (
            Call::new(
                Method::PATCH,
                "/tenants",
                Some(json!({"display-name": "Renamed"})),
            ),
            403,
            403,
        ),
        (
            Call::new(
                Method::POST,
                "/users",
                Some(
                    json!({"email": "role.test@acme-ltd.com", "name": "Role", "last-name": "Test",
                            "type": "customer", "organization": "co-acme-01"}),
                ),
            ),
            403,
            403,
        ),
        // Customers cannot see other users at all, so for them the user does not exist.
        (
            Call::new(
                Method::PUT,
                &format!("/users/{OTHER_CUSTOMER}"),
                Some(json!({"name": "Renamed"})),
            ),
            403,
            404,
        ),
        (
            Call::new(
                Method::PUT,
                &format!("/users/{ADMIN2_EMAIL}"),
                Some(json!({"status": "suspended"})),
            ),
            403,
            404,
        ),
        (
            Call::new(
                Method::POST,
                &format!("/users/{PENDING_CUSTOMER}/activation-email"),
                None,
            ),
            403,
            403,
        ),
        (
            Call::new(Method::DELETE, &format!("/users/{OTHER_CUSTOMER}"), None),
            403,
            403,
        ),
        (
            Call::new(Method::DELETE, "/customer-organizations/co-acme-03", None),
            403,
            403,
        ),
    ]
}

#[tokio::test]
async fn agents_and_customers_may_not_write_and_change_nothing() {
    let api = Api::start().await;
    let before = snapshot(&api).await;
    for (call, agent, customer) in matrix() {
        for (token, status) in [(AGENT, agent), (CUSTOMER, customer)] {
            let resp = call.send(&api, token).await;
            let problem = resp.assert_problem(status);
            if status == 403 {
                let detail = problem["detail"].as_str().unwrap();
                assert!(detail.contains("your role"), "{call} as {token}: {problem}");
            }
            assert_eq!(
                snapshot(&api).await,
                before,
                "{call} as {token} changed data"
            );
        }
    }
}

#[tokio::test]
async fn admins_may_make_every_write() {
    let api = Api::start().await;
    for (call, _, _) in matrix() {
        let before = snapshot(&api).await;
        let resp = call.send(&api, ADMIN).await;
        assert!(
            resp.status.is_success(),
            "{call}: {} {}",
            resp.status,
            resp.text()
        );
        let after = snapshot(&api).await;
        if call.path.ends_with("/activation-email") {
            assert_eq!(after, before, "{call} should change no data");
        } else {
            assert_ne!(after, before, "{call} changed nothing");
        }
    }
    assert!(!api.user_exists(OTHER_CUSTOMER).await);
    api.get(ADMIN, "/customer-organizations/co-acme-03")
        .await
        .assert_problem(404);
    assert_eq!(api.user(ADMIN2_EMAIL).await["status"], "suspended");
    assert_eq!(
        api.user("role.test@acme-ltd.com").await["status"],
        "pending"
    );
}

#[tokio::test]
async fn users_may_change_their_own_name_but_not_admin_fields() {
    let api = Api::start().await;
    for (token, email) in [(AGENT, AGENT_EMAIL), (CUSTOMER, CUSTOMER_EMAIL)] {
        let path = format!("/users/{email}");
        api.put(
            token,
            &path,
            &json!({"name": "Renamed", "last-name": "Person"}),
        )
        .await
        .assert_message("User updated");
        let me = api.get_json(token, "/users/me").await;
        assert_eq!(me["name"], "Renamed");
        assert_eq!(me["last-name"], "Person");

        let before = api.user(email).await;
        for body in [
            json!({"type": "admin"}),
            json!({"status": "suspended"}),
            json!({"agent-type": "ai-autonomous"}),
            json!({"auto-assign-tickets": "true"}),
            json!({"organization": "co-acme-02"}),
            json!({"name": "Sneaky", "type": "admin"}),
        ] {
            api.put(token, &path, &body).await.assert_problem(403);
            assert_eq!(api.user(email).await, before, "{token} PUT {body}");
        }
    }
}

#[tokio::test]
async fn agents_read_users_and_organizations() {
    let api = Api::start().await;
    assert_eq!(api.user_emails(AGENT, "").await.len(), 60);
    let other = api
        .get_json(AGENT, &format!("/users/{OTHER_CUSTOMER}"))
        .await;
    assert_eq!(other["organization"], "co-acme-01");
    let admin = api.get_json(AGENT, &format!("/users/{ADMIN_EMAIL}")).await;
    assert_eq!(admin["type"], "admin");
    let org = api
        .get_json(AGENT, "/customer-organizations/lookup?domain=vandelay.co")
        .await;
    assert_eq!(org["id"], "co-acme-06");
    assert_eq!(api.tenant(AGENT).await["id"], "tnt-acme");
}

#[tokio::test]
async fn customers_see_only_themselves() {
    let api = Api::start().await;
    for query in [
        "",
        "?type=customer",
        "?organization=co-acme-01",
        "?status=active",
    ] {
        assert_eq!(
            api.user_emails(CUSTOMER, query).await,
            [CUSTOMER_EMAIL],
            "{query}"
        );
    }
    assert!(api.user_emails(CUSTOMER, "?type=admin").await.is_empty());
    for email in [
        OTHER_CUSTOMER,
        ADMIN_EMAIL,
        AGENT_EMAIL,
        "nobody@acme-ltd.com",
    ] {
        let problem = api
            .get(CUSTOMER, &format!("/users/{email}"))
            .await
            .assert_problem(404);
        // A hidden user reads exactly like a missing one.
        assert!(problem.get("errors").is_none());
    }
    for path in [
        "/customer-organizations",
        "/customer-organizations?status=suspended",
        "/customer-organizations/co-acme-01",
        "/customer-organizations/lookup?domain=acme-ltd.com",
        "/tenants",
    ] {
        api.get(CUSTOMER, path).await.assert_problem(403);
    }
    assert_eq!(
        api.get_json(CUSTOMER, "/users/me").await["email"],
        CUSTOMER_EMAIL
    );
}

#[tokio::test]
async fn missing_or_invalid_tokens_get_401_with_www_authenticate() {
    let api = Api::start().await;
    let before = snapshot(&api).await;
    let paths = [
        (Method::GET, "/users/me"),
        (Method::GET, "/users"),
        (Method::GET, "/tenants"),
        (Method::GET, "/customer-organizations"),
        (Method::GET, "/tokens"),
        (Method::POST, "/customer-organizations"),
        (Method::PATCH, "/tenants"),
        (Method::DELETE, "/customer-organizations/co-acme-01"),
        (Method::DELETE, "/users/jane.doe@acme-ltd.com"),
    ];
    let headers: [Option<&str>; 6] = [
        None,
        Some("Bearer not-a-token"),
        Some("Bearer "),
        Some("Basic c2FuZGJveC1hY21lLWFkbWluOg=="),
        Some("sandbox-acme-admin"),
        Some("Bearer sandbox-acme-admin-x"),
    ];
    for (method, path) in paths {
        for header in headers {
            let mut builder = api
                .request(method.clone(), path, None)
                .json(&json!({"display-name": "Sneaky"}));
            if let Some(value) = header {
                builder = builder.header(AUTHORIZATION, value);
            }
            let resp = api.send(builder).await;
            resp.assert_problem(401);
            assert_eq!(
                resp.header(WWW_AUTHENTICATE.as_str()).as_deref(),
                Some("Bearer"),
                "{method} {path} with {header:?}"
            );
        }
    }
    assert_eq!(snapshot(&api).await, before);
    // The scheme is case-insensitive.
    let resp = api
        .send(
            api.request(Method::GET, "/users/me", None)
                .header(AUTHORIZATION, "bearer sandbox-acme-agent"),
        )
        .await;
    assert_eq!(resp.assert_ok()["email"], AGENT_EMAIL);
}

#[tokio::test]
async fn tenants_never_see_each_other() {
    let api = Api::start().await;
    let acme = snapshot(&api).await;

    let orgs = api.get_json(GLOBEX, "/customer-organizations").await;
    assert_eq!(
        sorted(org_ids(&orgs)),
        ["co-globex-01", "co-globex-02", "co-globex-03"]
    );
    for org in orgs["customer-organizations"].as_array().unwrap() {
        assert_eq!(org["tenant-id"], "tnt-globex");
    }
    let users = api.user_emails(GLOBEX, "").await;
    assert_eq!(users.len(), 8);
    assert!(users.iter().all(|e| !e.contains("acme")), "{users:?}");
    assert_eq!(api.tenant(GLOBEX).await["id"], "tnt-globex");
    assert!(
        api.user_emails(GLOBEX, "?organization=co-acme-01")
            .await
            .is_empty()
    );

    let acme_org = "/customer-organizations/co-acme-01";
    api.get(GLOBEX, acme_org).await.assert_problem(404);
    api.patch(GLOBEX, acme_org, &json!({"display-name": "Stolen"}))
        .await
        .assert_problem(404);
    api.delete(GLOBEX, acme_org).await.assert_problem(404);
    api.get(GLOBEX, "/customer-organizations/lookup?domain=acme-ltd.com")
        .await
        .assert_problem(404);
    let jane = format!("/users/{CUSTOMER_EMAIL}");
    api.get(GLOBEX, &jane).await.assert_problem(404);
    api.put(GLOBEX, &jane, &json!({"name": "Stolen"}))
        .await
        .assert_problem(404);
    api.delete(GLOBEX, &jane).await.assert_problem(404);
    let resend = format!("/users/{PENDING_CUSTOMER}/activation-email");
    api.send(api.request(Method::POST, &resend, Some(GLOBEX)))
        .await
        .assert_problem(404);
    api.delete(GLOBEX, "/tokens/tok-acme-admin")
        .await
        .assert_problem(404);
    api.patch(
        GLOBEX,
        "/tenants",
        &json!({"display-name": "Globex Renamed"}),
    )
    .await
    .assert_message("Org updated");
    assert_eq!(api.tenant(GLOBEX).await["display-name"], "Globex Renamed");
    assert_eq!(snapshot(&api).await, acme, "globex changed acme data");

    // Uniqueness is per tenant: globex may use acme's domain and invite acme's email.
    let created = api
        .post(
            GLOBEX,
            "/customer-organizations",
            &json!({"display-name": "Acme Ltd at Globex", "domains": ["ACME-LTD.com"]}),
        )
        .await
        .assert_ok();
    assert_eq!(created["tenant-id"], "tnt-globex");
    api.post(
        GLOBEX,
        "/users",
        &json!({"email": CUSTOMER_EMAIL, "name": "Jane", "last-name": "Doe", "type": "customer"}),
    )
    .await
    .assert_message(INVITED);
    assert_eq!(api.get_json(GLOBEX, &jane).await["status"], "pending");
    assert_eq!(snapshot(&api).await, acme, "globex writes leaked into acme");
    let owner = api
        .get_json(ADMIN, "/customer-organizations/lookup?domain=acme-ltd.com")
        .await;
    assert_eq!(owner["id"], "co-acme-01");

    // And the other way round.
    api.get(ADMIN, "/customer-organizations/co-globex-01")
        .await
        .assert_problem(404);
    api.get(ADMIN, &format!("/users/{GLOBEX_EMAIL}"))
        .await
        .assert_problem(404);
    assert!(
        !api.user_emails(ADMIN, "")
            .await
            .iter()
            .any(|e| e.contains("globex")),
        "acme lists globex users"
    );
}
