//! A signal while a headless command's write is in flight: the exit status says
//! which signal (128 + N), stderr names the write, and the audit trail has its line.

use std::io::Read;
use std::process::Stdio;
use std::time::Duration;

use crate::support::cli::{Case, TOKEN_ENV};
use crate::support::fake_servers::holding_writes;

/// Only a guard against a hung test: every wait below ends on an event.
const HANG: Duration = Duration::from_secs(30);

fn interrupted_create(signal: &str, expected_code: i32, json: bool) {
    let (base_url, heads) = holding_writes();
    let case = Case::new(&format!("interrupt-{signal}"));
    case.write_config(&format!(
        "[profiles.t]\nbase_url = \"{base_url}\"\ntoken_env = \"{TOKEN_ENV}\"\ntimeout_ms = 60000\n"
    ));
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
    // The read that precedes the write arrives first.
    while !heads
        .recv_timeout(HANG)
        .expect("the write reaches the server")
        .starts_with("POST /customer-organizations")
    {}

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
