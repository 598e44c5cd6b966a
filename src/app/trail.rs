//! Where the operator has been: Esc returns to the view they came from, `-`
//! toggles between the last two.

use super::{App, Dispatch};

/// Goes to the view shown before this one; pressed again, comes back.
pub(crate) fn previous(app: &mut App, io: &mut dyn Dispatch) {
    let _ = io;
    super::update::error(app, "- is not built yet", None);
}
