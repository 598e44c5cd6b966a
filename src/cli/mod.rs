//! Command-line interface: the headless commands operators also use in scripts, and
//! `orgdeck sandbox`. Exit codes: 0 ok, 2 usage, 3 rejected input, 4 auth or
//! permission, 5 network or server.

mod commands;
mod console;
mod demo;
pub mod files;
mod generated;
mod logging;
mod output;
mod sandbox;
mod session;
mod signals;
#[cfg(test)]
mod tests;

use clap::{Args, Parser, Subcommand};

use crate::api::error::{ApiError, ErrorClass};
use crate::config::Paths;

pub use sandbox::SandboxArgs;

pub const EXIT_OK: i32 = 0;
pub const EXIT_USAGE: i32 = 2;
pub const EXIT_REJECTED: i32 = 3;
pub const EXIT_AUTH: i32 = 4;
pub const EXIT_NETWORK: i32 = 5;

#[derive(Debug, Parser)]
#[command(
    name = "orgdeck",
    version,
    about = "A keyboard-driven console for multi-tenant organization APIs",
    long_about = "A keyboard-driven console for multi-tenant organization APIs.\n\nWith no command, opens the console: on your profiles, or on one demo tenant per backend, each on its embedded sandbox, when none is configured."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args)]
pub struct Global {
    /// Profile to use (from the config file); default: default_profile, or the only one.
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,
    /// Start a backend's embedded sandbox in-process, on its demo data, and act as
    /// its demo user; `--sandbox=BACKEND` picks the backend (plain `--sandbox`: the
    /// default). The names and the help line come from the registry (`command_with`).
    #[arg(
        long,
        global = true,
        conflicts_with = "profile",
        value_name = "BACKEND",
        num_args = 0..=1,
        require_equals = true
    )]
    pub sandbox: Option<String>,
    /// `--sandbox` was given without a name (clap reads it as the default's): the
    /// console then opens on every backend's demo, the commands on the default's.
    #[arg(skip)]
    pub sandbox_plain: bool,
    /// Machine-readable output on stdout (errors as JSON on stderr); the same as
    /// `--format json`.
    #[arg(long, global = true)]
    pub json: bool,
    /// How list commands print: an aligned table, JSON, or CSV (the console's
    /// columns, ids first; cells a spreadsheet would run as a formula start with
    /// '). Commands that are no list print as for table.
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "FORMAT",
        conflicts_with = "json"
    )]
    pub format: Option<Format>,
    /// Log level for the log file: error, warn, info, debug, trace.
    #[arg(long, global = true, env = "ORGDECK_LOG", value_name = "LEVEL")]
    pub log_level: Option<String>,
}

/// What `--format` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Who the profile's token acts as, and in which tenant.
    Whoami,
    /// One of the backend's commands, generated from its schema (`generated`).
    #[command(skip)]
    Backend(generated::Chosen),
    /// Config, log, state and audit paths, and the profiles with their token sources.
    Info,
    /// Print shell completions.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Run a backend's embedded sandbox server (demo data, sandbox-only tokens).
    Sandbox(SandboxArgs),
}

/// A command's failure: what to print and the exit code it ends with.
#[derive(Debug)]
pub struct Failure {
    pub code: i32,
    pub message: String,
    /// Boxed: an error names its capability and schema words, and every command's
    /// `Result` carries a `Failure`.
    pub error: Option<Box<ApiError>>,
}

impl Failure {
    pub fn usage(message: impl Into<String>) -> Self {
        Failure {
            code: EXIT_USAGE,
            message: message.into(),
            error: None,
        }
    }

    pub fn auth(message: impl Into<String>) -> Self {
        Failure {
            code: EXIT_AUTH,
            message: message.into(),
            error: None,
        }
    }

    /// Not a failure: the write was sent for approval and said so; the command
    /// stops there and exits 0.
    pub fn pending() -> Self {
        Failure {
            code: EXIT_OK,
            message: String::new(),
            error: None,
        }
    }

    pub fn network(message: impl Into<String>) -> Self {
        Failure {
            code: EXIT_NETWORK,
            message: message.into(),
            error: None,
        }
    }
}

impl From<ApiError> for Failure {
    fn from(error: ApiError) -> Self {
        let code = match error.class() {
            ErrorClass::Rejected => EXIT_REJECTED,
            ErrorClass::Auth => EXIT_AUTH,
            ErrorClass::Network | ErrorClass::Cancelled => EXIT_NETWORK,
            ErrorClass::Usage => EXIT_USAGE,
        };
        Failure {
            code,
            message: error.to_string(),
            error: Some(Box::new(error)),
        }
    }
}

