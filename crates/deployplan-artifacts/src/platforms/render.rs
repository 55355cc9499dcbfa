//! Render: `render.yaml` Blueprint — one project with an environment per plan environment
//! (web service, workers, cron jobs, Postgres, Key Value), `healthCheckPath`, migrations in
//! `preDeployCommand`, and deploys triggered by the pipeline through deploy hooks.

use deployplan_core::GeneratedFile;
use deployplan_core::answers::Stack;
use serde::Serialize;

use super::{Target, file, migrations};
use crate::app::App;
use crate::deploy::{Deploy, Migrations};
use crate::{ArtifactError, format, names};

pub const PATH: &str = "render.yaml";

pub struct Render;

#[derive(Serialize)]
struct Blueprint {
    #[serde(skip_serializing_if = "Option::is_none")]
    previews: Option<Previews>,
    projects: Vec<Project>,
}

#[derive(Serialize)]
struct Previews {
    generation: &'static str,
    #[serde(rename = "expireAfterDays")]
    expire_after_days: u32,
}

#[derive(Serialize)]
struct Project {
    name: String,
    environments: Vec<Environment>,
}

#[derive(Serialize)]
struct Environment {
    name: String,
    services: Vec<Service>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    databases: Vec<Database>,
}

#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
struct Service {
    #[serde(rename = "type")]
    kind: &'static str,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    runtime: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    plan: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    schedule: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dockerfile_path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    build_command: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_command: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    docker_command: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pre_deploy_command: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    static_publish_path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    health_check_path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    auto_deploy_trigger: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ip_allow_list: Option<Vec<IpAllow>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    env_vars: Vec<EnvVar>,
    /// SQLite's persistent disk (a disk needs a paid instance and keeps it at one).
    #[serde(skip_serializing_if = "Option::is_none")]
    disk: Option<Disk>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Disk {
    name: &'static str,
    mount_path: String,
    #[serde(rename = "sizeGB")]
    size_gb: u32,
}

#[derive(Serialize)]
struct IpAllow {
    source: &'static str,
    description: &'static str,
}

#[derive(Serialize)]
#[serde(untagged)]
enum EnvVar {
    Value {
        key: String,
        value: String,
    },
    Prompt {
        key: String,
        sync: bool,
    },
    Database {
        key: String,
        #[serde(rename = "fromDatabase")]
        from_database: FromRef,
    },
    Service {
        key: String,
        #[serde(rename = "fromService")]
        from_service: FromService,
    },
}

#[derive(Serialize)]
struct FromRef {
    name: String,
    property: &'static str,
}

#[derive(Serialize)]
struct FromService {
    #[serde(rename = "type")]
    kind: &'static str,
    name: String,
    property: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Database {
    name: String,
    plan: &'static str,
    postgres_major_version: &'static str,
}

fn runtime(stack: Stack) -> Option<&'static str> {
    match stack {
        Stack::Node => Some("node"),
        Stack::Python => Some("python"),
        Stack::Ruby => Some("ruby"),
        Stack::Go => Some("go"),
        Stack::Elixir => Some("elixir"),
        Stack::Rust => Some("rust"),
        _ => None,
    }
}

fn env_vars(app: &App, db: Option<&str>, kv: Option<&str>) -> Vec<EnvVar> {
    let mut out = Vec::new();
    let db_url = app.database_url_env();
    let kv_url = app.cache_url_env();
    for name in app.secret_names() {
        out.push(match (name, db, kv) {
            (n, Some(db), _) if Some(n) == db_url => EnvVar::Database {
                key: name.into(),
                from_database: FromRef {
                    name: db.into(),
                    property: "connectionString",
                },
            },
            (n, _, Some(kv)) if Some(n) == kv_url => EnvVar::Service {
                key: name.into(),
                from_service: FromService {
                    kind: "keyvalue",
                    name: kv.into(),
                    property: "connectionString",
                },
            },
            _ => EnvVar::Prompt {
                key: name.into(),
                sync: false,
            },
        });
    }
    for (name, value) in app.settings() {
        out.push(match value {
            Some(v) => EnvVar::Value {
                key: name.into(),
                value: v.into(),
            },
            None => EnvVar::Prompt {
                key: name.into(),
                sync: false,
            },
        });
    }
    out
}

fn environment(app: &App, env: &str) -> Environment {
    let prefix = format!("{}-{env}", app.slug);
    let docker = runtime(app.stack).is_none() && !app.is_static();
    let postgres = app.database_engine() == Some("postgres");
    let db = postgres.then(|| format!("{prefix}-db"));
    let kv = app
        .plan
        .database
        .as_ref()
        .and_then(|d| d.cache.as_ref())
        .map(|_| format!("{prefix}-kv"));
    let envs = || env_vars(app, db.as_deref(), kv.as_deref());
    let base = |kind: &'static str, name: String| Service {
        kind,
        name,
        runtime: Some(if docker {
            "docker"
        } else {
            runtime(app.stack).unwrap_or("static")
        }),
        plan: Some("starter"),
        dockerfile_path: docker.then(|| {
            app.plan
                .runtime
                .dockerfile
                .clone()
                .unwrap_or_else(|| "./Dockerfile".into())
        }),
        build_command: if docker { None } else { Some(build(app)) },
        auto_deploy_trigger: Some("off"),
        env_vars: envs(),
        ..Service::default()
    };
    let command = |s: &mut Service, cmd: Option<&str>| {
        if let Some(cmd) = cmd {
            if docker {
                s.docker_command = Some(cmd.into())
            } else {
                s.start_command = Some(cmd.into())
            }
        }
    };
    let mut services = Vec::new();
    if app.is_static() {
        services.push(Service {
            kind: "web",
            name: format!("{prefix}-site"),
            runtime: Some("static"),
            build_command: Some(build(app)),
            static_publish_path: Some(match app.static_output_dir() {
                "." => "./".to_string(),
                dir => format!("./{dir}"),
            }),
            env_vars: envs(),
            ..Service::default()
        });
    } else {
        let mut web = base("web", format!("{prefix}-web"));
        command(&mut web, app.start_command());
        web.health_check_path = app.health_path();
        web.disk = app.sqlite_volume().map(|v| Disk {
            name: "data",
            mount_path: v.mount_path.clone(),
            size_gb: 1,
        });
        if migrations(app, Migrations::ReleaseHook) == Migrations::ReleaseHook {
            web.pre_deploy_command = app.auto_migrate().map(String::from);
        }
        services.push(web);
    }
    for w in &app.workers {
        let mut s = base("worker", format!("{prefix}-{}", names::slug(&w.name, 30)));
        command(&mut s, w.command.as_deref());
        services.push(s);
    }
    for c in &app.crons {
        let mut s = base("cron", format!("{prefix}-{}", names::slug(&c.name, 30)));
        s.auto_deploy_trigger = None;
        s.schedule = Some(c.schedule.clone().unwrap_or_else(|| "0 * * * *".into()));
        command(&mut s, c.command.as_deref());
        services.push(s);
    }
    if let Some(kv) = &kv {
        services.push(Service {
            kind: "keyvalue",
            name: kv.clone(),
            plan: Some("starter"),
            ip_allow_list: Some(Vec::new()),
            ..Service::default()
        });
    }
    Environment {
        name: env.into(),
        services,
        databases: db
            .map(|name| Database {
                name,
                plan: "basic-256mb",
                postgres_major_version: "17",
            })
            .into_iter()
            .collect(),
    }
}

