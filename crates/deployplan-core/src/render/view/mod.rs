//! The document's view of a plan: every value the template prints, already worded, so the
//! template only lays it out. Typed: each section family has its module and its structs, and
//! they serialize to the keys `templates/DEPLOYMENT_TDD.md.j2` reads.

mod architecture;
mod costs;
mod decision;
mod operations;
mod pipeline;

use serde::Serialize;

use super::PipelineInputs;
use super::commands::{self, CommandBlock};
use super::ecs::{self, EcsView};
use super::provenance_view::{self, AssumptionsView};
use crate::file::GeneratedFile;
use crate::plan::{Plan, Risk};

/// The whole document's context.
#[derive(Serialize)]
pub struct TddView<'a> {
    pub project: &'a str,
    pub date: &'a str,
    pub author: &'a str,
    pub version: &'a str,
    pub platform: decision::PlatformView<'a>,
    pub overridden: bool,
    pub key: decision::KeyDecisions<'a>,
    pub warnings: Vec<&'a str>,
    pub facts: Vec<String>,
    pub reasons: &'a [String],
    pub answered: decision::Answered,
    pub options: Vec<decision::OptionView<'a>>,
    pub recommendation: decision::RecommendationView<'a>,
    pub alternatives: Vec<decision::Alternative<'a>>,
    pub frameworks: String,
    pub diagram: architecture::Diagram,
    pub components: Vec<architecture::Component>,
    pub services: Vec<architecture::ServiceView>,
    pub ci: pipeline::CiView<'a>,
    pub environments: Vec<pipeline::EnvironmentView<'a>>,
    pub env_rows: Vec<pipeline::EnvRow<'a>>,
    pub database: Option<operations::DatabaseView<'a>>,
    /// The cache, also when there is no database.
    pub cache: Option<String>,
    pub secrets: operations::SecretsView<'a>,
    pub rollback: operations::RollbackView<'a>,
    pub health: Option<operations::HealthView<'a>>,
    pub health_path: Option<&'a str>,
    pub port_check: Option<operations::PortCheckView<'a>>,
    pub cost: costs::CostsView<'a>,
    pub ecs: Option<EcsView>,
    pub setup: Option<CommandBlock>,
    pub checklist: costs::Checklist,
    pub risks: &'a [Risk],
    pub future: costs::Future,
    pub artifacts: Vec<ArtifactRow<'a>>,
    pub sources: Vec<costs::SourceView<'a>>,
    pub assumptions: AssumptionsView,
    pub first_env: String,
}

/// One generated file, listed in the Artifacts table.
#[derive(Serialize)]
pub struct ArtifactRow<'a> {
    pub path: &'a str,
    pub description: &'a str,
}

/// `staging` → `Staging`.
fn title(name: &str) -> String {
    let mut c = name.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Everything the template prints. `health` is borrowed from `probed`, which the caller keeps.
pub fn build<'a>(
    plan: &'a Plan,
    probed: &'a operations::Probed,
    artifacts: &'a [GeneratedFile],
    inputs: &PipelineInputs,
    version: &'a str,
) -> TddView<'a> {
    let a = &plan.answers;
    let (health, port_check) = (probed.0.as_ref(), probed.1.as_ref());
    let health_path = health.map(|h| h.path.as_str());
    // A cache without a database is still provisioned.
    let cache = plan
        .database
        .as_ref()
        .and_then(|d| d.cache.clone())
        .or_else(|| crate::plan::design::cache_name(a, &plan.platform));
    let ecs = ecs::view(plan);
    let parameters = ecs.as_ref().map_or(&[][..], |e| e.parameters.as_slice());
    let mut health_lines = vec![operations::health_checklist(plan, health)];
    health_lines.extend(operations::service_endpoint_checklist(plan));
    let checklist = costs::checklist(plan, health_lines, health_path, parameters);
    let setup = ecs::setup(plan);
    TddView {
        project: &a.project.name,
        date: &a.project.date,
        author: &a.project.author,
        version,
        platform: decision::platform(plan),
        overridden: plan.overridden,
        key: decision::key_decisions(plan),
        warnings: plan.warnings.iter().map(|w| w.message.as_str()).collect(),
        facts: decision::facts(plan),
        reasons: &plan.reasons,
        answered: decision::answered(plan),
        options: plan.options.iter().map(decision::option).collect(),
        recommendation: decision::recommendation(plan),
        alternatives: decision::alternatives(plan),
        frameworks: plan.runtime.frameworks.join(", "),
        diagram: architecture::diagram(plan),
        components: architecture::components(plan, cache.as_deref()),
        services: architecture::services(plan),
        ci: pipeline::ci(plan, inputs, health_path),
        environments: pipeline::environments(plan),
        env_rows: pipeline::env_rows(plan),
        database: operations::database(plan),
        cache,
        secrets: operations::secrets(plan),
        rollback: operations::rollback(plan),
        health: health.map(|h| operations::health(plan, h)),
        health_path,
        port_check: port_check.map(|c| operations::port_check(plan, c)),
        cost: costs::costs(plan),
        ecs,
        setup: (!setup.is_empty()).then(|| commands::block(&setup)),
        checklist,
        risks: &plan.risks,
        future: costs::future(plan),
        artifacts: artifacts
            .iter()
            .map(|f| ArtifactRow {
                path: &f.path,
                description: &f.description,
            })
            .collect(),
        sources: costs::sources(plan),
        assumptions: provenance_view::view(plan),
        first_env: pipeline::first_env(plan),
    }
}

pub use operations::probed_health;
