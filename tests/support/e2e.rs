//! A harness for driving the real `orgdeck` console in a pseudo-terminal.
//!
//! [`Console::spawn`] starts the binary in an 80x24 PTY with a private config path and
//! state directory (passed to the child only; the test process's environment is never
//! changed), through the PTY driver the benchmark uses too ([`super::pty`]): it keeps
//! every byte the console writes (to check the escape sequences that set up and
//! restore the terminal) and the screen as a terminal would show it. Tests type with
//! [`Console::send`] and wait for screen states with [`Console::wait_for`], which ends
//! as soon as the awaited output is read; nothing here sleeps for a fixed time to let
//! the console "catch up", except the short pause after a lone Esc that keeps it from
//! being read as the start of an escape sequence.
//!
//! Dropping a [`Console`] (or a [`SandboxProcess`]) kills the child if it still runs
//! and reaps it, so a failing test leaves no process behind.

#![allow(dead_code)]

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use portable_pty::ExitStatus;

use super::procs;
pub use super::procs::{Sandbox as SandboxProcess, TempDir};
use super::pty::{self, Spawn};

// Re-exported so that an area's tests need one `use`; not every binary uses each.
#[allow(unused_imports)]
pub use super::{ADMIN, CUSTOMER};

/// What a demo tenant's SERVER column says until its sandbox is up.
pub const STARTING: &str = "starting…";

pub const ROWS: u16 = 24;
pub const COLS: u16 = 80;

/// How long to wait for things that should happen (a screen, an answer, an exit).
pub const WAIT: Duration = Duration::from_secs(10);
/// How often a child's exit is looked for (an exit is not an output event).
const POLL: Duration = Duration::from_millis(20);
/// The pause after a lone Esc: crossterm reads an Esc followed at once by more bytes
/// as the start of an escape sequence (or Alt+key).
const ESC_PAUSE: Duration = Duration::from_millis(100);

pub const ENTER: &str = pty::ENTER;
pub const TAB: &str = "\t";
pub const UP: &str = "\x1b[A";
pub const DOWN: &str = "\x1b[B";
pub const RIGHT: &str = "\x1b[C";
pub const LEFT: &str = "\x1b[D";
pub const BACKSPACE: &str = pty::BACKSPACE;
pub const CTRL_S: &str = "\x13";

/// Terminal set-up and restore sequences (crossterm's spelling).
pub const ENTER_ALT_SCREEN: &str = "\x1b[?1049h";
pub const LEAVE_ALT_SCREEN: &str = "\x1b[?1049l";
pub const SHOW_CURSOR: &str = "\x1b[?25h";
pub const BRACKETED_PASTE_ON: &str = "\x1b[?2004h";
pub const BRACKETED_PASTE_OFF: &str = "\x1b[?2004l";

/// A private directory for one test, removed when dropped.
fn temp_dir(name: &str) -> TempDir {
    procs::temp_dir(name).unwrap_or_else(|err| panic!("{err}"))
}

/// How to start the console.
pub struct Options {
    /// The config file's contents; None leaves the file missing (embedded sandbox).
    pub config: Option<String>,
    /// Extra variables for the child only.
    pub env: Vec<(String, String)>,
    pub args: Vec<String>,
}

impl Options {
    /// No config file, no extra environment: the console on the embedded sandboxes'
    /// demo, one tenant per backend.
    pub fn sandbox() -> Options {
        Options {
            config: None,
            env: Vec::new(),
            args: Vec::new(),
        }
    }

    /// The default backend's demo alone (`--sandbox=NAME`): all its demo tenants.
    pub fn default_demo() -> Options {
        let mut options = Options::sandbox();
        let name = orgdeck::backends::default().name;
        options.args.push(format!("--sandbox={name}"));
        options
    }

    pub fn env(mut self, key: &str, value: &str) -> Options {
        self.env.push((key.to_owned(), value.to_owned()));
        self
    }

    pub fn config(mut self, text: impl Into<String>) -> Options {
        self.config = Some(text.into());
        self
    }
}

/// The real console, running in a PTY.
pub struct Console {
    pty: pty::Console,
    pub dir: TempDir,
}

impl Console {
    pub fn spawn(name: &str, options: Options) -> Console {
        let dir = temp_dir(name);
        let config = dir.path().join("config.toml");
        if let Some(text) = &options.config {
            std::fs::write(&config, text).expect("the config file is written");
        }
        let pty = pty::Console::spawn(Spawn {
            binary: Path::new(env!("CARGO_BIN_EXE_orgdeck")),
            config: &config,
            state_dir: &dir.path().join("state"),
            home: dir.path(),
            env: options.env,
            args: options.args,
            rows: ROWS,
            cols: COLS,
        })
        .unwrap_or_else(|err| panic!("{err}"));
        Console { pty, dir }
    }

