//! A hostile server on loopback: its ids, names, error texts and request ids carry
//! terminal control sequences (window title, OSC 52 clipboard write, clear screen, a
//! cursor-position query, the one-byte CSI U+009B, a bidi override) and echo the
//! caller's token. Whatever orgdeck prints from it must be inert text, and the token
//! must appear nowhere it writes.

use crate::support::cli::{Case, Run};
use crate::support::hostile::{FORGED_LINE, Hostile, TOKEN, hostile};
use orgdeck::text::is_terminal_control;

/// Nothing a terminal would act on, and no token, in anything the run printed.
#[track_caller]
fn assert_inert(run: &Run) {
    for (stream, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
        let obeyed: Vec<char> = text
            .chars()
            .filter(|c| is_terminal_control(*c) && *c != '\n')
            .collect();
        assert!(
            obeyed.is_empty(),
            "{stream} carries {obeyed:?}\n{}",
            run.dump()
        );
        assert!(
            !text.contains(TOKEN),
            "{stream} shows the token\n{}",
            run.dump()
        );
    }
}

/// The stand-ins an operator sees instead of the sequences.
const SHOWN: &str = "\u{241b}]0;pwned\u{2407}\u{241b}]52;c;cHduZWQ=\u{2407}\u{241b}[2J\u{241b}[6n\u{fffd}6n\u{fffd}evil [redacted]";

#[test]
fn server_text_reaches_the_terminal_as_text() {
    let server = Hostile::start();
    let case = Case::with_profile("hostile", &server.url, "");
    let run = |args: &[&str]| case.run_as(Some(TOKEN), args);

    let list = run(&["orgs", "list"]);
    list.ok().stdout_has(&format!("co-{SHOWN}"));
    assert_inert(&list);
    // Stand-ins are one column each: the STATUS column still lines up.
    let lines: Vec<&str> = list.stdout.lines().collect();
    let column = |line: &str, word: &str| {
        orgdeck::text::width(&line[..line.find(word).expect("the column")])
    };
    assert_eq!(column(lines[0], "STATUS"), column(lines[1], "active"));

    for args in [
        &["orgs", "show", "co-1"][..],
        &["whoami"],
        &["users", "list"],
    ] {
        let shown = run(args);
        shown.ok().stdout_has(SHOWN);
        assert_inert(&shown);
    }
    // A note of several lines stays several lines, indented under its field.
    run(&["orgs", "show", "co-1"]).stdout_has("line one\n              line two");

    // Refusals: the server's reasons and the request id it echoed, on stderr.
    let refused = run(&["orgs", "create", "--name", "Fine"]);
    // Shown, not dropped: the operator sees which sequences the server sent.
    refused
        .code(3)
        .stderr_has(&format!("refused{SHOWN} (request id req-[redacted])"))
        .stderr_has(&format!("bad name{SHOWN}"));
    assert_inert(&refused);
    let conflict = run(&["orgs", "update", "co-1", "--name", "Fine"]);
    conflict.stderr_has("request id [redacted]");
    assert_inert(&conflict);

    // The audit trail holds both writes, with neither token nor control in it.
    let audit = case.audit_text();
    assert_eq!(case.audit_entries().len(), 2, "{audit}");
    assert!(!audit.contains(TOKEN), "{audit}");
    assert!(!audit.chars().any(|c| is_terminal_control(c) && c != '\n'));
    assert!(audit.contains("req-[redacted]"), "{audit}");
}

/// No line printed starts with the text a server hid after a new line in a value.
#[track_caller]
fn assert_no_forged_line(run: &Run) {
    for (stream, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
        assert!(
            !text
                .lines()
                .any(|line| line.trim_start().starts_with(FORGED_LINE)),
            "{stream} has a line the server wrote\n{}",
            run.dump()
        );
    }
}

