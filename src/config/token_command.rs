//! Running a `token_command`: `sh -c` in a process group of its own, with a time
//! limit, bounded pipes, and stop signals that end the group before orgdeck exits.
//! What it prints on stdout is the token and is never shown; its stderr is, with the
//! token blanked out of it.

use std::io::Read;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use super::error::{Diagnostic, shell_quote};
use super::stop_signals::StopSignals;
use super::token::{OUTPUT_LIMIT, checked_token, fail};
use crate::api::secret::Secret;

/// What was read from one of a command's pipes.
struct Captured {
    bytes: Vec<u8>,
    /// More than `OUTPUT_LIMIT` bytes came.
    overflowed: bool,
}

/// Reads a pipe to its end on a thread, keeping the first `OUTPUT_LIMIT` bytes. With
/// `drain`, the rest is read and discarded (a chatty stderr must not block the
/// command); without, reading stops there and the command's next write fails.
fn read_in_background(
    pipe: Option<impl Read + Send + 'static>,
    drain: bool,
) -> mpsc::Receiver<Captured> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let mut overflowed = false;
        if let Some(mut pipe) = pipe {
            let _ = pipe.by_ref().take(OUTPUT_LIMIT + 1).read_to_end(&mut bytes);
            if bytes.len() as u64 > OUTPUT_LIMIT {
                bytes.truncate(OUTPUT_LIMIT as usize);
                overflowed = true;
                if drain {
                    let _ = std::io::copy(&mut pipe, &mut std::io::sink());
                }
            }
        }
        let _ = tx.send(Captured { bytes, overflowed });
    });
    rx
}

/// The process group a token command runs in. Dropping it ends every process still
/// in the group: a command that left something running in the background (`sleep 60
/// &`, an agent that forgot to detach) does not outlive the token it was asked for.
struct Group {
    child: std::process::Child,
    ended: bool,
}

impl Group {
    fn end(&mut self) {
        // Once the shell is reaped its pid, the group's id, may be reused.
        if std::mem::replace(&mut self.ended, true) {
            return;
        }
        #[cfg(unix)]
        if let Ok(pgid) = libc::pid_t::try_from(self.child.id()) {
            // SAFETY: killpg only sends a signal; the group is the one spawned with
            // process_group(0), whose id is the shell's pid, which is not reaped (and
            // so cannot be reused) until the wait below.
            unsafe {
                libc::killpg(pgid, libc::SIGKILL);
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        self.end();
    }
}

/// Runs `sh -c command` with stdin closed and returns its trimmed stdout. It runs in a
/// process group of its own, which is ended when the shell exits or at the time
/// limit, whichever comes first; at most `OUTPUT_LIMIT` bytes of its output are read.
pub(crate) fn run_token_command(
    command: &str,
    timeout: Duration,
) -> Result<Secret, Box<Diagnostic>> {
    let check = format!(
        "run it yourself to see what goes wrong: sh -c {}",
        shell_quote(command)
    );
    // Caught from before the spawn, and declared before the group so that it is
    // dropped (and re-raises) only after the group has been ended.
    let signals = StopSignals::catch();
    let mut group = spawn_in_group(command)?;
    let deadline = Instant::now() + timeout;
    let stdout = read_in_background(group.child.stdout.take(), false);
    let stderr = read_in_background(group.child.stderr.take(), true);
    let status = wait_for_exit(&mut group, signals, (deadline, timeout), command, &check)?;
    // What it printed is in the pipes already; anything it left running would hold
    // them open, so the group is ended before they are read to their end.
    group.end();
    let out = stdout.recv_timeout(Duration::from_secs(2)).map_err(|_| {
        fail(
            format!(
                "token command `{command}` exited but something it started keeps its output open"
            ),
            "do not leave background processes running in token_command (or detach them with setsid)",
        )
    })?;
    let err = stderr
        .recv_timeout(Duration::from_millis(100))
        .map(|c| c.bytes)
        .unwrap_or_default();
    if out.overflowed {
        return Err(fail(
            format!(
                "token command `{command}` printed more than {} KiB on stdout",
                OUTPUT_LIMIT / 1024
            ),
            format!("make it print only the token on stdout; {check}"),
        ));
    }
    let out = Secret::new(String::from_utf8_lossy(&out.bytes).into_owned());
    if !status.success() {
        return Err(failed(command, status, &err, &out, check));
    }
    checked_token(out.expose()).map_err(|flaw| {
        let problem = if flaw == "is empty" {
            format!("token command `{command}` printed nothing on stdout")
        } else {
            format!("the output of token command `{command}` {flaw}")
        };
        fail(
            problem,
            format!("make it print only the token on stdout (e.g. add `| head -n 1`); {check}"),
        )
    })
}

/// Starts the shell in a process group of its own, so that ending the group ends
/// whatever the command started too.
fn spawn_in_group(command: &str) -> Result<Group, Box<Diagnostic>> {
    let mut shell = Command::new("sh");
    shell
        .arg("-c")
        .arg(command)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut shell, 0);
    let child = shell.spawn().map_err(|e| {
        fail(
            format!("cannot start token command `{command}` with sh -c: {e}"),
            "check that sh is installed and on PATH",
        )
    })?;
    Ok(Group {
        child,
        ended: false,
    })
}

/// Waits for the shell to exit; a stop signal, or the deadline that the time limit
/// set, ends the group first.
fn wait_for_exit(
    group: &mut Group,
    signals: StopSignals,
    (deadline, timeout): (Instant, Duration),
    command: &str,
    check: &str,
) -> Result<ExitStatus, Box<Diagnostic>> {
    loop {
        match group.child.try_wait() {
            Ok(Some(status)) => return Ok(status),
            Ok(None) if signals.caught().is_some() => {
                let name = signals.caught().map_or("a signal", |(_, name)| name);
                group.end();
                // Ends orgdeck here, unless something was handling the signal already.
                drop(signals);
                return Err(fail(
                    format!("token command `{command}` was stopped: orgdeck received {name}"),
                    "run the command again",
                ));
            }
            Ok(None) if Instant::now() >= deadline => {
                group.end();
                return Err(fail(
                    format!(
                        "token command `{command}` did not finish within {} s and was stopped",
                        timeout.as_secs_f64()
                    ),
                    format!(
                        "make sure it does not wait for input (a passphrase prompt or a locked store); {check}"
                    ),
                ));
            }
            Ok(None) => thread::sleep(Duration::from_millis(5)),
            Err(e) => {
                return Err(fail(
                    format!("cannot wait for token command `{command}`: {e}"),
                    check,
                ));
            }
        }
    }
}

/// A command that exited unsuccessfully, with the first line it said on stderr
/// (shown to the operator: made visible, and with its stdout blanked out).
fn failed(
    command: &str,
    status: ExitStatus,
    stderr: &[u8],
    stdout: &Secret,
    check: String,
) -> Box<Diagnostic> {
    let stderr_text = String::from_utf8_lossy(stderr);
    let first_line = stderr_text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(|line| blank_out(line, stdout))
        .map(|line| truncate(&crate::text::visible(&line), 200));
    let said = match first_line {
        Some(line) => format!(": {line}"),
        None => " (it printed nothing on stderr)".to_owned(),
    };
    fail(
        format!("token command `{command}` failed ({status}){said}"),
        check,
    )
}

/// `line` with anything the command printed on stdout replaced, in case it echoes it.
fn blank_out(line: &str, stdout: &Secret) -> String {
    let mut line = stdout.redact(line);
    for piece in stdout.expose().lines().map(str::trim) {
        line = Secret::new(piece).redact(&line);
    }
    line
}

fn truncate(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}
