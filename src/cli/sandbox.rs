//! `orgdeck sandbox`: a backend's embedded server as a standalone process. The
//! flags every sandbox takes are here; each backend adds its own through the
//! registry (`add_backend_flags`), so this file names no backend.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Args;
use clap::parser::ValueSource;

use super::output::{note, say};
use crate::backends::{self, Entry};
use crate::sandbox::{FaultScope, Faults, SandboxOptions};

#[derive(Debug, Args)]
pub struct SandboxArgs {
    /// Which backend's sandbox to run.
    #[arg(long, value_name = "NAME", default_value_t = backends::default().name.to_owned())]
    pub backend: String,
    /// Address to listen on (port 0 lets the OS pick one).
    #[arg(long, default_value = "127.0.0.1:7878")]
    pub listen: SocketAddr,
    /// Seed JSON to load instead of the backend's shipped demo data (see assets/<backend>/).
    #[arg(long, value_name = "FILE")]
    pub seed: Option<PathBuf>,
    /// Delay every answer by N ms, optionally ± JITTER ms (e.g. 300:100).
    #[arg(long, value_name = "N[:JITTER]", value_parser = parse_latency)]
    pub latency_ms: Option<(u64, u64)>,
    /// Fraction of requests answered 500 (0 to 1).
    #[arg(long, value_name = "P", default_value_t = 0.0, value_parser = parse_rate)]
    pub error_rate: f64,
    /// Requests per second per token before answering 429 with Retry-After.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub rate_limit: Option<u32>,
    /// Fraction of responses cut off mid-body by closing the connection (0 to 1).
    #[arg(long, value_name = "P", default_value_t = 0.0, value_parser = parse_rate)]
    pub drop_rate: f64,
    /// Fraction of responses whose body is truncated into invalid JSON (0 to 1).
    #[arg(long, value_name = "P", default_value_t = 0.0, value_parser = parse_rate)]
    pub garble_rate: f64,
    /// Answer 5xx errors with an HTML page, as a broken proxy would.
    #[arg(long)]
    pub html_errors: bool,
    /// Which requests --error-rate, --drop-rate and --garble-rate may hit.
    #[arg(long, value_enum, default_value = "all")]
    pub fault_scope: FaultScopeArg,
    /// Seed for the fault dice, to repeat a faulty run exactly.
    #[arg(long, value_name = "N")]
    pub fault_seed: Option<u64>,
    /// The whole subcommand's matches, for the backends' own flags.
    #[arg(skip)]
    pub matches: clap::ArgMatches,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum FaultScopeArg {
    All,
    Reads,
    Writes,
}

impl SandboxArgs {
    /// The options every backend's sandbox takes.
    pub fn options(&self) -> SandboxOptions {
        let (latency_ms, jitter_ms) = self.latency_ms.unwrap_or_default();
        SandboxOptions {
            listen: self.listen,
            seed_file: self.seed.clone(),
            faults: Faults {
                latency_ms,
                jitter_ms,
                error_rate: self.error_rate,
                rate_limit: self.rate_limit,
                drop_rate: self.drop_rate,
                garble_rate: self.garble_rate,
                html_errors: self.html_errors,
                scope: match self.fault_scope {
                    FaultScopeArg::All => FaultScope::All,
                    FaultScopeArg::Reads => FaultScope::Reads,
                    FaultScopeArg::Writes => FaultScope::Writes,
                },
                seed: self.fault_seed,
            },
            ..SandboxOptions::default()
        }
    }

