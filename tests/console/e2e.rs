//! End-to-end tests of the console: the real `orgdeck` binary in an 80x24
//! pseudo-terminal, driven with keys and read back through a terminal emulator.
//!
//! Most tests run on the embedded sandbox (no profiles: demo tenants acme, acme-agent,
//! globex), each in a console process of its own, so they share no data. Waits are for
//! screen states, never fixed sleeps; the one timing bound (scenario 5) is generous.

use crate::support::e2e::*;
use crate::support::fake_servers::Gate;

/// The first organization of tenant acme in the shipped seed, and its pending invites.
const ACME_LTD: &str = "Acme Ltd";
const ACME_LTD_PENDING: [&str; 2] = crate::support::PENDING_ACME;
/// Who the admin token of tenant acme is (the start of the email: the column is narrow).
const ADMIN_NAME: &str = "margaret.okafor";

/// Opens tenant acme (first row of the tenants list) and waits for its organizations.
fn open_acme(console: &mut Console) {
    console.wait_for("tenant acme selected", |s| {
        selected_row(s).is_some_and(|row| row.contains("acme") && !row.contains("acme-agent"))
    });
    console.send(ENTER);
    console.wait_for("acme's organizations", |s| {
        s.contains("acme: customer organizations (") && s.contains(ACME_LTD)
    });
}

/// Narrows the current list to `text` with the filter and waits until the cursor is on
/// the one row that matches.
fn select(console: &mut Console, text: &str) {
    console.send("/");
    console.wait_for("the filter prompt", |s| status_line(s).starts_with('/'));
    console.send(text);
    console.send(ENTER);
    let what = format!("{text:?} selected by the filter");
    console.wait_for(&what, |s| {
        status_line(s).contains("1 match") && selected_row(s).is_some_and(|row| row.contains(text))
    });
}

/// Moves the list cursor down (j) until it is on the row with `text`, without a
/// filter (a filter takes the status line, where notices are shown).
fn move_to(console: &mut Console, text: &str) {
    let what = format!("the row with {text:?}");
    let mut screen = console.wait_for(&what, |s| listed(s, text) && selected_row(s).is_some());
    for _ in 0..ROWS {
        let current = selected_row(&screen).unwrap_or_default().to_owned();
        if current.contains(text) {
            return;
        }
        console.send("j");
        screen = console.wait_for("the cursor to move down", |s| {
            selected_row(s).is_some_and(|row| row != current)
        });
    }
    panic!("the cursor never reached {what}\n{}", console.describe());
}

/// Opens organization Acme Ltd of tenant acme (members tab).
fn open_acme_ltd(console: &mut Console) {
    open_acme(console);
    select(console, ACME_LTD);
    console.send(ENTER);
    console.wait_for("Acme Ltd's members", |s| {
        s.contains("Acme Ltd: [Members]") && s.contains("EMAIL")
    });
}

/// Fills email, name and last name of the open invite form (focus on Email).
fn fill_person(console: &mut Console, email: &str, name: &str, last: &str) {
    console.wait_for_text("Invite user");
    console.send(email);
    console.wait_for_text(email);
    console.send(TAB);
    console.send(name);
    console.send(TAB);
    console.send(last);
    let what = format!("{email}, {name} and {last} in the form");
    console.wait_for(&what, |s| {
        s.contains(email) && s.contains(name) && s.contains(last)
    });
}

/// From Acme Ltd's members, invites a customer and waits for the confirmation.
fn invite_customer(console: &mut Console, email: &str) {
    console.send("n");
    fill_person(console, email, "Erin", "Tester");
    console.send(ENTER);
    let done = format!("Invited {email}");
    console.wait_for(&done, |s| {
        !s.contains("Invite user") && status_line(s).contains(&done)
    });
}

/// Whether `text` is in one of the list rows (not the header, status or footer).
fn listed(screen: &str, text: &str) -> bool {
    body(screen).iter().any(|line| line.contains(text))
}

// ---- 1 ---------------------------------------------------------------------------------

