//! Processes and the operating system: the binary under test (built when stale), the
//! sandbox as a process of its own, curl, and what /proc says about a process.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

pub use tempfile::TempDir;

/// Variables of the parent's environment that could change how a console behaves;
/// a console starts without them unless its caller sets them.
pub const SCRUBBED: &[&str] = &[
    "NO_COLOR",
    "ORGDECK_CONFIG",
    "ORGDECK_STATE_DIR",
    "ORGDECK_LOG",
    "RUST_LOG",
    "RUST_BACKTRACE",
    "COLORTERM",
    "TMUX",
    "STY",
];

/// A private directory, removed when dropped.
pub fn temp_dir(name: &str) -> Result<TempDir, String> {
    tempfile::Builder::new()
        .prefix(&format!("orgdeck-perf-{name}-"))
        .tempdir()
        .map_err(|err| format!("cannot create a temporary directory: {err}"))
}

// ---- the binary ------------------------------------------------------------------

/// The crate's root (where Cargo.toml is).
pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The target directory: `CARGO_TARGET_DIR` when set, else `target/` in the crate.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => {
            let dir = PathBuf::from(dir);
            if dir.is_absolute() {
                dir
            } else {
                manifest_dir().join(dir)
            }
        }
        _ => manifest_dir().join("target"),
    }
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// The newest modification time among the files the binary is built from.
fn newest_source(root: &Path) -> Option<(SystemTime, PathBuf)> {
    fn walk(path: &Path, newest: &mut Option<(SystemTime, PathBuf)>) {
        let Ok(meta) = std::fs::metadata(path) else {
            return;
        };
        if meta.is_dir() {
            if let Ok(entries) = std::fs::read_dir(path) {
                for entry in entries.flatten() {
                    walk(&entry.path(), newest);
                }
            }
        } else if let Ok(time) = meta.modified()
            && newest.as_ref().is_none_or(|(t, _)| time > *t)
        {
            *newest = Some((time, path.to_path_buf()));
        }
    }
    let mut newest = None;
    for part in ["src", "assets", "Cargo.toml", "Cargo.lock", "build.rs"] {
        walk(&root.join(part), &mut newest);
    }
    newest
}

/// `target/release/orgdeck`, built first with `cargo build --release --bin orgdeck`
/// when it is missing or older than any source. Says what it does on stderr.
pub fn release_binary() -> Result<PathBuf, String> {
    let root = manifest_dir();
    let binary = target_dir()
        .join("release")
        .join(format!("orgdeck{}", std::env::consts::EXE_SUFFIX));
    let stale = match (modified(&binary), newest_source(&root)) {
        (None, _) => Some("it does not exist".to_owned()),
        (Some(built), Some((source, path))) if source > built => Some(format!(
            "{} is newer",
            path.strip_prefix(&root).unwrap_or(&path).display()
        )),
        _ => None,
    };
    if let Some(why) = stale {
        let cargo = option_env!("CARGO")
            .map(str::to_owned)
            .or_else(|| std::env::var("CARGO").ok())
            .unwrap_or_else(|| "cargo".to_owned());
        eprintln!(
            "perf: building {} ({why}): {cargo} build --release --bin orgdeck",
            binary.display()
        );
        let status = Command::new(&cargo)
            .args(["build", "--release", "--bin", "orgdeck"])
            .current_dir(&root)
            .stdin(Stdio::null())
            .status()
            .map_err(|err| format!("cannot run {cargo}: {err}"))?;
        if !status.success() {
            return Err(format!(
                "cargo build --release --bin orgdeck failed: {status}"
            ));
        }
        if !binary.exists() {
            return Err(format!(
                "cargo build succeeded but {} is not there",
                binary.display()
            ));
        }
    }
    Ok(binary)
}

// ---- the sandbox -----------------------------------------------------------------

