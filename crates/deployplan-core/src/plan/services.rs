//! A monorepo deploys every service it holds: each deployable service of the scan gets its
//! own runtime (install, build, start, port, health path), planned from its own facts through
//! the same [`runtime`](super::runtime::runtime) logic as a single app.

use serde::Serialize;

use super::model::Runtime;
use super::needs::Needs;
use super::runtime;
use crate::answers::{Answers, AppAnswer, AppType};
use crate::facts::{Facts, Service};
use crate::frameworks;
use crate::provenance::{PlanValue, Provenance, Source, from_evidence};

/// One deployable service of a monorepo, planned on its own.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServicePlan {
    /// The service's name as the scan reports it (`api`, `web`).
    pub name: String,
    /// Its folder, relative to the repository root (`apps/api`; `.` for the root).
    pub path: String,
    /// Its own install/build/start/port, from its own facts; `runtime.sources` carry the
    /// service's name.
    pub runtime: Runtime,
    /// A frontend that builds to static files (every framework of it is a frontend one): it
    /// is served from `output_dir`, with no web process.
    pub is_static: bool,
    /// A background service: no web framework and no port in its facts (a queue consumer of
    /// a Go workspace). It runs its start command as a worker, with no HTTP check.
    pub is_worker: bool,
    /// Where a static service's build writes its files, relative to `path`.
    pub output_dir: Option<String>,
    /// The health path the platform probes on the service: the route the repository shows,
    /// else the one of the endpoint deployplan writes into it (`health_endpoint`).
    pub health_path: Option<String>,
    /// The endpoint deployplan writes into the service when it serves no health route (and
    /// the person mounts, as the checklist says).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub health_endpoint: Option<super::health::HealthEndpoint>,
    /// Every file the install, build and start need lives under `path` (its own lockfile):
    /// the platform can build it from that folder alone. False in a workspace whose lockfile
    /// is at the root: it builds from the root and runs its commands in its folder.
    pub self_contained: bool,
    /// The service runs the repository's migrations (its facts hold the migration tool).
    pub migrates: bool,
    /// Environment variables the service's own code reads.
    pub env_vars: Vec<String>,
}

impl ServicePlan {
    /// The service's start command (its web process), none for a static site.
    pub fn start_command(&self) -> Option<&str> {
        if self.is_static || self.is_worker {
            None
        } else {
            self.runtime.start_command.as_deref()
        }
    }

    /// A CI variable suffix for the service (`api` → `API`, `my-web` → `MY_WEB`).
    pub fn env_suffix(&self) -> String {
        env_suffix(&self.name)
    }

    /// The build context of the service's image: its folder when everything it needs is
    /// there, else the repository root (a workspace's lockfile).
    pub fn build_context(&self) -> &str {
        if self.self_contained { &self.path } else { "." }
    }

    /// The Dockerfile the service's image is built with: the repository's own, else the one
    /// generated in its folder.
    pub fn dockerfile(&self) -> String {
        self.runtime.dockerfile.clone().unwrap_or_else(|| {
            if self.path == "." {
                "Dockerfile".into()
            } else {
                format!("{}/Dockerfile", self.path)
            }
        })
    }
}

/// A CI variable suffix for a service name (`api` → `API`, `my-web` → `MY_WEB`).
pub fn env_suffix(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    let s = s.trim_matches('_').to_string();
    if s.is_empty() { "SERVICE".into() } else { s }
}

/// Where a static build writes its files, by the framework's convention: (folder, why).
pub fn output_dir(facts: &Facts, build: Option<&str>) -> (String, Source) {
    if let Some(stated) = &facts.build_output {
        return (
            stated.value.clone(),
            crate::provenance::from_evidence(&stated.evidence, "the build tool's config"),
        );
    }
    let (dir, why) = match frameworks::output_dir(facts) {
        // Plain HTML with a build step is served from what the build writes.
        Some((".", _)) if build.is_some() => bundler_dir(build),
        Some(fixed) => fixed,
        None => bundler_dir(build),
    };
    (dir.to_string(), Source::convention(why))
}

/// A static site's fallback page when the repository navigates with a client-side router.
pub fn spa_fallback(facts: &Facts) -> Option<Provenance> {
    let router = facts.client_router.as_ref()?;
    Some(Provenance::new(
        PlanValue::SpaFallback,
        "/index.html",
        crate::provenance::from_evidence(
            &router.evidence,
            &format!("its client-side router ({})", router.value),
        ),
    ))
}

