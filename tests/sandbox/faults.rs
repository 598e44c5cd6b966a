//! Fault injection (rate limits, 500s, HTML error pages, garbled bodies, dropped
//! connections, latency) and the generated bulk tenant. Every fault runs with a fixed
//! seed so the tests repeat exactly.

use std::time::{Duration, Instant};

use crate::support::http::*;
use crate::support::{BULK_TOKEN, Faults, SandboxConfig};
use orgdeck::sandbox::PIECE_BYTES;
use reqwest::Method;
use serde_json::{Value, json};

fn seeded(faults: Faults) -> Faults {
    Faults {
        seed: Some(20_240_102),
        ..faults
    }
}

#[tokio::test]
async fn rate_limit_answers_429_with_retry_after_per_token() {
    let api = Api::with_faults(seeded(Faults {
        rate_limit: Some(2),
        ..Faults::default()
    }))
    .await;
    api.get(ADMIN, "/users/me").await.assert_ok();
    api.get(ADMIN, "/tenants").await.assert_ok();
    // The third request in the same second is refused, and a refused write changes nothing.
    let resp = api
        .post(
            ADMIN,
            "/customer-organizations",
            &json!({"display-name": "Throttled", "domains": ["throttled.example"]}),
        )
        .await;
    let problem = resp.assert_problem(429);
    assert!(problem.get("errors").is_none());
    let retry_after: u64 = resp
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .expect("Retry-After is a number of seconds");
    assert!((1..=2).contains(&retry_after), "Retry-After {retry_after}");
    api.get(ADMIN, "/users/me").await.assert_problem(429);

    // Another token has its own budget.
    let orgs = api.get_json(AGENT, "/customer-organizations").await;
    assert_eq!(org_ids(&orgs).len(), 12, "the throttled write happened");
    let lookup = api
        .get(
            AGENT,
            "/customer-organizations/lookup?domain=throttled.example",
        )
        .await;
    lookup.assert_problem(404);
    api.get(AGENT, "/users/me").await.assert_problem(429);
    api.get(CUSTOMER, "/users/me").await.assert_ok();

    // Once the window has passed the token is served again.
    tokio::time::sleep(Duration::from_secs(retry_after)).await;
    assert_eq!(api.get_json(ADMIN, "/users/me").await["email"], ADMIN_EMAIL);
}

#[tokio::test]
async fn error_rate_one_answers_500_problems() {
    let api = Api::with_faults(seeded(Faults {
        error_rate: 1.0,
        ..Faults::default()
    }))
    .await;
    for (method, path) in [
        (Method::GET, "/users/me"),
        (Method::GET, "/customer-organizations"),
        (Method::POST, "/customer-organizations"),
        (Method::DELETE, "/users/jane.doe@acme-ltd.com"),
        (Method::GET, "/nope"),
    ] {
        let resp = api
            .send(
                api.request(method.clone(), path, Some(ADMIN))
                    .json(&json!({"display-name": "Never"})),
            )
            .await;
        let problem = resp.assert_problem(500);
        assert!(
            problem["detail"].as_str().unwrap().contains("injected"),
            "{method} {path}: {problem}"
        );
    }
}

#[tokio::test]
async fn html_errors_turn_500s_into_an_html_page() {
    let api = Api::with_faults(seeded(Faults {
        error_rate: 1.0,
        html_errors: true,
        ..Faults::default()
    }))
    .await;
    for path in ["/users/me", "/customer-organizations/co-acme-01"] {
        let resp = api.get(ADMIN, path).await;
        assert_eq!(resp.status.as_u16(), 500);
        assert!(
            resp.content_type().starts_with("text/html"),
            "{:?}",
            resp.content_type()
        );
        let page = resp.text();
        assert!(page.contains("<html") && page.contains("500"), "{page}");
        assert!(serde_json::from_slice::<Value>(&resp.body).is_err());
    }
}

#[tokio::test]
async fn html_errors_alone_leave_4xx_as_problems() {
    let api = Api::with_faults(seeded(Faults {
        html_errors: true,
        ..Faults::default()
    }))
    .await;
    api.get(ADMIN, "/nope").await.assert_problem(404);
    api.get(CUSTOMER, "/tenants").await.assert_problem(403);
    api.patch(ADMIN, "/tenants", &json!({"display-name": ""}))
        .await
        .assert_field_error(400, "/display-name");
    assert_eq!(api.get_json(ADMIN, "/users/me").await["email"], ADMIN_EMAIL);
}

