//! How the console words a write whose answer was lost: never "Created" unless the
//! write did it, and the panes are read again so they show what the server holds.

use crate::support::console::*;
use crate::support::ops;
use crossterm::event::KeyCode;
use orgdeck::api::client::{ClientEvent, Reconciled};
use orgdeck::api::error::{ApiError, WriteOutcome};
use orgdeck::api::model::{Operation, Reply};
use orgdeck::app::Msg;

#[test]
fn a_create_that_found_it_already_there_keeps_the_form_and_reloads_the_tenant() {
    let mut console = Console::orgs();
    console.ch('n');
    console.type_text("Acme Ltd");
    console.press(KeyCode::Tab);
    console.type_text("acme-ltd.com");
    console.press(KeyCode::Enter);
    console.press(KeyCode::Enter);
    let id = console.last_sent().id;
    let before = console.io.sent.len();

    console.answer(
        id,
        Err(ApiError::WriteUncertain {
            outcome: WriteOutcome::AlreadySo,
            cause: "it already existed before this write was sent (no answer within 10s)".into(),
        }),
    );
    let form = console.form();
    assert!(form.submitting.is_none());
    assert!(
        form.summary[0].contains("already existed"),
        "{:?}",
        form.summary
    );
    assert!(
        console
            .app
            .notice
            .as_ref()
            .is_none_or(|n| !n.text.contains("Created")),
        "{:?}",
        console.app.notice
    );
    let reread: Vec<&Operation> = console.io.sent[before..].iter().map(|s| &s.op).collect();
    assert!(reread.contains(&&ops::list_orgs()), "{reread:?}");
    assert!(reread.contains(&&ops::list_people()), "{reread:?}");
}

#[test]
fn a_create_confirmed_after_a_gateway_failure_says_a_gateway_answered() {
    let mut console = Console::orgs();
    console.ch('n');
    console.type_text("Gateco");
    console.press(KeyCode::Tab);
    console.type_text("gateco.example");
    console.press(KeyCode::Enter);
    console.press(KeyCode::Enter);
    let sent = console.last_sent().clone();
    assert!(
        matches!(sent.op, Operation::CreateNode { .. }),
        "{:?}",
        sent.op
    );
    let mut org = seed_tenant("acme").orgs[0].clone();
    ops::set_org_name(&mut org, "Gateco");
    console.send(Msg::Client {
        tenant: sent.tenant,
        event: Box::new(ClientEvent::Finished {
            id: sent.id,
            result: Ok(Reply::Node(org)),
            reconciled: Some(Reconciled::Gateway { status: 502 }),
        }),
    });
    let notice = console.app.notice.as_ref().expect("a notice");
    assert_eq!(
        notice.text,
        "Created Gateco (a gateway answered 502; a re-read confirmed it)"
    );
}
