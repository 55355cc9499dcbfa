//! Step 8, the health check: which path the platform probes and why. Evidence first: the
//! person's answer, else a route the repository serves, else an endpoint deployplan writes for
//! the app's framework (with the one line that mounts it), else the platform's port check. A
//! path the app does not serve never reaches a file.

use serde::Serialize;

mod endpoint;
mod mount;
mod rules;

pub use endpoint::{EndpointFamily, HealthEndpoint, SourceLanguage};
pub use rules::{FrameworkHealth, RULES as FRAMEWORK_HEALTH, framework_health};

use super::model::{DatabasePlan, HealthPlan};
use crate::answers::Answers;
use crate::catalog::{Platform, PlatformId};
use crate::facts::{Evidence, Facts};
use crate::frameworks::{self, Role};

/// Where the health-check path came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum HealthSource {
    /// The person gave the path (answers file, flag or interview).
    Answered,
    /// The repository serves it (`how`: `healthcheck`, `builtin` or `route`).
    Repository { evidence: Evidence, how: String },
    /// deployplan writes the endpoint ([`HealthPlan::endpoint`]); the person mounts it.
    Generated,
    /// A convention the repository does not state: an assumption to confirm. Only when no
    /// repository was scanned; with a repository, an unconfirmed path never reaches a file.
    Convention { why: String },
}

/// No HTTP health check: why, and what the platform checks instead (its port, when it can).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PortCheck {
    /// "no health route found in the repository", "health checks declined (answer: no)".
    pub why: String,
    /// What the platform checks instead, in words; none when it has no port check.
    pub how: Option<String>,
}

impl HealthSource {
    /// One sentence for the TDD: where the path comes from.
    pub fn describe(&self) -> String {
        match self {
            HealthSource::Answered => "your answer".to_string(),
            HealthSource::Repository { evidence, how } => {
                let what = match how.as_str() {
                    "healthcheck" => "the probe the repository already runs",
                    "builtin" => {
                        "the framework's own health endpoint, switched on in the repository"
                    }
                    _ => "a route the app serves",
                };
                format!("{what} ({evidence})")
            }
            HealthSource::Generated => {
                "an endpoint deployplan generated for the app (mount it: see the checklist)"
                    .to_string()
            }
            HealthSource::Convention { why } => format!("an assumption to confirm: {why}"),
        }
    }
}

/// The variable the generated endpoints report as `version` (set it to the commit SHA in CI
/// or the platform; they fall back to the platform's own commit variables).
pub const VERSION_ENV: &str = "APP_VERSION";

/// The app's backend framework: the first known one that serves HTTP, else the first known
/// one (a static build).
fn backend(facts: &Facts) -> Option<&'static frameworks::Framework> {
    let known = frameworks::known(facts);
    known
        .iter()
        .find(|f| f.role != Role::Frontend)
        .or(known.first())
        .copied()
}

/// The endpoint deployplan writes for the app's framework, or why it writes none.
fn generated(
    fw: Option<&'static frameworks::Framework>,
    layout: &crate::facts::AppLayout,
    answered: Option<&str>,
    database: bool,
) -> Result<(String, HealthEndpoint), String> {
    let Some(fw) = fw else {
        return Err("no known framework to write one for".to_string());
    };
    match rules::framework_health(fw.id) {
        Some(FrameworkHealth::Endpoint(family)) => {
            mount::endpoint(fw, family, layout, answered, database)
                .map_err(|why| format!("deployplan cannot write one for {}: {why}", fw.name))
        }
        Some(FrameworkHealth::PortCheck(why)) => Err(why.to_string()),
        Some(FrameworkHealth::StaticFiles) => Err(format!(
            "{} builds static files: the host serves them, no process of the app answers a probe",
            fw.name
        )),
        None => Err(format!("deployplan cannot write one for {}", fw.name)),
    }
}

/// The endpoint deployplan writes into a monorepo service (in folder `dir`) that serves no
/// health route, as for a single app: its path and file, or why it writes none. Its files
/// and mount lines are under the service's folder.
pub(super) fn service_endpoint(
    facts: &Facts,
    dir: &str,
    database: bool,
) -> Result<(String, HealthEndpoint), String> {
    let mut layout = facts.app_layout.clone();
    if layout.root.is_empty() && dir != "." {
        layout.root = dir.to_string();
    }
    generated(backend(facts), &layout, None, database)
}

/// The HTTP health check when the app serves (or will serve) a path, else the port check.
pub fn health(
    a: &Answers,
    facts: &Facts,
    p: &Platform,
    db: Option<&DatabasePlan>,
) -> (Option<HealthPlan>, Option<PortCheck>) {
    let routes = &facts.health_routes;
    let fw = backend(facts);
    let port = |why: String| {
        (
            None,
            Some(PortCheck {
                why,
                how: p.health_check.port_check.clone(),
            }),
        )
    };
    let (path, source, endpoint) = if !a.health.enabled {
        return port("health checks declined (answer: no)".to_string());
    } else if let Some(answered) = &a.health.path {
        match routes.iter().find(|r| &r.path == answered) {
            Some(r) => (
                answered.clone(),
                repository(r.evidence.first(), &r.kind),
                None,
            ),
            // The repository does not show it: write an endpoint that serves it, when the
            // app serves no other route deployplan could have used.
            None if routes.is_empty() => {
                match generated(fw, &facts.app_layout, Some(answered), db.is_some()) {
                    Ok((path, e)) => (path, HealthSource::Answered, Some(e)),
                    Err(_) => (answered.clone(), HealthSource::Answered, None),
                }
            }
            None => (answered.clone(), HealthSource::Answered, None),
        }
    } else if let Some(r) = facts.health_route() {
        (
            r.path.clone(),
            repository(r.evidence.first(), &r.kind),
            None,
        )
    } else if facts.is_empty() {
        // No repository was scanned (a design from answers only): the workflow's design,
        // marked as an assumption for the person to implement and confirm.
        (
            "/health".to_string(),
            HealthSource::Convention {
                why: "no repository was scanned, so this is the workflow's design (GET /health); the app must serve it before the first deploy".to_string(),
            },
            None,
        )
    } else {
        match generated(fw, &facts.app_layout, None, db.is_some()) {
            Ok((path, e)) => (path, HealthSource::Generated, Some(e)),
            Err(why) => {
                return port(format!(
                    "no health route found in the repository, and {why}"
                ));
            }
        }
    };
    let s = p.health_check.settable;
    let not_settable: Vec<String> = [
        ("path", s.path),
        ("interval", s.interval),
        ("timeout", s.timeout),
        ("unhealthy threshold", s.threshold),
    ]
    .iter()
    .filter(|(_, ok)| !ok)
    .map(|(n, _)| n.to_string())
    .collect();
    let plan = HealthPlan {
        path,
        source,
        endpoint,
        // kamal-proxy polls only while a deploy waits (up to deploy_timeout), from second 0:
        // its own 1 s interval, not the 30 s of a monitoring probe.
        interval_s: if p.id == PlatformId::Kamal { 1 } else { 30 },
        timeout_s: 5,
        unhealthy_threshold: 3,
        platform_config: p.health_check.configured_in.clone(),
        not_settable,
        platform_defaults: p.health_check.defaults.clone(),
    };
    (Some(plan), None)
}

fn repository(evidence: Option<&Evidence>, how: &str) -> HealthSource {
    match evidence {
        Some(e) => HealthSource::Repository {
            evidence: e.clone(),
            how: how.to_string(),
        },
        None => HealthSource::Answered,
    }
}
