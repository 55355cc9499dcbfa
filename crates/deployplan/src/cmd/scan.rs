//! `deployplan scan [DIR]`: what the repository says about itself.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::cli::ScanArgs;
use deployplan_core::text::escaped_block;

use crate::error::CliError;
use crate::output;
use crate::pipeline;

pub fn run(args: ScanArgs) -> Result<ExitCode, CliError> {
    let dir = args.dir.unwrap_or_else(|| PathBuf::from("."));
    let facts = pipeline::scan(&dir)?;
    if args.json {
        output::json(&facts)?;
    } else {
        output::print(&escaped_block(&deployplan_scan::summary(&facts)))?;
    }
    Ok(ExitCode::SUCCESS)
}
