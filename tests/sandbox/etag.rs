//! Entity tags over HTTP: every read carries one, a matching If-None-Match gets an empty
//! 304, and only a successful write in the caller's tenant makes the tag stale.

use crate::support::http::*;
use reqwest::Method;
use reqwest::header::IF_NONE_MATCH;
use serde_json::json;

const ORG: &str = "/customer-organizations/co-acme-01";

async fn conditional_get(api: &Api, token: &str, path: &str, tag: &str) -> Resp {
    api.send(
        api.request(Method::GET, path, Some(token))
            .header(IF_NONE_MATCH, tag),
    )
    .await
}

#[tokio::test]
async fn reads_carry_an_etag_and_answer_304_when_it_matches() {
    let api = Api::start().await;
    for (token, path) in [
        (ADMIN, "/users/me"),
        (ADMIN, "/users"),
        (ADMIN, "/users?type=admin"),
        (ADMIN, "/users/jane.doe@acme-ltd.com"),
        (ADMIN, "/tenants"),
        (ADMIN, "/customer-organizations"),
        (ADMIN, ORG),
        (AGENT, "/customer-organizations/lookup?domain=acme-ltd.com"),
        (CUSTOMER, "/tokens"),
    ] {
        let first = api.get(token, path).await;
        first.assert_ok();
        let tag = first
            .header("etag")
            .unwrap_or_else(|| panic!("no ETag on {path}"));
        assert!(tag.starts_with('"') && tag.ends_with('"'), "{path}: {tag}");
        let again = conditional_get(&api, token, path, &tag).await;
        assert_eq!(again.status.as_u16(), 304, "{path}: {}", again.text());
        assert!(again.body.is_empty(), "{path}: 304 with a body");
        assert_eq!(again.header("etag").as_deref(), Some(tag.as_str()));
        // Weak comparison, lists of tags and `*` match too.
        for candidate in [
            format!("W/{tag}"),
            format!("\"other\", {tag}"),
            "*".to_owned(),
        ] {
            let resp = conditional_get(&api, token, path, &candidate).await;
            assert_eq!(resp.status.as_u16(), 304, "{path} with {candidate}");
        }
        let stale = conditional_get(&api, token, path, "\"r0-0000000000000000\"").await;
        assert_eq!(stale.json(), first.json(), "{path}");
    }
}

#[tokio::test]
async fn a_write_changes_the_etag_and_a_refused_write_does_not() {
    let api = Api::start().await;
    let first = api.get(ADMIN, ORG).await;
    let tag = first.header("etag").expect("ETag");
    // Another caller gets another tag for the same URL.
    let agent_tag = api.get(AGENT, ORG).await.header("etag").expect("ETag");
    assert_ne!(agent_tag, tag);

    // Refused writes and writes in another tenant leave the tag alone.
    api.patch(ADMIN, ORG, &json!({"display-name": ""}))
        .await
        .assert_problem(400);
    api.patch(AGENT, ORG, &json!({"display-name": "Agent Was Here"}))
        .await
        .assert_problem(403);
    api.patch(GLOBEX, "/tenants", &json!({"display-name": "Globex 2"}))
        .await
        .assert_message("Org updated");
    assert_eq!(
        conditional_get(&api, ADMIN, ORG, &tag)
            .await
            .status
            .as_u16(),
        304
    );

    api.patch(ADMIN, ORG, &json!({"display-name": "Acme Limited"}))
        .await
        .assert_message("Customer org updated");
    let fresh = conditional_get(&api, ADMIN, ORG, &tag).await;
    assert_eq!(fresh.assert_ok()["display-name"], "Acme Limited");
    let new_tag = fresh.header("etag").expect("ETag");
    assert_ne!(new_tag, tag);
    assert_eq!(
        conditional_get(&api, ADMIN, ORG, &new_tag)
            .await
            .status
            .as_u16(),
        304
    );

    // A change elsewhere in the tenant also makes list tags stale.
    let users = api.get(ADMIN, "/users").await;
    let users_tag = users.header("etag").expect("ETag");
    api.put(
        ADMIN,
        &format!("/users/{OTHER_CUSTOMER}"),
        &json!({"name": "Rahul K."}),
    )
    .await
    .assert_message("User updated");
    let fresh = conditional_get(&api, ADMIN, "/users", &users_tag).await;
    assert_eq!(fresh.status.as_u16(), 200);
    assert_ne!(fresh.json(), users.json());
}
