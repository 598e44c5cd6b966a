//! Issue 16's users-list figures, at the run's size (100k, a million): the list's
//! first rows and the whole list against curl, key → frame while the list streams
//! in, the member counts on the organizations list once the people are in, and the
//! sandbox's own start-up and memory.

use std::time::Duration;

use serde_json::json;

use super::figures::{CurlTarget, Figures, set_against_curl, set_latency, short_count};
use super::launch::Launcher;
use super::measure::{failed, measure_curl, open_users, refused, settle};
use super::procs::{self, Sandbox};
use super::report::{Figure, fmt_ms, latency_json, median, ms};
use super::term::{Console, ENTER, Frame};
use super::{BULK_ADMIN_SHOWN, LOAD_WAIT, Options, WAIT};

/// The figures of the fresh consoles that open `:users` straight from the sandbox.
pub const LIST_KEYS: [&str; 5] = [
    "users_list_shown",
    "users_list_complete",
    "nav_while_arriving",
    "nav_after_load",
    "org_counts",
];

/// Gap between one key's frame and the next key: about a hundred keys a second,
/// faster than anyone types.
const KEY_GAP: Duration = Duration::from_millis(10);

pub fn figures(options: &Options) -> Vec<Figure> {
    let users = short_count(options.users);
    let link = options.link_mbit;
    vec![
        Figure::new(
            "stream_keys_p50",
            "key → frame while the list streams in, p50",
            "ms",
        )
        .optional(),
        Figure::new(
            "stream_keys_p99",
            "key → frame while the list streams in, p99",
            "ms",
        )
        .target(8.0, "≤ 8 ms")
        .optional(),
        Figure::new(
            "link_stream_keys_p50",
            format!("key → frame while the list streams in, {link} Mbit/s link, p50"),
            "ms",
        )
        .optional(),
        Figure::new(
            "link_stream_keys_p99",
            format!("key → frame while the list streams in, {link} Mbit/s link, p99"),
            "ms",
        )
        .target(8.0, "≤ 8 ms")
        .optional(),
        Figure::new(
            "org_counts",
            format!("member counts on the organizations list, {users} people in"),
            "ms",
        )
        .target(f64::INFINITY, "shown"),
        Figure::new("sandbox_ready", "sandbox: start → ready", "ms").target(5_000.0, "≤ 5 s"),
        Figure::new(
            "sandbox_rss",
            format!("sandbox: memory (RSS), {users} users served"),
            "MiB",
        ),
    ]
}

/// Fresh consoles straight to the sandbox, each right after one curl of the same URL:
/// the first rows and the whole list (j typed at both moments), then `:orgs`.
pub fn list_runs(
    direct: &Launcher,
    base_url: &str,
    options: &Options,
    figures: &mut Figures,
    curl_median: Option<f64>,
) -> Result<(), String> {
    let (mut shown, mut complete, mut paired_curl) = (Vec::new(), Vec::new(), Vec::new());
    let (mut while_arriving, mut after_load) = (Vec::new(), Vec::new());
    let mut counts: Result<Vec<f64>, String> = Ok(Vec::new());
    for _ in 0..options.list_runs.max(1) {
        let curl_now = curl_median
            .and_then(|_| measure_curl(base_url, 1).ok())
            .and_then(|samples| samples.first().copied());
        let mut console = direct.start(24, 80)?;
        console.wait_frame(0, WAIT, "the bulk tenant's who-you-are", |f| {
            f.contains(BULK_ADMIN_SHOWN)
        })?;
        let opened = open_users(&mut console, options.users, true)?;
        shown.push(ms(opened.first_rows));
        complete.push(ms(opened.complete));
        while_arriving.extend(opened.j_while_arriving.map(ms));
        // What the list costs just after it is all in: one j, sent the moment the
        // whole list is on screen.
        let top = console
            .last_frame()
            .and_then(|f| f.selected_person())
            .map(|(row, _)| row);
        let (first_key, _) = console.key_to_frame("j", WAIT, "the cursor one row down", |f| {
            f.selected_person().is_some_and(|(row, _)| Some(row) != top)
        })?;
        after_load.push(ms(first_key));
        paired_curl.extend(curl_now);
        // Counts that never show are not worth waiting for again in the next run.
        if let Ok(taken) = &mut counts {
            match org_counts(&mut console) {
                Ok(took) => taken.push(ms(took)),
                Err(err) => counts = Err(err),
            }
        }
        settle(&console, None)?;
        console.close();
    }
    let curl = median(&paired_curl).or(curl_median);
    let first_rows = CurlTarget {
        times: 1.0,
        cap_ms: Some(100.0),
    };
    let figure = figures.get("users_list_shown");
    set_against_curl(figure, &shown, &paired_curl, curl, Some(first_rows));
    figure.note = Some(
        "from the Enter that runs :users (typed on the tenants pane, so the load starts with that key) to the end of the first frame showing rows; each run is a fresh console talking to the sandbox directly, right after a curl of the same URL".into(),
    );
    let whole = CurlTarget {
        times: 2.0,
        cap_ms: None,
    };
    let figure = figures.get("users_list_complete");
    set_against_curl(figure, &complete, &paired_curl, curl, Some(whole));
    figure.note = Some(
        "the same runs, to the first frame whose title shows the whole count (every row reachable, filter over all of them)".into(),
    );
    set_single_keys(figures, "nav_while_arriving", &while_arriving);
    set_single_keys(figures, "nav_after_load", &after_load);
    match counts {
        Ok(taken) => {
            let figure = figures.get("org_counts");
            let value = figure.set_median(&taken);
            figure.shown = format!("shown: {} (median of {})", fmt_ms(value), taken.len());
            figure.details = json!({"samples_ms": taken});
            figure.note = Some("the same runs, once the whole list is in: from the Enter on :orgs to the first frame whose MEMBERS column shows a number, not …".into());
        }
        Err(err) => figures.get("org_counts").na(err),
    }
    Ok(())
}

