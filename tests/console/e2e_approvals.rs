//! End-to-end tests of the approvals queue: two real `orgdeck` consoles in PTYs, one
//! `orgdeck sandbox --backend bitgo` process between them, each console on a
//! profile of its own (two admins of Northwind CaaS). What one admin asks for on an
//! enterprise that requires two approvals waits, marked as theirs, until the other
//! admin decides it; the first admin then sees the outcome on reading the users again.

use crate::support::e2e::*;

const ADMIN: &str = "bitgo-northwind-admin";
const ADMIN2: &str = "bitgo-northwind-admin2";
/// Enterprises of the shipped seed that ask for two approvals (`approvalsRequired`).
const DMITRI: &str = "Dmitri Volkov";
const MAYA: &str = "Maya Chen";
/// A member of Maya Chen's enterprise in the seed (not an admin there), and her id:
/// BitGo's answer to a held removal names the user by id only.
const MIRA: &str = "mira.novak@northwind-caas.example";
const MIRA_ID: &str = "6e359fff87f142a83af6c8dc4418b494";

fn console(name: &str, base_url: &str, token: &str) -> Console {
    let config = format!(
        "[profiles.nw]\nbackend = \"bitgo\"\nbase_url = \"{base_url}\"\ntoken_env = \"ORGDECK_E2E_TOKEN\"\ntimeout_ms = 20000\n"
    );
    let options = Options::sandbox()
        .config(config)
        .env("ORGDECK_E2E_TOKEN", token);
    Console::with_options(name, options)
}

/// From the tenants list into Northwind CaaS's enterprises (the list itself, not the
/// tenants pane's "you are admin in Northwind CaaS").
fn open_organization(console: &mut Console) {
    console.wait_for("the tenant reachable", |s| {
        s.contains("admin") && s.contains(" ms")
    });
    console.send(ENTER);
    console.wait_for_text("organizations (1)");
}

/// The users tab of enterprise `name`, found with the filter.
fn open_users(console: &mut Console, name: &str) {
    open_organization(console);
    console.send(ENTER);
    console.wait_for_text("enterprises (30)");
    console.send("/");
    console.send(name);
    console.send(ENTER);
    console.wait_for_text("enterprises (1) matching");
    console.send(ENTER);
    console.wait_for_text(&format!("{name}: [Users]"));
}

/// `:approvals`, narrowed with `/` to the one change that names `text`.
fn queue_narrowed_to(console: &mut Console, text: &str) {
    console.send(":approvals");
    console.send(ENTER);
    console.wait_for_text("pending approvals (");
    console.send("/");
    console.send(text);
    console.send(ENTER);
    console.wait_for("one change in the queue", |s| {
        status_line(s).contains("1 match") && s.contains("pending approvals (1) matching")
    });
}

/// The id on the first "approval …" line under the awaiting row that names
/// `change` (the change may wrap onto lines of its own first).
fn awaiting_id(screen: &str, change: &str) -> Option<String> {
    let row = format!("⧗ awaiting approval by another admin: {change}");
    let at = line_of(screen, &row)?;
    let id = screen
        .split('\n')
        .skip(at + 1)
        .find_map(|line| line.trim().strip_prefix("approval "))?;
    (id.len() == 32).then(|| id.to_owned())
}

/// Waits for the awaiting row naming `change`, its id drawn under it; the id.
fn wait_awaiting(console: &mut Console, change: &str) -> (String, String) {
    let screen = console.wait_for("the awaiting row and its approval id", |s| {
        awaiting_id(s, change).is_some()
    });
    let id = awaiting_id(&screen, change).unwrap_or_default();
    (screen, id)
}

/// B finds the change with the filter `find`, checks it is the one A was shown
/// (`id`), and decides it with `key` (`a` or `X`), confirming the dialog whose title
/// starts with `title`.
fn decide_as_other_admin(b: &mut Console, find: &str, id: &str, key: &str, title: &str) {
    open_organization(b);
    queue_narrowed_to(b, find);
    let row = selected_row(&b.screen()).unwrap_or_default().to_owned();
    assert!(!row.contains(" you "), "not B's own: {row}");
    b.send("i");
    b.wait_for_text(&format!("id  {id}"));
    b.esc();
    b.wait_for_text("pending approvals (1) matching");
    b.send(key);
    b.wait_for_text(title);
    b.send(TAB);
    b.send(ENTER);
    b.wait_for("the change left B's queue", |s| {
        s.contains("pending approvals (0) matching") && s.contains("nothing matches")
    });
}

