//! `deployplan scan [DIR]`: what the repository says about itself.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::cli::ScanArgs;
use crate::error::CliError;
use crate::pipeline;

pub fn run(args: ScanArgs) -> Result<ExitCode, CliError> {
    let dir = args.dir.unwrap_or_else(|| PathBuf::from("."));
    let facts = pipeline::scan(&dir)?;
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&facts).map_err(|e| CliError::Failed(e.to_string()))?
        );
    } else {
        print!("{}", deployplan_scan::summary(&facts));
    }
    Ok(ExitCode::SUCCESS)
}