#[tokio::test]
async fn garble_rate_one_keeps_the_status_but_breaks_the_json() {
    let api = Api::with_faults(seeded(Faults {
        garble_rate: 1.0,
        ..Faults::default()
    }))
    .await;
    for path in ["/users/me", "/users", "/customer-organizations", "/tenants"] {
        let resp = api.get(ADMIN, path).await;
        assert_eq!(resp.status.as_u16(), 200, "{path}");
        assert!(!resp.body.is_empty());
        assert!(
            serde_json::from_slice::<Value>(&resp.body).is_err(),
            "{path}: body still parses: {}",
            resp.text()
        );
    }
    // Through reqwest's own JSON decoding too.
    let response = api
        .request(Method::GET, "/users/me", Some(ADMIN))
        .send()
        .await
        .expect("answered");
    assert!(response.json::<Value>().await.is_err());
}

/// Sends a request; the status when the head arrived, and whether the body arrived whole.
async fn head_and_body(builder: reqwest::RequestBuilder) -> (Option<u16>, bool) {
    match builder.send().await {
        Err(_) => (None, false),
        Ok(response) => {
            let status = response.status().as_u16();
            (Some(status), response.bytes().await.is_ok())
        }
    }
}

fn drop_all() -> Faults {
    seeded(Faults {
        drop_rate: 1.0,
        ..Faults::default()
    })
}

#[tokio::test]
async fn drop_rate_one_leaves_the_client_with_an_error() {
    let api = Api::with_faults(drop_all()).await;
    let body = json!({"display-name": "Dropped", "domains": ["dropped.example"]});
    for builder in [
        api.request(Method::GET, "/users/me", Some(ADMIN)),
        api.request(Method::GET, "/customer-organizations", Some(AGENT)),
        api.request(Method::POST, "/customer-organizations", Some(ADMIN))
            .json(&body),
    ] {
        let (status, body_ok) = head_and_body(builder).await;
        assert!(!body_ok, "a whole answer arrived (status {status:?})");
    }
}

#[tokio::test]
async fn drop_rate_one_sends_the_head_then_cuts_the_body_after_the_handler_ran() {
    let api = Api::with_faults(drop_all()).await;
    let (status, body_ok) = head_and_body(api.request(Method::GET, "/users/me", Some(ADMIN))).await;
    assert_eq!(status, Some(200));
    assert!(!body_ok);
    // The write itself happens: a second identical create reports the conflict the
    // first one caused.
    let body = json!({"display-name": "Dropped", "domains": ["dropped.example"]});
    let create = || {
        api.request(Method::POST, "/customer-organizations", Some(ADMIN))
            .json(&body)
    };
    assert_eq!(head_and_body(create()).await, (Some(200), false));
    assert_eq!(head_and_body(create()).await, (Some(409), false));
}

/// A sandbox whose bulk tenant's user list is long enough to leave in many pieces.
fn long_list_with(faults: Faults) -> SandboxConfig {
    SandboxConfig {
        bulk: Some((20_000, 100)),
        faults: seeded(faults),
        ..SandboxConfig::default()
    }
}

#[tokio::test]
async fn drops_and_garbles_reach_a_streamed_list_within_its_first_piece() {
    let dropping = Api::start_with(long_list_with(Faults {
        drop_rate: 1.0,
        ..Faults::default()
    }))
    .await;
    let (status, body_ok) =
        head_and_body(dropping.request(Method::GET, "/users", Some(BULK_TOKEN))).await;
    assert_eq!((status, body_ok), (Some(200), false));

    let garbling = Api::start_with(long_list_with(Faults {
        garble_rate: 1.0,
        ..Faults::default()
    }))
    .await;
    let resp = garbling.get(BULK_TOKEN, "/users").await;
    assert_eq!(resp.status.as_u16(), 200);
    assert!(
        resp.body.starts_with(b"{\"users\":[{\"email\":"),
        "{}",
        resp.text()
    );
    assert!(serde_json::from_slice::<Value>(&resp.body).is_err());
    // Half a piece and the garbage: the rest of the list was never collected.
    assert!(resp.body.len() < PIECE_BYTES, "{} bytes", resp.body.len());
}

