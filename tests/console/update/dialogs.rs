//! Confirmation dialogs (suspend, delete, revoke, resend) and read-only tenants.

use super::*;

// ---------------------------------------------------------------- dialogs

#[test]
fn suspend_dialog_starts_on_cancel_and_enter_there_sends_nothing() {
    let mut console = Console::orgs();
    let before = console.sent_count();
    console.ch('s');
    let dialog = console.dialog();
    assert!(!dialog.confirm_focused, "focus starts on Cancel");
    assert_eq!(dialog.title, "Suspend Acme Ltd?");
    console.press(KeyCode::Enter);
    assert!(console.app.overlay.is_none());
    assert_eq!(console.sent_count(), before);

    console.ch('s');
    console.press(KeyCode::Tab);
    assert!(console.dialog().confirm_focused);
    console.press(KeyCode::Enter);
    assert!(console.app.overlay.is_none());
    assert_eq!(
        sent_since(&console, before),
        [ops::suspend_org("co-acme-01")]
    );
    assert_eq!(
        console.app.notice.as_ref().unwrap().text,
        "Suspend Acme Ltd…"
    );

    let id = console.last_sent().id;
    let before = console.sent_count();
    let mut suspended = seed_tenant("acme").orgs[0].clone();
    ops::set_org_status(&mut suspended, "suspended");
    console.answer(id, Ok(Reply::Node(suspended)));
    assert_eq!(
        console.app.notice.as_ref().unwrap().text,
        "Suspended Acme Ltd"
    );
    assert_eq!(reads(&sent_since(&console, before)), (1, 1), "it reloads");
}

#[test]
fn suspend_dialog_closes_on_esc_and_n_and_y_moves_to_confirm() {
    let mut console = Console::orgs();
    let before = console.sent_count();
    console.ch('s');
    console.press(KeyCode::Esc);
    assert!(console.app.overlay.is_none());
    console.ch('s');
    console.ch('n');
    assert!(console.app.overlay.is_none());
    console.ch('s');
    console.ch('y');
    assert!(console.dialog().confirm_focused);
    console.press(KeyCode::Left);
    assert!(!console.dialog().confirm_focused);
    console.press(KeyCode::Esc);
    assert_eq!(console.sent_count(), before);
}

#[test]
fn a_suspended_organization_is_offered_reactivation() {
    let mut console = Console::orgs();
    console.select_org("Vandelay Imports");
    console.ch('s');
    console.press(KeyCode::Tab);
    console.press(KeyCode::Enter);
    assert_eq!(console.last_sent().op, ops::activate_org("co-acme-06"));
}

#[test]
fn delete_dialog_refuses_enter_until_the_exact_name_is_typed() {
    let mut console = Console::orgs();
    console.select_org("Initech");
    let before = console.sent_count();
    console.ch('d');
    assert_eq!(
        console.dialog().type_to_confirm,
        Some(("Initech".into(), "".into()))
    );
    console.press(KeyCode::Tab);
    console.press(KeyCode::Enter);
    assert!(matches!(console.app.overlay, Some(Overlay::Dialog(_))));
    console.type_text("initech");
    console.press(KeyCode::Enter);
    assert!(
        matches!(console.app.overlay, Some(Overlay::Dialog(_))),
        "case matters"
    );
    console.type_text(" ");
    for _ in 0.."initech ".len() {
        console.press(KeyCode::Backspace);
    }
    console.type_text("Initec");
    console.press(KeyCode::Enter);
    assert!(matches!(console.app.overlay, Some(Overlay::Dialog(_))));
    assert_eq!(console.sent_count(), before, "nothing was sent yet");
    console.ch('h');
    assert!(console.dialog().can_confirm());
    console.press(KeyCode::Enter);
    assert!(console.app.overlay.is_none());
    assert_eq!(
        sent_since(&console, before),
        [ops::delete_org("co-acme-03")]
    );
}

#[test]
fn revoke_is_for_pending_invites_only() {
    let mut console = Console::orgs();
    console.press(KeyCode::Enter);
    let before = console.sent_count();
    console.ch('d');
    assert!(console.app.overlay.is_none());
    let notice = console.app.notice.clone().unwrap();
    assert_eq!(notice.kind, NoticeKind::Error);
    assert!(notice.text.contains("not pending"), "{}", notice.text);
    console.press(KeyCode::Tab);
    console.ch('d');
    console.press(KeyCode::Tab);
    console.press(KeyCode::Enter);
    assert_eq!(
        sent_since(&console, before),
        [ops::revoke_in(
            ops::invites_tab("co-acme-01"),
            "lucas.ferreira@acme-ltd.com"
        )]
    );
}

#[test]
fn resend_sends_at_once_for_a_pending_invite() {
    let mut console = Console::orgs();
    console.press(KeyCode::Enter);
    console.press(KeyCode::Tab);
    console.ch('j');
    let before = console.sent_count();
    console.ch('R');
    assert_eq!(
        sent_since(&console, before),
        [ops::resend_in(
            ops::invites_tab("co-acme-01"),
            "aisha.karimi@acme-ltd.com"
        )]
    );
    let id = console.last_sent().id;
    console.answer(id, Err(timeout()));
    let notice = console.app.notice.clone().unwrap();
    assert_eq!(notice.kind, NoticeKind::Error);
    assert_eq!(notice.text, "no answer within 10s");
}

// ---------------------------------------------------------------- read-only

#[test]
fn a_read_only_tenant_refuses_changes_and_says_why() {
    let mut console = Console::orgs_with(true, false);
    let before = console.sent_count();
    for c in ['n', 'e', 's', 'd'] {
        console.app.notice = None;
        console.ch(c);
        assert!(
            console.app.overlay.is_none(),
            "{c} opened {:?}",
            console.app.overlay
        );
        let notice = console
            .app
            .notice
            .clone()
            .unwrap_or_else(|| panic!("{c} left no notice"));
        assert_eq!(notice.kind, NoticeKind::Error);
        assert!(notice.text.contains("read-only"), "{c}: {}", notice.text);
    }
    // On a pending invite too, including resend.
    console.press(KeyCode::Enter);
    console.press(KeyCode::Tab);
    for c in ['n', 'e', 's', 'd', 'R'] {
        console.app.notice = None;
        console.ch(c);
        assert!(console.app.overlay.is_none());
        assert!(
            console
                .app
                .notice
                .as_ref()
                .unwrap()
                .text
                .contains("read-only")
        );
    }
    assert_eq!(console.sent_count(), before);
    for action in [Action::New, Action::Edit, Action::Suspend, Action::Delete] {
        assert!(!console.app.action_available(action), "{action:?}");
    }
    // Reading still works.
    console.ch('r');
    assert_eq!(reads(&sent_since(&console, before)), (1, 1));
}
