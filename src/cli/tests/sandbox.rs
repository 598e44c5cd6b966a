//! `orgdeck sandbox --backend` and the backends' own flags, through the registry.
use crate::backends::{self, Entry, SandboxEntry};
use crate::cli::sandbox::SandboxArgs;
use crate::cli::{Cli, Command, command, try_parse_from, try_parse_with};
use crate::sandbox::SandboxError;

fn sandbox_args(cli: Cli) -> SandboxArgs {
    match cli.command {
        Some(Command::Sandbox(args)) => args,
        other => panic!("not the sandbox command: {other:?}"),
    }
}

#[test]
fn the_default_backend_takes_its_own_flags_from_the_registry() {
    // Its flags, whichever they are, parse under the sandbox subcommand; what they
    // mean is tested in the backend's own folder.
    let default = backends::default();
    let (id, long) = default.sandbox_flags().into_iter().next().expect("a flag");
    let flag = format!("--{long}");
    let args = sandbox_args(try_parse_from(["orgdeck", "sandbox", &flag, "5"]).unwrap());
    let entry = args.entry(backends::ALL).unwrap();
    assert_eq!(entry.name, default.name);
    assert_eq!(
        args.matches.value_source(&id),
        Some(clap::parser::ValueSource::CommandLine),
        "{flag} was not kept"
    );
}

#[test]
fn every_backends_flags_fit_in_one_command() {
    // Two backends declaring the same flag or group would only panic at parse time.
    command().debug_assert();
}

#[test]
fn an_unknown_backend_is_refused_with_the_known_ones() {
    let args = sandbox_args(try_parse_from(["orgdeck", "sandbox", "--backend", "nope"]).unwrap());
    let why = args.entry(backends::ALL).err().unwrap();
    assert!(why.contains("unknown backend \"nope\""), "{why}");
    assert!(why.contains(backends::default().name), "{why}");
}

#[test]
fn the_help_groups_each_backends_flags_under_its_name() {
    let mut command = command();
    let help = command
        .find_subcommand_mut("sandbox")
        .unwrap()
        .render_help()
        .to_string();
    assert!(help.contains("--backend <NAME>"), "{help}");
    let title = backends::default().title;
    let heading = help.find(&format!("{title} sandbox:")).expect("a heading");
    let users = help.find("--users <N>").expect("the flag");
    assert!(heading < users, "{help}");
}

#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Other sandbox")]
struct OtherArgs {
    #[arg(long, value_name = "N")]
    enterprises: Option<usize>,
}

fn no_start(_: crate::sandbox::SandboxOptions, _: &clap::ArgMatches) -> crate::backends::Starting {
    Box::pin(async { Err(SandboxError::Options("not in this test".into())) })
}

/// The real registry plus a second backend with a flag of its own.
fn two_backends() -> &'static [Entry] {
    let other = Entry {
        name: "other",
        title: "Other",
        sandbox: SandboxEntry {
            args: <OtherArgs as clap::Args>::augment_args,
            start: no_start,
            ..backends::default().sandbox
        },
        ..*backends::default()
    };
    Box::leak(vec![*backends::default(), other].into_boxed_slice())
}

#[test]
fn a_flag_of_another_backend_is_refused_by_name() {
    let registry = two_backends();
    let parse = |words: &[&str]| {
        sandbox_args(try_parse_with(registry, crate::backends::schema(), words).unwrap())
    };

    let why = parse(&["orgdeck", "sandbox", "--enterprises", "3"])
        .entry(registry)
        .err()
        .unwrap();
    assert!(
        why.contains("--enterprises is a Other sandbox flag"),
        "{why}"
    );
    let why = parse(&["orgdeck", "sandbox", "--backend", "other", "--users", "3"])
        .entry(registry)
        .err()
        .unwrap();
    let title = backends::default().title;
    assert!(
        why.contains(&format!("--users is a {title} sandbox flag")),
        "{why}"
    );
    assert!(why.contains("--backend other"), "{why}");

    let own = parse(&[
        "orgdeck",
        "sandbox",
        "--backend",
        "other",
        "--enterprises",
        "3",
    ]);
    assert_eq!(own.entry(registry).map(|e| e.name), Ok("other"));
    let plain = parse(&["orgdeck", "sandbox", "--users", "3"]);
    assert_eq!(
        plain.entry(registry).map(|e| e.name),
        Ok(backends::default().name)
    );
}

#[test]
fn the_default_backend_starts_from_the_registry_with_no_flags() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let running = backends::default().start_sandbox().await.unwrap();
        let token = backends::default().sandbox.token;
        assert!(running.tokens.iter().any(|t| t.token == token));
        running.stop().await;
    });
}
