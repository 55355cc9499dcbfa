//! `deployplan generate`: answers (file, flags, facts) → plan → documents and files → disk.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use deployplan_core::answers::{self, PartialAnswers};
use deployplan_core::render::{DECISIONS_PATH, append_decision};
use deployplan_core::write::{self, Action};
use deployplan_core::{Catalog, Facts, GeneratedFile, Plan};

use crate::cli::GenerateArgs;
use deployplan_core::text::{escaped, escaped_block};

use crate::error::CliError;
use crate::output;
use crate::pipeline;

pub const ANSWERS_FILE: &str = write::ANSWERS_FILE;

/// What `generate` and `init` both do once the answers are resolved.
pub struct Output<'a> {
    pub out: &'a Path,
    pub force: write::Force,
    pub dry_run: bool,
    pub save_answers: bool,
    /// The plan and the file actions as JSON on stdout, instead of the summary.
    pub json: bool,
    /// Existing files the person chose to keep: not written.
    pub keep: &'a [String],
    /// Existing files the person chose to compare: the design's version is written beside,
    /// as `PATH.deployplan-new`.
    pub beside: &'a [String],
    /// Whether the person's own files at the design's paths stay, the design's version
    /// beside them (`generate` short of `--force-all`), or go as chosen (`init`).
    pub own: crate::pipeline::OwnFiles,
}

pub use crate::pipeline::BESIDE_SUFFIX;

/// The person's per-file choices laid over the changes: kept files drop out, compared ones
/// move beside. Returns the kept paths.
fn decide(changes: &mut Vec<write::Change>, output: &Output<'_>) -> Vec<String> {
    let mut kept = Vec::new();
    changes.retain(|c| {
        let keep = c.action == Action::Overwrite && output.keep.contains(&c.path);
        if keep {
            kept.push(c.path.clone());
        }
        !keep
    });
    for c in changes.iter_mut() {
        if c.action == Action::Overwrite && output.beside.contains(&c.path) {
            let beside = format!("{}{BESIDE_SUFFIX}", c.path);
            c.action = if output.out.join(&beside).exists() {
                Action::Overwrite
            } else {
                Action::Create
            };
            c.path = beside;
            c.diff = None;
        }
    }
    kept
}

/// `generate --json`: what was (or, with --dry-run, would be) written, and the plan with the
/// source of every value.
#[derive(serde::Serialize)]
struct JsonReport<'a> {
    out: String,
    dry_run: bool,
    files: Vec<JsonFile<'a>>,
    assumptions: Vec<&'a deployplan_core::provenance::Provenance>,
    plan: &'a Plan,
}

#[derive(serde::Serialize)]
struct JsonFile<'a> {
    path: &'a str,
    action: &'static str,
}

fn print_json(
    plan: &Plan,
    output: &Output<'_>,
    changes: &[write::Change],
) -> Result<ExitCode, CliError> {
    let report = JsonReport {
        out: output.out.display().to_string(),
        dry_run: output.dry_run,
        files: changes
            .iter()
            .map(|c| JsonFile {
                path: &c.path,
                action: c.action.label(),
            })
            .collect(),
        assumptions: plan.assumptions().collect(),
        plan,
    };
    let text = serde_json::to_string_pretty(&report)
        .map_err(|e| CliError::Failed(format!("printing the plan as JSON: {e}")))?;
    output::print(&format!("{text}\n"))?;
    Ok(ExitCode::SUCCESS)
}

pub fn run(args: GenerateArgs) -> Result<ExitCode, CliError> {
    let catalog = Catalog::embedded()?;
    let out = args.out.clone().unwrap_or_else(|| {
        PathBuf::from(if args.example {
            "deployplan-example"
        } else {
            "."
        })
    });
    let saved = out.join(ANSWERS_FILE);
    let file_partial = if args.example {
        let mut example =
            answers::parse_answers("example answers", answers::EXAMPLE_ANSWERS, &catalog.ids())?;
        // Rerunning the example keeps the date of the first run, so it reproduces its files.
        if saved.is_file() && example.project.date.is_none() {
            example.project.date = pipeline::read_answers_file(&saved, catalog)?.project.date;
        }
        example
    } else if let Some(path) = &args.answers_file {
        pipeline::read_answers_file(path, catalog)?
    } else if saved.is_file() {
        output::note(&format!(
            "using answers from {}",
            escaped(&saved.display().to_string())
        ));
        pipeline::read_answers_file(&saved, catalog)?
    } else {
        PartialAnswers::default()
    };
    let partial = file_partial.merge(&args.answers.to_partial());
    let mut facts = match &args.repo {
        Some(dir) => pipeline::scan(dir)?,
        None => Facts::default(),
    };
    pipeline::refuse_unfaithful_commands(&facts)?;
    let project_dir = args.repo.as_deref().unwrap_or(&out);
    let defaults = pipeline::defaults(project_dir, partial.project.name.is_some());
    let mut answers = pipeline::resolve(&partial, &facts, catalog, &defaults)?;
    // Short of --force-all the person's own files stay, the design's version beside them.
    let own = if args.force_all {
        pipeline::OwnFiles::AsChosen
    } else {
        pipeline::OwnFiles::KeepBeside
    };
    // Only --force-all replaces the repository's own files; without it nothing is replaced,
    // so the facts stay those of the scan.
    if let Some(repo) = &args.repo
        && args.force_all
        && !args.no_save
        && pipeline::same_folder(repo, &out)
        && let Some((after, settled)) =
            pipeline::settle_on_own_files(repo, &answers, &facts, catalog, &defaults, own)?
    {
        facts = after;
        answers = settled;
    }
    let plan = deployplan_artifacts::plan(&answers, &facts, catalog)?;
    write_plan(
        &plan,
        &Output {
            out: &out,
            force: if args.force_all {
                write::Force::All
            } else if args.force {
                write::Force::Generated
            } else {
                write::Force::No
            },
            dry_run: args.dry_run,
            save_answers: !args.no_save,
            json: args.json,
            keep: &[],
            beside: &[],
            own,
        },
    )
}

