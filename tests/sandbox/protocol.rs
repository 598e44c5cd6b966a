//! How bad input is answered on every endpoint: always problem+json with the right
//! status, never a 500, never a partial write.

use crate::support::http::*;
use reqwest::Method;
use serde_json::{Value, json};

const ORG: &str = "/customer-organizations/co-acme-01";

/// Sends raw bytes to several write endpoints and checks each answer.
async fn raw_everywhere(api: &Api, content_type: Option<&str>, body: &[u8], status: u16) {
    let writes = [
        (Method::POST, "/customer-organizations"),
        (Method::PATCH, ORG),
        (Method::PATCH, "/tenants"),
        (Method::POST, "/users"),
        (Method::PUT, "/users/rahul.mehta@acme-ltd.com"),
        (Method::POST, "/tokens"),
    ];
    for (method, path) in writes {
        let resp = api
            .send_raw(method.clone(), ADMIN, path, content_type, body.to_vec())
            .await;
        assert_eq!(
            resp.status.as_u16(),
            status,
            "{method} {path} ({content_type:?}, {} bytes): {}",
            body.len(),
            resp.text()
        );
        resp.assert_problem(status);
    }
}

async fn everything(api: &Api) -> Value {
    json!({
        "users": api.get_json(ADMIN, "/users").await,
        "orgs": api.get_json(ADMIN, "/customer-organizations").await,
        "tenant": api.tenant(ADMIN).await,
        "tokens": api.get_json(ADMIN, "/tokens").await,
    })
}

#[tokio::test]
async fn unreadable_bodies_are_refused_and_change_nothing() {
    let api = Api::start().await;
    let before = everything(&api).await;
    let json_type = Some("application/json");
    raw_everywhere(&api, json_type, b"{\"display-name\": ", 400).await;
    raw_everywhere(&api, json_type, b"{'display-name': 'x'}", 400).await;
    raw_everywhere(&api, json_type, b"", 400).await;
    raw_everywhere(&api, None, b"", 400).await;
    raw_everywhere(&api, json_type, b"  \n ", 400).await;
    raw_everywhere(&api, json_type, b"[{\"display-name\": \"X\"}]", 400).await;
    raw_everywhere(&api, json_type, b"\"X\"", 400).await;
    raw_everywhere(&api, json_type, b"null", 400).await;
    raw_everywhere(&api, json_type, b"42", 400).await;
    raw_everywhere(
        &api,
        json_type,
        b"{\"display-name\": \"\xff\xfeAcme\"}",
        400,
    )
    .await;
    raw_everywhere(&api, json_type, b"{\"name\": \"x\"} trailing", 400).await;
    raw_everywhere(&api, Some("text/plain"), b"{\"name\": \"x\"}", 415).await;
    raw_everywhere(&api, None, b"{\"name\": \"x\"}", 415).await;
    raw_everywhere(
        &api,
        Some("application/x-www-form-urlencoded"),
        b"name=x",
        415,
    )
    .await;
    raw_everywhere(
        &api,
        Some("application/json; charset=latin1"),
        b"{\"name\": \"x\"}",
        415,
    )
    .await;
    assert_eq!(everything(&api).await, before);
}

#[tokio::test]
async fn json_media_types_with_parameters_or_suffixes_are_accepted() {
    let api = Api::start().await;
    for content_type in [
        "application/json; charset=utf-8",
        "Application/JSON",
        "application/merge-patch+json",
    ] {
        let name = format!("Acme via {content_type}");
        let body = serde_json::to_vec(&json!({ "display-name": name })).unwrap();
        api.send_raw(Method::PATCH, ADMIN, ORG, Some(content_type), body)
            .await
            .assert_message("Customer org updated");
        assert_eq!(api.org("co-acme-01").await["display-name"], name.as_str());
    }
}

#[tokio::test]
async fn bodies_over_one_mebibyte_get_413() {
    let api = Api::start().await;
    let before = everything(&api).await;
    let big = "n".repeat((1 << 20) + 1);
    let body =
        serde_json::to_vec(&json!({"display-name": "X", "notes": big, "name": "X"})).unwrap();
    raw_everywhere(&api, Some("application/json"), &body, 413).await;
    assert_eq!(everything(&api).await, before);
}

