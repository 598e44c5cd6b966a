//! Shared helpers for the end-to-end tests of the headless commands: start a sandbox
//! on loopback inside the test process (on its own runtime, so the tests themselves stay
//! synchronous), give each test a private directory with its config file and state
//! directory, and run the real `orgdeck` binary against it.
//!
//! The environment the binary needs (config path, state directory, token) is passed to
//! the child process only; the test process's own environment is never changed.

#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::{Faults, RunningSandbox, SandboxConfig};
use serde_json::Value;

// Re-exported so that an area's tests need one `use`; not every binary uses each.
#[allow(unused_imports)]
pub use super::{ADMIN, ADMIN_EMAIL, AGENT, CUSTOMER_EMAIL, PENDING_ACME, closed_port_url};

/// The variable the test profiles read their token from.
pub const TOKEN_ENV: &str = "ORGDECK_TEST_TOKEN";

/// The longest any single run of the binary may take before the test fails.
const RUN_LIMIT: Duration = Duration::from_secs(30);

/// A sandbox serving on loopback from a runtime of its own. Dropping it stops both.
pub struct Sandbox {
    // Field order matters: the server is told to stop before its runtime goes away.
    running: RunningSandbox,
    _runtime: tokio::runtime::Runtime,
}

impl Sandbox {
    /// The shipped seed, no faults.
    pub fn start() -> Sandbox {
        Sandbox::with_faults(Faults::default())
    }

    pub fn with_faults(faults: Faults) -> Sandbox {
        Sandbox::with_config(super::with_faults(faults))
    }

    pub fn with_config(config: SandboxConfig) -> Sandbox {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime for the sandbox");
        let running = runtime.block_on(super::start_sandbox(config));
        Sandbox {
            running,
            _runtime: runtime,
        }
    }

    /// BitGo's sandbox: the shipped seed, `enterprises` more in a generated
    /// organization, these faults.
    pub fn bitgo(enterprises: Option<usize>, faults: Faults) -> Sandbox {
        use orgdeck::backends::bitgo::sandbox as bitgo;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime for the sandbox");
        let config = bitgo::SandboxConfig {
            enterprises,
            faults,
            ..bitgo::SandboxConfig::default()
        };
        let running = runtime
            .block_on(bitgo::start(config))
            .expect("the BitGo sandbox starts");
        Sandbox {
            running,
            _runtime: runtime,
        }
    }

    /// Sequence's sandbox: the shipped seed, `customers` more generated, these
    /// faults.
    pub fn sequence(customers: Option<usize>, faults: Faults) -> Sandbox {
        use orgdeck::backends::sequence::sandbox as sequence;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime for the sandbox");
        let config = sequence::SandboxConfig {
            customers,
            faults,
            ..sequence::SandboxConfig::default()
        };
        let running = runtime
            .block_on(sequence::start(config))
            .expect("the Sequence sandbox starts");
        Sandbox {
            running,
            _runtime: runtime,
        }
    }

    pub fn base_url(&self) -> String {
        self.running.base_url()
    }
}

/// The `[profiles.t]` table every test uses unless it needs something else; `extra` is
/// appended inside the table.
pub fn profile_toml(base_url: &str, extra: &str) -> String {
    format!(
        "[profiles.t]\nbase_url = \"{base_url}\"\ntoken_env = \"{TOKEN_ENV}\"\ntimeout_ms = 2000\n{extra}"
    )
}

/// One test's private directory: `config.toml`, `state/` and whatever else it needs.
pub struct Case {
    pub dir: PathBuf,
    pub config: PathBuf,
    pub state: PathBuf,
    token: Option<String>,
    temp: tempfile::TempDir,
}

impl Case {
    /// An empty directory (no config file yet), token [`ADMIN`].
    pub fn new(name: &str) -> Case {
        let temp = tempfile::Builder::new()
            .prefix(&format!("orgdeck-cli-{name}-"))
            .tempdir()
            .expect("the test directory is created");
        let dir = temp.path().to_owned();
        Case {
            config: dir.join("config.toml"),
            state: dir.join("state"),
            dir,
            token: Some(ADMIN.to_owned()),
            temp,
        }
    }

