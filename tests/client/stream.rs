//! A long list read with `ClientHandle::stream`: its rows arrive as `Rows` events
//! while the body is still coming, then `Finished` says how many there were. The
//! body is never held whole, so `max_body_bytes` does not bound it; `max_rows` and
//! `max_row_bytes` do.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::{Body, Bytes};
use axum::http::header;
use axum::response::Response;
use tokio::sync::{Notify, mpsc};

use crate::support::client::*;
use crate::support::ops;
use crate::support::{BULK_TOKEN, RunningSandbox, SandboxConfig, start_sandbox};
use orgdeck::api::client::ClientEvent;
use orgdeck::api::error::ApiError;
use orgdeck::api::model::*;

const USERS: usize = 3_000;

async fn bulk_sandbox() -> RunningSandbox {
    start_sandbox(SandboxConfig {
        bulk: Some((USERS, 40)),
        ..SandboxConfig::default()
    })
    .await
}

/// The `Rows` of request `id`, in the order they came: where each batch starts
/// and its people.
fn batches(events: &[ClientEvent], id: u64) -> Vec<(u64, Vec<Party>)> {
    events
        .iter()
        .filter_map(|event| match event {
            ClientEvent::Rows {
                id: of,
                from,
                reply: Reply::Parties(batch),
            } if *of == id => Some((*from, batch.items.clone())),
            ClientEvent::Rows { reply, .. } => panic!("rows of {reply:?}"),
            _ => None,
        })
        .collect()
}

/// The people of consecutive batches, checking each starts where the last ended.
fn joined(batches: &[(u64, Vec<Party>)]) -> Vec<Party> {
    let mut all = Vec::new();
    for (from, batch) in batches {
        assert_eq!(
            *from,
            all.len() as u64,
            "a batch starts where the last ended"
        );
        all.extend(batch.iter().cloned());
    }
    all
}

fn streamed(outcome: &Outcome) -> u64 {
    match &outcome.result {
        Ok(Reply::Streamed { rows }) => *rows,
        other => panic!("expected a streamed list, got {other:?}"),
    }
}

/// The bulk tenant's `GET /users` body, as the sandbox sends it.
async fn users_body(sb: &RunningSandbox) -> Vec<u8> {
    http()
        .get(format!("{}/users", sb.base_url()))
        .bearer_auth(BULK_TOKEN)
        .send()
        .await
        .expect("the sandbox answers")
        .bytes()
        .await
        .expect("its body")
        .to_vec()
}

