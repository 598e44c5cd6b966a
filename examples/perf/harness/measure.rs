//! The measurements themselves: each drives a console (or curl) and returns samples.

use std::time::{Duration, Instant};

use serde_json::json;

use super::launch::Launcher;
use super::procs;
use super::proxy::{self, Proxy};
use super::report::{Figure, latency_json, ms, quantile};
use orgdeck::app::scroll;

use super::term::{BACKSPACE, Console, ENTER, Frame, PAGE_DOWN};
use super::{BULK_ADMIN_SHOWN, BULK_TOKEN, FILTER_TEXT, LOAD_WAIT, Options, WAIT};

/// curl's total time for GET /users, straight to the sandbox.
pub fn measure_curl(base_url: &str, runs: usize) -> Result<Vec<f64>, (String, bool)> {
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
pub fn measure_startup(runs: usize, launcher: &Launcher) -> Result<(Vec<f64>, Vec<f64>), String> {
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

/// How long `:users` took to show: its first rows (a long list is shown from its
/// first part while the rest arrives), and the whole list.
pub struct Opened {
    pub first_rows: Duration,
    pub complete: Duration,
    /// A `j` typed the moment the first rows showed: key → frame.
    pub j_while_arriving: Option<Duration>,
}

/// Types `:users`, then Enter, and waits for the full list. Both times run from the
/// Types `:users`, waits for it on the command line, and sends its Enter:
/// the frame count before the Enter, and when it was sent.
pub fn enter_users(console: &mut Console) -> Result<(usize, std::time::Instant), String> {
    let from = console.frame_count();
    console.send(":users")?;
    console.wait_frame(from, WAIT, "the :users command line", |f| {
        f.status_row().starts_with(":users▏")
    })?;
    let from = console.frame_count();
    let sent = console.send(ENTER)?;
    Ok((from, sent))
}

/// Enter to the end of a frame: the first one with a selected row, and the first
/// one whose title shows the whole count. With `move_early`, a `j` is typed as
/// soon as the first rows show.
pub fn open_users(console: &mut Console, users: usize, move_early: bool) -> Result<Opened, String> {
    let (from, sent) = enter_users(console)?;
    let (_, first) = console.wait_frame(from, LOAD_WAIT, "the first users' rows", |f| {
        f.end >= sent && (f.contains("all users (") && f.selected_person().is_some() || failed(f))
    })?;
    refused(&first)?;
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
        f.end >= sent && (f.contains(&title) && f.selected_person().is_some() || failed(f))
    })?;
    refused(&whole)?;
    Ok(Opened {
        first_rows: first.end.saturating_duration_since(sent),
        complete: whole.end.saturating_duration_since(sent),
        j_while_arriving,
    })
}

/// Whether the list on screen could not be loaded: its body says so, and the
/// console's message stands under the header.
pub fn failed(frame: &Frame) -> bool {
    frame.contains("could not load")
}

/// The console's own message when `frame` shows a list that could not be loaded, as
/// an error: a size the console refuses is a figure that failed, not a harness
/// failure, and its message is what the table shows.
pub fn refused(frame: &Frame) -> Result<(), String> {
    if !failed(frame) {
        return Ok(());
    }
    let message = frame
        .rows
        .iter()
        .find(|row| row.trim_start().starts_with('✗'))
        .map_or("(no message shown)", |row| row.trim());
    Err(format!(
        "the console could not load the list: {message}\n{}",
        frame.screen()
    ))
}

/// The list loaded over a slow link, run by run: console and curl.
pub struct LinkLoads {
    pub shown: Vec<f64>,
    pub complete: Vec<f64>,
    /// curl through the same link, once right before each console.
    pub curl: Vec<f64>,
}

/// Fresh consoles that load `:users` through `link`, each right after a curl of the
/// same URL through it. Without curl on the machine the consoles still run.
pub fn over_link(
    launcher: &Launcher,
    link: &Proxy,
    options: &Options,
) -> Result<LinkLoads, String> {
    let mut loads = LinkLoads {
        shown: Vec::new(),
        complete: Vec::new(),
        curl: Vec::new(),
    };
    for _ in 0..options.link_runs.max(1) {
        let curl = match measure_curl(&link.url(), 1) {
            Ok(samples) => samples,
            Err((_, true)) => Vec::new(),
            Err((err, false)) => return Err(err),
        };
        let mut console = launcher.start(24, 80)?;
        console.wait_frame(0, LOAD_WAIT, "the bulk tenant's who-you-are", |f| {
            f.contains(BULK_ADMIN_SHOWN)
        })?;
        let opened = open_users(&mut console, options.users, false)?;
        loads.shown.push(ms(opened.first_rows));
        loads.complete.push(ms(opened.complete));
        loads.curl.extend(curl);
        console.close();
    }
    Ok(loads)
}

