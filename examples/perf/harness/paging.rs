//! Issue 12's paging figures: BitGo's enterprises read page by page, against
//! `orgdeck sandbox --backend bitgo --enterprises N` (the generated organization
//! "Bulk CaaS"). The first page shown after Enter, key → frame while a `G` walk
//! loads pages, and `G` to the last of N enterprises against curl fetching every
//! page with the same page size (a loop over `prevId`).

use std::time::{Duration, Instant};

use serde_json::json;

use super::figures::{Figures, curl_json, set_latency, short_count};
use super::launch::{Launcher, Session};
use super::procs::{Sandbox, temp_dir};
use super::report::{fmt_ms, median, ms};
use super::term::Frame;
use super::{LOAD_WAIT, Options, Progress, WAIT};

/// The generated organization and its admin (see `orgdeck sandbox --help`).
const BULK_ORG: &str = "b0000000000000000000000000000b01";
const BULK_TOKEN: &str = "bitgo-bulk-admin";
/// Who the token is, as the tenants pane shows it (cut at 80 columns).
const BULK_ADMIN_SHOWN: &str = "admin@bulk-caas";
/// The enterprise level's page size (`LazyPaging::page_size`), which curl uses too.
const PAGE_SIZE: usize = 500;

pub const KEYS: [&str; 5] = [
    "bitgo_first_page",
    "bitgo_walk_p50",
    "bitgo_walk_p99",
    "bitgo_walk_to_end",
    "curl_bitgo_pages",
];

pub fn figures(options: &Options) -> Vec<super::report::Figure> {
    use super::report::Figure;
    let n = short_count(options.enterprises);
    vec![
        Figure::new(
            "bitgo_first_page",
            "BitGo: first page of enterprises shown after Enter",
            "ms",
        ),
        Figure::new(
            "bitgo_walk_p50",
            "BitGo: key → frame p50 while G loads pages",
            "ms",
        ),
        Figure::new(
            "bitgo_walk_p99",
            "BitGo: key → frame p99 while G loads pages",
            "ms",
        )
        .target(16.0, "≤ 16 ms"),
        Figure::new(
            "bitgo_walk_to_end",
            format!("BitGo: G loads {n} enterprises to the end"),
            "ms",
        ),
        Figure::new(
            "curl_bitgo_pages",
            format!("BitGo: curl fetching all {n} in pages of {PAGE_SIZE}"),
            "ms",
        ),
    ]
}

/// Measures every paging figure; errs only when nothing could be measured.
pub fn measure(
    binary: &std::path::Path,
    options: &Options,
    figures: &mut Figures,
    notes: &mut Vec<String>,
    progress: &Progress,
) -> Result<(), String> {
    progress.say(format!(
        "starting the BitGo sandbox ({} enterprises)",
        options.enterprises
    ));
    let sandbox = Sandbox::start(
        binary,
        &[
            "--backend".into(),
            "bitgo".into(),
            "--enterprises".into(),
            options.enterprises.to_string(),
        ],
        LOAD_WAIT,
    )?;
    notes.push(format!(
        "BitGo sandbox: {} (pid {}); its consoles talk to it directly",
        sandbox.banner.trim(),
        sandbox.pid()
    ));
    let work = temp_dir("paging")?;
    let launcher = Launcher::with_backend(
        binary,
        work.path().join("bitgo.toml"),
        ("bulk", &sandbox.base_url),
        "bitgo",
        BULK_TOKEN,
    )?;

    measure_curl(&sandbox.base_url, options, figures, progress)?;
    measure_to_end(&launcher, options, figures, progress)?;
    progress.say(format!(
        "key → frame while pages load: {} samples",
        options.samples
    ));
    let mut console = opened_orgs(&launcher)?;
    console.key_to_frame("\r", WAIT, "the first page of enterprises", |f| {
        title(f).contains("enterprises (loaded")
    })?;
    let samples = while_walking(&mut console, options.samples)?;
    console.close();
    set_latency(
        figures,
        "bitgo_walk_p50",
        "bitgo_walk_p99",
        &samples,
        json!({"keys": "G and k in turn"}),
    );
    figures.get("bitgo_walk_p99").note = Some(
        "G and k in turn while pages load (k ends the walk, but the list keeps paging as the cursor is near its end; G walks on); a sample counts only if its frame still shows pages to come"
            .into(),
    );
    Ok(())
}

