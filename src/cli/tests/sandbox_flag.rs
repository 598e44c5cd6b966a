//! `--sandbox[=BACKEND]`: which backend's sandbox the console and the commands start,
//! and whose commands the command line then offers.
use crate::backends::{self, Entry};
use crate::cli::{Cli, commands_schema, try_parse_from};

fn parsed(words: &[&str]) -> Cli {
    try_parse_from(words).unwrap_or_else(|err| panic!("{words:?} does not parse: {err}"))
}

fn asked(words: &[&str]) -> Option<&'static str> {
    let entry: Option<&Entry> = parsed(words).global.sandbox_backend().expect("registered");
    entry.map(|e| e.name)
}

fn every_other() -> impl Iterator<Item = &'static Entry> {
    backends::ALL.iter().skip(1)
}

#[test]
fn plain_sandbox_is_the_default_backend_and_a_name_picks_another() {
    assert_eq!(asked(&["orgdeck", "whoami"]), None);
    assert_eq!(
        asked(&["orgdeck", "--sandbox", "whoami"]),
        Some(backends::default().name)
    );
    for entry in every_other() {
        let flag = format!("--sandbox={}", entry.name.to_uppercase());
        assert_eq!(asked(&["orgdeck", &flag, "whoami"]), Some(entry.name));
        // Global, as before: after the command too.
        assert_eq!(asked(&["orgdeck", "whoami", &flag]), Some(entry.name));
    }
}

#[test]
fn a_plain_sandbox_before_the_command_does_not_take_the_command_as_its_backend() {
    let cli = parsed(&["orgdeck", "--sandbox", "whoami"]);
    assert!(matches!(cli.command, Some(crate::cli::Command::Whoami)));
}

#[test]
fn an_unknown_sandbox_backend_is_a_usage_error_naming_the_registered_ones() {
    let err = try_parse_from(["orgdeck", "--sandbox=nope", "whoami"]).expect_err("refused");
    assert_eq!(err.exit_code(), crate::cli::EXIT_USAGE);
    let text = err.render().to_string();
    assert!(text.contains("'nope'"), "{text}");
    for name in backends::names() {
        assert!(text.contains(name), "{name} missing from: {text}");
    }
}

#[test]
fn the_commands_are_those_of_the_sandbox_s_backend() {
    let schema_for = |words: &[&str]| {
        let words: Vec<std::ffi::OsString> = words.iter().map(Into::into).collect();
        commands_schema(&words)
    };
    let plain = schema_for(&["orgdeck", "--sandbox", "--help"]);
    assert!(std::ptr::eq(plain, backends::default().schema));
    for entry in every_other() {
        let flag = format!("--sandbox={}", entry.name);
        assert!(std::ptr::eq(
            schema_for(&["orgdeck", &flag, "--help"]),
            entry.schema
        ));
    }
    // The parse that follows reports the name; the commands meanwhile are the default's.
    let unknown = schema_for(&["orgdeck", "--sandbox=nope", "--help"]);
    assert!(std::ptr::eq(unknown, backends::default().schema));
}

#[test]
fn the_help_says_what_the_flag_does_and_lists_the_backends() {
    let help = crate::cli::command().render_long_help().to_string();
    assert!(help.contains("--sandbox[=<BACKEND>]"), "{help}");
    assert!(help.contains("embedded sandbox"), "{help}");
    let listed = format!("[possible values: {}]", backends::names().join(", "));
    assert!(help.contains(&listed), "{help}");
}

#[test]
fn a_backend_flag_beside_sandbox_gets_a_tip_naming_the_form_that_works() {
    let words = ["orgdeck", "--sandbox", "--backend", "sequence", "whoami"];
    let err = try_parse_from(words).expect_err("refused");
    assert_eq!(err.exit_code(), crate::cli::EXIT_USAGE);
    let text = err.render().to_string();
    assert!(text.contains("'--sandbox=NAME'"), "{text}");
    // `orgdeck sandbox --backend` is the subcommand's own flag, as before.
    let sandbox = parsed(&["orgdeck", "sandbox", "--backend", "sequence"]);
    assert!(matches!(
        sandbox.command,
        Some(crate::cli::Command::Sandbox(_))
    ));
}

#[test]
fn only_a_plain_sandbox_asks_for_every_backend_s_demo() {
    assert!(parsed(&["orgdeck", "--sandbox"]).global.sandbox_plain);
    assert!(
        parsed(&["orgdeck", "--sandbox", "whoami"])
            .global
            .sandbox_plain
    );
    assert!(!parsed(&["orgdeck"]).global.sandbox_plain);
    for entry in backends::ALL {
        let flag = format!("--sandbox={}", entry.name);
        assert!(!parsed(&["orgdeck", &flag]).global.sandbox_plain, "{flag}");
    }
}
