//! The real console in a pseudo-terminal, with a log of everything it wrote: the one
//! PTY driver of the end-to-end tests (`tests/support/e2e.rs`) and the benchmark
//! harness (`examples/perf`, which includes this file as its `term` module).
//!
//! A reader thread timestamps every chunk of output as it is read, keeps the raw bytes,
//! and feeds a `vt100` parser. Every frame ratatui draws ends with the cursor-hide
//! sequence ([`FRAME_END`]); at each one the thread records a [`Frame`]: when the chunk
//! that completed it was read, where its bytes are in the raw log, and the screen as it
//! stood right after it. The parser's live state (what a terminal shows between frames,
//! and after the console has restored the terminal) can be read and waited for too.
//! Waiting is on a condition variable, so a wait ends as soon as the awaited output is
//! read (no polling delay adds to a sample's cost, nor to a test's).

// The benchmark uses the frames, the tests mostly the live state: each leaves some unused.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

use super::procs::SCRUBBED;

/// The escape sequence that ends every frame ratatui draws (hide the cursor).
pub const FRAME_END: &[u8] = b"\x1b[?25l";

pub const ENTER: &str = "\r";
pub const BACKSPACE: &str = "\x7f";
pub const PAGE_DOWN: &str = "\x1b[6~";

/// One frame as the terminal received it.
#[derive(Debug, Clone)]
pub struct Frame {
    /// When the chunk holding the frame's last byte was read from the PTY.
    pub end: Instant,
    /// The frame's bytes in the raw log: from the end of the previous frame to the end
    /// of this one's [`FRAME_END`].
    pub start: usize,
    pub end_offset: usize,
    /// The screen right after the frame, one string per row.
    pub rows: Arc<Vec<String>>,
}

impl Frame {
    pub fn bytes(&self) -> usize {
        self.end_offset - self.start
    }

    pub fn row(&self, index: usize) -> &str {
        self.rows.get(index).map_or("", String::as_str)
    }

    pub fn last_row(&self) -> &str {
        self.rows.last().map_or("", String::as_str)
    }

    /// The status line (second to last row): notices, the filter, the command line.
    pub fn status_row(&self) -> &str {
        self.row(self.rows.len().saturating_sub(2))
    }

    pub fn contains(&self, text: &str) -> bool {
        self.rows.iter().any(|row| row.contains(text))
    }

    pub fn screen(&self) -> String {
        self.rows
            .iter()
            .map(|row| row.trim_end())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The row under the list cursor of a people list, and the email it shows: the
    /// first marker ("› ") followed by a word with an `@` (the tenants pane's marker is
    /// followed by a profile name, so beside a people list it is skipped).
    pub fn selected_person(&self) -> Option<(usize, String)> {
        for (index, row) in self.rows.iter().enumerate() {
            for (at, _) in row.match_indices("› ") {
                let word: String = row[at + "› ".len()..]
                    .chars()
                    .take_while(|c| !c.is_whitespace())
                    .collect();
                if word.contains('@') {
                    return Some((index, word));
                }
            }
        }
        None
    }
}

struct Log {
    raw: Vec<u8>,
    frames: Vec<Frame>,
    eof: bool,
    parser: vt100::Parser,
}

/// The terminal as it stands now, for a wait's condition.
pub struct Now<'a> {
    /// Everything the console has written so far.
    pub raw: &'a [u8],
    /// Whether the output has ended (the console and its side of the PTY are gone).
    pub eof: bool,
    /// The emulated terminal (screen contents and modes) after the last byte read.
    pub screen: &'a vt100::Screen,
}

impl Now<'_> {
    /// The screen's rows, each exactly as wide as the terminal.
    pub fn rows(&self) -> Vec<String> {
        self.screen.rows(0, self.screen.size().1.get()).collect()
    }

    /// The screen as text: one line per row, trailing blanks trimmed.
    pub fn text(&self) -> String {
        self.rows()
            .iter()
            .map(|row| row.trim_end())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

type Shared = Arc<(Mutex<Log>, Condvar)>;

fn lock(shared: &Shared) -> MutexGuard<'_, Log> {
    shared.0.lock().unwrap_or_else(PoisonError::into_inner)
}

/// How to start one console.
pub struct Spawn<'a> {
    pub binary: &'a Path,
    pub config: &'a Path,
    pub state_dir: &'a Path,
    pub home: &'a Path,
    pub env: Vec<(String, String)>,
    pub args: Vec<String>,
    pub rows: u16,
    pub cols: u16,
}

