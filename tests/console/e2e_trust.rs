//! The real console in a pseudo-terminal, on issue 10's points of trust:
//! - ended by a signal while a write is held at a server that never answers, its
//!   exit status is 128 + N, the terminal is restored, the write is named after the
//!   console closes, and the audit trail has its line;
//! - an edit sends only what the operator changed, even when the organizations could
//!   not be loaded (the sandbox's audit `fields` show what was sent).

use crate::support::e2e::*;
use crate::support::fake_servers::holding_writes;

/// Starts the console on a profile at a server that never answers, submits a new
/// organization and waits until that POST has arrived there.
fn console_with_a_write_held(name: &str) -> Console {
    let (base_url, heads) = holding_writes();
    let config = format!(
        "[profiles.held]\nbase_url = \"{base_url}\"\ntoken_env = \"ORGDECK_E2E_TOKEN\"\ntimeout_ms = 60000\n"
    );
    let mut console = Console::spawn(
        name,
        Options::sandbox()
            .config(config)
            .env("ORGDECK_E2E_TOKEN", "tok"),
    );
    console.wait_for("the tenant listed", |s| {
        s.contains("Tenants (") && s.contains("held")
    });
    console.send(ENTER);
    // `n` is offered once who-am-I has told the role, which may come after the
    // list: pressed earlier it would only say why not.
    console.wait_for("the list shown and `n` offered", |s| {
        s.contains("held: customer organizations (0)")
            && s.lines()
                .last()
                .is_some_and(|footer| footer.contains("n new"))
    });
    console.send("n");
    console.wait_for_text("New organization");
    console.send("Held Co");
    console.wait_for_text("Held Co");
    console.send(ENTER);
    loop {
        let head = heads
            .recv_timeout(WAIT)
            .unwrap_or_else(|_| panic!("the POST never arrived\n{}", console.describe()));
        if head.starts_with("POST /customer-organizations") {
            return console;
        }
    }
}

fn assert_interrupted_trail(console: &mut Console) {
    console.wait_output_closed(WAIT);
    let raw = String::from_utf8_lossy(&console.raw()).into_owned();
    let after = &raw[raw
        .rfind(LEAVE_ALT_SCREEN)
        .expect("the alternate screen left")..];
    assert!(
        after.contains(
            "held: POST /customer-organizations (create organizations): sent, outcome unknown (interrupted)"
        ),
        "the write is not named after the console closed:\n{after:?}"
    );
    let audit = std::fs::read_to_string(console.dir.path().join("state").join("audit.jsonl"))
        .expect("the audit trail exists");
    let entries: Vec<serde_json::Value> = audit
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    assert_eq!(entries.len(), 1, "{audit}");
    assert_eq!(entries[0]["outcome"], "sent, outcome unknown (interrupted)");
    assert_eq!(entries[0]["fields"]["display-name"], "Held Co");
}

#[test]
fn sigterm_with_a_write_in_flight_exits_143_and_leaves_the_trail() {
    let mut console = console_with_a_write_held("sigterm-held");
    console.signal("TERM");
    let status = console.wait_exit(WAIT);
    assert_eq!(
        status.exit_code(),
        143,
        "{status:?}\n{}",
        console.describe()
    );
    assert!(
        status.signal().is_none(),
        "killed by the signal: {status:?}"
    );
    assert_interrupted_trail(&mut console);
}

#[test]
fn quitting_anyway_with_a_write_in_flight_leaves_the_trail() {
    let mut console = console_with_a_write_held("quit-held");
    // The form is submitting, so ctrl-c is the way out; it asks first.
    console.send("\x03");
    console.wait_for_text("Quit with a change in flight?");
    console.wait_for_text("New organization");
    console.send("y");
    console.send(ENTER);
    let status = console.wait_exit(WAIT);
    assert_eq!(status.exit_code(), 0, "{status:?}");
    assert_interrupted_trail(&mut console);
}

#[test]
fn renaming_yourself_without_the_organizations_sends_the_name_alone() {
    // A customer may rename themselves but not list organizations.
    let (_sandbox, mut console) = users_of_a_sandbox("me", "rename-self", CUSTOMER);
    // The role is known before `e` (the list waits for who-am-I), so the console
    // never asks for the organizations and the form says why it has none.
    console.wait_for("the caller listed", |s| {
        s.contains("me: all users (1)") && s.contains("jane.doe@acme-ltd.com")
    });
    console.send("e");
    console.wait_for_text("unknown (your role (customer) may not list");
    console.send("x");
    console.send(ENTER);
    console.wait_for("the save confirmed", |s| status_line(s).contains("Saved"));
    let fields = the_one_write_sent(&console);
    assert_eq!(fields.keys().collect::<Vec<_>>(), ["name"], "{fields:?}");
}

