//! A smoke run of the benchmark harness (`examples/perf`), so that it cannot rot: quick
//! mode (2,000 users, few samples) against the debug binary. It asserts only that every
//! figure was measured and is a finite, positive number: never a target. Speed is not
//! something a test can assert on a shared machine, and the debug build is not what
//! the targets are about; `cargo run --release --example perf` is.

#[path = "../../examples/perf/harness/mod.rs"]
mod harness;

use std::path::PathBuf;

use harness::report::Measured;

#[test]
fn the_perf_harness_measures_every_figure_in_quick_mode() {
    let options = harness::Options {
        binary: Some(PathBuf::from(env!("CARGO_BIN_EXE_orgdeck"))),
        progress: false,
        ..harness::Options::quick()
    };
    let report = harness::run(&options).expect("the harness runs");
    let table = report.table();
    println!("{table}");

    assert!(!report.figures.is_empty());
    for figure in &report.figures {
        match &figure.measured {
            Measured::Value(value) => {
                assert!(
                    value.is_finite(),
                    "{} is not finite: {value}\n{table}",
                    figure.name
                );
                let positive = *value > 0.0 || (figure.may_be_zero && *value == 0.0);
                assert!(positive, "{} is {value}\n{table}", figure.name);
            }
            // Only what this machine cannot do (curl missing...) may be left out, and
            // what did not happen at this size (keys while 2,000 users stream in).
            Measured::Na {
                reason,
                environmental,
            } => assert!(
                *environmental || figure.optional,
                "{} was not measured: {reason}\n{table}",
                figure.name
            ),
        }
    }
    // Issue 16's figures are in the run: the CLI's line count, the sandbox, the counts.
    for key in [
        "cli_users_list",
        "cli_users_rss",
        "sandbox_ready",
        "sandbox_rss",
        "org_counts",
    ] {
        let figure = report.figures.iter().find(|f| f.key == key);
        assert!(
            figure.is_some_and(|f| f.value().is_some()),
            "{key} is missing or unmeasured\n{table}"
        );
    }
    // The JSON holds every figure.
    let json = report.to_json();
    let figures = json["figures"].as_array().expect("figures in the JSON");
    assert_eq!(figures.len(), report.figures.len());
}