fn bundler_dir(build: Option<&str>) -> (&'static str, &'static str) {
    if build.is_some_and(|b| b.contains("react-scripts")) {
        ("build", "Create React App writes its build to build/")
    } else {
        (
            "dist",
            "Vite and most bundlers write their build to dist/; the repository sets no other",
        )
    }
}

/// The services of a monorepo with two or more deployable services, planned each on its own.
/// Empty for a single app (its one runtime is `Plan::runtime`).
/// `database`: the plan has a database, which a generated endpoint of a service that uses
/// one pings.
pub fn services(
    answers: &Answers,
    facts: &Facts,
    on_heroku: bool,
    database: bool,
) -> Vec<ServicePlan> {
    if facts.services.len() < 2 {
        return Vec::new();
    }
    facts
        .services
        .iter()
        .map(|s| service(answers, s, on_heroku, database))
        .collect()
}

fn service(answers: &Answers, s: &Service, on_heroku: bool, database: bool) -> ServicePlan {
    let facts = s.facts.as_ref();
    let is_static = frameworks::frontend_only(facts);
    let is_worker = !is_static
        && frameworks::known(facts).is_empty()
        && facts.port.is_none()
        && facts.health_routes.is_empty();
    // The person's command overrides and worker answers are for the app as a whole; each
    // service keeps its own, from its own facts.
    let mut own = answers.clone();
    own.app = AppAnswer {
        websockets: answers.app.websockets,
        ..AppAnswer::default()
    };
    own.context.app_type = if is_static {
        AppType::Frontend
    } else {
        AppType::WebApi
    };
    let needs = Needs::of(&own, facts);
    let mut runtime = runtime::runtime(&own, facts, &needs, on_heroku);
    let (output_dir, output_source) = if is_static {
        let (dir, source) = output_dir(facts, runtime.build_command.as_deref());
        (Some(dir), Some(source))
    } else {
        (None, None)
    };
    // The runtime records it already when the service has no process of its own.
    let recorded = runtime
        .sources
        .iter()
        .any(|p| p.value == PlanValue::OutputDir);
    if let (Some(dir), Some(source), false) = (&output_dir, output_source, recorded) {
        runtime
            .sources
            .push(Provenance::new(PlanValue::OutputDir, dir, source));
    }
    if is_static && !runtime.spa_fallback() {
        runtime.sources.extend(spa_fallback(facts));
    }
    if is_static {
        // A static site has no start command: drop it from what reaches the files.
        runtime
            .sources
            .retain(|p| p.value != PlanValue::StartCommand);
        runtime
            .sources
            .retain(|p| !(p.value == PlanValue::Port && p.source.is_assumption()));
    }
    let mut health_path = facts.health_route().map(|h| h.path.clone());
    let mut health_endpoint = None;
    if let Some(h) = facts.health_route() {
        runtime.sources.push(Provenance::new(
            PlanValue::HealthPath,
            &h.path,
            from_evidence(&h.evidence, "stated by the repository"),
        ));
    } else if !is_static && !is_worker && answers.health.enabled {
        // No route of its own: the endpoint deployplan writes for its framework, as for a
        // single app (none for a framework it cannot write one for: the port check stays).
        let database = database && !facts.databases.is_empty();
        if let Ok((path, endpoint)) = super::health::service_endpoint(facts, &s.path, database) {
            runtime.sources.push(Provenance::new(
                PlanValue::HealthPath,
                &path,
                Source::Generated {
                    what: format!(
                        "the endpoint {} (see the checklist)",
                        endpoint.file.as_deref().unwrap_or(&endpoint.mount_in)
                    ),
                },
            ));
            health_path = Some(path);
            health_endpoint = Some(endpoint);
        }
    }
    // Every value of the service is named after it ("Start command (api)").
    for p in &mut runtime.sources {
        p.name = Some(match &p.name {
            Some(n) => format!("{}: {n}", s.name),
            None => s.name.clone(),
        });
    }
    let inside = |path: &str| s.path == "." || path.starts_with(&format!("{}/", s.path));
    let c = &facts.commands;
    let self_contained = [&c.install, &c.build, &c.start]
        .into_iter()
        .flatten()
        .flat_map(|v| v.evidence.iter())
        .all(|e| inside(&e.path));
    let mut env_vars: Vec<String> = facts.env_vars.iter().map(|e| e.name.clone()).collect();
    env_vars.sort();
    env_vars.dedup();
    ServicePlan {
        name: s.name.clone(),
        path: s.path.clone(),
        runtime,
        is_static,
        is_worker,
        output_dir,
        health_path,
        health_endpoint,
        self_contained,
        migrates: facts.migration_tool.is_some(),
        env_vars,
    }
}
