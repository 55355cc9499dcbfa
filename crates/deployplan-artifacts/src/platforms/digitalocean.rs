//! DigitalOcean App Platform: `.do/app.yaml` (app spec) — web service with its health check,
//! workers, a PRE_DEPLOY job for migrations, a dev database. The pipeline starts a deployment
//! of the environment's app through the DigitalOcean API.

use deployplan_core::GeneratedFile;
use serde::Serialize;

use super::{Target, file, migrations};
use crate::app::App;
use crate::deploy::{Deploy, Migrations};
use crate::{ArtifactError, format, names};

pub const PATH: &str = ".do/app.yaml";

pub struct DigitalOcean;

#[derive(Serialize)]
struct AppSpec {
    name: String,
    region: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    services: Vec<Component>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    static_sites: Vec<Component>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    workers: Vec<Component>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    jobs: Vec<Component>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    databases: Vec<Database>,
}

#[derive(Serialize, Default)]
struct Component {
    name: String,
    github: Github,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dockerfile_path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    build_command: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    run_command: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    output_dir: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    http_port: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    instance_count: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    instance_size_slug: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    health_check: Option<HealthCheck>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    envs: Vec<EnvVar>,
}

#[derive(Serialize, Default)]
struct Github {
    repo: &'static str,
    branch: String,
    deploy_on_push: bool,
}

#[derive(Serialize)]
struct HealthCheck {
    /// None: App Platform checks that the port accepts TCP connections.
    #[serde(skip_serializing_if = "Option::is_none")]
    http_path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    port: Option<u16>,
    initial_delay_seconds: u32,
    period_seconds: u32,
    timeout_seconds: u32,
    success_threshold: u32,
    failure_threshold: u32,
}

#[derive(Serialize)]
struct EnvVar {
    key: String,
    scope: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<String>,
}

#[derive(Serialize)]
struct Database {
    name: &'static str,
    engine: &'static str,
    production: bool,
}

/// A DigitalOcean name: `^[a-z][a-z0-9-]{0,30}[a-z0-9]$`.
fn do_name(value: &str, max: usize) -> String {
    let s = names::slug(value, max);
    if s.len() < 2 { format!("{s}-app") } else { s }
}

fn envs(app: &App, db: bool) -> Vec<EnvVar> {
    let mut out = Vec::new();
    for n in app
        .secret_names()
        .into_iter()
        .filter(|n| names::is_env_name(n))
    {
        let bound = Some(n) == app.database_url_env() && db;
        out.push(EnvVar {
            key: n.into(),
            scope: "RUN_TIME",
            kind: if bound { "GENERAL" } else { "SECRET" },
            // A bindable variable of the app's own database, resolved by App Platform.
            value: bound.then(|| "${db.DATABASE_URL}".to_string()),
        });
    }
    for (n, v) in app.settings() {
        if names::is_env_name(n) {
            out.push(EnvVar {
                key: n.into(),
                scope: "RUN_AND_BUILD_TIME",
                kind: "GENERAL",
                value: v.map(String::from),
            });
        }
    }
    out
}

impl Target for DigitalOcean {
    fn id(&self) -> deployplan_core::catalog::PlatformId {
        deployplan_core::catalog::PlatformId::DigitalOcean
    }

    fn config(&self, app: &App) -> Result<Vec<GeneratedFile>, ArtifactError> {
        let db = matches!(app.database_engine(), Some("postgres") | Some("mysql"));
        let dockerfile = app
            .plan
            .runtime
            .dockerfile
            .clone()
            .unwrap_or_else(|| "Dockerfile".into());
        let github = || Github {
            repo: "REPLACE_WITH_OWNER/REPLACE_WITH_REPO",
            branch: app.plan.ci.branch.clone(),
            deploy_on_push: false,
        };
        let base = |name: String| Component {
            name,
            github: github(),
            dockerfile_path: Some(dockerfile.clone()),
            instance_count: Some(1),
            instance_size_slug: Some("apps-s-1vcpu-0.5gb"),
            envs: envs(app, db),
            ..Component::default()
        };
        let mut spec = AppSpec {
            name: do_name(app.name(), 32),
            region: "nyc",
            services: Vec::new(),
            static_sites: Vec::new(),
            workers: Vec::new(),
            jobs: Vec::new(),
            databases: Vec::new(),
        };
        if app.is_static() {
            spec.static_sites.push(Component {
                name: "web".into(),
                github: github(),
                build_command: Some(match app.build() {
                    Some(b) => format!("{} && {b}", app.install()),
                    None => app.install().to_string(),
                }),
                output_dir: Some(app.static_output_dir()),
                envs: envs(app, db),
                ..Component::default()
            });
        } else {
            let mut web = base("web".into());
            web.http_port = Some(app.port);
            web.health_check = match (app.health, app.port_check) {
                (Some(h), _) => Some(HealthCheck {
                    http_path: app.health_path(),
                    port: None,
                    initial_delay_seconds: 10,
                    period_seconds: h.interval_s,
                    timeout_seconds: h.timeout_s,
                    success_threshold: 1,
                    failure_threshold: h.unhealthy_threshold,
                }),
                (None, Some(_)) => Some(HealthCheck {
                    http_path: None,
                    port: Some(app.port),
                    initial_delay_seconds: 10,
                    period_seconds: 30,
                    timeout_seconds: 5,
                    success_threshold: 1,
                    failure_threshold: 3,
                }),
                (None, None) => None,
            };
            spec.services.push(web);
        }
        for w in &app.workers {
            let mut c = base(do_name(&w.name, 30));
            c.run_command = w.command.clone();
            spec.workers.push(c);
        }
        if let (Migrations::ReleaseHook, Some(cmd)) =
            (migrations(app, Migrations::ReleaseHook), app.auto_migrate())
        {
            let mut job = base("migrate".into());
            job.kind = Some("PRE_DEPLOY");
            job.run_command = Some(cmd.into());
            spec.jobs.push(job);
        }
        if db {
            spec.databases.push(Database {
                name: "db",
                engine: if app.database_engine() == Some("mysql") {
                    "MYSQL"
                } else {
                    "PG"
                },
                production: false,
            });
        }
        let header =
            "Generated by deployplan. DigitalOcean App Platform spec: create each environment's
app once with `doctl apps create --spec .do/app.yaml` (rename the staging app), apply later
edits with `doctl apps update <app-id> --spec .do/app.yaml`. Replace REPLACE_WITH_OWNER/REPO.
The dev database is for getting started: use a managed cluster (production: true) for production.";
        Ok(vec![file(
            PATH,
            format::yaml(PATH, header, &spec)?,
            "DigitalOcean app spec: web service with health check, workers, PRE_DEPLOY migration job, database",
        )])
    }

    fn deploy(&self, app: &App, environment: &str) -> Deploy {
        Deploy::new(environment)
            .secrets(&["DIGITALOCEAN_ACCESS_TOKEN"])
            .settings(&["DIGITALOCEAN_APP_ID"])
            .migrations(migrations(app, Migrations::ReleaseHook))
            .script(&[
                "# Starts a deployment of this environment's app (App Platform builds from the branch).",
                "curl --fail --silent --show-error --request POST \"https://api.digitalocean.com/v2/apps/$DIGITALOCEAN_APP_ID/deployments\" --header \"Authorization: Bearer $DIGITALOCEAN_ACCESS_TOKEN\" --header \"Content-Type: application/json\" --data '{\"force_build\": true}'",
            ])
    }

    fn needs_image(&self, app: &App) -> bool {
        !app.is_static()
    }
}
