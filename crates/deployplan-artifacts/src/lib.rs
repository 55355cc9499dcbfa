//! deployplan's artifact generator: from a [`Plan`] to the files that make it real — the CI
//! pipeline, the platform's config, a Dockerfile when one is needed, `.env.example`, and a
//! health endpoint when the app has none.
//!
//! Each artifact kind is one module behind [`Artifact`]. Every YAML, TOML and JSON file is
//! written by a serializer from typed structs and parsed back before it is returned; values
//! from the answers or the repository never become structure.

pub mod app;
pub mod ci;
pub mod deploy;
pub mod dockerfile;
pub mod env_example;
mod error;
mod format;
pub mod health_endpoint;
pub mod names;
pub mod platforms;
pub mod stack;

pub use error::ArtifactError;

use deployplan_core::answers::CiProvider;
use deployplan_core::answers::reserved::{self, ci_secret_name};
use deployplan_core::plan::PlanError;
use deployplan_core::{Answers, Catalog, Facts, GeneratedFile, Plan};

/// One kind of generated file (a pipeline, a platform config, a Dockerfile, ...).
pub trait Artifact {
    fn files(&self, plan: &Plan) -> Result<Vec<GeneratedFile>, ArtifactError>;
}

/// The artifacts that apply to `plan`: its platform, its CI host, a Dockerfile when the
/// platform runs an image and the repository has none, and `.env.example`.
pub fn artifacts(plan: &Plan) -> Vec<&'static dyn Artifact> {
    let mut out: Vec<&'static dyn Artifact> = Vec::new();
    if let Some(target) = platforms::target(&plan.platform.id) {
        out.push(target);
        if !plan.services.is_empty() {
            // A monorepo: an image per service that runs one and has no Dockerfile.
            // ECS runs one of them (see aws_ecs::deployed_service), from its own image.
            if target.services_deployed()
                || (plan.platform.id == deployplan_core::catalog::PlatformId::AwsEcs
                    && platforms::aws_ecs::deployed_service(&app::App::new(plan)).is_some())
            {
                out.push(&dockerfile::ServiceDockerfiles);
            }
        } else if plan.runtime.dockerfile.is_none() && target.needs_image(&app::App::new(plan)) {
            out.push(&dockerfile::Dockerfile);
        }
    }
    match plan.ci.provider {
        CiProvider::Github => out.push(&ci::github::GithubActions),
        CiProvider::Gitlab => out.push(&ci::gitlab::GitlabCi),
        CiProvider::Bitbucket => out.push(&ci::bitbucket::BitbucketPipelines),
        // Manual and other CI: the TDD documents the steps; no pipeline file.
        CiProvider::Other | CiProvider::Manual => {}
    }
    out.push(&env_example::EnvExample);
    // The app (or a monorepo service) has no health route: the endpoint file the probe's
    // path needs.
    let root_endpoint = plan.services.is_empty()
        && plan
            .health
            .as_ref()
            .and_then(|h| h.endpoint.as_ref())
            .is_some_and(|e| e.file.is_some());
    // Only where the files probe each service on its own.
    let service_endpoint = plan.platform.id.deploys_each_service()
        && plan
            .services
            .iter()
            .any(|s| s.health_endpoint.as_ref().is_some_and(|e| e.file.is_some()));
    if root_endpoint || service_endpoint {
        out.push(&health_endpoint::HealthEndpointFile);
    }
    out
}

/// Every artifact of the plan, sorted by path. Deterministic: the same plan gives the same
/// bytes.
pub fn render(plan: &Plan) -> Result<Vec<GeneratedFile>, ArtifactError> {
    let mut files = Vec::new();
    for artifact in artifacts(plan) {
        files.extend(artifact.files(plan)?);
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    if let Some(w) = files.windows(2).find(|w| w[0].path == w[1].path) {
        return Err(ArtifactError::DuplicatePath(w[0].path.clone()));
    }
    Ok(files)
}

/// What a plan's pipeline reads from the CI host: the names of its secrets (as the host stores
/// them) and of its non-secret settings (variables). Empty when there is no pipeline (manual
/// or other CI).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CiInputs {
    pub secrets: Vec<String>,
    pub settings: Vec<String>,
}

/// The inputs of every deploy job of the plan's pipeline, in stage order: each job's secrets,
/// the database URL when the pipeline runs the migrations itself, then the settings that are
/// not also secrets. This is the one place they are decided; [`complete`] puts them in the plan,
/// the pipelines read the same deploy jobs, and a test parses every pipeline against it.
pub fn ci_inputs(plan: &Plan) -> CiInputs {
    if matches!(plan.ci.provider, CiProvider::Other | CiProvider::Manual) {
        return CiInputs::default();
    }
    let Some(target) = platforms::target(&plan.platform.id) else {
        return CiInputs::default();
    };
    let app = app::App::new(plan);
    let stages = ci::stages(&app, target);
    let provider = plan.ci.provider.to_string();
    // GitHub passes only names that are not the runner's or the shell's own (GITHUB_TOKEN,
    // BASH_ENV, ...); GitLab and Bitbucket pass every environment name.
    let passed = |name: &str| {
        names::is_env_name(name)
            && (plan.ci.provider != CiProvider::Github || !reserved::is_reserved(name))
    };
    let mut secrets: Vec<String> = Vec::new();
    let add = |list: &mut Vec<String>, name: &str| {
        let stored = ci_secret_name(&provider, name).into_owned();
        if !list.contains(&stored) {
            list.push(stored);
        }
    };
    for stage in &stages {
        for name in stage.deploy.secrets.iter().filter(|n| passed(n)) {
            add(&mut secrets, name);
        }
    }
    let pipeline_migrates = stages
        .iter()
        .any(|s| s.deploy.migrations == deploy::Migrations::PipelineStep)
        && app.auto_migrate().is_some();
    if pipeline_migrates {
        // The variable the app's own code reads for its database (e.g. DB_URL).
        add(&mut secrets, ci::github::migrate_url_env(&app));
    }
    // Bitbucket pushes images to a registry of the person's choosing, logged in to with these.
    let bitbucket_pushes =
        plan.ci.provider == CiProvider::Bitbucket && stages.iter().any(|s| s.deploy.push_image);
    let mut settings: Vec<String> = Vec::new();
    if bitbucket_pushes {
        for name in ci::bitbucket::REGISTRY_SECRETS {
            add(&mut secrets, name);
        }
        for name in ci::bitbucket::REGISTRY_SETTINGS {
            add(&mut settings, name);
        }
    }
    for stage in &stages {
        for name in stage.deploy.settings.iter().filter(|n| passed(n)) {
            if !secrets.iter().any(|s| s == name) {
                add(&mut settings, name);
            }
        }
    }
    CiInputs { secrets, settings }
}

/// Puts the pipeline's secrets in the plan (`plan.ci.secrets`), which the document, the next
/// steps, `check` and `generate --json` read: they list what the pipeline really references.
pub fn complete(plan: &mut Plan) {
    plan.ci.secrets = ci_inputs(plan).secrets;
}

/// The plan the files are made from: core's plan, completed with its pipeline's inputs.
pub fn plan(answers: &Answers, facts: &Facts, catalog: &Catalog) -> Result<Plan, PlanError> {
    let mut plan = deployplan_core::plan::build(answers, facts, catalog)?;
    complete(&mut plan);
    Ok(plan)
}
