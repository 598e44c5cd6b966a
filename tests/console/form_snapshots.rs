//! The form as issue 15 changed it, at 80x24 and 200x50: multi-line notes, the
//! question Esc asks before changes are lost, a form taller than the screen
//! scrolled to its focused field, and the footer of a multi-value field.

use crate::support::console::Console;
use crossterm::event::KeyCode;
use orgdeck::app::Msg;

const SIZES: [(u16, u16); 2] = [(80, 24), (200, 50)];

fn snap(name: &str, console: &mut Console) {
    for (width, height) in SIZES {
        let screen = console.screen(width, height);
        insta::assert_snapshot!(format!("{name}_{width}x{height}"), screen);
    }
}

fn paste(console: &mut Console, text: &str) {
    console.send(Msg::Paste(text.into()));
}

/// The create form, focus moved `tabs` fields on.
fn create_form(tabs: usize) -> Console {
    let mut console = Console::orgs();
    console.ch('n');
    console.type_text("Acme Two");
    for _ in 0..tabs {
        console.press(KeyCode::Tab);
    }
    console
}

#[test]
fn notes_take_several_lines() {
    let mut console = create_form(3);
    console.type_text("Billing contact: Ada");
    console.press(KeyCode::Enter);
    console.type_text("Renews in March");
    console.press(KeyCode::Enter);
    console.type_text("Ask before suspending");
    assert_eq!(
        console
            .form()
            .field("notes")
            .unwrap()
            .value()
            .lines()
            .count(),
        3
    );
    snap("form_notes_multiline", &mut console);
}

#[test]
fn esc_on_a_changed_form_asks_before_discarding() {
    let mut console = create_form(1);
    paste(&mut console, "alpha.com\nbeta.com");
    console.press(KeyCode::Esc);
    assert!(console.form().discard.is_some());
    snap("form_discard_prompt", &mut console);
}

#[test]
fn a_form_taller_than_the_screen_scrolls_to_its_focused_field() {
    // No name: its error too is a row under it.
    let mut console = Console::orgs();
    console.ch('n');
    console.press(KeyCode::Tab);
    paste(
        &mut console,
        "a.com\nb.com\nc.com\nd.com\ne.com\nf.com\ng.com",
    );
    console.press(KeyCode::Tab);
    console.type_text("crm/2000");
    console.press(KeyCode::Tab);
    paste(
        &mut console,
        &(1..=8)
            .map(|n| format!("note line {n}"))
            .collect::<Vec<_>>()
            .join("\n"),
    );
    // Submitted: refused with a summary on top, focus on the first bad field;
    // then back to the notes, at the bottom.
    console.send(crate::support::console::ctrl('s'));
    assert_eq!(
        console.form().fields[console.form().focus].key,
        "display-name"
    );
    for _ in 0..3 {
        console.press(KeyCode::Tab);
    }
    let screen = console.screen(80, 24);
    assert!(screen.contains(" ↑ 2 more "), "a scroll mark:\n{screen}");
    assert!(
        screen.contains("note line 8▏"),
        "the caret's line:\n{screen}"
    );
    snap("form_scrolled_tall", &mut console);
}

#[test]
fn the_footer_of_a_focused_multi_value_field() {
    let mut console = create_form(1);
    paste(&mut console, "alpha.com\nbeta.com");
    snap("form_footer_multi_value_entry_line", &mut console);
    console.press(KeyCode::Up);
    snap("form_footer_multi_value_entry_selected", &mut console);
}