#[test]
fn six_domains_are_refused_in_place_and_five_are_created() {
    let mut console = Console::sandbox("six-domains");
    open_acme(&mut console);
    console.send("n");
    console.wait_for_text("New organization");

    let name = "Sixfold Holdings";
    let domains = [
        "sixfold-one.example",
        "sixfold-two.example",
        "sixfold-three.example",
        "sixfold-four.example",
        "sixfold-five.example",
        "sixfold-six.example",
    ];
    console.send(name);
    console.send(TAB);
    for domain in &domains[..5] {
        console.send(domain);
        console.send(ENTER);
    }
    console.wait_for("five domain entries", |s| {
        s.contains("(full)") && domains[..5].iter().all(|d| s.contains(&format!("• {d}")))
    });
    // The sixth: typed on the entry line, then Enter tries to add it.
    console.send(domains[5]);
    console.send(ENTER);
    let screen = console.wait_for("the error under Domains", |s| s.contains("✗ at most 5"));

    // The error sits under the Domains field (after its entries, before External ref),
    // and everything typed is still there: five entries and the sixth on the entry line.
    let lines: Vec<&str> = screen.split('\n').collect();
    let label = line_of(&screen, "Domains").expect("the Domains label");
    let error = line_of(&screen, "✗ at most 5").expect("the error");
    let next = line_of(&screen, "External ref").expect("the next field");
    assert!(
        label < error && error < next,
        "the error is not under Domains:\n{screen}"
    );
    for domain in &domains[..5] {
        assert!(
            lines[label..error]
                .iter()
                .any(|l| l.contains(&format!("• {domain}"))),
            "{domain} is not an entry any more:\n{screen}"
        );
    }
    assert!(
        lines[label..error]
            .iter()
            .any(|l| l.contains(domains[5]) && !l.contains("• ")),
        "the sixth domain is not on the entry line:\n{screen}"
    );
    assert!(screen.contains(name), "the name was lost:\n{screen}");
    assert!(
        !status_line(&screen).contains("Created"),
        "nothing may be created with six domains:\n{screen}"
    );

    // Submitting as it is (ctrl-s submits from any field) is refused the same way,
    // under Domains, and still keeps all six.
    console.send(CTRL_S);
    let screen = console.wait_for("the submit refused", |s| {
        s.contains("Fix the marked fields.") && s.contains("(this has 6)")
    });
    let error = line_of(&screen, "(this has 6)").expect("the error");
    let next = line_of(&screen, "External ref").expect("the next field");
    let label = line_of(&screen, "Domains").expect("the Domains label");
    assert!(
        label < error && error < next,
        "the error is not under Domains:\n{screen}"
    );
    for domain in domains {
        assert!(screen.contains(domain), "{domain} was lost:\n{screen}");
    }
    assert!(
        !status_line(&screen).contains("Created"),
        "nothing may be created with six domains:\n{screen}"
    );

    // Remove the fifth entry (Up from the entry line, Backspace), then add the sixth
    // (Enter) and submit (Enter on the empty entry line).
    console.send(UP);
    console.wait_for("the cursor on the last entry", |s| {
        s.contains(&format!("› {}", domains[4]))
    });
    console.send(BACKSPACE);
    console.wait_for("the fifth entry removed, the error gone", |s| {
        !s.contains(domains[4]) && !s.contains("✗") && s.contains(domains[5])
    });
    console.send(ENTER);
    console.wait_for("the sixth domain added as an entry", |s| {
        s.contains(&format!("• {}", domains[5])) && s.contains("(full)")
    });
    console.send(ENTER);

    let created = format!("Created {name}");
    console.wait_for("the organization in the list", |s| {
        !s.contains("New organization")
            && status_line(s).contains(&created)
            && listed(s, name)
            && s.contains("acme: customer organizations (13)")
    });

    // It holds the five domains that were kept, not the removed one.
    select(&mut console, name);
    console.send("i");
    let screen = console.wait_for("the new organization's details", |s| {
        s.contains("Details") && s.contains("domains")
    });
    let details = screen.replace('\n', " ");
    for domain in [domains[0], domains[1], domains[2], domains[3], domains[5]] {
        assert!(details.contains(domain), "{domain} is missing:\n{screen}");
    }
    assert!(
        !details.contains(domains[4]),
        "the removed domain was saved:\n{screen}"
    );
}

// ---- 2 ---------------------------------------------------------------------------------

