//! The list over a slow link (a pacing proxy), and key → frame against a slow server.

use std::path::Path;

use tokio::runtime::Runtime;

use super::figures::{Figures, set_against_curl};
use super::launch::Launcher;
use super::measure::{over_link, slow_server};
use super::procs::Sandbox;
use super::proxy::Proxy;
use super::report::{fmt_ms, median};
use super::users::{set_streamed, stream_runs};
use super::{LOAD_WAIT, Options};

/// Consoles (and curl) loading the list through a link of `options.link_mbit`: the
/// load times (not with `--users-only`), then keys while one console's list streams in.
pub fn link(
    runtime: &Runtime,
    sandbox: &Sandbox,
    launcher_config: &Path,
    binary: &Path,
    options: &Options,
    figures: &mut Figures,
) -> Result<(), String> {
    let link = Proxy::start_link(runtime, sandbox.addr, options.link_mbit * 1_000_000 / 8)?;
    let launcher = Launcher::new(binary, launcher_config.to_owned(), "bulk", &link.url())?;
    if !options.users_only {
        let loads = over_link(&launcher, &link, options)?;
        let curl = median(&loads.curl);
        let shown = figures.get("link_list_shown");
        set_against_curl(shown, &loads.shown, &loads.curl, curl, None);
        let complete = figures.get("link_list_complete");
        set_against_curl(complete, &loads.complete, &loads.curl, curl, None);
        complete.note = Some(format!(
            "console and curl both reach the sandbox through a proxy that passes answers on at {} Mbit/s per connection; each console run follows its own curl run",
            options.link_mbit
        ));
    }
    let streamed = stream_runs(&launcher, options.users, 1)?;
    let how = format!("one console through the {} Mbit/s link", options.link_mbit);
    let keys = ["link_stream_keys_p50", "link_stream_keys_p99"];
    set_streamed(figures, keys, &streamed, &how);
    Ok(())
}

/// j/k against a second sandbox that answers after `options.slow_latency_ms`.
pub fn server(
    runtime: &Runtime,
    binary: &Path,
    config: &Path,
    options: &Options,
    figures: &mut Figures,
) -> Result<(), String> {
    let slow = Sandbox::start(
        binary,
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
    let slow_proxy = Proxy::start(runtime, slow.addr)?;
    let mut console =
        Launcher::new(binary, config.to_owned(), "slow", &slow_proxy.url())?.start(24, 80)?;
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
}