/// The whole command line, with every backend's own `sandbox` flags and the
/// default backend's commands.
pub fn command() -> clap::Command {
    command_with(crate::backends::ALL, crate::backends::schema())
}

type Schema = crate::api::schema::Schema;

impl Global {
    /// The backend whose sandbox `--sandbox` asks for; `None` without `--sandbox`.
    pub fn sandbox_backend(&self) -> Result<Option<&'static crate::backends::Entry>, Failure> {
        let Some(name) = self.sandbox.as_deref() else {
            return Ok(None);
        };
        crate::backends::find(name)
            .map(Some)
            .ok_or_else(|| Failure::usage(unknown_sandbox_backend(name)))
    }
}

fn unknown_sandbox_backend(name: &str) -> String {
    format!(
        "unknown backend {name:?} for --sandbox: use one of {}",
        crate::backends::names().join(", ")
    )
}

/// The schema the backend commands are generated from: that of the backend of
/// the profile the command line will use (`--profile NAME`, else the config's
/// `default_profile` or only profile), or of the sandbox `--sandbox[=BACKEND]`
/// starts. The default backend's where none can be told yet (no config, a config
/// that does not load, an unknown `--sandbox` name): the command then reports
/// what is wrong itself.
pub fn commands_schema(args: &[std::ffi::OsString]) -> &'static Schema {
    let default = crate::backends::schema();
    let words: Vec<&str> = args.iter().filter_map(|a| a.to_str()).collect();
    if let Some(asked) = words.iter().find_map(|word| sandbox_word(word)) {
        return asked
            .and_then(crate::backends::find)
            .map_or(default, |entry| entry.schema);
    }
    let requested = words.iter().enumerate().find_map(|(at, word)| {
        word.strip_prefix("--profile=").or_else(|| {
            (*word == "--profile")
                .then(|| words.get(at + 1).copied())
                .flatten()
        })
    });
    let Ok(paths) = Paths::discover() else {
        return default;
    };
    let Ok(config) = crate::config::Config::load(&paths) else {
        return default;
    };
    schema_of(&config, requested).unwrap_or(default)
}

/// A schema's generated commands alone, for a backend's tests of its words.
#[cfg(test)]
pub(crate) fn generated_commands(schema: &'static Schema) -> Vec<clap::Command> {
    generated::commands(schema)
}

/// `Some(None)` for a plain `--sandbox`, `Some(Some(name))` for `--sandbox=name`.
fn sandbox_word(word: &str) -> Option<Option<&str>> {
    if word == "--sandbox" {
        return Some(None);
    }
    word.strip_prefix("--sandbox=").map(Some)
}

/// The schema of the backend of the profile `requested` selects in `config`.
pub(super) fn schema_of(
    config: &crate::config::Config,
    requested: Option<&str>,
) -> Option<&'static Schema> {
    let profile = config.select(requested).ok().flatten()?;
    crate::backends::find(profile.backend).map(|entry| entry.schema)
}

fn command_with(registry: &[crate::backends::Entry], schema: &'static Schema) -> clap::Command {
    let command = <Cli as clap::CommandFactory>::command()
        .mut_arg("sandbox", |arg| sandbox_flag(arg, registry))
        .mut_subcommand("sandbox", |sandbox| {
            sandbox::add_backend_flags(sandbox, registry)
        });
    // Help lists who-am-I, then the backend's commands, then the rest, as before.
    let shared: Vec<String> = command
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect();
    let mut command = command.subcommands(
        generated::commands(schema)
            .into_iter()
            .enumerate()
            .map(|(n, c)| c.display_order(n + 1)),
    );
    for (n, name) in shared.iter().enumerate() {
        let order = if name == "whoami" { 0 } else { 100 + n };
        command = command.mut_subcommand(name, |c| c.display_order(order));
    }
    command
}

/// `--sandbox[=BACKEND]`: the registered names as its values, the first (the
/// default backend) when none is given.
fn sandbox_flag(arg: clap::Arg, registry: &[crate::backends::Entry]) -> clap::Arg {
    let names: Vec<&'static str> = registry.iter().map(|e| e.name).collect();
    let default = names.first().copied().unwrap_or_default();
    arg.value_parser(clap::builder::PossibleValuesParser::new(names))
        .ignore_case(true)
        .default_missing_value(default)
        .help(format!(
            "Start a backend's embedded sandbox in-process and act as its demo user \
             (plain --sandbox: {default}'s; the console: every backend's)"
        ))
        .long_help(format!(
            "Start a backend's embedded sandbox in-process, on its demo data, and act as its \
             demo user: the console opens on its demo tenants, and the commands are that \
             backend's (orgdeck --sandbox=BACKEND --help lists them). Plain --sandbox \
             starts {default}'s for the commands, and every backend's for the console, \
             on one demo tenant each."
        ))
}

