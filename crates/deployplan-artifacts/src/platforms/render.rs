//! Render: `render.yaml` Blueprint — one project with an environment per plan environment
//! (web service, workers, cron jobs, Postgres, Key Value), `healthCheckPath`, migrations in
//! `preDeployCommand`, and deploys triggered by the pipeline through deploy hooks.

use deployplan_core::GeneratedFile;
use deployplan_core::answers::Stack;
use deployplan_core::plan::{ProcessKind, ServicePlan};
use serde::Serialize;

use super::{Target, file, migrations};
use crate::app::App;
use crate::deploy::{Deploy, Migrations};
use crate::{ArtifactError, format, names};

mod env;
use env::{env_vars, listen_on, port_only_in_dockerfile, python_version};

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
    root_dir: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dockerfile_path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    docker_context: Option<String>,
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
    build_filter: Option<BuildFilter>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ip_allow_list: Option<Vec<IpAllow>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    env_vars: Vec<EnvVar>,
    /// A static site's rewrite rules: a single-page app's unknown paths serve `index.html`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    routes: Vec<Route>,
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

/// A static site's redirect or rewrite rule (Blueprint `routes`); Render serves an existing
/// file before it applies one.
/// https://render.com/docs/redirects-rewrites (checked 2026-12-03)
#[derive(Serialize)]
struct Route {
    #[serde(rename = "type")]
    kind: &'static str,
    source: &'static str,
    destination: &'static str,
}

/// The rewrite a single-page app with a client-side router needs: every path its router
/// knows, and no file matches, serves `index.html`.
fn spa_routes(spa_fallback: bool) -> Vec<Route> {
    if !spa_fallback {
        return Vec::new();
    }
    vec![Route {
        kind: "rewrite",
        source: "/*",
        destination: "/index.html",
    }]
}

