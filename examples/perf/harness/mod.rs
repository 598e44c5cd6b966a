//! Issue 5's benchmark harness: the real `orgdeck` binary in a pseudo-terminal, against
//! the sandbox running as a process of its own behind a byte-counting proxy.
//!
//! Shared by `examples/perf` (the benchmark: release binary, 100k users) and
//! `tests/perf_smoke.rs` (quick mode on the debug binary, asserting only that every
//! figure was measured). Nothing here asserts a speed: a missed target is reported,
//! never an error. [`run`] fails only when the harness itself cannot work (no binary,
//! no sandbox...); a figure that cannot be measured is reported as n/a with the reason.
//!
//! Every child process (sandboxes, consoles) is owned by a value whose `Drop` kills it,
//! so a failure or a panic leaves nothing behind.

pub mod procs;
pub mod proxy;
pub mod report;
pub mod term;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::json;

use procs::{Sandbox, TempDir, temp_dir};
use proxy::Proxy;
use report::{Figure, Report, fmt_ms, latency_json, median, ms, quantile};
use term::{BACKSPACE, Console, ENTER, Frame, PAGE_DOWN, Spawn};

/// The bulk tenant's admin token and who it is (see `orgdeck sandbox --help`).
pub const BULK_TOKEN: &str = "sandbox-bulk-admin";
/// Who the token is, as the tenants pane shows it: the who-you-are column is 22
/// columns wide at 80x24, so admin@bulk-tenant.example is cut there
/// ("admin@bulk-tenant.exa…"); its start is enough to know it arrived.
const BULK_ADMIN_SHOWN: &str = "admin@bulk-tenant";
const TOKEN_ENV: &str = "ORGDECK_PERF_TOKEN";
/// Typed into the filter one key at a time, then erased.
const FILTER_TEXT: &str = "user0421";

#[derive(Debug, Clone)]
pub struct Options {
    /// The console binary; None: target/release/orgdeck, built first when stale.
    pub binary: Option<PathBuf>,
    pub quick: bool,
    pub users: usize,
    pub orgs: usize,
    /// Samples per navigation key (j, k, PageDown, G, g), and of j for bytes per frame.
    pub samples: usize,
    /// Keystrokes typed into the filter (rounded up to whole type-and-erase cycles).
    pub filter_samples: usize,
    /// j/k samples against the slow server.
    pub slow_samples: usize,
    /// Console launches for the start-up figures (the median is reported).
    pub startup_runs: usize,
    /// Consoles that load the list, for its load time (the median is reported).
    pub list_runs: usize,
    pub curl_runs: usize,
    pub idle: Duration,
    pub slow_latency_ms: u64,
    pub slow_users: usize,
    pub slow_orgs: usize,
    /// Progress lines on stderr.
    pub progress: bool,
}

impl Options {
    /// The benchmark: 100,000 users in 5,000 organizations.
    pub fn full() -> Options {
        Options {
            binary: None,
            quick: false,
            users: 100_000,
            orgs: 5_000,
            samples: 200,
            filter_samples: 200,
            slow_samples: 200,
            startup_runs: 5,
            list_runs: 5,
            curl_runs: 3,
            idle: Duration::from_secs(10),
            slow_latency_ms: 3_000,
            slow_users: 200,
            slow_orgs: 10,
            progress: true,
        }
    }

    /// A CI smoke: small data, few samples, short idle window.
    pub fn quick() -> Options {
        Options {
            quick: true,
            users: 2_000,
            orgs: 100,
            samples: 20,
            filter_samples: 32,
            slow_samples: 20,
            startup_runs: 2,
            list_runs: 1,
            idle: Duration::from_secs(3),
            slow_latency_ms: 1_500,
            ..Options::full()
        }
    }
}

fn short_count(n: usize) -> String {
    if n >= 10_000 && n.is_multiple_of(1_000) {
        format!("{}k", n / 1_000)
    } else {
        n.to_string()
    }
}

/// Every figure, in table order, with its target.
fn figures(options: &Options) -> Vec<Figure> {
    let users = short_count(options.users);
    vec![
        Figure::new("start_first_frame", "start → first frame", "ms").target(50.0, "≤ 50 ms"),
        Figure::new("start_first_data", "start → first data (who you are)", "ms")
            .target(150.0, "≤ 150 ms"),
        Figure::new("curl_users", "curl GET /users, direct", "ms"),
        Figure::new(
            "users_list_shown",
            format!("{users}-user list shown (:users)"),
            "ms",
        ),
        Figure::new(
            "users_list_complete",
            format!("{users}-user list complete"),
            "ms",
        ),
        Figure::new(
            "nav_while_arriving",
            "key → frame, j as soon as rows show",
            "ms",
        ),
        Figure::new(
            "nav_after_load",
            "key → frame, j as soon as all rows are in",
            "ms",
        ),
        Figure::new("nav_p50", "key → frame, navigation p50", "ms"),
        Figure::new("nav_p99", "key → frame, navigation p99", "ms").target(8.0, "≤ 8 ms"),
        Figure::new("filter_p50", "key → frame, filter p50", "ms"),
        Figure::new("filter_p99", "key → frame, filter p99", "ms").target(25.0, "≤ 25 ms"),
        Figure::new(
            "bytes_per_j_80x24",
            "bytes to the terminal per j, 80x24",
            "B",
        )
        .target(400.0, "≤ 400 B"),
        Figure::new(
            "bytes_per_j_200x50",
            "bytes to the terminal per j, 200x50",
            "B",
        ),
        Figure::new(
            "memory_rss",
            format!("memory (RSS), {users} users loaded"),
            "MiB",
        )
        .target(100.0, "≤ 100 MiB"),
        Figure::new("idle_cpu", "idle CPU on the loaded list", "ms/10s")
            .target(50.0, "≤ 50 ms / 10 s"),
        Figure::new("slow_p50", "key → frame, requests in flight p50", "ms"),
        Figure::new("slow_p99", "key → frame, requests in flight p99", "ms")
            .target(16.0, "≤ 16 ms"),
        Figure::new(
            "refresh_bytes",
            format!("refresh of the unchanged {users} list, on the wire"),
            "B",
        )
        .target(1024.0, "≤ 1 KiB"),
    ]
}