#[test]
fn a_new_line_in_a_server_value_cannot_start_a_line() {
    let server = Hostile::start();
    let case = Case::with_profile("hostile-lines", &server.url, "");
    let run = |args: &[&str]| case.run_as(Some(TOKEN), args);

    // The headline names the organization on one line; so does `name` below it.
    let created = run(&["orgs", "create", "--name", "Forged"]);
    created
        .ok()
        .stdout_has(&format!(
            "created Forged\u{240a}{FORGED_LINE} (co-9\u{240a}{FORGED_LINE})"
        ))
        .stdout_has(&format!("name          Forged\u{240a}{FORGED_LINE}\n"));
    assert_no_forged_line(&created);
    assert_inert(&created);

    let invited = run(&[
        "invite",
        "--email",
        "new@example.com",
        "--name",
        "New",
        "--last-name",
        "User",
        "--type",
        "customer",
    ]);
    invited.ok().stdout_has(&format!(
        "invited new@example.com\u{240a}{FORGED_LINE}: pending"
    ));
    assert_no_forged_line(&invited);
    assert_inert(&invited);

    // A question orgdeck asks spans lines of its own; the values in it do not.
    let refused = run(&["invites", "revoke", "new@example.com"]);
    refused
        .code(2)
        .stderr_has(&format!("<new@example.com\u{240a}{FORGED_LINE}>?"))
        .stderr_has("\nrefusing without confirmation");
    assert_no_forged_line(&refused);
    assert_inert(&refused);
}

#[test]
fn json_output_escapes_what_a_terminal_would_obey() {
    let server = Hostile::start();
    let case = Case::with_profile("hostile-json", &server.url, "");
    let run = |args: &[&str]| case.run_as(Some(TOKEN), args);

    let list = run(&["--json", "orgs", "list"]);
    assert_inert(&list);
    assert!(
        list.stdout.contains("\\u009b6n\\u202eevil"),
        "{}",
        list.dump()
    );
    // Still JSON, and the same text once decoded (with the token masked).
    let decoded = list.json();
    let masked = hostile("Name").replace(TOKEN, "[redacted]");
    assert_eq!(decoded[0]["name"], masked.as_str());

    let refused = run(&["--json", "orgs", "create", "--name", "Fine"]);
    assert_inert(&refused);
    let failure = refused.stderr_json();
    assert_eq!(failure["problem"]["request_id"], "req-[redacted]");
    let conflict = run(&["--json", "orgs", "update", "co-1", "--name", "Fine"]);
    assert_inert(&conflict);
    assert_eq!(
        conflict.stderr_json()["problem"]["request_id"],
        "[redacted]"
    );
}

/// Every string in `value`, and in any string of it that is JSON itself (`raw`).
fn decoded_strings(value: &serde_json::Value, into: &mut Vec<String>) {
    match value {
        serde_json::Value::String(text) => {
            if let Ok(inner) = serde_json::from_str::<serde_json::Value>(text) {
                decoded_strings(&inner, into);
            }
            into.push(text.clone());
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| decoded_strings(v, into)),
        serde_json::Value::Object(map) => map.values().for_each(|v| decoded_strings(v, into)),
        _ => {}
    }
}

#[test]
fn a_token_echoed_with_json_escapes_is_masked_once_decoded() {
    let server = Hostile::start();
    let case = Case::with_profile("hostile-escaped", &server.url, "");
    let refused = case.run_as(
        Some(TOKEN),
        &[
            "--log-level",
            "trace",
            "--json",
            "orgs",
            "create",
            "--name",
            "Escaped",
            "--domain",
            "x.io",
        ],
    );
    assert_inert(&refused);
    let failure = refused.stderr_json();
    let raw = failure["problem"]["raw"].as_str().expect("the raw body");
    assert!(raw.contains("[redacted]"), "{raw}");
    let mut seen = Vec::new();
    decoded_strings(&failure, &mut seen);
    for entry in case.audit_entries() {
        decoded_strings(&entry, &mut seen);
    }
    assert!(!seen.is_empty());
    for text in &seen {
        assert!(
            !text.contains(TOKEN),
            "decoding gives the token back: {text}"
        );
    }
    let log = case.log_text();
    assert!(!secret_in(&log), "{log}");
}

/// Whether `text` holds the token, literally or JSON-escaped.
fn secret_in(text: &str) -> bool {
    orgdeck::api::secret::unescaped(text).contains(TOKEN)
}

#[cfg(unix)]
#[test]
fn the_log_file_is_private() {
    use std::os::unix::fs::PermissionsExt;

    let server = Hostile::start();
    let case = Case::with_profile("hostile-log", &server.url, "");
    case.run_as(Some(TOKEN), &["--log-level", "trace", "orgs", "list"])
        .ok();
    let mode = std::fs::metadata(case.log_file())
        .expect("the log was written")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    let log = case.log_text();
    assert!(log.contains("TRACE"), "{log}");
    assert!(!log.contains(TOKEN), "{log}");
}
