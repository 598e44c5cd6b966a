//! Issue 15's sort figures, on the 100k-user list (`:users` of the bulk tenant):
//! key → frame for the first `o` on a column (its keys read: each sample a column
//! other than the one sorted before), for `o` (ascending, descending,
//! off in turn, on the first column) and for a filter keystroke on the list sorted by `:sort name`, which must
//! keep under the filter's own target.

use serde_json::json;

use super::figures::{Figures, set_latency, short_count};
use super::launch::Launcher;
use super::measure::{filter, open_users, settle};
use super::procs::{Sandbox, temp_dir};
use super::report::{Figure, fmt_ms, latency_json, ms};
use super::term::{Console, ENTER};
use super::{BULK_ADMIN_SHOWN, LOAD_WAIT, Options, Progress, WAIT};

pub const KEYS: [&str; 6] = [
    "sort_first_o_p50",
    "sort_first_o_p99",
    "sort_o_p50",
    "sort_o_p99",
    "sorted_filter_p50",
    "sorted_filter_p99",
];

pub fn figures(options: &Options) -> Vec<Figure> {
    let n = short_count(options.users);
    vec![
        Figure::new(
            "sort_first_o_p50",
            format!("key → frame, the first o on a column of {n} rows (keys read) p50"),
            "ms",
        ),
        Figure::new(
            "sort_first_o_p99",
            format!("key → frame, the first o on a column of {n} rows (keys read) p99"),
            "ms",
        )
        .target(25.0, "≤ 25 ms"),
        Figure::new(
            "sort_o_p50",
            format!("key → frame, o on {n} rows p50"),
            "ms",
        ),
        Figure::new(
            "sort_o_p99",
            format!("key → frame, o on {n} rows p99"),
            "ms",
        )
        .target(25.0, "≤ 25 ms"),
        Figure::new(
            "sorted_filter_p50",
            format!("key → frame, filter on {n} rows sorted by name p50"),
            "ms",
        ),
        Figure::new(
            "sorted_filter_p99",
            format!("key → frame, filter on {n} rows sorted by name p99"),
            "ms",
        )
        .target(25.0, "≤ 25 ms"),
    ]
}

/// The header marks of the first column in `o`'s three states, in turn.
const CYCLE: [&str; 3] = ["[▲", "[▼", "[EMAIL"];

pub fn measure(
    binary: &std::path::Path,
    options: &Options,
    figures: &mut Figures,
    notes: &mut Vec<String>,
    progress: &Progress,
) -> Result<(), String> {
    progress.say(format!(
        "sorting: a sandbox of {} users, {} orgs",
        options.users, options.orgs
    ));
    let sandbox = Sandbox::of_users(binary, options.users, options.orgs, LOAD_WAIT)?;
    let work = temp_dir("sort")?;
    let launcher = Launcher::new(
        binary,
        work.path().join("sort.toml"),
        "bulk",
        &sandbox.base_url,
    )?;
    let mut console = launcher.start(24, 80)?;
    console.wait_frame(0, WAIT, "the bulk tenant's who-you-are", |f| {
        f.contains(BULK_ADMIN_SHOWN)
    })?;
    open_users(&mut console, options.users, false)?;
    settle(&console, None)?;

    progress.say(format!("sorting: o × {}", options.samples));
    let (first, cycled) = cycle_o(&mut console, options.samples)?;
    set_latency(
        figures,
        "sort_o_p50",
        "sort_o_p99",
        &cycled,
        json!({"first_ms": first, "cycle": CYCLE, "samples": latency_json(&cycled)}),
    );

    notes.push(format!(
        "sorting: the very first o of the run (the first column's keys read) took {}",
        fmt_ms(first)
    ));
    let (took, _) = command(&mut console, ":sort name", "▲NAME")?;
    notes.push(format!(
        "sorting: :sort name (the next column: its keys read, then sorted) took {}",
        fmt_ms(ms(took))
    ));
    progress.say(format!(
        "sorting: filter on the sorted list, {} keystrokes",
        options.filter_samples
    ));
    let (typed, erased) = filter(&mut console, options.filter_samples)?;
    let all: Vec<f64> = typed.iter().chain(&erased).copied().collect();
    set_latency(
        figures,
        "sorted_filter_p50",
        "sorted_filter_p99",
        &all,
        json!({"typing": latency_json(&typed), "backspace": latency_json(&erased)}),
    );
    progress.say(format!(
        "sorting: the first o on a column, × {}",
        options.samples
    ));
    let firsts = first_o(&mut console, options.samples)?;
    set_latency(
        figures,
        "sort_first_o_p50",
        "sort_first_o_p99",
        &firsts,
        json!({"columns": FRESH_COLUMNS, "samples": latency_json(&firsts), "in_turn_ms": firsts}),
    );
    console.close();
    Ok(())
}

