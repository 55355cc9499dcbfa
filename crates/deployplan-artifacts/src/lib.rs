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
use deployplan_core::{GeneratedFile, Plan};

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
            if target.services_deployed() {
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
    // The app has no health route: the endpoint file the probe's path needs.
    if plan.services.is_empty()
        && plan
            .health
            .as_ref()
            .and_then(|h| h.endpoint.as_ref())
            .is_some_and(|e| e.file.is_some())
    {
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

/// What a plan's pipeline reads from the CI host, for the design document: secret names and
/// non-secret settings (variables). Empty when there is no pipeline (manual or other CI).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CiInputs {
    pub secrets: Vec<String>,
    pub settings: Vec<String>,
}

pub fn ci_inputs(plan: &Plan) -> CiInputs {
    if matches!(plan.ci.provider, CiProvider::Other | CiProvider::Manual) {
        return CiInputs::default();
    }
    let Some(target) = platforms::target(&plan.platform.id) else {
        return CiInputs::default();
    };
    let deploy = target.deploy(&app::App::new(plan), "production");
    let ci_secrets: std::collections::HashSet<&str> =
        plan.ci.secrets.iter().map(String::as_str).collect();
    CiInputs {
        secrets: deploy.secrets,
        settings: deploy
            .settings
            .into_iter()
            .filter(|s| !ci_secrets.contains(s.as_str()))
            .collect(),
    }
}
