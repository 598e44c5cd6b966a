//! The config's problems (bad `[keys]` entries, a bad `clipboard`, a floor
//! raised): every one is reported once at start, in one notice that names how
//! many there are, and all of them stay listed in help.

use super::App;
use super::keymap::Action;
use super::update::error;

/// Sets the start-up notice for `Surroundings::warnings`: the one problem, or
/// "3 problems in the config: …" with each of them.
pub(super) fn report(app: &mut App) {
    let warnings = &app.surroundings.warnings;
    let text = match warnings.as_slice() {
        [] => return,
        [only] => only.clone(),
        all => format!("{} problems in the config: {}", all.len(), all.join(" · ")),
    };
    let hint = app
        .keymap
        .hint(Action::Help, "lists them with the config path");
    // Each on its own line of `:messages` too, where the one notice lists several.
    if warnings.len() > 1 {
        for warning in warnings.clone() {
            super::messages::log_warning(app, warning, hint.clone());
        }
    }
    error(app, text, hint);
}

impl App {
    /// Under the demo's tenants: where the data comes from, and how to add a
    /// real tenant.
    pub fn sandbox_hint(&self) -> String {
        let help = self.keymap.named(Action::Help);
        format!(
            "Sandbox demo data. For a real tenant add a profile to the config ({help} shows where)."
        )
    }
}