    /// A case whose config holds profile `t` for `base_url` (extra keys appended).
    pub fn with_profile(name: &str, base_url: &str, extra: &str) -> Case {
        let case = Case::new(name);
        case.write_config(&profile_toml(base_url, extra));
        case
    }

    /// A case with profile `t` pointing at `sandbox`.
    pub fn for_sandbox(name: &str, sandbox: &Sandbox) -> Case {
        Case::with_profile(name, &sandbox.base_url(), "")
    }

    pub fn write_config(&self, text: &str) {
        std::fs::write(&self.config, text).expect("the config file is written");
    }

    /// The value of [`TOKEN_ENV`] for the commands this case runs (`None`: unset).
    pub fn set_token(&mut self, token: Option<&str>) {
        self.token = token.map(str::to_owned);
    }

    /// Runs `orgdeck ARGS` with this case's config, state directory and token.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_as(self.token.as_deref(), args)
    }

    /// As [`Case::run`] with another token (`None`: the variable is unset).
    pub fn run_as(&self, token: Option<&str>, args: &[&str]) -> Run {
        self.run_with_env(token, &[], args)
    }

    /// As [`Case::run_as`], with extra variables for the child process.
    pub fn run_with_env(&self, token: Option<&str>, vars: &[(&str, &str)], args: &[&str]) -> Run {
        run_command(self.command(token, vars, args), args)
    }

    /// The command [`Case::run_with_env`] runs, for a test that drives the process itself.
    pub fn command(&self, token: Option<&str>, vars: &[(&str, &str)], args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_orgdeck"));
        command
            .args(args)
            .current_dir(&self.dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for name in [
            "ORGDECK_CONFIG",
            "ORGDECK_STATE_DIR",
            "ORGDECK_LOG",
            TOKEN_ENV,
            "RUST_LOG",
            "HTTP_PROXY",
            "http_proxy",
            "HTTPS_PROXY",
            "https_proxy",
            "ALL_PROXY",
            "all_proxy",
        ] {
            command.env_remove(name);
        }
        command
            .env("ORGDECK_CONFIG", &self.config)
            .env("ORGDECK_STATE_DIR", &self.state);
        if let Some(token) = token {
            command.env(TOKEN_ENV, token);
        }
        command.envs(vars.iter().copied());
        command
    }

    pub fn log_file(&self) -> PathBuf {
        self.state.join("logs").join("orgdeck.log")
    }

    pub fn audit_file(&self) -> PathBuf {
        self.state.join("audit.jsonl")
    }

    /// The log file's text ("" when there is none).
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(self.log_file()).unwrap_or_default()
    }

    /// The audit file's text ("" when there is none).
    pub fn audit_text(&self) -> String {
        std::fs::read_to_string(self.audit_file()).unwrap_or_default()
    }

    /// Every audit line, each parsed as JSON.
    pub fn audit_entries(&self) -> Vec<Value> {
        self.audit_text()
            .lines()
            .map(|line| {
                serde_json::from_str(line)
                    .unwrap_or_else(|err| panic!("audit line is not JSON ({err}): {line}"))
            })
            .collect()
    }
}

impl Drop for Case {
    fn drop(&mut self) {
        // A failed test keeps its directory for a look at the log and audit files.
        if std::thread::panicking() {
            self.temp.disable_cleanup(true);
        }
    }
}