/// The console process in its PTY; killed and reaped when dropped.
pub struct Console {
    shared: Shared,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    exit: Option<ExitStatus>,
    // Kept open for the PTY's lifetime (dropping it hangs the terminal up).
    _master: Box<dyn MasterPty + Send>,
    /// Just before the process was started.
    pub exec_at: Instant,
    pub pid: u32,
    pub rows: u16,
}

impl Console {
    pub fn spawn(spec: Spawn<'_>) -> Result<Console, String> {
        let size = |n: u16| NonZeroU16::new(n).ok_or("a terminal size must not be 0");
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: spec.rows,
                cols: spec.cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .map_err(|err| format!("cannot open a pseudo-terminal: {err}"))?;
        let mut command = CommandBuilder::new(spec.binary);
        command.args(&spec.args);
        command.cwd(spec.home);
        for name in SCRUBBED {
            command.env_remove(name);
        }
        command.env("TERM", "xterm-256color");
        command.env("HOME", spec.home);
        command.env("ORGDECK_CONFIG", spec.config);
        command.env("ORGDECK_STATE_DIR", spec.state_dir);
        for (key, value) in &spec.env {
            command.env(key, value);
        }
        let mut reader = pair
            .master
            .try_clone_reader()
            .map_err(|err| format!("cannot read the PTY: {err}"))?;
        let writer = pair
            .master
            .take_writer()
            .map_err(|err| format!("cannot write to the PTY: {err}"))?;
        let parser = vt100::Parser::new(size(spec.rows)?, size(spec.cols)?, 0);
        let log = Log {
            raw: Vec::new(),
            frames: Vec::new(),
            eof: false,
            parser,
        };
        let shared: Shared = Arc::new((Mutex::new(log), Condvar::new()));
        let cols = spec.cols;

        let exec_at = Instant::now();
        let child = pair
            .slave
            .spawn_command(command)
            .map_err(|err| format!("cannot start {}: {err}", spec.binary.display()))?;
        // Only the child holds the slave side now, so reads end when it exits.
        drop(pair.slave);
        let pid = child.process_id().unwrap_or(0);
        {
            let shared = shared.clone();
            std::thread::Builder::new()
                .name("pty-reader".into())
                .spawn(move || {
                    let mut buf = vec![0u8; 64 * 1024];
                    let mut matched = 0usize;
                    let mut frame_start = 0usize;
                    loop {
                        let n = match reader.read(&mut buf) {
                            Ok(0) | Err(_) => break,
                            Ok(n) => n,
                        };
                        let now = Instant::now();
                        let chunk = &buf[..n];
                        let mut log = lock(&shared);
                        let base = log.raw.len();
                        log.raw.extend_from_slice(chunk);
                        let mut fed = 0;
                        for (i, &byte) in chunk.iter().enumerate() {
                            // FRAME_END has no repeated prefix but its first byte (ESC).
                            if byte == FRAME_END[matched] {
                                matched += 1;
                            } else {
                                matched = usize::from(byte == FRAME_END[0]);
                            }
                            if matched == FRAME_END.len() {
                                matched = 0;
                                log.parser.process(&chunk[fed..=i]);
                                fed = i + 1;
                                let end_offset = base + i + 1;
                                let rows: Vec<String> = log.parser.screen().rows(0, cols).collect();
                                log.frames.push(Frame {
                                    end: now,
                                    start: frame_start,
                                    end_offset,
                                    rows: Arc::new(rows),
                                });
                                frame_start = end_offset;
                            }
                        }
                        log.parser.process(&chunk[fed..]);
                        drop(log);
                        shared.1.notify_all();
                    }
                    lock(&shared).eof = true;
                    shared.1.notify_all();
                })
                .map_err(|err| format!("cannot start the PTY reader: {err}"))?;
        }
        Ok(Console {
            shared,
            writer,
            child,
            exit: None,
            _master: pair.master,
            exec_at,
            pid,
            rows: spec.rows,
        })
    }

    pub fn frame_count(&self) -> usize {
        lock(&self.shared).frames.len()
    }

    pub fn last_frame(&self) -> Option<Frame> {
        lock(&self.shared).frames.last().cloned()
    }

    pub fn raw_len(&self) -> usize {
        lock(&self.shared).raw.len()
    }