#[test]
fn inviting_an_agent_without_an_agent_type_is_stopped_under_the_field() {
    let mut console = Console::sandbox("agent-type");
    open_acme_ltd(&mut console);
    console.send("n");
    let email = "new.agent@acme-support.example";
    fill_person(&mut console, email, "Avery", "Quinn");
    console.send(TAB);
    console.wait_for("focus on Type", |s| s.contains("› Type"));
    console.send(RIGHT);
    console.wait_for("agent chosen, Agent type shown", |s| {
        s.contains("(agent)") && s.contains("Agent type")
    });
    console.send(ENTER);
    let screen = console.wait_for("the error under Agent type", |s| {
        s.contains("✗ required for an agent")
    });
    let label = line_of(&screen, "Agent type").expect("the Agent type label");
    let error = line_of(&screen, "✗ required for an agent").expect("the error");
    assert_eq!(
        error,
        label + 1,
        "the error is not right under Agent type:\n{screen}"
    );
    assert!(
        screen.contains("Fix the marked fields."),
        "no summary:\n{screen}"
    );
    assert!(
        screen.contains(email) && screen.contains("Avery") && screen.contains("Quinn"),
        "typed values were lost:\n{screen}"
    );
    assert!(
        !status_line(&screen).contains("Invited"),
        "the invite was sent:\n{screen}"
    );
}

// ---- 3 ---------------------------------------------------------------------------------

#[test]
fn an_invited_customer_is_listed_under_pending_invites() {
    let mut console = Console::sandbox("invite");
    open_acme_ltd(&mut console);
    let email = "erin.tester@acme-ltd.com";
    invite_customer(&mut console, email);
    console.send(TAB);
    let screen = console.wait_for("the new invite among the pending invites", |s| {
        s.contains("Members [Pending invites]") && listed(s, email)
    });
    for other in ACME_LTD_PENDING {
        assert!(listed(&screen, other), "{other} is missing:\n{screen}");
    }
    let row = body(&screen)
        .into_iter()
        .find(|l| l.contains(email))
        .unwrap_or_default();
    assert!(row.contains("pending"), "not pending: {row:?}\n{screen}");
}

// ---- 4 ---------------------------------------------------------------------------------

#[test]
fn a_revoked_invite_is_gone_after_confirming() {
    let mut console = Console::sandbox("revoke");
    open_acme_ltd(&mut console);
    let email = "revoke.me@acme-ltd.com";
    invite_customer(&mut console, email);
    console.send(TAB);
    console.wait_for("the new invite listed", |s| {
        s.contains("[Pending invites]") && listed(s, email)
    });
    move_to(&mut console, email);

    console.send("d");
    let title = format!("Revoke the invite of {email}?");
    console.wait_for("the revoke dialog", |s| {
        s.contains(&title) && s.contains("› [ Cancel ]")
    });
    console.send(TAB);
    console.wait_for("focus on Revoke", |s| s.contains("› [ Revoke ]"));
    console.send(ENTER);
    let done = format!("Revoked the invite of {email}");
    let screen = console.wait_for("the notice, and the row gone", |s| {
        !s.contains(&title) && status_line(s).contains(&done) && !listed(s, email)
    });
    for other in ACME_LTD_PENDING {
        assert!(listed(&screen, other), "{other} is missing:\n{screen}");
    }
    assert!(
        screen.contains("[Pending invites] (2)"),
        "the count is not back to 2:\n{screen}"
    );
}

// ---- 5 ---------------------------------------------------------------------------------

#[test]
fn keys_are_answered_at_once_while_a_slow_request_is_in_flight() {
    let sandbox = start_sandbox(&["--latency-ms", "3000"]);
    // The gate holds the first request until help has opened and closed again: the
    // keys are handled while it is in flight, however loaded the machine is.
    let gate = Gate::start(&sandbox.base_url);
    let config = format!(
        "[profiles.slow]\nbase_url = \"{}\"\ntoken_env = \"ORGDECK_E2E_TOKEN\"\ntimeout_ms = 10000\n",
        gate.base_url()
    );
    let mut console = Console::spawn(
        "slow",
        Options::sandbox()
            .config(config)
            .env("ORGDECK_E2E_TOKEN", ADMIN),
    );
    console.wait_for("the first request in flight", |s| {
        s.contains("Tenants (") && s.contains("slow") && s.contains("checking…")
    });
    gate.wait("the first request", |arrived, _| !arrived.is_empty());
    console.send("?");
    console.wait_for("the help overlay while the request is in flight", |s| {
        s.contains(" Help ") && s.contains("any key close")
    });
    console.esc();
    console.wait_for("help closed", |s| {
        !s.contains(" Help ") && s.contains("Tenants (")
    });
    gate.open();
    // The slow answer still lands afterwards, and it was slow.
    let screen = console.wait_for("the tenant reachable", |s| {
        !s.contains("checking…") && s.contains(ADMIN_NAME)
    });
    let row = body(&screen)
        .into_iter()
        .find(|line| line.contains("slow"))
        .unwrap_or_default();
    let latency: u64 = row
        .split_whitespace()
        .collect::<Vec<_>>()
        .windows(2)
        .find(|pair| pair[1] == "ms")
        .and_then(|pair| pair[0].parse().ok())
        .unwrap_or_else(|| panic!("no latency in {row:?}\n{screen}"));
    assert!(
        latency >= 2_500,
        "the sandbox answered in {latency} ms: the latency was not applied\n{screen}"
    );
}

