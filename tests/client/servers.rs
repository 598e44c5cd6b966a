//! Servers that differ from the sandbox, as an independent MuninX-like server did:
//! lists as bare arrays, a refused status filter, no item path for organizations,
//! `Retry-After` as an HTTP date. Each is a small axum router made here.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crate::support::client::*;
use crate::support::muninx_json::{org_json, user_json};
use crate::support::ops::{self, fields};
use crate::support::retry_after_date;
use axum::Router;
use axum::extract::{Path, RawQuery};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use orgdeck::api::client::ClientEvent;
use orgdeck::api::error::ApiError;
use orgdeck::api::model::*;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Serves `router` on a loopback port for as long as the test runs.
async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let addr = listener.local_addr().expect("its address");
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{addr}")
}

fn orgs_json() -> Value {
    json!([
        org_json("co-1", "First"),
        org_json("co-2", "Second"),
        org_json("co-3", "Third")
    ])
}

fn read_org() -> Capability {
    Capability::new(Verb::Read, Target::Level(fields::ORGANIZATION))
}

/// Counts the requests a route gets.
#[derive(Clone, Default)]
struct Hits(Arc<AtomicUsize>);

impl Hits {
    fn hit(&self) -> usize {
        self.0.fetch_add(1, Ordering::SeqCst) + 1
    }

