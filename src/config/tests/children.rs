//! A token command is a child process orgdeck answers for: it ends with everything it
//! started, and neither it nor a token file can make orgdeck read without bound or
//! put control sequences on the operator's terminal.

use std::path::Path;
use std::time::{Duration, Instant};

use super::{Scratch, base_env, parse};
use crate::config::Profile;
use crate::config::token::OUTPUT_LIMIT;

fn profile(source: &str) -> Profile {
    let text = format!("[profiles.prod]\nbase_url = \"https://h.example\"\n{source}\n");
    let mut config = parse(&text).unwrap_or_else(|e| panic!("{e}"));
    config.profiles.remove(0)
}

/// The pid a command wrote to `file`.
fn pid_in(file: &Path) -> u32 {
    let text = std::fs::read_to_string(file).expect("the command wrote its background pid");
    text.trim().parse().expect("a pid")
}

/// True once `pid` has exited (a zombie left for init to reap counts as exited).
fn exited(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        // The state follows the parenthesised command name.
        Ok(stat) => stat
            .rsplit_once(") ")
            .is_some_and(|(_, rest)| rest.starts_with('Z') || rest.starts_with('X')),
    }
}

/// Waits for `pid` to exit. The kill is sent before the resolve returns, so this
/// only waits for the kernel to finish it; the generous limit is there so that a
/// process that was never signalled fails the test instead of hanging it.
#[track_caller]
fn assert_ends(pid: u32, what: &str) {
    let limit = Instant::now() + Duration::from_secs(20);
    while !exited(pid) {
        assert!(
            Instant::now() < limit,
            "{what}: background process {pid} is still running"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[cfg(target_os = "linux")]
#[test]
fn what_a_token_command_leaves_running_is_ended_with_it() {
    let scratch = Scratch::new("group");
    let pids = scratch.path("bg.pid");
    let p = profile(&format!(
        "token_command = \"sleep 60 & echo $! > {}; echo tok-from-a-leaky-command\"",
        pids.display()
    ));
    let token = p
        .token_within(&base_env(), Duration::from_secs(30))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(token.expose(), "tok-from-a-leaky-command");
    assert_ends(pid_in(&pids), "after the command exited");
}

#[cfg(target_os = "linux")]
#[test]
fn the_whole_group_is_ended_at_the_time_limit() {
    let scratch = Scratch::new("group-timeout");
    let pids = scratch.path("bg.pid");
    let p = profile(&format!(
        "token_command = \"sleep 60 & echo $! > {}; sleep 30\"",
        pids.display()
    ));
    let message = p
        .token_within(&base_env(), Duration::from_secs(2))
        .unwrap_err()
        .to_string();
    assert!(message.contains("did not finish within 2 s"), "{message}");
    assert_ends(pid_in(&pids), "after the time limit");
}

#[cfg(unix)]
#[test]
fn a_token_command_printing_without_end_is_refused() {
    let p = profile("token_command = \"yes tok | tr -d '\\\\n'\"");
    let message = p
        .token_within(&base_env(), Duration::from_secs(30))
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("printed more than 64 KiB on stdout"),
        "{message}"
    );
    assert!(!message.contains("toktok"), "{message}");
}

#[cfg(unix)]
#[test]
fn a_token_file_past_the_limit_is_refused_unread() {
    let scratch = Scratch::new("big-file");
    let big = "t".repeat(OUTPUT_LIMIT as usize + 1);
    let path = scratch.file("big.token", &big, 0o600);
    let p = profile(&format!("token_file = \"{}\"", path.display()));
    let message = p.token().unwrap_err().to_string();
    assert!(message.contains("larger than 64 KiB"), "{message}");
    assert!(!message.contains("ttt"), "{message}");

    let path = scratch.file("limit.token", &big[1..], 0o600);
    let p = profile(&format!("token_file = \"{}\"", path.display()));
    assert_eq!(p.token().unwrap().expose().len(), OUTPUT_LIMIT as usize);
}

#[cfg(unix)]
#[test]
fn a_token_command_stderr_is_shown_as_text() {
    // ESC ] 0 ; (window title), U+009B (CSI as one byte pair), U+202E (bidi override).
    let p = profile(
        r#"token_command = '''printf 'gpg: \033]0;pwned\007 \302\2336n \342\200\256txt\n' >&2; exit 2'''"#,
    );
    let message = p.token().unwrap_err().to_string();
    assert!(
        message.contains("gpg: \u{241b}]0;pwned\u{2407} \u{fffd}6n \u{fffd}txt"),
        "{message:?}"
    );
    assert!(
        !message.chars().any(crate::text::is_terminal_control),
        "{message:?}"
    );
}