/// Renders the plan and writes it (or shows what would be written).
pub fn write_plan(plan: &Plan, output: &Output<'_>) -> Result<ExitCode, CliError> {
    pipeline::print_warnings(plan);
    let rendered = pipeline::render(plan, output.out, output.own)?;
    let mut files = rendered.files;
    if output.save_answers {
        let text = answers::to_toml(&plan.answers)
            .map_err(|e| CliError::Failed(format!("saving the answers: {e}")))?;
        files.push(GeneratedFile::new(
            ANSWERS_FILE,
            text,
            "the answers that produce these files",
        ));
    }
    let entry = rendered.decision_entry;
    let merge = |existing: Option<&str>| append_decision(existing, &entry);
    if output.dry_run {
        let changes = write::preview(output.out, &files, Some((DECISIONS_PATH, &merge)))?;
        if output.json {
            return print_json(plan, output, &changes);
        }
        let shown = escaped(&output.out.display().to_string()).into_owned();
        let mut text = format!("dry run: nothing written to {shown}\n");
        for c in &changes {
            text.push_str(&format!("{:<10} {}\n", c.action.label(), c.path));
        }
        for c in &changes {
            if let Some(diff) = &c.diff {
                text.push_str(&format!("\n{diff}"));
            }
        }
        output::print(&escaped_block(&text))?;
        return Ok(ExitCode::SUCCESS);
    }
    // One run at a time per folder, from reading the decision log to the last rename.
    let _lock = write::lock(output.out, write::WAIT)?;
    let mut changes = write::preview(output.out, &files, Some((DECISIONS_PATH, &merge)))?;
    let kept = decide(&mut changes, output);
    // The files the design put beside the person's own when it was made (`keep_own_files`).
    let moved: Vec<&str> = changes
        .iter()
        .filter_map(|c| c.path.strip_suffix(BESIDE_SUFFIX))
        .filter(|base| {
            output.own == crate::pipeline::OwnFiles::KeepBeside
                && !output.beside.iter().any(|b| b == base)
                && output.out.join(base).is_file()
        })
        .collect();
    let stale = write::apply(output.out, &changes, output.force)?;
    for path in &stale {
        output::note(&format!(
            "note: removed {path}, a temporary file left by an interrupted earlier run"
        ));
    }
    if output.json {
        return print_json(plan, output, &changes);
    }
    let platform = &plan.platform.name;
    let mut text = format!(
        "{} on {platform}: wrote {} file(s) to {}\n",
        plan.answers.project.name,
        changes
            .iter()
            .filter(|c| c.action != Action::Unchanged)
            .count(),
        escaped(&output.out.display().to_string())
    );
    for c in &changes {
        text.push_str(&format!("  {:<10} {}\n", c.action.label(), c.path));
    }
    for path in &kept {
        text.push_str(&format!(
            "  {:<10} {path} (yours; the design's version not written)\n",
            "kept"
        ));
    }
    for path in &moved {
        text.push_str(&format!(
            "  {:<10} {path} (yours, unchanged; the design's version is {path}{BESIDE_SUFFIX}: merge it in by hand, or rerun with --force-all to replace yours)\n",
            "kept"
        ));
    }
    // Every file is written: a reader that went away (`generate | true`) is not a failure.
    match output::print(&escaped_block(&text)) {
        Err(CliError::Closed) | Ok(()) => {}
        Err(e) => return Err(e),
    }
    let shown = escaped(&output.out.display().to_string()).into_owned();
    let next = deployplan_core::next_steps::next_steps(plan, &shown);
    output::print(&escaped_block(&next))?;
    Ok(ExitCode::SUCCESS)
}
