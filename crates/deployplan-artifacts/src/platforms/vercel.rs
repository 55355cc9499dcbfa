//! Vercel: `vercel.json` (build and install commands) and deploys with the Vercel CLI:
//! `vercel pull`, `vercel build`, `vercel deploy --prebuilt` (preview, staging) or `--prod`.
//!
//! A monorepo deploys its frontend service: the project's Root Directory (a project setting,
//! not a `vercel.json` key) is the service's folder, `vercel.json` lives in that folder with
//! the service's own commands, and the CLI runs from the repository root, where Vercel's
//! monorepo docs say it must be invoked (https://vercel.com/docs/monorepos, checked
//! 2026-12-02); `vercel build` builds in the Root Directory it pulls with the settings.

use crate::ci::pins::VERCEL_CLI;
use deployplan_core::GeneratedFile;
use serde::Serialize;

use super::{Target, file, migrations};
use crate::app::App;
use crate::deploy::{Deploy, Migrations, Tool};
use crate::{ArtifactError, format};
use deployplan_core::plan::ServicePlan;

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
    /// A single-page app's fallback; Vercel serves a file that exists before a rewrite.
    /// https://vercel.com/docs/frameworks/frontend/vite#using-vite-to-make-spas (checked
    /// 2026-12-03)
    #[serde(skip_serializing_if = "Vec::is_empty")]
    rewrites: Vec<Rewrite>,
}

#[derive(Serialize)]
struct Rewrite {
    source: &'static str,
    destination: &'static str,
}

fn spa_rewrites(spa_fallback: bool) -> Vec<Rewrite> {
    if !spa_fallback {
        return Vec::new();
    }
    vec![Rewrite {
        source: "/(.*)",
        destination: "/index.html",
    }]
}

fn deploy(app: &App, environment: &str, production: bool) -> Deploy {
    let (pull_env, flag) = if production {
        ("production", " --prod")
    } else {
        ("preview", "")
    };
    Deploy::new(environment)
        .tools(&[Tool::Node, Tool::AppToolchain])
        .secrets(&["VERCEL_TOKEN", "VERCEL_ORG_ID", "VERCEL_PROJECT_ID"])
        .migrations(migrations(app, Migrations::PipelineStep))
        .script(&[
            &format!("npx --yes {VERCEL_CLI} pull --yes --environment={pull_env} --token=\"$VERCEL_TOKEN\""),
            &format!("npx --yes {VERCEL_CLI} build{flag} --token=\"$VERCEL_TOKEN\""),
            &format!("npx --yes {VERCEL_CLI} deploy --prebuilt{flag} --token=\"$VERCEL_TOKEN\""),
        ])
}

/// The frameworks Vercel builds and serves itself, beside static sites.
const VERCEL_FRAMEWORKS: &[&str] = &["Next.js", "Nuxt", "SvelteKit", "Remix", "Astro"];

/// The monorepo service a frontend host deploys: the first static one, or (when `servers`
/// lists frameworks the host runs) the first service built on one of them.
pub(super) fn frontend<'a>(app: &App<'a>, servers: &[&str]) -> Option<&'a ServicePlan> {
    let services = app.services();
    services.iter().find(|s| s.is_static).or_else(|| {
        services.iter().find(|s| {
            !s.is_worker
                && s.runtime
                    .frameworks
                    .iter()
                    .any(|f| servers.contains(&f.as_str()))
        })
    })
}

/// The services a frontend host leaves to another host, for the file's description.
pub(super) fn others(app: &App, deployed: &ServicePlan) -> String {
    let rest: Vec<String> = app
        .services()
        .iter()
        .filter(|s| s.name != deployed.name)
        .map(|s| format!("`{}` ({})", s.name, s.path))
        .collect();
    if rest.is_empty() {
        String::new()
    } else {
        format!(
            "; {} need a host that runs servers (this platform serves the frontend only)",
            rest.join(", ")
        )
    }
}

impl Target for Vercel {
    fn id(&self) -> deployplan_core::catalog::PlatformId {
        deployplan_core::catalog::PlatformId::Vercel
    }

    fn config(&self, app: &App) -> Result<Vec<GeneratedFile>, ArtifactError> {
        if let Some(s) = frontend(app, VERCEL_FRAMEWORKS)
            && s.path != "."
        {
            // The commands as the service states them, run in its folder (the Root
            // Directory); a workspace's install there reaches the root lockfile.
            let json = VercelJson {
                schema: "https://openapi.vercel.sh/vercel.json",
                install_command: s.runtime.install_command.clone(),
                build_command: s.runtime.build_command.clone(),
                rewrites: spa_rewrites(s.is_static && s.runtime.spa_fallback()),
            };
            let path = format!("{}/{PATH}", s.path);
            let text = format::json(&path, &json)?;
            return Ok(vec![file(
                &path,
                text,
                format!(
                    "Vercel project config of the `{}` service: set the project's Root Directory to `{}` (Project Settings > Build and Deployment){}",
                    s.name,
                    s.path,
                    others(app, s)
                ),
            )]);
        }
        let json = VercelJson {
            schema: "https://openapi.vercel.sh/vercel.json",
            install_command: app.install().into(),
            build_command: app.build().map(String::from),
            rewrites: spa_rewrites(app.is_static() && app.plan.runtime.spa_fallback()),
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
