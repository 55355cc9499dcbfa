//! DigitalOcean App Platform: `.do/app.yaml` (app spec) — web service with its health check,
//! workers, a PRE_DEPLOY job for migrations, a dev database. The pipeline starts a deployment
//! of the environment's app through the DigitalOcean API.

use deployplan_core::GeneratedFile;
use deployplan_core::facts::CodeHost;
use serde::Serialize;

use super::{Target, file, migrations};
use crate::app::App;
use crate::deploy::{Deploy, Migrations};
use crate::{ArtifactError, format, names};

mod services;

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
    #[serde(skip_serializing_if = "Option::is_none")]
    ingress: Option<services::Ingress>,
}

#[derive(Serialize, Default)]
struct Component {
    name: String,
    /// Where App Platform pulls the code from: `github:`, `gitlab:` or `bitbucket:`.
    #[serde(flatten)]
    source: GitSource,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
    /// The build context (a monorepo service's folder), from the repository root.
    #[serde(skip_serializing_if = "Option::is_none")]
    source_dir: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dockerfile_path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    build_command: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    run_command: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    output_dir: Option<String>,
    /// A static site's answer to any path that is no file (200, unlike `error_document`): a
    /// single-page app's `index.html`.
    /// https://docs.digitalocean.com/notes/2020/app-platform-static-catchall (checked 2026-12-03)
    #[serde(skip_serializing_if = "Option::is_none")]
    catchall_document: Option<&'static str>,
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

/// A component's git source. The three keys take the same `repo` (`owner/name`), `branch`
/// and `deploy_on_push` (App Platform's app spec, `apps_github_source_spec` and its GitLab
/// and Bitbucket twins: https://docs.digitalocean.com/products/app-platform/reference/app-spec/,
/// checked 2026-12-02).
#[derive(Serialize)]
#[serde(rename_all = "lowercase")]
enum GitSource {
    Github(GitRepo),
    Gitlab(GitRepo),
    Bitbucket(GitRepo),
}

impl Default for GitSource {
    fn default() -> Self {
        GitSource::Github(GitRepo::default())
    }
}

#[derive(Serialize, Default)]
struct GitRepo {
    repo: String,
    branch: String,
    deploy_on_push: bool,
}

/// The placeholder when the repository names no code host: `check` reports it.
const REPO_PLACEHOLDER: &str = "REPLACE_WITH_OWNER/REPLACE_WITH_REPO";

/// The repository App Platform deploys: the `origin` remote the scan read from
/// `.git/config`, else a placeholder on GitHub. The pipeline deploys with doctl, so App
/// Platform does not deploy on push as well.
fn git_source(app: &App) -> GitSource {
    let repo = |slug: &str| GitRepo {
        repo: slug.to_string(),
        branch: app.plan.ci.branch.clone(),
        deploy_on_push: false,
    };
    match &app.plan.facts.code_host {
        Some(r) => match r.host {
            CodeHost::Github => GitSource::Github(repo(&r.slug)),
            CodeHost::Gitlab => GitSource::Gitlab(repo(&r.slug)),
            CodeHost::Bitbucket => GitSource::Bitbucket(repo(&r.slug)),
        },
        None => GitSource::Github(repo(REPO_PLACEHOLDER)),
    }
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
    envs_read(app, db, |_| true)
}

/// The app's variables that `reads` keeps (a monorepo service's own and the common ones).
fn envs_read(app: &App, db: bool, reads: impl Fn(&str) -> bool) -> Vec<EnvVar> {
    let mut out = Vec::new();
    for n in app
        .secret_names()
        .into_iter()
        .filter(|n| names::is_env_name(n) && reads(n))
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
        if names::is_env_name(n) && reads(n) {
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

/// A dev database of the app's engine, when App Platform has it (Postgres, MySQL).
fn database(app: &App) -> Vec<Database> {
    let engine = match app.database_engine() {
        Some("postgres") => "PG",
        Some("mysql") => "MYSQL",
        _ => return Vec::new(),
    };
    vec![Database {
        name: "db",
        engine,
        production: false,
    }]
}

/// The spec's header comment; it asks for the repository only when the scan found none.
fn header(app: &App) -> String {
    let replace = if app.plan.facts.code_host.is_none() {
        " Replace REPLACE_WITH_OWNER/REPO."
    } else {
        ""
    };
    format!(
        "Generated by deployplan. DigitalOcean App Platform spec: create each environment's
app once with `doctl apps create --spec .do/app.yaml` (rename the staging app), apply later
edits with `doctl apps update <app-id> --spec .do/app.yaml`.{replace}
The dev database is for getting started: use a managed cluster (production: true) for production."
    )
}

/// The health check of a web component: HTTP on `path` when the app serves one, else App
/// Platform's TCP check on `port`.
fn health_check(app: &App, path: Option<String>, port: u16) -> HealthCheck {
    match (app.health, path) {
        (Some(h), Some(path)) => HealthCheck {
            http_path: Some(path),
            port: None,
            initial_delay_seconds: 10,
            period_seconds: h.interval_s,
            timeout_seconds: h.timeout_s,
            success_threshold: 1,
            failure_threshold: h.unhealthy_threshold,
        },
        _ => HealthCheck {
            http_path: None,
            port: Some(port),
            initial_delay_seconds: 10,
            period_seconds: 30,
            timeout_seconds: 5,
            success_threshold: 1,
            failure_threshold: 3,
        },
    }
}

impl Target for DigitalOcean {
    fn id(&self) -> deployplan_core::catalog::PlatformId {
        deployplan_core::catalog::PlatformId::DigitalOcean
    }

    fn config(&self, app: &App) -> Result<Vec<GeneratedFile>, ArtifactError> {
        if !app.services().is_empty() {
            return services::config(app);
        }
        let db = matches!(app.database_engine(), Some("postgres") | Some("mysql"));
        let dockerfile = app.image_dockerfile().to_string();
        let base = |name: String| Component {
            name,
            source: git_source(app),
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
            ingress: None,
        };
        if app.is_static() {
            spec.static_sites.push(Component {
                name: "web".into(),
                source: git_source(app),
                build_command: Some(crate::app::source_build(
                    app.install(),
                    app.build().as_deref(),
                )),
                output_dir: Some(app.static_output_dir()),
                catchall_document: app.plan.runtime.spa_fallback().then_some("index.html"),
                envs: envs(app, db),
                ..Component::default()
            });
        } else {
            let mut web = base("web".into());
            web.http_port = Some(app.port);
            web.health_check = (app.health.is_some() || app.port_check.is_some())
                .then(|| health_check(app, app.health_path(), app.port));
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
        spec.databases = database(app);
        Ok(vec![file(
            PATH,
            format::yaml(PATH, &header(app), &spec)?,
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
