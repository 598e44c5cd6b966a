//! Command-line interface: argument definitions and the commands behind them.

mod sandbox;

use clap::{Parser, Subcommand};

pub use sandbox::SandboxArgs;

#[derive(Debug, Parser)]
#[command(
    name = "orgdeck",
    version,
    about = "A keyboard-driven console for multi-tenant organization APIs",
    arg_required_else_help = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the embedded MuninX sandbox server (demo data, sandbox-only tokens).
    Sandbox(SandboxArgs),
}

/// Runs the parsed command; the exit code to end with.
pub async fn run(cli: Cli) -> color_eyre::Result<i32> {
    match cli.command {
        Command::Sandbox(args) => sandbox::run(args).await,
    }
}