#[derive(Serialize)]
struct BuildFilter {
    paths: Vec<String>,
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

/// Render's native runtime for the stack (its Blueprint name is the stack's id), when it has
/// one; the plan's one list of them also places the SQLite volume under its checkout.
fn runtime(stack: Stack) -> Option<&'static str> {
    use deployplan_core::answers::Choice;
    deployplan_core::plan::sqlite::render_native(stack).then(|| stack.id())
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
    let envs = || env_vars(app, db.as_deref(), kv.as_deref(), None);
    let base = |kind: &'static str, name: String| Service {
        kind,
        name,
        runtime: Some(if docker {
            "docker"
        } else {
            runtime(app.stack).unwrap_or("static")
        }),
        plan: Some("starter"),
        dockerfile_path: docker.then(|| format!("./{}", app.image_dockerfile())),
        build_command: if docker { None } else { Some(build(app)) },
        auto_deploy_trigger: Some("off"),
        env_vars: {
            let mut e = envs();
            e.extend(python_version(app).filter(|_| !docker));
            e
        },
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
    if !app.services().is_empty() {
        for svc in app.services() {
            services.extend(service(app, svc, &prefix, db.as_deref(), kv.as_deref()));
        }
    } else if app.is_static() {
        services.push(Service {
            kind: "web",
            name: format!("{prefix}-site"),
            runtime: Some("static"),
            build_command: Some(build(app)),
            static_publish_path: Some(match app.static_output_dir().as_str() {
                "." => "./".to_string(),
                dir => format!("./{dir}"),
            }),
            // The pipeline deploys it through its deploy hook once the tests pass.
            auto_deploy_trigger: Some("off"),
            env_vars: envs(),
            routes: spa_routes(app.plan.runtime.spa_fallback()),
            ..Service::default()
        });
    } else {
        let mut web = base("web", format!("{prefix}-web"));
        // A generated image's CMD already runs the web command, through a shell; the
        // repository's own image is told what to run.
        if !docker || app.plan.runtime.dockerfile.is_some() {
            command(&mut web, app.start_command());
        }
        web.health_check_path = app.health_path();
        if docker || !port_only_in_dockerfile(&app.plan.runtime) {
            listen_on(&mut web, app.container_port());
        }
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
    // A monorepo's workers are its services' own (above).
    let single = app.services().is_empty();
    for w in app.workers.iter().filter(|_| single) {
        let mut s = base("worker", format!("{prefix}-{}", names::slug(&w.name, 30)));
        command(&mut s, w.command.as_deref());
        services.push(s);
    }
    for c in app.crons.iter().filter(|_| single) {
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

/// The Render services of one monorepo service: its web service (or static site) with its own
/// folder, commands and health path, and its workers. A service whose files are all in its
/// folder builds from there (`rootDir`: Render then sees only that folder); one that needs
/// the workspace root (its lockfile) builds from the root and runs its commands in its folder.
fn service(
    app: &App,
    svc: &ServicePlan,
    prefix: &str,
    db: Option<&str>,
    kv: Option<&str>,
) -> Vec<Service> {
    let rt = &svc.runtime;
    let at_root = svc.path == ".";
    let root_dir = (svc.self_contained && !at_root).then(|| svc.path.clone());
    let in_folder = |cmd: &str| {
        if root_dir.is_some() || at_root {
            cmd.to_string()
        } else {
            format!("cd {} && {cmd}", svc.path)
        }
    };
    let build = match &rt.build_command {
        Some(b) if root_dir.is_none() && !at_root => {
            crate::app::source_build(&rt.install_command, Some(&in_folder(b)))
        }
        b => crate::app::source_build(&rt.install_command, b.as_deref()),
    };
    let build_filter = (root_dir.is_none() && !at_root).then(|| BuildFilter {
        paths: vec![format!("{}/**", svc.path)],
    });
    let name = format!("{prefix}-{}", names::slug(&svc.name, 30));
    let envs = env_vars(app, db, kv, Some(svc));
    if svc.is_static {
        let dir = svc.output_dir.as_deref().unwrap_or("dist");
        let publish = match (&root_dir, dir, at_root) {
            (Some(_), ".", _) | (None, ".", true) => "./".to_string(),
            (Some(_), d, _) | (None, d, true) => format!("./{d}"),
            (None, ".", false) => format!("./{}", svc.path),
            (None, d, false) => format!("./{}/{d}", svc.path),
        };
        return vec![Service {
            kind: "web",
            name,
            runtime: Some("static"),
            root_dir,
            build_command: Some(build),
            static_publish_path: Some(publish),
            auto_deploy_trigger: Some("off"),
            build_filter,
            env_vars: envs,
            routes: spa_routes(svc.runtime.spa_fallback()),
            ..Service::default()
        }];
    }
    // As for a single app: a native runtime when Render has one for the stack, else its image.
    let docker = runtime(rt.stack).is_none();
    let base = |kind: &'static str, name: String| Service {
        kind,
        name,
        runtime: Some(if docker {
            "docker"
        } else {
            runtime(rt.stack).unwrap_or("static")
        }),
        plan: Some("starter"),
        root_dir: if docker { None } else { root_dir.clone() },
        dockerfile_path: docker.then(|| {
            rt.dockerfile
                .as_ref()
                .map(|d| format!("./{d}"))
                .unwrap_or_else(|| format!("./{}/Dockerfile", svc.path))
        }),
        docker_context: docker.then(|| match crate::app::service_context(svc) {
            "." => ".".to_string(),
            dir => format!("./{dir}"),
        }),
        build_command: if docker { None } else { Some(build.clone()) },
        auto_deploy_trigger: Some("off"),
        build_filter: if docker {
            Some(BuildFilter {
                paths: vec![format!("{}/**", svc.path)],
            })
        } else {
            build_filter.as_ref().map(|b| BuildFilter {
                paths: b.paths.clone(),
            })
        },
        env_vars: env_vars(app, db, kv, Some(svc)),
        ..Service::default()
    };
    let run = |s: &mut Service, cmd: &str| {
        if docker {
            // A generated image's CMD already runs it (in the service's folder).
            if rt.dockerfile.is_some() {
                s.docker_command = Some(cmd.into())
            }
        } else {
            s.start_command = Some(in_folder(cmd))
        }
    };
    let mut out = Vec::new();
    if svc.is_worker {
        let mut s = base("worker", name);
        if let Some(cmd) = &rt.start_command {
            run(&mut s, cmd);
        }
        return vec![s];
    }
    let mut web = base("web", name);
    if let Some(cmd) = svc.start_command() {
        run(&mut web, cmd);
    }
    web.health_check_path = svc.health_path.as_deref().map(names::url_path);
    if docker || !port_only_in_dockerfile(rt) {
        listen_on(&mut web, rt.port);
    }
    if migrations(app, Migrations::ReleaseHook) == Migrations::ReleaseHook {
        web.pre_deploy_command = app.service_migrate(svc, root_dir.is_some() && !docker);
    }
    out.push(web);
    for w in rt
        .processes
        .iter()
        .filter(|p| p.kind == ProcessKind::Worker)
    {
        let mut s = base(
            "worker",
            format!(
                "{prefix}-{}-{}",
                names::slug(&svc.name, 20),
                names::slug(&w.name, 20)
            ),
        );
        if let Some(cmd) = &w.command {
            if docker {
                // The image's CMD is the web process's: a worker is told its own command.
                s.docker_command = Some(cmd.clone());
            } else {
                run(&mut s, cmd);
            }
        }
        out.push(s);
    }
    out
}

fn build(app: &App) -> String {
    crate::app::source_build(app.install(), app.build().as_deref())
}

impl Target for Render {
    fn id(&self) -> deployplan_core::catalog::PlatformId {
        deployplan_core::catalog::PlatformId::Render
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
        if !app.services().is_empty() {
            // One deploy hook per service of the monorepo, each its own secret.
            let hooks: Vec<String> = app
                .services()
                .iter()
                .map(|s| format!("RENDER_DEPLOY_HOOK_URL_{}", crate::app::env_suffix(&s.name)))
                .collect();
            let names: Vec<&str> = hooks.iter().map(String::as_str).collect();
            let mut script = vec![
                "# The deploy hook of each service of this environment (Settings > Deploy Hook)."
                    .to_string(),
            ];
            for h in &hooks {
                script.push(format!(
                    "curl --fail --silent --show-error --request POST \"${h}\""
                ));
            }
            let lines: Vec<&str> = script.iter().map(String::as_str).collect();
            return Deploy::new(environment)
                .secrets(&names)
                .migrations(migrations(app, Migrations::ReleaseHook))
                .script(&lines);
        }
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
