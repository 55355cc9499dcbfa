//! `deployplan init`: the interview. Off a terminal it explains how to answer without one.

use std::io::IsTerminal;
use std::process::ExitCode;

use crate::cli::InitArgs;
use crate::error::CliError;

pub fn run(_args: InitArgs) -> Result<ExitCode, CliError> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(CliError::BadInput(
            "the interview needs a terminal (stdin and stdout); without one, answer with a file or flags: \
             `deployplan generate --answers deployplan.toml` or `deployplan generate --app-type web-api --expertise beginner --scale low --budget free` \
             (`deployplan example-answers` prints a commented answers file)"
                .into(),
        ));
    }
    Err(CliError::Failed("the interview is not available in this build yet; use `deployplan generate`".into()))
}
