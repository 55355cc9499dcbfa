//! The document's first part: the executive summary's key decisions, what the scan found,
//! the answers, the three options and the recommendation (sections 0 and 1).

use serde::Serialize;

use super::title;
use crate::answers::Choice;
use crate::plan::cost::{usd, usd_range};
use crate::plan::{Plan, PlatformOption};

#[derive(Serialize)]
pub struct PlatformView<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub complexity: &'static str,
    pub deploy_time: &'a str,
    pub philosophy: String,
    pub docs_url: &'a str,
    pub health_defaults: &'a str,
    /// Whether the files deploy each monorepo service on its own.
    pub deploys_each_service: bool,
}

#[derive(Serialize)]
pub struct KeyDecisions<'a> {
    pub platform: String,
    pub cicd: String,
    pub environments: &'static str,
    pub database: String,
    pub secrets: &'a str,
}

#[derive(Serialize)]
pub struct Answered {
    pub app_type: String,
    pub expertise: String,
    pub scale: String,
    pub budget: String,
}

#[derive(Serialize)]
pub struct OptionView<'a> {
    pub letter: String,
    pub name: &'a str,
    pub philosophy: &'static str,
    pub confidence: &'static str,
    pub confidence_condition: &'a str,
    pub score: i32,
    pub best_for: String,
    pub pros: &'a [String],
    pub cons: &'a [String],
    pub avoid_if: Vec<String>,
    pub reasons: &'a [String],
    pub cost: String,
    pub complexity: String,
    pub reference: &'a str,
}

#[derive(Serialize)]
pub struct RecommendationView<'a> {
    pub name: &'a str,
    pub because: &'a str,
    pub certainty: &'a str,
    pub certainty_reason: &'a str,
    pub would_change: &'a [String],
}

#[derive(Serialize)]
pub struct Alternative<'a> {
    pub name: &'a str,
    pub why: &'a str,
}

pub fn platform(plan: &Plan) -> PlatformView<'_> {
    let p = &plan.platform;
    PlatformView {
        id: &p.id,
        name: &p.name,
        complexity: p.complexity.label(),
        deploy_time: &p.deploy_time,
        philosophy: format!("{} ({})", p.philosophy.label(), p.philosophy.help()),
        docs_url: &p.docs_url,
        health_defaults: &p.health_check.defaults,
        deploys_each_service: p.id.deploys_each_service(),
    }
}

pub fn key_decisions(plan: &Plan) -> KeyDecisions<'_> {
    let p = &plan.platform;
    let cicd = if plan.ci.automated {
        format!(
            "Automated via {}: {} on every push, deploy from `{}`; production by {}",
            plan.ci.provider_name,
            if plan.runtime.test_command.is_some() {
                "tests"
            } else {
                "install and build (no tests yet)"
            },
            plan.ci.branch,
            plan.ci.production_trigger
        )
    } else {
        "Manual deployments (a person runs the deploy command)".to_string()
    };
    KeyDecisions {
        platform: match plan.options.iter().find(|o| o.platform.id == p.id) {
            Some(o) => format!(
                "{} ({}), {} confidence{}",
                p.name,
                p.philosophy.label(),
                o.confidence.label().to_lowercase(),
                if plan.overridden {
                    "; your choice over the recommendation"
                } else {
                    ""
                }
            ),
            None => format!(
                "{} ({}), your choice; not among the three options for these answers",
                p.name,
                p.philosophy.label()
            ),
        },
        cicd,
        environments: plan.answers.environments.strategy.label(),
        database: plan.database.as_ref().map_or("None".to_string(), |d| {
            format!("{} on {}", d.engine_name, d.hosting_name)
        }),
        secrets: &plan.secrets.store_name,
    }
}

