//! `seed`: serve SEED, or back up and restore its database, or print its OpenAPI document.

use seed_api::config::Config;
use seed_api::startup::Application;
use seed_api::{ops, telemetry};
use std::path::Path;

const USAGE: &str = "usage: seed [serve] | seed backup FILE | seed restore FILE | seed openapi";

fn main() {
    telemetry::init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let outcome = match args.as_slice() {
        [] | ["serve"] => serve(),
        ["backup", file] => ops::backup(&Config::database_url_from_env(), Path::new(file)),
        ["restore", file] => ops::restore(&Config::database_url_from_env(), Path::new(file)),
        ["openapi"] => {
            use std::io::Write as _;
            std::io::stdout().write_all(seed_api::openapi::spec_json().as_bytes()).map_err(Into::into)
        }
        _ => Err(anyhow::anyhow!(USAGE)),
    };
    if let Err(e) = outcome {
        // One line, with the chain of causes, and no backtrace: this is what a person reads.
        let message = format!("{e:#}");
        eprintln!("seed: {}", message.split_whitespace().collect::<Vec<_>>().join(" "));
        std::process::exit(1);
    }
}

fn serve() -> anyhow::Result<()> {
    let config = Config::from_env()?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        let addr = config.addr;
        let mode = config.mode;
        let app = tokio::task::spawn_blocking(move || Application::build(config)).await??;
        tracing::info!(%addr, port = app.port(), mode = mode.as_str(), "SEED is listening");
        app.run_until_stopped().await?;
        tracing::info!("SEED stopped");
        Ok(())
    })
}