    /// The console on the default backend's demo tenants, waited for until they are
    /// listed and their sandbox is up.
    pub fn sandbox(name: &str) -> Console {
        let mut console = Console::with_options(name, Options::default_demo());
        console.wait_for("the sandbox up", |s| !s.contains(STARTING));
        console
    }

    /// Starts the console and waits for its first screen.
    pub fn with_options(name: &str, options: Options) -> Console {
        let mut console = Console::spawn(name, options);
        console.wait_for_text("Tenants (");
        console
    }

    // ---- output ------------------------------------------------------------------

    /// The screen as text: exactly one line per row (so row N is line N), trailing
    /// blanks trimmed.
    pub fn screen(&self) -> String {
        self.pty.now(|now| now.text())
    }

    /// The screen's rows, each exactly as wide as the terminal.
    pub fn rows(&self) -> Vec<String> {
        self.pty.now(|now| now.rows())
    }

    /// The emulated terminal's modes: (alternate screen, cursor hidden, bracketed paste).
    pub fn modes(&self) -> (bool, bool, bool) {
        self.pty.now(|now| {
            (
                now.screen.alternate_screen(),
                now.screen.hide_cursor(),
                now.screen.bracketed_paste(),
            )
        })
    }

    /// Everything the console has written so far.
    pub fn raw(&self) -> Vec<u8> {
        self.pty.raw()
    }

    pub fn raw_len(&self) -> usize {
        self.pty.raw_len()
    }

    /// Whether the PTY reports the end of output (the child and its slave side are gone).
    pub fn output_closed(&self) -> bool {
        self.pty.now(|now| now.eof)
    }

    // ---- input -------------------------------------------------------------------

    /// Writes raw bytes to the console's terminal ("\r" is Enter, "\t" Tab...).
    pub fn send(&mut self, keys: &str) {
        assert!(
            !keys.ends_with('\x1b'),
            "send a lone Esc with esc(), so it is not merged with the next key"
        );
        if let Err(err) = self.pty.send(keys) {
            panic!("{err}\n{}", self.describe());
        }
    }

    /// Esc on its own, then a pause so it is not read as the start of a sequence.
    pub fn esc(&mut self) {
        std::thread::sleep(ESC_PAUSE);
        if let Err(err) = self.pty.send("\x1b") {
            panic!("{err}\n{}", self.describe());
        }
        std::thread::sleep(ESC_PAUSE);
    }

    // ---- waiting -----------------------------------------------------------------

    /// Waits until `ready` holds for the screen; returns that screen. Fails the test
    /// with the last screen when `timeout` passes (or the output ends) first.
    pub fn wait_for_with(
        &mut self,
        what: &str,
        timeout: Duration,
        ready: impl Fn(&str) -> bool,
    ) -> String {
        let waited = self.pty.wait_now(timeout, what, |now| ready(&now.text()));
        if let Err(err) = waited {
            panic!("{err}\n{}", self.describe());
        }
        self.screen()
    }

    /// [`Console::wait_for_with`] with the default timeout.
    pub fn wait_for(&mut self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        self.wait_for_with(what, WAIT, ready)
    }

    /// Waits until `text` is on the screen.
    pub fn wait_for_text(&mut self, text: &str) -> String {
        let what = format!("{text:?} on screen");
        self.wait_for(&what, |screen| screen.contains(text))
    }

    /// Waits until `text` is gone from the screen.
    pub fn wait_for_gone(&mut self, text: &str) -> String {
        let what = format!("{text:?} to leave the screen");
        self.wait_for(&what, |screen| !screen.contains(text))
    }

    /// Waits until `ready` holds for the raw output.
    pub fn wait_for_raw(&mut self, what: &str, timeout: Duration, ready: impl Fn(&[u8]) -> bool) {
        let what = format!("{what} in the output");
        if let Err(err) = self.pty.wait_now(timeout, &what, |now| ready(now.raw)) {
            panic!("{err}\n{}", self.describe());
        }
    }

    // ---- the process -------------------------------------------------------------

    pub fn pid(&self) -> u32 {
        assert_ne!(self.pty.pid, 0, "the console's process id is unknown");
        self.pty.pid
    }

    /// Sends a signal with `kill -SIG pid`.
    pub fn signal(&self, signal: &str) {
        let status = Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(self.pid().to_string())
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill -{signal} failed: {status}");
    }

