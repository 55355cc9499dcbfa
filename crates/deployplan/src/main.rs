//! deployplan: design a web app's deployment, document it, and write the files.

mod cli;
mod cmd;
mod error;
mod output;
mod pipeline;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return parse_error(e),
    };
    cmd::run(cli).unwrap_or_else(fail)
}

/// The error on stderr (nothing for a closed stdout), and its exit code.
fn fail(e: error::CliError) -> ExitCode {
    if !matches!(e, error::CliError::Closed) {
        output::note(&format!("error: {e}"));
    }
    e.exit_code()
}

/// `--help` and `--version` off a terminal go through the same writer as every other output
/// (a closed pipe is success, a full disk an error); clap reports usage errors itself.
fn parse_error(e: clap::Error) -> ExitCode {
    let display = matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion);
    if !display || std::io::stdout().is_terminal() {
        e.exit()
    }
    match output::print(&e.render().to_string()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => fail(err),
    }
}
