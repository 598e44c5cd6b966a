//! Consoles for the measurements: each in a pseudo-terminal with its own config,
//! state and home directory.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::BULK_TOKEN;
use super::procs::{SCRUBBED, TempDir, temp_dir};
use super::term::{Console, Spawn};

const TOKEN_ENV: &str = "ORGDECK_PERF_TOKEN";
/// A directory the consoles' state (their logs, at debug) is kept in, one
/// folder per console, for reading a failed run afterwards.
pub const KEEP_LOGS_ENV: &str = "ORGDECK_PERF_KEEP_LOGS";
static KEPT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Starts consoles on one config, each with a private state and home directory.
pub struct Launcher {
    binary: PathBuf,
    config: PathBuf,
    token: &'static str,
}

impl Launcher {
    /// Writes `config` (one profile, `profile`, at `url`) and launches on it.
    pub fn new(
        binary: &Path,
        config: PathBuf,
        profile: &str,
        url: &str,
    ) -> Result<Launcher, String> {
        write_config(&config, profile, url, "")?;
        Ok(Launcher {
            binary: binary.to_owned(),
            config,
            token: BULK_TOKEN,
        })
    }

    /// The same for a profile of another backend (`backend = "…"`), with its token.
    pub fn with_backend(
        binary: &Path,
        config: PathBuf,
        (profile, url): (&str, &str),
        backend: &str,
        token: &'static str,
    ) -> Result<Launcher, String> {
        let extra = format!("backend = \"{backend}\"\n");
        write_config(&config, profile, url, &extra)?;
        Ok(Launcher {
            binary: binary.to_owned(),
            config,
            token,
        })
    }

    pub fn start(&self, rows: u16, cols: u16) -> Result<Session, String> {
        let dir = temp_dir("console")?;
        let mut env = vec![(TOKEN_ENV.to_owned(), self.token.to_owned())];
        // A stall is read in the console's log: kept where asked, at debug.
        let state_dir = match std::env::var_os(KEEP_LOGS_ENV) {
            Some(keep) => {
                env.push(("ORGDECK_LOG".to_owned(), "debug".to_owned()));
                let n = KEPT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                PathBuf::from(keep).join(format!("console-{}-{n}", std::process::id()))
            }
            None => dir.path().join("state"),
        };
        let console = Console::spawn(Spawn {
            binary: &self.binary,
            config: &self.config,
            state_dir: &state_dir,
            home: dir.path(),
            env,
            args: Vec::new(),
            rows,
            cols,
        })?;
        Ok(Session { console, _dir: dir })
    }
}

impl Launcher {
    /// The CLI on the consoles' config and token (`BINARY ARGS...`), run in `dir`
    /// with its state there, as an operator's shell would run it.
    pub fn command(&self, args: &[&str], dir: &Path) -> Command {
        let mut command = Command::new(&self.binary);
        command.args(args).current_dir(dir);
        for name in SCRUBBED {
            command.env_remove(name);
        }
        command
            .env("HOME", dir)
            .env("ORGDECK_CONFIG", &self.config)
            .env("ORGDECK_STATE_DIR", dir.join("state"))
            .env(TOKEN_ENV, self.token);
        command
    }
}

/// A console and its directory (removed after the console is gone).
pub struct Session {
    console: Console,
    _dir: TempDir,
}

impl Session {
    pub fn close(self) {
        let Session { console, _dir } = self;
        console.close();
    }
}

impl std::ops::Deref for Session {
    type Target = Console;
    fn deref(&self) -> &Console {
        &self.console
    }
}

impl std::ops::DerefMut for Session {
    fn deref_mut(&mut self) -> &mut Console {
        &mut self.console
    }
}

/// A million users' answer (about 235 MB) takes some 20 s over the 100 Mbit/s link:
/// the request's timeout leaves room for that and a busy machine.
const TIMEOUT_MS: u64 = 180_000;

fn write_config(path: &Path, profile: &str, url: &str, extra: &str) -> Result<(), String> {
    let text = format!(
        "refresh_seconds = 3600\n\n[profiles.{profile}]\nbase_url = \"{url}\"\ntoken_env = \"{TOKEN_ENV}\"\ntimeout_ms = {TIMEOUT_MS}\n{extra}"
    );
    std::fs::write(path, text).map_err(|err| format!("cannot write {}: {err}", path.display()))
}
