//! The steps every command shares: read the answers sources, scan, plan, render.

use std::path::Path;

use deployplan_core::answers::{self, Defaults, PartialAnswers};
use deployplan_core::{Answers, Catalog, Facts, GeneratedFile, Plan};

use crate::error::CliError;

/// Today's date as YYYY-MM-DD (UTC), from the system clock.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = (secs / 86_400) as i64;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Reads and parses an answers file (a regular file under the size limit); errors carry
/// file:line:column.
pub fn read_answers_file(path: &Path, catalog: &Catalog) -> Result<PartialAnswers, CliError> {
    let text = answers::read_answers_text(path)?;
    Ok(answers::parse_answers(
        &path.display().to_string(),
        &text,
        &catalog.ids(),
    )?)
}

/// Scans `dir`, skipping deployplan's own files: the marked ones (the scanner does), and the
/// JSON files its design document there lists (JSON cannot carry the marker).
pub fn scan(dir: &Path) -> Result<Facts, CliError> {
    let ours = deployplan_core::write::listed_in_design(dir);
    deployplan_scan::scan_excluding(dir, &ours).map_err(|e| CliError::BadInput(e.to_string()))
}

/// Refuses repository commands that generated files could not copy faithfully: one the
/// scanner cut a credential out of, or one that is not valid UTF-8 (its bytes would become
/// U+FFFD in the Procfile or the platform config).
pub fn refuse_unfaithful_commands(facts: &Facts) -> Result<(), CliError> {
    let c = &facts.commands;
    let procfile = facts
        .procfile
        .iter()
        .map(|p| (p.name.as_str(), p.command.as_str(), p.evidence.to_string()));
    let stated = [
        ("install", &c.install),
        ("test", &c.test),
        ("build", &c.build),
        ("start", &c.start),
    ]
    .into_iter()
    .filter_map(|(name, v)| {
        let v = v.as_ref()?;
        let at = v
            .evidence
            .first()
            .map(|e| e.to_string())
            .unwrap_or_default();
        Some((name, v.value.as_str(), at))
    });
    for (name, command, at) in procfile.chain(stated) {
        let at = deployplan_core::text::escaped(&at);
        if command.contains(deployplan_core::tokens::REDACTED)
            || deployplan_core::tokens::find(command).is_some()
        {
            return Err(CliError::BadInput(format!(
                "{at}: the `{name}` command holds a credential (not shown); generated files never copy a secret: \
                 remove it from the command, keep it in the platform's environment, and rotate it"
            )));
        }
        if command.contains('\u{FFFD}') {
            return Err(CliError::BadInput(format!(
                "{at}: the `{name}` command is not valid UTF-8, so the generated files could not reproduce its bytes; \
                 save the file as UTF-8"
            )));
        }
    }
    Ok(())
}

/// The name of a folder, for the default project name.
pub fn folder_name(dir: &Path) -> String {
    std::path::absolute(dir)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "my-app".to_string())
}

/// The defaults of the answers. The project name defaults to the folder's name, validated like
/// a typed one: a folder name that is not a valid project name (a newline, a bidi control)
/// becomes a slug, said in a note when it is used (`named`: the answers name the project).
pub fn defaults(project_dir: &Path, named: bool) -> Defaults {
    let folder = folder_name(project_dir);
    let project_name = match answers::validate::one_line("project name", &folder) {
        Ok(()) => folder,
        Err(why) => {
            let slug = deployplan_artifacts::names::slug(&folder, 63);
            if !named {
                crate::output::note(&format!(
                    "note: the folder name `{}` is not a valid project name ({why}); using `{slug}` (choose one with --project-name)",
                    deployplan_core::text::escaped(&folder)
                ));
            }
            slug
        }
    };
    Defaults {
        today: today(),
        project_name,
        author: "deployplan".to_string(),
    }
}

pub fn resolve(
    partial: &PartialAnswers,
    facts: &Facts,
    catalog: &Catalog,
    defaults: &Defaults,
) -> Result<Answers, CliError> {
    Ok(answers::resolve(partial, facts, catalog, defaults)?)
}

