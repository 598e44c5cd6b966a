//! The kit answers in whatever error shape the vendor gives it.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value, json};
use tower::ServiceExt;

use super::faults::layers;
use super::{ErrorStyle, Faults, Refusal, has_content_type};

/// A shape unlike problem+json: `{"error": {type, message, errors[]}}`.
struct Enveloped;

impl ErrorStyle for Enveloped {
    fn error(&self, refusal: Refusal) -> Response {
        let errors: Vec<Value> = refusal
            .fields
            .iter()
            .map(|f| json!({"key": f.pointer.clone().or(f.parameter.clone()), "message": f.detail}))
            .collect();
        let body =
            json!({"error": {"type": refusal.code, "message": refusal.message, "errors": errors}});
        (
            refusal.status,
            [(header::CONTENT_TYPE, "application/vnd.enveloped+json")],
            body.to_string(),
        )
            .into_response()
    }

    fn is_styled(&self, headers: &HeaderMap) -> bool {
        has_content_type(headers, "application/vnd.enveloped+json")
    }
}

fn app(faults: Faults) -> Router {
    let routes = Router::new()
        .route("/read", get(|| async { "fine" }))
        .route(
            "/boom",
            get(|| async {
                if true {
                    panic!("a handler bug");
                }
                "unreachable"
            }),
        )
        .route(
            "/own",
            get(|| async { Enveloped.error(Refusal::not_found("no such thing")) }),
        );
    layers(routes, faults, Arc::new(Enveloped))
}

async fn call(app: &Router, method: Method, path: &str) -> (StatusCode, HeaderMap, Value) {
    let request = Request::builder()
        .method(method)
        .uri(path)
        .header(header::AUTHORIZATION, "Bearer t")
        .body(Body::empty())
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, 1 << 16).await.unwrap();
    let value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (parts.status, parts.headers, value)
}

#[tokio::test]
async fn panics_rejections_and_bad_paths_leave_in_the_vendors_shape() {
    let app = app(Faults::default());
    let (status, headers, body) = call(&app, Method::GET, "/boom").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(Enveloped.is_styled(&headers), "{headers:?}");
    assert_eq!(body["error"]["type"], "server-error");

    let (status, headers, body) = call(&app, Method::DELETE, "/read").await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(headers.contains_key(header::ALLOW), "{headers:?}");
    assert_eq!(body["error"]["type"], "method-not-allowed");

    let (status, _, body) = call(&app, Method::GET, "/read/%ZZ").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["type"], "bad-request");

    // The vendor's own answers are left as they are, not wrapped again.
    let (status, _, body) = call(&app, Method::GET, "/own").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"]["message"], "no such thing");
}

#[tokio::test]
async fn injected_faults_answer_in_the_vendors_shape_with_retry_after() {
    let limited = app(Faults {
        rate_limit: Some(1),
        ..Faults::default()
    });
    let (status, _, _) = call(&limited, Method::GET, "/read").await;
    assert_eq!(status, StatusCode::OK);
    let (status, headers, body) = call(&limited, Method::GET, "/read").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(headers.contains_key(header::RETRY_AFTER), "{headers:?}");
    assert_eq!(body["error"]["type"], "rate-limited");

    let failing = app(Faults {
        error_rate: 1.0,
        ..Faults::default()
    });
    let (status, headers, body) = call(&failing, Method::GET, "/read").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(headers.contains_key("x-request-id"), "{headers:?}");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("--error-rate")),
        "{body}"
    );
}
