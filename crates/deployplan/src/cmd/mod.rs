//! One file per subcommand.

mod check;
mod docs;
mod explain;
mod generate;
mod init;
mod platforms;
mod recommend;
mod rehearse;
mod scan;

use std::process::ExitCode;

use crate::cli::{Cli, Command, InitArgs};
use crate::error::CliError;

pub fn run(cli: Cli) -> Result<ExitCode, CliError> {
    match cli.command {
        Some(Command::Init(args)) => init::run(args),
        Some(Command::Generate(args)) => generate::run(args),
        Some(Command::Recommend(args)) => recommend::run(args),
        Some(Command::Platforms(args)) => platforms::run(args),
        Some(Command::Explain(args)) => explain::run(args),
        Some(Command::Scan(args)) => scan::run(args),
        Some(Command::Check(args)) => check::run(args),
        Some(Command::Rehearse(args)) => rehearse::run(args),
        Some(Command::Schema) => {
            let catalog = deployplan_core::Catalog::embedded()?;
            let schema = deployplan_core::answers::schema::answers_schema(&catalog.ids());
            crate::output::json(&schema)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::ExampleAnswers) => {
            crate::output::print(deployplan_core::answers::EXAMPLE_ANSWERS)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Completions(args)) => docs::completions(args.shell),
        Some(Command::Man) => docs::man(),
        // Plain `deployplan`: the interview, which explains itself off a terminal.
        None => init::run(InitArgs {
            repo: None,
            out: None,
            force: false,
            date: None,
            dry_run: false,
            yes: false,
        }),
    }
}