struct Figures(Vec<Figure>);

impl Figures {
    fn get(&mut self, key: &str) -> &mut Figure {
        let index = self
            .0
            .iter()
            .position(|f| f.key == key)
            .unwrap_or_else(|| panic!("no figure {key}"));
        &mut self.0[index]
    }

    /// Marks every figure of `keys` that is still unmeasured as n/a for `reason`.
    fn fail(&mut self, keys: &[&str], reason: &str) {
        for key in keys {
            let figure = self.get(key);
            if matches!(&figure.measured, report::Measured::Na { reason, .. } if reason == "not measured")
            {
                figure.na(reason);
            }
        }
    }
}

struct Progress(bool);

impl Progress {
    fn say(&self, text: impl AsRef<str>) {
        if self.0 {
            eprintln!("perf: {}", text.as_ref());
        }
    }
}

/// How long to wait for things that should happen (scaled for 100k rows).
const WAIT: Duration = Duration::from_secs(30);
const LOAD_WAIT: Duration = Duration::from_secs(180);

/// Runs every measurement. Errs only when the harness itself cannot work.
pub fn run(options: &Options) -> Result<Report, String> {
    let started = Instant::now();
    let progress = Progress(options.progress);
    let mut figures = Figures(figures(options));
    let mut notes = Vec::new();
    let load_at_start = procs::load_average();

    let binary = match &options.binary {
        Some(binary) => binary.clone(),
        None => procs::release_binary()?,
    };
    // The consoles run in a scratch directory: a relative path would not hold there.
    let binary =
        std::fs::canonicalize(&binary).map_err(|err| format!("{}: {err}", binary.display()))?;
    let work = temp_dir("run")?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name("perf-proxy")
        .enable_all()
        .build()
        .map_err(|err| format!("cannot start the proxy runtime: {err}"))?;

    progress.say(format!(
        "starting the sandbox ({} users, {} orgs)",
        options.users, options.orgs
    ));
    let sandbox = Sandbox::start(
        &binary,
        &[
            "--users".into(),
            options.users.to_string(),
            "--orgs".into(),
            options.orgs.to_string(),
        ],
        LOAD_WAIT,
    )?;
    let proxy = Proxy::start(&runtime, sandbox.addr)?;
    notes.push(format!(
        "sandbox: {} (pid {}); the console reaches it through the harness's byte-counting proxy at {}",
        sandbox.banner.trim(),
        sandbox.pid(),
        proxy.url()
    ));
    let config = work.path().join("bulk.toml");
    write_config(&config, "bulk", &proxy.url())?;
    notes.push(
        "the consoles' config sets refresh_seconds = 3600 so that no 30 s auto-refresh lands inside a measurement"
            .into(),
    );
    let bulk = Launcher {
        binary: binary.clone(),
        config,
    };
    // The list's load time is compared with curl on the very same URL, so those
    // consoles talk to the sandbox directly, not through the proxy.
    let direct_config = work.path().join("bulk-direct.toml");
    write_config(&direct_config, "bulk", &sandbox.base_url)?;
    let direct = Launcher {
        binary: binary.clone(),
        config: direct_config,
    };

    // ---- curl, before any console so they do not compete ----------------------------
    progress.say(format!("curl GET /users × {}", options.curl_runs));
    let curl = measure_curl(&sandbox.base_url, options.curl_runs);
    match &curl {
        Ok(samples) => {
            let value = median(samples).unwrap_or(f64::NAN);
            let figure = figures.get("curl_users");
            figure.set(
                value,
                format!("{} (median of {})", fmt_ms(value), samples.len()),
            );
            figure.details =
                json!({"samples_ms": samples, "url": format!("{}/users", sandbox.base_url)});
        }
        Err((reason, environmental)) => {
            let figure = figures.get("curl_users");
            if *environmental {
                figure.na_environmental(reason.clone());
            } else {
                figure.na(reason.clone());
            }
        }
    }
    let curl_median = curl.as_ref().ok().and_then(|s| median(s));
    // The same through the proxy: what the proxy itself adds to the console's load.
    let via_proxy = curl_median
        .and_then(|_| measure_curl(&proxy.url(), options.curl_runs).ok())
        .and_then(|s| median(&s));
    if let (Some(direct), Some(proxied)) = (curl_median, via_proxy) {
        figures.get("curl_users").details["via_proxy_median_ms"] = json!(proxied);
        notes.push(format!(
            "curl GET /users through the proxy: {} (direct {}): the proxy's share of the console's load time",
            fmt_ms(proxied),
            fmt_ms(direct)
        ));
    }

    // ---- start-up ---------------------------------------------------------------------
    progress.say(format!("start-up × {}", options.startup_runs));
    let startup = measure_startup(options.startup_runs, &bulk);
    match startup {
        Ok((frames, data)) => {
            let first = median(&frames).unwrap_or(f64::NAN);
            let figure = figures.get("start_first_frame");
            figure.set(
                first,
                format!("{} (median of {})", fmt_ms(first), frames.len()),
            );
            figure.details = json!({"samples_ms": frames});
            let data_median = median(&data).unwrap_or(f64::NAN);
            let figure = figures.get("start_first_data");
            figure.set(
                data_median,
                format!("{} (median of {})", fmt_ms(data_median), data.len()),
            );
            figure.details = json!({"samples_ms": data});
        }
        Err(err) => figures.fail(&["start_first_frame", "start_first_data"], &err),
    }

    // ---- the loaded list at 80x24 -------------------------------------------------------
    let main_keys = [
        "users_list_shown",
        "users_list_complete",
        "nav_while_arriving",
        "nav_after_load",
        "nav_p50",
        "nav_p99",
        "filter_p50",
        "filter_p99",
        "bytes_per_j_80x24",
        "memory_rss",
        "idle_cpu",
        "refresh_bytes",
    ];
    let clock_ticks = procs::clock_ticks();
    let result = (|| -> Result<(), String> {
        progress.say(format!(
            "opening :users ({} users) × {}",
            options.users, options.list_runs
        ));
        // Each sample is a fresh console on the same URL as curl, with one curl run
        // right before it, so a slow spell of the machine weighs on both alike.
        let mut shown = Vec::new();
        let mut complete = Vec::new();
        let mut paired_curl = Vec::new();
        let mut while_arriving = Vec::new();
        let mut after_load = Vec::new();
        for _ in 0..options.list_runs.max(1) {
            let curl_now = curl_median
                .and_then(|_| measure_curl(&sandbox.base_url, 1).ok())
                .and_then(|samples| samples.first().copied());
            let mut console = direct.start(24, 80)?;
            console.wait_frame(0, WAIT, "the bulk tenant's who-you-are", |f| {
                f.contains(BULK_ADMIN_SHOWN)
            })?;
            let opened = open_users(&mut console, options.users, true)?;
            shown.push(ms(opened.first_rows));
            complete.push(ms(opened.complete));
            while_arriving.extend(opened.j_while_arriving.map(ms));
            // What the list costs just after it is all in (search text still being
            // built): one j, sent the moment the whole list is on screen.
            let top = console
                .last_frame()
                .and_then(|f| f.selected_person())
                .map(|(row, _)| row);
            let (first_key, _) =
                console.key_to_frame("j", WAIT, "the cursor one row down", |f| {
                    f.selected_person().is_some_and(|(row, _)| Some(row) != top)
                })?;
            after_load.push(ms(first_key));
            paired_curl.extend(curl_now);
            settle(&console, None)?;
            console.close();
        }
        let curl = median(&paired_curl).or(curl_median);
        set_against_curl(
            figures.get("users_list_shown"),
            &shown,
            &paired_curl,
            curl,
            true,
        );
        figures.get("users_list_shown").note = Some(
            "from the Enter that runs :users (typed on the tenants pane, so the load starts with that key) to the end of the first frame showing rows: a list over 1 MiB is shown from its first 1,000 rows while the rest arrives and decodes; each run is a fresh console talking to the sandbox directly, right after a curl of the same URL".into(),
        );
        set_against_curl(
            figures.get("users_list_complete"),
            &complete,
            &paired_curl,
            curl,
            false,
        );
        figures.get("users_list_complete").note = Some(
            "the same runs, to the first frame whose title shows the whole count (every row reachable, filter over all of them)".into(),
        );
        for (key, samples) in [
            ("nav_while_arriving", &while_arriving),
            ("nav_after_load", &after_load),
        ] {
            if let Some(worst) = samples.iter().copied().reduce(f64::max) {
                let value = median(samples).unwrap_or(f64::NAN);
                let figure = figures.get(key);
                figure.set(
                    value,
                    format!(
                        "{} (median of {}; max {})",
                        fmt_ms(value),
                        samples.len(),
                        fmt_ms(worst)
                    ),
                );
                figure.details = json!({"samples_ms": samples});
            }
        }

        // The console the other figures use goes through the proxy, which counts bytes.
        let mut console = bulk.start(24, 80)?;
        console.wait_frame(0, WAIT, "the bulk tenant's who-you-are", |f| {
            f.contains(BULK_ADMIN_SHOWN)
        })?;
        open_users(&mut console, options.users, false)?;
        settle(&console, Some(&proxy))?;
        let geometry = Geometry::of(&console)?;

        progress.say(format!(
            "navigation: {} samples each of G k j g PageDown",
            options.samples
        ));
        let nav = navigate(&mut console, &geometry, options.users, options.samples)?;
        let all: Vec<f64> = nav.iter().flat_map(|(_, v)| v.iter().copied()).collect();
        set_latency(
            &mut figures,
            "nav_p50",
            "nav_p99",
            &all,
            json!(
                nav.iter()
                    .map(|(k, v)| (k.to_string(), latency_json(v)))
                    .collect::<serde_json::Map<_, _>>()
            ),
        );

        progress.say(format!(
            "filter: typing {FILTER_TEXT:?} and erasing it, {} keystrokes",
            options.filter_samples
        ));
        let (typed, erased) = filter(&mut console, options.filter_samples)?;
        let all: Vec<f64> = typed.iter().chain(&erased).copied().collect();
        set_latency(
            &mut figures,
            "filter_p50",
            "filter_p99",
            &all,
            json!({"typing": latency_json(&typed), "backspace": latency_json(&erased)}),
        );

        progress.say("bytes per j at 80x24");
        let (bytes, latencies) = bytes_per_j(&mut console, &geometry, options.samples)?;
        set_bytes(figures.get("bytes_per_j_80x24"), &bytes, &latencies);

        match procs::status_kib(console.pid, "VmRSS") {
            Ok(rss) => {
                let hwm = procs::status_kib(console.pid, "VmHWM").ok();
                let figure = figures.get("memory_rss");
                let mib = rss as f64 / 1024.0;
                figure.set(
                    mib,
                    format!(
                        "{mib:.1} MiB (peak {:.1} MiB)",
                        hwm.unwrap_or(0) as f64 / 1024.0
                    ),
                );
                figure.details = json!({"vm_rss_kib": rss, "vm_hwm_kib": hwm, "pid": console.pid});
            }
            // No /proc here: nothing the console can do about it.
            Err(err) => figures.get("memory_rss").na_environmental(err),
        }

        progress.say(format!("idle for {:.0} s", options.idle.as_secs_f64()));
        settle(&console, Some(&proxy))?;
        match clock_ticks
            .clone()
            .and_then(|hz| Ok((hz, idle(&console, options.idle)?)))
        {
            Ok((hz, (ticks, ns, frames, bytes))) => {
                let cpu_ms = ticks as f64 * 1000.0 / hz as f64;
                let per_10s = cpu_ms * 10.0 / options.idle.as_secs_f64();
                let figure = figures.get("idle_cpu");
                figure.may_be_zero = true;
                let fine = ns.map(|ns| ns as f64 / 1e6 * 10.0 / options.idle.as_secs_f64());
                figure.set(
                    per_10s,
                    format!(
                        "{per_10s:.0} ms / 10 s ({ticks} ticks over {:.0} s; {frames} frames){}",
                        options.idle.as_secs_f64(),
                        fine.map(|f| format!("; schedstat {f:.1} ms / 10 s"))
                            .unwrap_or_default()
                    ),
                );
                figure.details = json!({
                    "ticks": ticks, "clk_tck": hz, "window_s": options.idle.as_secs_f64(),
                    "schedstat_ms_per_10s": fine, "frames": frames, "bytes_written": bytes,
                });
            }
            Err(err) => figures.get("idle_cpu").na_environmental(err),
        }

        progress.say("refresh (r) of the loaded list");
        settle(&console, Some(&proxy))?;
        refresh(&mut console, &proxy, figures.get("refresh_bytes"))?;
        console.close();
        Ok(())
    })();
    if let Err(err) = result {
        figures.fail(&main_keys, &err);
    }

    // ---- bytes per j at 200x50 ----------------------------------------------------------
    progress.say("bytes per j at 200x50");
    let result = (|| -> Result<(), String> {
        let mut console = bulk.start(50, 200)?;
        console.wait_frame(0, WAIT, "the bulk tenant's who-you-are", |f| {
            f.contains(BULK_ADMIN_SHOWN)
        })?;
        open_users(&mut console, options.users, false)?;
        settle(&console, Some(&proxy))?;
        let geometry = Geometry::of(&console)?;
        let (bytes, latencies) = bytes_per_j(&mut console, &geometry, options.samples)?;
        let figure = figures.get("bytes_per_j_200x50");
        set_bytes(figure, &bytes, &latencies);
        figure.note = Some("at 200 columns the tenants pane stands beside the list".into());
        console.close();
        Ok(())
    })();
    if let Err(err) = result {
        figures.fail(&["bytes_per_j_200x50"], &err);
    }
    let carried = proxy.snapshot();
    notes.push(format!(
        "the bulk proxy carried {:.1} MB to the consoles and {:.1} KB from them over {} requests",
        carried.down as f64 / 1e6,
        carried.up as f64 / 1e3,
        carried.exchanges.len()
    ));
    drop(sandbox);

    // ---- a slow server ------------------------------------------------------------------
    progress.say(format!(
        "slow server: --latency-ms {}, j/k while requests are in flight",
        options.slow_latency_ms
    ));
    let result = (|| -> Result<(), String> {
        let slow = Sandbox::start(
            &binary,
            &[
                "--users".into(),
                options.slow_users.to_string(),
                "--orgs".into(),
                options.slow_orgs.to_string(),
                "--latency-ms".into(),
                options.slow_latency_ms.to_string(),
            ],
            LOAD_WAIT,
        )?;
        let slow_proxy = Proxy::start(&runtime, slow.addr)?;
        let slow_config = work.path().join("slow.toml");
        write_config(&slow_config, "slow", &slow_proxy.url())?;
        let mut console = Launcher {
            binary: binary.clone(),
            config: slow_config,
        }
        .start(24, 80)?;
        let (p50, p99, details) = slow_server(&mut console, options)?;
        let figure = figures.get("slow_p50");
        figure.set(p50, fmt_ms(p50));
        let figure = figures.get("slow_p99");
        figure.set(p99, fmt_ms(p99));
        figure.details = details;
        figure.note = Some(format!(
            "a second sandbox (--latency-ms {}, {} users) behind its own proxy; r puts the list and organization requests in flight, and only samples whose frame still shows them loading count",
            options.slow_latency_ms, options.slow_users
        ));
        console.close();
        Ok(())
    })();
    if let Err(err) = result {
        figures.fail(&["slow_p50", "slow_p99"], &err);
    }

    let cpus = std::thread::available_parallelism().map_or(0, usize::from);
    notes.push(format!(
        "machine: {cpus} CPUs; 1-minute load average {} at the start and {} at the end (other work on the machine shows up in the timings)",
        load_at_start.map_or("?".into(), |l| format!("{l:.2}")),
        procs::load_average().map_or("?".into(), |l| format!("{l:.2}")),
    ));

    Ok(Report {
        mode: if options.quick { "quick" } else { "full" },
        binary: binary.display().to_string(),
        users: options.users,
        orgs: options.orgs,
        figures: figures.0,
        notes,
        elapsed: started.elapsed(),
    })
}

