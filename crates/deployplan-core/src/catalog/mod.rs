//! The knowledge base: one data file per platform under `catalog/platforms/`, embedded at
//! build time and parsed on first use.

pub mod images;
pub mod model;
pub mod platform_id;

pub use model::*;
pub use platform_id::PlatformId;

use std::sync::OnceLock;

/// The embedded data files, in the order of [`PlatformId::all`]. Adding a platform is adding a
/// file, a line here and its [`PlatformId`]; [`Catalog::load`] refuses a list that differs
/// from the type, and a test checks that every file in the folder is listed.
pub const PLATFORM_FILES: &[(&str, &str)] = &[
    (
        "vercel",
        include_str!("../../../../catalog/platforms/vercel.toml"),
    ),
    (
        "netlify",
        include_str!("../../../../catalog/platforms/netlify.toml"),
    ),
    (
        "cloudflare",
        include_str!("../../../../catalog/platforms/cloudflare.toml"),
    ),
    (
        "render",
        include_str!("../../../../catalog/platforms/render.toml"),
    ),
    (
        "railway",
        include_str!("../../../../catalog/platforms/railway.toml"),
    ),
    (
        "heroku",
        include_str!("../../../../catalog/platforms/heroku.toml"),
    ),
    (
        "digitalocean",
        include_str!("../../../../catalog/platforms/digitalocean.toml"),
    ),
    (
        "fly",
        include_str!("../../../../catalog/platforms/fly.toml"),
    ),
    (
        "cloud-run",
        include_str!("../../../../catalog/platforms/cloud-run.toml"),
    ),
    (
        "azure-container-apps",
        include_str!("../../../../catalog/platforms/azure-container-apps.toml"),
    ),
    (
        "aws-ecs",
        include_str!("../../../../catalog/platforms/aws-ecs.toml"),
    ),
    (
        "kubernetes",
        include_str!("../../../../catalog/platforms/kubernetes.toml"),
    ),
    (
        "kamal",
        include_str!("../../../../catalog/platforms/kamal.toml"),
    ),
];

const MIGRATION_TOOLS: &str = include_str!("../../../../catalog/migration-tools.toml");
const EXTERNAL_SERVICES: &str = include_str!("../../../../catalog/services.toml");

/// A catalog data file that does not match the model.
#[derive(Debug, thiserror::Error)]
#[error("catalog/{file}: {message}")]
pub struct CatalogError {
    pub file: String,
    pub message: String,
}

#[derive(Debug, Clone)]
pub struct Catalog {
    pub platforms: Vec<Platform>,
    pub migration_tools: Vec<MigrationToolInfo>,
    pub services: Vec<ExternalService>,
}

impl Catalog {
    /// Parses the embedded files. Fails only if the shipped data is broken, which the test
    /// suite rules out; callers still get an error, not a panic.
    pub fn load() -> Result<Catalog, CatalogError> {
        let files: Vec<&str> = PLATFORM_FILES.iter().map(|(id, _)| *id).collect();
        let known: Vec<&str> = PlatformId::all().iter().map(|p| p.as_str()).collect();
        if files != known {
            return Err(CatalogError {
                file: "platforms/".into(),
                message: format!(
                    "the platform files {files:?} are not the known platforms {known:?} in their order"
                ),
            });
        }
        let mut platforms = Vec::with_capacity(PLATFORM_FILES.len());
        for (id, text) in PLATFORM_FILES {
            let file = format!("platforms/{id}.toml");
            let platform: Platform = toml::from_str(text).map_err(|e| CatalogError {
                file: file.clone(),
                message: e.to_string(),
            })?;
            if platform.id != *id {
                return Err(CatalogError {
                    file,
                    message: format!("id `{}` does not match the file name", platform.id),
                });
            }
            platforms.push(platform);
        }
        let migration_tools = toml::from_str::<MigrationTools>(MIGRATION_TOOLS)
            .map_err(|e| CatalogError {
                file: "migration-tools.toml".into(),
                message: e.to_string(),
            })?
            .tool;
        let services = toml::from_str::<ExternalServices>(EXTERNAL_SERVICES)
            .map_err(|e| CatalogError {
                file: "services.toml".into(),
                message: e.to_string(),
            })?
            .service;
        Ok(Catalog {
            platforms,
            migration_tools,
            services,
        })
    }

    /// The embedded catalog, parsed once per process.
    pub fn embedded() -> Result<&'static Catalog, CatalogError> {
        static CATALOG: OnceLock<Result<Catalog, String>> = OnceLock::new();
        CATALOG
            .get_or_init(|| Catalog::load().map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|message| CatalogError {
                file: "(embedded)".into(),
                message: message.clone(),
            })
    }

    pub fn platform(&self, id: &str) -> Option<&Platform> {
        self.platforms.iter().find(|p| p.id == id)
    }

    pub fn ids(&self) -> Vec<&str> {
        self.platforms.iter().map(|p| p.id.as_str()).collect()
    }

    pub fn migration_tool(&self, id: &str) -> Option<&MigrationToolInfo> {
        self.migration_tools.iter().find(|t| t.id == id)
    }

    pub fn service(&self, id: &str) -> Option<&ExternalService> {
        self.services.iter().find(|s| s.id == id)
    }
}
