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

impl Target for Railway {
    fn id(&self) -> &'static str {
        "railway"
    }

    fn config(&self, app: &App) -> Result<Vec<GeneratedFile>, ArtifactError> {
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
