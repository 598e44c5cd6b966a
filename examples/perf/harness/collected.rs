//! Issue 13's figures: Sequence's organizations, which the API cannot list, read
//! through every customer (`orgdeck sandbox --backend sequence --customers N
//! --organizations M`). The first organizations shown after Enter and the whole
//! list in, against curl fetching every customer page of 100 (what the
//! console reads) one after the other.

use std::time::{Duration, Instant};

use serde_json::json;

use super::figures::{Figures, curl_json, short_count};
use super::launch::{Launcher, Session};
use super::procs::{Sandbox, temp_dir};
use super::report::{fmt_ms, median, ms};
use super::term::Frame;
use super::{LOAD_WAIT, Options, Progress, WAIT};

/// The sandbox's demo API client, as a profile's token holds it.
const CLIENT: &str = "seq-northwind-client:seq-northwind-secret";
/// Who the token is, as the tenants pane shows it.
const CLIENT_SHOWN: &str = "seq-northwind-client";
const VERSION: &str = "2024-07-30";
/// The customers one page asks for: the contract's most, as the console asks.
const PAGE_SIZE: usize = 100;
/// Organizations of the shipped seed, beside the generated ones.
const SEEDED_ORGS: usize = 10;
/// Customers of the shipped seed, beside the generated ones.
const SEEDED_CUSTOMERS: usize = 40;

pub const KEYS: [&str; 3] = ["seq_first_rows", "seq_all_rows", "curl_seq_pages"];

pub fn figures(options: &Options) -> Vec<super::report::Figure> {
    use super::report::Figure;
    let n = short_count(options.customers);
    vec![
        Figure::new(
            "seq_first_rows",
            format!("Sequence: first organizations shown, {n} customers"),
            "ms",
        ),
        Figure::new(
            "seq_all_rows",
            format!("Sequence: every organization in, read through {n} customers"),
            "ms",
        ),
        Figure::new(
            "curl_seq_pages",
            format!("Sequence: curl fetching all {n} customers in pages of {PAGE_SIZE}"),
            "ms",
        ),
    ]
}

/// Organizations the sandbox is asked to generate: one per ten customers.
fn generated_orgs(options: &Options) -> usize {
    options.customers / 10
}

/// Measures every Sequence figure; errs only when nothing could be measured.
pub fn measure(
    binary: &std::path::Path,
    options: &Options,
    figures: &mut Figures,
    notes: &mut Vec<String>,
    progress: &Progress,
) -> Result<(), String> {
    progress.say(format!(
        "starting the Sequence sandbox ({} customers, {} organizations)",
        options.customers,
        generated_orgs(options)
    ));
    let sandbox = Sandbox::start(
        binary,
        &[
            "--backend".into(),
            "sequence".into(),
            "--customers".into(),
            options.customers.to_string(),
            "--organizations".into(),
            generated_orgs(options).to_string(),
        ],
        LOAD_WAIT,
    )?;
    notes.push(format!(
        "Sequence sandbox: {} (pid {})",
        sandbox.banner.trim(),
        sandbox.pid()
    ));
    let work = temp_dir("collected")?;
    let launcher = Launcher::with_backend(
        binary,
        work.path().join("sequence.toml"),
        ("billing", &sandbox.base_url),
        "sequence",
        CLIENT,
    )?;
    measure_curl(&sandbox.base_url, options, figures, progress)?;
    measure_console(&launcher, options, figures, progress)
}

fn measure_curl(
    base_url: &str,
    options: &Options,
    figures: &mut Figures,
    progress: &Progress,
) -> Result<(), String> {
    progress.say(format!("curl: every customer page × {}", options.curl_runs));
    let expected = options.customers + SEEDED_CUSTOMERS;
    let mut curl = Vec::new();
    for _ in 0..options.curl_runs.max(1) {
        curl.push(ms(curl_all_pages(base_url, expected)?));
    }
    let figure = figures.get("curl_seq_pages");
    figure.set_median(&curl);
    figure.details = json!({"samples_ms": curl, "page_size": PAGE_SIZE});
    figure.note = Some(
        "one curl process per page, each next page asked with the previous answer's pagination.after, as a shell loop would"
            .into(),
    );
    Ok(())
}

