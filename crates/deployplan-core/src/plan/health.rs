//! Step 8, the health check: which path the platform probes and why. Evidence first: the
//! person's answer, else a route the repository serves, else an endpoint deployplan writes for
//! the app's framework (with the one line that mounts it), else the platform's port check. A
//! path the app does not serve never reaches a file.

use serde::Serialize;

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

/// A health endpoint deployplan writes because the app has none: the file, and what the
/// person adds to their own code to serve it (deployplan never edits the app's files).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HealthEndpoint {
    /// `express`, `koa`, `fastify`, `flask`, `fastapi`, `django`, `rails`, `go`, `spring`,
    /// `aspnet`: the artifact renders the file for this family.
    pub family: String,
    pub framework: String,
    /// The file written (relative to the repository root), none when the framework only
    /// needs a line or a dependency (Spring actuator, ASP.NET health checks).
    pub file: Option<String>,
    /// The lines the person adds, and where.
    pub mount: Vec<String>,
    pub mount_in: String,
    /// The environment variable the endpoint reports as `version`.
    pub version_env: String,
}

/// The variable the generated endpoints report as `version` (set it to the commit SHA in CI
/// or the platform; they fall back to the platform's own commit variables).
pub const VERSION_ENV: &str = "APP_VERSION";

/// The app's backend framework: the first known one that serves HTTP.
fn backend(facts: &Facts) -> Option<&'static frameworks::Framework> {
    frameworks::known(facts)
        .into_iter()
        .find(|f| f.role != Role::Frontend)
}

/// The endpoint family and default path for a framework id, when deployplan can write one.
fn family(id: &str) -> Option<(&'static str, &'static str)> {
    Some(match id {
        "express" => ("express", "/health"),
        "koa" => ("koa", "/health"),
        "fastify" => ("fastify", "/health"),
        "flask" => ("flask", "/health"),
        "fastapi" => ("fastapi", "/health"),
        "django" => ("django", "/health/"),
        "rails" => ("rails", "/up"),
        "go-nethttp" | "gin" | "echo" | "fiber" => ("go", "/health"),
        "spring-boot" => ("spring", "/actuator/health"),
        "aspnet-core" => ("aspnet", "/healthz"),
        _ => return None,
    })
}

fn endpoint(
    fw: &frameworks::Framework,
    fam: &str,
    path: &str,
    db: Option<&DatabasePlan>,
) -> HealthEndpoint {
    let q = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let check = db.is_some();
    let (file, mount, mount_in): (Option<&str>, Vec<String>, &str) = match fam {
        "express" => (
            Some("health.cjs"),
            vec![if check {
                format!(
                    "app.get({}, require('./health.cjs')(() => db.query('SELECT 1'))); // db: your database client",
                    q(path)
                )
            } else {
                format!("app.get({}, require('./health.cjs')());", q(path))
            }],
            "the file that creates the Express app (adjust the require path to where health.cjs is)",
        ),
        "koa" => (
            Some("health.cjs"),
            vec![format!(
                "app.use(require('./health.cjs')({}{}));",
                q(path),
                if check {
                    ", () => db.query('SELECT 1')"
                } else {
                    ""
                }
            )],
            "the file that creates the Koa app, before the router",
        ),
        "fastify" => (
            Some("health.cjs"),
            vec![format!(
                "fastify.register(require('./health.cjs'), {{ path: {}{} }});",
                q(path),
                if check {
                    ", check: () => db.query('SELECT 1')"
                } else {
                    ""
                }
            )],
            "the file that creates the Fastify instance, before listen()",
        ),
        "flask" => (
            Some("health.py"),
            vec![
                "from health import health_bp".to_string(),
                "app.register_blueprint(health_bp)".to_string(),
            ],
            "the module that creates the Flask app (or its create_app factory)",
        ),
        "fastapi" => (
            Some("health.py"),
            vec![
                "from health import router as health_router".to_string(),
                "app.include_router(health_router)".to_string(),
            ],
            "the module that creates the FastAPI app",
        ),
        "django" => (
            Some("health.py"),
            vec![
                "import health".to_string(),
                format!(
                    "path({}, health.health),",
                    q(path.trim_start_matches('/'))
                ),
            ],
            "the project's root urls.py (the import at the top, the path() in urlpatterns)",
        ),
        "rails" => (
            Some("app/controllers/health_controller.rb"),
            vec![format!("get {} => \"health#show\"", q(path.trim_start_matches('/')))],
            "config/routes.rb, inside Rails.application.routes.draw (on Rails 7.1+ `get \"up\" => \"rails/health#show\"` also works, without the database check)",
        ),
        "go" => (
            Some("internal/health/health.go"),
            vec![
                "import \"<your module path>/internal/health\"".to_string(),
                format!(
                    "mux.HandleFunc({}, health.Handler({}))",
                    q(path),
                    if check { "db.PingContext" } else { "nil" }
                ),
            ],
            "the file that builds the router (gin: r.GET(path, gin.WrapF(...)); echo: e.GET(path, echo.WrapHandler(...)); fiber: adaptor.HTTPHandlerFunc)",
        ),
        "spring" => (
            None,
            vec![
                "<dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-actuator</artifactId></dependency>".to_string(),
                "implementation 'org.springframework.boot:spring-boot-starter-actuator' (Gradle)".to_string(),
            ],
            "pom.xml <dependencies> (or build.gradle); actuator serves /actuator/health under server.servlet.context-path and includes the database when a DataSource is configured",
        ),
        _ => (
            None,
            vec![
                "builder.Services.AddHealthChecks();".to_string(),
                format!("app.MapHealthChecks({});", q(path)),
            ],
            "Program.cs (AddHealthChecks before Build, MapHealthChecks after)",
        ),
    };
    HealthEndpoint {
        family: fam.to_string(),
        framework: fw.name.to_string(),
        file: file.map(str::to_string),
        mount,
        mount_in: mount_in.to_string(),
        version_env: VERSION_ENV.to_string(),
    }
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
    let fam = fw.and_then(|f| family(f.id));
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
            None => match (fw, fam) {
                // The repository does not show it: write an endpoint that serves it.
                (Some(fw), Some((fam, _))) if routes.is_empty() => (
                    answered.clone(),
                    HealthSource::Answered,
                    Some(endpoint(fw, fam, answered, db)),
                ),
                _ => (answered.clone(), HealthSource::Answered, None),
            },
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
    } else if let (Some(fw), Some((fam, default))) = (fw, fam) {
        (
            default.to_string(),
            HealthSource::Generated,
            Some(endpoint(fw, fam, default, db)),
        )
    } else {
        return port(format!(
            "no health route found in the repository{}",
            match fw {
                Some(f) => format!(", and deployplan cannot write one for {}", f.name),
                None => ", and no known framework to write one for".to_string(),
            }
        ));
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