/// Waits until nothing is loading: the header shows no spinner and, for a console
/// behind the proxy, no traffic has passed through it for a moment.
pub fn settle(console: &Console, proxy: Option<&Proxy>) -> Result<(), String> {
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
pub struct Geometry {
    /// The screen row of the list's first item.
    top: usize,
    /// How many items the list's window shows.
    height: usize,
}

impl Geometry {
    pub fn of(console: &Console) -> Result<Geometry, String> {
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
        if height == 0 {
            return Err(format!("no room for rows:\n{}", frame.screen()));
        }
        Ok(Geometry { top, height })
    }

    /// The screen row of the item `selected` with the window starting at `first`.
    fn row_of(&self, first: usize, selected: usize) -> usize {
        self.top + selected - first
    }
}

/// Sends a key that moves the list cursor to `to` and waits for the frame that shows
/// it there (a frame drawn for anything else, such as the clock, does not count).
fn move_to(
    console: &mut Console,
    key: &str,
    to: usize,
    row: usize,
) -> Result<(Duration, Frame), String> {
    let before = console
        .last_frame()
        .and_then(|f| f.selected_person())
        .map(|(_, email)| email);
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
pub fn navigate(
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
        .is_none_or(|(row, _)| row != geometry.row_of(0, 0))
    {
        return Err("the cursor is not on the first row after loading".into());
    }
    // The list's window, moved as the console moves it (`scrolloff`).
    let mut first = 0usize;
    for _ in 0..samples {
        for (index, (name, key)) in keys.iter().enumerate() {
            let to = match *name {
                "G" => last,
                "k" => at.saturating_sub(1),
                "j" => (at + 1).min(last),
                "g" => 0,
                _ => {
                    let (paged_first, to) = scroll::paged(first, at, rows, geometry.height, true);
                    first = paged_first;
                    to
                }
            };
            first = scroll::window(first, to, rows, geometry.height);
            let (took, _) = move_to(console, key, to, geometry.row_of(first, to))?;
            out[index].1.push(ms(took));
            at = to;
        }
    }
    // Back to the top for what follows.
    if at != 0 {
        move_to(console, "g", 0, geometry.row_of(0, 0))?;
    }
    Ok(out)
}

/// '/' then FILTER_TEXT one key at a time and back with Backspace, until `samples`
/// keystrokes; then Enter leaves the (empty) filter. Returns (typing, backspace) samples.
pub fn filter(console: &mut Console, samples: usize) -> Result<(Vec<f64>, Vec<f64>), String> {
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

/// The bytes of the frames drawn for j moving within the window (g, not counted, goes
/// back to the top before a j would scroll it). Returns (bytes, latencies) per j.
pub fn bytes_per_j(
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
        // Within the window: back to the top before a j that would scroll it.
        if scroll::window(0, at + 1, usize::MAX, geometry.height) != 0 {
            move_to(console, "g", 0, geometry.row_of(0, 0))?;
            at = 0;
        }
        let (took, frame) = move_to(console, "j", at + 1, geometry.row_of(0, at + 1))?;
        at += 1;
        bytes.push(frame.bytes() as f64);
        latencies.push(ms(took));
    }
    Ok((bytes, latencies))
}

/// CPU ticks (and schedstat ns) the console used over `window` with no input, and the
/// frames and bytes it wrote meanwhile.
pub fn idle(
    console: &Console,
    window: Duration,
) -> Result<(u64, Option<u64>, usize, usize), String> {
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
pub fn refresh(console: &mut Console, proxy: &Proxy, figure: &mut Figure) -> Result<(), String> {
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
pub fn slow_server(
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
        let (took, frame) = move_to(console, key, to, geometry.row_of(0, to))?;
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