/// From Enter on the tenant to the first frame with organizations, and to the
/// frame whose title holds the whole count, in fresh consoles.
fn measure_console(
    launcher: &Launcher,
    options: &Options,
    figures: &mut Figures,
    progress: &Progress,
) -> Result<(), String> {
    let curl_median = figures.get("curl_seq_pages").value().unwrap_or(f64::NAN);
    progress.say(format!(
        "organizations, first and all × {}",
        options.list_runs
    ));
    let whole = format!(
        "customer organizations ({})",
        generated_orgs(options) + SEEDED_ORGS
    );
    let mut first = Vec::new();
    let mut all = Vec::new();
    let mut after_enter = Vec::new();
    for _ in 0..options.list_runs.max(1) {
        // The console starts reading as soon as the tenant answers, before the
        // Enter: the figures count from its launch, so the whole walk is in them.
        let launched = Instant::now();
        let mut console = on_tenants(launcher)?;
        let sent = console.send("\r")?;
        let from = console.frame_count();
        let (_, shown) = console.wait_frame(from, WAIT, "the first organizations", |f| {
            f.end >= sent && title(f).contains("customer organizations (") && selected(f)
        })?;
        first.push(ms(shown.end.saturating_duration_since(launched)));
        after_enter.push(ms(shown.end.saturating_duration_since(sent)));
        let (_, whole_in) = console.wait_frame(from, LOAD_WAIT, "every organization", |f| {
            f.end >= sent && title(f).contains(&whole)
        })?;
        all.push(ms(whole_in.end.saturating_duration_since(launched)));
        console.close();
    }
    let figure = figures.get("seq_first_rows");
    figure.set_median(&first);
    figure.details = json!({"samples_ms": first, "after_enter_ms": after_enter});
    figure.note = Some(
        "from the console's launch to the end of the first frame showing organizations (the reading starts when the tenant answers, so after the Enter they are usually there already: see after_enter_ms)"
            .into(),
    );
    let value = median(&all).unwrap_or(f64::NAN);
    let ratio = value / curl_median;
    let figure = figures.get("seq_all_rows");
    figure.set(
        value,
        format!(
            "{} (median of {}; {ratio:.2} × curl)",
            fmt_ms(value),
            all.len()
        ),
    );
    figure.details = json!({"samples_ms": all, "curl_median_ms": curl_median});
    figure.note = Some(
        "from the console's launch (process start, sign-in, tenants pane, Enter) to the first frame whose title has the whole count"
            .into(),
    );
    Ok(())
}

/// A console on the tenants pane, once the client id shows it answered.
fn on_tenants(launcher: &Launcher) -> Result<Session, String> {
    let console = launcher.start(24, 80)?;
    console.wait_frame(0, WAIT, "the API client's who-you-are", |f| {
        f.contains(CLIENT_SHOWN) && f.contains(" ms")
    })?;
    Ok(console)
}

fn title(frame: &Frame) -> &str {
    frame.row(1)
}

/// Whether a row of the list is under the cursor.
fn selected(frame: &Frame) -> bool {
    frame.rows.iter().skip(2).any(|r| r.starts_with("› "))
}

/// curl fetching every customer page, as the console reads them.
fn curl_all_pages(base_url: &str, expected: usize) -> Result<Duration, String> {
    let started = Instant::now();
    let mut after: Option<String> = None;
    let mut count = 0;
    loop {
        let mut url = format!(
            "{}/api/customers?limit={PAGE_SIZE}&includeArchived=true",
            base_url.trim_end_matches('/')
        );
        if let Some(after) = &after {
            url.push_str(&format!("&after={after}"));
        }
        let args = [
            "-u".to_owned(),
            CLIENT.to_owned(),
            "-H".to_owned(),
            format!("Sequence-Version: {VERSION}"),
        ];
        let body = curl_json(&args, &url)?;
        count += body["items"].as_array().map_or(0, Vec::len);
        match body["pagination"]["after"].as_str() {
            Some(next) => after = Some(next.to_owned()),
            None => break,
        }
    }
    if count != expected {
        return Err(format!("curl read {count} customers, not {expected}"));
    }
    Ok(started.elapsed())
}
