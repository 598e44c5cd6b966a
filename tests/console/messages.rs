//! `:messages` (every notice of the run, whole, newest first, with the request id
//! of the answer behind it), `:requests` (every call the clients made) and the
//! tenants pane telling a server that is down from a rejected token and from a
//! role too narrow. Update logic and snapshots at 80x24 and 200x50.

use std::time::Duration;

use crossterm::event::KeyCode;
use orgdeck::api::client::{CallOutcome, Called, ClientEvent, RequestId};
use orgdeck::api::error::ApiError;
use orgdeck::api::model::{Capability, Reply, Target, Verb};
use orgdeck::app::logbook::LOG_CAP;
use orgdeck::app::screens::Screen;
use orgdeck::app::{Msg, NoticeKind};

use crate::support::console::{Console, rejected, seed_tenant};
use crate::support::ops;

const SIZES: [(u16, u16); 2] = [(80, 24), (200, 50)];

fn snap(name: &str, console: &mut Console) {
    for (width, height) in SIZES {
        let screen = console.screen(width, height);
        insta::assert_snapshot!(format!("{name}_{width}x{height}"), screen);
    }
}

/// Every log entry stamped at the same instant, whatever the machine's clock.
fn pinned(console: &mut Console) {
    console.app.wall_clock = || "2026-12-02T01:02:03Z".parse().expect("a timestamp");
}

fn call(id: Option<RequestId>, method: &str, target: &str, outcome: CallOutcome) -> Called {
    Called {
        id,
        method: method.into(),
        target: target.into(),
        outcome,
        took: Duration::from_millis(12),
        request_id: id.map(|id| format!("req-{id}")),
        bytes: 2_345,
    }
}

fn report(console: &mut Console, tenant: usize, called: Called) -> bool {
    console.send(Msg::Client {
        tenant,
        event: Box::new(ClientEvent::Called(Box::new(called))),
    })
}

fn texts(console: &Console) -> Vec<String> {
    console
        .app
        .messages
        .iter_newest()
        .map(|m| m.text.clone())
        .collect()
}

/// Suspends the selected organization and answers with `result`, its call
/// reported first as the client reports it.
fn suspend_answered(console: &mut Console, result: Result<Reply, ApiError>) -> RequestId {
    console.ch('s');
    console.press(KeyCode::Tab);
    console.press(KeyCode::Enter);
    let id = console.last_sent().id;
    let status = match &result {
        Ok(_) => 200,
        Err(err) => err.status().unwrap_or(0),
    };
    let target = "/customer-organizations/co-acme-01";
    report(
        console,
        0,
        call(Some(id), "PATCH", target, CallOutcome::Status(status)),
    );
    // The read that checks the write after it: not what names the answer.
    let mut read_back = call(Some(id), "GET", target, CallOutcome::Status(200));
    read_back.request_id = Some("read-back".into());
    report(console, 0, read_back);
    console.answer(id, result);
    id
}

fn with_notices() -> Console {
    with_notices_refused().0
}

/// acme's organizations, one suspended, one refused with a long reason (the
/// refused request's id).
fn with_notices_refused() -> (Console, RequestId) {
    let mut console = Console::orgs();
    pinned(&mut console);
    let mut suspended = seed_tenant("acme").orgs[0].clone();
    ops::set_org_status(&mut suspended, "suspended");
    suspend_answered(&mut console, Ok(Reply::Node(suspended)));
    console.press(KeyCode::Char('j'));
    let refusal = rejected(
        403,
        r#"{"title":"Forbidden","status":403,"detail":"agents may not suspend customer organizations; only an admin of tenant acme may, and only while no invoice of the organization is still open"}"#,
    );
    let refused = suspend_answered(&mut console, Err(refusal));
    (console, refused)
}

