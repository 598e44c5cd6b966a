//! The `/` filter: typing narrows the list on screen (readline keys edit it), Up
//! and Down bring back earlier filters, Enter keeps it, Esc clears it. Clearing
//! it leaves the cursor on the row it was on.
//!
//! The level's `filter` is the value everything else reads; `App::filter_line`
//! is the same text with its caret, brought back in step whenever they differ.

use crossterm::event::{KeyCode, KeyEvent};

use super::App;
use super::history::{self, Kind, Recall};
use super::line::{Edit, TextLine};
use super::paging;

/// Opens the `/` line on the level's filter, the caret at its end.
pub(crate) fn start_filter(app: &mut App) {
    let filter = app.level().filter.clone();
    app.filter_line = TextLine::new(&filter);
    app.filter_recall = Recall::default();
    app.level_mut().filtering = true;
}

/// The `/` line as it stands: the level's filter, with the caret where it is.
pub fn filter_line(app: &App) -> TextLine {
    if app.filter_line.text() == app.level().filter {
        app.filter_line.clone()
    } else {
        TextLine::new(&app.level().filter)
    }
}

pub(crate) fn filter_key(app: &mut App, key: KeyEvent) {
    app.filter_line = filter_line(app);
    let before = app.level().filter.clone();
    match key.code {
        KeyCode::Esc => {
            app.level_mut().filtering = false;
            return clear_filter(app);
        }
        KeyCode::Enter => {
            app.level_mut().filtering = false;
            let kept = app.level().filter.clone();
            history::remember(app, Kind::Filters, &kept);
        }
        KeyCode::Up | KeyCode::Down => {
            recall(app, key.code == KeyCode::Up);
            if app.filter_line.text() == before {
                return;
            }
        }
        _ => match app.filter_line.key(key) {
            Edit::Changed => {}
            Edit::Moved | Edit::Unused => return,
        },
    }
    filter_typed(app);
}

/// Up (`older`) or Down through the filters typed before.
fn recall(app: &mut App, older: bool) {
    let (recall, line) = (&mut app.filter_recall, &mut app.filter_line);
    if older {
        app.history.older(Kind::Filters, recall, line);
    } else {
        app.history.newer(Kind::Filters, recall, line);
    }
}

/// Pasted text goes in at the caret.
pub(crate) fn paste_filter(app: &mut App, text: &str) {
    app.filter_line = filter_line(app);
    if app.filter_line.insert(text) {
        filter_typed(app);
    }
}

/// The line's text becomes the level's filter, and the list follows.
fn filter_typed(app: &mut App) {
    let text = app.filter_line.text().to_owned();
    let level = app.level_mut();
    level.filter = text;
    level.selected = 0;
    app.refresh_rows();
    paging::filter_changed(app);
}

/// Drops the filter of the level on screen; the row under the cursor stays under it.
pub(crate) fn clear_filter(app: &mut App) {
    let level = app.level_mut();
    let kept = level.selected_row();
    level.filter.clear();
    app.refresh_rows();
    let level = app.level_mut();
    level.selected = kept
        .and_then(|row| level.rows.iter().position(|r| *r == row))
        .unwrap_or(0);
    paging::filter_changed(app);
}
