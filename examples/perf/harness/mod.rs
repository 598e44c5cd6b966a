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

mod cli;
mod collected;
mod figures;
mod launch;
mod loaded;
mod measure;
mod paging;
pub mod procs;
pub mod proxy;
pub mod report;
mod slow;
mod sorting;
// The PTY driver is the end-to-end tests' too; it lives with them.
#[path = "../../../tests/support/pty.rs"]
pub mod term;
mod users;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::json;

use figures::Figures;
use launch::Launcher;
use measure::{measure_curl, measure_startup};
use procs::{Sandbox, temp_dir};
use proxy::Proxy;
use report::{Report, fmt_ms, median};

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
    /// Only issue 16's users-list figures (`--users-only`): no start-up, navigation,
    /// bytes, idle, refresh, slow server, paging, collected or sort parts.
    pub users_only: bool,
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
    /// Consoles whose list is sampled with keys while it streams in.
    pub stream_runs: usize,
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
            users_only: false,
            samples: 200,
            filter_samples: 200,
            slow_samples: 200,
            startup_runs: 5,
            list_runs: 5,
            stream_runs: 3,
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
            stream_runs: 1,
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

/// How long to wait for things that should happen (scaled for a million rows).
const WAIT: Duration = Duration::from_secs(30);
const LOAD_WAIT: Duration = Duration::from_secs(180);

/// The figures `--users-only` measures: issue 16's, on the users list alone.
const USERS_ONLY: [&str; 15] = [
    "curl_users",
    "users_list_shown",
    "users_list_complete",
    "nav_while_arriving",
    "nav_after_load",
    "stream_keys_p50",
    "stream_keys_p99",
    "link_stream_keys_p50",
    "link_stream_keys_p99",
    "filter_p50",
    "filter_p99",
    "memory_rss",
    "org_counts",
    "sandbox_ready",
    "sandbox_rss",
];

/// Runs every measurement (or one group of them, with the `*_only` options).
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
    if options.users_only {
        figures
            .0
            .retain(|f| USERS_ONLY.contains(&f.key) || cli::KEYS.contains(&f.key));
    }
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

    let context = Context {
        binary: &binary,
        work: work.path(),
        runtime: &runtime,
        options,
        progress: &progress,
    };
    bulk_figures(&context, &mut figures, &mut notes)?;
    if !options.users_only {
        other_figures(&context, &mut figures, &mut notes);
    }

    let cpus = std::thread::available_parallelism().map_or(0, usize::from);
    notes.push(format!(
        "machine: {cpus} CPUs; 1-minute load average {} at the start and {} at the end (other work on the machine shows up in the timings)",
        load_at_start.map_or("?".into(), |l| format!("{l:.2}")),
        procs::load_average().map_or("?".into(), |l| format!("{l:.2}")),
    ));

    Ok(Report {
        mode: match (options.quick, options.users_only) {
            (true, _) => "quick",
            (false, true) => "users-only",
            (false, false) => "full",
        },
        binary: binary.display().to_string(),
        users: options.users,
        orgs: options.orgs,
        figures: figures.0,
        notes,
        elapsed: started.elapsed(),
    })
}

/// What every part of a run shares.
struct Context<'a> {
    binary: &'a std::path::Path,
    work: &'a std::path::Path,
    runtime: &'a tokio::runtime::Runtime,
    options: &'a Options,
    progress: &'a Progress,
}