/// Starts consoles on one config, each with a private state and home directory.
struct Launcher {
    binary: PathBuf,
    config: PathBuf,
}

impl Launcher {
    fn start(&self, rows: u16, cols: u16) -> Result<Session, String> {
        let dir = temp_dir("console")?;
        let console = Console::spawn(Spawn {
            binary: &self.binary,
            config: &self.config,
            state_dir: &dir.path().join("state"),
            home: dir.path(),
            env: vec![(TOKEN_ENV.to_owned(), BULK_TOKEN.to_owned())],
            rows,
            cols,
        })?;
        Ok(Session { console, _dir: dir })
    }
}

/// A console and its directory (removed after the console is gone).
struct Session {
    console: Console,
    _dir: TempDir,
}

impl Session {
    fn close(self) {
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

fn write_config(path: &Path, profile: &str, url: &str) -> Result<(), String> {
    let text = format!(
        "refresh_seconds = 3600\n\n[profiles.{profile}]\nbase_url = \"{url}\"\ntoken_env = \"{TOKEN_ENV}\"\ntimeout_ms = 30000\n"
    );
    std::fs::write(path, text).map_err(|err| format!("cannot write {}: {err}", path.display()))
}

fn set_latency(
    figures: &mut Figures,
    p50_key: &str,
    p99_key: &str,
    samples: &[f64],
    details: serde_json::Value,
) {
    let (Some(p50), Some(p99)) = (quantile(samples, 0.5), quantile(samples, 0.99)) else {
        figures.fail(&[p50_key, p99_key], "no samples");
        return;
    };
    let n = samples.len();
    figures
        .get(p50_key)
        .set(p50, format!("{} (n={n})", fmt_ms(p50)));
    let max = quantile(samples, 1.0).unwrap_or(p99);
    let figure = figures.get(p99_key);
    figure.set(p99, format!("{} (max {}, n={n})", fmt_ms(p99), fmt_ms(max)));
    figure.details = json!({"all": latency_json(samples), "parts": details});
}

fn set_bytes(figure: &mut Figure, bytes: &[f64], latencies: &[f64]) {
    match median(bytes) {
        Some(value) => {
            let min = quantile(bytes, 0.0).unwrap_or(value);
            let max = quantile(bytes, 1.0).unwrap_or(value);
            figure.set(
                value,
                format!(
                    "{value:.0} B (median of {}; {min:.0}–{max:.0})",
                    bytes.len()
                ),
            );
            figure.details = json!({"samples_bytes": bytes, "j_latency": latency_json(latencies)});
        }
        None => figure.na("no samples"),
    }
}

// ---- the measurements -------------------------------------------------------------------

/// curl's total time for GET /users, straight to the sandbox.
fn measure_curl(base_url: &str, runs: usize) -> Result<Vec<f64>, (String, bool)> {
    let url = format!("{base_url}/users");
    let mut samples = Vec::new();
    for _ in 0..runs.max(1) {
        match procs::curl_time(&url, BULK_TOKEN) {
            Ok(time) => samples.push(ms(time)),
            Err(err) => {
                // A missing curl is the machine's doing; anything else is a real failure.
                let missing = err.contains("cannot run curl");
                return Err((err, missing));
            }
        }
    }
    Ok(samples)
}

/// Exec → first complete screen, and exec → who-you-are shown, over `runs` launches.
fn measure_startup(runs: usize, launcher: &Launcher) -> Result<(Vec<f64>, Vec<f64>), String> {
    let mut frames = Vec::new();
    let mut data = Vec::new();
    for _ in 0..runs.max(1) {
        let console = launcher.start(24, 80)?;
        let (_, first) = console.wait_frame(0, WAIT, "the first complete screen", |f| {
            f.row(0).contains("orgdeck") && !f.last_row().trim().is_empty()
        })?;
        let (_, shown) = console.wait_frame(0, WAIT, "the who-you-are email", |f| {
            f.contains(BULK_ADMIN_SHOWN)
        })?;
        frames.push(ms(first.end.saturating_duration_since(console.exec_at)));
        data.push(ms(shown.end.saturating_duration_since(console.exec_at)));
        console.close();
    }
    Ok((frames, data))
}

/// Sets a load time figure from its samples, as a median and as a multiple of curl
/// on the same URL in the same run (the median of per-run ratios when each sample
/// has its own curl run). `with_target`: the issue's "≤ 2 × curl".
fn set_against_curl(
    figure: &mut Figure,
    samples: &[f64],
    paired_curl: &[f64],
    curl: Option<f64>,
    with_target: bool,
) {
    let value = median(samples).unwrap_or(f64::NAN);
    let runs = samples.len();
    let Some(curl) = curl else {
        if with_target {
            figure.target_text = "≤ 2 × curl (curl n/a)".into();
        }
        figure.set(value, format!("{} (median of {runs})", fmt_ms(value)));
        figure.details = json!({"samples_ms": samples});
        return;
    };
    let ratios: Vec<f64> = if paired_curl.len() == runs {
        samples
            .iter()
            .zip(paired_curl)
            .map(|(s, c)| s / c)
            .collect()
    } else {
        Vec::new()
    };
    let ratio = median(&ratios).unwrap_or(value / curl);
    if with_target {
        figure.target = Some(2.0 * curl);
        figure.target_text = format!("≤ 2 × curl = {}", fmt_ms(2.0 * curl));
    }
    figure.set(
        value,
        format!(
            "{} (median of {runs}; {ratio:.1} × curl {})",
            fmt_ms(value),
            fmt_ms(curl)
        ),
    );
    figure.details = json!({
        "samples_ms": samples,
        "paired_curl_ms": paired_curl,
        "ratios": ratios,
        "curl_median_ms": curl,
        "ratio": ratio,
    });
}

/// How long `:users` took to show: its first rows (a long list is shown from its
/// first part while the rest arrives), and the whole list.
struct Opened {
    first_rows: Duration,
    complete: Duration,
    /// A `j` typed the moment the first rows showed: key → frame.
    j_while_arriving: Option<Duration>,
}

/// Types `:users`, then Enter, and waits for the full list. Both times run from the
/// Enter to the end of a frame: the first one with a selected row, and the first
/// one whose title shows the whole count. With `move_early`, a `j` is typed as
/// soon as the first rows show.
fn open_users(console: &mut Console, users: usize, move_early: bool) -> Result<Opened, String> {
    let from = console.frame_count();
    console.send(":users")?;
    console.wait_frame(from, WAIT, "the :users command line", |f| {
        f.status_row().starts_with(":users▏")
    })?;
    let from = console.frame_count();
    let sent = console.send(ENTER)?;
    let (_, first) = console.wait_frame(from, LOAD_WAIT, "the first users' rows", |f| {
        f.end >= sent && f.contains("all users (") && f.selected_person().is_some()
    })?;
    let j_while_arriving = if move_early {
        let top = first.selected_person().map(|(row, _)| row);
        let (took, _) = console.key_to_frame("j", WAIT, "the cursor one row down", |f| {
            f.selected_person().is_some_and(|(row, _)| Some(row) != top)
        })?;
        Some(took)
    } else {
        None
    };
    let title = format!("all users ({users})");
    let (_, whole) = console.wait_frame(from, LOAD_WAIT, &format!("{title:?} with rows"), |f| {
        f.end >= sent && f.contains(&title) && f.selected_person().is_some()
    })?;
    Ok(Opened {
        first_rows: first.end.saturating_duration_since(sent),
        complete: whole.end.saturating_duration_since(sent),
        j_while_arriving,
    })
}

/// Waits until nothing is loading: the header shows no spinner and, for a console
/// behind the proxy, no traffic has passed through it for a moment.
fn settle(console: &Console, proxy: Option<&Proxy>) -> Result<(), String> {
    const QUIET: Duration = Duration::from_millis(300);
    let deadline = Instant::now() + LOAD_WAIT;
    loop {
        let quiet = proxy.is_none_or(|proxy| {
            proxy
                .snapshot()
                .last_activity
                .is_none_or(|at| at.elapsed() >= QUIET)
        });
        let loading = console
            .last_frame()
            .is_some_and(|f| f.row(0).contains("loading"));
        if quiet && !loading {
            return Ok(());
        }
        if Instant::now() >= deadline {
            return Err("timed out waiting for the console to finish loading".into());
        }
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// Where a people list's rows are on screen.
struct Geometry {
    /// The screen row of the list's first item.
    top: usize,
    /// How many items a page shows.
    height: usize,
    /// How far PageDown moves (the console's page: terminal rows − 8).
    page: usize,
}

impl Geometry {
    fn of(console: &Console) -> Result<Geometry, String> {
        let frame = console
            .last_frame()
            .ok_or("nothing has been drawn".to_owned())?;
        let header = frame
            .rows
            .iter()
            .position(|row| row.contains("EMAIL"))
            .ok_or_else(|| format!("no list header (EMAIL) on screen:\n{}", frame.screen()))?;
        let top = header + 1;
        // The status line and the footer take the last two rows.
        let height = (frame.rows.len() - 2).saturating_sub(top);
        let page = (console.rows as usize).saturating_sub(8).max(1);
        if height == 0 {
            return Err(format!("no room for rows:\n{}", frame.screen()));
        }
        Ok(Geometry { top, height, page })
    }

    fn row_of(&self, selected: usize) -> usize {
        self.top + selected % self.height
    }
}

/// Sends a key that moves the list cursor to `to` and waits for the frame that shows
/// it there (a frame drawn for anything else, such as the clock, does not count).
fn move_to(
    console: &mut Console,
    geometry: &Geometry,
    key: &str,
    to: usize,
) -> Result<(Duration, Frame), String> {
    let before = console
        .last_frame()
        .and_then(|f| f.selected_person())
        .map(|(_, email)| email);
    let row = geometry.row_of(to);
    console.key_to_frame(
        key,
        WAIT,
        &format!("the cursor on row {to} after {key:?}"),
        |f| {
            f.selected_person()
                .is_some_and(|(at, email)| at == row && Some(&email) != before.as_ref())
        },
    )
}

type KeySamples = Vec<(&'static str, Vec<f64>)>;

/// `samples` rounds of G, k, j, g, PageDown; every key moves the cursor.
fn navigate(
    console: &mut Console,
    geometry: &Geometry,
    rows: usize,
    samples: usize,
) -> Result<KeySamples, String> {
    if rows < 3 {
        return Err(format!("{rows} rows are too few to move around in"));
    }
    let last = rows - 1;
    let keys: [(&'static str, &'static str); 5] = [
        ("G", "G"),
        ("k", "k"),
        ("j", "j"),
        ("g", "g"),
        ("PageDown", PAGE_DOWN),
    ];
    let mut out: KeySamples = keys.iter().map(|(name, _)| (*name, Vec::new())).collect();
    let mut at = 0usize;
    // The list starts at the top; make sure of it.
    if console
        .last_frame()
        .and_then(|f| f.selected_person())
        .is_none_or(|(row, _)| row != geometry.row_of(0))
    {
        return Err("the cursor is not on the first row after loading".into());
    }
    for _ in 0..samples {
        for (index, (name, key)) in keys.iter().enumerate() {
            let to = match *name {
                "G" => last,
                "k" => at.saturating_sub(1),
                "j" => (at + 1).min(last),
                "g" => 0,
                _ => (at + geometry.page).min(last),
            };
            let (took, _) = move_to(console, geometry, key, to)?;
            out[index].1.push(ms(took));
            at = to;
        }
    }
    // Back to the top for what follows.
    if at != 0 {
        move_to(console, geometry, "g", 0)?;
    }
    Ok(out)
}

/// '/' then FILTER_TEXT one key at a time and back with Backspace, until `samples`
/// keystrokes; then Enter leaves the (empty) filter. Returns (typing, backspace) samples.
fn filter(console: &mut Console, samples: usize) -> Result<(Vec<f64>, Vec<f64>), String> {
    console.key_to_frame("/", WAIT, "the filter prompt", |f| {
        f.status_row().starts_with("/▏")
    })?;
    let mut typed = String::new();
    let mut typing = Vec::new();
    let mut erasing = Vec::new();
    while typing.len() + erasing.len() < samples.max(1) {
        for c in FILTER_TEXT.chars() {
            typed.push(c);
            let prompt = format!("/{typed}▏");
            let (took, _) = console.key_to_frame(
                &c.to_string(),
                WAIT,
                &format!("the filter {prompt:?}"),
                |f| f.status_row().starts_with(&prompt),
            )?;
            typing.push(ms(took));
        }
        while typed.pop().is_some() {
            let prompt = format!("/{typed}▏");
            let (took, _) =
                console.key_to_frame(BACKSPACE, WAIT, &format!("the filter {prompt:?}"), |f| {
                    f.status_row().starts_with(&prompt)
                })?;
            erasing.push(ms(took));
        }
    }
    console.key_to_frame(ENTER, WAIT, "the filter to close", |f| {
        !f.status_row().starts_with('/')
    })?;
    Ok((typing, erasing))
}

/// The bytes of the frames drawn for j moving within one page (g, not counted, goes
/// back to the top at the end of a page). Returns (bytes, latencies) per j.
fn bytes_per_j(
    console: &mut Console,
    geometry: &Geometry,
    samples: usize,
) -> Result<(Vec<f64>, Vec<f64>), String> {
    let mut at = match console.last_frame().and_then(|f| f.selected_person()) {
        Some((row, _)) if row >= geometry.top => row - geometry.top,
        _ => return Err("no selected row before measuring j".into()),
    };
    if geometry.height < 2 {
        return Err("a page of one row leaves no room to move within it".into());
    }
    let mut bytes = Vec::new();
    let mut latencies = Vec::new();
    while bytes.len() < samples.max(1) {
        if (at + 1) % geometry.height == 0 {
            move_to(console, geometry, "g", 0)?;
            at = 0;
        }
        let (took, frame) = move_to(console, geometry, "j", at + 1)?;
        at += 1;
        bytes.push(frame.bytes() as f64);
        latencies.push(ms(took));
    }
    Ok((bytes, latencies))
}

/// CPU ticks (and schedstat ns) the console used over `window` with no input, and the
/// frames and bytes it wrote meanwhile.
fn idle(console: &Console, window: Duration) -> Result<(u64, Option<u64>, usize, usize), String> {
    let frames = console.frame_count();
    let bytes = console.raw_len();
    let ticks = procs::cpu_ticks(console.pid)?;
    let ns = procs::cpu_ns(console.pid);
    std::thread::sleep(window);
    let ticks = procs::cpu_ticks(console.pid)?.saturating_sub(ticks);
    let ns = ns
        .zip(procs::cpu_ns(console.pid))
        .map(|(a, b)| b.saturating_sub(a));
    Ok((
        ticks,
        ns,
        console.frame_count() - frames,
        console.raw_len() - bytes,
    ))
}

/// Presses r on the loaded list and counts what went over the wire for it, per request.
fn refresh(console: &mut Console, proxy: &Proxy, figure: &mut Figure) -> Result<(), String> {
    let before = proxy.snapshot().exchanges.len();
    // What the key shows is not the point (and depends on timing): the wire is.
    console.send("r")?;
    // Both answers (the list and the organizations) in, then quiet.
    let deadline = Instant::now() + LOAD_WAIT;
    loop {
        let snapshot = proxy.snapshot();
        let new = &snapshot.exchanges[before.min(snapshot.exchanges.len())..];
        let answered = new.iter().filter(|e| e.status_code().is_some()).count();
        let quiet = snapshot
            .last_activity
            .is_none_or(|at| at.elapsed() >= Duration::from_millis(300));
        let loading = console
            .last_frame()
            .is_some_and(|f| f.row(0).contains("loading"));
        if answered >= 2 && quiet && !loading {
            break;
        }
        if Instant::now() >= deadline {
            return Err(format!(
                "the refresh did not finish: {answered} answers so far"
            ));
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    let snapshot = proxy.snapshot();
    let new = &snapshot.exchanges[before..];
    let users: Vec<_> = new.iter().filter(|e| e.path() == "/users").collect();
    if users.is_empty() {
        return Err(format!(
            "no GET /users went out for the refresh; saw {:?}",
            new.iter().map(|e| e.request.clone()).collect::<Vec<_>>()
        ));
    }
    let old_connections: std::collections::HashSet<usize> = snapshot.exchanges[..before]
        .iter()
        .map(|e| e.connection)
        .collect();
    let opened = new
        .iter()
        .map(|e| e.connection)
        .filter(|c| !old_connections.contains(c))
        .collect::<std::collections::HashSet<_>>()
        .len();
    let users_bytes: u64 = users.iter().map(|e| e.total()).sum();
    let total: u64 = new.iter().map(|e| e.total()).sum();
    let describe = |e: &proxy::Exchange| {
        format!(
            "{} → {} ({} B up, {} B down)",
            e.request.trim_end_matches(" HTTP/1.1"),
            e.status_code().map_or("?".into(), |c| c.to_string()),
            e.up,
            e.down
        )
    };
    let statuses: Vec<String> = users
        .iter()
        .map(|e| e.status_code().map_or("?".into(), |c| c.to_string()))
        .collect();
    figure.set(
        users_bytes as f64,
        format!(
            "{users_bytes} B for GET /users ({}); {total} B in all",
            statuses.join(", ")
        ),
    );
    figure.note = Some(format!(
        "HTTP bytes both ways, counted per request by the proxy (TCP/IP overhead not included; {opened} new connection(s) opened); the refresh also re-reads the organizations. Requests: {}",
        new.iter().map(describe).collect::<Vec<_>>().join("; ")
    ));
    figure.details = json!({
        "users_bytes": users_bytes,
        "total_bytes": total,
        "new_connections": opened,
        "requests": new.iter().map(|e| json!({
            "request": e.request, "status": e.status_code(), "up": e.up, "down": e.down,
            "connection": e.connection,
        })).collect::<Vec<_>>(),
    });
    Ok(())
}

/// j/k against a slow server while a refresh is in flight. Returns (p50, p99, details).
fn slow_server(
    console: &mut Console,
    options: &Options,
) -> Result<(f64, f64, serde_json::Value), String> {
    let latency = Duration::from_millis(options.slow_latency_ms);
    console.wait_frame(0, WAIT, "the first complete screen", |f| {
        f.row(0).contains("orgdeck") && !f.last_row().trim().is_empty()
    })?;
    // Straight to the users list: its requests go out at once, beside the who-you-are.
    open_users_slow(console, options.slow_users, latency)?;
    let geometry = Geometry::of(console)?;
    let loading = |f: &Frame| f.row(0).contains("loading");
    let mut samples = Vec::new();
    let mut discarded = 0usize;
    let mut refreshes = 0usize;
    let mut at = match console.last_frame().and_then(|f| f.selected_person()) {
        Some((row, _)) if row >= geometry.top => row - geometry.top,
        _ => return Err("no selected row on the slow list".into()),
    };
    let mut attempts = 0;
    while samples.len() < options.slow_samples.max(1) {
        attempts += 1;
        if attempts > options.slow_samples.max(1) * 10 {
            return Err(format!(
                "only {} of {} samples landed while requests were in flight",
                samples.len(),
                options.slow_samples
            ));
        }
        if !console.last_frame().is_some_and(|f| loading(&f)) {
            console.key_to_frame("r", WAIT, "the requests to go out (r)", loading)?;
            refreshes += 1;
        }
        let (key, to) = if at == 0 { ("j", 1) } else { ("k", at - 1) };
        let (took, frame) = move_to(console, &geometry, key, to)?;
        at = to;
        if loading(&frame) {
            samples.push(ms(took));
        } else {
            discarded += 1;
        }
        // Spread the samples over the time the requests are in flight.
        std::thread::sleep(Duration::from_millis(10));
    }
    let p50 = quantile(&samples, 0.5).unwrap_or(f64::NAN);
    let p99 = quantile(&samples, 0.99).unwrap_or(f64::NAN);
    Ok((
        p50,
        p99,
        json!({
            "latency": latency_json(&samples),
            "refreshes": refreshes,
            "discarded_after_answer": discarded,
            "server_latency_ms": options.slow_latency_ms,
        }),
    ))
}

fn open_users_slow(console: &mut Console, users: usize, latency: Duration) -> Result<(), String> {
    let from = console.frame_count();
    console.send(":users")?;
    console.wait_frame(from, WAIT, "the :users command line", |f| {
        f.status_row().starts_with(":users▏")
    })?;
    let title = format!("all users ({users})");
    console.key_to_frame(
        ENTER,
        WAIT + latency * 4,
        &format!("{title:?} from the slow server"),
        |f| f.contains(&title) && f.selected_person().is_some() && !f.row(0).contains("loading"),
    )?;
    Ok(())
}
