//! `deployplan init`: the interview in a terminal, then the same files as `generate`.
//! Off a terminal it explains how to answer without one.

mod terminal;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use deployplan_core::answers::{self, PartialAnswers};
use deployplan_core::interview::{
    Interview, InterviewError, Outcome, Prompter, Reply, Select, SelectOption, proposal,
};
use deployplan_core::render::{DECISIONS_PATH, append_decision};
use deployplan_core::text::escaped_block;
use deployplan_core::write::{self, Action};
use deployplan_core::{Catalog, Plan};

use super::generate::{ANSWERS_FILE, BESIDE_SUFFIX, Output, write_plan};
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

/// The existing files that writing the plan would change (what `--force` is needed for),
/// with their diffs. The answers file is not among them: it is always saved.
fn would_overwrite(plan: &Plan, out: &std::path::Path) -> Result<Vec<(String, String)>, CliError> {
    let rendered = pipeline::render(plan, out, pipeline::OwnFiles::AsChosen)?;
    let files = rendered.files;
    let entry = rendered.decision_entry;
    let merge = |existing: Option<&str>| append_decision(existing, &entry);
    let changes = write::preview(out, &files, Some((DECISIONS_PATH, &merge)))?;
    Ok(changes
        .into_iter()
        .filter(|c| c.action == Action::Overwrite)
        .map(|c| (c.path, c.diff.unwrap_or_default()))
        .collect())
}

fn plan_of(
    partial: &PartialAnswers,
    facts: &deployplan_core::Facts,
    catalog: &Catalog,
    defaults: &answers::Defaults,
) -> Result<Plan, CliError> {
    let answers = pipeline::resolve(partial, facts, catalog, defaults)?;
    Ok(deployplan_artifacts::plan(&answers, facts, catalog)?)
}

/// What happens to the existing files the design would change, chosen per file.
#[derive(Default)]
struct FileChoices {
    keep: Vec<String>,
    beside: Vec<String>,
}

/// Asks, for each existing file that would change: keep mine, overwrite, write beside, or
/// show the diff first. `None` when the person cancelled.
fn ask_per_file(blocked: &[(String, String)]) -> Result<Option<FileChoices>, CliError> {
    let mut choices = FileChoices::default();
    let mut prompter = terminal::Terminal;
    for (i, (path, diff)) in blocked.iter().enumerate() {
        let beside = format!("{path}{BESIDE_SUFFIX}");
        let select = Select::new(
            "existing-file",
            0,
            format!(
                "{path} exists and differs from the design ({} of {}). What should happen to it?",
                i + 1,
                blocked.len()
            ),
        )
        .option(SelectOption::new(
            "keep",
            "Keep mine",
            "leave it as it is; the design's version is not written",
        ))
        .option(SelectOption::new(
            "overwrite",
            "Overwrite",
            "replace it with the design's version",
        ))
        .option(SelectOption::new(
            "beside",
            format!("Write beside as {beside}"),
            "keep yours and compare by hand",
        ))
        .option(SelectOption::new("diff", "Show the diff", "then choose"))
        .preselect(Some("keep"), None)
        .no_back();
        loop {
            match prompter.select(&select).map_err(io_error)? {
                Reply::Answer(0) => choices.keep.push(path.clone()),
                Reply::Answer(1) => {}
                Reply::Answer(2) => choices.beside.push(path.clone()),
                Reply::Answer(_) => {
                    prompter
                        .show(&format!("Changes to {path}"), &escaped_block(diff))
                        .map_err(io_error)?;
                    continue;
                }
                Reply::Back | Reply::Cancel => return Ok(None),
            }
            break;
        }
    }
    Ok(Some(choices))
}

fn cancelled() -> CliError {
    let _ = cliclack::outro_cancel("Cancelled: nothing was written.");
    CliError::Cancelled
}

pub fn run(args: InitArgs) -> Result<ExitCode, CliError> {
    let terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    if !terminal && !args.yes {
        return Err(CliError::BadInput(
            "the interview needs a terminal (stdin and stdout); without one, `deployplan init --yes` writes the design the repository suggests, or answer with a file or flags: \
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
    let proposed = plan_of(&existing, &facts, catalog, &defaults)?;
    if args.yes {
        // No questions: the design the scan and deployplan.toml propose, refused like
        // `generate` when it would change an existing file without --force.
        return write_plan(
            &proposed,
            &plain_output(&out, args.force, args.dry_run, &FileChoices::default()),
        );
    }

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

    let blocked_now = if args.force {
        Vec::new()
    } else {
        would_overwrite(&proposed, &out)?
    };
    let paths: Vec<String> = blocked_now.iter().map(|(p, _)| p.clone()).collect();
    let mut prompter = terminal::Terminal;
    prompter
        .show(
            "What the scan found, and the design it suggests",
            &escaped_block(&proposal(&proposed, &paths)),
        )
        .map_err(io_error)?;
    let fast = Select::new("fast-path", 0, "Write this design?")
        .option(SelectOption::new(
            "write",
            "Write it",
            "write the proposed design and its files",
        ))
        .option(SelectOption::new(
            "change",
            "Change answers",
            "go through the questions, starting from this design",
        ))
        .option(SelectOption::new(
            "cancel",
            "Cancel",
            "stop; nothing is written",
        ))
        .preselect(Some("write"), None)
        .no_back();
    let plan = match prompter.select(&fast).map_err(io_error)? {
        Reply::Answer(0) => proposed,
        Reply::Answer(1) => {
            let interview = Interview {
                facts: &facts,
                catalog,
                defaults: &defaults,
                existing: &existing,
                render_options: &render_options,
            };
            match interview.run(&mut prompter).map_err(interview_error)? {
                Outcome::Done(partial) => plan_of(&partial, &facts, catalog, &defaults)?,
                Outcome::Cancelled => return Err(cancelled()),
            }
        }
        _ => return Err(cancelled()),
    };
    let mut choices = FileChoices::default();
    let mut force = args.force;
    if !force && !args.dry_run {
        let blocked = would_overwrite(&plan, &out)?;
        if !blocked.is_empty() {
            // After a whole interview, ask rather than refuse: the answers are saved whatever
            // is chosen, so a rerun starts from them.
            match ask_per_file(&blocked)? {
                Some(c) => choices = c,
                None => return Err(cancelled()),
            }
            force = true;
        }
    }
    let done = if args.dry_run {
        format!(
            "Dry run: the design for {} on {} (nothing written)",
            plan.answers.project.name, plan.platform.name
        )
    } else {
        format!(
            "Writing the design for {} on {}",
            plan.answers.project.name, plan.platform.name
        )
    };
    cliclack::outro(done).map_err(io_error)?;
    write_plan(&plan, &plain_output(&out, force, args.dry_run, &choices))
}

fn plain_output<'a>(
    out: &'a std::path::Path,
    force: bool,
    dry_run: bool,
    choices: &'a FileChoices,
) -> Output<'a> {
    Output {
        out,
        force: if force {
            write::Force::Generated
        } else {
            write::Force::No
        },
        dry_run,
        save_answers: true,
        json: false,
        keep: &choices.keep,
        beside: &choices.beside,
        own: pipeline::OwnFiles::AsChosen,
    }
}
