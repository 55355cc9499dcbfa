//! `deployplan init`: the interview in a terminal, then the same files as `generate`.
//! Off a terminal it explains how to answer without one.

mod terminal;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use deployplan_core::answers::{self, PartialAnswers};
use deployplan_core::interview::{Interview, InterviewError, Outcome};
use deployplan_core::render::{DECISIONS_PATH, append_decision};
use deployplan_core::write::{self, Action};
use deployplan_core::{Catalog, GeneratedFile, Plan};

use super::generate::{ANSWERS_FILE, Output, write_plan};
use super::recommend::render_options;
use crate::cli::InitArgs;
use crate::error::CliError;
use crate::pipeline;

fn interview_error(e: InterviewError) -> CliError {
    match e {
        InterviewError::Io(e) => CliError::Failed(format!("the terminal failed: {e}")),
        InterviewError::Answers(e) => CliError::BadInput(e.to_string()),
        InterviewError::Plan(e) => CliError::BadInput(e.to_string()),
    }
}

fn io_error(e: std::io::Error) -> CliError {
    CliError::Failed(format!("the terminal failed: {e}"))
}

/// The existing files that writing the plan would change (what `--force` is needed for).
fn would_overwrite(plan: &Plan, out: &std::path::Path) -> Result<Vec<String>, CliError> {
    let rendered = pipeline::render(plan, out)?;
    let mut files = rendered.files;
    let saved = answers::to_toml(&plan.answers)
        .map_err(|e| CliError::Failed(format!("saving the answers: {e}")))?;
    files.push(GeneratedFile::new(ANSWERS_FILE, saved, "the answers"));
    let entry = rendered.decision_entry;
    let merge = |existing: Option<&str>| append_decision(existing, &entry);
    let changes = write::preview(out, &files, Some((DECISIONS_PATH, &merge)))?;
    Ok(changes
        .into_iter()
        .filter(|c| c.action == Action::Overwrite)
        .map(|c| c.path)
        .collect())
}

pub fn run(args: InitArgs) -> Result<ExitCode, CliError> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(CliError::BadInput(
            "the interview needs a terminal (stdin and stdout); without one, answer with a file or flags: \
             `deployplan generate --answers deployplan.toml` or `deployplan generate --app-type web-api --expertise beginner --scale low --budget free` \
             (`deployplan example-answers` prints a commented answers file)"
                .into(),
        ));
    }
    // Inside a prompt the terminal is raw and the prompt reports Ctrl-C itself; between
    // prompts (the scan, rendering) Ctrl-C arrives as a signal: leave the same way, with 130
    // and nothing written (files are only written after the last question, atomically).
    let _ = ctrlc::set_handler(|| {
        crate::output::note("\ncancelled; nothing was written");
        std::process::exit(130);
    });
    let catalog = Catalog::embedded()?;
    let repo = args.repo.clone().unwrap_or_else(|| PathBuf::from("."));
    let out = args.out.clone().unwrap_or_else(|| repo.clone());
    let saved = out.join(ANSWERS_FILE);
    let mut existing = if saved.is_file() {
        pipeline::read_answers_file(&saved, catalog)?
    } else {
        PartialAnswers::default()
    };
    if let Some(date) = &args.date {
        existing.project.date = Some(date.clone());
    }
    let facts = pipeline::scan(&repo)?;
    pipeline::refuse_unfaithful_commands(&facts)?;
    let defaults = pipeline::defaults(&repo, existing.project.name.is_some());

    cliclack::intro("deployplan: design the deployment").map_err(io_error)?;
    let mut notes = vec![
        "One question at a time. Enter accepts, arrows move, typing filters; \"Back\" returns to \
         the previous question; Esc or Ctrl-C stops without writing anything."
            .to_string(),
    ];
    if !facts.is_empty() {
        notes.push(format!(
            "Scanned {}: answers the repository suggests are marked \"detected\".",
            repo.display()
        ));
    }
    if saved.is_file() {
        notes.push(format!(
            "Pre-filled from {} (marked \"from deployplan.toml\").",
            saved.display()
        ));
    }
    // Log lines are not wrapped by cliclack; wrap them so narrow terminals break at words.
    cliclack::log::remark(cliclack::termwrap(&notes.join("\n"), 4)).map_err(io_error)?;

    let interview = Interview {
        facts: &facts,
        catalog,
        defaults: &defaults,
        existing: &existing,
        render_options: &render_options,
    };
    let partial = match interview
        .run(&mut terminal::Terminal)
        .map_err(interview_error)?
    {
        Outcome::Done(partial) => partial,
        Outcome::Cancelled => {
            let _ = cliclack::outro_cancel("Cancelled: nothing was written.");
            return Err(CliError::Cancelled);
        }
    };
    let answers = pipeline::resolve(&partial, &facts, catalog, &defaults)?;
    let plan = deployplan_core::plan::build(&answers, &facts, catalog)?;
    let mut force = args.force;
    let blocked = if force {
        Vec::new()
    } else {
        would_overwrite(&plan, &out)?
    };
    if !blocked.is_empty() {
        // After a whole interview, ask rather than refuse: the answers would be lost.
        let list = blocked
            .iter()
            .map(|p| format!("  {p}"))
            .collect::<Vec<_>>()
            .join("\n");
        let question = format!(
            "{} existing file(s) would change:\n{list}\nOverwrite them?",
            blocked.len()
        );
        match cliclack::confirm(question).initial_value(false).interact() {
            Ok(true) => force = true,
            Ok(false) => {
                let _ = cliclack::outro_cancel("Nothing was written.");
                return Err(write::WriteError::WouldOverwrite(blocked).into());
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {
                let _ = cliclack::outro_cancel("Cancelled: nothing was written.");
                return Err(CliError::Cancelled);
            }
            Err(e) => return Err(io_error(e)),
        }
    }
    let done = format!(
        "Writing the design for {} on {}",
        answers.project.name, plan.platform.name
    );
    cliclack::outro(done).map_err(io_error)?;
    let output = Output {
        out: &out,
        force: if force {
            write::Force::Generated
        } else {
            write::Force::No
        },
        dry_run: false,
        save_answers: true,
        json: false,
    };
    write_plan(&plan, &output)
}
