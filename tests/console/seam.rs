//! The console meets a write the server holds for approval (a 202, decoded by a
//! backend into `Reply::Pending`): it says so as an info notice and reloads, as
//! after a write that was done, whether the write came from a form or a dialog.

use crate::support::console::Console;
use crate::support::ops;
use crossterm::event::KeyCode;
use orgdeck::api::model::{Approval, Operation, Reply};
use orgdeck::app::NoticeKind;

fn approval() -> Approval {
    Approval {
        id: "ap-9".into(),
        what: "create organization Acme Two".into(),
        asked_by: Some("margaret.okafor@acme-support.example".into()),
        asked_at: None,
        needs: Some(2),
        state: "pending".into(),
        ..Default::default()
    }
}

/// The list reads sent since `before`: (organizations, people).
fn reloads(console: &Console, before: usize) -> (usize, usize) {
    let sent: Vec<&Operation> = console.io.sent[before..].iter().map(|s| &s.op).collect();
    let orgs = sent.iter().filter(|op| ***op == ops::list_orgs()).count();
    let people = sent.iter().filter(|op| ***op == ops::list_people()).count();
    (orgs, people)
}

#[test]
fn a_form_sent_for_approval_closes_says_so_and_reloads() {
    let mut console = Console::orgs();
    console.ch('n');
    console.type_text("Acme Two");
    console.press(KeyCode::Enter);
    let sent = console.last_sent();
    assert!(
        matches!(sent.op, Operation::CreateNode { .. }),
        "{:?}",
        sent.op
    );
    let id = sent.id;
    let before = console.sent_count();
    assert!(console.answer(id, Ok(Reply::Pending(approval()))));
    assert!(console.app.overlay.is_none(), "the form's work is done");
    let notice = console.app.notice.clone().unwrap();
    assert_eq!(notice.kind, NoticeKind::Info);
    assert_eq!(
        notice.text,
        "sent for approval: create organization Acme Two (approval ap-9, needs 2)"
    );
    assert_eq!(reloads(&console, before), (1, 1));
}

#[test]
fn a_dialog_action_sent_for_approval_says_so_and_reloads() {
    let mut console = Console::orgs();
    console.ch('s');
    console.press(KeyCode::Tab);
    console.press(KeyCode::Enter);
    let sent = console.last_sent();
    assert!(
        matches!(sent.op, Operation::ToggleNode { on: true, .. }),
        "{:?}",
        sent.op
    );
    let id = sent.id;
    let before = console.sent_count();
    let mut pending = approval();
    pending.what = "suspend Acme Ltd".into();
    pending.needs = None;
    console.answer(id, Ok(Reply::Pending(pending)));
    let notice = console.app.notice.clone().unwrap();
    assert_eq!(notice.kind, NoticeKind::Info);
    assert_eq!(
        notice.text,
        "sent for approval: suspend Acme Ltd (approval ap-9)"
    );
    assert_eq!(reloads(&console, before), (1, 1));
}

#[test]
fn a_write_settled_by_resending_says_so_rather_than_a_re_read() {
    let mut console = Console::orgs();
    console.ch('n');
    console.type_text("Acme Two");
    console.press(KeyCode::Enter);
    let id = console.last_sent().id;
    let mut created = crate::support::console::seed_tenant("acme").orgs[0].clone();
    ops::set_org_name(&mut created, "Acme Two");
    console.send(orgdeck::app::Msg::Client {
        tenant: 0,
        event: Box::new(orgdeck::api::client::ClientEvent::Finished {
            id,
            result: Ok(Reply::Node(created)),
            reconciled: Some(orgdeck::api::client::Reconciled::Resent { gateway: None }),
        }),
    });
    let notice = console.app.notice.clone().unwrap();
    assert_eq!(
        notice.text,
        "Created Acme Two (the server's answer was lost or cut off; sending it again with the same key settled it)"
    );
}