/// curl over every page, `curl_runs` times.
fn measure_curl(
    base_url: &str,
    options: &Options,
    figures: &mut Figures,
    progress: &Progress,
) -> Result<(), String> {
    progress.say(format!("curl: every page × {}", options.curl_runs));
    let mut curl = Vec::new();
    for _ in 0..options.curl_runs.max(1) {
        curl.push(ms(curl_all_pages(base_url, options.enterprises)?));
    }
    let figure = figures.get("curl_bitgo_pages");
    figure.set_median(&curl);
    figure.details = json!({"samples_ms": curl, "page_size": PAGE_SIZE});
    figure.note = Some(
        "one curl process per page, each next page asked with the previous answer's nextBatchPrevId, as a shell loop would"
            .into(),
    );

    Ok(())
}

/// The first page after Enter, then `G` to the end, in fresh consoles.
fn measure_to_end(
    launcher: &Launcher,
    options: &Options,
    figures: &mut Figures,
    progress: &Progress,
) -> Result<(), String> {
    let curl_median = figures.get("curl_bitgo_pages").value().unwrap_or(f64::NAN);
    progress.say(format!(
        "first page and G to the end × {}",
        options.list_runs
    ));
    let mut first = Vec::new();
    let mut to_end = Vec::new();
    for _ in 0..options.list_runs.max(1) {
        let mut console = opened_orgs(launcher)?;
        let (shown, _) =
            console.key_to_frame("\r", WAIT, "the first page of enterprises", |f| {
                title(f).contains("enterprises (loaded")
            })?;
        first.push(ms(shown));
        let whole = format!("enterprises ({})", options.enterprises);
        let sent = console.send("G")?;
        let from = console.frame_count();
        let (_, frame) = console.wait_frame(from, LOAD_WAIT, "the last enterprise", |f| {
            f.end >= sent && title(f).contains(&whole) && selected(f).is_some()
        })?;
        to_end.push(ms(frame.end.saturating_duration_since(sent)));
        console.close();
    }
    let figure = figures.get("bitgo_first_page");
    figure.set_median(&first);
    figure.details = json!({"samples_ms": first});
    figure.note = Some(
        "from the Enter on the organization to the end of the first frame showing its first page"
            .into(),
    );
    let value = median(&to_end).unwrap_or(f64::NAN);
    let ratio = value / curl_median;
    let figure = figures.get("bitgo_walk_to_end");
    figure.set(
        value,
        format!(
            "{} (median of {}; {ratio:.1} × curl)",
            fmt_ms(value),
            to_end.len()
        ),
    );
    figure.details = json!({"samples_ms": to_end, "curl_median_ms": curl_median});
    figure.note =
        Some("from G to the first frame on the last row with the whole count in the title".into());

    Ok(())
}

/// A console on the organizations list, "Bulk CaaS" under the cursor.
fn opened_orgs(launcher: &Launcher) -> Result<Session, String> {
    let mut console = launcher.start(24, 80)?;
    console.wait_frame(0, WAIT, "the bulk admin's who-you-are", |f| {
        f.contains(BULK_ADMIN_SHOWN)
    })?;
    console.key_to_frame("\r", WAIT, "the organizations", |f| {
        f.contains("› Bulk CaaS")
    })?;
    Ok(console)
}

/// Alternates k (which ends the walk; the list still pages on as the cursor
/// is near its end) and G (which walks on), each timed to the frame that shows
/// the cursor moved, counting only the samples whose frame still shows pages
/// to come; `r` starts the list over when it is whole before the samples are.
fn while_walking(console: &mut Session, wanted: usize) -> Result<Vec<f64>, String> {
    let mut samples = Vec::new();
    let mut rounds = 0;
    while samples.len() < wanted && rounds < wanted * 4 {
        rounds += 1;
        let before = console.last_frame();
        let key = if rounds % 2 == 1 { "G" } else { "k" };
        let (took, frame) =
            console.key_to_frame(key, WAIT, "the cursor moved", |f| match &before {
                Some(before) => cursor_moved(before, f),
                None => cursor_on(f).is_some(),
            })?;
        if title(&frame).contains("(loaded") {
            samples.push(ms(took));
        } else {
            console.key_to_frame("r", WAIT, "the first page again", |f| {
                title(f).contains("(loaded 500 of")
            })?;
        }
    }
    Ok(samples)
}

