//! A signal while a token command runs: the command runs in a process group of its
//! own, out of reach of the terminal's Ctrl-C, so orgdeck must end the group itself
//! before it ends as the signal says.

#![cfg(target_os = "linux")]

use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::Path;
use std::time::{Duration, Instant};

use crate::support::cli::Case;

/// Only a guard against a hung test: every wait below ends on an event.
const HANG: Duration = Duration::from_secs(30);

/// The state letter and process group of `pid`, while it exists.
fn stat(pid: u32) -> Option<(char, u32)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // After the parenthesised command name: state, ppid, pgrp.
    let (_, rest) = stat.rsplit_once(") ")?;
    let mut fields = rest.split(' ');
    let state = fields.next()?.chars().next()?;
    let _ppid = fields.next()?;
    let pgrp = fields.next()?.parse().ok()?;
    Some((state, pgrp))
}

/// Every live (not zombie) process whose process group is `pgrp`.
fn live_in_group(pgrp: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|&pid| matches!(stat(pid), Some((state, g)) if g == pgrp && state != 'Z' && state != 'X'))
        .collect()
}

fn wait_for_file(path: &Path) -> String {
    let limit = Instant::now() + HANG;
    loop {
        if let Ok(text) = std::fs::read_to_string(path)
            && text.ends_with('\n')
        {
            return text;
        }
        assert!(Instant::now() < limit, "the token command never started");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Starts orgdeck with `args` on a profile whose token command leaves `sleep 60` in
/// the background and waits on `sleep 30`, sends `signal` once the command is
/// running, and checks how orgdeck ended and that nothing of the group is left.
fn signalled_while_the_token_command_runs(args: &[&str], signal: (&str, i32)) {
    let (name, number) = signal;
    let case = Case::new(&format!("token-signal-{name}"));
    let ready = case.dir.join("group.pid");
    case.write_config(&format!(
        "[profiles.t]\nbase_url = \"http://127.0.0.1:9\"\nallow_http = true\n\
         token_command = \"sleep 60 & sleep 30 & echo $$ > {}; wait; echo tok\"\n",
        ready.display()
    ));
    let mut command = case.command(None, &[], args);
    // A background job of a non-interactive shell starts with SIGINT ignored, which
    // orgdeck rightly keeps: the test must not depend on how it was itself started.
    // SAFETY: signal() is async-signal-safe, as a pre_exec hook must be.
    unsafe {
        command.pre_exec(move || {
            libc::signal(number, libc::SIG_DFL);
            Ok(())
        });
    }
    let mut child = command.spawn().expect("orgdeck starts");
    let group: u32 = wait_for_file(&ready).trim().parse().expect("a pid");
    let limit = Instant::now() + HANG;
    // `$$` is written before the last `&` returns: wait until both sleeps exist.
    while live_in_group(group).len() < 3 {
        assert!(
            Instant::now() < limit,
            "the group never had its three processes"
        );
        std::thread::sleep(Duration::from_millis(20));
    }

    let killed = std::process::Command::new("kill")
        .arg(format!("-{name}"))
        .arg(child.id().to_string())
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let status = child.wait().expect("orgdeck ends");
    // Killed by the signal itself, or exiting as a shell reports that (128 + N).
    assert!(
        status.signal() == Some(number) || status.code() == Some(128 + number),
        "orgdeck ended with {status:?} after SIG{name}"
    );

    // The group was sent SIGKILL before orgdeck ended; this only waits for the
    // kernel to finish the processes.
    while !live_in_group(group).is_empty() {
        assert!(
            Instant::now() < limit,
            "after SIG{name}, processes {:?} of the token command's group live on",
            live_in_group(group)
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn sigint_during_a_token_command_ends_its_group_and_orgdeck() {
    signalled_while_the_token_command_runs(&["--profile", "t", "whoami"], ("INT", 2));
}

#[test]
fn sigterm_during_a_token_command_ends_its_group_and_orgdeck() {
    signalled_while_the_token_command_runs(&["--profile", "t", "whoami"], ("TERM", 15));
}

#[test]
fn sighup_during_a_token_command_ends_its_group_and_orgdeck() {
    signalled_while_the_token_command_runs(&["--profile", "t", "whoami"], ("HUP", 1));
}

/// The console resolves every profile's token before it takes the terminal.
#[test]
fn a_signal_while_the_console_resolves_tokens_ends_the_group_too() {
    signalled_while_the_token_command_runs(&["--profile", "t"], ("TERM", 15));
}