#[tokio::test]
async fn latency_delays_every_answer() {
    let api = Api::with_faults(seeded(Faults {
        latency_ms: 200,
        ..Faults::default()
    }))
    .await;
    for (path, status) in [("/users/me", 200), ("/nope", 404)] {
        let started = Instant::now();
        let resp = api.get(ADMIN, path).await;
        let took = started.elapsed();
        assert!(took >= Duration::from_millis(200), "{path} took {took:?}");
        assert_eq!(resp.status.as_u16(), status, "{path}");
    }
    let jittery = Api::with_faults(seeded(Faults {
        latency_ms: 150,
        jitter_ms: 50,
        ..Faults::default()
    }))
    .await;
    for _ in 0..3 {
        let started = Instant::now();
        jittery.get(ADMIN, "/users/me").await.assert_ok();
        let took = started.elapsed();
        assert!(took >= Duration::from_millis(100), "took {took:?}");
    }
}

/// The statuses of `n` sequential reads against a fresh sandbox with these faults.
async fn statuses(faults: Faults, n: usize) -> Vec<u16> {
    let api = Api::with_faults(faults).await;
    let mut seen = Vec::with_capacity(n);
    for _ in 0..n {
        seen.push(api.get(ADMIN, "/users/me").await.status.as_u16());
    }
    api.stop().await;
    seen
}

#[tokio::test]
async fn a_seed_makes_random_faults_repeatable() {
    let faults = seeded(Faults {
        error_rate: 0.5,
        ..Faults::default()
    });
    let first = statuses(faults.clone(), 24).await;
    let second = statuses(faults, 24).await;
    assert_eq!(first, second);
    assert!(first.contains(&200) && first.contains(&500), "{first:?}");
    assert!(first.iter().all(|s| *s == 200 || *s == 500));
}

#[tokio::test]
async fn the_bulk_tenant_has_the_requested_size() {
    let api = Api::start_with(SandboxConfig {
        bulk: Some((2_000, 40)),
        ..SandboxConfig::default()
    })
    .await;
    assert!(api.sandbox.tokens.iter().any(|t| t.token == BULK_TOKEN));
    let me = api.get_json(BULK_TOKEN, "/users/me").await;
    assert_eq!(me["type"], "admin");
    assert_eq!(me["organization"], "tnt-bulk");

    let users = api.get_json(BULK_TOKEN, "/users").await;
    let users = users["users"].as_array().unwrap();
    assert_eq!(users.len(), 2_000);
    let mut emails: Vec<&str> = users.iter().map(|u| u["email"].as_str().unwrap()).collect();
    emails.sort_unstable();
    emails.dedup();
    assert_eq!(emails.len(), 2_000, "emails repeat");

    let orgs = api.get_json(BULK_TOKEN, "/customer-organizations").await;
    let ids = org_ids(&orgs);
    assert_eq!(ids.len(), 40);
    for user in users {
        let org = user["organization"].as_str().unwrap_or_default();
        if user["type"] == "customer" {
            assert!(ids.iter().any(|id| id == org), "{user}");
        } else {
            assert_eq!(org, "tnt-bulk");
            assert!(user["agent-type"].is_string());
        }
    }
    let found = api
        .get_json(
            BULK_TOKEN,
            "/customer-organizations/lookup?domain=ORG00007.bulk.example",
        )
        .await;
    assert_eq!(found["id"], "co-bulk-00007");
    let members = api
        .user_emails(BULK_TOKEN, "?type=customer&organization=co-bulk-00007")
        .await;
    assert!(!members.is_empty());
    // The other tenants are untouched and do not see it.
    assert_eq!(api.user_emails(ADMIN, "").await.len(), 60);
    api.get(ADMIN, "/customer-organizations/co-bulk-00001")
        .await
        .assert_problem(404);
}

#[tokio::test]
async fn without_bulk_the_bulk_token_is_rejected() {
    let api = Api::start().await;
    assert!(!api.sandbox.tokens.iter().any(|t| t.token == BULK_TOKEN));
    api.get(BULK_TOKEN, "/users/me").await.assert_problem(401);
}