#[tokio::test]
async fn unknown_fields_are_ignored() {
    let api = Api::start().await;
    let created = api
        .post(
            ADMIN,
            "/customer-organizations",
            &json!({"display-name": "Extra Fields", "colour": "red", "id": "co-acme-77",
                    "tenant-id": "tnt-globex"}),
        )
        .await
        .assert_ok();
    assert!(created.get("colour").is_none());
    assert_ne!(created["id"], "co-acme-77");
    assert_eq!(created["tenant-id"], "tnt-acme");
    api.put(
        ADMIN,
        &format!("/users/{OTHER_CUSTOMER}"),
        &json!({"name": "Rahul", "favourite-colour": "blue", "email": "other@acme-ltd.com"}),
    )
    .await
    .assert_message("User updated");
    let user = api.user(OTHER_CUSTOMER).await;
    assert!(user.get("favourite-colour").is_none());
    assert!(!api.user_exists("other@acme-ltd.com").await);
}

#[tokio::test]
async fn wrong_field_types_are_pointed_at() {
    let api = Api::start().await;
    let before = everything(&api).await;
    let problem = api
        .post(
            ADMIN,
            "/customer-organizations",
            &json!({"display-name": 5, "domains": "x", "notes": [], "external-ref": {}}),
        )
        .await
        .assert_problem(400);
    assert_eq!(
        sorted(pointers(&problem)),
        ["/display-name", "/domains", "/external-ref", "/notes"]
    );
    api.patch(ADMIN, ORG, &json!({"domains": {"0": "a.example"}}))
        .await
        .assert_field_error(400, "/domains");
    api.patch(
        ADMIN,
        "/tenants",
        &json!({"allowed-domains": "acme-ltd.com"}),
    )
    .await
    .assert_field_error(400, "/allowed-domains");
    let user = format!("/users/{OTHER_CUSTOMER}");
    api.put(ADMIN, &user, &json!({"name": 5}))
        .await
        .assert_field_error(400, "/name");
    api.put(ADMIN, &user, &json!({"auto-assign-tickets": 1}))
        .await
        .assert_field_error(400, "/auto-assign-tickets");
    api.post(
        ADMIN,
        "/users",
        &json!({"email": ["x@acme-ltd.com"], "name": "X", "last-name": "Y", "type": 3}),
    )
    .await
    .assert_field_error(400, "/type");
    assert_eq!(everything(&api).await, before);
}

#[tokio::test]
async fn absurdly_long_strings_are_refused_with_a_pointer() {
    let api = Api::start().await;
    let before = everything(&api).await;
    let long = "x".repeat(100_000);
    api.post(
        ADMIN,
        "/customer-organizations",
        &json!({"display-name": long}),
    )
    .await
    .assert_field_error(400, "/display-name");
    api.patch(ADMIN, ORG, &json!({"display-name": long}))
        .await
        .assert_field_error(400, "/display-name");
    api.patch(ADMIN, ORG, &json!({"domains": [format!("{long}.com")]}))
        .await
        .assert_field_error(400, "/domains/0");
    api.patch(
        ADMIN,
        ORG,
        &json!({"external-ref": format!("https://x.example/{long}")}),
    )
    .await
    .assert_field_error(400, "/external-ref");
    api.patch(ADMIN, ORG, &json!({"notes": long}))
        .await
        .assert_field_error(400, "/notes");
    api.put(
        ADMIN,
        &format!("/users/{OTHER_CUSTOMER}"),
        &json!({"last-name": long}),
    )
    .await
    .assert_field_error(400, "/last-name");
    api.post(
        ADMIN,
        "/users",
        &json!({"email": format!("{long}@acme-ltd.com"), "name": "X", "last-name": "Y",
                "type": "customer"}),
    )
    .await
    .assert_field_error(400, "/email");
    api.post(ADMIN, "/tokens", &json!({"name": long}))
        .await
        .assert_field_error(400, "/name");
    // A long path segment (the URL itself has to stay under 64 KiB).
    let resp = api
        .get(ADMIN, &format!("/users/{}@acme-ltd.com", &long[..20_000]))
        .await;
    resp.assert_problem(404);
    assert!(resp.body.len() < 2_000, "the answer echoes the whole input");
    assert_eq!(everything(&api).await, before);
}