    /// Writes keys to the terminal; returns the instant just before the write.
    pub fn send(&mut self, keys: &str) -> Result<Instant, String> {
        let at = Instant::now();
        self.writer
            .write_all(keys.as_bytes())
            .and_then(|()| self.writer.flush())
            .map_err(|err| format!("cannot type {keys:?}: {err}"))?;
        Ok(at)
    }

    /// Waits for the first frame at index `from` or later for which `ready` holds.
    pub fn wait_frame(
        &self,
        from: usize,
        timeout: Duration,
        what: &str,
        ready: impl Fn(&Frame) -> bool,
    ) -> Result<(usize, Frame), String> {
        let deadline = Instant::now() + timeout;
        let mut log = lock(&self.shared);
        let mut index = from;
        loop {
            while index < log.frames.len() {
                if ready(&log.frames[index]) {
                    return Ok((index, log.frames[index].clone()));
                }
                index += 1;
            }
            let last = log
                .frames
                .last()
                .map_or_else(|| "(nothing drawn yet)".to_owned(), Frame::screen);
            if log.eof {
                return Err(format!(
                    "the console's output ended while waiting for {what}; last screen:\n{last}"
                ));
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(format!(
                    "timed out after {:.1} s waiting for {what}; last screen:\n{last}",
                    timeout.as_secs_f64()
                ));
            }
            log = self
                .shared
                .1
                .wait_timeout(log, deadline - now)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    /// Types `keys` and waits for the frame drawn in response: the first frame read
    /// after the write for which `ready` holds. Returns the time from the write to the
    /// end of that frame, and the frame.
    pub fn key_to_frame(
        &mut self,
        keys: &str,
        timeout: Duration,
        what: &str,
        ready: impl Fn(&Frame) -> bool,
    ) -> Result<(Duration, Frame), String> {
        let from = self.frame_count();
        let sent = self.send(keys)?;
        let (_, frame) = self.wait_frame(from, timeout, what, |f| f.end >= sent && ready(f))?;
        Ok((frame.end.saturating_duration_since(sent), frame))
    }

    /// Everything the console has written so far.
    pub fn raw(&self) -> Vec<u8> {
        lock(&self.shared).raw.clone()
    }

    /// Reads the terminal as it stands now.
    pub fn now<T>(&self, read: impl FnOnce(&Now<'_>) -> T) -> T {
        let log = lock(&self.shared);
        read(&Now {
            raw: &log.raw,
            eof: log.eof,
            screen: log.parser.screen(),
        })
    }

    /// Waits until `ready` holds for the terminal as it stands (looked at again after
    /// every chunk of output). Fails with the last screen when `timeout` passes, or when
    /// the output ends with `ready` still false.
    pub fn wait_now(
        &self,
        timeout: Duration,
        what: &str,
        ready: impl Fn(&Now<'_>) -> bool,
    ) -> Result<(), String> {
        let deadline = Instant::now() + timeout;
        let mut log = lock(&self.shared);
        loop {
            let now = Now {
                raw: &log.raw,
                eof: log.eof,
                screen: log.parser.screen(),
            };
            if ready(&now) {
                return Ok(());
            }
            if now.eof {
                return Err(format!(
                    "the console's output ended while waiting for {what}; last screen:\n{}",
                    now.text()
                ));
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(format!(
                    "timed out after {:.1} s waiting for {what}; last screen:\n{}",
                    timeout.as_secs_f64(),
                    now.text()
                ));
            }
            log = self
                .shared
                .1
                .wait_timeout(log, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    /// The exit status, once the process has exited (it is reaped here).
    pub fn try_exit(&mut self) -> Option<ExitStatus> {
        if self.exit.is_none() {
            self.exit = self.child.try_wait().ok().flatten();
        }
        self.exit.clone()
    }

    /// Whether the process has exited (reaping it if so).
    pub fn has_exited(&mut self) -> bool {
        self.try_exit().is_some()
    }

    /// Asks the console to quit (`q`), then makes sure it is gone.
    pub fn close(mut self) {
        let _ = self.send("q");
        let deadline = Instant::now() + Duration::from_secs(3);
        while !self.has_exited() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        // Drop kills it if it is still there.
    }
}

impl Drop for Console {
    fn drop(&mut self) {
        if !self.has_exited() {
            // SIGHUP, then SIGKILL after a grace period (portable-pty's kill).
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
