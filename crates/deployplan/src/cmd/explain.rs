//! `deployplan explain <id>`: one platform in full, with the source of every fact.

use std::process::ExitCode;

use deployplan_core::Catalog;
use deployplan_core::answers::Choice;
use deployplan_core::catalog::Capability;
use deployplan_core::plan::cost::usd;

use crate::cli::ExplainArgs;
use crate::error::CliError;
use crate::output;

fn cap_line(name: &str, c: &Capability) -> String {
    format!(
        "  {name:<21} {:<8} {}\n  {:<21} source: {} (checked {})\n",
        c.value.label(),
        c.note,
        "",
        c.source,
        c.checked
    )
}

pub fn run(args: ExplainArgs) -> Result<ExitCode, CliError> {
    let catalog = Catalog::embedded()?;
    let Some(p) = catalog.platform(&args.platform) else {
        return Err(CliError::BadInput(format!(
            "unknown platform `{}`",
            args.platform
        )));
    };
    if args.json {
        output::json(p)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut s = format!("{} ({})\n{}\n\n", p.name, p.id, p.summary);
    s.push_str(&format!(
        "Philosophy: {} ({})\nComplexity: {} ({})\nFits: {} and up, traffic up to {}\nDeploy time: {}\nDocs: {}\n",
        p.philosophy.label(),
        p.philosophy.help(),
        p.complexity.label(),
        p.complexity.help(),
        p.min_expertise.label(),
        p.max_scale.label().to_lowercase(),
        p.deploy_time,
        p.docs_url
    ));
    if let Some(status) = &p.status {
        s.push_str(&format!("Status: {status}\n"));
    }
    s.push_str(&format!(
        "Config files: {}\n\nBest for: {}\n",
        p.config_files.join(", "),
        p.best_for.join("; ")
    ));
    for (title, list) in [("Pros", &p.pros), ("Cons", &p.cons)] {
        s.push_str(&format!("\n{title}:\n"));
        for x in list {
            s.push_str(&format!("  - {x}\n"));
        }
    }
    s.push_str("\nAvoid if:\n");
    for a in &p.avoid_if {
        s.push_str(&format!("  - {} [{}]\n", a.text, a.when.id()));
    }
    let c = &p.capabilities;
    s.push_str("\nCapabilities:\n");
    for (n, cap) in c.named() {
        s.push_str(&cap_line(&n.replace('_', " "), cap));
    }
    s.push_str(&format!(
        "  {:<21} {} {}\n  {:<21} source: {} (checked {})\n",
        "regions", c.regions.count, c.regions.note, "", c.regions.source, c.regions.checked
    ));
    s.push_str(&format!("\nPricing: {}\n", p.pricing.summary));
    for t in &p.pricing.tiers {
        s.push_str(&format!(
            "  {}: {}/month; {} (source: {}, checked {})\n",
            t.name,
            usd(t.monthly_usd),
            t.note,
            t.source,
            t.checked
        ));
    }
    let m = &p.pricing.model;
    s.push_str(&format!(
        "  cost model: base {}, instance {}, worker {}, database {}, redis {}; {} (source: {}, checked {})\n",
        usd(m.base_usd), usd(m.instance_usd), usd(m.worker_usd), usd(m.database_usd), usd(m.redis_usd), m.note, m.source, m.checked
    ));
    s.push_str(&format!(
        "\nDeploy (CI secrets: {}):\n",
        p.deploy.ci_secrets.join(", ")
    ));
    for x in &p.deploy.commands {
        s.push_str(&format!("  $ {x}\n"));
    }
    for x in &p.deploy.notes {
        s.push_str(&format!("  note: {x}\n"));
    }
    s.push_str(&format!(
        "  source: {} (checked {})\n\nRollback:\n",
        p.deploy.source, p.deploy.checked
    ));
    for x in &p.rollback.commands {
        s.push_str(&format!("  $ {x}\n"));
    }
    if !p.rollback.dashboard.is_empty() {
        s.push_str(&format!("  dashboard: {}\n", p.rollback.dashboard));
    }
    for x in &p.rollback.caveats {
        s.push_str(&format!("  trap: {x}\n"));
    }
    s.push_str(&format!(
        "  source: {} (checked {})\n",
        p.rollback.source, p.rollback.checked
    ));
    let h = &p.health_check;
    s.push_str(&format!(
        "\nHealth checks: configured in {}\n  defaults: {}\n",
        h.configured_in, h.defaults
    ));
    for x in &h.notes {
        s.push_str(&format!("  note: {x}\n"));
    }
    s.push_str(&format!("  source: {} (checked {})\n", h.source, h.checked));
    let mg = &p.migrations;
    s.push_str(&format!(
        "\nMigrations: {}\n  {}\n",
        mg.mechanism, mg.summary
    ));
    for x in &mg.caveats {
        s.push_str(&format!("  caveat: {x}\n"));
    }
    s.push_str(&format!(
        "  source: {} (checked {})\n",
        mg.source, mg.checked
    ));
    output::print(&s)?;
    Ok(ExitCode::SUCCESS)
}