/// What one run of the binary produced.
pub struct Run {
    pub args: Vec<String>,
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

fn read_pipe(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// Runs the command to its end (killing it past [`RUN_LIMIT`]).
pub fn run_command(mut command: Command, args: &[&str]) -> Run {
    let mut child = command.spawn().expect("the orgdeck binary starts");
    let stdout = read_pipe(child.stdout.take());
    let stderr = read_pipe(child.stderr.take());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for orgdeck") {
            break status;
        }
        if started.elapsed() > RUN_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("orgdeck {} ran longer than {RUN_LIMIT:?}", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Run {
        args: args.iter().map(|a| (*a).to_owned()).collect(),
        // A signal (no code) never counts as any expected exit code.
        code: status.code().unwrap_or(-1),
        stdout: stdout.join().expect("stdout is read"),
        stderr: stderr.join().expect("stderr is read"),
    }
}

impl Run {
    /// The whole run, for failure messages.
    pub fn dump(&self) -> String {
        format!(
            "orgdeck {}\nexit code {}\n--- stdout\n{}--- stderr\n{}---",
            self.args.join(" "),
            self.code,
            self.stdout,
            self.stderr
        )
    }

    /// Asserts the exit code.
    #[track_caller]
    pub fn code(&self, expected: i32) -> &Run {
        assert_eq!(self.code, expected, "unexpected exit code\n{}", self.dump());
        self
    }

    /// Asserts exit code 0 (stderr may still hold notes such as retries).
    #[track_caller]
    pub fn ok(&self) -> &Run {
        self.code(0)
    }

    #[track_caller]
    pub fn stdout_has(&self, text: &str) -> &Run {
        assert!(
            self.stdout.contains(text),
            "stdout lacks {text:?}\n{}",
            self.dump()
        );
        self
    }

    #[track_caller]
    pub fn stderr_has(&self, text: &str) -> &Run {
        assert!(
            self.stderr.contains(text),
            "stderr lacks {text:?}\n{}",
            self.dump()
        );
        self
    }

    #[track_caller]
    pub fn stdout_lacks(&self, text: &str) -> &Run {
        assert!(
            !self.stdout.contains(text),
            "stdout has {text:?}\n{}",
            self.dump()
        );
        self
    }

    pub fn stderr_lacks(&self, text: &str) -> &Run {
        assert!(
            !self.stderr.contains(text),
            "stderr has {text:?}\n{}",
            self.dump()
        );
        self
    }

    /// A line of stderr that starts (after `error: ` or indentation) with `field:`.
    #[track_caller]
    pub fn field_line(&self, field: &str) -> &Run {
        let prefix = format!("{field}:");
        let found = self.stderr.lines().any(|line| {
            let line = line.trim_start();
            let line = line.strip_prefix("error: ").unwrap_or(line);
            line.starts_with(&prefix)
        });
        assert!(
            found,
            "no `{prefix} message` line on stderr\n{}",
            self.dump()
        );
        self
    }

    /// Asserts that nothing but a panic-free, message-bearing failure happened: no Rust
    /// panic text, no backtrace.
    #[track_caller]
    pub fn no_panic(&self) -> &Run {
        for marker in ["panicked", "RUST_BACKTRACE", "The application panicked"] {
            assert!(
                !self.stderr.contains(marker),
                "the binary panicked\n{}",
                self.dump()
            );
        }
        self
    }

    /// stdout parsed as JSON.
    #[track_caller]
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|err| panic!("stdout is not JSON ({err})\n{}", self.dump()))
    }

    /// stderr parsed as one JSON value.
    #[track_caller]
    pub fn stderr_json(&self) -> Value {
        serde_json::from_str(&self.stderr)
            .unwrap_or_else(|err| panic!("stderr is not one JSON value ({err})\n{}", self.dump()))
    }
}

/// The `field` of every element of a JSON array, as strings.
#[track_caller]
pub fn strings_of(array: &Value, field: &str) -> Vec<String> {
    array
        .as_array()
        .unwrap_or_else(|| panic!("not a JSON array: {array}"))
        .iter()
        .map(|item| item[field].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// Asserts that no file under `dir` (recursively) contains `needle`.
#[track_caller]
pub fn assert_no_file_contains(dir: &Path, needle: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            assert_no_file_contains(&path, needle);
        } else if let Ok(bytes) = std::fs::read(&path) {
            let text = String::from_utf8_lossy(&bytes);
            assert!(
                !text.contains(needle),
                "{} contains the secret {needle:?}",
                path.display()
            );
        }
    }
}