/// What the repository scan found, each with its evidence.
pub fn facts(plan: &Plan) -> Vec<String> {
    let mut facts = Vec::new();
    let f = &plan.facts;
    if f.is_empty() {
        return facts;
    }
    for fw in &f.frameworks {
        if let Some(e) = fw.evidence.first() {
            facts.push(format!("framework `{}` ({e})", fw.name));
        }
    }
    if let Some(d) = &f.dockerfile {
        facts.push(format!("Dockerfile at `{}`", d.value));
    }
    for d in &f.databases {
        if let Some(e) = d.evidence.first() {
            facts.push(format!("database `{}` ({e})", d.name));
        }
    }
    if let Some(m) = &f.migration_tool {
        facts.push(format!("migration tool `{}`: `{}`", m.name, m.command));
    }
    for w in f.workers.iter().chain(&f.websockets) {
        if let Some(e) = w.evidence.first() {
            facts.push(format!("`{}` ({e})", w.name));
        }
    }
    if !f.env_vars.is_empty() {
        facts.push(format!(
            "{} environment variables read by the code (section 6)",
            f.env_vars.len()
        ));
    }
    for s in &f.secrets_committed {
        facts.push(format!(
            "**committed secret**: {} in `{}` (risk 1)",
            s.kind, s.path
        ));
    }
    for c in &f.ci {
        facts.push(format!("existing CI: {}", c.name));
    }
    // The toolchain with its sources (conventions are listed among the assumptions).
    for e in &plan.runtime.evidence {
        if !e.contains(": convention") && !e.contains("command from") && !e.starts_with("port ") {
            facts.push(format!("toolchain: {e}"));
        }
    }
    match &f.tests.first() {
        Some(t) => facts.push(format!("tests found ({t})")),
        None => facts.push("no tests found: the pipeline has no test step".into()),
    }
    facts
}

pub fn answered(plan: &Plan) -> Answered {
    let c = &plan.answers.context;
    Answered {
        app_type: format!("{} ({})", c.app_type.label(), c.app_type.help()),
        expertise: format!("{} ({})", c.expertise.label(), c.expertise.help()),
        scale: format!("{} ({})", c.scale.label(), c.scale.help()),
        budget: format!("{} ({})", c.budget.label(), c.budget.help()),
    }
}

pub fn option(o: &PlatformOption) -> OptionView<'_> {
    let p = &o.platform;
    let tiers: Vec<String> = p
        .pricing
        .tiers
        .iter()
        .map(|t| {
            if t.monthly_usd == 0.0 && t.name.to_lowercase().contains("enterprise") {
                format!("{}: custom pricing", t.name)
            } else if t.monthly_usd == 0.0 {
                format!("{}: $0", t.name)
            } else {
                format!("{} {}/month", t.name, usd(t.monthly_usd))
            }
        })
        .collect();
    let mut avoid: Vec<String> = p.avoid_if.iter().map(|a| a.text.clone()).collect();
    for m in &o.avoid_if_matched {
        if let Some(x) = avoid.iter_mut().find(|x| *x == m) {
            x.push_str(" **(applies to you)**");
        }
    }
    OptionView {
        letter: o.letter.to_string(),
        name: &p.name,
        philosophy: p.philosophy.label(),
        confidence: o.confidence.label(),
        confidence_condition: &o.confidence_condition,
        score: o.score,
        best_for: p.best_for.join(", "),
        pros: &p.pros,
        cons: &p.cons,
        avoid_if: avoid,
        reasons: &o.reasons,
        cost: format!(
            "about {}/month for this app ({}); {}",
            usd_range(o.cost.range_low_usd, o.cost.range_high_usd),
            tiers.join(", "),
            p.pricing.summary
        ),
        complexity: format!("{} ({})", p.complexity.label(), p.complexity.help()),
        reference: &p.docs_url,
    }
}

pub fn recommendation(plan: &Plan) -> RecommendationView<'_> {
    let r = &plan.recommendation;
    RecommendationView {
        name: plan
            .options
            .iter()
            .find(|o| o.platform.id == r.platform_id)
            .map_or("", |o| o.platform.name.as_str()),
        because: &r.because,
        certainty: &r.certainty,
        certainty_reason: &r.certainty_reason,
        would_change: &r.would_change,
    }
}

pub fn alternatives(plan: &Plan) -> Vec<Alternative<'_>> {
    plan.alternatives
        .iter()
        .map(|(name, why)| Alternative { name, why })
        .collect()
}

/// The app's framework(s), or its stack when none is known.
pub fn frameworks_or_stack(frameworks: &[String], stack: crate::answers::Stack) -> String {
    if frameworks.is_empty() {
        title(stack.id())
    } else {
        frameworks.join(" + ")
    }
}
