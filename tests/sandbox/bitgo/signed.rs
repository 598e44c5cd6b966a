//! Signed requests (`Bitgo-Auth-Version: 2.0`): taken when the HMAC covers this
//! very timestamp, path with query and body under a seeded token's hash; refused
//! in BitGo's error shape when the HMAC, the timestamp or the token is wrong; a
//! plain bearer token is still taken.

use std::time::{SystemTime, UNIX_EPOCH};

use orgdeck::backends::bitgo::sign;
use reqwest::Method;
use serde_json::{Value, json};

use super::{ADMIN, Answer, Bg};

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64
}

/// Sends `path` with `headers` (name, value) and no bearer of the harness's own.
async fn raw(
    bg: &Bg,
    method: Method,
    path: &str,
    headers: &[(&str, String)],
    body: &[u8],
) -> Answer {
    let mut request = bg.http.request(method, format!("{}{path}", bg.base));
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    if !body.is_empty() {
        request = request
            .header("content-type", "application/json")
            .body(body.to_vec());
    }
    let response = request.send().await.expect("the sandbox answers");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.expect("a whole body");
    Answer {
        status,
        headers,
        body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    }
}

/// The four headers that sign `path` and `body` with `token` at `at`.
fn signed(token: &str, at: u64, path: &str, body: &[u8]) -> Vec<(&'static str, String)> {
    vec![
        (
            "authorization",
            format!("Bearer {}", sign::token_hash(token)),
        ),
        ("auth-timestamp", at.to_string()),
        ("hmac", sign::signature(token, at, path, body)),
        ("bitgo-auth-version", "2.0".to_owned()),
    ]
}

fn user_count(answer: &Answer) -> usize {
    answer.expect(200)["users"].as_array().unwrap().len()
}

#[tokio::test]
async fn a_signed_listing_of_organization_users_is_taken_where_the_samples_send_it() {
    let bg = Bg::start().await;
    let org = bg.org(ADMIN, "Northwind CaaS").await;
    let plain = bg
        .get(
            ADMIN,
            &format!("/api/org/users?organizationId={org}&limit=3"),
        )
        .await;
    for path in [
        format!("/api/org/users?organizationId={org}&limit=3"),
        format!("/org/users?organizationId={org}&limit=3"),
    ] {
        let answer = raw(
            &bg,
            Method::GET,
            &path,
            &signed(ADMIN, now_ms(), &path, b""),
            b"",
        )
        .await;
        assert_eq!(user_count(&answer), 3, "{path}");
        assert_eq!(answer.body, plain.body, "{path}");
    }
    assert_eq!(user_count(&plain), 3);
}

#[tokio::test]
async fn a_wrong_hmac_a_stale_timestamp_or_an_unknown_token_is_refused() {
    let bg = Bg::start().await;
    let org = bg.org(ADMIN, "Northwind CaaS").await;
    let path = format!("/api/org/users?organizationId={org}");
    let now = now_ms();

    let mut bad_hmac = signed(ADMIN, now, &path, b"");
    bad_hmac[2].1 = sign::signature(ADMIN, now, &path, b"x");
    let refused = raw(&bg, Method::GET, &path, &bad_hmac, b"").await;
    let text = refused.error(401, "Unauthorized")["error"].to_string();
    assert!(text.contains("Hmac"), "{text}");
    assert!(!text.contains(ADMIN), "{text}");

    // Signed for the listing without its query: the query is part of what is signed.
    let other = signed(ADMIN, now, "/api/org/users", b"");
    raw(&bg, Method::GET, &path, &other, b"")
        .await
        .error(401, "Unauthorized");

    let stale = now - 10 * 60 * 1000;
    let refused = raw(
        &bg,
        Method::GET,
        &path,
        &signed(ADMIN, stale, &path, b""),
        b"",
    )
    .await;
    let text = refused.error(401, "Unauthorized")["error"].to_string();
    assert!(text.contains("Auth-Timestamp"), "{text}");
    let ahead = now + 10 * 60 * 1000;
    raw(
        &bg,
        Method::GET,
        &path,
        &signed(ADMIN, ahead, &path, b""),
        b"",
    )
    .await
    .error(401, "Unauthorized");

    let stranger = signed("not-a-seeded-token", now, &path, b"");
    raw(&bg, Method::GET, &path, &stranger, b"")
        .await
        .error(401, "Unauthorized");

    let mut version = signed(ADMIN, now, &path, b"");
    version[3].1 = "1.0".into();
    raw(&bg, Method::GET, &path, &version, b"")
        .await
        .error(401, "Unauthorized");

    // The plain bearer token is still taken.
    assert!(user_count(&bg.get(ADMIN, &path).await) > 0);
}

#[tokio::test]
async fn a_signed_write_is_taken_with_its_body_and_refused_with_another() {
    let bg = Bg::start().await;
    let org = bg.org(ADMIN, "Northwind CaaS").await;
    let path = format!("/api/v2/organization/{org}/user");
    let meant = json!({"username": "new.member@northwind-caas.example", "role": "member"});
    let sent = json!({"username": "new.member@northwind-caas.example", "role": "admin"});
    let headers = signed(ADMIN, now_ms(), &path, meant.to_string().as_bytes());
    raw(
        &bg,
        Method::POST,
        &path,
        &headers,
        sent.to_string().as_bytes(),
    )
    .await
    .error(401, "Unauthorized");
    let listing = format!("/api/org/users?organizationId={org}&search=new.member");
    assert_eq!(user_count(&bg.get(ADMIN, &listing).await), 0);
    // The body it was signed for is taken: the body is part of what is signed.
    let answer = raw(
        &bg,
        Method::POST,
        &path,
        &headers,
        meant.to_string().as_bytes(),
    )
    .await;
    assert!(
        [200, 202].contains(&answer.status),
        "{} {}",
        answer.status,
        answer.body
    );
}