/// `r` on the users list, waited for until it lists `user` and nothing awaits.
fn reload_users(a: &mut Console, enterprise: &str, user: &str) -> String {
    a.wait_for_text(&format!("{enterprise}: [Users]"));
    a.send("r");
    a.wait_for("the users read again, nothing awaiting", |s| {
        s.contains(&format!("{enterprise}: [Users]"))
            && !s.contains("⧗")
            && !s.contains("loading")
            && body(s).iter().any(|l| l.contains(user))
    })
}

#[test]
fn an_add_asked_by_one_admin_and_approved_by_the_other_lists_the_user() {
    let sandbox = start_sandbox(&["--backend", "bitgo"]);
    let mut a = console("approvals-add-a", &sandbox.base_url, ADMIN);
    let mut b = console("approvals-add-b", &sandbox.base_url, ADMIN2);
    let email = "pia.berg@kiwi.example";
    let change = format!("add {email} (auditor) on {DMITRI}");

    open_users(&mut a, DMITRI);
    a.wait_for_text(&format!("{DMITRI}: [Users] (2)"));
    a.send("n");
    a.wait_for_text("Add user");
    a.send(email);
    a.send(TAB);
    // Permission: admin → auditor.
    a.send(RIGHT);
    a.wait_for_text("(auditor)");
    a.send(ENTER);
    let (screen, id) = wait_awaiting(&mut a, &format!("add {email}"));
    assert!(
        status_line(&screen).contains("sent for approval"),
        "{screen}"
    );
    assert!(
        !body(&screen)
            .iter()
            .any(|l| l.starts_with(&format!("  {email}")))
    );

    // A's own request: marked so, and `a` says why it will not approve it.
    queue_narrowed_to(&mut a, email);
    let row = selected_row(&a.screen()).unwrap_or_default().to_owned();
    assert!(row.contains(" you "), "{row}");
    a.send("a");
    let screen = a.wait_for_text("you asked for this change: another admin must approve it");
    assert!(!screen.contains("approve: "), "no dialog:\n{screen}");

    // The dialog's title is cut at 80 columns; its body holds the change whole.
    let title = format!("approve: add {email} (auditor)");
    decide_as_other_admin(&mut b, email, &id, "a", &title);
    b.wait_for_text(&format!("Approved: {change}"));

    // Back from the queue (Esc clears the filter first) to the users it came from.
    a.esc();
    a.wait_for("the filter cleared", |s| {
        s.contains("pending approvals (") && !s.contains("matching")
    });
    a.esc();
    let screen = reload_users(&mut a, DMITRI, email);
    assert!(
        screen.contains(&format!("{DMITRI}: [Users] (3)")),
        "{screen}"
    );
    assert!(
        body(&screen).iter().any(|l| l.contains(email)),
        "the user is listed:\n{screen}"
    );
    assert!(!screen.contains(&id), "no awaiting row:\n{screen}");
}

#[test]
fn a_remove_asked_by_one_admin_and_rejected_by_the_other_keeps_the_user() {
    let sandbox = start_sandbox(&["--backend", "bitgo"]);
    let mut a = console("approvals-remove-a", &sandbox.base_url, ADMIN);
    let mut b = console("approvals-remove-b", &sandbox.base_url, ADMIN2);

    open_users(&mut a, MAYA);
    a.wait_for_text(&format!("{MAYA}: [Users] (3)"));
    for _ in 0..3 {
        if selected_row(&a.screen()).is_some_and(|r| r.contains(MIRA)) {
            break;
        }
        let before = selected_row(&a.screen()).unwrap_or_default().to_owned();
        a.send("j");
        a.wait_for("the cursor moved", |s| {
            selected_row(s).is_some_and(|r| r != before)
        });
    }
    a.send("d");
    a.wait_for_text(&format!("Remove {MIRA} from {MAYA}?"));
    a.send(TAB);
    a.send(ENTER);
    // Named by the email sent (the server's answer names her by id only).
    let (_, id) = wait_awaiting(&mut a, &format!("remove {MIRA}"));

    // Found by its id: the queue names the user by id too.
    let removal = format!("remove user {MIRA_ID}");
    decide_as_other_admin(&mut b, &id, &id, "X", &format!("reject: {removal}"));
    b.wait_for_text(&format!("Rejected: {removal}"));

    let screen = reload_users(&mut a, MAYA, MIRA);
    assert!(screen.contains(&format!("{MAYA}: [Users] (3)")), "{screen}");
    assert!(
        body(&screen).iter().any(|l| l.contains(MIRA)),
        "still listed:\n{screen}"
    );
    assert!(!screen.contains(&id), "no awaiting row:\n{screen}");
}
