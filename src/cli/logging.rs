//! Logs go to a file in the state directory, never to the terminal: the console
//! owns the screen, and scripts own stdout and stderr.

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;

pub const LOG_FILE: &str = "orgdeck.log";

/// Starts file logging at `level` (default `info`). Returns the guard that flushes
/// the log on drop, or None when the log file cannot be used (then nothing is logged,
/// and that is not worth failing a command over).
pub fn init(dir: &Path, level: Option<&str>) -> Option<WorkerGuard> {
    std::fs::create_dir_all(dir).ok()?;
    let filter = EnvFilter::try_new(level.unwrap_or("info"))
        .or_else(|_| EnvFilter::try_new("info"))
        .ok()?;
    let appender = tracing_appender::rolling::never(dir, LOG_FILE);
    let (writer, guard) = tracing_appender::non_blocking(appender);
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init()
        .ok()?;
    Some(guard)
}