/// `orgdeck sandbox` as a process of its own, killed when dropped.
pub struct Sandbox {
    child: Child,
    pub addr: SocketAddr,
    pub base_url: String,
    /// The banner's own start-up time ("ready in X ms"), as printed.
    pub banner: String,
    /// From the spawn to the banner line read: start to ready as a user waits for it.
    pub ready_after: Duration,
    _dir: TempDir,
}

impl Sandbox {
    /// A MuninX sandbox of `users` users in `orgs` organizations.
    pub fn of_users(
        binary: &Path,
        users: usize,
        orgs: usize,
        timeout: Duration,
    ) -> Result<Sandbox, String> {
        let extra = [
            "--users".into(),
            users.to_string(),
            "--orgs".into(),
            orgs.to_string(),
        ];
        Sandbox::start(binary, &extra, timeout)
    }

    /// Starts `BINARY sandbox --listen 127.0.0.1:0 EXTRA...` and reads where it listens
    /// from its banner line.
    pub fn start(binary: &Path, extra: &[String], timeout: Duration) -> Result<Sandbox, String> {
        let dir = temp_dir("sandbox")?;
        let stderr_path = dir.path().join("stderr.txt");
        let stderr = std::fs::File::create(&stderr_path)
            .map_err(|err| format!("cannot create {}: {err}", stderr_path.display()))?;
        let mut child = Command::new(binary)
            .args(["sandbox", "--listen", "127.0.0.1:0"])
            .args(extra)
            .env("ORGDECK_CONFIG", dir.path().join("missing.toml"))
            .env("ORGDECK_STATE_DIR", dir.path().join("state"))
            .env_remove("NO_COLOR")
            .env_remove("RUST_LOG")
            .env_remove("ORGDECK_LOG")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .map_err(|err| format!("cannot start {} sandbox: {err}", binary.display()))?;
        let stdout = child.stdout.take();
        let (tx, rx) = mpsc::channel::<String>();
        // Keeps reading until the process ends, so its pipe never fills up.
        if let Some(stdout) = stdout {
            std::thread::spawn(move || {
                for line in BufReader::new(stdout).lines() {
                    let Ok(line) = line else { break };
                    let _ = tx.send(line);
                }
            });
        }
        let started = Instant::now();
        let mut seen = Vec::new();
        let found = loop {
            let left = timeout.saturating_sub(started.elapsed());
            match rx.recv_timeout(left) {
                Ok(line) => {
                    if let Some(rest) = line.split("listening on ").nth(1) {
                        let url = rest.split_whitespace().next().unwrap_or_default();
                        break Some((url.to_owned(), line.clone(), started.elapsed()));
                    }
                    seen.push(line);
                }
                Err(mpsc::RecvTimeoutError::Timeout) => break None,
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    // Its stdout closed: it has ended, or is about to (or is made to).
                    std::thread::sleep(Duration::from_millis(100));
                    if !matches!(child.try_wait(), Ok(Some(_))) {
                        let _ = child.kill();
                    }
                    let status = child.wait().map_or("?".into(), |s| s.to_string());
                    let stderr = std::fs::read_to_string(&stderr_path).unwrap_or_default();
                    return Err(format!(
                        "the sandbox ended ({status}) without saying where it listens\nstdout: {seen:?}\nstderr: {}",
                        stderr.trim()
                    ));
                }
            }
        };
        let fail = |mut child: Child, why: String| {
            let _ = child.kill();
            let _ = child.wait();
            let stderr = std::fs::read_to_string(&stderr_path).unwrap_or_default();
            Err(format!(
                "{why}\nstdout: {seen:?}\nstderr: {}",
                stderr.trim()
            ))
        };
        let Some((base_url, banner, ready_after)) = found else {
            return fail(
                child,
                format!(
                    "the sandbox did not say where it listens within {:.0} s",
                    timeout.as_secs_f64()
                ),
            );
        };
        let addr = match base_url
            .strip_prefix("http://")
            .and_then(|rest| rest.trim_end_matches('/').parse::<SocketAddr>().ok())
        {
            Some(addr) => addr,
            None => return fail(child, format!("cannot read an address in {banner:?}")),
        };
        Ok(Sandbox {
            child,
            addr,
            base_url,
            banner,
            ready_after,
            _dir: dir,
        })
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// ---- curl ------------------------------------------------------------------------

/// `curl -s -o /dev/null -H 'Authorization: Bearer TOKEN' -w '%{time_total}' URL`:
/// the total time, or why it could not be had.
pub fn curl_time(url: &str, token: &str) -> Result<Duration, String> {
    let output = Command::new("curl")
        .args(["-s", "-o", "/dev/null", "-H"])
        .arg(format!("Authorization: Bearer {token}"))
        .args(["-w", "%{time_total} %{http_code}"])
        .arg(url)
        .stdin(Stdio::null())
        .output()
        .map_err(|err| format!("cannot run curl: {err}"))?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let mut parts = text.split_whitespace();
    let seconds: f64 = parts
        .next()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("curl printed {text:?} ({})", output.status))?;
    let code = parts.next().unwrap_or("?");
    if code != "200" {
        return Err(format!("curl got HTTP {code} from {url}"));
    }
    Ok(Duration::from_secs_f64(seconds))
}

