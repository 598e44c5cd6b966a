//! The process ending while a write is in flight: `interrupt_writes` audits every
//! write in flight as interrupted, says which ones, and never claims "not sent" for
//! a write the server may have received.

use std::time::Duration;

use crate::support::client::{Client, settings, temp_dir};
use crate::support::ops;
use orgdeck::api::client::{INTERRUPTED_SENT, INTERRUPTED_UNSENT};
use orgdeck::api::model::Operation;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

fn create(name: &str) -> Operation {
    ops::create_org(name, &["held.example"])
}

fn audit_lines(path: &std::path::Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).expect("audit line is JSON"))
        .collect()
}

/// A server that answers reads with 404 (a write is preceded by one) and reads the
/// write's head without ever answering: the write is provably at the server when
/// this returns, and stays in flight. Connections are served side by side, since
/// the write may come on a new one while the read's is still open.
async fn hold_one_request(listener: &TcpListener) -> (TcpStream, String) {
    let (held_tx, mut held) = mpsc::channel(1);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, _) = accepted.expect("the client connects");
                tokio::spawn(serve_until_a_write(stream, held_tx.clone()));
            }
            Some(write) = held.recv() => return write,
        }
    }
}

/// Accepts one connection and holds its first request, whatever it is, unanswered.
async fn hold_first_request(listener: &TcpListener) -> (TcpStream, String) {
    let (mut stream, _) = listener.accept().await.expect("the client connects");
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf).await.expect("the request arrives");
        assert!(n > 0, "the client hung up before sending its request");
        head.extend_from_slice(&buf[..n]);
    }
    (stream, String::from_utf8_lossy(&head).into_owned())
}

async fn serve_until_a_write(mut stream: TcpStream, held: mpsc::Sender<(TcpStream, String)>) {
    let mut pending = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let end = loop {
            if let Some(at) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
                break at + 4;
            }
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => pending.extend_from_slice(&buf[..n]),
            }
        };
        let head = String::from_utf8_lossy(&pending[..end]).into_owned();
        pending.drain(..end);
        if !head.starts_with("GET ") {
            let _ = held.send((stream, head)).await;
            return;
        }
        let answer = b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n";
        if stream.write_all(answer).await.is_err() {
            return;
        }
    }
}

/// A client with an audit trail, at a listener the test answers by hand.
struct Setup {
    listener: TcpListener,
    client: Client,
    audit: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

impl Setup {
    async fn new() -> Setup {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
        let dir = temp_dir();
        let audit = dir.path().join("audit.jsonl");
        let mut config = settings(&format!("http://{}", listener.local_addr().unwrap()), "tok");
        config.timeout = Duration::from_secs(60);
        config.audit = Some(audit.clone());
        Setup {
            listener,
            client: Client::spawn(config),
            audit,
            _dir: dir,
        }
    }
}

#[tokio::test]
async fn a_write_at_the_server_is_audited_as_sent_with_outcome_unknown() {
    let Setup {
        listener,
        client,
        audit,
        _dir,
    } = Setup::new().await;
    client.handle.send(create("HeldCo"));
    let (_stream, head) = hold_one_request(&listener).await;
    assert!(head.starts_with("POST /customer-organizations"), "{head}");

    let lines = client.handle.interrupt_writes().await;
    assert_eq!(
        lines,
        vec![format!(
            "POST /customer-organizations (create organizations): {INTERRUPTED_SENT}"
        )]
    );
    let entries = audit_lines(&audit);
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0]["outcome"], INTERRUPTED_SENT);
    assert_eq!(entries[0]["method"], "POST");
    assert_eq!(entries[0]["fields"]["display-name"], "HeldCo");
    // Interrupted writes are accounted for once.
    assert!(client.handle.interrupt_writes().await.is_empty());
    assert_eq!(audit_lines(&audit).len(), 1);
}

#[tokio::test]
async fn reads_in_flight_are_not_audited_and_a_write_asked_for_just_before_is_counted() {
    let Setup {
        listener,
        client,
        audit,
        _dir,
    } = Setup::new().await;
    client.handle.send(Operation::WhoAmI);
    let _held = hold_first_request(&listener).await;
    // Asked for and interrupted at once: the queue keeps the order, so the write is
    // known to the client task, whether or not it reached HTTP yet.
    client.handle.send(create("JustAskedCo"));
    let lines = client.handle.interrupt_writes().await;
    assert_eq!(lines.len(), 1, "{lines:?}");
    let outcome = audit_lines(&audit)[0]["outcome"].clone();
    assert!(
        outcome == INTERRUPTED_SENT || outcome == INTERRUPTED_UNSENT,
        "{outcome}"
    );
    assert!(lines[0].ends_with(outcome.as_str().unwrap()), "{lines:?}");
    assert_eq!(audit_lines(&audit).len(), 1, "the read was audited");
}

#[tokio::test]
async fn dropping_every_handle_mid_write_still_leaves_the_trail() {
    let Setup {
        listener,
        client,
        audit,
        _dir,
    } = Setup::new().await;
    client.handle.send(create("DroppedCo"));
    let (mut stream, _) = hold_one_request(&listener).await;
    drop(client);
    // The task ends the flight once it sees every handle gone; the held connection
    // closes then, which is the event to wait for.
    let mut rest = Vec::new();
    let _ = stream.read_to_end(&mut rest).await;
    let entries = audit_lines(&audit);
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0]["outcome"], INTERRUPTED_SENT);
}

#[tokio::test]
async fn a_write_interrupted_during_the_read_before_it_was_never_sent() {
    let Setup {
        listener,
        client,
        audit,
        _dir,
    } = Setup::new().await;
    client.handle.send(create("EarlyCo"));
    // The read a write is preceded by, held: the write itself has not gone out.
    let (_held, head) = hold_first_request(&listener).await;
    assert!(head.starts_with("GET "), "{head}");
    let lines = client.handle.interrupt_writes().await;
    assert_eq!(
        lines,
        vec![format!(
            "POST /customer-organizations (create organizations): {INTERRUPTED_UNSENT}"
        )]
    );
    let entries = audit_lines(&audit);
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0]["outcome"], INTERRUPTED_UNSENT);
}