#[test]
fn notices_are_kept_whole_newest_first_with_the_request_id_of_their_answer() {
    let (console, refused) = with_notices_refused();
    let texts = texts(&console);
    assert_eq!(texts.len(), 4, "{texts:?}");
    assert!(texts[0].contains("agents may not suspend"), "{texts:?}");
    assert_eq!(texts[1], "Suspend Northwind Traders…");
    assert_eq!(texts[2], "Suspended Acme Ltd");
    assert_eq!(texts[3], "Suspend Acme Ltd…");
    let newest: Vec<_> = console.app.messages.iter_newest().collect();
    assert_eq!(newest[0].kind, NoticeKind::Error);
    assert!(
        newest[0].hint.is_some(),
        "the hint is kept: {:?}",
        newest[0]
    );
    assert_eq!(newest[0].tenant.as_deref(), Some("acme"));
    assert_eq!(newest[0].request_id, Some(format!("req-{refused}")));
    let write_id = newest[2].request_id.as_deref();
    assert!(
        write_id.is_some_and(|id| id.starts_with("req-")),
        "the write's own: {:?}",
        newest[2]
    );
    assert_eq!(newest[1].request_id, None, "said before any answer");
    assert_eq!(newest[3].tenant, None);
}

#[test]
fn a_refusal_quoting_its_request_id_is_logged_with_that_id() {
    let mut console = Console::orgs();
    console.ch('s');
    console.press(KeyCode::Tab);
    console.press(KeyCode::Enter);
    let id = console.last_sent().id;
    let refusal = match rejected(409, r#"{"title":"Conflict","status":409}"#) {
        ApiError::Rejected(problem) => {
            ApiError::Rejected(Box::new(problem.with_request_id(Some("srv-9".into()))))
        }
        other => other,
    };
    console.answer(id, Err(refusal));
    let newest = console.app.messages.newest(0).expect("logged");
    assert_eq!(newest.request_id.as_deref(), Some("srv-9"));
}

#[test]
fn the_log_keeps_the_latest_thousand() {
    let mut console = Console::tenants();
    for n in 0..LOG_CAP + 5 {
        console.command(&format!("zz{n}"));
    }
    assert_eq!(console.app.messages.len(), LOG_CAP);
    let newest = &console.app.messages.newest(0).unwrap().text;
    assert!(newest.contains(&format!("zz{}", LOG_CAP + 4)), "{newest}");
    let oldest = &console.app.messages.newest(LOG_CAP - 1).unwrap().text;
    assert!(oldest.contains("zz5"), "{oldest}");
}

#[test]
fn messages_opens_once_filters_and_esc_returns() {
    let mut console = with_notices();
    let depth = console.app.stack.len();
    console.command("messages");
    assert_eq!(*console.app.screen(), Screen::Messages);
    assert_eq!(console.app.level().rows.len(), 4);
    assert_eq!(console.app.level().selected, 0, "on the newest");
    console.command("messages");
    assert_eq!(
        console.app.stack.len(),
        depth + 1,
        "the same screen, not another"
    );
    console.ch('/');
    console.type_text("suspended");
    console.press(KeyCode::Enter);
    let rows = console.app.level().rows.clone();
    assert_eq!(rows.len(), 1, "only 'Suspended Acme Ltd': {rows:?}");
    assert_eq!(
        console.app.messages.newest(rows[0]).unwrap().text,
        "Suspended Acme Ltd"
    );
    console.press(KeyCode::Esc);
    assert_eq!(console.app.level().rows.len(), 4, "Esc clears the filter");
    console.press(KeyCode::Esc);
    assert_eq!(console.app.stack.len(), depth);
    assert!(matches!(console.app.screen(), Screen::Nodes { .. }));
}

#[test]
fn a_notice_arriving_leaves_the_cursor_on_its_message() {
    let mut console = with_notices();
    console.command("messages");
    console.press(KeyCode::Char('j'));
    console.press(KeyCode::Char('j'));
    let before = console.app.level().selected_row().unwrap();
    let text = console.app.messages.newest(before).unwrap().text.clone();
    console.send(Msg::Client {
        tenant: 0,
        event: Box::new(ClientEvent::CapabilityLost {
            capability: Capability::new(Verb::Decide, Target::Approvals),
            reason: "PATCH answered 501".into(),
        }),
    });
    assert_eq!(console.app.level().rows.len(), 5);
    let after = console.app.level().selected_row().unwrap();
    assert_eq!(console.app.messages.newest(after).unwrap().text, text);
}

