//! Out of descriptors, the sandbox sheds connections that are still dripping their
//! first request head, so a real client queued behind them is served, and a
//! connection already serving a request is never cut. The descriptor limit is
//! lowered for this whole process, which is why this file holds one test alone.
#![cfg(target_os = "linux")]

#[path = "support/mod.rs"]
mod support;

use std::time::Duration;

use crate::support::http::*;
use crate::support::{SandboxConfig, SlowClients};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

/// A test that waits longer than this for an answer has found a starvation.
const HANG: Duration = Duration::from_secs(20);

fn open_descriptors() -> u64 {
    std::fs::read_dir("/proc/self/fd").unwrap().count() as u64
}

/// Lowers this process's soft descriptor limit to `limit`.
fn limit_descriptors(limit: u64) {
    let mut current = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit/setrlimit only read and write the struct passed in.
    unsafe {
        assert_eq!(libc::getrlimit(libc::RLIMIT_NOFILE, &mut current), 0);
        let lowered = libc::rlimit {
            rlim_cur: limit as libc::rlim_t,
            rlim_max: current.rlim_max,
        };
        assert_eq!(libc::setrlimit(libc::RLIMIT_NOFILE, &lowered), 0);
    }
}

fn out_of_descriptors(err: &std::io::Error) -> bool {
    matches!(err.raw_os_error(), Some(libc::EMFILE | libc::ENFILE))
}

/// Reads until the answer's head is complete (or the server closes).
async fn answer_head(stream: &mut (impl AsyncRead + Unpin)) -> String {
    let mut answer = Vec::new();
    let read = async {
        let mut buf = [0u8; 4096];
        while !answer.windows(4).any(|w| w == b"\r\n\r\n") {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&buf[..n]),
            }
        }
    };
    tokio::time::timeout(HANG, read)
        .await
        .expect("the sandbox answers while drippers hold its descriptors");
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn out_of_descriptors_the_sandbox_sheds_drippers_and_serves_a_real_client() {
    // Header and body limits far beyond the test's patience: only shedding can help.
    let api = Api::start_with(SandboxConfig {
        slow_clients: SlowClients {
            headers: Duration::from_secs(300),
            body_stall: Duration::from_secs(300),
            body_total: Duration::from_secs(300),
            shed_after: Duration::from_millis(200),
        },
        ..SandboxConfig::default()
    })
    .await;

    // A request whose head has arrived and whose body is still on its way: it is
    // being served, and must survive the shedding.
    let mut serving = TcpStream::connect(api.sandbox.addr).await.unwrap();
    let body = br#"{"display-name": "Survivor Co"}"#;
    let head = format!(
        "POST /customer-organizations HTTP/1.1\r\nHost: sandbox\r\nAuthorization: Bearer {ADMIN}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    serving.write_all(head.as_bytes()).await.unwrap();
    serving.write_all(&body[..10]).await.unwrap();

    // The real client's socket is made now, while a descriptor is still free.
    let real = TcpSocket::new_v4().unwrap();

    // Both ends of each dripper live in this process: connecting fails for lack of
    // descriptors exactly when the sandbox's accept does too.
    limit_descriptors(open_descriptors() + 40);
    let mut drippers = Vec::new();
    let exhausted = loop {
        match TcpStream::connect(api.sandbox.addr).await {
            Ok(mut dripper) => {
                let _ = dripper.write_all(b"GET /users/me HTTP/1.1\r\nHo").await;
                drippers.push(dripper);
            }
            Err(err) if out_of_descriptors(&err) => break true,
            Err(err) => panic!("connecting a dripper: {err}"),
        }
        if drippers.len() > 10_000 {
            break false;
        }
    };
    assert!(exhausted, "the descriptor limit was reached");

    // Queued behind the drippers that the sandbox could not accept.
    let mut real = real.connect(api.sandbox.addr).await.unwrap();
    let request = format!(
        "GET /users/me HTTP/1.1\r\nHost: sandbox\r\nAuthorization: Bearer {ADMIN}\r\nConnection: close\r\n\r\n"
    );
    real.write_all(request.as_bytes()).await.unwrap();
    let answer = answer_head(&mut real).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");

    // The request that was already being served finishes normally.
    drop(drippers);
    serving.write_all(&body[10..]).await.unwrap();
    let answer = answer_head(&mut serving).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let created = api.get_json(ADMIN, "/customer-organizations").await;
    assert!(created.to_string().contains("Survivor Co"), "{created}");
}
