//! `deployplan recommend`: step 2 on its own, as text or JSON.

use std::process::ExitCode;

use deployplan_core::answers::{Choice, PartialAnswers};
use deployplan_core::plan::cost::usd_range;
use deployplan_core::{Catalog, Facts};

use crate::cli::RecommendArgs;
use crate::error::CliError;
use crate::output;
use crate::pipeline;

pub fn run(args: RecommendArgs) -> Result<ExitCode, CliError> {
    let catalog = Catalog::embedded()?;
    let file = match &args.answers_file {
        Some(path) => pipeline::read_answers_file(path, catalog)?,
        None => PartialAnswers::default(),
    };
    let partial = file.merge(&args.answers.to_partial());
    let facts = match &args.repo {
        Some(dir) => pipeline::scan(dir)?,
        None => Facts::default(),
    };
    let dir = args.repo.clone().unwrap_or_else(|| ".".into());
    let answers = pipeline::resolve(
        &partial,
        &facts,
        catalog,
        &pipeline::defaults(&dir, partial.project.name.is_some()),
    )?;
    let plan = deployplan_artifacts::plan(&answers, &facts, catalog)?;
    if args.json {
        let options: Vec<serde_json::Value> = plan
            .options
            .iter()
            .map(|o| {
                serde_json::json!({
                    "platform": o.platform.id,
                    "name": o.platform.name,
                    "philosophy": o.platform.philosophy.id(),
                    "confidence": o.confidence.label(),
                    "confidence_condition": o.confidence_condition,
                    "score": o.score,
                    "reasons": o.reasons,
                    "monthly_cost_usd": {"low": o.cost.range_low_usd, "high": o.cost.range_high_usd},
                    "complexity": o.platform.complexity.id(),
                    "reference": o.platform.docs_url,
                })
            })
            .collect();
        let json = serde_json::json!({
            "options": options,
            "recommended": plan.recommendation.platform_id,
            "certainty": plan.recommendation.certainty,
            "would_change": plan.recommendation.would_change,
        });
        output::json(&json)?;
        return Ok(ExitCode::SUCCESS);
    }
    output::print(&deployplan_core::text::escaped_block(&render_options(
        &plan,
    )))?;
    Ok(ExitCode::SUCCESS)
}

/// Step 2 as the workflow lays it out: three options, the recommendation, what would change it.
pub fn render_options(plan: &deployplan_core::Plan) -> String {
    let c = &plan.answers.context;
    let mut s = format!(
        "Based on your answers: app type {}, expertise {}, scale {}, budget {}\n\n",
        c.app_type.label(),
        c.expertise.label(),
        c.scale.label(),
        c.budget.label()
    );
    for o in &plan.options {
        let p = &o.platform;
        s.push_str(&format!(
            "Option {}: {} (Confidence: {}; {})\n  {}\n  Best for: {}\n",
            o.letter,
            p.name,
            o.confidence.label(),
            o.confidence_condition,
            p.philosophy.label(),
            p.best_for.join(", ")
        ));
        s.push_str("  Pros:\n");
        for x in &p.pros {
            s.push_str(&format!("    + {x}\n"));
        }
        s.push_str("  Cons:\n");
        for x in &p.cons {
            s.push_str(&format!("    - {x}\n"));
        }
        s.push_str("  Avoid if:\n");
        for x in &p.avoid_if {
            let mark = if o.avoid_if_matched.contains(&x.text) {
                " (applies to you)"
            } else {
                ""
            };
            s.push_str(&format!("    ! {}{mark}\n", x.text));
        }
        s.push_str("  Reasoning:\n");
        for x in &o.reasons {
            s.push_str(&format!("    * {x}\n"));
        }
        s.push_str(&format!(
            "  Cost: about {}/month for this app\n  Deployment complexity: {} ({})\n  Reference: {}\n\n",
            usd_range(o.cost.range_low_usd, o.cost.range_high_usd),
            p.complexity.label(),
            p.complexity.help(),
            p.docs_url
        ));
    }
    let r = &plan.recommendation;
    let name = plan
        .options
        .first()
        .map_or("", |o| o.platform.name.as_str());
    s.push_str(&format!("Recommendation: {name}, because {}.\n", r.because));
    s.push_str(&format!(
        "I'm {} because {}.\nFactors that could change it:\n",
        r.certainty, r.certainty_reason
    ));
    for x in &r.would_change {
        s.push_str(&format!("  - {x}\n"));
    }
    s
}