/// Everything measured on the bulk tenant's sandbox of `options.users` users.
fn bulk_figures(
    context: &Context<'_>,
    figures: &mut Figures,
    notes: &mut Vec<String>,
) -> Result<(), String> {
    let Context {
        binary,
        work,
        runtime,
        options,
        progress,
    } = *context;
    progress.say(format!(
        "starting the sandbox ({} users, {} orgs)",
        options.users, options.orgs
    ));
    let sandbox = Sandbox::of_users(binary, options.users, options.orgs, LOAD_WAIT)?;
    users::set_sandbox_ready(figures, &sandbox);
    let proxy = Proxy::start(runtime, sandbox.addr)?;
    notes.push(format!(
        "sandbox: {} (pid {}); the console reaches it through the harness's byte-counting proxy at {}",
        sandbox.banner.trim(),
        sandbox.pid(),
        proxy.url()
    ));
    let bulk = Launcher::new(binary, work.join("bulk.toml"), "bulk", &proxy.url())?;
    notes.push(
        "the consoles' config sets refresh_seconds = 3600 so that no 30 s auto-refresh lands inside a measurement"
            .into(),
    );
    // The list's load time is compared with curl on the very same URL, so those
    // consoles talk to the sandbox directly, not through the proxy.
    let direct = Launcher::new(
        binary,
        work.join("bulk-direct.toml"),
        "bulk",
        &sandbox.base_url,
    )?;

    // curl before any console, so that they do not compete.
    progress.say(format!("curl GET /users × {}", options.curl_runs));
    let curl_median = curl_figure(&sandbox, &proxy, options, figures, notes);

    if !options.users_only {
        progress.say(format!("start-up × {}", options.startup_runs));
        match measure_startup(options.startup_runs, &bulk) {
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
    }

    progress.say(format!(
        "opening :users ({} users) × {}, then :orgs",
        options.users, options.list_runs
    ));
    if let Err(err) = users::list_runs(&direct, &sandbox.base_url, options, figures, curl_median) {
        figures.fail(&users::LIST_KEYS, &err);
    }
    progress.say(format!(
        "key → frame while the list streams in × {}",
        options.stream_runs
    ));
    let keys = ["stream_keys_p50", "stream_keys_p99"];
    match users::stream_runs(&direct, options.users, options.stream_runs) {
        Ok(streamed) => users::set_streamed(
            figures,
            keys,
            &streamed,
            "fresh consoles straight to the sandbox",
        ),
        Err(err) => figures.fail(&keys, &err),
    }
    progress.say("the loaded list behind the proxy");
    if let Err(err) = loaded::measure(&bulk, &proxy, options, figures, progress) {
        figures.fail(&loaded::KEYS, &err);
    }
    if !options.users_only {
        progress.say("bytes per j at 200x50");
        if let Err(err) = loaded::wide(&bulk, &proxy, options, figures) {
            figures.fail(&["bytes_per_j_200x50"], &err);
        }
    }
    progress.say(format!("the list over a {} Mbit/s link", options.link_mbit));
    let link_config = work.join("bulk-link.toml");
    if let Err(err) = slow::link(runtime, &sandbox, &link_config, binary, options, figures) {
        let keys = ["link_list_shown", "link_list_complete"];
        figures.fail(&keys, &err);
        figures.fail(&["link_stream_keys_p50", "link_stream_keys_p99"], &err);
    }
    progress.say("the CLI: users list --json");
    if let Err(err) = cli::measure(&direct, figures) {
        figures.fail(&cli::KEYS, &err);
    }
    users::set_sandbox_rss(figures, &sandbox);

    let carried = proxy.snapshot();
    notes.push(format!(
        "the bulk proxy carried {:.1} MB to the consoles and {:.1} KB from them over {} requests",
        carried.down as f64 / 1e6,
        carried.up as f64 / 1e3,
        carried.exchanges.len()
    ));
    Ok(())
}

/// curl's GET /users, direct and through the proxy; the direct median, if any.
fn curl_figure(
    sandbox: &Sandbox,
    proxy: &Proxy,
    options: &Options,
    figures: &mut Figures,
    notes: &mut Vec<String>,
) -> Option<f64> {
    let curl = measure_curl(&sandbox.base_url, options.curl_runs);
    let figure = figures.get("curl_users");
    match &curl {
        Ok(samples) => {
            figure.set_median(samples);
            figure.details =
                json!({"samples_ms": samples, "url": format!("{}/users", sandbox.base_url)});
        }
        Err((reason, true)) => figure.na_environmental(reason.clone()),
        Err((reason, false)) => figure.na(reason.clone()),
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
    curl_median
}

/// The slow server, BitGo's paging, sorting and Sequence's organizations.
fn other_figures(context: &Context<'_>, figures: &mut Figures, notes: &mut Vec<String>) {
    let Context {
        binary,
        work,
        runtime,
        options,
        progress,
    } = *context;
    progress.say(format!(
        "slow server: --latency-ms {}, j/k while requests are in flight",
        options.slow_latency_ms
    ));
    if let Err(err) = slow::server(runtime, binary, &work.join("slow.toml"), options, figures) {
        figures.fail(&["slow_p50", "slow_p99"], &err);
    }
    progress.say("BitGo paging");
    if let Err(err) = paging::measure(binary, options, figures, notes, progress) {
        figures.fail(&paging::KEYS, &err);
    }
    progress.say("sorting the users list");
    if let Err(err) = sorting::measure(binary, options, figures, notes, progress) {
        figures.fail(&sorting::KEYS, &err);
    }
    progress.say("Sequence organizations through the customers");
    if let Err(err) = collected::measure(binary, options, figures, notes, progress) {
        figures.fail(&collected::KEYS, &err);
    }
}
