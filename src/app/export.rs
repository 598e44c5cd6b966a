//! `:export csv|json [FILE]`: the list on screen, filtered and sorted, every row.

use super::App;

pub(crate) fn command(app: &mut App, argument: &str) -> Result<(), String> {
    let _ = (app, argument);
    Err("export is not built yet".into())
}
