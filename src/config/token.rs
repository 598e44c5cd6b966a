//! Where a profile's token comes from, and fetching it only when it is needed.
//!
//! Every message here names the source (variable, file, command) and never the token: a
//! command's stdout is never shown, and its stderr is shown with anything it printed on
//! stdout blanked out.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use super::error::{ConfigError, Diagnostic, shell_quote};
use super::paths::{display_path, process_env};
use super::stop_signals::StopSignals;
use crate::api::secret::Secret;

/// How long a `token_command` may run.
pub const TOKEN_COMMAND_TIMEOUT: Duration = Duration::from_secs(10);

/// The most of a token command's stdout or stderr that is read, and the largest token
/// file that is read: a token is one line, and a runaway command or a file pointed
/// at the wrong place must not fill memory.
pub(crate) const OUTPUT_LIMIT: u64 = 64 * 1024;

/// Where a token comes from. `Debug` is safe: an inline token is a [`Secret`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenSource {
    /// `token_env`: the name of an environment variable holding the token.
    Env(String),
    /// `token_command`: run with `sh -c`; its trimmed stdout is the token.
    Command(String),
    /// `token_file`: a file (mode 0600 or stricter) holding the token; `~` already expanded.
    File(PathBuf),
    /// `token` with `allow_inline_token = true`, or the embedded sandbox's demo token.
    Inline(Secret),
}

impl TokenSource {
    /// The config key this source is written with.
    pub fn key(&self) -> &'static str {
        match self {
            TokenSource::Env(_) => "token_env",
            TokenSource::Command(_) => "token_command",
            TokenSource::File(_) => "token_file",
            TokenSource::Inline(_) => "token",
        }
    }

    /// Fetches the token now, from the process environment / the file / the command.
    pub fn resolve(&self) -> Result<Secret, ConfigError> {
        self.resolve_with(process_env)
    }

    /// As [`TokenSource::resolve`], reading environment variables through `env` (the
    /// command still runs with the process environment).
    pub fn resolve_with(
        &self,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Secret, ConfigError> {
        self.fetch(&env, TOKEN_COMMAND_TIMEOUT)
            .map_err(ConfigError::Token)
    }

    pub(crate) fn fetch(
        &self,
        env: &dyn Fn(&str) -> Option<String>,
        command_timeout: Duration,
    ) -> Result<Secret, Box<Diagnostic>> {
        match self {
            TokenSource::Env(name) => {
                let Some(value) = env(name) else {
                    return Err(fail(
                        format!("environment variable {name} (token_env) is not set"),
                        format!("export {name} before starting orgdeck, or change token_env"),
                    ));
                };
                checked_token(&value).map_err(|flaw| {
                    fail(
                        format!("environment variable {name} (token_env) {flaw}"),
                        format!("set {name} to the token alone"),
                    )
                })
            }
            TokenSource::File(path) => read_token_file(path, env),
            TokenSource::Command(command) => run_token_command(command, command_timeout),
            TokenSource::Inline(secret) => checked_token(secret.expose()).map_err(|flaw| {
                fail(
                    format!("the inline token {flaw}"),
                    "set `token` to the token alone, or better use token_env",
                )
            }),
        }
    }

    /// What an operator sees in `orgdeck info`: the source and whether it looks usable,
    /// without reading the token (the file's mode is checked; its contents are not read).
    pub fn describe(&self) -> String {
        self.describe_with(process_env)
    }

    /// As [`TokenSource::describe`], reading environment variables through `env`.
    pub fn describe_with(&self, env: impl Fn(&str) -> Option<String>) -> String {
        let env = &env as &dyn Fn(&str) -> Option<String>;
        match self {
            TokenSource::Env(name) => match env(name) {
                Some(value) if value.trim().is_empty() => format!("env {name} (set but empty)"),
                Some(_) => format!("env {name} (set)"),
                None => format!("env {name} (not set)"),
            },
            TokenSource::File(path) => {
                let shown = display_path(path, env);
                match std::fs::metadata(path) {
                    Err(_) => format!("file {shown} (missing)"),
                    Ok(meta) => match file_mode(&meta) {
                        Some(mode) if mode & 0o077 != 0 => format!(
                            "file {shown} (mode {mode:04o}, too open: chmod 600 {})",
                            shell_quote(&shown)
                        ),
                        Some(mode) => format!("file {shown} (mode {mode:04o})"),
                        None => format!("file {shown}"),
                    },
                }
            }
            TokenSource::Command(command) => format!("command `{command}`"),
            TokenSource::Inline(_) => "inline in config (discouraged)".to_owned(),
        }
    }
}

fn fail(problem: impl Into<String>, fix: impl Into<String>) -> Box<Diagnostic> {
    Box::new(Diagnostic::new(problem).fix(fix))
}

