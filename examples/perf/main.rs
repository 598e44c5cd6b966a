//! Issue 5's benchmark: the real `orgdeck` console (release build) in a pseudo-terminal,
//! against a sandbox of 100,000 users running as a process of its own.
//!
//! ```sh
//! cargo run --release --example perf                 # the benchmark (about a minute)
//! cargo run --release --example perf -- --quick      # small data, few samples
//! cargo run --release --example perf -- --json out.json --users 50000 --orgs 2000
//! cargo run --release --example perf -- --paging-only  # BitGo's 100k enterprises only
//! cargo run --release --example perf -- --collected-only  # Sequence's organizations of 100k customers
//! cargo run --release --example perf -- --sort-only  # o and a filter on 100k users sorted
//! cargo run --release --example perf -- --users-only --users 1000000 --orgs 20000
//!                                                    # issue 16's users-list figures at 1M
//! ```
//!
//! Prints a table (figure | measured | target | result) and writes the figures as JSON to
//! `target/perf/perf.json` (and to `--json PATH`). A missed target is reported, not an
//! error: the exit status is non-zero only when the harness itself fails. The harness
//! logic lives in `harness/`, shared with `tests/console/perf_smoke.rs`; its PTY driver is
//! `tests/support/pty.rs`, shared with the end-to-end tests.

mod harness;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;

#[derive(Debug, Parser)]
#[command(
    name = "perf",
    about = "Measure the orgdeck console: start-up, key → frame, bytes, memory, idle CPU, refresh"
)]
struct Args {
    /// Small data (2,000 users / 100 orgs), few samples, a 3 s idle window: a smoke run.
    #[arg(long)]
    quick: bool,
    /// Users of the sandbox's bulk tenant (default 100000; quick 2000).
    #[arg(long, value_name = "N")]
    users: Option<usize>,
    /// Organizations of the bulk tenant (default 5000; quick 100).
    #[arg(long, value_name = "M")]
    orgs: Option<usize>,
    /// Samples per navigation key and of j for bytes (default 200; quick 20).
    #[arg(long, value_name = "N")]
    samples: Option<usize>,
    /// Seconds of the idle CPU window (default 10; quick 3).
    #[arg(long, value_name = "S")]
    idle_seconds: Option<f64>,
    /// Latency of the slow server in ms (default 3000; quick 1500).
    #[arg(long, value_name = "MS")]
    slow_latency_ms: Option<u64>,
    /// Speed of the slow link, in Mbit/s (default 100).
    #[arg(long, value_name = "MBIT", value_parser = clap::value_parser!(u64).range(1..=100_000))]
    link_mbit: Option<u64>,
    /// Child enterprises of the BitGo sandbox's generated organization, for the
    /// paging figures (default 100000; quick 5000).
    #[arg(long, value_name = "N")]
    enterprises: Option<usize>,
    /// Only the BitGo paging figures (issue 12).
    #[arg(long)]
    paging_only: bool,
    /// Customers of the Sequence sandbox, a tenth of them owning an organization,
    /// for the collected-organizations figures (default 100000; quick 5000).
    #[arg(long, value_name = "N")]
    customers: Option<usize>,
    /// Only the Sequence organizations figures (issue 13).
    #[arg(long, conflicts_with = "paging_only")]
    collected_only: bool,
    /// Only the sort figures on the 100k-user list (issue 15).
    #[arg(long, conflicts_with_all = ["paging_only", "collected_only"])]
    sort_only: bool,
    /// Only the users-list figures (issue 16): first rows, whole list, keys while it
    /// streams in, filter, memory, member counts, the sandbox and the CLI; none of the
    /// start-up, navigation, paging, collected or sort parts. For measuring sizes quickly.
    #[arg(long, conflicts_with_all = ["paging_only", "collected_only", "sort_only"])]
    users_only: bool,
    /// The binary to measure instead of target/release/orgdeck (not rebuilt).
    #[arg(long, value_name = "PATH")]
    binary: Option<PathBuf>,
    /// Also write the JSON here.
    #[arg(long, value_name = "PATH")]
    json: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let mut options = if args.quick {
        harness::Options::quick()
    } else {
        harness::Options::full()
    };
    if let Some(users) = args.users {
        options.users = users;
    }
    if let Some(orgs) = args.orgs {
        options.orgs = orgs;
    }
    if let Some(samples) = args.samples {
        options.samples = samples;
        options.filter_samples = samples;
        options.slow_samples = samples;
    }
    if let Some(seconds) = args.idle_seconds {
        if !(seconds.is_finite() && seconds > 0.0) {
            eprintln!("perf: --idle-seconds must be a positive number of seconds");
            return ExitCode::from(2);
        }
        options.idle = Duration::from_secs_f64(seconds);
    }
    if let Some(latency) = args.slow_latency_ms {
        options.slow_latency_ms = latency;
    }
    if let Some(mbit) = args.link_mbit {
        options.link_mbit = mbit;
    }
    if let Some(enterprises) = args.enterprises {
        options.enterprises = enterprises;
    }
    if let Some(customers) = args.customers {
        options.customers = customers;
    }
    options.paging_only = args.paging_only;
    options.collected_only = args.collected_only;
    options.sort_only = args.sort_only;
    options.users_only = args.users_only;
    options.binary = args.binary;

    let report = match harness::run(&options) {
        Ok(report) => report,
        Err(err) => {
            eprintln!("perf: the harness failed: {err}");
            return ExitCode::FAILURE;
        }
    };
    println!("{}", report.table());
    let json = match serde_json::to_string_pretty(&report.to_json()) {
        Ok(json) => json,
        Err(err) => {
            eprintln!("perf: cannot write the JSON: {err}");
            return ExitCode::FAILURE;
        }
    };
    let default = harness::procs::target_dir().join("perf").join("perf.json");
    for path in std::iter::once(default).chain(args.json) {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
            && let Err(err) = std::fs::create_dir_all(parent)
        {
            eprintln!("perf: cannot create {}: {err}", parent.display());
            return ExitCode::FAILURE;
        }
        if let Err(err) = std::fs::write(&path, format!("{json}\n")) {
            eprintln!("perf: cannot write {}: {err}", path.display());
            return ExitCode::FAILURE;
        }
        println!("JSON written to {}", path.display());
    }
    ExitCode::SUCCESS
}
