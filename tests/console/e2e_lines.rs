//! Typing, end to end in the real binary: editing in the middle of a form's
//! field with the caret drawn where it is, and the `:` history read back by a
//! second run from the state directory the first one wrote.

use crate::support::e2e::*;

const CTRL_A: &str = "\x01";
const CTRL_W: &str = "\x17";
const CTRL_Y: &str = "\x19";

/// Opens tenant acme (first row of the tenants list) and waits for its organizations.
fn open_acme(console: &mut Console) {
    console.wait_for("tenant acme selected", |s| {
        selected_row(s).is_some_and(|row| row.contains("acme") && !row.contains("acme-agent"))
    });
    console.send(ENTER);
    console.wait_for_text("acme: customer organizations (");
}

#[test]
fn a_form_field_is_edited_in_the_middle_where_the_caret_is_drawn() {
    let mut console = Console::sandbox("line-middle");
    open_acme(&mut console);
    console.send("n");
    console.wait_for_text("New organization");
    console.send("Nrthwind Test");
    console.wait_for_text("Nrthwind Test▏");
    // To the start, one right, and the missing letter goes in there.
    console.send(CTRL_A);
    console.send(RIGHT);
    console.send("o");
    console.wait_for_text("No▏rthwind Test");
    // The last word killed and yanked back at the start.
    console.send("\x05");
    console.send(CTRL_W);
    console.wait_for("Test killed", |s| {
        s.contains("Northwind ▏") && !s.contains("Test")
    });
    console.send(CTRL_A);
    console.send(CTRL_Y);
    let screen = console.wait_for_text("Test▏Northwind");
    assert!(!screen.contains("Northwindwaek"), "{screen}");
}

#[test]
fn the_command_history_is_read_back_by_the_next_run() {
    let mut first = Console::sandbox("history-first");
    open_acme(&mut first);
    first.send(":orgs");
    first.wait_for("the command typed", |s| status_line(s).contains(":orgs▏"));
    first.send(ENTER);
    first.wait_for("the command line closed", |s| !s.contains(":orgs▏"));
    // Quit by its key: `:q` would be the most recent command.
    first.send("q");
    assert!(first.wait_exit(WAIT).success());
    let state = first.dir.path().join("state");
    assert!(state.join(orgdeck::app::history::FILE).exists());

    let options = Options::default_demo().env("ORGDECK_STATE_DIR", &state.display().to_string());
    let mut second = Console::with_options("history-second", options);
    second.wait_for("the sandbox up", |s| !s.contains(STARTING));
    second.send(":");
    second.wait_for("the command line", |s| status_line(s).starts_with(":▏"));
    second.send(UP);
    second.wait_for("the first run's command recalled", |s| {
        status_line(s).contains(":orgs▏")
    });
}
