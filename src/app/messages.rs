//! `:messages` (every notice and error of the run) and `:requests` (every call
//! the console made), newest first.

use super::App;

pub(crate) fn open_messages(app: &mut App) {
    super::update::error(app, ":messages is not built yet", None);
}

pub(crate) fn open_requests(app: &mut App) {
    super::update::error(app, ":requests is not built yet", None);
}
