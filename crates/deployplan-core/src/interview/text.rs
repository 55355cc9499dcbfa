//! The blocks of text the interview shows: all platforms, the rollback procedure of step 7,
//! and the summary of answers.

use super::steps::Q;
use crate::answers::{Answers, Choice, RECOMMENDED};
use crate::catalog::Catalog;
use crate::plan::Plan;
use crate::plan::cost::usd;

/// Every platform of the knowledge base, one short paragraph each.
pub(super) fn platform_list(catalog: &Catalog) -> String {
    let mut s = String::new();
    for p in &catalog.platforms {
        s.push_str(&format!(
            "{} ({}): {}; complexity {}\n  {}\n",
            p.name,
            p.id,
            p.philosophy.label(),
            p.complexity.label().to_lowercase(),
            p.summary
        ));
        if let Some(status) = &p.status {
            s.push_str(&format!("  Note: {status}\n"));
        }
    }
    s
}

/// Step 7: how a failed deployment is rolled back on the chosen platform.
pub(super) fn rollback(plan: &Plan) -> String {
    let r = &plan.rollback;
    let mut s = format!(
        "If a deployment to {} goes wrong:\n\
         1. Detect it: the health check fails, the error rate spikes, or someone notices.\n\
         2. Roll back:\n",
        plan.platform.name
    );
    for c in &r.commands {
        s.push_str(&format!("   $ {c}\n"));
    }
    if !r.dashboard.is_empty() {
        s.push_str(&format!("   or in the dashboard: {}\n", r.dashboard));
    }
    s.push_str(
        "3. Verify: the health check answers 200 again.\n\
         4. Investigate the cause in a safe environment (staging or locally).\n",
    );
    if !r.caveats.is_empty() {
        s.push_str("Watch out:\n");
        for c in &r.caveats {
            s.push_str(&format!("  - {c}\n"));
        }
    }
    if !r.with_migrations.is_empty() {
        s.push_str("With database migrations:\n");
        for c in &r.with_migrations {
            s.push_str(&format!("  - {c}\n"));
        }
    }
    s.push_str("The document's section 7 holds this procedure.");
    s
}

/// One answer of the summary, and the question that changes it.
pub(super) struct Row {
    pub q: Q,
    pub label: &'static str,
    pub value: String,
}

fn yes_no(v: bool) -> String {
    if v { "yes" } else { "no" }.to_string()
}

fn with_help<C: Choice>(c: C) -> String {
    if c.help().is_empty() {
        c.label().to_string()
    } else {
        format!("{} ({})", c.label(), c.help())
    }
}

/// The answers that were asked (or would be), in the workflow's order.
pub(super) fn rows(a: &Answers, catalog: &Catalog, applies: impl Fn(Q) -> bool) -> Vec<Row> {
    let platform = match catalog.platform(&a.platform.id) {
        Some(p) => p.name.clone(),
        None if a.platform.id == RECOMMENDED => "the recommended platform".into(),
        None => a.platform.id.clone(),
    };
    let names = if a.secrets.names.is_empty() {
        "none".to_string()
    } else {
        a.secrets.names.join(", ")
    };
    let all = [
        (
            Q::AppType,
            "App type",
            a.context.app_type.label().to_string(),
        ),
        (
            Q::Stack,
            "Language",
            a.app.stack.map_or("not known".into(), |s| s.label().into()),
        ),
        (
            Q::Expertise,
            "Expertise",
            a.context.expertise.label().to_string(),
        ),
        (Q::Scale, "Scale", with_help(a.context.scale)),
        (Q::Budget, "Budget", with_help(a.context.budget)),
        (Q::Platform, "Platform", platform),
        (
            Q::Automated,
            "Automated deploys",
            yes_no(a.ci.provider != crate::answers::CiProvider::Manual),
        ),
        (
            Q::CiHost,
            "Code host / CI",
            a.ci.provider.label().to_string(),
        ),
        (Q::Branch, "Deploy branch", a.ci.branch.clone()),
        (
            Q::Environments,
            "Environments",
            a.environments.strategy.label().to_string(),
        ),
        (
            Q::Database,
            "Database",
            a.database.engine.label().to_string(),
        ),
        (Q::Cache, "Cache", a.database.cache.label().to_string()),
        (
            Q::DbHosting,
            "Database hosting",
            a.database.hosting.label().to_string(),
        ),
        (
            Q::Migrations,
            "Migrations",
            a.database.migrations.label().to_string(),
        ),
        (
            Q::MigrationTool,
            "Migration tool",
            a.database.tool.label().to_string(),
        ),
        (
            Q::SecretsStore,
            "Secrets stored in",
            a.secrets.store.label().to_string(),
        ),
        (Q::SecretNames, "Required secrets", names),
        (Q::Health, "Health checks", yes_no(a.health.enabled)),
        (
            Q::HealthPath,
            "Health-check path",
            a.health
                .path
                .clone()
                .unwrap_or_else(|| "from the repository".to_string()),
        ),
    ];
    all.into_iter()
        .filter(|(q, _, _)| applies(*q))
        .map(|(q, label, value)| Row { q, label, value })
        .collect()
}

