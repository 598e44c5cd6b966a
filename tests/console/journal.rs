//! What the console does with the writes an earlier run left in the journal, driven
//! through `orgdeck::app` with canned events: a create that was not made comes back
//! in its form with its values and its key, and every resubmit of it (after a lost
//! answer too) carries that same key; one that was made, or cannot be told, is said.

use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use orgdeck::api::client::{ClientEvent, Found, Leftover};
use orgdeck::api::error::{ApiError, WriteOutcome};
use orgdeck::api::journal::Entry;
use orgdeck::api::model::{Node, NodeState, Operation, Record, Reply};
use orgdeck::api::value::Value;
use orgdeck::app::form::Form;
use orgdeck::app::{Msg, NoticeKind, Overlay, Tenant};
use orgdeck::backends::bitgo::BitGo;
use orgdeck::backends::bitgo::schema::{ENTERPRISE, SCHEMA};

use crate::support::console::{Console, finished};

const ORG: &str = "40c0fc630e2bd5c7b9f59ddb2de5a130";
const URL: &str = "https://bitgo.test/";

fn console() -> Console {
    let tenant = Tenant::new("nw", URL, false).with_backend(Arc::new(BitGo));
    Console::with_tenants(vec![tenant], &[], false)
}

/// The create a form makes with `email` typed: values and key as the form sends them.
fn typed_create(email: &str) -> Operation {
    let mut form = Form::create_node(&SCHEMA, 0, ENTERPRISE, Some(ORG.into()));
    for c in email.chars() {
        form.input(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    form.operation().expect("a create")
}

fn left(op: &Operation, found: Found) -> Leftover {
    Leftover {
        entry: Entry::of(op, "nw", URL).expect("a keyed create"),
        found,
    }
}

fn leftovers(console: &mut Console, found: Vec<Leftover>) {
    console.send(Msg::Client {
        tenant: 0,
        event: Box::new(ClientEvent::Leftovers {
            id: 900,
            result: Ok(found),
        }),
    });
}

fn key_of(op: &Operation) -> String {
    op.idempotency_key().expect("a key").to_owned()
}

#[test]
fn a_create_that_was_not_made_is_back_in_its_form_and_every_resubmit_carries_its_key() {
    let mut console = console();
    let op = typed_create("draft.back@kiwi.example");
    leftovers(&mut console, vec![left(&op, Found::NotDone(op.clone()))]);
    let notice = console.app.notice.as_ref().expect("a notice");
    assert_eq!(notice.kind, NoticeKind::Info);
    assert!(
        notice
            .text
            .contains("'draft.back@kiwi.example' was not created; its draft is in the form"),
        "{}",
        notice.text
    );
    assert!(matches!(console.app.overlay, Some(Overlay::Form(_))));
    assert_eq!(
        console.form().operation(),
        Some(op.clone()),
        "values and key back"
    );

    console.press(KeyCode::Enter);
    let first = console.last_sent().clone();
    assert_eq!(first.op, op, "the same create, with the same key");
    // Its answer is lost and nobody can tell: the form stays, and sending it again
    // is still the same create to the server.
    console.send(Msg::Client {
        tenant: 0,
        event: Box::new(finished(
            first.id,
            Err(ApiError::WriteUncertain {
                outcome: WriteOutcome::Unknown,
                cause: "the server's answer was lost".into(),
            }),
        )),
    });
    assert!(matches!(console.app.overlay, Some(Overlay::Form(_))));
    console.press(KeyCode::Enter);
    let again = console.last_sent().clone();
    assert_ne!(again.id, first.id);
    assert_eq!(key_of(&again.op), key_of(&op));
}

#[test]
fn a_create_that_was_made_is_said_with_its_id() {
    let mut console = console();
    let op = typed_create("made@kiwi.example");
    let layout = SCHEMA.level(ENTERPRISE).expect("enterprises").fields;
    let node = Node {
        id: "0a1b2c3d4e5f60718293a4b5c6d7e8f9".into(),
        level: ENTERPRISE,
        parent: Some(ORG.into()),
        name: "made@kiwi.example".into(),
        state: NodeState::Active,
        record: Record::read(layout, |_| Value::Empty),
    };
    leftovers(
        &mut console,
        vec![left(&op, Found::Done(Reply::Node(node)))],
    );
    let notice = console.app.notice.as_ref().expect("a notice");
    assert!(
        notice
            .text
            .contains("'made@kiwi.example' was created (id 0a1b2c3d4e5f60718293a4b5c6d7e8f9)"),
        "{}",
        notice.text
    );
    assert!(console.app.overlay.is_none(), "nothing to take back");
}

#[test]
fn a_create_nobody_can_tell_about_is_said_unknown_and_stays() {
    let mut console = console();
    let op = typed_create("maybe@kiwi.example");
    let why = "the server could not be asked: timed out".to_owned();
    leftovers(&mut console, vec![left(&op, Found::Unknown(why))]);
    let notice = console.app.notice.as_ref().expect("a notice");
    assert_eq!(notice.kind, NoticeKind::Error);
    assert!(
        notice
            .text
            .contains("'maybe@kiwi.example': unknown (the server could not be asked"),
        "{}",
        notice.text
    );
    assert!(
        notice
            .hint
            .as_deref()
            .is_some_and(|h| h.contains("stays in the journal")),
        "{:?}",
        notice.hint
    );
    assert!(console.app.overlay.is_none());
}
