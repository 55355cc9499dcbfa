//! `deployplan check [DIR]`: the repository against the design its deployplan.toml describes.

use std::path::PathBuf;
use std::process::ExitCode;

use deployplan_core::Catalog;
use deployplan_core::check::{self, Severity};

use super::generate::ANSWERS_FILE;
use crate::cli::CheckArgs;
use crate::error::CliError;
use crate::pipeline;

pub fn run(args: CheckArgs) -> Result<ExitCode, CliError> {
    let catalog = Catalog::embedded()?;
    let dir = args.dir.unwrap_or_else(|| PathBuf::from("."));
    let answers_file = dir.join(ANSWERS_FILE);
    if !answers_file.is_file() {
        return Err(CliError::BadInput(format!(
            "{}: no design to check against; run `deployplan generate --repo {} --out {}` (or `deployplan init`) first",
            answers_file.display(),
            dir.display(),
            dir.display()
        )));
    }
    let partial = pipeline::read_answers_file(&answers_file, catalog)?;
    let facts = pipeline::scan(&dir)?;
    let answers = pipeline::resolve(&partial, &facts, catalog, &pipeline::defaults(&dir))?;
    let plan = deployplan_core::plan::build(&answers, &facts, catalog)?;
    let expected = pipeline::render(&plan)?.files;
    let read = |rel: &str| std::fs::read_to_string(dir.join(rel)).ok();
    let findings = check::findings(&plan, &expected, &read);
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    if args.json {
        let json = serde_json::json!({ "findings": findings, "errors": errors, "files_checked": expected.len() });
        println!(
            "{}",
            serde_json::to_string_pretty(&json).map_err(|e| CliError::Failed(e.to_string()))?
        );
    } else {
        for f in &findings {
            let level = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            println!("{level}[{}]: {}", f.code, f.message);
        }
        if errors == 0 {
            println!(
                "ok: {} matches its design ({} generated files checked, {} warning(s))",
                dir.display(),
                expected.len(),
                findings.len()
            );
        } else {
            println!("{errors} error(s): the repository and its design disagree");
        }
    }
    Ok(if errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
