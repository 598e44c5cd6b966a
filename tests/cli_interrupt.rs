//! A signal while a headless command's write is in flight: the exit status says
//! which signal (128 + N), stderr names the write, and the audit trail has its line.

mod cli_common;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::Stdio;
use std::sync::mpsc;
use std::time::Duration;

use cli_common::{Case, TOKEN_ENV};

/// Only a guard against a hung test: every wait below ends on an event.
const HANG: Duration = Duration::from_secs(30);

/// Answers reads with 404 (the client checks what is there before a write) and
/// holds the first write unanswered; the write's request head is sent on the
/// channel once it has arrived.
fn hold_one_request(listener: TcpListener, arrived: mpsc::Sender<String>) {
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            let arrived = arrived.clone();
            std::thread::spawn(move || serve_until_a_write(stream, &arrived));
        }
    });
}

fn serve_until_a_write(mut stream: std::net::TcpStream, arrived: &mpsc::Sender<String>) {
    let mut pending = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let end = loop {
            if let Some(at) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
                break at + 4;
            }
            match stream.read(&mut buf) {
                Ok(0) | Err(_) => return,
                Ok(n) => pending.extend_from_slice(&buf[..n]),
            }
        };
        let head = String::from_utf8_lossy(&pending[..end]).into_owned();
        pending.drain(..end);
        if head.starts_with("GET ") {
            let body = r#"{"title":"Not found","status":404}"#;
            let answer = format!(
                "HTTP/1.1 404 Not Found\r\ncontent-type: application/problem+json\r\ncontent-length: {}\r\n\r\n{body}",
                body.len()
            );
            if stream.write_all(answer.as_bytes()).is_err() {
                return;
            }
            continue;
        }
        let _ = arrived.send(head);
        // Held open until the client goes away.
        let _ = stream.read_to_end(&mut Vec::new());
        return;
    }
}

fn interrupted_create(signal: &str, expected_code: i32, json: bool) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let case = Case::new(&format!("interrupt-{signal}"));
    case.write_config(&format!(
        "[profiles.t]\nbase_url = \"{base_url}\"\ntoken_env = \"{TOKEN_ENV}\"\ntimeout_ms = 60000\n"
    ));
    let (tx, rx) = mpsc::channel();
    hold_one_request(listener, tx);
    let mut args = vec![
        "orgs",
        "create",
        "--name",
        "HeldCo",
        "--domain",
        "held.example",
    ];
    if json {
        args.push("--json");
    }
    let mut command = case.command(Some("tok"), &[], &args);
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("orgdeck starts");
    let head = rx.recv_timeout(HANG).expect("the write reaches the server");
    assert!(head.starts_with("POST /customer-organizations"), "{head}");

    let killed = std::process::Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(child.id().to_string())
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("stderr is read");
    let status = child.wait().expect("orgdeck ends");
    assert_eq!(status.code(), Some(expected_code), "{status:?}\n{stderr}");

    let line =
        "POST /customer-organizations (create organizations): sent, outcome unknown (interrupted)";
    if json {
        let body: serde_json::Value = serde_json::from_str(stderr.trim()).expect("one JSON object");
        assert_eq!(body["exit_code"], expected_code);
        assert_eq!(body["interrupted"][0], line, "{body}");
    } else {
        assert!(
            stderr.contains(&format!(
                "interrupted by SIG{signal} while a change was in flight"
            )),
            "{stderr}"
        );
        assert!(stderr.contains(line), "{stderr}");
        assert!(
            stderr.contains("hint: check whether it was applied"),
            "{stderr}"
        );
    }
    let entries = case.audit_entries();
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0]["outcome"], "sent, outcome unknown (interrupted)");
    assert_eq!(entries[0]["fields"]["display-name"], "HeldCo");
}

#[test]
fn sigterm_mid_write_exits_143_naming_the_write_and_auditing_it() {
    interrupted_create("TERM", 143, false);
}

#[test]
fn sigint_and_sighup_mid_write_exit_128_plus_their_number() {
    interrupted_create("INT", 130, false);
    interrupted_create("HUP", 129, false);
}

#[test]
fn json_mode_reports_the_interrupted_write_as_one_json_object() {
    interrupted_create("TERM", 143, true);
}