#[tokio::test]
async fn one_invalid_field_means_nothing_is_written() {
    let api = Api::start().await;
    let before = everything(&api).await;
    api.patch(
        ADMIN,
        ORG,
        &json!({"display-name": "Valid New Name", "notes": "fine", "domains": ["not valid"]}),
    )
    .await
    .assert_field_error(400, "/domains/0");
    api.patch(
        ADMIN,
        ORG,
        &json!({"display-name": "Valid New Name", "domains": ["acme-ltd.com", "stark-logistics.com"]}),
    )
    .await
    .assert_field_error(409, "/domains/1");
    let user = format!("/users/{OTHER_CUSTOMER}");
    api.put(
        ADMIN,
        &user,
        &json!({"name": "Valid", "organization": "co-acme-99"}),
    )
    .await
    .assert_field_error(400, "/organization");
    api.put(
        ADMIN,
        &user,
        &json!({"last-name": "Valid", "organization": "co-acme-06"}),
    )
    .await
    .assert_field_error(409, "/organization");
    api.post(
        ADMIN,
        "/users",
        &json!({"email": "valid@acme-ltd.com", "name": "V", "last-name": "W", "type": "customer",
                "organization": "co-acme-01", "auto-assign-tickets": "maybe"}),
    )
    .await
    .assert_field_error(400, "/auto-assign-tickets");
    assert_eq!(everything(&api).await, before);
}

#[tokio::test]
async fn unknown_paths_get_404_and_unknown_methods_405_with_allow() {
    let api = Api::start().await;
    for path in [
        "/nope",
        "/",
        "/users/me/extra",
        "/customer-organizations/co-acme-01/members",
        "/tokens/tok-acme-admin/extra",
        "/v1/users",
    ] {
        api.get(ADMIN, path).await.assert_problem(404);
    }
    let cases = [
        (Method::DELETE, "/tenants", ["GET", "PATCH"].as_slice()),
        (Method::PUT, "/customer-organizations", &["GET", "POST"]),
        (Method::PATCH, "/users", &["GET", "POST"]),
        (Method::POST, ORG, &["GET", "PATCH", "DELETE"]),
        (Method::GET, "/tokens/tok-acme-admin", &["DELETE"]),
        (
            Method::GET,
            "/users/jane.doe@acme-ltd.com/activation-email",
            &["POST"],
        ),
        (Method::DELETE, "/tokens", &["GET", "POST"]),
    ];
    let before = everything(&api).await;
    for (method, path, expected) in cases {
        let resp = api
            .send(
                api.request(method.clone(), path, Some(ADMIN))
                    .json(&json!({})),
            )
            .await;
        resp.assert_problem(405);
        let allow = resp
            .header("allow")
            .unwrap_or_else(|| panic!("{method} {path}: no Allow"));
        let offered: Vec<&str> = allow.split(',').map(str::trim).collect();
        for m in expected {
            assert!(
                offered.contains(m),
                "{method} {path}: Allow {allow:?} lacks {m}"
            );
        }
        assert!(
            !offered.contains(&method.as_str()),
            "{method} {path}: Allow {allow:?}"
        );
    }
    assert_eq!(everything(&api).await, before);
}

#[tokio::test]
async fn bad_percent_encoding_in_a_path_segment_is_400() {
    let api = Api::start().await;
    for path in [
        "/users/%FF",
        "/users/jane%C3%28@acme-ltd.com",
        "/customer-organizations/%FF%FE",
        "/tokens/%80",
    ] {
        let method = if path.starts_with("/tokens") {
            Method::DELETE
        } else {
            Method::GET
        };
        let resp = api.send(api.request(method, path, Some(ADMIN))).await;
        resp.assert_problem(400);
    }
    // Well-formed escapes are decoded.
    let jane = api.get_json(ADMIN, "/users/jane.doe%40acme-ltd.com").await;
    assert_eq!(jane["email"], CUSTOMER_EMAIL);
}

#[tokio::test]
async fn a_malformed_percent_escape_is_400() {
    let api = Api::start().await;
    for path in ["/users/%ZZ", "/customer-organizations/co-%4"] {
        api.get(ADMIN, path).await.assert_problem(400);
    }
}

#[tokio::test]
async fn unknown_query_parameters_are_refused() {
    let api = Api::start().await;
    for (path, name) in [
        ("/users?bogus=1", "bogus"),
        ("/users?types=admin", "types"),
        ("/users?type=admin&agent_type=human", "agent_type"),
        ("/customer-organizations?domain=acme-ltd.com", "domain"),
        (
            "/customer-organizations/lookup?domain=acme-ltd.com&status=active",
            "status",
        ),
    ] {
        api.get(AGENT, path).await.assert_parameter_error(400, name);
    }
}

#[tokio::test]
async fn endpoints_without_parameters_refuse_unknown_ones() {
    let api = Api::start().await;
    for path in [
        "/tenants?bogus=1",
        "/users/me?bogus=1",
        "/customer-organizations/co-acme-01?bogus=1",
        "/tokens?bogus=1",
    ] {
        api.get(ADMIN, path)
            .await
            .assert_parameter_error(400, "bogus");
    }
}
