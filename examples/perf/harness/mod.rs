//! Issue 5's benchmark harness: the real `orgdeck` binary in a pseudo-terminal, against
//! the sandbox running as a process of its own behind a byte-counting proxy.
//!
//! Shared by `examples/perf` (the benchmark: release binary, 100k users) and
//! `tests/console/perf_smoke.rs` (quick mode on the debug binary, asserting only that every
//! figure was measured). Nothing here asserts a speed: a missed target is reported,
//! never an error. [`run`] fails only when the harness itself cannot work (no binary,
//! no sandbox...); a figure that cannot be measured is reported as n/a with the reason.
//!
//! Every child process (sandboxes, consoles) is owned by a value whose `Drop` kills it,
//! so a failure or a panic leaves nothing behind.

mod collected;
mod figures;
mod launch;
mod measure;
mod paging;
pub mod procs;
pub mod proxy;
pub mod report;
mod sorting;
// The PTY driver is the end-to-end tests' too; it lives with them.
#[path = "../../../tests/support/pty.rs"]
pub mod term;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::json;

use figures::{Figures, set_against_curl, set_bytes, set_latency};
use launch::Launcher;
use measure::{
    Geometry, bytes_per_j, filter, idle, measure_curl, measure_startup, navigate, open_users,
    over_link, refresh, settle, slow_server,
};
use procs::{Sandbox, temp_dir};
use proxy::Proxy;
use report::{Report, fmt_ms, latency_json, median, ms};

/// The bulk tenant's admin token and who it is (see `orgdeck sandbox --help`).
pub const BULK_TOKEN: &str = "sandbox-bulk-admin";
/// Who the token is, as the tenants pane shows it: the who-you-are column is 22
/// columns wide at 80x24, so admin@bulk-tenant.example is cut there
/// ("admin@bulk-tenant.exa…"); its start is enough to know it arrived.
pub(crate) const BULK_ADMIN_SHOWN: &str = "admin@bulk-tenant";
/// Typed into the filter one key at a time, then erased.
const FILTER_TEXT: &str = "user0421";

#[derive(Debug, Clone)]
pub struct Options {
    /// The console binary; None: target/release/orgdeck, built first when stale.
    pub binary: Option<PathBuf>,
    pub quick: bool,
    pub users: usize,
    pub orgs: usize,
    /// Child enterprises of the BitGo sandbox's generated organization.
    pub enterprises: usize,
    /// Only the BitGo paging figures (`--paging-only`).
    pub paging_only: bool,
    /// Customers of the Sequence sandbox beside its seed's, for the collected
    /// organizations figures (a tenth of them own an organization).
    pub customers: usize,
    /// Only the Sequence figures (`--collected-only`).
    pub collected_only: bool,
    /// Only the sort figures (`--sort-only`, issue 15).
    pub sort_only: bool,
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
    /// Speed of the slow link (a pacing proxy) the list is also loaded over, in Mbit/s.
    pub link_mbit: u64,
    /// Consoles that load the list over the slow link.
    pub link_runs: usize,
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
            enterprises: 100_000,
            paging_only: false,
            customers: 100_000,
            collected_only: false,
            sort_only: false,
            samples: 200,
            filter_samples: 200,
            slow_samples: 200,
            startup_runs: 5,
            list_runs: 5,
            curl_runs: 3,
            link_mbit: 100,
            link_runs: 3,
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
            enterprises: 5_000,
            customers: 5_000,
            samples: 20,
            filter_samples: 32,
            slow_samples: 20,
            startup_runs: 2,
            list_runs: 1,
            link_runs: 1,
            idle: Duration::from_secs(3),
            slow_latency_ms: 1_500,
            ..Options::full()
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

/// Runs every measurement (or only the paging figures, with `paging_only`).
/// Errs only when the harness itself cannot work.
pub fn run(options: &Options) -> Result<Report, String> {
    if options.paging_only {
        return figures::run_only(options, &paging::KEYS, paging::measure);
    }
    if options.collected_only {
        return figures::run_only(options, &collected::KEYS, collected::measure);
    }
    if options.sort_only {
        return figures::run_only(options, &sorting::KEYS, sorting::measure);
    }
    let started = Instant::now();
    let progress = Progress(options.progress);
    let mut figures = Figures(figures::figures(options));
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
    let sandbox = Sandbox::of_users(&binary, options.users, options.orgs, LOAD_WAIT)?;
    let proxy = Proxy::start(&runtime, sandbox.addr)?;
    notes.push(format!(
        "sandbox: {} (pid {}); the console reaches it through the harness's byte-counting proxy at {}",
        sandbox.banner.trim(),
        sandbox.pid(),
        proxy.url()
    ));
    let bulk = Launcher::new(&binary, work.path().join("bulk.toml"), "bulk", &proxy.url())?;
    notes.push(
        "the consoles' config sets refresh_seconds = 3600 so that no 30 s auto-refresh lands inside a measurement"
            .into(),
    );
    // The list's load time is compared with curl on the very same URL, so those
    // consoles talk to the sandbox directly, not through the proxy.
    let direct = Launcher::new(
        &binary,
        work.path().join("bulk-direct.toml"),
        "bulk",
        &sandbox.base_url,
    )?;

    // ---- curl, before any console so they do not compete ----------------------------
    progress.say(format!("curl GET /users × {}", options.curl_runs));
    let curl = measure_curl(&sandbox.base_url, options.curl_runs);
    match &curl {
        Ok(samples) => {
            let figure = figures.get("curl_users");
            figure.set_median(samples);
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
            let figure = figures.get("start_first_frame");
            figure.set_median(&frames);
            figure.details = json!({"samples_ms": frames});
            let figure = figures.get("start_first_data");
            figure.set_median(&data);
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
    // ---- the list over a slow link -----------------------------------------------------
    progress.say(format!(
        "the list over a {} Mbit/s link × {}",
        options.link_mbit, options.link_runs
    ));
    let result = (|| -> Result<(), String> {
        let link = Proxy::start_link(&runtime, sandbox.addr, options.link_mbit * 1_000_000 / 8)?;
        let launcher = Launcher::new(
            &binary,
            work.path().join("bulk-link.toml"),
            "bulk",
            &link.url(),
        )?;
        let loads = over_link(&launcher, &link, options)?;
        let curl = median(&loads.curl);
        set_against_curl(
            figures.get("link_list_shown"),
            &loads.shown,
            &loads.curl,
            curl,
            false,
        );
        set_against_curl(
            figures.get("link_list_complete"),
            &loads.complete,
            &loads.curl,
            curl,
            false,
        );
        figures.get("link_list_complete").note = Some(format!(
            "console and curl both reach the sandbox through a proxy that passes answers on at {} Mbit/s per connection; each console run follows its own curl run",
            options.link_mbit
        ));
        Ok(())
    })();
    if let Err(err) = result {
        figures.fail(&["link_list_shown", "link_list_complete"], &err);
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
        let mut console = Launcher::new(
            &binary,
            work.path().join("slow.toml"),
            "slow",
            &slow_proxy.url(),
        )?
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

    progress.say("BitGo paging");
    if let Err(err) = paging::measure(&binary, options, &mut figures, &mut notes, &progress) {
        figures.fail(&paging::KEYS, &err);
    }
    progress.say("sorting the 100k-user list");
    if let Err(err) = sorting::measure(&binary, options, &mut figures, &mut notes, &progress) {
        figures.fail(&sorting::KEYS, &err);
    }
    progress.say("Sequence organizations through the customers");
    if let Err(err) = collected::measure(&binary, options, &mut figures, &mut notes, &progress) {
        figures.fail(&collected::KEYS, &err);
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