/// A server answering `GET /users` with `body` sent by `send`, one call per request
/// (numbered from 0), over a channel the client reads as it arrives.
async fn users_server(
    body: Vec<u8>,
    send: impl Fn(usize, Arc<Vec<u8>>, mpsc::Sender<Result<Bytes, std::io::Error>>)
    + Clone
    + Send
    + Sync
    + 'static,
) -> String {
    let body = Arc::new(body);
    let calls = Arc::new(AtomicUsize::new(0));
    let route = axum::routing::get(move || {
        let (body, send) = (body.clone(), send.clone());
        let call = calls.fetch_add(1, Ordering::SeqCst);
        async move {
            let (tx, rx) = mpsc::channel(4);
            let length = body.len();
            tokio::spawn(async move { send(call, body, tx) });
            let chunks = futures_util::stream::unfold(rx, |mut rx| async move {
                rx.recv().await.map(|chunk| (chunk, rx))
            });
            Response::builder()
                .header(header::CONTENT_TYPE, "application/json")
                .header(header::CONTENT_LENGTH, length)
                .body(Body::from_stream(chunks))
                .expect("a response")
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let url = format!("http://{}", listener.local_addr().expect("its address"));
    let router = axum::Router::new().route("/users", route);
    tokio::spawn(async move { axum::serve(listener, router).await });
    url
}

fn chunk(bytes: &[u8]) -> Result<Bytes, std::io::Error> {
    Ok(Bytes::copy_from_slice(bytes))
}

/// A server sending the first 10,000 bytes of the bulk list, then nothing more
/// on a connection it keeps open.
async fn stalling_server(sb: &RunningSandbox) -> String {
    users_server(users_body(sb).await, |_, body, tx| {
        tokio::spawn(async move {
            let _ = tx.send(chunk(&body[..10_000])).await;
            std::future::pending::<()>().await;
            drop(tx);
        });
    })
    .await
}

#[tokio::test]
async fn rows_arrive_in_batches_in_order_each_once_before_finished() {
    let sb = bulk_sandbox().await;
    let body = users_body(&sb).await;
    let whole = ops::people(Client::new(&sb, BULK_TOKEN).ok(ops::list_people()).await);
    assert_eq!(whole.len(), USERS);
    // The rest of the body only goes once the first rows are reported: the first
    // batch cannot have waited for the whole list.
    let gate = Arc::new(Notify::new());
    let opened = gate.clone();
    let served = users_server(body, move |_, body, tx| {
        let opened = opened.clone();
        tokio::spawn(async move {
            let _ = tx.send(chunk(&body[..4_096])).await;
            opened.notified().await;
            for part in body[4_096..].chunks(1_000) {
                let _ = tx.send(chunk(part)).await;
            }
        });
    })
    .await;
    let mut client = Client::spawn(settings(&served, BULK_TOKEN));
    let id = client.handle.stream(ops::list_people(), false);
    match tokio::time::timeout(HANG, client.rx.recv()).await {
        Ok(Some(ClientEvent::Rows {
            id: of,
            from: 0,
            reply: Reply::Parties(first),
        })) => {
            assert_eq!(of, id);
            assert!(!first.items.is_empty() && first.items.len() < 30);
            assert_eq!(first.items[..], whole[..first.items.len()]);
        }
        other => panic!("expected the first rows, got {other:?}"),
    }
    gate.notify_one();
    let outcome = finished(&mut client.rx, id).await;
    let rest = batches(&outcome.events, id);
    assert!(
        !rest.is_empty(),
        "the rest of the list came in later batches"
    );
    let all = joined(&[vec![(0, whole[..rest[0].0 as usize].to_vec())], rest].concat());
    assert_eq!(all, whole, "every row once, in the list's order");
    assert_eq!(streamed(&outcome), USERS as u64);
}

#[tokio::test]
async fn a_body_over_max_body_bytes_streams_whole_and_refreshes_to_unchanged() {
    let sb = bulk_sandbox().await;
    let mut config = settings(&sb.base_url(), BULK_TOKEN);
    config.max_body_bytes = 1_000;
    let mut client = Client::spawn(config);
    let id = client.handle.stream(ops::list_people(), false);
    let outcome = finished(&mut client.rx, id).await;
    assert_eq!(streamed(&outcome), USERS as u64);
    let all = joined(&batches(&outcome.events, id));
    assert_eq!(all.len(), USERS);
    // The validator was kept: an unchanged list costs a 304.
    let id = client.handle.stream(ops::list_people(), true);
    assert_eq!(
        finished(&mut client.rx, id).await.result,
        Ok(Reply::Unchanged)
    );
    // A read with no streamed decode (the organizations) answers whole, under
    // max_body_bytes as before.
    let id = client.handle.stream(ops::list_orgs(), false);
    let err = finished(&mut client.rx, id).await.err();
    assert_eq!(err, ApiError::TooLarge { limit: 1_000 });
}

#[tokio::test]
async fn a_state_filter_the_client_applies_is_applied_to_each_batch() {
    let sb = bulk_sandbox().await;
    let mut client = Client::new(&sb, BULK_TOKEN);
    let active = ops::list_people_in(&[MemberState::Active]);
    let whole = ops::people(client.ok(active.clone()).await);
    let id = client.handle.stream(active, false);
    let outcome = finished(&mut client.rx, id).await;
    assert_eq!(joined(&batches(&outcome.events, id)), whole);
    assert_eq!(streamed(&outcome), whole.len() as u64);
}

#[tokio::test]
async fn the_row_caps_refuse_naming_their_keys() {
    let sb = bulk_sandbox().await;
    let mut config = settings(&sb.base_url(), BULK_TOKEN);
    config.row_limits.max_rows = 100;
    let mut client = Client::spawn(config);
    let id = client.handle.stream(ops::list_people(), false);
    let outcome = finished(&mut client.rx, id).await;
    assert_eq!(outcome.retries(), [], "a list over the cap is not retried");
    let err = outcome.err();
    assert_eq!(err, ApiError::TooManyRows { limit: 100 });
    assert_eq!(err.to_string(), "the list has more than 100 rows");
    assert!(
        err.hint()
            .unwrap()
            .contains("raise max_rows in the profile")
    );

    let mut config = settings(&sb.base_url(), BULK_TOKEN);
    config.row_limits.max_row_bytes = 64;
    let mut client = Client::spawn(config);
    let id = client.handle.stream(ops::list_people(), false);
    let err = finished(&mut client.rx, id).await.err();
    assert_eq!(err, ApiError::RowTooLarge { limit: 64, row: 1 });
    assert!(
        err.hint()
            .unwrap()
            .contains("raise max_row_bytes in the profile")
    );
}

#[tokio::test]
async fn a_garbled_element_is_named_with_its_place_and_serdes_message() {
    let sb = bulk_sandbox().await;
    let body = String::from_utf8(users_body(&sb).await).unwrap();
    // The third user's email becomes a number.
    let third = body
        .match_indices("\"email\":\"")
        .nth(2)
        .expect("a third user")
        .0;
    let garbled = format!(
        "{}\"email\":12,\"x\":\"{}",
        &body[..third],
        &body[third + 9..]
    );
    let served = users_server(garbled.into_bytes(), |_, body, tx| {
        tokio::spawn(async move {
            let _ = tx.send(chunk(&body)).await;
        });
    })
    .await;
    let mut client = Client::spawn(settings(&served, BULK_TOKEN));
    let id = client.handle.stream(ops::list_people(), false);
    let err = finished(&mut client.rx, id).await.err();
    let ApiError::Decode { cause } = &err else {
        panic!("expected a decode error, got {err:?}");
    };
    assert!(
        cause.starts_with("element 3 of the list: invalid type: integer `12`"),
        "{cause}"
    );
    assert!(cause.contains("at line 1 column"), "{cause}");
}

#[tokio::test]
async fn a_body_cut_part_way_is_read_again_from_the_start() {
    let sb = bulk_sandbox().await;
    let body = users_body(&sb).await;
    // The first answer breaks once its first rows were reported.
    let cut = Arc::new(Notify::new());
    let cutting = cut.clone();
    let served = users_server(body, move |call, body, tx| {
        let cutting = cutting.clone();
        tokio::spawn(async move {
            let half = body.len() / 2;
            let _ = tx.send(chunk(&body[..half])).await;
            if call == 0 {
                cutting.notified().await;
                // Fewer bytes than Content-Length promised: the connection broke.
                let _ = tx.send(Err(std::io::Error::other("cut"))).await;
            } else {
                let _ = tx.send(chunk(&body[half..])).await;
            }
        });
    })
    .await;
    let mut client = Client::spawn(settings(&served, BULK_TOKEN));
    let id = client.handle.stream(ops::list_people(), false);
    let mut before = Vec::new();
    while batches(&before, id).is_empty() {
        match tokio::time::timeout(HANG, client.rx.recv()).await {
            Ok(Some(event)) => before.push(event),
            other => panic!("expected the first rows, got {other:?}"),
        }
    }
    cut.notify_one();
    let outcome = finished(&mut client.rx, id).await;
    assert_eq!(outcome.retries().len(), 1, "{:?}", outcome.events);
    let retried_at = outcome
        .events
        .iter()
        .position(|e| matches!(e, ClientEvent::Retrying { .. }))
        .unwrap();
    before.extend_from_slice(&outcome.events[..retried_at]);
    let first_try = joined(&batches(&before, id));
    let second_try = joined(&batches(&outcome.events[retried_at..], id));
    assert_eq!(second_try.len(), USERS, "the second try starts over at 0");
    assert_eq!(first_try[..], second_try[..first_try.len()]);
    assert_eq!(streamed(&outcome), USERS as u64);
}

#[tokio::test]
async fn cancel_ends_a_streamed_read() {
    let sb = bulk_sandbox().await;
    let served = stalling_server(&sb).await;
    let mut client = Client::spawn(settings(&served, BULK_TOKEN));
    let id = client.handle.stream(ops::list_people(), false);
    match tokio::time::timeout(HANG, client.rx.recv()).await {
        Ok(Some(ClientEvent::Rows {
            id: of, from: 0, ..
        })) => assert_eq!(of, id),
        other => panic!("expected the first rows, got {other:?}"),
    }
    client.handle.cancel(id);
    let outcome = finished(&mut client.rx, id).await;
    assert!(matches!(
        outcome.result,
        Err(ApiError::Cancelled { write: false, .. })
    ));
    // Whatever rows were on their way came before `Finished`; nothing follows it.
    let next = client.handle.send(Operation::WhoAmI);
    let after = finished(&mut client.rx, next).await;
    assert!(batches(&after.events, id).is_empty(), "{:?}", after.events);
}

#[tokio::test]
async fn a_paced_read_sends_on_as_its_batches_are_taken() {
    let sb = bulk_sandbox().await;
    let body = users_body(&sb).await;
    // Many small chunks: batches as fast as the rows decode.
    let served = users_server(body, |_, body, tx| {
        tokio::spawn(async move {
            for part in body.chunks(500) {
                let _ = tx.send(chunk(part)).await;
            }
        });
    })
    .await;
    let mut client = Client::spawn(settings(&served, BULK_TOKEN));
    client.handle.pace_rows();
    let id = client.handle.stream(ops::list_people(), false);
    let mut taken = Vec::new();
    loop {
        match tokio::time::timeout(HANG, client.rx.recv()).await {
            Ok(Some(ClientEvent::Rows {
                id: of,
                from,
                reply: Reply::Parties(batch),
            })) => {
                assert_eq!((of, from), (id, taken.len() as u64));
                taken.extend(batch.items);
                client.handle.rows_taken(id);
            }
            Ok(Some(ClientEvent::Finished { id: of, result, .. })) if of == id => {
                assert_eq!(result, Ok(Reply::Streamed { rows: USERS as u64 }));
                break;
            }
            Ok(Some(_)) => {}
            other => panic!("the paced read stalled: {other:?}"),
        }
    }
    assert_eq!(taken.len(), USERS);
}

#[tokio::test]
async fn a_streamed_list_may_take_longer_than_timeout_ms_while_its_bytes_keep_coming() {
    let sb = bulk_sandbox().await;
    let body = users_body(&sb).await;
    // Twenty parts a tenth of a second apart: twice `timeout` in whole, and never
    // a tenth of it without a byte.
    let served = users_server(body, |_, body, tx| {
        tokio::spawn(async move {
            for part in body.chunks(body.len().div_ceil(20)) {
                let _ = tx.send(chunk(part)).await;
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
        });
    })
    .await;
    let mut config = settings(&served, BULK_TOKEN);
    config.timeout = std::time::Duration::from_secs(1);
    let mut client = Client::spawn(config);
    let id = client.handle.stream(ops::list_people(), false);
    let outcome = finished(&mut client.rx, id).await;
    assert!(outcome.retries().is_empty(), "{:?}", outcome.events);
    assert_eq!(streamed(&outcome), USERS as u64);
    assert_eq!(joined(&batches(&outcome.events, id)).len(), USERS);
}

#[tokio::test]
async fn a_streamed_list_whose_bytes_stop_gives_up_after_timeout_ms() {
    let sb = bulk_sandbox().await;
    let served = stalling_server(&sb).await;
    let mut config = settings(&served, BULK_TOKEN);
    config.timeout = std::time::Duration::from_millis(300);
    config.retry.attempts = 1;
    let mut client = Client::spawn(config);
    let id = client.handle.stream(ops::list_people(), false);
    let outcome = finished(&mut client.rx, id).await;
    assert!(
        matches!(outcome.result, Err(ApiError::Timeout { after }) if after.as_millis() == 300),
        "{:?}",
        outcome.result
    );
    assert!(
        !batches(&outcome.events, id).is_empty(),
        "the rows before the stall were reported"
    );
}

#[tokio::test]
async fn a_whole_answer_is_still_bounded_by_timeout_ms_in_whole() {
    // A body that trickles (a byte each 20 ms) never idles past the
    // read timeout, yet the request as a whole must still end.
    let sb = bulk_sandbox().await;
    let mut list: serde_json::Value =
        serde_json::from_slice(&users_body(&sb).await).expect("the sandbox's JSON");
    for value in list.as_object_mut().expect("an object").values_mut() {
        if let Some(rows) = value.as_array_mut() {
            rows.truncate(1);
        }
    }
    // Valid, so only the bound can stop it.
    let body = serde_json::to_vec(&list).expect("JSON");
    let served = users_server(body, |_, body, tx| {
        tokio::spawn(async move {
            for byte in body.chunks(1) {
                if tx.send(chunk(byte)).await.is_err() {
                    return;
                }
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
        });
    })
    .await;
    let mut config = settings(&served, BULK_TOKEN);
    config.timeout = std::time::Duration::from_millis(500);
    config.retry.attempts = 1;
    let mut client = Client::spawn(config);
    // Not a streamed read: `send` reads the whole body before decoding it.
    let id = client.handle.send(ops::list_people());
    let outcome = finished(&mut client.rx, id).await;
    assert!(
        matches!(outcome.result, Err(ApiError::Timeout { .. })),
        "{:?}",
        outcome.result
    );
}
