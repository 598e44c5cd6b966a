//! Where a list's window onto its rows starts, kept as vim's `scrolloff` keeps
//! it: the window moves one row at a time once the cursor comes within a few
//! rows of its edge, never a page at a time, and never past the last row (so
//! `G` shows a full last page). The window's height comes from the screen's
//! layout, worked out here once: the lists draw by it and the counts on screen
//! are read by it, so both agree on which rows are shown.

use super::App;
use super::screens::{Level, Screen};

/// Rows of context kept between the cursor and the window's edge.
pub const SCROLLOFF: usize = 3;

/// The console's lines around the body: header, status line and footer.
const CHROME: u16 = 3;
/// A list's own lines above its rows: the title's border and the column header.
const LIST_HEAD: u16 = 2;
/// Lines under the tenants list: why a tenant cannot be used, or who one is.
pub const BELOW_TENANTS: u16 = 2;

/// The error banner under the header: the current tenant's trouble reading its
/// lists, while there is one.
pub fn banner_trouble(app: &App) -> Option<&super::remote::Trouble> {
    let tenant = app.current_tenant()?;
    tenant.orgs.trouble().or(tenant.people.trouble())
}

/// The body's height: the terminal's less the header, banner, status and footer.
pub fn body_height(app: &App) -> u16 {
    let banner = u16::from(banner_trouble(app).is_some());
    app.size.1.saturating_sub(CHROME + banner)
}

/// How many rows of `level`'s list fit on screen (at least one).
pub fn rows_shown(app: &App, level: &Level) -> usize {
    let below = match level.screen {
        Screen::Tenants => BELOW_TENANTS,
        _ => 0,
    };
    body_height(app)
        .saturating_sub(LIST_HEAD + below)
        .max(1)
        .into()
}

/// The context kept at a window of `height` rows: fewer on a tiny screen, so
/// that the cursor can still move within it.
fn context(height: usize) -> usize {
    SCROLLOFF.min(height.saturating_sub(1) / 2)
}

/// The first row a window of `height` rows shows, moved from `first` as little
/// as keeps the cursor `context` rows from either edge, and no further down
/// than a full last page.
pub fn window(first: usize, selected: usize, rows: usize, height: usize) -> usize {
    let height = height.max(1);
    let kept = context(height);
    let last_first = rows.saturating_sub(height);
    let mut first = first.min(last_first);
    if selected < first + kept {
        first = selected.saturating_sub(kept);
    }
    if selected + kept >= first + height {
        first = selected + kept + 1 - height;
    }
    first.min(last_first)
}

/// The first row `level`'s list shows in a window of `height` rows: its kept
/// offset, followed to the cursor where the window differs from the one it
/// was kept for (a snapshot drawn at another size, rows lent to other lines).
pub fn first_shown(level: &Level, height: usize) -> usize {
    window(level.offset, level.selected, level.rows.len(), height)
}

/// After any message: every list's window follows its cursor (a move, a
/// filter, rows arriving or leaving, a resize), each at its own height.
pub fn follow(app: &mut App) {
    let heights: Vec<usize> = app.stack.iter().map(|l| rows_shown(app, l)).collect();
    for (level, height) in app.stack.iter_mut().zip(heights) {
        level.offset = first_shown(level, height);
    }
}

/// PageDown (`forward`) or PageUp, as less pages: the window moves a whole
/// screen and the cursor with it, keeping its place on screen (within the
/// context kept at the window's edges); at either end the cursor goes to the
/// first or last row.
pub fn page(app: &mut App, forward: bool) {
    let height = rows_shown(app, app.level());
    let level = app.level_mut();
    let (first, selected) = paged(
        level.offset,
        level.selected,
        level.rows.len(),
        height,
        forward,
    );
    level.offset = first;
    level.selected = selected;
}

/// The window's first row and the cursor after a page forward or back, from
/// `first` and `selected` in `rows` rows shown `height` at a time.
pub fn paged(
    first: usize,
    selected: usize,
    rows: usize,
    height: usize,
    forward: bool,
) -> (usize, usize) {
    if rows == 0 {
        return (0, 0);
    }
    let height = height.max(1);
    let last_first = rows.saturating_sub(height);
    let first = first.min(last_first);
    let (first, selected) = if forward {
        let moved = (first + height).min(last_first) - first;
        match moved {
            0 => (first, rows - 1),
            _ => (first + moved, (selected + moved).min(rows - 1)),
        }
    } else {
        let moved = first.min(height);
        match moved {
            0 => (first, 0),
            _ => (first - moved, selected.saturating_sub(moved)),
        }
    };
    // Kept off the window's edges, but for the list's own ends.
    let kept = context(height);
    let low = if first == 0 { 0 } else { first + kept };
    let high = match first == last_first {
        true => rows - 1,
        false => first + height - 1 - kept,
    };
    (first, selected.clamp(low.min(high), high))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_moves_one_row_once_the_cursor_nears_its_edge() {
        // 19 rows shown of 100: the cursor walks down to the fourth row from the
        // bottom before the window moves, then it moves a row per row.
        let mut first = 0;
        for selected in 0..=15 {
            first = window(first, selected, 100, 19);
            assert_eq!(first, 0, "at {selected}");
        }
        assert_eq!(window(first, 16, 100, 19), 1);
        assert_eq!(window(1, 17, 100, 19), 2);
        // Back up: it stays until three rows of context are left above.
        assert_eq!(window(10, 13, 100, 19), 10);
        assert_eq!(window(10, 12, 100, 19), 9);
    }

    #[test]
    fn the_last_row_sits_at_the_bottom_of_a_full_page() {
        assert_eq!(window(0, 99, 100, 19), 81);
        // A list shorter than the window starts at its top, whatever was kept.
        assert_eq!(window(40, 5, 10, 19), 0);
    }

    #[test]
    fn tiny_windows_keep_less_context() {
        assert_eq!(window(0, 1, 100, 1), 1);
        assert_eq!(window(0, 1, 100, 2), 0);
        assert_eq!(window(0, 2, 100, 2), 1);
        assert_eq!(window(0, 2, 100, 4), 0);
        assert_eq!(window(0, 3, 100, 4), 1);
        assert_eq!(window(5, 0, 0, 0), 0);
    }
}
