use orgdeck::cli::{self, Cli};

fn main() -> color_eyre::Result<()> {
    color_eyre::install()?;
    let cli: Cli = cli::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let code = runtime.block_on(cli::run(cli));
    // Dropping the runtime first lets background tasks (the log writer) finish.
    drop(runtime);
    std::process::exit(code);
}
