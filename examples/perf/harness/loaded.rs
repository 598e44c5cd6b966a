//! The figures of one console on the loaded list at 80x24, behind the byte-counting
//! proxy: navigation, the filter, bytes per j, memory, idle CPU and a refresh. With
//! `--users-only`, only the filter and memory.

use serde_json::json;

use super::figures::{Figures, set_bytes, set_latency};
use super::launch::{Launcher, Session};
use super::measure::{Geometry, bytes_per_j, filter, idle, navigate, open_users, refresh, settle};
use super::procs;
use super::proxy::Proxy;
use super::report::latency_json;
use super::term::Console;
use super::{BULK_ADMIN_SHOWN, FILTER_TEXT, Options, Progress, WAIT};

pub const KEYS: [&str; 8] = [
    "nav_p50",
    "nav_p99",
    "filter_p50",
    "filter_p99",
    "bytes_per_j_80x24",
    "memory_rss",
    "idle_cpu",
    "refresh_bytes",
];

pub fn measure(
    bulk: &Launcher,
    proxy: &Proxy,
    options: &Options,
    figures: &mut Figures,
    progress: &Progress,
) -> Result<(), String> {
    let (mut console, geometry) = users_loaded(bulk, proxy, options, (24, 80))?;

    if !options.users_only {
        progress.say(format!(
            "navigation: {} samples each of G k j g PageDown",
            options.samples
        ));
        let nav = navigate(&mut console, &geometry, options.users, options.samples)?;
        let all: Vec<f64> = nav.iter().flat_map(|(_, v)| v.iter().copied()).collect();
        let parts = nav
            .iter()
            .map(|(k, v)| (k.to_string(), latency_json(v)))
            .collect::<serde_json::Map<_, _>>();
        set_latency(figures, "nav_p50", "nav_p99", &all, json!(parts));
    }

    progress.say(format!(
        "filter: typing {FILTER_TEXT:?} and erasing it, {} keystrokes",
        options.filter_samples
    ));
    let (typed, erased) = filter(&mut console, options.filter_samples)?;
    let all: Vec<f64> = typed.iter().chain(&erased).copied().collect();
    let parts = json!({"typing": latency_json(&typed), "backspace": latency_json(&erased)});
    set_latency(figures, "filter_p50", "filter_p99", &all, parts);

    if !options.users_only {
        progress.say("bytes per j at 80x24");
        let (bytes, latencies) = bytes_per_j(&mut console, &geometry, options.samples)?;
        set_bytes(figures.get("bytes_per_j_80x24"), &bytes, &latencies);
    }
    set_memory(figures, &console);
    if !options.users_only {
        progress.say(format!("idle for {:.0} s", options.idle.as_secs_f64()));
        settle(&console, Some(proxy))?;
        set_idle(figures, &console, options);
        progress.say("refresh (r) of the loaded list");
        settle(&console, Some(proxy))?;
        refresh(&mut console, proxy, figures.get("refresh_bytes"))?;
    }
    console.close();
    Ok(())
}

/// The console's RSS now, with the whole list loaded and filtered over.
/// A console of `rows` x `cols` on the bulk tenant's whole users list, once the
/// proxy has gone quiet.
fn users_loaded(
    bulk: &Launcher,
    proxy: &Proxy,
    options: &Options,
    (rows, cols): (u16, u16),
) -> Result<(Session, Geometry), String> {
    let mut console = bulk.start(rows, cols)?;
    console.wait_frame(0, WAIT, "the bulk tenant's who-you-are", |f| {
        f.contains(BULK_ADMIN_SHOWN)
    })?;
    open_users(&mut console, options.users, false)?;
    settle(&console, Some(proxy))?;
    let geometry = Geometry::of(&console)?;
    Ok((console, geometry))
}

fn set_memory(figures: &mut Figures, console: &Console) {
    match procs::status_kib(console.pid, "VmRSS") {
        Ok(rss) => {
            let hwm = procs::status_kib(console.pid, "VmHWM").ok();
            let figure = figures.get("memory_rss");
            let mib = rss as f64 / 1024.0;
            let peak = hwm.unwrap_or(0) as f64 / 1024.0;
            figure.set(mib, format!("{mib:.1} MiB (peak {peak:.1} MiB)"));
            figure.details = json!({"vm_rss_kib": rss, "vm_hwm_kib": hwm, "pid": console.pid});
        }
        // No /proc here: nothing the console can do about it.
        Err(err) => figures.get("memory_rss").na_environmental(err),
    }
}

/// CPU over the idle window, from clock ticks and (finer) schedstat.
fn set_idle(figures: &mut Figures, console: &Console, options: &Options) {
    let window = options.idle.as_secs_f64();
    match procs::clock_ticks().and_then(|hz| Ok((hz, idle(console, options.idle)?))) {
        Ok((hz, (ticks, ns, frames, bytes))) => {
            let cpu_ms = ticks as f64 * 1000.0 / hz as f64;
            let per_10s = cpu_ms * 10.0 / window;
            let figure = figures.get("idle_cpu");
            figure.may_be_zero = true;
            let fine = ns.map(|ns| ns as f64 / 1e6 * 10.0 / window);
            let schedstat = fine
                .map(|f| format!("; schedstat {f:.1} ms / 10 s"))
                .unwrap_or_default();
            figure.set(
                per_10s,
                format!(
                    "{per_10s:.0} ms / 10 s ({ticks} ticks over {window:.0} s; {frames} frames){schedstat}"
                ),
            );
            figure.details = json!({
                "ticks": ticks, "clk_tck": hz, "window_s": window,
                "schedstat_ms_per_10s": fine, "frames": frames, "bytes_written": bytes,
            });
        }
        Err(err) => figures.get("idle_cpu").na_environmental(err),
    }
}

/// Bytes per j at 200x50, where the tenants pane stands beside the list.
pub fn wide(
    bulk: &Launcher,
    proxy: &Proxy,
    options: &Options,
    figures: &mut Figures,
) -> Result<(), String> {
    let (mut console, geometry) = users_loaded(bulk, proxy, options, (50, 200))?;
    let (bytes, latencies) = bytes_per_j(&mut console, &geometry, options.samples)?;
    let figure = figures.get("bytes_per_j_200x50");
    set_bytes(figure, &bytes, &latencies);
    figure.note = Some("at 200 columns the tenants pane stands beside the list".into());
    console.close();
    Ok(())
}
