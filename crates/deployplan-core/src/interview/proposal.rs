//! The fast path of `deployplan init`: right after the scan, one block with what the
//! repository shows (with evidence) and the design deployplan proposes from it, so a person
//! who agrees writes it without answering the questions.

use crate::facts::{Evidence, Facts};
use crate::plan::Plan;

fn first(evidence: &[Evidence]) -> String {
    match evidence.first() {
        Some(e) => format!(" ({e})"),
        None => String::new(),
    }
}

/// What the scan found, one line each with where.
fn found(facts: &Facts) -> Vec<String> {
    let mut lines = Vec::new();
    for f in facts.frameworks.iter().take(3) {
        lines.push(format!("framework {}{}", f.name, first(&f.evidence)));
    }
    if let Some(d) = &facts.dockerfile {
        lines.push(format!("Dockerfile{}", first(&d.evidence)));
    }
    for d in &facts.databases {
        lines.push(format!("database {}{}", d.name, first(&d.evidence)));
    }
    if let Some(p) = &facts.port {
        lines.push(format!("port {}{}", p.value, first(&p.evidence)));
    }
    if let Some(h) = facts.health_routes.first() {
        lines.push(format!("health route {}{}", h.path, first(&h.evidence)));
    }
    for c in &facts.ci {
        lines.push(format!("CI {}{}", c.name, first(&c.evidence)));
    }
    if !facts.workers.is_empty() {
        let w = &facts.workers[0];
        lines.push(format!(
            "background worker {}{}",
            w.name,
            first(&w.evidence)
        ));
    }
    if !facts.env_vars.is_empty() {
        lines.push(format!(
            "{} environment variable(s) read",
            facts.env_vars.len()
        ));
    }
    lines
}

/// The block shown before the first question. `would_change` lists the existing files that
/// writing this design would change.
pub fn proposal(plan: &Plan, would_change: &[String]) -> String {
    let mut s = String::from("Found in the repository:\n");
    let found = found(&plan.facts);
    if found.is_empty() {
        s.push_str("  nothing about the app (the design below rests on defaults)\n");
    }
    for line in found {
        s.push_str(&format!("  - {line}\n"));
    }
    let rec = plan
        .options
        .iter()
        .find(|o| o.platform.id == plan.platform.id)
        .map(|o| format!(", {} confidence", o.confidence.label().to_lowercase()))
        .unwrap_or_default();
    let ci = if plan.ci.automated {
        format!("{}, deploys from {}", plan.ci.provider_name, plan.ci.branch)
    } else {
        "none (manual deploys)".to_string()
    };
    let database = match &plan.database {
        Some(d) => format!("{} on {}", d.engine_name, d.hosting_name),
        None => "none".to_string(),
    };
    let secrets = &plan.secrets.secrets;
    let secret_names = if secrets.is_empty() {
        String::new()
    } else {
        let names: Vec<&str> = secrets.iter().map(|s| s.name.as_str()).collect();
        format!(": {}", names.join(", "))
    };
    let health = match &plan.health {
        Some(h) if h.endpoint.is_some() => {
            format!("{} (endpoint generated for you to mount)", h.path)
        }
        Some(h) => h.path.clone(),
        None => "none".to_string(),
    };
    s.push_str("\nProposed design:\n");
    s.push_str(&format!("  Platform      {}{rec}\n", plan.platform.name));
    s.push_str(&format!("  CI/CD         {ci}\n"));
    s.push_str(&format!(
        "  Environments  {}\n",
        plan.environment_names().join(", ")
    ));
    s.push_str(&format!("  Database      {database}\n"));
    s.push_str(&format!(
        "  Secrets       {}{secret_names}\n",
        secrets.len()
    ));
    s.push_str(&format!("  Health check  {health}\n"));
    if !would_change.is_empty() {
        s.push_str("\nExisting files this would change (you choose per file before anything is written):\n");
        for p in would_change {
            s.push_str(&format!("  {p}\n"));
        }
    }
    s.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::{Defaults, PartialAnswers, resolve};
    use crate::catalog::Catalog;
    use crate::facts::Detected;

    fn plan(facts: &Facts) -> Plan {
        let catalog = Catalog::embedded().unwrap();
        let defaults = Defaults {
            today: "2026-12-01".into(),
            project_name: "shop".into(),
            author: "me".into(),
        };
        let answers =
            resolve::resolve(&PartialAnswers::default(), facts, catalog, &defaults).unwrap();
        crate::plan::build(&answers, facts, catalog).unwrap()
    }

    #[test]
    fn the_block_quotes_the_evidence_and_the_design() {
        let facts = Facts {
            databases: vec![Detected {
                name: "postgres".into(),
                evidence: vec![Evidence {
                    path: "package.json".into(),
                    line: Some(12),
                    rule: "pg".into(),
                }],
            }],
            ..Facts::default()
        };
        let p = plan(&facts);
        let text = proposal(&p, &["Dockerfile".to_string()]);
        assert!(
            text.contains("database postgres (package.json:12)"),
            "{text}"
        );
        assert!(
            text.contains(&format!("Platform      {}", p.platform.name)),
            "{text}"
        );
        assert!(text.contains("Database      PostgreSQL"), "{text}");
        // DATABASE_URL is implied by the database.
        assert!(text.contains("DATABASE_URL"), "{text}");
        assert!(text.contains("Existing files this would change"), "{text}");
        assert!(text.contains("  Dockerfile"), "{text}");
    }

    #[test]
    fn an_empty_scan_says_so_and_lists_no_files() {
        let text = proposal(&plan(&Facts::default()), &[]);
        assert!(text.contains("nothing about the app"), "{text}");
        assert!(!text.contains("Existing files"), "{text}");
    }
}
