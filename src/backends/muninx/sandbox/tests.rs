//! The streamed lists against the answers they replace: byte for byte what
//! serializing the whole list gave, the same tags and 304s, and a snapshot that a
//! write during a slow read does not reach.

use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use futures_util::StreamExt;
use serde::Serialize;
use tower::ServiceExt;

use super::store::{BULK_TOKEN, DEFAULT_SEED, Store};
use super::{App, routes};
use crate::backends::muninx::wire::{CustomerOrganization, OrgStatus, User, UserType};
use crate::sandbox::PIECE_BYTES;

const ADMIN: &str = "sandbox-acme-admin";
const CUSTOMER: &str = "sandbox-acme-customer";

/// The store every test serves: the shipped seed and a bulk tenant big enough that
/// its lists leave in many pieces.
fn store() -> Store {
    let mut store = Store::from_seed(DEFAULT_SEED).expect("seed loads");
    store.add_bulk_tenant(20_000, 300);
    store
}

fn router() -> Router {
    routes::router(Arc::new(App::new(store())))
}

fn request(method: Method, path: &str, token: &str) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .expect("request builds")
}

async fn get(router: &Router, path: &str, token: &str) -> (StatusCode, HeaderMap, Bytes) {
    let response = router
        .clone()
        .oneshot(request(Method::GET, path, token))
        .await
        .expect("answered");
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.expect("body");
    (parts.status, parts.headers, bytes)
}

/// What the sandbox answered before its lists streamed: the list serialized whole.
#[derive(Serialize)]
struct UserList<'a> {
    users: Vec<&'a User>,
}

#[derive(Serialize)]
struct OrgList<'a> {
    #[serde(rename = "customer-organizations")]
    organizations: Vec<&'a CustomerOrganization>,
}

fn whole_users(store: &Store, tenant: usize, keep: impl Fn(&User) -> bool) -> Vec<u8> {
    let users = store.tenants[tenant].users.values().filter(|u| keep(u));
    serde_json::to_vec(&UserList {
        users: users.collect(),
    })
    .unwrap()
}

fn whole_orgs(
    store: &Store,
    tenant: usize,
    keep: impl Fn(&CustomerOrganization) -> bool,
) -> Vec<u8> {
    let orgs = store.tenants[tenant].orgs.values().filter(|o| keep(o));
    serde_json::to_vec(&OrgList {
        organizations: orgs.collect(),
    })
    .unwrap()
}

#[tokio::test]
async fn streamed_lists_are_byte_for_byte_the_serialized_ones() {
    let expected = store();
    let bulk = expected.tenants.len() - 1;
    let customer = expected.tokens[CUSTOMER].user.clone();
    let router = router();
    let cases: Vec<(&str, &str, Vec<u8>)> = vec![
        (ADMIN, "/users", whole_users(&expected, 0, |_| true)),
        (BULK_TOKEN, "/users", whole_users(&expected, bulk, |_| true)),
        (
            BULK_TOKEN,
            "/users?type=customer&organization=co-bulk-00007,co-bulk-00299",
            whole_users(&expected, bulk, |u| {
                u.kind == UserType::Customer
                    && matches!(
                        u.organization.as_deref(),
                        Some("co-bulk-00007" | "co-bulk-00299")
                    )
            }),
        ),
        // Customers see only themselves.
        (
            CUSTOMER,
            "/users",
            whole_users(&expected, 0, |u| u.email == customer),
        ),
        (
            ADMIN,
            "/customer-organizations",
            whole_orgs(&expected, 0, |_| true),
        ),
        (
            BULK_TOKEN,
            "/customer-organizations",
            whole_orgs(&expected, bulk, |_| true),
        ),
        (
            BULK_TOKEN,
            "/customer-organizations?status=suspended",
            whole_orgs(&expected, bulk, |o| o.status == OrgStatus::Suspended),
        ),
    ];
    for (token, path, whole) in cases {
        let (status, headers, body) = get(&router, path, token).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(headers[header::CONTENT_TYPE], "application/json", "{path}");
        assert!(headers.contains_key(header::ETAG), "{path}: no ETag");
        assert!(body.len() > 20, "{path}: {} bytes", body.len());
        assert!(body[..] == whole[..], "{path}: the streamed body differs");
    }
}

#[tokio::test]
async fn a_streamed_list_answers_304_when_its_tag_matches() {
    let router = router();
    let (_, headers, body) = get(&router, "/users", BULK_TOKEN).await;
    assert!(body.len() > 10 * PIECE_BYTES, "{} bytes", body.len());
    let tag = headers[header::ETAG].clone();
    let mut again = request(Method::GET, "/users", BULK_TOKEN);
    again
        .headers_mut()
        .insert(header::IF_NONE_MATCH, tag.clone());
    let response = router.clone().oneshot(again).await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(response.headers()[header::ETAG], tag);
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    assert!(body.is_empty(), "a 304 with a body");
}

/// A reader that has taken only the first piece of the list when a write comes: the
/// write completes at once, the reader's list is the one it started on, and the next
/// read shows the write.
#[tokio::test]
async fn a_write_during_a_slow_stream_completes_and_the_stream_keeps_its_snapshot() {
    let store = store();
    let bulk = &store.tenants[store.tenants.len() - 1];
    let last = bulk.users.keys().last().unwrap().clone();
    let whole = whole_users(&store, store.tenants.len() - 1, |_| true);
    let router = routes::router(Arc::new(App::new(store)));

    let slow = router
        .clone()
        .oneshot(request(Method::GET, "/users", BULK_TOKEN))
        .await
        .unwrap();
    let mut pieces = slow.into_body().into_data_stream();
    let first = pieces.next().await.expect("a first piece").unwrap();
    assert!(
        first.len() < whole.len() / 4,
        "the first piece is {} bytes",
        first.len()
    );

    let removed = router
        .clone()
        .oneshot(request(
            Method::DELETE,
            &format!("/users/{last}"),
            BULK_TOKEN,
        ))
        .await
        .unwrap();
    assert_eq!(removed.status(), StatusCode::OK);

    let mut body = first.to_vec();
    while let Some(piece) = pieces.next().await {
        body.extend_from_slice(&piece.unwrap());
    }
    assert!(body == whole, "the slow reader saw the write");
    let (_, _, after) = get(&router, "/users", BULK_TOKEN).await;
    let after = String::from_utf8(after.to_vec()).unwrap();
    assert!(
        !after.contains(&format!("\"{last}\"")),
        "the delete did not happen"
    );
    assert!(after.len() < body.len());
}
