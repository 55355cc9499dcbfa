//! Fly.io: `fly.toml` — `[http_service]` with `[[http_service.checks]]` on the plan's health
//! path, `[deploy] release_command` for migrations, `[processes]` for workers. One Fly app per
//! environment (`<name>-staging`), deployed with `flyctl deploy --remote-only`.

use std::collections::BTreeMap;

use deployplan_core::GeneratedFile;
use serde::Serialize;

use super::{Target, file, migrations};
use crate::app::App;
use crate::deploy::{Deploy, Migrations, Tool};
use crate::{ArtifactError, format, names};

pub const PATH: &str = "fly.toml";

pub struct Fly;

#[derive(Serialize)]
struct FlyToml {
    app: String,
    primary_region: &'static str,
    build: Build,
    env: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deploy: Option<DeploySection>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    processes: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    http_service: Option<HttpService>,
    /// SQLite's volume (create it once with `fly volumes create data`).
    #[serde(skip_serializing_if = "Option::is_none")]
    mounts: Option<Mounts>,
    vm: Vec<Vm>,
}

#[derive(Serialize)]
struct Mounts {
    source: &'static str,
    destination: String,
}

#[derive(Serialize)]
struct Build {
    dockerfile: String,
}

#[derive(Serialize)]
struct DeploySection {
    release_command: String,
    strategy: &'static str,
}

#[derive(Serialize)]
struct HttpService {
    internal_port: u16,
    force_https: bool,
    auto_stop_machines: &'static str,
    auto_start_machines: bool,
    min_machines_running: u32,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    processes: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    checks: Vec<Check>,
}

#[derive(Serialize)]
struct Check {
    grace_period: String,
    interval: String,
    timeout: String,
    method: &'static str,
    path: String,
}

#[derive(Serialize)]
struct Vm {
    memory: &'static str,
    cpu_kind: &'static str,
    cpus: u32,
}

/// The Fly app of an environment (names are global on Fly: adjust them if taken).
pub fn app_name(app: &App, env: &str) -> String {
    if env == "production" {
        app.slug.clone()
    } else {
        format!("{}-{env}", app.slug)
    }
}

impl Target for Fly {
    fn id(&self) -> deployplan_core::catalog::PlatformId {
        deployplan_core::catalog::PlatformId::Fly
    }

