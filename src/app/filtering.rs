//! The `/` filter: typing narrows the list on screen, Enter keeps it, Esc clears it.
//! Clearing it leaves the cursor on the row it was on.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::App;
use super::paging;

pub(crate) fn filter_key(app: &mut App, key: KeyEvent) {
    let level = app.level_mut();
    match key.code {
        KeyCode::Esc => {
            level.filtering = false;
            return clear_filter(app);
        }
        KeyCode::Enter | KeyCode::Down | KeyCode::Up => level.filtering = false,
        KeyCode::Backspace => {
            level.filter.pop();
        }
        KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => level.filter.push(c),
        _ => return,
    }
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