pub(super) fn summary(rows: &[Row]) -> String {
    let width = rows.iter().map(|r| r.label.len()).max().unwrap_or(0);
    rows.iter()
        .map(|r| format!("{:<width$}  {}", r.label, r.value))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Cuts `s` to about `max` characters at a word, with an ellipsis.
fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end_matches([',', ';', ' ']))
}

/// Step 2 on one screen: per option its name, philosophy, confidence, cost per month,
/// deployment complexity, best-for in a few words and the avoid-if that applies, then the
/// recommendation with its one-line reason. Lines stay within 72 columns so, inside the
/// note's border, an 80-column terminal does not wrap them.
pub(super) fn platform_options(plan: &Plan) -> String {
    let mut s = String::new();
    for o in &plan.options {
        let rec = if o.platform.id == plan.recommendation.platform_id {
            " (recommended)"
        } else {
            ""
        };
        let (low, high) = (usd(o.cost.range_low_usd), usd(o.cost.range_high_usd));
        let cost = if low == high {
            low
        } else {
            format!("{low}-{high}")
        };
        s.push_str(&format!(
            "{}: {}{rec} · {}\n",
            o.letter,
            o.platform.name,
            o.platform.philosophy.label(),
        ));
        s.push_str(&format!(
            "   {} confidence · {cost}/month · complexity {}\n",
            o.confidence.label(),
            o.platform.complexity.label().to_lowercase()
        ));
        if let Some(best) = o.platform.best_for.first() {
            s.push_str(&format!("   best for {}\n", short(best, 58)));
        }
        if let Some(avoid) = o.avoid_if_matched.first() {
            s.push_str(&format!("   ⚠ {}\n", short(avoid, 64)));
        }
    }
    let name = plan
        .options
        .iter()
        .find(|o| o.platform.id == plan.recommendation.platform_id)
        .map(|o| format!("{}: {}", o.letter, o.platform.name))
        .unwrap_or_else(|| plan.recommendation.platform_id.clone());
    let because = plan
        .recommendation
        .because
        .split(';')
        .next()
        .unwrap_or_default();
    s.push_str(&format!("Recommended {name}\n   {}", short(because, 64)));
    s
}

/// Step 6 and the summary: the secrets (one per line, with where each was found or why it
/// is implied), the settings the code reads that are not secret, and the CI secrets the
/// pipeline needs on the code host.
pub(super) fn secrets_and_settings(plan: &Plan) -> String {
    let mut s = String::from("Secrets (values set on the platform, never in these files):\n");
    if plan.secrets.secrets.is_empty() {
        s.push_str("  none\n");
    }
    for secret in &plan.secrets.secrets {
        s.push_str(&format!("  {:<24} {}\n", secret.name, secret.origin));
    }
    let settings: Vec<_> = plan.secrets.env_vars.iter().filter(|r| !r.secret).collect();
    if !settings.is_empty() {
        s.push_str("Settings (not secret; platform config):\n");
        for r in settings {
            s.push_str(&format!("  {:<24} {}\n", r.name, short(&r.production, 48)));
        }
    }
    if plan.ci.automated && !plan.ci.secrets.is_empty() {
        s.push_str(&format!(
            "CI secrets ({}): {}\n",
            plan.ci.provider_name,
            plan.ci.secrets.join(", ")
        ));
    }
    s.trim_end().to_string()
}