/// The permission bits of a file, where the platform has them.
#[cfg(unix)]
fn file_mode(meta: &std::fs::Metadata) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    Some(meta.permissions().mode() & 0o7777)
}

#[cfg(not(unix))]
fn file_mode(_meta: &std::fs::Metadata) -> Option<u32> {
    None
}

/// The trimmed token, or what is wrong with the text (never including it).
fn checked_token(text: &str) -> Result<Secret, &'static str> {
    let token = text.trim();
    if token.is_empty() {
        return Err("is empty");
    }
    if token.chars().any(char::is_control) {
        return Err("holds more than one line (or control characters)");
    }
    let secret = Secret::new(token);
    secret.remember();
    Ok(secret)
}

fn read_token_file(
    path: &Path,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Secret, Box<Diagnostic>> {
    let shown = display_path(path, env);
    let meta = std::fs::metadata(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            fail(
                format!("token file {shown} does not exist"),
                format!(
                    "create it with the token in it (umask 077; cat > {}) or correct token_file",
                    shell_quote(&shown)
                ),
            )
        } else {
            fail(
                format!("cannot read token file {shown}: {e}"),
                "check the path and its permissions",
            )
        }
    })?;
    if !meta.is_file() {
        return Err(fail(
            format!("token file {shown} is not a regular file"),
            "point token_file at a file that holds only the token",
        ));
    }
    if let Some(mode) = file_mode(&meta).filter(|mode| mode & 0o077 != 0) {
        return Err(fail(
            format!(
                "token file {shown} has mode {mode:04o}: group or others can access it, so orgdeck refuses to use it"
            ),
            format!("chmod 600 {}", shell_quote(&path.display().to_string())),
        ));
    }
    let too_large = || {
        fail(
            format!(
                "token file {shown} is larger than {} KiB, too large to hold a token",
                OUTPUT_LIMIT / 1024
            ),
            "point token_file at a file that holds only the token",
        )
    };
    if meta.len() > OUTPUT_LIMIT {
        return Err(too_large());
    }
    let cannot_read = |e: std::io::Error| {
        fail(
            format!("cannot read token file {shown}: {e}"),
            "check that you own the file and can read it",
        )
    };
    let mut bytes = Vec::new();
    // Read with a cap too: the file can grow between the check and the read.
    std::fs::File::open(path)
        .and_then(|file| file.take(OUTPUT_LIMIT + 1).read_to_end(&mut bytes))
        .map_err(cannot_read)?;
    if bytes.len() as u64 > OUTPUT_LIMIT {
        return Err(too_large());
    }
    let text = String::from_utf8(bytes).map_err(|_| {
        fail(
            format!("token file {shown} is not UTF-8 text"),
            "write the token into it as plain text",
        )
    })?;
    checked_token(&text).map_err(|flaw| {
        fail(
            format!("token file {shown} {flaw}"),
            "put only the token in the file (a trailing newline is fine)",
        )
    })
}

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
    let mut shell = Command::new("sh");
    shell
        .arg("-c")
        .arg(command)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut shell, 0);
    // Caught from before the spawn, and declared before the group so that it is
    // dropped (and re-raises) only after the group has been ended.
    let signals = StopSignals::catch();
    let child = shell.spawn().map_err(|e| {
        fail(
            format!("cannot start token command `{command}` with sh -c: {e}"),
            "check that sh is installed and on PATH",
        )
    })?;
    let mut group = Group {
        child,
        ended: false,
    };
    let deadline = Instant::now() + timeout;
    let stdout = read_in_background(group.child.stdout.take(), false);
    let stderr = read_in_background(group.child.stderr.take(), true);

    let status = loop {
        match group.child.try_wait() {
            Ok(Some(status)) => break status,
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
    };
    // What it printed is in the pipes already; anything it left running would hold
    // them open, so the group is ended before they are read to their end.
    group.end();
    let pipes_closed = |rx: &mpsc::Receiver<Captured>| {
        rx.recv_timeout(Duration::from_secs(2)).map_err(|_| {
            fail(
                format!(
                    "token command `{command}` exited but something it started keeps its output open"
                ),
                "do not leave background processes running in token_command (or detach them with setsid)",
            )
        })
    };
    let out = pipes_closed(&stdout)?;
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
        let stderr_text = String::from_utf8_lossy(&err);
        // The command's stderr is shown to the operator: it is text, never control.
        let first_line = stderr_text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .map(|line| blank_out(line, &out))
            .map(|line| truncate(&crate::text::visible(&line), 200));
        let said = match first_line {
            Some(line) => format!(": {line}"),
            None => " (it printed nothing on stderr)".to_owned(),
        };
        return Err(fail(
            format!("token command `{command}` failed ({status}){said}"),
            check,
        ));
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