fn build(app: &App) -> String {
    match app.build() {
        Some(b) => format!("{} && {b}", app.install()),
        None => app.install().to_string(),
    }
}

impl Target for Render {
    fn id(&self) -> &'static str {
        "render"
    }

    fn config(&self, app: &App) -> Result<Vec<GeneratedFile>, ArtifactError> {
        let envs: Vec<&str> = app
            .environments()
            .into_iter()
            .filter(|e| *e != "preview")
            .collect();
        let blueprint = Blueprint {
            previews: app.environments().contains(&"preview").then_some(Previews {
                generation: "automatic",
                expire_after_days: 7,
            }),
            projects: vec![Project {
                name: app.name().into(),
                environments: envs.iter().map(|e| environment(app, e)).collect(),
            }],
        };
        let header = "Generated by deployplan. Render Blueprint: New > Blueprint in the dashboard.
Each environment has its own services and database; the pipeline deploys them through
deploy hooks (autoDeployTrigger off), after the tests pass. Secrets marked sync: false
are asked for in the dashboard. preDeployCommand and previews need a paid plan.";
        let text = format::yaml(PATH, header, &blueprint)?;
        Ok(vec![file(
            PATH,
            text,
            format!(
                "Render Blueprint: {} environment(s), health check{}",
                envs.len(),
                if app.auto_migrate().is_some() {
                    ", migrations in preDeployCommand"
                } else {
                    ""
                }
            ),
        )])
    }

    fn deploy(&self, app: &App, environment: &str) -> Deploy {
        Deploy::new(environment)
            .secrets(&["RENDER_DEPLOY_HOOK_URL"])
            .migrations(migrations(app, Migrations::ReleaseHook))
            .script(&[
                "# The deploy hook of this environment's web service (Settings > Deploy Hook).",
                "curl --fail --silent --show-error --request POST \"$RENDER_DEPLOY_HOOK_URL\"",
            ])
    }

    fn needs_image(&self, app: &App) -> bool {
        runtime(app.stack).is_none() && !app.is_static()
    }
}