// ---- 6 ---------------------------------------------------------------------------------

/// The console's output, from its last switch into the alternate screen, restores the
/// terminal: alternate screen left, cursor shown, bracketed paste off.
fn assert_restored(console: &mut Console) {
    let restored = |raw: &[u8]| {
        let tail = &raw[rfind(raw, ENTER_ALT_SCREEN).unwrap_or(0)..];
        [LEAVE_ALT_SCREEN, SHOW_CURSOR, BRACKETED_PASTE_OFF]
            .iter()
            .all(|seq| rfind(tail, seq).is_some())
    };
    console.wait_for_raw("the terminal restored", WAIT, restored);
    let raw = console.raw();
    assert!(
        rfind(&raw, ENTER_ALT_SCREEN).is_some() && rfind(&raw, BRACKETED_PASTE_ON).is_some(),
        "the console never set the terminal up"
    );
    let left = rfind(&raw, LEAVE_ALT_SCREEN).expect("alternate screen left");
    let entered = rfind(&raw, ENTER_ALT_SCREEN).expect("alternate screen entered");
    assert!(
        left > entered,
        "the last alternate-screen switch is not the way out"
    );
    // The emulator agrees: main screen, cursor visible, bracketed paste off.
    assert_eq!(
        console.modes(),
        (false, false, false),
        "(alternate screen, cursor hidden, bracketed paste) after exit\n{}",
        console.describe()
    );
}

#[test]
fn sighup_mid_form_exits_and_restores_the_terminal() {
    let mut console = Console::sandbox("sighup");
    open_acme(&mut console);
    console.send("n");
    console.wait_for_text("New organization");
    console.send("Half Typed Org");
    console.wait_for_text("Half Typed Org");

    console.signal("HUP");
    let status = console.wait_exit(WAIT);
    console.wait_output_closed(WAIT);
    assert_restored(&mut console);
    assert!(
        status.signal().is_none(),
        "killed by the signal instead of exiting: {status:?}"
    );
}

// ---- 7 ---------------------------------------------------------------------------------

#[test]
fn q_quits_with_status_zero_and_restores_the_terminal() {
    let mut console = Console::sandbox("quit");
    open_acme(&mut console);
    console.send("q");
    let status = console.wait_exit(WAIT);
    console.wait_output_closed(WAIT);
    assert!(status.success(), "exit status {status:?}");
    assert_eq!(status.exit_code(), 0);
    assert_restored(&mut console);
}

// ---- 8 ---------------------------------------------------------------------------------

/// Visits screens that use every style: tenants, organizations (a suspended one), an
/// organization's members and invites, help, a form with an error, a dialog.
fn tour(console: &mut Console) {
    open_acme(console);
    console.wait_for_text("SUSPENDED");
    console.send("?");
    console.wait_for_text(" Help ");
    console.esc();
    console.wait_for_gone(" Help ");
    console.send("n");
    console.wait_for_text("New organization");
    console.send(ENTER);
    console.wait_for_text("Fix the marked fields.");
    console.esc();
    console.wait_for_gone("New organization");
    select(console, ACME_LTD);
    console.send(ENTER);
    console.wait_for_text("Acme Ltd: [Members]");
    console.send(TAB);
    console.wait_for(ACME_LTD_PENDING[0], |s| listed(s, ACME_LTD_PENDING[0]));
    console.send("d");
    console.wait_for_text("Revoke the invite of");
    console.esc();
    console.wait_for_gone("Revoke the invite of");
}

