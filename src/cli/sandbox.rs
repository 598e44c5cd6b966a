//! `orgdeck sandbox`: the embedded MuninX server as a standalone process.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Args;

use super::output::{note, say};
use crate::sandbox::{self, FaultScope, Faults, SandboxConfig};

#[derive(Debug, Args)]
pub struct SandboxArgs {
    /// Address to listen on (port 0 lets the OS pick one).
    #[arg(long, default_value = "127.0.0.1:7878")]
    pub listen: SocketAddr,
    /// Seed JSON to load instead of the shipped demo data (see assets/seed.json).
    #[arg(long, value_name = "FILE")]
    pub seed: Option<PathBuf>,
    /// Add tenant `bulk` (token sandbox-bulk-admin) with N generated users.
    #[arg(long, value_name = "N")]
    pub users: Option<usize>,
    /// Add tenant `bulk` with M generated customer organizations.
    #[arg(long, value_name = "M")]
    pub orgs: Option<usize>,
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
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum FaultScopeArg {
    All,
    Reads,
    Writes,
}

const DEFAULT_BULK_USERS: usize = 1_000;
const DEFAULT_BULK_ORGS: usize = 50;

impl SandboxArgs {
    pub fn config(&self) -> SandboxConfig {
        let (latency_ms, jitter_ms) = self.latency_ms.unwrap_or_default();
        let bulk = (self.users.is_some() || self.orgs.is_some()).then(|| {
            (
                self.users.unwrap_or(DEFAULT_BULK_USERS),
                self.orgs.unwrap_or(DEFAULT_BULK_ORGS),
            )
        });
        SandboxConfig {
            listen: self.listen,
            seed_file: self.seed.clone(),
            bulk,
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
            ..SandboxConfig::default()
        }
    }
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
    let config = args.config();
    let faults = config.faults.clone();
    let running = match sandbox::start(config).await {
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
            token.role.as_str()
        );
    }
    if faults.any() {
        say!("Fault injection on: {faults:?}");
    }
    say!("Try: curl -H 'Authorization: Bearer sandbox-acme-admin' {url}/customer-organizations");
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
