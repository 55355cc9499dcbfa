//! Plan → documents: `specs/DEPLOYMENT_TDD.md` and the entry appended to
//! `specs/09_DECISIONS.md`. Templates are embedded; values are worded in `view`.

mod commands;
mod diagram;
mod ecs;
pub mod provenance_view;
mod view;

use minijinja::{Environment, UndefinedBehavior};

use crate::answers::Choice;
use crate::file::GeneratedFile;
use crate::plan::Plan;

pub const TDD_PATH: &str = "specs/DEPLOYMENT_TDD.md";
pub const DECISIONS_PATH: &str = "specs/09_DECISIONS.md";

const TDD_TEMPLATE: &str = include_str!("../../../../templates/DEPLOYMENT_TDD.md.j2");
const DECISION_TEMPLATE: &str = include_str!("../../../../templates/decision.md.j2");

#[derive(Debug, thiserror::Error)]
#[error("rendering {template}: {source}")]
pub struct RenderError {
    pub template: &'static str,
    #[source]
    pub source: minijinja::Error,
}

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    let syntax = minijinja::syntax::SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .keep_trailing_newline(true)
        .build()
        .expect("the default delimiters are valid");
    env.set_syntax(syntax);
    env
}

fn render<T: serde::Serialize>(
    name: &'static str,
    source: &'static str,
    ctx: T,
) -> Result<String, RenderError> {
    let env = environment();
    // Repository-supplied text (file names, commands, evidence) may hold terminal escapes or
    // bidi controls: a document shows them escaped, never acts on them. The templates hold
    // none, so this changes only what came from outside.
    env.render_str(
        source,
        minijinja::Value::from(minijinja::value::Serde(&ctx)),
    )
    .map(|text| crate::text::escaped_block(&text).into_owned())
    .map_err(|source| RenderError {
        template: name,
        source,
    })
}

/// What the generated pipeline reads from the CI host beyond the plan's own CI secrets, so the
/// document names every input a person must set up.
#[derive(Debug, Clone, Default)]
pub struct PipelineInputs {
    pub secrets: Vec<String>,
    /// Non-secret settings (CI variables).
    pub settings: Vec<String>,
}

/// The technical design document. `artifacts` are the other generated files, listed in it.
pub fn tdd(
    plan: &Plan,
    artifacts: &[GeneratedFile],
    inputs: &PipelineInputs,
    version: &str,
) -> Result<GeneratedFile, RenderError> {
    let probed = view::probed_health(plan);
    let ctx = view::build(plan, &probed, artifacts, inputs, version);
    let text = render("DEPLOYMENT_TDD.md", TDD_TEMPLATE, ctx)?;
    Ok(GeneratedFile::new(
        TDD_PATH,
        text,
        "the deployment technical design document (this file)",
    ))
}

/// The decision record appended to `specs/09_DECISIONS.md`.
pub fn decision_entry(plan: &Plan) -> Result<String, RenderError> {
    let a = &plan.answers;
    let p = &plan.platform;
    let database = plan.database.as_ref().map_or("None".to_string(), |d| {
        format!("{} on {}", d.engine_name, d.hosting_name)
    });
    let ctx = serde_json::json!({
        "date": a.project.date,
        "platform": p.name,
        "reasoning": plan.reasons.iter().take(3).cloned().collect::<Vec<_>>().join("; "),
        "cost": crate::plan::cost::usd_range(plan.cost.range_low_usd, plan.cost.range_high_usd),
        "complexity": p.complexity.label(),
        "cicd": if plan.ci.automated { format!("{} (production by {})", plan.ci.provider_name, plan.ci.production_trigger) } else { "Manual".to_string() },
        "ci_host": plan.ci.provider_name,
        "environments": a.environments.strategy.label(),
        "database": database,
        "database_lock": plan.database.as_ref().map(|d| d.hosting_name.clone()),
        "secrets": plan.secrets.store_name,
        "alternatives": plan.alternatives.iter().map(|(n, w)| format!("{n} ({w})")).collect::<Vec<_>>().join("; "),
    });
    render("decision entry", DECISION_TEMPLATE, ctx)
}

/// The decisions log with the entry appended: existing content kept byte for byte, and
/// nothing added when the same entry is already there.
pub fn append_decision(existing: Option<&str>, entry: &str) -> Option<String> {
    match existing {
        // Compared with line endings normalized: a CRLF checkout already holds the entry.
        Some(text) if crate::text::lf(text).contains(entry.trim_end()) => None,
        Some(text) => {
            let crlf = crate::text::uses_crlf(text);
            let mut out = text.to_string();
            let newline = if crlf { "\r\n" } else { "\n" };
            if !out.is_empty() && !out.ends_with('\n') {
                out.push_str(newline);
            }
            let mut added = String::new();
            if !out.is_empty() {
                added.push_str("\n---\n\n");
            }
            added.push_str(entry);
            if crlf {
                added = crate::text::crlf(&added);
            }
            out.push_str(&added);
            Some(out)
        }
        None => Some(format!(
            "# Decisions\n\nArchitecture and infrastructure decisions, newest last.\n\n{entry}"
        )),
    }
}