    fn config(&self, app: &App) -> Result<Vec<GeneratedFile>, ArtifactError> {
        if !app.services().is_empty() {
            // A monorepo: a Fly app per service, its fly.toml in its folder.
            let mut out = Vec::new();
            for s in app.services() {
                let sub = crate::app::service_plan(app.plan, s);
                let mut sub_app = App::new(&sub);
                sub_app.service = true;
                let mut files = self.config(&sub_app)?;
                for f in &mut files {
                    if s.path != "." {
                        f.path = format!("{}/{}", s.path, f.path);
                    }
                    f.description = format!("{} (the `{}` service)", f.description, s.name);
                }
                out.extend(files);
            }
            return Ok(out);
        }
        let mut env = BTreeMap::from([("PORT".to_string(), app.port.to_string())]);
        for (name, value) in app.settings() {
            if let Some(v) = value {
                env.insert(name.into(), v.into());
            }
        }
        let mut processes = BTreeMap::new();
        if !app.workers.is_empty()
            && let Some(start) = app.start_command()
        {
            if app.web.is_some() {
                processes.insert("app".to_string(), start.to_string());
            }
            for w in &app.workers {
                if let Some(cmd) = &w.command {
                    processes.insert(names::slug(&w.name, 30), cmd.clone());
                }
            }
        }
        let checks = app
            .health
            .map(|h| Check {
                grace_period: "10s".into(),
                interval: format!("{}s", h.interval_s),
                timeout: format!("{}s", h.timeout_s),
                method: "GET",
                path: names::url_path(&h.path),
            })
            .into_iter()
            .collect();
        let toml = FlyToml {
            app: app_name(app, "production"),
            primary_region: "iad",
            build: Build {
                dockerfile: app.image_dockerfile().to_string(),
            },
            env,
            deploy: match (migrations(app, Migrations::ReleaseHook), app.auto_migrate()) {
                (Migrations::ReleaseHook, Some(cmd)) => Some(DeploySection {
                    release_command: cmd.into(),
                    strategy: "rolling",
                }),
                _ => None,
            },
            // A monorepo's static site is served by its image's nginx.
            http_service: (app.web.is_some() || (app.service && app.is_static())).then(|| {
                HttpService {
                    internal_port: app.container_port(),
                    force_https: true,
                    auto_stop_machines: "stop",
                    auto_start_machines: true,
                    min_machines_running: 1,
                    processes: if processes.is_empty() || app.web.is_none() {
                        Vec::new()
                    } else {
                        vec!["app".into()]
                    },
                    checks,
                }
            }),
            processes,
            mounts: app.sqlite_volume().map(|v| Mounts {
                source: "data",
                destination: v.mount_path.clone(),
            }),
            vm: vec![Vm {
                memory: "512mb",
                cpu_kind: "shared",
                cpus: 1,
            }],
        };
        let header = "Generated by deployplan. Fly.io app config: one app per environment, deployed
with `flyctl deploy --remote-only --app <app>` (staging: <app>-staging).
Health check: GET every 30 s with a 5 s timeout; Fly has no unhealthy-threshold setting.
Secrets are set with `fly secrets set NAME=value --app <app>`, never in this file.";
        let text = format::toml(PATH, header, &toml)?;
        Ok(vec![file(
            PATH,
            text,
            format!(
                "Fly.io config: HTTP service on port {}{}{}",
                app.port,
                if app.health.is_some() {
                    ", health check"
                } else {
                    ""
                },
                if app.auto_migrate().is_some() {
                    ", release_command runs migrations"
                } else {
                    ""
                }
            ),
        )])
    }

    fn deploy(&self, app: &App, environment: &str) -> Deploy {
        if !app.services().is_empty() {
            let mut d = Deploy::new(environment)
                .tools(&[Tool::Flyctl])
                .secrets(&["FLY_API_TOKEN"])
                .migrations(migrations(app, Migrations::ReleaseHook));
            let mut script = Vec::new();
            for s in app.services() {
                let sub = crate::app::service_plan(app.plan, s);
                let sub_app = App::new(&sub);
                let x = crate::app::env_suffix(&s.name);
                let dir = |name: &str| {
                    if s.path == "." {
                        name.to_string()
                    } else {
                        format!("{}/{name}", s.path)
                    }
                };
                d = d
                    .value(&format!("FLY_APP_{x}"), &app_name(&sub_app, environment))
                    .value(&format!("FLY_CONFIG_{x}"), &dir(PATH))
                    .value(&format!("FLY_CONTEXT_{x}"), crate::app::service_context(s))
                    .value(
                        &format!("FLY_DOCKERFILE_{x}"),
                        &s.runtime
                            .dockerfile
                            .clone()
                            .unwrap_or_else(|| dir("Dockerfile")),
                    );
                script.push(format!(
                    "flyctl deploy \"$FLY_CONTEXT_{x}\" --remote-only --app \"$FLY_APP_{x}\" --config \"$FLY_CONFIG_{x}\" --dockerfile \"$FLY_DOCKERFILE_{x}\""
                ));
            }
            let lines: Vec<&str> = script.iter().map(String::as_str).collect();
            return d.script(&lines);
        }
        Deploy::new(environment)
            .tools(&[Tool::Flyctl])
            .secrets(&["FLY_API_TOKEN"])
            .value("FLY_APP", &app_name(app, environment))
            .migrations(migrations(app, Migrations::ReleaseHook))
            .script(&["flyctl deploy --remote-only --app \"$FLY_APP\" --config fly.toml"])
    }

    fn needs_image(&self, _app: &App) -> bool {
        true
    }
}
