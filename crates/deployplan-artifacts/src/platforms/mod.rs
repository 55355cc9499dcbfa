//! One module per platform of the catalog: its config files and how CI deploys to it.

use deployplan_core::catalog::PlatformId;
use deployplan_core::{GeneratedFile, Plan};

use crate::app::App;
use crate::deploy::{Deploy, Migrations};
use crate::{Artifact, ArtifactError};

#[path = "aws-ecs.rs"]
pub mod aws_ecs;
pub mod aws_stack;
#[path = "azure-container-apps/mod.rs"]
pub mod azure_container_apps;
#[path = "cloud-run/mod.rs"]
pub mod cloud_run;
pub mod cloudflare;
pub mod digitalocean;
pub mod fly;
pub mod heroku;
mod k8s_model;
pub mod kamal;
pub mod kubernetes;
pub mod netlify;
pub mod railway;
pub mod render;
pub mod vercel;

/// A deployment platform: the files that configure it and the CI steps that deploy to it.
pub trait Target: Artifact + Sync {
    /// The catalog platform this module deploys to.
    fn id(&self) -> PlatformId;
    /// The platform's own config files.
    fn config(&self, app: &App) -> Result<Vec<GeneratedFile>, ArtifactError>;
    /// How a pipeline deploys to `environment` (`dev`, `staging`, `production`).
    fn deploy(&self, app: &App, environment: &str) -> Deploy;
    /// A preview deployment per pull request run by the pipeline; `None` when the platform
    /// makes previews itself (Render, Heroku review apps) or has none.
    fn preview(&self, _app: &App) -> Option<Deploy> {
        None
    }
    /// Whether the platform runs a container image built from a Dockerfile.
    fn needs_image(&self, app: &App) -> bool;
    /// Whether the platform's files deploy every service of a monorepo on its own: the
    /// platform's [`PlatformId::deploys_each_service`], which the TDD reads too.
    fn services_deployed(&self) -> bool {
        self.id().deploys_each_service()
    }
}

/// The platform's config files are its artifact.
macro_rules! artifact {
    ($($t:path),+ $(,)?) => {$(
        impl Artifact for $t {
            fn files(&self, plan: &Plan) -> Result<Vec<GeneratedFile>, ArtifactError> {
                self.config(&App::new(plan))
            }
        }
    )+};
}

artifact!(
    vercel::Vercel,
    netlify::Netlify,
    cloudflare::Cloudflare,
    render::Render,
    railway::Railway,
    heroku::Heroku,
    digitalocean::DigitalOcean,
    fly::Fly,
    cloud_run::CloudRun,
    azure_container_apps::AzureContainerApps,
    aws_ecs::AwsEcs,
    kubernetes::Kubernetes,
    kamal::Kamal,
);

/// The platform registry: every platform module, in the catalog's order. Every list of
/// platforms (the tests' matrix, the snapshots, the validators) is derived from it, and a test
/// checks it against [`PlatformId::all`] and the catalog's files, so a platform cannot be
/// added or removed in one place only.
pub const ALL: &[&dyn Target] = &[
    &vercel::Vercel,
    &netlify::Netlify,
    &cloudflare::Cloudflare,
    &render::Render,
    &railway::Railway,
    &heroku::Heroku,
    &digitalocean::DigitalOcean,
    &fly::Fly,
    &cloud_run::CloudRun,
    &azure_container_apps::AzureContainerApps,
    &aws_ecs::AwsEcs,
    &kubernetes::Kubernetes,
    &kamal::Kamal,
];

/// The module of the platform with catalog id `id`.
pub fn target(id: &str) -> Option<&'static dyn Target> {
    ALL.iter().copied().find(|t| t.id() == id)
}

/// The catalog ids of the registry, in its order.
pub fn ids() -> Vec<&'static str> {
    ALL.iter().map(|t| t.id().as_str()).collect()
}

/// `hook` when the plan auto-migrates, else none.
pub fn migrations(app: &App, hook: Migrations) -> Migrations {
    if app.auto_migrate().is_some() {
        hook
    } else {
        Migrations::None
    }
}

/// The standard description suffix for a config file of `platform`.
pub fn file(path: &str, contents: String, description: impl Into<String>) -> GeneratedFile {
    GeneratedFile::new(path, contents, description)
}
