//! The headless commands against servers that differ from the sandbox: a refused
//! status filter, no item path for organizations, bare arrays, a long
//! `Retry-After` date, a missing list. Each server is a small axum router.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::support::cli::*;
use crate::support::muninx_json::{org_json, user_json};
use crate::support::{retry_after_date, serve};
use axum::Router;
use axum::extract::RawQuery;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use serde_json::json;

#[test]
fn invites_list_filters_here_when_the_server_refuses_the_status_filter() {
    let server = serve(Router::new().route(
        "/users",
        get(|RawQuery(query): RawQuery| async move {
            if query.unwrap_or_default().contains("status=") {
                return (
                    StatusCode::BAD_REQUEST,
                    axum::Json(json!({"error": "unknown filter: status"})),
                )
                    .into_response();
            }
            axum::Json(json!([
                user_json("active.one@x.example", "active"),
                user_json("pending.one@x.example", "pending"),
                user_json("pending.two@x.example", "pending"),
            ]))
            .into_response()
        }),
    ));
    let case = Case::with_profile("no-status-filter", &server.url, "");
    let run = case.run(&["invites", "list"]);
    run.ok()
        .stdout_has("pending.one@x.example")
        .stdout_has("pending.two@x.example")
        .stderr_lacks("error");
    assert!(!run.stdout.contains("active.one"), "{}", run.dump());
}

#[test]
fn orgs_delete_reads_the_organization_from_the_list() {
    let deleted = Arc::new(AtomicUsize::new(0));
    let counted = deleted.clone();
    let server = serve(
        Router::new()
            .route(
                "/customer-organizations",
                get(|| async {
                    axum::Json(json!([
                        org_json("co-1", "First"),
                        org_json("co-2", "Second")
                    ]))
                }),
            )
            .route(
                "/customer-organizations/{id}",
                // No GET on one organization: only DELETE.
                get(|| async { StatusCode::NOT_FOUND }).delete(move || {
                    counted.fetch_add(1, Ordering::SeqCst);
                    async { axum::Json(json!("Customer organization deleted")) }
                }),
            )
            .route(
                "/users",
                get(|| async { axum::Json(json!([user_json("member@x.example", "active")])) }),
            ),
    );
    let case = Case::with_profile("no-item-path", &server.url, "");
    case.run(&["orgs", "delete", "co-2", "--yes"])
        .ok()
        .stdout_has("deleted Second (co-2)")
        .stderr_lacks("error");
    assert_eq!(deleted.load(Ordering::SeqCst), 1);
    case.run(&["orgs", "show", "co-1"]).ok().stdout_has("First");
}

#[test]
fn a_missing_list_is_named_once() {
    let server = serve(Router::new());
    let case = Case::with_profile("no-list", &server.url, "");
    let run = case.run(&["orgs", "list"]);
    run.code(5).stderr_has(
        "this server does not offer listing organizations (GET /customer-organizations answered 404)",
    );
    assert_eq!(
        run.stderr.matches("does not offer").count(),
        1,
        "{}",
        run.dump()
    );
}

#[test]
fn a_long_wait_the_server_asks_for_is_announced_with_its_length() {
    let hits = Arc::new(AtomicUsize::new(0));
    let server = serve(Router::new().route(
        "/customer-organizations",
        get(move || {
            let first = hits.fetch_add(1, Ordering::SeqCst) == 0;
            async move {
                if first {
                    let headers = retry_after_date(3);
                    return (StatusCode::SERVICE_UNAVAILABLE, headers, "maintenance")
                        .into_response();
                }
                axum::Json(json!([org_json("co-1", "First")])).into_response()
            }
        }),
    ));
    let case = Case::with_profile("long-wait", &server.url, "");
    case.run(&["orgs", "list"])
        .ok()
        .stdout_has("co-1")
        .stderr_has("waiting 3s before retrying, as the server asks")
        .stderr_has("Ctrl-C stops");
}
