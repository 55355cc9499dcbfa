//! Railway: `railway.json` (config as code) for the web service, one per worker or cron
//! service under `railway/<name>/`, migrations in `preDeployCommand`, deploys with `railway up`.

use deployplan_core::GeneratedFile;
use deployplan_core::plan::ProcessKind;
use serde::Serialize;

use super::{Target, file, migrations};
use crate::app::App;
use crate::deploy::{Deploy, Migrations, Tool};
use crate::{ArtifactError, format, names};

pub const PATH: &str = "railway.json";

pub struct Railway;

#[derive(Serialize)]
struct RailwayJson {
    #[serde(rename = "$schema")]
    schema: &'static str,
    build: Build,
    deploy: DeploySection,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Build {
    builder: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    build_command: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dockerfile_path: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DeploySection {
    #[serde(skip_serializing_if = "Option::is_none")]
    start_command: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pre_deploy_command: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    healthcheck_path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cron_schedule: Option<String>,
    restart_policy_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    restart_policy_max_retries: Option<u32>,
}

fn config(app: &App, start: Option<&str>, web: bool, cron: Option<&str>) -> RailwayJson {
    let dockerfile = app.plan.runtime.dockerfile.clone();
    RailwayJson {
        schema: "https://railway.com/railway.schema.json",
        build: Build {
            builder: if dockerfile.is_some() {
                "DOCKERFILE"
            } else {
                "RAILPACK"
            },
            build_command: if dockerfile.is_some() {
                None
            } else {
                app.build().map(String::from)
            },
            dockerfile_path: dockerfile,
        },
        deploy: DeploySection {
            start_command: start.map(String::from),
            pre_deploy_command: match (
                web,
                migrations(app, Migrations::ReleaseHook),
                app.auto_migrate(),
            ) {
                (true, Migrations::ReleaseHook, Some(cmd)) => Some(vec![cmd.to_string()]),
                _ => None,
            },
            healthcheck_path: if web { app.health_path() } else { None },
            cron_schedule: cron.map(String::from),
            restart_policy_type: if cron.is_some() {
                "NEVER"
            } else {
                "ON_FAILURE"
            },
            restart_policy_max_retries: cron.is_none().then_some(10),
        },
    }
}

/// A monorepo: one Railway service per deployable service, its `railway.json` in its folder
/// (Railway's Root Directory is that folder; its Config File Path is `<folder>/railway.json`).
fn services(app: &App) -> Result<Vec<GeneratedFile>, ArtifactError> {
    let mut out = Vec::new();
    for s in app.services() {
        let rt = &s.runtime;
        // A workspace member needs the root (its lockfile): it builds from there, in its folder.
        let from_root = !s.self_contained && s.path != ".";
        let in_folder = |c: &String| {
            if from_root {
                format!("cd {} && {c}", s.path)
            } else {
                c.clone()
            }
        };
        let dockerfile =
            rt.dockerfile
                .as_ref()
                .map(|d| match d.strip_prefix(&format!("{}/", s.path)) {
                    Some(inside) if !from_root => inside.to_string(),
                    _ => d.clone(),
                });
        // In an image the command runs where its Dockerfile puts it.
        let in_folder = |c: &String| {
            if dockerfile.is_some() {
                c.clone()
            } else {
                in_folder(c)
            }
        };
        let start = if s.is_static {
            None
        } else {
            rt.start_command.as_ref().map(in_folder)
        };
        let json = RailwayJson {
            schema: "https://railway.com/railway.schema.json",
            build: Build {
                builder: if dockerfile.is_some() {
                    "DOCKERFILE"
                } else {
                    "RAILPACK"
                },
                build_command: if dockerfile.is_some() {
                    None
                } else {
                    rt.build_command.as_ref().map(in_folder)
                },
                dockerfile_path: dockerfile,
            },
            deploy: DeploySection {
                start_command: start,
                pre_deploy_command: match migrations(app, Migrations::ReleaseHook) {
                    Migrations::ReleaseHook => app.service_migrate(s, !from_root).map(|c| vec![c]),
                    _ => None,
                },
                healthcheck_path: s.health_path.as_deref().map(names::url_path),
                cron_schedule: None,
                restart_policy_type: "ON_FAILURE",
                restart_policy_max_retries: Some(10),
            },
        };
        let path = if s.path == "." {
            PATH.to_string()
        } else {
            format!("{}/{PATH}", s.path)
        };
        out.push(file(
            &path,
            format::json(&path, &json)?,
            format!(
                "Railway config for the `{}` service (Root Directory `{}`): build, start, health check path",
                s.name, s.path
            ),
        ));
    }
    Ok(out)
}

impl Target for Railway {
    fn id(&self) -> deployplan_core::catalog::PlatformId {
        deployplan_core::catalog::PlatformId::Railway
    }

    fn config(&self, app: &App) -> Result<Vec<GeneratedFile>, ArtifactError> {
        if !app.services().is_empty() {
            return services(app);
        }
        let mut out = vec![file(
            PATH,
            format::json(PATH, &config(app, app.start_command(), true, None))?,
            "Railway config as code for the web service: build, start, health check path, pre-deploy migrations",
        )];
        for p in app.workers.iter().chain(app.crons.iter()) {
            let path = format!("railway/{}/railway.json", names::slug(&p.name, 30));
            let cron =
                (p.kind == ProcessKind::Cron).then(|| p.schedule.as_deref().unwrap_or("0 * * * *"));
            out.push(file(
                &path,
                format::json(&path, &config(app, p.command.as_deref(), false, cron))?,
                "Railway config for a worker/cron service (set its Config File Path to this file)",
            ));
        }
        Ok(out)
    }

    fn deploy(&self, app: &App, environment: &str) -> Deploy {
        if !app.services().is_empty() {
            // One `railway up` per service, each from its own folder.
            let mut d = Deploy::new(environment)
                .tools(&[Tool::Node])
                .secrets(&["RAILWAY_TOKEN"])
                .migrations(migrations(app, Migrations::ReleaseHook));
            let mut script =
                vec!["# RAILWAY_TOKEN is a project token scoped to this environment.".to_string()];
            for s in app.services() {
                let suffix = crate::app::env_suffix(&s.name);
                d = d.value(
                    &format!("RAILWAY_SERVICE_{suffix}"),
                    &format!("{}-{}", app.slug, names::slug(&s.name, 30)),
                );
                // A self-contained service uploads its folder alone; a workspace member the
                // whole repository (its railway.json runs its commands in its folder).
                let path = if s.self_contained && s.path != "." {
                    d = d.value(&format!("SERVICE_DIR_{suffix}"), &s.path);
                    format!(" \"$SERVICE_DIR_{suffix}\" --path-as-root")
                } else {
                    String::new()
                };
                script.push(format!(
                    "npx --yes {} up{path} --ci --service \"$RAILWAY_SERVICE_{suffix}\" --environment \"$DEPLOY_ENV\"",
                    crate::ci::pins::RAILWAY_CLI
                ));
            }
            let lines: Vec<&str> = script.iter().map(String::as_str).collect();
            return d.script(&lines);
        }
        Deploy::new(environment)
            .tools(&[Tool::Node])
            .secrets(&["RAILWAY_TOKEN"])
            .value("RAILWAY_SERVICE", &format!("{}-web", app.slug))
            .migrations(migrations(app, Migrations::ReleaseHook))
            .script(&[
                "# RAILWAY_TOKEN is a project token scoped to this environment.",
                &format!(
                    "npx --yes {} up --ci --service \"$RAILWAY_SERVICE\" --environment \"$DEPLOY_ENV\"",
                    crate::ci::pins::RAILWAY_CLI
                ),
            ])
    }

    fn needs_image(&self, _app: &App) -> bool {
        false
    }
}
