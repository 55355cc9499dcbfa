//! `deployplan check [DIR]`: the repository against the design its deployplan.toml describes.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use deployplan_core::Catalog;
use deployplan_core::check::{self, Severity};
use deployplan_core::text::escaped;
use deployplan_core::write;

use super::generate::ANSWERS_FILE;
use crate::cli::CheckArgs;
use crate::error::CliError;
use crate::{output, pipeline};

pub fn run(args: CheckArgs) -> Result<ExitCode, CliError> {
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    match check(&dir, args.json) {
        // With --json, stdout is JSON whatever happens: an error is an object too.
        Err(e) if args.json && !matches!(e, CliError::Closed) => {
            let json = serde_json::json!({
                "error": { "message": e.to_string(), "exit_code": e.code() },
                "findings": [],
            });
            output::json(&json)?;
            Err(e)
        }
        other => other,
    }
}

fn check(dir: &Path, json: bool) -> Result<ExitCode, CliError> {
    let catalog = Catalog::embedded()?;
    let answers_file = dir.join(ANSWERS_FILE);
    if std::fs::symlink_metadata(&answers_file).is_err() {
        return Err(CliError::BadInput(format!(
            "{}: no design to check against; run `deployplan generate --repo {} --out {}` (or `deployplan init`) first",
            answers_file.display(),
            dir.display(),
            dir.display()
        )));
    }
    let partial = pipeline::read_answers_file(&answers_file, catalog)?;
    let facts = pipeline::scan(dir)?;
    let answers = pipeline::resolve(
        &partial,
        &facts,
        catalog,
        &pipeline::defaults(dir, partial.project.name.is_some()),
    )?;
    let plan = deployplan_artifacts::plan(&answers, &facts, catalog)?;
    let expected = pipeline::render(&plan, dir, pipeline::OwnFiles::KeepBeside)?.files;
    // Only regular files inside the folder are read: a link is a finding, never followed.
    let read = |rel: &str| write::read_inside(dir, rel).map_err(|e| e.to_string());
    let findings = check::findings(&plan, &expected, &read);
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    if json {
        let json = serde_json::json!({ "findings": findings, "errors": errors, "files_checked": expected.len() });
        output::json(&json)?;
    } else {
        let mut text = String::new();
        for f in &findings {
            let level = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            text.push_str(&format!("{level}[{}]: {}\n", f.code, escaped(&f.message)));
        }
        if errors == 0 {
            text.push_str(&format!(
                "ok: {} matches its design ({} generated files checked, {} warning(s))\n",
                escaped(&dir.display().to_string()),
                expected.len(),
                findings.len()
            ));
        } else {
            text.push_str(&format!(
                "{errors} error(s): the repository and its design disagree\n"
            ));
        }
        output::print(&text)?;
    }
    Ok(if errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