#[test]
fn messages_screen_wraps_each_notice_whole() {
    let mut console = with_notices();
    console.command("messages");
    console.app.notice = None;
    let screen = console.screen(80, 24);
    assert!(screen.contains("only while no invoice"), "{screen}");
    snap("messages", &mut console);
}

#[test]
fn a_notice_cut_in_the_status_line_says_where_it_is_whole() {
    let mut console = with_notices();
    let screen = console.screen(80, 24);
    assert!(screen.contains("… (:messages)"), "{screen}");
}

/// Three calls of acme's: a read, a refusal and a connection refused.
fn with_calls() -> Console {
    let mut console = Console::orgs();
    pinned(&mut console);
    let calls = [
        call(Some(3), "GET", "/me", CallOutcome::Status(200)),
        call(
            Some(4),
            "GET",
            "/customer-organizations?status=active&access_token=[redacted]",
            CallOutcome::Status(403),
        ),
        call(
            None,
            "GET",
            "/users",
            CallOutcome::Failed("could not connect to acme.example: connection refused".into()),
        ),
    ];
    for called in calls {
        let redraw = report(&mut console, 0, called);
        assert!(!redraw, "calls off screen draw nothing");
    }
    console
}

#[test]
fn requests_lists_every_call_newest_first_and_filters() {
    let mut console = with_calls();
    console.command("requests");
    assert_eq!(*console.app.screen(), Screen::Requests);
    assert_eq!(console.app.level().rows.len(), 3);
    let newest = console.app.calls.newest(0).unwrap();
    assert_eq!(newest.called.target, "/users");
    assert!(
        report(
            &mut console,
            0,
            call(Some(9), "GET", "/me", CallOutcome::Status(304))
        ),
        "a call on screen is drawn"
    );
    assert_eq!(console.app.level().rows.len(), 4);
    console.ch('/');
    console.type_text("403");
    assert_eq!(console.app.level().rows.len(), 1);
    console.press(KeyCode::Esc);
    console.press(KeyCode::Esc);
    assert!(matches!(console.app.screen(), Screen::Nodes { .. }));
}

#[test]
fn requests_screen() {
    let mut console = with_calls();
    console.command("requests");
    console.press(KeyCode::Char('j'));
    let screen = console.screen(80, 24);
    assert!(screen.contains("access_token=[redacted]"), "{screen}");
    snap("requests", &mut console);
}

#[test]
fn the_tenants_pane_tells_down_from_rejected_from_narrow() {
    let mut console = Console::with_profiles(
        &[
            ("acme", false),
            ("initech-eu", false),
            ("globex", false),
            ("acme-agent", false),
        ],
        false,
    );
    let token = rejected(
        401,
        r#"{"title":"Unauthorized","status":401,"detail":"invalid token"}"#,
    );
    let role = rejected(
        403,
        r#"{"title":"Forbidden","status":403,"detail":"customers may not read /me"}"#,
    );
    console.whoami_fails.insert(2, token);
    console.whoami_fails.insert(3, role);
    console.answer_reads();
    let health: Vec<String> = console
        .app
        .tenants
        .iter()
        .map(|t| t.health().text())
        .collect();
    assert_eq!(health[1], "server down (connection refused)");
    assert!(health[2].starts_with("token rejected (401"), "{health:?}");
    assert!(health[3].starts_with("role too narrow (403"), "{health:?}");
    console.press(KeyCode::Char('j'));
    let down = console.screen(80, 24);
    assert!(down.contains("server down"), "{down}");
    assert!(down.contains("base_url"), "the hint: {down}");
    snap("tenants_health_down", &mut console);
    console.press(KeyCode::Char('j'));
    let screen = console.screen(80, 24);
    assert!(screen.contains("token rejected (401"), "{screen}");
    assert!(screen.contains("profile's token"), "the hint: {screen}");
    console.press(KeyCode::Char('j'));
    let screen = console.screen(80, 24);
    assert!(screen.contains("role too narrow (403"), "{screen}");
    assert!(screen.contains("wider role"), "the hint: {screen}");
    snap("tenants_health_narrow", &mut console);
}
