//! `build`: the pure function from (Answers, Facts, Catalog) to a Plan.

use super::health::HealthSource;
use super::model::*;
use super::needs::Needs;
use super::{advice, design, health, recommend, runtime};
use crate::answers::{Answers, RECOMMENDED};
use crate::catalog::{Catalog, PlatformId};
use crate::facts::Facts;
use crate::provenance::{PlanValue, Provenance, Source};

#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error("unknown platform `{id}`; valid values: {RECOMMENDED}, {valid}")]
    UnknownPlatform { id: String, valid: String },
    #[error("no platform can be offered for these answers")]
    NoOptions,
}

pub fn build(answers: &Answers, facts: &Facts, catalog: &Catalog) -> Result<Plan, PlanError> {
    let needs = Needs::of(answers, facts);
    let ranked = recommend::rank(answers, &needs, catalog);
    let chosen3 = recommend::choose_three(answers, &ranked);
    if chosen3.is_empty() {
        return Err(PlanError::NoOptions);
    }
    let options = recommend::to_options(&chosen3, answers, &needs);
    let recommendation = recommend::recommendation(&options, answers, &needs, catalog);

    let wanted = answers.platform.id.as_str();
    let platform_id = if wanted == RECOMMENDED {
        recommendation.platform_id.as_str()
    } else {
        wanted
    };
    let chosen = catalog
        .platform(platform_id)
        .ok_or_else(|| PlanError::UnknownPlatform {
            id: platform_id.to_string(),
            valid: catalog.ids().join(", "),
        })?;
    let platform = chosen.clone();
    let overridden = platform.id != recommendation.platform_id;
    // The chosen platform's own scoring, even when it is not among the three options.
    let chosen_option = match options.iter().find(|o| o.platform.id == platform.id) {
        Some(o) => o.clone(),
        None => {
            let scored = recommend::score(chosen, answers, &needs, catalog);
            recommend::to_options(&[scored], answers, &needs)
                .pop()
                .ok_or(PlanError::NoOptions)?
        }
    };

    let mut runtime = runtime::runtime(answers, facts, &needs, platform.id == PlatformId::Heroku);
    let mut database = design::database(answers, &platform, catalog, facts, &runtime);
    super::sqlite::migrate_at_start(&mut runtime, database.as_mut());
    let services = super::services::services(
        answers,
        facts,
        platform.id == PlatformId::Heroku,
        database.is_some(),
    );
    // The repository's scheduled jobs run beside a single app's web process (a monorepo's
    // services and a frontend-only site have none of their own here).
    let (crons, schedule_warnings) =
        if services.is_empty() && runtime.processes.iter().any(|p| p.kind == ProcessKind::Web) {
            super::schedules::crons(facts, &platform)
        } else {
            (Vec::new(), Vec::new())
        };
    runtime.processes.extend(crons);
    let environments = design::environments(answers, &platform);
    let ci = design::ci(answers, facts, &platform, &environments, &runtime);
    let (worker_settings, worker_warnings) =
        super::sqlite::workers(&mut runtime, database.as_ref(), facts);
    let secrets = super::secrets::secrets(answers, facts, database.as_ref(), &worker_settings);
    let (health, port_check) = health::health(answers, facts, &platform, database.as_ref());
    let rollback = design::rollback(&platform, database.as_ref());
    let cost = chosen_option.cost.clone();
    let risks = advice::risks(answers, facts, &platform, database.as_ref(), &cost);
    let mut warnings = advice::warnings(answers, facts, &platform, Some(&chosen_option), &runtime);
    warnings.extend(advice::existing_pipelines(facts, &ci));
    warnings.extend(advice::unfetched_submodules(&ci));
    warnings.extend(advice::legacy_openssl_build(facts, &runtime));
    warnings.extend(advice::unfit_dockerfiles(facts));
    warnings.extend(advice::sqlite_volume(database.as_ref()));
    warnings.extend(worker_warnings);
    warnings.extend(schedule_warnings);
    let mut reasons = chosen_option.reasons.clone();
    if overridden {
        reasons.insert(
            0,
            format!(
                "you chose {} over the recommendation ({})",
                platform.name, recommendation.platform_id
            ),
        );
    }
    let alternatives = options
        .iter()
        .filter(|o| o.platform.id != platform.id)
        .map(|o| (o.platform.name.clone(), why_not(o, &chosen_option)))
        .collect();
    let mut provenance = provenance_of(&runtime, database.as_ref(), health.as_ref());
    // A monorepo's files run each service's own values: they are listed by service, in place
    // of the root's start command and port, which no file runs.
    if !services.is_empty() {
        provenance.retain(|p| {
            !matches!(
                p.value,
                PlanValue::StartCommand | PlanValue::WorkerCommand | PlanValue::Port
            )
        });
    }
    for s in &services {
        provenance.extend(s.runtime.sources.iter().cloned());
    }
    // App Platform's spec names the repository it builds from (the others deploy what the
    // pipeline pushes).
    if platform.id == PlatformId::DigitalOcean
        && let Some(r) = &facts.code_host
    {
        provenance.push(Provenance::new(
            PlanValue::SourceRepository,
            &r.slug,
            Source::Repository {
                evidence: r.evidence.clone(),
            },
        ));
    }
    Ok(Plan {
        provenance,
        answers: answers.clone(),
        facts: facts.clone(),
        philosophy: platform.philosophy,
        complexity: platform.complexity,
        options,
        recommendation,
        platform,
        overridden,
        runtime,
        services,
        ci,
        environments,
        database,
        secrets,
        health,
        port_check,
        rollback,
        cost,
        risks,
        warnings,
        reasons,
        alternatives,
    })
}

