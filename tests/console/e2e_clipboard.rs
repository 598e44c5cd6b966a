//! `y` on the real binary: the OSC 52 sequence read back from the PTY, plain and
//! wrapped for tmux when `TMUX` is set in the console's environment, its base64
//! decoded and compared with what was selected.

use base64::Engine as _;

use crate::support::e2e::*;

const ACME_LTD_ID: &str = "co-acme-01";

/// The base64 between `start` and the first BEL after it, once the output holds it.
fn payload_after(raw: &[u8], start: &[u8]) -> Option<String> {
    let at = raw.windows(start.len()).position(|w| w == start)? + start.len();
    let end = raw[at..].iter().position(|&b| b == 0x07)? + at;
    String::from_utf8(raw[at..end].to_vec()).ok()
}

fn decoded(payload: &str) -> String {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(payload)
        .unwrap_or_else(|e| panic!("{e}: {payload:?}"));
    String::from_utf8(bytes).expect("UTF-8")
}

/// Opens acme's organizations (the cursor on Acme Ltd) and presses `y`; the
/// payload of the sequence that starts with `start`, and what follows its BEL.
fn copy_acme_ltd(console: &mut Console, start: &'static [u8]) -> (String, Vec<u8>) {
    console.wait_for("tenant acme selected", |s| {
        selected_row(s).is_some_and(|row| row.contains("acme") && !row.contains("acme-agent"))
    });
    console.send(ENTER);
    console.wait_for("Acme Ltd selected", |s| {
        selected_row(s).is_some_and(|row| row.contains("Acme Ltd"))
    });
    console.send("y");
    let toast = format!("copied {ACME_LTD_ID}");
    console.wait_for(&toast, |s| status_line(s).contains(&toast));
    console.wait_for_raw("the OSC 52 sequence", WAIT, |raw| {
        payload_after(raw, start).is_some()
    });
    let raw = console.raw();
    let payload = payload_after(&raw, start).expect("the sequence");
    let at = raw.windows(start.len()).position(|w| w == start).unwrap() + start.len();
    let after = raw[at + payload.len()..].to_vec();
    (payload, after)
}

#[test]
fn y_writes_osc_52_with_the_selected_id() {
    let mut console = Console::sandbox("copy-plain");
    let (payload, _) = copy_acme_ltd(&mut console, b"\x1b]52;c;");
    assert_eq!(decoded(&payload), ACME_LTD_ID);
    assert!(
        !console.raw().windows(6).any(|w| w == b"\x1bPtmux"),
        "no tmux wrapper outside tmux"
    );
}

#[test]
fn inside_tmux_the_sequence_is_wrapped_with_its_esc_doubled() {
    let options = Options::default_demo().env("TMUX", "/tmp/tmux-1000/default,4242,0");
    let mut console = Console::with_options("copy-tmux", options);
    console.wait_for("the sandbox up", |s| !s.contains(STARTING));
    let (payload, after) = copy_acme_ltd(&mut console, b"\x1bPtmux;\x1b\x1b]52;c;");
    assert_eq!(decoded(&payload), ACME_LTD_ID);
    assert!(
        after.starts_with(b"\x07\x1b\\"),
        "ends the passthrough: {after:?}"
    );
}