fn set_single_keys(figures: &mut Figures, key: &str, samples: &[f64]) {
    if let Some(worst) = samples.iter().copied().reduce(f64::max) {
        let value = median(samples).unwrap_or(f64::NAN);
        let figure = figures.get(key);
        let runs = samples.len();
        let text = format!(
            "{} (median of {runs}; max {})",
            fmt_ms(value),
            fmt_ms(worst)
        );
        figure.set(value, text);
        figure.details = json!({"samples_ms": samples});
    }
}

/// `:orgs` on a console whose people are all in: Enter → the first frame whose
/// MEMBERS column holds a number on its first row.
fn org_counts(console: &mut Console) -> Result<Duration, String> {
    let from = console.frame_count();
    console.send(":orgs")?;
    console.wait_frame(from, WAIT, "the :orgs command line", |f| {
        f.status_row().starts_with(":orgs▏")
    })?;
    let (took, _) = console.key_to_frame(
        ENTER,
        WAIT,
        "member counts (a number, not …) on the organizations list",
        counts_shown,
    )?;
    Ok(took)
}

/// Whether the first organization's MEMBERS cell holds a number.
fn counts_shown(frame: &Frame) -> bool {
    let Some(header) = frame.rows.iter().position(|row| row.contains("MEMBERS")) else {
        return false;
    };
    let Some(column) = frame.rows[header]
        .split("MEMBERS")
        .next()
        .map(|before| before.chars().count())
    else {
        return false;
    };
    frame
        .row(header + 1)
        .chars()
        .nth(column)
        .is_some_and(|c| c.is_ascii_digit())
}

/// Key → frame samples taken while a list streams in.
#[derive(Debug, Default)]
pub struct Streamed {
    pub samples: Vec<f64>,
    /// Keys whose frame already showed the whole list (not counted).
    pub late: usize,
    /// From the first rows to the whole list, in ms.
    pub streaming_ms: Vec<f64>,
}

