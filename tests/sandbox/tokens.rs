//! Personal API tokens over HTTP: created, shown once, listed without the raw value,
//! used, and revoked.

use crate::support::http::*;
use serde_json::json;

#[tokio::test]
async fn tokens_are_shown_once_authenticate_and_can_be_revoked() {
    let api = Api::start().await;
    let created = api
        .post(CUSTOMER, "/tokens", &json!({"name": "laptop"}))
        .await
        .assert_ok();
    let raw = created["token"]
        .as_str()
        .expect("raw token in the POST answer")
        .to_owned();
    let id = created["id"].as_str().expect("id").to_owned();
    assert_eq!(created["name"], "laptop");
    assert!(created["created_at"].is_string(), "{created}");
    assert!(raw.len() >= 20);

    let me = api.get_json(&raw, "/users/me").await;
    assert_eq!(me["email"], CUSTOMER_EMAIL);

    let list = api.get_json(&raw, "/tokens").await;
    let tokens = list["tokens"].as_array().expect("tokens is a list");
    let ids: Vec<&str> = tokens.iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert_eq!(
        sorted(ids.iter().map(|s| s.to_string()).collect()),
        sorted(vec![id.clone(), "tok-acme-customer".into()])
    );
    for token in tokens {
        assert!(token.get("token").is_none(), "raw value listed: {token}");
        assert!(token["created_at"].is_string());
    }
    assert!(!String::from_utf8_lossy(&api.get(CUSTOMER, "/tokens").await.body).contains(&raw));

    // Other users neither see nor revoke it.
    let admin_ids: Vec<String> = api.get_json(ADMIN, "/tokens").await["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(admin_ids, ["tok-acme-admin"]);
    api.delete(ADMIN, &format!("/tokens/{id}"))
        .await
        .assert_problem(404);
    api.get_json(&raw, "/users/me").await;

    api.delete(CUSTOMER, &format!("/tokens/{id}"))
        .await
        .assert_message("Token revoked");
    let resp = api.get(&raw, "/users/me").await;
    resp.assert_problem(401);
    assert!(resp.header("www-authenticate").is_some());
    api.get_json(CUSTOMER, "/users/me").await;
    api.delete(CUSTOMER, &format!("/tokens/{id}"))
        .await
        .assert_problem(404);

    for body in [json!({}), json!({"name": "  "}), json!({"name": 3})] {
        api.post(CUSTOMER, "/tokens", &body)
            .await
            .assert_field_error(400, "/name");
    }
    assert_eq!(
        api.get_json(CUSTOMER, "/tokens").await["tokens"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}