fn title(frame: &Frame) -> &str {
    frame.row(1)
}

/// The row under the list cursor.
fn selected(frame: &Frame) -> Option<String> {
    frame
        .rows
        .iter()
        .find(|r| r.starts_with("› "))
        .map(|r| r.trim_end().to_owned())
}

/// The enterprise under the cursor: its NAME cell, not the whole row, since
/// the row's USERS cell fills in on its own as the background count arrives.
/// Compared whole, a count arriving just after a key passed for that key's
/// move; the next key then went in with it before the frame was drawn (G and
/// k in one draw: no move at all), and the harness waited for a move that had
/// come and gone.
fn cursor_on(frame: &Frame) -> Option<String> {
    let row = selected(frame)?;
    let cells = row.trim_start_matches("› ");
    Some(cells.split("  ").next().unwrap_or(cells).to_owned())
}

/// Whether `after` shows the cursor on another enterprise than `before`.
fn cursor_moved(before: &Frame, after: &Frame) -> bool {
    cursor_on(after).is_some_and(|now| cursor_on(before) != Some(now))
}

/// curl fetching every page of the generated organization's enterprises.
fn curl_all_pages(base_url: &str, expected: usize) -> Result<Duration, String> {
    let started = Instant::now();
    let mut prev: Option<String> = None;
    let mut count = 0;
    loop {
        let mut url = format!(
            "{}/api/v2/organization/{BULK_ORG}/enterprise?limit={PAGE_SIZE}",
            base_url.trim_end_matches('/')
        );
        if let Some(prev) = &prev {
            url.push_str(&format!("&prevId={prev}"));
        }
        let args = [
            "-H".to_owned(),
            format!("Authorization: Bearer {BULK_TOKEN}"),
        ];
        let body = curl_json(&args, &url)?;
        count += body["enterprises"].as_array().map_or(0, Vec::len);
        match body["nextBatchPrevId"].as_str() {
            Some(next) => prev = Some(next.to_owned()),
            None => break,
        }
    }
    if count != expected {
        return Err(format!("curl read {count} enterprises, not {expected}"));
    }
    Ok(started.elapsed())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::Instant;

    use super::*;

    fn frame(rows: &[&str]) -> Frame {
        Frame {
            end: Instant::now(),
            start: 0,
            end_offset: 0,
            rows: Arc::new(rows.iter().map(|r| (*r).to_owned()).collect()),
        }
    }

    const TITLE: &str = "Bulk CaaS: enterprises (loaded 1,500 of 100,000)";

    #[test]
    fn a_count_arriving_on_the_cursor_row_is_not_a_cursor_move() {
        let before = frame(&[
            "orgdeck bulk",
            TITLE,
            "  Onyx Customer 990               entity     flagged        0         2024-01-01",
            "› Pioneer Customer 991            individual flagged_retry… …         2024-01-01",
        ]);
        let counted = frame(&[
            "orgdeck bulk",
            TITLE,
            "  Onyx Customer 990               entity     flagged        0         2024-01-01",
            "› Pioneer Customer 991            individual flagged_retry… 0         2024-01-01",
        ]);
        assert!(!cursor_moved(&before, &counted));
    }

    #[test]
    fn the_cursor_on_another_enterprise_is_a_move() {
        let before = frame(&[
            "orgdeck bulk",
            TITLE,
            "  Onyx Customer 990               entity     flagged        0         2024-01-01",
            "› Pioneer Customer 991            individual flagged_retry… 0         2024-01-01",
        ]);
        let up = frame(&[
            "orgdeck bulk",
            TITLE,
            "› Onyx Customer 990               entity     flagged        0         2024-01-01",
            "  Pioneer Customer 991            individual flagged_retry… 0         2024-01-01",
        ]);
        assert!(cursor_moved(&before, &up));
        assert_eq!(cursor_on(&up).as_deref(), Some("Onyx Customer 990"));
    }
}
