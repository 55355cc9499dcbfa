//! Vercel: `vercel.json` (build and install commands) and deploys with the Vercel CLI:
//! `vercel pull`, `vercel build`, `vercel deploy --prebuilt` (preview, staging) or `--prod`.

use crate::ci::pins::VERCEL_CLI;
use deployplan_core::GeneratedFile;
use serde::Serialize;

use super::{Target, file, migrations};
use crate::app::App;
use crate::deploy::{Deploy, Migrations, Tool};
use crate::{ArtifactError, format};

pub const PATH: &str = "vercel.json";

pub struct Vercel;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct VercelJson {
    #[serde(rename = "$schema")]
    schema: &'static str,
    install_command: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    build_command: Option<String>,
}

fn deploy(app: &App, environment: &str, production: bool) -> Deploy {
    let (pull_env, flag) = if production {
        ("production", " --prod")
    } else {
        ("preview", "")
    };
    Deploy::new(environment)
        .tools(&[Tool::Node])
        .secrets(&["VERCEL_TOKEN", "VERCEL_ORG_ID", "VERCEL_PROJECT_ID"])
        .migrations(migrations(app, Migrations::PipelineStep))
        .script(&[
            &format!("npx --yes {VERCEL_CLI} pull --yes --environment={pull_env} --token=\"$VERCEL_TOKEN\""),
            &format!("npx --yes {VERCEL_CLI} build{flag} --token=\"$VERCEL_TOKEN\""),
            &format!("npx --yes {VERCEL_CLI} deploy --prebuilt{flag} --token=\"$VERCEL_TOKEN\""),
        ])
}

impl Target for Vercel {
    fn id(&self) -> deployplan_core::catalog::PlatformId {
        deployplan_core::catalog::PlatformId::Vercel
    }

    fn config(&self, app: &App) -> Result<Vec<GeneratedFile>, ArtifactError> {
        let json = VercelJson {
            schema: "https://openapi.vercel.sh/vercel.json",
            install_command: app.install().into(),
            build_command: app.build().map(String::from),
        };
        Ok(vec![file(
            PATH,
            format::json(PATH, &json)?,
            "Vercel project config: install and build commands (no user-set health checks on Vercel)",
        )])
    }

    fn deploy(&self, app: &App, environment: &str) -> Deploy {
        deploy(app, environment, environment == "production")
    }

    fn preview(&self, app: &App) -> Option<Deploy> {
        Some(deploy(app, "preview", false))
    }

    fn needs_image(&self, _app: &App) -> bool {
        false
    }
}