/// `:users`, then j and k in turn, each KEY_GAP after the previous key's frame, from
/// the first rows shown until the title shows the whole count. A key counts when its
/// frame (the cursor on the row it moves to) still shows the list coming in.
pub fn keys_while_streaming(
    console: &mut Console,
    users: usize,
    streamed: &mut Streamed,
) -> Result<(), String> {
    let (from, sent) = super::measure::enter_users(console)?;
    let title = format!("all users ({users})");
    let whole = |f: &Frame| f.contains(&title) && f.selected_person().is_some();
    let (_, first) = console.wait_frame(from, LOAD_WAIT, "the first users' rows", |f| {
        f.end >= sent && (f.contains("all users (") && f.selected_person().is_some() || failed(f))
    })?;
    refused(&first)?;
    let top = first
        .selected_person()
        .map(|(row, _)| row)
        .ok_or("no cursor on the first rows")?;
    let mut down = false;
    let mut last = first;
    while !whole(&last) {
        let (key, row) = if down { ("k", top) } else { ("j", top + 1) };
        let what = format!("the cursor on screen row {row} after {key}");
        let (took, frame) = console.key_to_frame(key, WAIT, &what, |f| {
            f.selected_person().is_some_and(|(at, _)| at == row) || failed(f)
        })?;
        refused(&frame)?;
        down = !down;
        if whole(&frame) {
            streamed.late += 1;
            break;
        }
        streamed.samples.push(ms(took));
        std::thread::sleep(KEY_GAP);
        last = console.last_frame().unwrap_or(frame);
    }
    let (_, done) = console.wait_frame(from, LOAD_WAIT, &format!("{title:?} with rows"), |f| {
        f.end >= sent && (whole(f) || failed(f))
    })?;
    refused(&done)?;
    streamed
        .streaming_ms
        .push(ms(done.end.saturating_duration_since(sent)));
    Ok(())
}

/// `runs` fresh consoles of `launcher`, keys while each one's list streams in.
pub fn stream_runs(launcher: &Launcher, users: usize, runs: usize) -> Result<Streamed, String> {
    let mut streamed = Streamed::default();
    for _ in 0..runs.max(1) {
        let mut console = launcher.start(24, 80)?;
        console.wait_frame(0, LOAD_WAIT, "the bulk tenant's who-you-are", |f| {
            f.contains(BULK_ADMIN_SHOWN)
        })?;
        keys_while_streaming(&mut console, users, &mut streamed)?;
        console.close();
    }
    Ok(streamed)
}

/// The p50/p99 pair of `keys` from `streamed`; with no sample (a list in at once),
/// both are n/a with that reason.
pub fn set_streamed(figures: &mut Figures, keys: [&str; 2], streamed: &Streamed, how: &str) {
    if streamed.samples.is_empty() {
        let reason = format!(
            "no key's frame came before the whole list was in ({} runs, the whole list {} after Enter): it did not stream at this size",
            streamed.streaming_ms.len(),
            median(&streamed.streaming_ms).map_or("?".into(), fmt_ms)
        );
        figures.fail(&keys, &reason);
        return;
    }
    let details = json!({
        "late_keys": streamed.late,
        "whole_list_ms": streamed.streaming_ms,
        "gap_ms": ms(KEY_GAP),
        "samples": latency_json(&streamed.samples),
    });
    set_latency(figures, keys[0], keys[1], &streamed.samples, details);
    figures.get(keys[1]).note = Some(format!(
        "{how}: j and k in turn, each {} after the previous key's frame, from the first rows shown until the title shows the whole count ({} after Enter, median); a key counts when its frame still shows the list coming in",
        fmt_ms(ms(KEY_GAP)),
        median(&streamed.streaming_ms).map_or("?".into(), fmt_ms)
    ));
}

/// The sandbox's start → ready, as the harness waited for its banner.
pub fn set_sandbox_ready(figures: &mut Figures, sandbox: &Sandbox) {
    let took = ms(sandbox.ready_after);
    let figure = figures.get("sandbox_ready");
    figure.set(
        took,
        format!("{} ({})", fmt_ms(took), banner_ready(&sandbox.banner)),
    );
    figure.note = Some("from the sandbox's spawn to its banner line read (it prints the banner once it listens with its data generated)".into());
}

fn banner_ready(banner: &str) -> String {
    banner
        .split('(')
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .map_or_else(
            || "no time in its banner".into(),
            |own| format!("its own: {own}"),
        )
}

/// The sandbox's memory after it has served every console and the CLI.
pub fn set_sandbox_rss(figures: &mut Figures, sandbox: &Sandbox) {
    let figure = figures.get("sandbox_rss");
    match procs::status_kib(sandbox.pid(), "VmRSS") {
        Ok(rss) => {
            let hwm = procs::status_kib(sandbox.pid(), "VmHWM").ok();
            let mib = rss as f64 / 1024.0;
            let peak = hwm.unwrap_or(0) as f64 / 1024.0;
            figure.set(mib, format!("{mib:.1} MiB (peak {peak:.1} MiB)"));
            figure.details = json!({"vm_rss_kib": rss, "vm_hwm_kib": hwm});
        }
        Err(err) => figure.na_environmental(err),
    }
}
