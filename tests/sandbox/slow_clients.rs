//! Slow clients: a connection whose headers drip in is closed, a body that stalls or
//! trickles past its deadline is answered 408 and closed, and the sandbox keeps
//! answering everyone else meanwhile. The limits are short here; the defaults are
//! 10 s, 30 s and 60 s.

use std::time::Duration;

use crate::support::http::*;
use crate::support::{SandboxConfig, SlowClients};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::net::tcp::OwnedReadHalf;

/// A test that waits longer than this for a close has found a hang.
const HANG: Duration = Duration::from_secs(20);

async fn sandbox_with_short_limits() -> Api {
    let mut api = Api::start_with(SandboxConfig {
        slow_clients: SlowClients {
            headers: Duration::from_millis(400),
            body_stall: Duration::from_millis(400),
            body_total: Duration::from_millis(1_500),
            ..SlowClients::default()
        },
        ..SandboxConfig::default()
    })
    .await;
    // The sandbox closes an idle kept-alive connection after the 400 ms header limit,
    // as it should; a pooled client could pick one up just as it is closed (and fail
    // with an incomplete message) on a loaded machine. One connection a request.
    api.http = reqwest::Client::builder()
        .no_proxy()
        .pool_max_idle_per_host(0)
        .build()
        .expect("reqwest client builds");
    api
}

/// Reads until the server closes the connection; what it sent before that.
async fn until_closed(stream: &mut (impl AsyncRead + Unpin)) -> String {
    let mut answer = Vec::new();
    let read = async {
        let mut buf = [0u8; 4096];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&buf[..n]),
            }
        }
    };
    tokio::time::timeout(HANG, read)
        .await
        .expect("the sandbox closes the slow connection");
    String::from_utf8_lossy(&answer).into_owned()
}

/// A connection that sends a request line and then one header byte every 50 ms for
/// as long as the server keeps it open. The read half is returned; the drip task
/// holds the write half.
async fn dripping(api: &Api) -> OwnedReadHalf {
    let stream = TcpStream::connect(api.sandbox.addr).await.unwrap();
    let (reader, mut writer) = stream.into_split();
    tokio::spawn(async move {
        if writer
            .write_all(b"GET /users/me HTTP/1.1\r\nHost: sandbox\r\nX-Drip: ")
            .await
            .is_err()
        {
            return;
        }
        let mut ticks = tokio::time::interval(Duration::from_millis(50));
        // Bounded: a server that never closes fails the test through HANG.
        for _ in 0..1_000 {
            ticks.tick().await;
            if writer.write_all(b"a").await.is_err() {
                return;
            }
        }
    });
    reader
}

#[tokio::test]
async fn connections_dripping_their_headers_are_closed_and_others_still_served() {
    let api = sandbox_with_short_limits().await;
    let mut drippers = Vec::new();
    for _ in 0..20 {
        drippers.push(dripping(&api).await);
    }
    // While they drip, a normal request is answered.
    let me = api.get_json(ADMIN, "/users/me").await;
    assert!(me.to_string().contains("margaret.okafor"), "{me}");

    for dripper in &mut drippers {
        let answer = until_closed(dripper).await;
        assert!(
            !answer.contains("200 OK"),
            "a request whose headers never ended was not served: {answer}"
        );
    }
    let me = api.get_json(ADMIN, "/users/me").await;
    assert!(me.to_string().contains("margaret.okafor"), "{me}");
}

#[tokio::test]
async fn a_stalled_body_is_answered_408_and_the_connection_closed() {
    let api = sandbox_with_short_limits().await;
    let before = api.get_json(ADMIN, "/customer-organizations").await;
    let mut stream = TcpStream::connect(api.sandbox.addr).await.unwrap();
    let head = format!(
        "POST /customer-organizations HTTP/1.1\r\nHost: sandbox\r\nAuthorization: Bearer {ADMIN}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"display-name\": \"Sta"
    );
    stream.write_all(head.as_bytes()).await.unwrap();

    // The stalled request does not hold up anyone else.
    let me = api.get_json(ADMIN, "/users/me").await;
    assert!(me.to_string().contains("margaret.okafor"), "{me}");

    let answer = until_closed(&mut stream).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("application/problem+json"), "{answer}");
    assert!(
        answer.to_ascii_lowercase().contains("connection: close"),
        "{answer}"
    );
    let after = api.get_json(ADMIN, "/customer-organizations").await;
    assert_eq!(before, after, "nothing was created from half a body");
}

#[tokio::test]
async fn a_body_that_trickles_in_is_answered_408_at_its_deadline() {
    let api = sandbox_with_short_limits().await;
    let before = api.get_json(ADMIN, "/customer-organizations").await;
    let stream = TcpStream::connect(api.sandbox.addr).await.unwrap();
    let (mut reader, mut writer) = stream.into_split();
    let head = format!(
        "POST /customer-organizations HTTP/1.1\r\nHost: sandbox\r\nAuthorization: Bearer {ADMIN}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
    );
    writer.write_all(head.as_bytes()).await.unwrap();
    // A byte every 100 ms never stalls (the stall limit is 400 ms) and would take
    // hours to finish the body.
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(Duration::from_millis(100));
        for _ in 0..100_000 {
            ticks.tick().await;
            if writer.write_all(b" ").await.is_err() {
                return;
            }
        }
    });

    let answer = until_closed(&mut reader).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("not complete"), "{answer}");
    assert!(
        answer.to_ascii_lowercase().contains("connection: close"),
        "{answer}"
    );
    let after = api.get_json(ADMIN, "/customer-organizations").await;
    assert_eq!(before, after, "nothing was created from part of a body");
}

#[tokio::test]
async fn the_documented_limits_are_10_30_and_60_seconds() {
    assert_eq!(
        SlowClients::default(),
        SlowClients {
            headers: Duration::from_secs(10),
            body_stall: Duration::from_secs(30),
            body_total: Duration::from_secs(60),
            shed_after: Duration::from_millis(500),
        }
    );
}