#[test]
fn suspending_yourself_shows_the_sandboxs_reason() {
    let mut console = Console::sandbox("suspend-self");
    console.wait_for("tenant acme selected", |s| {
        selected_row(s).is_some_and(|row| row.contains("acme") && !row.contains("acme-agent"))
    });
    console.send(":staff");
    console.send(ENTER);
    console.wait_for_text("margaret.okafor");
    console.send("/margaret");
    console.send(ENTER);
    console.wait_for("the admin selected", |s| {
        status_line(s).contains("1 match")
            && selected_row(s).is_some_and(|row| row.contains("margaret.okafor"))
    });
    console.send("s");
    console.wait_for_text("Suspend ");
    console.send("y");
    console.send(ENTER);
    let screen = console.wait_for("the refusal", |s| {
        s.contains("you cannot suspend your own account")
    });
    assert!(!screen.contains("fix the marked fields"), "{screen}");
}

const BACKTAB: &str = "\x1b[Z";

/// A sandbox process, and a console on it as `token` (profile `profile`) that has
/// been asked for the users list.
fn users_of_a_sandbox(profile: &str, name: &str, token: &str) -> (SandboxProcess, Console) {
    let sandbox = start_sandbox(&[]);
    let config = format!(
        "[profiles.{profile}]\nbase_url = \"{}\"\ntoken_env = \"ORGDECK_E2E_TOKEN\"\n",
        sandbox.base_url
    );
    let mut console = Console::spawn(
        name,
        Options::sandbox()
            .config(config)
            .env("ORGDECK_E2E_TOKEN", token),
    );
    console.wait_for("the tenant listed", |s| {
        s.contains("Tenants (") && s.contains(profile)
    });
    console.send(":users");
    console.send(ENTER);
    (sandbox, console)
}

/// The audit `fields` of the one write the console made.
fn the_one_write_sent(console: &Console) -> serde_json::Map<String, serde_json::Value> {
    let audit = std::fs::read_to_string(console.dir.path().join("state").join("audit.jsonl"))
        .expect("the audit trail exists");
    let entries: Vec<serde_json::Value> = audit
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    assert_eq!(entries.len(), 1, "{audit}");
    assert_eq!(entries[0]["method"], "PUT", "{audit}");
    assert_eq!(entries[0]["status"], 200, "{audit}");
    entries[0]["fields"]
        .as_object()
        .expect("fields sent")
        .clone()
}

/// From the open edit form: Tab ×4 to the organization, types `filter` and waits
/// for it to match nothing, goes back to the name and saves it with a "V" added.
/// Returns the organization's row while the filter was typed.
fn filter_the_organization_then_rename(console: &mut Console, filter: &str) -> String {
    console.send(&TAB.repeat(4));
    console.send(filter);
    let screen = console.wait_for_text("no match");
    let row = screen
        .lines()
        .find(|l| l.contains("Organization"))
        .expect("the organization's row")
        .to_owned();
    console.send(&BACKTAB.repeat(4));
    console.send("V");
    console.send(ENTER);
    console.wait_for("the save confirmed", |s| status_line(s).contains("Saved"));
    row
}

#[test]
fn an_organization_filter_that_matches_nothing_keeps_the_organization() {
    let (_sandbox, mut console) = users_of_a_sandbox("acme", "picker-no-match", ADMIN);
    console.wait_for_text("Rahul Mehta");
    // The organizations load after the users; the form's picker needs them, so they
    // are seen listed first (on a loaded machine they can come well after).
    console.send(":orgs");
    console.send(ENTER);
    console.wait_for_text("Acme Ltd");
    console.send(":users");
    console.send(ENTER);
    console.wait_for_text("Rahul Mehta");
    console.send("/rahul");
    console.send(ENTER);
    console.wait_for("rahul selected", |s| {
        status_line(s).contains("1 match")
            && selected_row(s).is_some_and(|row| row.contains("rahul.mehta"))
    });
    console.send("e");
    console.wait_for_text("Acme Ltd (co-acme-01)");
    let row = filter_the_organization_then_rename(&mut console, "zzz");
    let fields = the_one_write_sent(&console);
    assert_eq!(fields.keys().collect::<Vec<_>>(), ["name"], "{fields:?}");
    assert_eq!(fields["name"], "RahulV");
    // What the operator saw: the organization kept, and why.
    assert!(
        row.contains(r#"Acme Ltd (co-acme-01) (no match for "zzz")"#),
        "{row}"
    );
}

#[test]
fn typing_into_an_unknown_organization_sends_the_name_alone() {
    // A customer may not list organizations: their own is unknown.
    let (_sandbox, mut console) = users_of_a_sandbox("me", "picker-unknown-typed", CUSTOMER);
    // The role is known before `e` (the list waits for who-am-I), so the console
    // never asks for the organizations and the form says why it has none.
    console.wait_for("the caller listed", |s| {
        s.contains("me: all users (1)") && s.contains("jane.doe@acme-ltd.com")
    });
    console.send("e");
    console.wait_for_text("unknown (your role (customer) may not list");
    let row = filter_the_organization_then_rename(&mut console, "zzz");
    let fields = the_one_write_sent(&console);
    assert_eq!(fields.keys().collect::<Vec<_>>(), ["name"], "{fields:?}");
    assert_eq!(fields["name"], "JaneV");
    assert!(row.contains("unknown (your role"), "{row}");
    assert!(row.contains(r#"(no match for "zzz")"#), "{row}");
}
