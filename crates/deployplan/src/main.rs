//! deployplan: design a web app's deployment, document it, and write the files.

mod cli;
mod cmd;
mod error;
mod output;
mod pipeline;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match cmd::run(cli) {
        Ok(code) => code,
        Err(e) => {
            if !matches!(e, error::CliError::Closed) {
                output::note(&format!("error: {e}"));
            }
            e.exit_code()
        }
    }
}
