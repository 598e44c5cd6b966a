//! `clipboard` and `[keys]`: a bad value is a placed warning and the default stays.

use super::{PATH, assert_placed, parse};
use crate::config::Clipboard;

#[test]
fn clipboard_takes_auto_osc52_or_off() {
    assert_eq!(parse("").unwrap().clipboard, Clipboard::Auto);
    for (text, expected) in [
        ("auto", Clipboard::Auto),
        ("osc52", Clipboard::Osc52),
        ("OSC52", Clipboard::Osc52),
        ("off", Clipboard::Off),
    ] {
        let config = parse(&format!("clipboard = \"{text}\"\n")).unwrap();
        assert_eq!(config.clipboard, expected, "{text}");
        assert!(config.warnings.is_empty(), "{:?}", config.warnings);
    }
}

#[test]
fn a_bad_clipboard_is_a_placed_warning_and_auto_is_kept() {
    let config = parse("refresh_seconds = 30\nclipboard = \"xclip\"\n").unwrap();
    assert_eq!(config.clipboard, Clipboard::Auto);
    assert_eq!(config.warnings.len(), 1, "{:?}", config.warnings);
    let warning = &config.warnings[0];
    assert_placed(warning, 2);
    assert!(warning.contains("\"xclip\""), "{warning}");
    assert!(
        warning.contains("\"auto\", \"osc52\", \"off\""),
        "{warning}"
    );

    let config = parse("clipboard = \"of\"\n").unwrap();
    assert!(
        config.warnings[0].contains("did you mean \"off\"?"),
        "{:?}",
        config.warnings
    );

    let config = parse("clipboard = true\n").unwrap();
    assert_eq!(config.clipboard, Clipboard::Auto);
    assert_placed(&config.warnings[0], 1);
    assert!(
        config.warnings[0].contains("must be a string"),
        "{:?}",
        config.warnings
    );
}

#[test]
fn a_keys_entry_that_is_not_a_string_is_a_warning_and_the_rest_are_kept() {
    let config = parse("[keys]\nquit = 5\nrefresh = \"ctrl-r\"\nhelp = [\"?\"]\n").unwrap();
    assert_eq!(config.keys.len(), 1, "{:?}", config.keys);
    assert_eq!(config.keys["refresh"], "ctrl-r");
    assert_eq!(config.warnings.len(), 2, "{:?}", config.warnings);
    assert_placed(&config.warnings[0], 2);
    assert!(
        config.warnings[0].contains("[keys] quit"),
        "{:?}",
        config.warnings
    );
    assert_placed(&config.warnings[1], 4);
    assert!(
        config.warnings[1].contains("[keys] help"),
        "{:?}",
        config.warnings
    );

    let config = parse("keys = 3\n").unwrap();
    assert!(config.keys.is_empty());
    assert!(config.warnings[0].starts_with(&format!("{PATH}:1:")));
}