/// `o` pressed `samples` times (at least one whole cycle); the first press, which
/// reads the keys, apart from the rest (and noted).
fn cycle_o(console: &mut Console, samples: usize) -> Result<(f64, Vec<f64>), String> {
    let mut first = None;
    let mut rest = Vec::new();
    for n in 0..samples.max(CYCLE.len() + 1) {
        let mark = CYCLE[n % CYCLE.len()];
        let (took, _) = console.key_to_frame("o", WAIT, &format!("the header's {mark}"), |f| {
            f.row(2).contains(mark)
        })?;
        match first {
            None => first = Some(ms(took)),
            Some(_) => rest.push(ms(took)),
        }
    }
    Ok((first.unwrap_or(f64::NAN), rest))
}

/// The columns the first-`o` samples move over, back and forth.
const FRESH_COLUMNS: usize = 5;

/// `o` on a column other than the one sorted before, `samples` times: `>`
/// (or `<`, turning at the fifth column and the first) then `o`. A level keeps
/// the keys of one column, so each of these reads its column's keys afresh.
fn first_o(console: &mut Console, samples: usize) -> Result<Vec<f64>, String> {
    let mut taken = Vec::new();
    // `:sort name` left the focus on the second column.
    let (mut column, mut step) = (1usize, 1isize);
    for _ in 0..samples {
        if column == FRESH_COLUMNS - 1 && step > 0 || column == 0 && step < 0 {
            step = -step;
        }
        column = column.saturating_add_signed(step);
        let key = if step > 0 { ">" } else { "<" };
        // Columns take the width their rows on screen need: with long emails the
        // fifth one (ORGANIZATION) does not fit at 80 columns, so neither its focus
        // nor its sort can be seen in the header. The header's change shows the move,
        // and the status line's "sorted by … ▲" (a column other than the last) the sort.
        let header = console.last_frame().map(|f| f.row(2).to_owned());
        console.key_to_frame(key, WAIT, "the focus moved to another column", |f| {
            header.as_deref() != Some(f.row(2))
        })?;
        let said = console.last_frame().map(|f| f.status_row().to_owned());
        let (took, _) = console.key_to_frame("o", WAIT, "the focused column sorted ▲", |f| {
            let status = f.status_row();
            status.starts_with("sorted by ")
                && status.contains('▲')
                && said.as_deref() != Some(status)
        })?;
        taken.push(ms(took));
    }
    Ok(taken)
}

/// A `:` command typed and entered; the time from the Enter to the frame showing `mark`.
fn command(
    console: &mut Console,
    line: &str,
    mark: &str,
) -> Result<(std::time::Duration, super::term::Frame), String> {
    let from = console.frame_count();
    console.send(line)?;
    console.wait_frame(from, WAIT, &format!("the command line {line:?}"), |f| {
        f.status_row().starts_with(&format!("{line}▏"))
    })?;
    console.key_to_frame(ENTER, WAIT, &format!("the header's {mark}"), |f| {
        f.row(2).contains(mark)
    })
}
