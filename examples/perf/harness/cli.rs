//! Issue 16's CLI figure: `orgdeck users list --json` of the binary measured, against
//! the same sandbox as the consoles, piped into a line count here (`| wc -l`): how
//! many lines, how long, and the CLI's peak RSS from its own rusage.

use std::io::Read;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;

use super::figures::Figures;
use super::launch::Launcher;
use super::procs::temp_dir;
use super::report::{Figure, fmt_ms, ms};

pub const KEYS: [&str; 2] = ["cli_users_list", "cli_users_rss"];

pub fn figures() -> Vec<Figure> {
    vec![
        Figure::new(
            "cli_users_list",
            "CLI: users list --json | wc -l, elapsed",
            "ms",
        ),
        Figure::new("cli_users_rss", "CLI: users list --json, peak RSS", "MiB"),
    ]
}

/// What one `users list --json` did.
pub struct Listed {
    pub lines: u64,
    pub bytes: u64,
    pub elapsed: Duration,
    /// `ru_maxrss` of the child alone (KiB on Linux).
    pub max_rss_kib: u64,
    /// The exit code, or None when a signal ended it.
    pub code: Option<i32>,
    pub stderr: String,
}

/// Runs the CLI once and sets both figures; a CLI that exits non-zero is a figure
/// that failed, with its own message.
pub fn measure(launcher: &Launcher, figures: &mut Figures) -> Result<(), String> {
    let listed = users_list(launcher)?;
    let mib = listed.max_rss_kib as f64 / 1024.0;
    let details = json!({
        "lines": listed.lines, "bytes": listed.bytes, "elapsed_ms": ms(listed.elapsed),
        "max_rss_kib": listed.max_rss_kib, "exit_code": listed.code, "stderr": listed.stderr,
    });
    if listed.code != Some(0) {
        let reason = format!(
            "the CLI exited {} after {} with {} lines (peak RSS {mib:.1} MiB): {}",
            listed.code.map_or("on a signal".into(), |c| c.to_string()),
            fmt_ms(ms(listed.elapsed)),
            listed.lines,
            listed.stderr.trim()
        );
        for key in KEYS {
            let figure = figures.get(key);
            figure.na(reason.clone());
            figure.details = details.clone();
        }
        return Ok(());
    }
    let figure = figures.get("cli_users_list");
    figure.set(
        ms(listed.elapsed),
        format!(
            "{} lines ({:.1} MB) in {}",
            listed.lines,
            listed.bytes as f64 / 1e6,
            fmt_ms(ms(listed.elapsed))
        ),
    );
    figure.details = details.clone();
    figure.note = Some(
        "the binary measured, on the consoles' config, straight to the sandbox; its stdout is counted here as `wc -l` would, and its peak RSS is the child's own ru_maxrss (wait4)".into(),
    );
    let figure = figures.get("cli_users_rss");
    figure.set(mib, format!("{mib:.1} MiB"));
    figure.details = details;
    Ok(())
}

/// `BINARY users list --json`, its stdout read as it comes and counted.
pub fn users_list(launcher: &Launcher) -> Result<Listed, String> {
    let dir = temp_dir("cli")?;
    let started = Instant::now();
    let mut child = launcher
        .command(&["users", "list", "--json"], dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|err| format!("cannot start the CLI: {err}"))?;
    let stderr = child.stderr.take().map(|mut pipe| {
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = pipe.read_to_string(&mut text);
            text
        })
    });
    let mut stdout = child.stdout.take().ok_or("the CLI has no stdout")?;
    let (mut lines, mut bytes) = (0u64, 0u64);
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        match stdout.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                bytes += n as u64;
                lines += buf[..n].iter().filter(|&&b| b == b'\n').count() as u64;
            }
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
            Err(err) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("cannot read the CLI's output: {err}"));
            }
        }
    }
    drop(stdout);
    let (code, max_rss_kib) = reap(&child)?;
    let elapsed = started.elapsed();
    let stderr = stderr
        .and_then(|reader| reader.join().ok())
        .unwrap_or_default();
    Ok(Listed {
        lines,
        bytes,
        elapsed,
        max_rss_kib,
        code,
        stderr,
    })
}

/// Waits for the child with `wait4`, which gives its own rusage: `getrusage`'s
/// RUSAGE_CHILDREN would be the largest of every child reaped so far, sandboxes
/// included. Returns the exit code (None on a signal) and `ru_maxrss`.
fn reap(child: &Child) -> Result<(Option<i32>, u64), String> {
    let pid = libc::pid_t::try_from(child.id()).map_err(|_| "the CLI's pid is out of range")?;
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain integers, for which all zeroes is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: both pointers are to live locals that wait4 only writes; the pid is
        // our own unreaped child (std's `Child` is never waited for after this).
        let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if reaped == pid {
            break;
        }
        let err = std::io::Error::last_os_error();
        if err.kind() != std::io::ErrorKind::Interrupted {
            return Err(format!("cannot wait for the CLI: {err}"));
        }
    }
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    Ok((code, u64::try_from(usage.ru_maxrss).unwrap_or(0)))
}