    /// The backend `--backend` names, or why it names none; a flag another backend
    /// declares is refused rather than silently ignored.
    pub fn entry(&self, registry: &'static [Entry]) -> Result<&'static Entry, String> {
        let entry = registry
            .iter()
            .find(|e| e.name.eq_ignore_ascii_case(self.backend.trim()))
            .ok_or_else(|| {
                let names: Vec<&str> = registry.iter().map(|e| e.name).collect();
                format!(
                    "unknown backend {:?} for --backend: use one of {}",
                    self.backend,
                    names.join(", ")
                )
            })?;
        for other in registry.iter().filter(|e| e.name != entry.name) {
            for (id, long) in other.sandbox_flags() {
                let given = self.matches.try_contains_id(&id).is_ok_and(|known| known)
                    && self.matches.value_source(&id) == Some(ValueSource::CommandLine);
                if given && !entry.sandbox_flags().iter().any(|(mine, _)| *mine == id) {
                    return Err(format!(
                        "--{long} is a {} sandbox flag; the {} sandbox (--backend {}) does not take it",
                        other.title, entry.title, entry.name
                    ));
                }
            }
        }
        Ok(entry)
    }
}

/// Adds every registered backend's own flags to the `sandbox` subcommand, each
/// under its heading.
pub fn add_backend_flags(command: clap::Command, registry: &[Entry]) -> clap::Command {
    registry
        .iter()
        .fold(command, |command, entry| (entry.sandbox.args)(command))
}

fn parse_rate(text: &str) -> Result<f64, String> {
    let value: f64 = text
        .parse()
        .map_err(|_| format!("{text:?} is not a number; write a fraction such as 0.1"))?;
    if (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        Err(format!(
            "{value} is outside 0..1; write a fraction such as 0.1 for 10%"
        ))
    }
}

fn parse_latency(text: &str) -> Result<(u64, u64), String> {
    let number = |part: &str| {
        part.trim()
            .parse::<u64>()
            .map_err(|_| format!("{text:?} is not N or N:JITTER in milliseconds (e.g. 300:100)"))
    };
    let (base, jitter) = match text.split_once(':') {
        Some((base, jitter)) => (number(base)?, number(jitter)?),
        None => (number(text)?, 0),
    };
    if base > 600_000 || jitter > 600_000 {
        return Err("latency and jitter are limited to 600000 ms".into());
    }
    Ok((base, jitter))
}

pub async fn run(args: SandboxArgs) -> i32 {
    let entry = match args.entry(backends::ALL) {
        Ok(entry) => entry,
        Err(why) => {
            note!("orgdeck sandbox: {why}");
            return super::EXIT_USAGE;
        }
    };
    let options = args.options();
    let faults = options.faults.clone();
    let running = match (entry.sandbox.start)(options, &args.matches).await {
        Ok(running) => running,
        Err(err) => {
            note!("orgdeck sandbox: {err}");
            return super::EXIT_NETWORK;
        }
    };
    let url = running.base_url();
    say!(
        "orgdeck sandbox listening on {url} (ready in {} ms)",
        running.ready_in.as_millis()
    );
    say!("Demo tokens (sandbox only: they work nowhere else):");
    for token in &running.tokens {
        say!(
            "  {:<24} tenant {:<8} {}",
            token.token,
            token.tenant,
            token.role
        );
    }
    if faults.any() {
        say!("Fault injection on: {faults:?}");
    }
    say!("{}", (entry.sandbox.try_hint)(&url));
    say!("Ctrl-C stops it.");
    match running.serve_until_signal().await {
        Ok(()) => super::EXIT_OK,
        Err(err) => {
            note!("orgdeck sandbox: {err}");
            super::EXIT_NETWORK
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_must_be_fractions() {
        assert_eq!(parse_rate("0.25"), Ok(0.25));
        assert!(parse_rate("1.5").is_err());
        assert!(parse_rate("-0.1").is_err());
        assert!(parse_rate("lots").is_err());
    }

    #[test]
    fn latency_takes_optional_jitter() {
        assert_eq!(parse_latency("300"), Ok((300, 0)));
        assert_eq!(parse_latency("300:100"), Ok((300, 100)));
        assert!(parse_latency("300:").is_err());
        assert!(parse_latency("fast").is_err());
    }
}