#[test]
fn no_color_output_has_no_colour_codes() {
    let mut console =
        Console::with_options("no-color", Options::default_demo().env("NO_COLOR", "1"));
    tour(&mut console);
    let raw = console.raw();
    let start = rfind(&raw, ENTER_ALT_SCREEN).expect("the alternate screen");
    let colours = colour_codes(&raw[start..]);
    assert!(
        colours.is_empty(),
        "colour codes under NO_COLOR: {colours:?}"
    );
    // Selection still shows without colour.
    assert!(
        raw.windows(4).any(|w| w == b"\x1b[7m"),
        "no reverse video under NO_COLOR"
    );
}

#[test]
fn without_no_color_the_same_tour_is_coloured() {
    // The check above must be able to fail: the same screens in colour trip it.
    let mut console = Console::sandbox("color");
    tour(&mut console);
    let raw = console.raw();
    assert!(
        !colour_codes(&raw).is_empty(),
        "no colour codes found: the detector or the tour is broken"
    );
}

#[test]
fn colour_detector_reads_sgr_parameters() {
    assert!(colour_codes(b"\x1b[39m\x1b[49m\x1b[1m\x1b[0m\x1b[7;1m").is_empty());
    assert_eq!(colour_codes(b"x\x1b[31mred").len(), 1);
    assert_eq!(colour_codes(b"\x1b[1;36m").len(), 1);
    assert_eq!(colour_codes(b"\x1b[38;5;8m").len(), 1);
    assert_eq!(colour_codes(b"\x1b[90m\x1b[43m").len(), 2);
    assert!(colour_codes(b"\x1b[3m\x1b[4m").is_empty());
    assert!(colour_codes(b"\x1b[30;1H").is_empty());
    assert!(colour_codes(b"\x1b[59m").is_empty());
    assert_eq!(colour_codes(b"\x1b[58;5;1m").len(), 1);
}

// ---- found while driving ----------------------------------------------------------------

#[test]
fn the_outcome_of_an_action_in_a_filtered_list_is_shown() {
    let mut console = Console::sandbox("filtered-notice");
    open_acme_ltd(&mut console);
    let email = ACME_LTD_PENDING[1];
    console.send(TAB);
    console.wait_for("the pending invites", |s| listed(s, email));
    select(&mut console, email);
    console.send("d");
    console.wait_for_text("Revoke the invite of");
    console.send(TAB);
    console.wait_for("focus on Revoke", |s| s.contains("› [ Revoke ]"));
    console.send(ENTER);
    console.wait_for("the invite gone from the filtered list", |s| {
        !s.contains("Revoke the invite of") && s.contains("nothing matches")
    });
    let done = format!("Revoked the invite of {email}");
    let what = format!("{done:?} in the status line");
    console.wait_for(&what, |s| status_line(s).contains(&done));
}

// ---- servers that differ from the sandbox ---------------------------------------------

/// A server that asks every caller to come back in 20 s, from a runtime of its own.
fn always_busy_server() -> crate::support::Served {
    use axum::http::{StatusCode, header};
    crate::support::serve(axum::Router::new().fallback(|| async {
        (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, "20")],
            "slow down",
        )
    }))
}

#[test]
fn a_long_wait_the_server_asks_for_counts_down_and_esc_stops_it() {
    let server = always_busy_server();
    let config = format!(
        "[profiles.busy]\nbase_url = \"{}\"\ntoken_env = \"ORGDECK_E2E_TOKEN\"\n",
        server.url
    );
    let mut console = Console::spawn(
        "busy",
        Options::sandbox()
            .config(config)
            .env("ORGDECK_E2E_TOKEN", "any-token"),
    );
    let first = console.wait_for("the countdown", |s| {
        status_line(s).contains("retrying in") && status_line(s).contains("Esc stops waiting")
    });
    // It counts down: a later second shows a smaller number.
    let seconds = |screen: &str| -> u64 {
        let line = status_line(screen);
        let after = &line[line.find("retrying in ").expect("the countdown") + 12..];
        after
            .split(|c: char| !c.is_ascii_digit())
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no seconds in {line:?}"))
    };
    let start = seconds(&first);
    assert!((15..=20).contains(&start), "{first}");
    console.wait_for("the countdown to move", |s| {
        status_line(s).contains("retrying in") && seconds(s) < start
    });
    console.esc();
    let stopped = console.wait_for("the wait stopped", |s| {
        status_line(s).contains("Stopped waiting")
    });
    assert!(!stopped.contains("retrying in"), "{stopped}");
}
