//! Logs go to a file in the state directory, never to the terminal: the console
//! owns the screen, and scripts own stdout and stderr.

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;

use crate::api::secret;

pub const LOG_FILE: &str = "orgdeck.log";

/// Starts file logging at `level` (default `info`). Returns the guard that flushes
/// the log on drop, or None when the log file cannot be used (then nothing is logged,
/// and that is not worth failing a command over).
pub fn init(dir: &Path, level: Option<&str>) -> Option<WorkerGuard> {
    crate::private::create_dir(dir).ok()?;
    let filter = EnvFilter::try_new(level.unwrap_or("info"))
        .or_else(|_| EnvFilter::try_new("info"))
        .ok()?;
    let file = open_private(&dir.join(LOG_FILE)).ok()?;
    let (writer, guard) = tracing_appender::non_blocking(Masked(file));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init()
        .ok()?;
    Some(guard)
}

/// The log is private like the audit trail: it holds tenant data (ids, names, paths)
/// at debug level.
fn open_private(path: &Path) -> io::Result<File> {
    crate::private::open_append(path)
}

/// The log file, with every remembered token masked on its way in, and the server
/// text in it kept from acting on a terminal (the log is read with `tail -f`; the
/// subscriber escapes ESC but not C1 or bidi controls). The writer thread gets one
/// whole event per write, so a token is never split across two writes.
struct Masked(File);

impl Write for Masked {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        let text = secret::scrub(&text);
        self.0
            .write_all(crate::text::visible_lines(&text).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn the_log_is_private_even_when_it_was_not() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(LOG_FILE);
        open_private(&path).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        open_private(&path).unwrap();
        assert_eq!(mode(&path), 0o600);
    }

    #[test]
    fn a_remembered_token_or_a_control_never_reaches_the_log() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(LOG_FILE);
        secret::Secret::new("log-mask-test-token-5e21").remember();
        let mut log = Masked(open_private(&path).unwrap());
        log.write_all("request id log-mask-test-token-5e21 answered \u{9b}6n\u{202e}\n".as_bytes())
            .unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "request id [redacted] answered \u{fffd}6n\u{fffd}\n"
        );
    }
}