/// Whether two paths are the same existing folder.
pub fn same_folder(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// When `generate --force-all` writes into the repository it scanned, the files it replaces (a `.env.example`,
/// a `render.yaml`, a workflow) stop being the repository's own: the next scan skips them as
/// generated. So the design is settled on the facts that scan will find, from the answers as
/// they will be saved: then `check` right after `generate` reproduces every file exactly.
/// Returns the settled facts and answers, or None when nothing the scan sees changes.
pub fn settle_on_own_files(
    repo: &Path,
    answers: &Answers,
    facts: &Facts,
    catalog: &Catalog,
    defaults: &Defaults,
    own: OwnFiles,
) -> Result<Option<(Facts, Answers)>, CliError> {
    let plan = deployplan_artifacts::plan(answers, facts, catalog)?;
    let replaced: std::collections::HashSet<String> = render(&plan, repo, own)?
        .files
        .into_iter()
        .filter(|f| deployplan_scan::is_generated_by_deployplan(f.contents.as_bytes()))
        .map(|f| f.path)
        .filter(|p| {
            deployplan_core::write::read_inside(repo, p)
                .ok()
                .flatten()
                .is_some_and(|old| !deployplan_scan::is_generated_by_deployplan(old.as_bytes()))
        })
        .collect();
    if replaced.is_empty() {
        return Ok(None);
    }
    let after = deployplan_scan::scan_excluding(repo, &replaced)
        .map_err(|e| CliError::BadInput(e.to_string()))?;
    if &after == facts {
        return Ok(None);
    }
    let saved = answers::to_toml(answers)
        .map_err(|e| CliError::Failed(format!("saving the answers: {e}")))?;
    let partial = answers::parse_answers("the answers to save", &saved, &catalog.ids())?;
    let settled = resolve(&partial, &after, catalog, defaults)?;
    Ok(Some((after, settled)))
}

/// The files as they will be in `dir`, where the repository's own files come first: the
/// person's `.env.example` (no "Generated by deployplan" marker) keeps every line and gains
/// the names it lacks, instead of being replaced. `generate`, `init` and `check` all see the
/// same files, so `check` after `generate` finds no drift.
pub fn keep_own_files(dir: &Path, files: &mut [GeneratedFile], own: OwnFiles) {
    let listed = deployplan_core::write::listed_in_design(dir);
    for f in files.iter_mut() {
        if f.path != deployplan_artifacts::env_example::PATH {
            // The person's own platform config, Procfile or .dockerignore stays: the design's
            // version is written beside it, and the TDD lists it there.
            let persons = own == OwnFiles::KeepBeside
                && !listed.contains(&f.path)
                && matches!(
                    deployplan_core::write::read_inside(dir, &f.path),
                    Ok(Some(old)) if !deployplan_scan::is_generated_by_deployplan(old.as_bytes())
                );
            if persons {
                f.description = format!(
                    "{} (beside your own {}, which stays: merge by hand)",
                    f.description, f.path
                );
                f.path = format!("{}{}", f.path, BESIDE_SUFFIX);
            }
            continue;
        }
        if let Ok(Some(old)) = deployplan_core::write::read_inside(dir, &f.path)
            && !deployplan_scan::is_generated_by_deployplan(old.as_bytes())
        {
            f.contents = deployplan_artifacts::env_example::merge(&old, &f.contents);
            f.description = "the repository's own .env.example, with the names the app reads that it did not list added at its end".into();
        }
    }
}

/// The suffix of a design's version written beside a file the person keeps.
pub const BESIDE_SUFFIX: &str = ".deployplan-new";

/// What becomes of a generated file whose path holds a file of the person's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OwnFiles {
    /// It is written beside theirs, as `PATH.deployplan-new` (`generate`, `check`).
    KeepBeside,
    /// The person chooses, or `--force-all` replaces it (`init`'s questions, `--force-all`).
    AsChosen,
}

/// Every file of a plan: the artifacts, the TDD that lists them, and the decision entry.
pub struct Rendered {
    pub files: Vec<GeneratedFile>,
    pub decision_entry: String,
}

/// `dir` is where the files go: the repository's own files there shape them
/// ([`keep_own_files`]).
pub fn render(plan: &Plan, dir: &Path, own: OwnFiles) -> Result<Rendered, CliError> {
    let mut artifacts = deployplan_artifacts::render(plan)
        .map_err(|e| CliError::Failed(format!("generating the deploy files: {e}")))?;
    keep_own_files(dir, &mut artifacts, own);
    let ci = deployplan_artifacts::ci_inputs(plan);
    let inputs = deployplan_core::render::PipelineInputs {
        secrets: plan.ci.secrets.clone(),
        settings: ci.settings,
    };
    let tdd = deployplan_core::render::tdd(plan, &artifacts, &inputs, env!("CARGO_PKG_VERSION"))?;
    let mut files = vec![tdd];
    files.extend(artifacts);
    Ok(Rendered {
        files,
        decision_entry: deployplan_core::render::decision_entry(plan)?,
    })
}

/// Warnings of the workflow's DO/DON'T list, on stderr.
pub fn print_warnings(plan: &Plan) {
    for w in &plan.warnings {
        crate::output::note(&format!("warning: {}", w.message));
    }
}
