//! `y` and `Y`: what is copied (the selection's identifier, or its row as JSON).

use super::App;

/// Copies the selection's identifier, or with `whole_row` the row as JSON.
pub(crate) fn copy(app: &mut App, whole_row: bool) {
    let _ = whole_row;
    super::update::error(app, "copy is not built yet", None);
}
