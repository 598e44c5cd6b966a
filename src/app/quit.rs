//! Quitting while writes are in flight: the console asks first, naming them, in a
//! question drawn over everything (a form still submitting under it keeps receiving
//! its answer). What quitting anyway does to those writes is the event loop's part:
//! each is audited as interrupted.

use crossterm::event::{KeyCode, KeyEvent};

use super::App;
use super::dialog::Dialog;

/// Quits, unless writes are in flight: then asks first, naming them.
pub(super) fn quit(app: &mut App) {
    let writes = app.writes_in_flight();
    if writes.is_empty() {
        app.quit = true;
    } else {
        app.quit_question = Some(Box::new(Dialog::quit(&writes)));
    }
}

/// Closes the quit question once nothing is in flight any more: the notice then
/// says how the write ended, and the next quit needs no question.
pub(crate) fn settle_quit_question(app: &mut App) {
    if app.quit_question.is_some() && app.writes_in_flight().is_empty() {
        app.quit_question = None;
    }
}

pub(super) fn quit_question_key(app: &mut App, mut question: Box<Dialog>, key: KeyEvent) {
    match key.code {
        KeyCode::Esc | KeyCode::Char('n') => return,
        KeyCode::Tab | KeyCode::BackTab | KeyCode::Left | KeyCode::Right => {
            question.confirm_focused = !question.confirm_focused;
        }
        KeyCode::Enter if question.confirm_focused => {
            app.quit = true;
            return;
        }
        KeyCode::Enter => return,
        KeyCode::Char('y') => question.confirm_focused = true,
        _ => {}
    }
    app.quit_question = Some(question);
}
