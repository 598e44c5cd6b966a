//! End-to-end through the real binary in an 80x24 pseudo-terminal: a bracketed
//! paste of two domains becomes two entries, and Esc on a changed form asks
//! before anything typed is lost.

use crate::support::e2e::*;

const PASTE_START: &str = "\x1b[200~";
const PASTE_END: &str = "\x1b[201~";

/// The embedded sandbox's tenant acme, its new-organization form open, the name
/// typed and the focus on Domains.
fn new_organization(name: &str) -> Console {
    let mut console = Console::sandbox(name);
    console.wait_for("tenant acme selected", |s| {
        selected_row(s).is_some_and(|row| row.contains("acme") && !row.contains("acme-agent"))
    });
    console.send(ENTER);
    console.wait_for_text("acme: customer organizations (");
    console.send("n");
    console.wait_for_text("New organization");
    console.send("Pasted Holdings");
    console.wait_for_text("Pasted Holdings");
    console.send(TAB);
    console.wait_for("the focus on Domains", |s| s.contains("› Domains"));
    console
}

#[test]
fn a_bracketed_paste_of_two_domains_is_two_entries() {
    let mut console = new_organization("paste-domains");
    console.send(&format!("{PASTE_START}alpha.com\nbeta.com{PASTE_END}"));
    let screen = console.wait_for("two domain entries", |s| {
        s.contains("• alpha.com") && s.contains("• beta.com")
    });
    assert!(
        !screen.contains("alpha.combeta.com"),
        "the lines were joined:\n{screen}"
    );
    // Submitted as two domains.
    console.send(CTRL_S);
    console.wait_for("the organization created", |s| {
        !s.contains("New organization") && status_line(s).contains("Created Pasted Holdings")
    });
}

#[test]
fn esc_on_a_changed_form_asks_and_keep_editing_keeps_what_was_typed() {
    let mut console = new_organization("discard-prompt");
    console.send("alpha.com");
    console.wait_for_text("alpha.com");
    console.esc();
    let screen = console.wait_for("the discard question", |s| {
        s.contains("Discard changes?") && s.contains("› [ Keep editing ]")
    });
    assert!(
        screen.contains("Display name and") && screen.contains("Domains"),
        "it names what would be lost:\n{screen}"
    );
    // Enter on the focused Keep editing: back in the form, everything kept.
    console.send(ENTER);
    console.wait_for("the form as it was", |s| {
        !s.contains("Discard changes?")
            && s.contains("Pasted Holdings")
            && s.contains("alpha.com")
            && s.contains("› Domains")
    });
    // Asked again, y discards: the list is back, nothing created.
    console.esc();
    console.wait_for_text("Discard changes?");
    console.send("y");
    console.wait_for("the form gone", |s| {
        !s.contains("New organization") && s.contains("acme: customer organizations (12)")
    });
}