    fn count(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

#[tokio::test]
async fn lists_answered_as_bare_arrays_are_read() {
    // Over a MiB of users, so the parallel decoder meets the bare array too.
    let many: Vec<Value> = (0..6_000)
        .map(|n| user_json(&format!("user{n}@x.example"), "active"))
        .collect();
    let many = Arc::new(serde_json::to_vec(&many).unwrap());
    assert!(many.len() > 1 << 20);
    let router = Router::new()
        .route(
            "/customer-organizations",
            get(|| async { axum::Json(orgs_json()) }),
        )
        .route(
            "/users",
            get(move || {
                let many = many.clone();
                async move {
                    (
                        [(header::CONTENT_TYPE, "application/json")],
                        (*many).clone(),
                    )
                }
            }),
        );
    let base = serve(router).await;
    let mut client = Client::spawn(settings(&base, ADMIN));
    let names: Vec<String> = orgs(client.ok(ops::list_orgs()).await)
        .into_iter()
        .map(|o| o.name)
        .collect();
    assert_eq!(names, ["First", "Second", "Third"]);
    let people = people(client.ok(ops::list_people()).await);
    assert_eq!(people.len(), 6_000);
    assert_eq!(ops::email(&people[5_999]), "user5999@x.example");
}

#[tokio::test]
async fn an_answer_that_does_not_decode_is_not_retried() {
    let hits = Hits::default();
    let counted = hits.clone();
    let router = Router::new().route(
        "/customer-organizations",
        get(move || {
            counted.hit();
            async { axum::Json(json!({"customer-organizations": 5})) }
        }),
    );
    let base = serve(router).await;
    let mut client = Client::spawn(settings(&base, ADMIN));
    let outcome = client.run(ops::list_orgs()).await;
    assert_eq!(outcome.retries(), []);
    let err = outcome.err();
    assert!(matches!(err, ApiError::Decode { .. }), "{err:?}");
    assert!(!err.is_transient());
    assert!(
        !err.hint().unwrap().contains("try again"),
        "{:?}",
        err.hint()
    );
    assert_eq!(hits.count(), 1, "the same answer would only come again");
}

#[tokio::test]
async fn a_whole_answer_that_stops_mid_json_is_not_retried() {
    // Content-Length vouches that this is all the server meant to send.
    let hits = Hits::default();
    let counted = hits.clone();
    let router = Router::new().route(
        "/customer-organizations",
        get(move || {
            counted.hit();
            async {
                (
                    [(header::CONTENT_TYPE, "application/json")],
                    r#"{"customer-organizations":["#,
                )
            }
        }),
    );
    let base = serve(router).await;
    let mut client = Client::spawn(settings(&base, ADMIN));
    let outcome = client.run(ops::list_orgs()).await;
    assert_eq!(outcome.retries(), []);
    assert!(matches!(outcome.err(), ApiError::Decode { .. }));
    assert_eq!(hits.count(), 1);
}

/// A server that frames its answers by closing the connection (no length, not
/// chunked): the first answer is cut in the middle, the second is whole.
#[tokio::test]
async fn a_body_cut_as_the_connection_closes_is_retried() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let body = json!({ "customer-organizations": orgs_json() }).to_string();
    tokio::spawn(async move {
        for answer in 0.. {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let mut request = vec![0; 4096];
            let _ = stream.read(&mut request).await;
            let sent = if answer == 0 {
                &body[..body.len() / 2]
            } else {
                &body[..]
            };
            let head =
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n";
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(sent.as_bytes()).await;
            let _ = stream.shutdown().await;
        }
    });
    let mut client = Client::spawn(settings(&base, ADMIN));
    let outcome = client.run(ops::list_orgs()).await;
    assert_eq!(outcome.retries().len(), 1, "{:?}", outcome.events);
    assert!(
        outcome.events.iter().any(|e| matches!(e,
            ClientEvent::Retrying { cause, .. } if cause.contains("before its JSON ended"))),
        "{:?}",
        outcome.events
    );
    assert_eq!(orgs(outcome.result.unwrap()).len(), 3);
}

#[tokio::test]
async fn a_refused_status_filter_is_applied_on_the_client_and_remembered() {
    let refused = Hits::default();
    let counted = refused.clone();
    let queries = Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = queries.clone();
    let router = Router::new().route(
        "/users",
        get(move |RawQuery(query): RawQuery| {
            let query = query.unwrap_or_default();
            seen.lock().unwrap().push(query.clone());
            let refuse = query.contains("status=");
            if refuse {
                counted.hit();
            }
            async move {
                if refuse {
                    return (
                        StatusCode::BAD_REQUEST,
                        axum::Json(json!({"error": "unknown filter: status"})),
                    )
                        .into_response();
                }
                axum::Json(json!({"users": [
                    user_json("a@x.example", "active"),
                    user_json("p1@x.example", "pending"),
                    user_json("s@x.example", "suspended"),
                    user_json("p2@x.example", "pending"),
                ]}))
                .into_response()
            }
        }),
    );
    let base = serve(router).await;
    let mut client = Client::spawn(settings(&base, ADMIN));
    let pending = Filter {
        fields: vec![(fields::ORGANIZATION_FIELD, vec!["co-1".into()])],
        states: vec![MemberState::Invited],
    };
    let emails = |reply: Reply| -> Vec<String> {
        people(reply)
            .iter()
            .map(|p| ops::email(p).to_owned())
            .collect()
    };
    let first = client.run(ops::list_people_where(pending.clone())).await;
    assert_eq!(first.retries(), [], "a 400 is not retried");
    assert_eq!(
        emails(first.result.unwrap()),
        ["p1@x.example", "p2@x.example"]
    );
    assert_eq!(refused.count(), 1);
    // The other filters still go to the server.
    assert_eq!(queries.lock().unwrap().last().unwrap(), "organization=co-1");

    // Remembered: the filter is not sent again.
    let both = ops::list_people_in(&[MemberState::Active, MemberState::Suspended]);
    assert_eq!(
        emails(client.ok(both).await),
        ["a@x.example", "s@x.example"]
    );
    assert_eq!(
        emails(client.ok(ops::list_people_where(pending)).await).len(),
        2
    );
    assert_eq!(refused.count(), 1);
}

#[tokio::test]
async fn a_status_filter_the_server_ignores_is_applied_here() {
    let router = Router::new().route(
        "/users",
        get(|| async {
            axum::Json(json!([
                user_json("a@x.example", "active"),
                user_json("p@x.example", "pending"),
            ]))
        }),
    );
    let base = serve(router).await;
    let mut client = Client::spawn(settings(&base, ADMIN));
    let pending = people(
        client
            .ok(ops::list_people_in(&[MemberState::Invited]))
            .await,
    );
    let emails: Vec<&str> = pending.iter().map(ops::email).collect();
    assert_eq!(emails, ["p@x.example"]);
}

#[tokio::test]
async fn a_400_about_another_filter_stays_the_servers_answer() {
    let router = Router::new().route(
        "/users",
        get(|| async {
            (
                StatusCode::BAD_REQUEST,
                axum::Json(json!({"detail": "organization co-x does not exist"})),
            )
        }),
    );
    let base = serve(router).await;
    let mut client = Client::spawn(settings(&base, ADMIN));
    let err = client
        .fails(ops::list_people_where(Filter {
            fields: vec![(fields::ORGANIZATION_FIELD, vec!["co-x".into()])],
            states: vec![MemberState::Invited],
        }))
        .await;
    assert_eq!(status_of(&err), 400);
    assert!(err.to_string().contains("co-x does not exist"), "{err}");
}

/// A server with the list of organizations but no `GET` on one of them: the item
/// path answers `item_status` with an empty body.
async fn server_without_item_path(item_status: StatusCode) -> (String, Hits, Hits) {
    let (item, list) = (Hits::default(), Hits::default());
    let (item_hits, list_hits) = (item.clone(), list.clone());
    let router = Router::new()
        .route(
            "/customer-organizations",
            get(move || {
                list_hits.hit();
                async { axum::Json(json!({ "customer-organizations": orgs_json() })) }
            }),
        )
        .route(
            "/customer-organizations/{id}",
            get(move |Path(_id): Path<String>| {
                item_hits.hit();
                async move { item_status }
            }),
        );
    (serve(router).await, item, list)
}

#[tokio::test]
async fn an_organization_is_read_from_the_list_when_its_path_is_missing() {
    for status in [StatusCode::NOT_FOUND, StatusCode::METHOD_NOT_ALLOWED] {
        let (base, item, list) = server_without_item_path(status).await;
        let mut client = Client::spawn(settings(&base, ADMIN));
        let outcome = client.run(ops::get_org("co-2")).await;
        assert!(
            !outcome
                .events
                .iter()
                .any(|e| matches!(e, ClientEvent::CapabilityLost { .. })),
            "{status}: {:?}",
            outcome.events
        );
        assert_eq!(org(outcome.result.unwrap()).name, "Second", "{status}");
        assert_eq!((item.count(), list.count()), (1, 1), "{status}");

        // Learnt: the item path is not asked again.
        assert_eq!(org(client.ok(ops::get_org("co-3")).await).name, "Third");
        assert_eq!((item.count(), list.count()), (1, 2), "{status}");
        assert!(client.handle.capabilities().is_available(read_org()));

        // One that is not in the list is not found, as a 404 (what the check
        // after a lost delete reads as "gone").
        let gone = client.fails(ops::get_org("co-9")).await;
        assert_eq!(status_of(&gone), 404, "{status}");
        assert!(gone.to_string().contains("no organization co-9"), "{gone}");
    }
}

#[tokio::test]
async fn what_a_server_lacks_is_named() {
    // Nothing but 404s and 405s.
    let router = Router::new()
        .route(
            "/customer-organizations/{id}",
            get(|| async { StatusCode::METHOD_NOT_ALLOWED }),
        )
        .route("/users/{email}", get(|| async { StatusCode::NOT_FOUND }));
    let base = serve(router).await;
    let mut client = Client::spawn(settings(&base, ADMIN));

    let list = client.run(ops::list_orgs()).await;
    let list = list.err();
    assert_eq!(
        list.to_string(),
        "this server does not offer listing organizations (GET /customer-organizations answered 404)"
    );

    let outcome = client.run(ops::get_org("co-1")).await;
    let lost: Vec<&ClientEvent> = outcome
        .events
        .iter()
        .filter(|e| matches!(e, ClientEvent::CapabilityLost { .. }))
        .collect();
    assert!(
        matches!(lost.as_slice(), [ClientEvent::CapabilityLost { capability, reason }]
            if *capability == read_org() && reason == "GET /customer-organizations/{id} answered 405"),
        "{lost:?}"
    );
    assert_eq!(
        outcome.err().to_string(),
        "this server does not offer reading one organization (GET /customer-organizations/{id} answered 405)"
    );

    // A bare 404 on one user: gone, or never offered; both are said.
    let user = client.fails(ops::get_person("a@x.example")).await;
    assert_eq!(status_of(&user), 404);
    assert_eq!(
        user.to_string(),
        "GET /users/{email} answered 404: nothing by that name, or this server does not offer reading one user"
    );
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured() {
    let hits = Hits::default();
    let counted = hits.clone();
    let router = Router::new().route(
        "/customer-organizations",
        get(move || {
            let first = counted.hit() == 1;
            async move {
                if first {
                    // One second after the server's own clock, whatever the client's.
                    let headers = retry_after_date(1);
                    return (StatusCode::SERVICE_UNAVAILABLE, headers, "busy").into_response();
                }
                axum::Json(json!({ "customer-organizations": orgs_json() })).into_response()
            }
        }),
    );
    let base = serve(router).await;
    let mut client = Client::spawn(settings(&base, ADMIN));
    let outcome = client.run(ops::list_orgs()).await;
    let retrying: Vec<(Duration, bool)> = outcome
        .events
        .iter()
        .filter_map(|e| match e {
            ClientEvent::Retrying {
                wait, server_asked, ..
            } => Some((*wait, *server_asked)),
            _ => None,
        })
        .collect();
    assert_eq!(retrying, [(Duration::from_secs(1), true)]);
    assert_eq!(orgs(outcome.result.unwrap()).len(), 3);
    assert_eq!(hits.count(), 2);
}

#[tokio::test]
async fn a_long_wait_is_cancelled_through_the_request() {
    let router = Router::new().route(
        "/customer-organizations",
        get(|| async {
            (
                StatusCode::TOO_MANY_REQUESTS,
                [(header::RETRY_AFTER, "4")],
                "slow down",
            )
        }),
    );
    let base = serve(router).await;
    let mut client = Client::spawn(settings(&base, ADMIN));
    let id = client.handle.send(ops::list_orgs());
    let first = tokio::time::timeout(HANG, client.rx.recv())
        .await
        .expect("no hang")
        .expect("client alive");
    assert!(
        matches!(&first, ClientEvent::Retrying { id: waiting, wait, server_asked: true, .. }
            if *waiting == id && *wait == Duration::from_secs(4)),
        "{first:?}"
    );
    client.handle.cancel(id);
    let outcome = finished(&mut client.rx, id).await;
    assert!(
        matches!(
            outcome.result,
            Err(ApiError::Cancelled {
                superseded: false,
                write: false
            })
        ),
        "{:?}",
        outcome.result
    );
}

#[tokio::test]
async fn a_405_on_the_item_path_is_learnt_even_when_the_list_lacks_the_one_asked_for() {
    let (base, item, _) = server_without_item_path(StatusCode::METHOD_NOT_ALLOWED).await;
    let mut client = Client::spawn(settings(&base, ADMIN));
    let gone = client.fails(ops::get_org("co-9")).await;
    assert_eq!(status_of(&gone), 404);
    client.ok(ops::get_org("co-1")).await;
    assert_eq!(
        item.count(),
        1,
        "a 405 says the path is missing: not asked again"
    );

    // A bare 404 for one not in the list proves nothing: the next read asks again.
    let (base, item, _) = server_without_item_path(StatusCode::NOT_FOUND).await;
    let mut client = Client::spawn(settings(&base, ADMIN));
    client.fails(ops::get_org("co-9")).await;
    client.ok(ops::get_org("co-1")).await;
    assert_eq!(item.count(), 2);
}
