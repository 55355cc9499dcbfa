//! The health endpoint deployplan writes when the app has none: one small source file for the
//! app's framework family (the plan's [`HealthEndpoint`]), answering the workflow's shape —
//! `{"status": "healthy", "database": "connected", "version": ..., "uptime": ...}` with 200, or
//! `{"status": "unhealthy", ...}` with 503. The app's own files are never edited: the line that
//! mounts it is an action for the person (generate summary, TDD checklist).
//!
//! Where the file goes and the line that mounts it are the plan's (core decides them from the
//! app's layout, and the TDD quotes them); each family here writes the text, behind
//! [`EndpointSource`] in the ordered [`REGISTRY`]. The route enters the code only as a string
//! literal of the file's language (JSON's is valid in JS, TS, Python, Ruby and Go).

mod django;
mod express;
mod fastapi;
mod fastify;
mod flask;
mod go;
mod hapi;
mod hono;
mod js;
mod koa;
mod laravel;
mod nest;
mod next;
mod nuxt;
mod phoenix;
mod python;
mod rack;
mod rails;
mod remix;
mod starlette;
mod svelte;
mod symfony;
#[cfg(test)]
mod tests;

use deployplan_core::plan::{EndpointFamily, HealthEndpoint, SourceLanguage};
use deployplan_core::{GeneratedFile, Plan};

use crate::{Artifact, ArtifactError};

pub struct HealthEndpointFile;

/// The commit variables the endpoints report as `version`, first set wins.
pub(crate) const VERSION_VARS: &[&str] = &[
    "APP_VERSION",
    "GIT_COMMIT_SHA",
    "RENDER_GIT_COMMIT",
    "RAILWAY_GIT_COMMIT_SHA",
    "HEROKU_SLUG_COMMIT",
];

/// What a source needs from the plan to write its file.
pub struct Context<'a> {
    pub family: EndpointFamily,
    pub language: SourceLanguage,
    /// The route as the file declares it (without the app's prefix).
    pub route: &'a str,
    /// The path the platform probes (with the app's prefix).
    pub path: &'a str,
    /// Whether the code pings the database itself (else the mount line passes the check).
    pub database: bool,
    /// The module the file defines, when the framework names it.
    pub module: Option<&'a str>,
    /// The app's own database module to ping.
    pub repo_module: Option<&'a str>,
    pub mount: &'a [String],
    pub mount_in: &'a str,
}

impl Context<'_> {
    /// A string as a JSON string literal (injection-safe in JS, TS, Python, Ruby and Go).
    pub fn literal(&self, s: &str) -> String {
        serde_json::to_string(s).unwrap_or_else(|_| "\"/health\"".into())
    }

    pub fn route_literal(&self) -> String {
        self.literal(self.route)
    }

    /// "Mount it in …:" and the lines, one per line (callers prefix their comment marker).
    pub fn mount_comment(&self) -> String {
        if self.mount.is_empty() {
            return format!("Nothing to mount: {}.", self.mount_in);
        }
        let mut out = format!("Mount it in {}:", self.mount_in);
        for line in self.mount {
            out.push_str("\n  ");
            out.push_str(line);
        }
        out
    }

    /// How the file-based route is served: the probe's path.
    pub fn served(&self) -> String {
        format!("GET {}", self.path)
    }
}

/// The text of an endpoint file for some families.
pub trait EndpointSource: Sync {
    /// The families whose file this source writes.
    fn families(&self) -> &'static [EndpointFamily];
    /// The file's text for `cx` (its family is one of [`EndpointSource::families`]).
    fn source(&self, cx: &Context) -> String;
}

/// Every source, in the order they are looked up.
pub static REGISTRY: &[&dyn EndpointSource] = &[
    &express::Express,
    &koa::Koa,
    &fastify::Fastify,
    &hono::Hono,
    &hapi::Hapi,
    &nest::Nest,
    &next::Next,
    &svelte::SvelteKit,
    &nuxt::Nuxt,
    &remix::Remix,
    &flask::Flask,
    &fastapi::FastApi,
    &starlette::Starlette,
    &django::Django,
    &rails::Rails,
    &rack::Rack,
    &laravel::Laravel,
    &symfony::Symfony,
    &go::Go,
    &phoenix::Phoenix,
];

/// The source that writes `family`'s file.
pub fn source_for(family: EndpointFamily) -> Option<&'static dyn EndpointSource> {
    REGISTRY
        .iter()
        .copied()
        .find(|s| s.families().contains(&family))
}

impl Artifact for HealthEndpointFile {
    /// The endpoint of a single app, or of each monorepo service that serves no health route.
    fn files(&self, plan: &Plan) -> Result<Vec<GeneratedFile>, ArtifactError> {
        let root = plan
            .health
            .as_ref()
            .filter(|_| plan.services.is_empty())
            .and_then(|h| Some((h.endpoint.as_ref()?, h.path.as_str())));
        let services = plan
            .services
            .iter()
            .filter(|_| plan.platform.id.deploys_each_service())
            .filter_map(|s| Some((s.health_endpoint.as_ref()?, s.health_path.as_deref()?)));
        root.into_iter()
            .chain(services)
            .filter_map(|(e, path)| endpoint_file(e, path).transpose())
            .collect()
    }
}

/// The file of endpoint `e` probed on `path`; none for a family that writes no file.
fn endpoint_file(e: &HealthEndpoint, path: &str) -> Result<Option<GeneratedFile>, ArtifactError> {
    let Some(file) = &e.file else {
        return Ok(None);
    };
    let (Some(source), Some(language)) = (source_for(e.family), e.language) else {
        return Err(ArtifactError::Unrepresentable {
            path: file.clone(),
            message: format!(
                "no {:?} health endpoint source in {:?}",
                e.family, e.language
            ),
        });
    };
    let cx = Context {
        family: e.family,
        language,
        route: &e.route,
        path,
        database: e.checks_database,
        module: e.module.as_deref(),
        repo_module: e.repo_module.as_deref(),
        mount: &e.mount,
        mount_in: &e.mount_in,
    };
    Ok(Some(GeneratedFile::new(
        file.clone(),
        source.source(&cx),
        description(e, path),
    )))
}

fn description(e: &HealthEndpoint, path: &str) -> String {
    if e.mount.is_empty() {
        format!(
            "{} health endpoint for `{path}` (new file; the file is the route)",
            e.framework
        )
    } else {
        format!(
            "{} health endpoint for `{path}` (new file; mount it: {})",
            e.framework,
            e.mount.join(" / ")
        )
    }
}
