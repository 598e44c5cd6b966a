//! The real console in a pseudo-terminal, on a hostile server (see `support::hostile`):
//! what reaches the terminal is the server's text as visible stand-ins, never the
//! sequences themselves, and never the token the server echoes.

use crate::support::e2e::*;
use crate::support::hostile::{Hostile, TOKEN};

/// Byte sequences a terminal would obey, as the server sent them.
const OBEYED: [(&str, &[u8]); 5] = [
    ("a window title", b"\x1b]0;pwned"),
    ("an OSC 52 clipboard write", b"\x1b]52;"),
    ("a cursor-position query", b"\x1b[6n"),
    ("the one-byte CSI U+009B", "\u{9b}".as_bytes()),
    ("a bidi override", "\u{202e}".as_bytes()),
];

#[test]
fn the_console_draws_a_hostile_servers_text_as_text() {
    let server = Hostile::start();
    let config = format!(
        "[profiles.evil]\nbase_url = \"{}\"\ntoken_env = \"ORGDECK_E2E_TOKEN\"\n",
        server.url
    );
    let mut console = Console::with_options(
        "hostile",
        Options::sandbox()
            .config(config)
            .env("ORGDECK_E2E_TOKEN", TOKEN),
    );
    console.send(ENTER);
    let screen = console.wait_for("the hostile organization, shown", |s| {
        s.contains("Name\u{241b}]0;pwned\u{2407}")
    });
    assert!(!screen.contains(TOKEN), "{screen}");
    let raw = console.raw();
    for (what, bytes) in OBEYED {
        assert!(
            !raw.windows(bytes.len()).any(|w| w == bytes),
            "the terminal was sent {what}\n{}",
            console.describe()
        );
    }
    assert!(!raw.windows(TOKEN.len()).any(|w| w == TOKEN.as_bytes()));
    console.send("q");
}