    /// The exit status, if the child has exited (it is reaped here).
    pub fn try_exit(&mut self) -> Option<ExitStatus> {
        self.pty.try_exit()
    }

    /// Waits for the child to exit; fails the test with the last screen if it does not.
    pub fn wait_exit(&mut self, timeout: Duration) -> ExitStatus {
        let started = Instant::now();
        loop {
            if let Some(status) = self.try_exit() {
                return status;
            }
            if started.elapsed() >= timeout {
                panic!(
                    "the console did not exit within {:.1}s\n{}",
                    timeout.as_secs_f64(),
                    self.describe()
                );
            }
            std::thread::sleep(POLL);
        }
    }

    /// Waits for the end of the console's output (after it exits), so that the raw
    /// copy holds everything it wrote.
    pub fn wait_output_closed(&mut self, timeout: Duration) {
        if let Err(err) = self
            .pty
            .wait_now(timeout, "the end of the output", |now| now.eof)
        {
            panic!("{err}\n{}", self.describe());
        }
    }

    /// The last screen and the tail of the raw output, for failure messages.
    pub fn describe(&mut self) -> String {
        let raw = self.raw();
        let tail = &raw[raw.len().saturating_sub(300)..];
        let exit = self.try_exit();
        format!(
            "--- last screen ({}x{}) ---\n{}\n--- end of screen ---\nlast output bytes: {:?}\nexited: {:?}",
            COLS,
            ROWS,
            self.rows().join("\n"),
            String::from_utf8_lossy(tail),
            exit,
        )
    }
}

// ---- screen helpers ----------------------------------------------------------------

/// The rows between the header (row 0) and the status and footer lines (the last two):
/// the lists, and whatever overlay covers them.
pub fn body(screen: &str) -> Vec<&str> {
    let lines: Vec<&str> = screen.split('\n').collect();
    let end = (ROWS as usize - 2).min(lines.len());
    lines.get(1..end).map(<[&str]>::to_vec).unwrap_or_default()
}

/// The status line (notices, the filter).
pub fn status_line(screen: &str) -> &str {
    screen
        .split('\n')
        .nth(ROWS as usize - 2)
        .unwrap_or_default()
}

/// The row under the list cursor (it starts with the marker).
pub fn selected_row(screen: &str) -> Option<&str> {
    body(screen)
        .into_iter()
        .find(|line| line.trim_start_matches('│').starts_with("› "))
}

/// The line index (in `screen`) of the first line containing `text`.
pub fn line_of(screen: &str, text: &str) -> Option<usize> {
    screen.split('\n').position(|line| line.contains(text))
}

/// SGR sequences in `bytes` that set a colour (foreground/background 30–37, 40–47,
/// 90–97, 100–107, and 38/48/58 extended colours). 39, 49 and 59 (back to the default
/// colours) and plain attributes (bold, reverse...) are not colours.
pub fn colour_codes(bytes: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] == 0x1b && bytes[i + 1] == b'[' {
            let start = i + 2;
            let mut end = start;
            while end < bytes.len() && (bytes[end].is_ascii_digit() || bytes[end] == b';') {
                end += 1;
            }
            if end < bytes.len() && bytes[end] == b'm' {
                let params = String::from_utf8_lossy(&bytes[start..end]).into_owned();
                let colour = params.split(';').any(|part| {
                    matches!(
                        part.parse::<u32>(),
                        Ok(30..=38 | 40..=48 | 58 | 90..=97 | 100..=107)
                    )
                });
                if colour {
                    found.push(format!("ESC[{params}m"));
                }
                i = end + 1;
                continue;
            }
            i = end.max(start);
            continue;
        }
        i += 1;
    }
    found
}

/// Where `needle` last occurs in `haystack`.
pub fn rfind(haystack: &[u8], needle: &str) -> Option<usize> {
    let needle = needle.as_bytes();
    haystack
        .windows(needle.len())
        .rposition(|window| window == needle)
}

// ---- a sandbox in a process of its own ---------------------------------------------

/// Starts `orgdeck sandbox --listen 127.0.0.1:0` with `extra` arguments and waits for
/// the line that says where it listens.
pub fn start_sandbox(extra: &[&str]) -> SandboxProcess {
    let extra: Vec<String> = extra.iter().map(|arg| (*arg).to_owned()).collect();
    SandboxProcess::start(Path::new(env!("CARGO_BIN_EXE_orgdeck")), &extra, WAIT * 2)
        .unwrap_or_else(|err| panic!("{err}"))
}