// ---- /proc -----------------------------------------------------------------------

/// Clock ticks per second, from `getconf CLK_TCK`.
pub fn clock_ticks() -> Result<u64, String> {
    let output = Command::new("getconf")
        .arg("CLK_TCK")
        .stdin(Stdio::null())
        .output()
        .map_err(|err| format!("cannot run getconf CLK_TCK: {err}"))?;
    let text = String::from_utf8_lossy(&output.stdout);
    text.trim()
        .parse::<u64>()
        .ok()
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("getconf CLK_TCK printed {:?}", text.trim()))
}

/// utime + stime of a process (all its threads), in clock ticks.
pub fn cpu_ticks(pid: u32) -> Result<u64, String> {
    let path = format!("/proc/{pid}/stat");
    let text =
        std::fs::read_to_string(&path).map_err(|err| format!("cannot read {path}: {err}"))?;
    // The command name (field 2) may hold spaces; fields after its ')' are plain.
    let rest = text
        .rsplit_once(')')
        .map(|(_, rest)| rest)
        .ok_or_else(|| format!("{path} has no ')'"))?;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // Field 3 (state) is rest[0]; utime is field 14, stime field 15.
    let field = |n: usize| -> Result<u64, String> {
        fields
            .get(n - 3)
            .and_then(|f| f.parse().ok())
            .ok_or_else(|| format!("{path}: field {n} is missing"))
    };
    Ok(field(14)? + field(15)?)
}

/// CPU time of all a process's threads in nanoseconds, from each thread's schedstat
/// (finer than clock ticks; None where the kernel does not offer it).
pub fn cpu_ns(pid: u32) -> Option<u64> {
    let tasks = std::fs::read_dir(format!("/proc/{pid}/task")).ok()?;
    let mut total = 0u64;
    for task in tasks.flatten() {
        let text = std::fs::read_to_string(task.path().join("schedstat")).ok()?;
        total += text.split_whitespace().next()?.parse::<u64>().ok()?;
    }
    Some(total)
}

/// A `kB` line of /proc/PID/status (VmRSS, VmHWM...), in KiB.
pub fn status_kib(pid: u32, key: &str) -> Result<u64, String> {
    let path = format!("/proc/{pid}/status");
    let text =
        std::fs::read_to_string(&path).map_err(|err| format!("cannot read {path}: {err}"))?;
    text.lines()
        .find_map(|line| {
            let value = line.strip_prefix(key)?.strip_prefix(':')?;
            value.split_whitespace().next()?.parse().ok()
        })
        .ok_or_else(|| format!("{path} has no {key} line"))
}

/// The 1-minute load average, from /proc/loadavg.
pub fn load_average() -> Option<f64> {
    std::fs::read_to_string("/proc/loadavg")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}
