//! The table's rows: every figure with its target, and how measured samples become a
//! figure's value, text and details.

use serde_json::json;

use super::Options;
use super::report::{self, Figure, fmt_ms, latency_json, median, quantile};

pub fn short_count(n: usize) -> String {
    if n >= 1_000_000 && n.is_multiple_of(1_000_000) {
        format!("{}M", n / 1_000_000)
    } else if n >= 10_000 && n.is_multiple_of(1_000) {
        format!("{}k", n / 1_000)
    } else {
        n.to_string()
    }
}

/// Every figure, in table order, with its target.
pub fn figures(options: &Options) -> Vec<Figure> {
    let users = short_count(options.users);
    vec![
        Figure::new("start_first_frame", "start → first frame", "ms").target(50.0, "≤ 50 ms"),
        Figure::new("start_first_data", "start → first data (who you are)", "ms")
            .target(150.0, "≤ 150 ms"),
        Figure::new("curl_users", "curl GET /users, direct", "ms"),
        Figure::new(
            "users_list_shown",
            format!("{users}-user list, first rows after Enter on :users"),
            "ms",
        ),
        Figure::new(
            "users_list_complete",
            format!("{users}-user list complete, every row reachable"),
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
        memory_figure(options.users),
        Figure::new("idle_cpu", "idle CPU on the loaded list", "ms/10s")
            .target(50.0, "≤ 50 ms / 10 s"),
        Figure::new(
            "link_list_shown",
            format!("{users}-user list shown, {} Mbit/s link", options.link_mbit),
            "ms",
        ),
        Figure::new(
            "link_list_complete",
            format!(
                "{users}-user list complete, {} Mbit/s link",
                options.link_mbit
            ),
            "ms",
        ),
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
    .into_iter()
    .chain(super::users::figures(options))
    .chain(super::cli::figures())
    .chain(super::paging::figures(options))
    .chain(super::collected::figures(options))
    .chain(super::sorting::figures(options))
    .collect()
}

/// Issue 16's memory target: 300 bytes a user (300 MB at a million, 30 MB at
/// 100k), and never under the 30 MB a small tenant may take.
fn memory_figure(users: usize) -> Figure {
    let bytes = (users as f64 * 300.0).max(30e6);
    let mib = bytes / (1024.0 * 1024.0);
    Figure::new(
        "memory_rss",
        format!("memory (RSS), {} users loaded", short_count(users)),
        "MiB",
    )
    .target(mib, format!("≤ {:.0} MB ({mib:.0} MiB)", bytes / 1e6))
}

pub struct Figures(pub Vec<Figure>);

impl Figures {
    pub fn get(&mut self, key: &str) -> &mut Figure {
        let index = self
            .0
            .iter()
            .position(|f| f.key == key)
            .unwrap_or_else(|| panic!("no figure {key}"));
        &mut self.0[index]
    }

    /// Marks every figure of `keys` that is still unmeasured as n/a for `reason`
    /// (those a partial run such as `--users-only` leaves out of its table are skipped).
    pub fn fail(&mut self, keys: &[&str], reason: &str) {
        for key in keys {
            let Some(figure) = self.0.iter_mut().find(|f| f.key == *key) else {
                continue;
            };
            if matches!(&figure.measured, report::Measured::Na { reason, .. } if reason == "not measured")
            {
                figure.na(reason);
            }
        }
    }
}

pub fn set_latency(
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

pub fn set_bytes(figure: &mut Figure, bytes: &[f64], latencies: &[f64]) {
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

/// One decimal, or two below 0.1 so that a small ratio does not read as zero.
fn fmt_ratio(ratio: f64) -> String {
    if ratio < 0.1 {
        format!("{ratio:.2}")
    } else {
        format!("{ratio:.1}")
    }
}

/// A load time's target against curl: at most `times` × curl, and at most
/// `cap_ms` where the issue caps it outright.
#[derive(Debug, Clone, Copy)]
pub struct CurlTarget {
    pub times: f64,
    pub cap_ms: Option<f64>,
}

impl CurlTarget {
    fn text(&self, curl: Option<f64>) -> String {
        let times = match curl {
            Some(curl) => format!("≤ {} × curl = {}", self.times, fmt_ms(self.times * curl)),
            None => format!("≤ {} × curl (curl n/a)", self.times),
        };
        match self.cap_ms {
            Some(cap) => format!("{times} and ≤ {}", fmt_ms(cap)),
            None => times,
        }
    }
}

/// Sets a load time figure from its samples, as a median and as a multiple of curl
/// on the same URL in the same run (the median of per-run ratios when each sample
/// has its own curl run), against `target` when there is one.
pub fn set_against_curl(
    figure: &mut Figure,
    samples: &[f64],
    paired_curl: &[f64],
    curl: Option<f64>,
    target: Option<CurlTarget>,
) {
    let value = median(samples).unwrap_or(f64::NAN);
    let runs = samples.len();
    if let Some(target) = target {
        figure.target_text = target.text(curl);
        figure.target = curl
            .map(|curl| target.times * curl)
            .into_iter()
            .chain(target.cap_ms)
            .reduce(f64::min);
    }
    let Some(curl) = curl else {
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
    figure.set(
        value,
        format!(
            "{} (median of {runs}; {} × curl {})",
            fmt_ms(value),
            fmt_ratio(ratio),
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

/// What measures one group of figures (BitGo's paging, Sequence's collected
/// organizations): errs only when nothing could be measured.
pub type Measure = fn(
    &std::path::Path,
    &super::Options,
    &mut Figures,
    &mut Vec<String>,
    &super::Progress,
) -> Result<(), String>;

/// One group of figures alone (`--paging-only`, `--collected-only`).
pub fn run_only(
    options: &super::Options,
    keys: &[&str],
    measure: Measure,
) -> Result<super::report::Report, String> {
    let started = std::time::Instant::now();
    let progress = super::Progress(options.progress);
    let mut figures = Figures(
        figures(options)
            .into_iter()
            .filter(|f| keys.contains(&f.key))
            .collect(),
    );
    let mut notes = Vec::new();
    let binary = match &options.binary {
        Some(binary) => binary.clone(),
        None => super::procs::release_binary()?,
    };
    let binary =
        std::fs::canonicalize(&binary).map_err(|err| format!("{}: {err}", binary.display()))?;
    if let Err(err) = measure(&binary, options, &mut figures, &mut notes, &progress) {
        figures.fail(keys, &err);
    }
    Ok(super::report::Report {
        mode: if options.quick { "quick" } else { "full" },
        binary: binary.display().to_string(),
        users: options.users,
        orgs: options.orgs,
        figures: figures.0,
        notes,
        elapsed: started.elapsed(),
    })
}

/// One page as a shell loop's `curl -s -f` gets it, with these extra arguments
/// (credentials, headers), parsed.
pub fn curl_json(args: &[String], url: &str) -> Result<serde_json::Value, String> {
    let output = std::process::Command::new("curl")
        .args(["-s", "-f"])
        .args(args)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|err| format!("cannot run curl: {err}"))?;
    if !output.status.success() {
        return Err(format!("curl {url}: {}", output.status));
    }
    serde_json::from_slice(&output.stdout).map_err(|err| format!("curl {url}: not JSON: {err}"))
}
