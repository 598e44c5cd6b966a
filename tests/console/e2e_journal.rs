//! End-to-end tests of the write journal: the real `orgdeck` binary in a PTY against
//! `orgdeck sandbox --backend bitgo` in a process of its own. A create whose every
//! answer is lost still makes exactly one enterprise and says so; a console killed
//! while its create is in flight settles it on the next start, whether the create
//! reached the server (created) or not (not created: the draft is back in its form,
//! and submitting it makes exactly one).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};

use crate::support::e2e::*;
use crate::support::fake_servers::WriteGate;

const TOKEN: &str = "bitgo-northwind-admin";
const NORTHWIND: &str = "40c0fc630e2bd5c7b9f59ddb2de5a130";
/// The enterprises Northwind has in the shipped seed.
const SEEDED: &str = "enterprises (30)";

fn config(base_url: &str) -> String {
    format!(
        "[profiles.nw]\nbackend = \"bitgo\"\nbase_url = \"{base_url}\"\ntoken_env = \"ORGDECK_E2E_TOKEN\"\ntimeout_ms = 20000\n"
    )
}

fn console(name: &str, base_url: &str, state: Option<&Path>) -> Console {
    let mut options = Options::sandbox()
        .config(config(base_url))
        .env("ORGDECK_E2E_TOKEN", TOKEN);
    if let Some(state) = state {
        options = options.env("ORGDECK_STATE_DIR", &state.display().to_string());
    }
    Console::with_options(name, options)
}

/// From the tenants list to Northwind's enterprises, and the create form on them.
fn open_create_form(console: &mut Console) {
    console.wait_for("the tenant reachable", |s| {
        s.contains("admin") && s.contains(" ms")
    });
    console.send(ENTER);
    // The organizations list itself: the tenants pane names Northwind too (your roles).
    console.wait_for_text("organizations (1)");
    console.send(ENTER);
    console.wait_for_text(SEEDED);
    console.send("n");
    console.wait_for_text("New child enterprise");
}

fn journal_file(state: &Path) -> PathBuf {
    state.join("journal").join("nw.json")
}

/// The enterprises of Northwind named `email`, asked of the sandbox over HTTP.
fn named(sandbox: &SandboxProcess, email: &str) -> usize {
    let addr = sandbox
        .base_url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let mut stream = TcpStream::connect(&addr).expect("the sandbox answers");
    let request = format!(
        "GET /api/v2/organization/{NORTHWIND}/enterprise?limit=500 HTTP/1.1\r\nhost: {addr}\r\nauthorization: Bearer {TOKEN}\r\nconnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).expect("sent");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).expect("read");
    let answer = String::from_utf8_lossy(&answer);
    let (_, body) = answer.split_once("\r\n\r\n").expect("a body");
    let list: serde_json::Value = serde_json::from_str(body).expect("JSON");
    assert!(
        list.get("nextBatchPrevId").is_none(),
        "one page holds them all"
    );
    list["enterprises"]
        .as_array()
        .expect("enterprises")
        .iter()
        .filter(|e| e["name"] == email)
        .count()
}

#[test]
fn a_create_whose_answers_are_all_lost_makes_exactly_one_enterprise_and_says_so() {
    let sandbox = start_sandbox(&[
        "--backend",
        "bitgo",
        "--drop-rate",
        "1",
        "--fault-scope",
        "writes",
    ]);
    let mut console = console("journal-lost", &sandbox.base_url, None);
    open_create_form(&mut console);
    let email = "lost.answer@kiwi.example";
    console.send(email);
    console.send(ENTER);
    // An honest "created", saying what became of the answer.
    let said = format!("Created {email} (the server answered 200");
    console.wait_for("the create settled", |s| status_line(s).contains(&said));
    console.wait_for_text("enterprises (31)");
    assert_eq!(named(&sandbox, email), 1, "exactly one enterprise");
    assert!(
        !journal_file(&console.dir.path().join("state")).exists(),
        "a settled create leaves nothing in the journal"
    );
}

/// Submits a create through a gate that holds it, and kills the console while
/// the server has not answered. The key the journal held.
fn killed_mid_submit(console: &mut Console, gate: &WriteGate, email: &str) -> String {
    open_create_form(console);
    console.send(email);
    console.send(ENTER);
    gate.wait_held(1);
    let state = console.dir.path().join("state");
    let text = std::fs::read_to_string(journal_file(&state)).expect("journalled before it went");
    assert!(text.contains(email), "{text}");
    assert!(!text.contains(TOKEN), "no token in the journal: {text}");
    let entry: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    console.signal("KILL");
    console.wait_exit(WAIT);
    entry["entries"][0]["key"]
        .as_str()
        .expect("a key")
        .to_owned()
}

#[test]
fn a_console_killed_after_its_create_reached_the_server_says_it_was_created() {
    let sandbox = start_sandbox(&["--backend", "bitgo"]);
    let gate = WriteGate::start(&sandbox.base_url);
    let email = "killed.made@kiwi.example";
    let mut first = console("journal-made", &gate.base_url(), None);
    let key = killed_mid_submit(&mut first, &gate, email);
    // The create reaches the server after all; nobody hears its answer.
    gate.forward();
    assert_eq!(named(&sandbox, email), 1);

    let state = first.dir.path().join("state");
    let mut again = console("journal-made-again", &gate.base_url(), Some(&state));
    // Cut short at 80 columns, the status line points to `:messages`, which
    // holds the whole notice.
    let begun = format!("left from last run: enterprise '{email}'");
    let screen = again.wait_for("the journal settled on screen", |s| {
        status_line(s).contains(&begun) && status_line(s).contains("(:messages)")
    });
    assert!(!screen.contains("New child enterprise"), "{screen}");
    again.send(":messages");
    again.send(ENTER);
    let said = format!("left from last run: enterprise '{email}' was created (id");
    again.wait_for("the whole notice in :messages", |s| s.contains(&said));
    assert!(
        !journal_file(&state).exists(),
        "the journal holds nothing now"
    );
    assert_eq!(named(&sandbox, email), 1, "settling created nothing more");
    assert!(!key.is_empty());
}

#[test]
fn a_console_killed_before_its_create_reached_the_server_gives_the_draft_back() {
    let sandbox = start_sandbox(&["--backend", "bitgo"]);
    let gate = WriteGate::start(&sandbox.base_url);
    let email = "killed.lost@kiwi.example";
    let mut first = console("journal-lost-first", &gate.base_url(), None);
    killed_mid_submit(&mut first, &gate, email);
    gate.drop_writes();

    let state = first.dir.path().join("state");
    // The same server (the journal settles only against the one it was sent to),
    // now letting writes through.
    gate.forward();
    let mut again = console("journal-lost-again", &gate.base_url(), Some(&state));
    let begun = format!("left from last run: enterprise '{email}'");
    again.wait_for("the journal settled, the draft back in its form", |s| {
        status_line(s).contains(&begun) && s.contains("New child enterprise") && s.contains(email)
    });
    assert!(
        !journal_file(&state).exists(),
        "the journal holds nothing now"
    );
    assert_eq!(named(&sandbox, email), 0);
    again.send(ENTER);
    let screen = again.wait_for_text(&format!("Created {email}"));
    assert!(!screen.contains("New child enterprise"), "{screen}");
    assert_eq!(named(&sandbox, email), 1, "exactly one enterprise");
    again.send(":messages");
    again.send(ENTER);
    let said = format!("left from last run: enterprise '{email}' was not created");
    again.wait_for("the whole notice in :messages", |s| s.contains(&said));
    assert!(!journal_file(&state).exists());
}