/// Every value that reaches a file, with its source, in the order the TDD lists them.
fn provenance_of(
    runtime: &Runtime,
    database: Option<&DatabasePlan>,
    health: Option<&HealthPlan>,
) -> Vec<Provenance> {
    let mut out = runtime.sources.clone();
    if let Some(h) = health {
        let source = match &h.source {
            HealthSource::Answered => Source::Person,
            HealthSource::Repository { evidence, .. } => Source::Repository {
                evidence: evidence.clone(),
            },
            HealthSource::Generated => Source::Generated {
                what: "the endpoint (see section 8)".into(),
            },
            HealthSource::Convention { why } => Source::convention(why.clone()),
        };
        out.push(Provenance::new(PlanValue::HealthPath, &h.path, source));
    }
    if let Some(db) = database {
        if let (Some(name), Some(source)) = (&db.tool_name, &db.tool_source) {
            out.push(Provenance::new(
                PlanValue::MigrationTool,
                name,
                source.clone(),
            ));
        }
        if let (Some(cmd), Some(source)) = (&db.migrate_command, &db.migrate_source) {
            out.push(Provenance::new(
                PlanValue::MigrationCommand,
                cmd,
                source.clone(),
            ));
        }
    }
    out
}

/// Why an option was not chosen, in one sentence.
fn why_not(o: &PlatformOption, chosen: &PlatformOption) -> String {
    if let Some(b) = o.blockers.first() {
        return recommend::lower_first(b);
    }
    if let Some(a) = o.avoid_if_matched.first()
        && o.score <= chosen.score
    {
        return format!("avoid if {}", recommend::lower_first(a));
    }
    if o.score > chosen.score {
        return format!(
            "fits these answers better (score {} vs {}, confidence {}); set aside because you chose {}",
            o.score,
            chosen.score,
            o.confidence.label(),
            chosen.platform.name
        );
    }
    let cheaper = o.cost.range_low_usd < chosen.cost.range_low_usd;
    let mut why = format!(
        "scored lower for these answers ({} vs {}, confidence {})",
        o.score,
        chosen.score,
        o.confidence.label()
    );
    if cheaper {
        why.push_str(&format!(
            "; cheaper at about {}/month, the option if cost matters more than fit",
            super::cost::usd(o.cost.range_low_usd)
        ));
    } else if let Some(con) = o.platform.cons.first() {
        why.push_str(&format!("; {}", recommend::lower_first(con)));
    }
    why
}