/// Parses `args` (the program name first); clap's error when they do not parse.
pub fn try_parse_from<I, T>(args: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    try_parse_with(crate::backends::ALL, crate::backends::schema(), args)
}

fn try_parse_with<I, T>(
    registry: &[crate::backends::Entry],
    schema: &'static Schema,
    args: I,
) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
    let plain = args
        .iter()
        .any(|arg| arg.to_str().and_then(sandbox_word) == Some(None));
    let mut cli = parse_matches(registry, schema, args)?;
    cli.global.sandbox_plain = plain && cli.global.sandbox.is_some();
    // `--format json` is `--json`: every path that prints JSON reads that.
    if cli.global.format == Some(Format::Json) {
        cli.global.json = true;
    }
    Ok(cli)
}

fn parse_matches(
    registry: &[crate::backends::Entry],
    schema: &'static Schema,
    args: Vec<std::ffi::OsString>,
) -> Result<Cli, clap::Error> {
    let mut command = command_with(registry, schema);
    let matches = command
        .try_get_matches_from_mut(args)
        .map_err(sandbox_tip)?;
    if let Some((name, sub)) = matches.subcommand()
        && generated::is_generated(schema, name)
    {
        let global = <Global as clap::FromArgMatches>::from_arg_matches(&matches)
            .map_err(|err| err.format(&mut command))?;
        let chosen = generated::Chosen {
            name: name.to_owned(),
            matches: sub.clone(),
        };
        return Ok(Cli {
            global,
            command: Some(Command::Backend(chosen)),
        });
    }
    let mut cli = <Cli as clap::FromArgMatches>::from_arg_matches(&matches)
        .map_err(|err| err.format(&mut command))?;
    if let (Some(Command::Sandbox(args)), Some(("sandbox", sub))) =
        (&mut cli.command, matches.subcommand())
    {
        args.matches = sub.clone();
    }
    Ok(cli)
}

/// `orgdeck sandbox --backend NAME` names the backend with a flag of its own; a
/// `--backend` beside `--sandbox` gets the tip that says how this flag names it.
fn sandbox_tip(mut err: clap::Error) -> clap::Error {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let backend = matches!(
        err.get(ContextKind::InvalidArg),
        Some(ContextValue::String(arg)) if arg.starts_with("--backend")
    );
    if err.kind() == ErrorKind::UnknownArgument && backend {
        let tip = "to try a backend's demo, name it in the flag: '--sandbox=NAME'".into();
        err.insert(ContextKind::Suggested, ContextValue::StyledStrs(vec![tip]));
    }
    err
}

/// Parses the process's arguments, printing help or the error and exiting as clap
/// does; the backend commands are those of the profile's backend.
pub fn parse() -> Cli {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let schema = commands_schema(&args);
    try_parse_with(crate::backends::ALL, schema, args).unwrap_or_else(|err| err.exit())
}

/// Runs the parsed command; the exit code to end with.
pub async fn run(cli: Cli) -> i32 {
    let paths = match Paths::discover() {
        Ok(paths) => paths,
        Err(err) => {
            output::note!("error: {err}");
            return EXIT_USAGE;
        }
    };
    let _log_guard = logging::init(&paths.log_dir, cli.global.log_level.as_deref());
    let json = cli.global.json;
    let result = match cli.command {
        None => {
            let sandbox = match cli.global.sandbox_backend() {
                Ok(sandbox) => sandbox,
                Err(failure) => {
                    output::print_failure(&failure, json);
                    return failure.code;
                }
            };
            let options = console::Options {
                profile: cli.global.profile.as_deref(),
                sandbox,
                every_sandbox: cli.global.sandbox_plain,
            };
            match console::run(options, &paths).await {
                Ok(code) => return code,
                Err(failure) => Err(failure),
            }
        }
        Some(Command::Sandbox(args)) => return sandbox::run(args).await,
        Some(Command::Completions { shell }) => {
            let mut command = command();
            clap_complete::generate(shell, &mut command, "orgdeck", &mut std::io::stdout());
            Ok(())
        }
        Some(Command::Info) => commands::info(&paths, json),
        Some(command) => commands::run(command, &cli.global, &paths).await,
    };
    match result {
        Ok(()) => EXIT_OK,
        Err(failure) => {
            output::print_failure(&failure, json);
            failure.code
        }
    }
}
