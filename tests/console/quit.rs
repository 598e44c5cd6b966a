//! Quitting while a write is in flight: `q`, `:q` and ctrl-c ask first and name the
//! write; staying keeps everything (a form still submitting gets its answer);
//! quitting anyway quits; once nothing is in flight the question goes away.

use crate::support::console::{Console, ctrl, seed_tenant};
use crate::support::ops;
use crossterm::event::KeyCode;
use orgdeck::api::model::Reply;
use orgdeck::app::Overlay;
use orgdeck::app::dialog::Confirmed;

/// Suspends Acme Ltd through its dialog and leaves the write unanswered.
fn suspend_in_flight(console: &mut Console) -> u64 {
    console.ch('s');
    console.press(KeyCode::Tab);
    console.press(KeyCode::Enter);
    assert!(console.app.overlay.is_none());
    console.last_sent().id
}

#[test]
fn q_with_nothing_in_flight_quits_at_once() {
    let mut console = Console::orgs();
    console.ch('q');
    assert!(console.app.quit);
    assert!(console.app.quit_question.is_none());
}

#[test]
fn q_with_a_write_in_flight_asks_first_naming_it_and_starts_on_stay() {
    let mut console = Console::orgs();
    suspend_in_flight(&mut console);
    console.ch('q');
    assert!(!console.app.quit, "quit without asking");
    let question = console.app.quit_question.as_ref().expect("asked first");
    assert_eq!(question.title, "Quit with a change in flight?");
    assert!(
        question.body.iter().any(|l| l.contains("Suspend Acme Ltd")),
        "{:?}",
        question.body
    );
    assert_eq!(question.confirmed, Confirmed::Quit);
    assert!(!question.confirm_focused);
    // Enter on the default button stays.
    console.press(KeyCode::Enter);
    assert!(!console.app.quit);
    assert!(console.app.quit_question.is_none());
    // Esc stays too; y then Enter quits anyway.
    console.ch('q');
    console.press(KeyCode::Esc);
    assert!(!console.app.quit && console.app.quit_question.is_none());
    console.command("q");
    assert!(console.app.quit_question.is_some(), ":q asks as well");
    console.ch('y');
    console.press(KeyCode::Enter);
    assert!(console.app.quit);
}

#[test]
fn ctrl_c_asks_over_a_submitting_form_which_still_gets_its_answer() {
    let mut console = Console::orgs();
    console.ch('n');
    console.type_text("Held Co");
    console.press(KeyCode::Enter);
    let id = console.last_sent().id;
    assert!(matches!(&console.app.overlay, Some(Overlay::Form(f)) if f.submitting.is_some()));
    console.send(ctrl('c'));
    assert!(!console.app.quit);
    let question = console.app.quit_question.as_ref().expect("asked first");
    assert!(
        question.body.iter().any(|l| l.contains("New organization")),
        "{:?}",
        question.body
    );
    // The answer lands on the form underneath, and with nothing in flight the
    // question closes.
    let created = seed_tenant("acme").orgs[0].clone();
    console.answer(id, Ok(Reply::Node(created)));
    assert!(console.app.quit_question.is_none());
    assert!(
        console
            .app
            .notice
            .as_ref()
            .unwrap()
            .text
            .starts_with("Created")
    );
    console.ch('q');
    assert!(console.app.quit);
}

#[test]
fn a_second_ctrl_c_quits_anyway() {
    let mut console = Console::orgs();
    suspend_in_flight(&mut console);
    console.send(ctrl('c'));
    assert!(console.app.quit_question.is_some() && !console.app.quit);
    console.send(ctrl('c'));
    assert!(console.app.quit);
}

#[test]
fn keys_while_asked_do_not_reach_the_list() {
    let mut console = Console::orgs();
    let id = suspend_in_flight(&mut console);
    console.ch('q');
    let selected = console.app.level().selected;
    console.ch('j');
    console.ch('s');
    assert_eq!(console.app.level().selected, selected);
    assert!(
        console.app.overlay.is_none(),
        "s opened a dialog behind the question"
    );
    let mut suspended = seed_tenant("acme").orgs[0].clone();
    ops::set_org_status(&mut suspended, "suspended");
    console.answer(id, Ok(Reply::Node(suspended)));
    assert!(console.app.quit_question.is_none());
    assert_eq!(
        console.app.notice.as_ref().unwrap().text,
        "Suspended Acme Ltd"
    );
}
