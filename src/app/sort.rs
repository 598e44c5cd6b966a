//! Sorting a list by one of its columns: `:sort name`, `:sort -created`, or the
//! focused column's key.

use super::App;

/// `:sort COLUMN` / `:sort -COLUMN`.
pub(crate) fn command(app: &mut App, argument: &str) -> Result<(), String> {
    let _ = (app, argument);
    Err("sort is not built yet".into())
}

/// Cycles the focused column's sort: ascending, descending, none.
pub(crate) fn cycle(app: &mut App) {
    super::update::error(app, "sort is not built yet", None);
}

/// Moves the column focus by `delta`.
pub(crate) fn move_column(app: &mut App, delta: isize) {
    let _ = delta;
    super::update::error(app, "sort is not built yet", None);
}
