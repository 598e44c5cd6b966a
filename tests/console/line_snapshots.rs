//! Lines being typed, drawn: the caret where it is in a form's field and on the
//! command line, a value longer than its room scrolled to keep the caret in view,
//! and the command line's hints from the schema; at 80x24 and 200x50.

use crate::support::console::Console;
use crossterm::event::KeyCode;

const SIZES: [(u16, u16); 2] = [(80, 24), (200, 50)];

fn snap(name: &str, console: &mut Console) {
    for (width, height) in SIZES {
        let screen = console.screen(width, height);
        insta::assert_snapshot!(format!("{name}_{width}x{height}"), screen);
    }
}

fn left(console: &mut Console, times: usize) {
    for _ in 0..times {
        console.press(KeyCode::Left);
    }
}

#[test]
fn form_field_with_the_caret_in_the_middle() {
    let mut console = Console::orgs();
    console.ch('n');
    console.type_text("https://abc");
    left(&mut console, 3);
    for (width, height) in SIZES {
        let screen = console.screen(width, height);
        assert!(
            screen.contains("https://▏abc"),
            "{width}x{height}:\n{screen}"
        );
    }
    snap("line_form_caret_mid_value", &mut console);
}

#[test]
fn a_long_form_value_scrolls_to_keep_the_caret_in_view() {
    let mut console = Console::orgs();
    console.ch('n');
    let name: String = "Lopez Ada Holdings ".repeat(11);
    console.type_text(name.trim_end());
    console.press(KeyCode::Home);
    console.ch('Q');
    for (width, height) in SIZES {
        let screen = console.screen(width, height);
        assert!(screen.contains("Q▏Lopez"), "{width}x{height}:\n{screen}");
    }
    snap("line_form_long_value_home", &mut console);
    console.press(KeyCode::End);
    left(&mut console, 9);
    console.ch('Z');
    snap("line_form_long_value_end", &mut console);
}

#[test]
fn a_long_command_line_scrolls_with_its_caret() {
    let mut console = Console::orgs();
    console.ch(':');
    console.type_text(&format!("tenant {}", "northwind-".repeat(24)));
    left(&mut console, 100);
    console.ch('X');
    for (width, height) in SIZES {
        let screen = console.screen(width, height);
        assert!(screen.contains("-X▏no"), "{width}x{height}:\n{screen}");
    }
    snap("line_command_long", &mut console);
}

#[test]
fn the_command_line_hints_are_the_schemas_commands() {
    let mut console = Console::orgs();
    console.ch(':');
    let screen = console.screen(200, 50);
    for word in orgdeck::app::command::commands(console.app.schema()) {
        let word = if word == "quit" { "q" } else { word };
        assert!(screen.contains(word), "{word} is not hinted:\n{screen}");
    }
    snap("line_command_hints", &mut console);
}
