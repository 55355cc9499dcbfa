//! What a GitLab or Bitbucket deploy job runs in: a container image with the deploy's tools,
//! and the deploy script run by bash from a quoted here-document (fixed text only; every plan
//! value is an environment variable).

use super::{shell, toolchain};
use crate::app::App;
use crate::deploy::{Cloud, Deploy, Tool};
use crate::platforms::kamal::KAMAL_IMAGE;

/// The image of a deploy job and what to install in it first.
pub struct Runner {
    pub image: &'static str,
    /// The image's entrypoint must be cleared (it is a CLI, not a shell).
    pub clear_entrypoint: bool,
    /// A Docker daemon is needed (Docker-in-Docker service).
    pub docker: bool,
    pub install: Vec<String>,
}

pub fn runner(app: &App, d: &Deploy) -> Runner {
    let templating = d.has(Tool::Templating);
    if d.has(Tool::Kamal) {
        return Runner {
            image: KAMAL_IMAGE,
            clear_entrypoint: true,
            docker: true,
            install: vec![
                "command -v bash >/dev/null || apk add --no-cache bash openssh-client".into(),
            ],
        };
    }
    if d.has(Tool::Docker) || d.has(Tool::Kubectl) || d.cloud == Some(Cloud::Aws) {
        let mut pkgs = vec!["bash", "curl", "git"];
        if templating {
            pkgs.extend(["jq", "gettext"]);
        }
        if d.has(Tool::AwsCli) || d.cloud == Some(Cloud::Aws) {
            pkgs.push("aws-cli");
        }
        if d.has(Tool::Kubectl) {
            pkgs.push("kubectl");
        }
        return Runner {
            image: "docker:27",
            clear_entrypoint: false,
            docker: true,
            install: vec![format!("apk add --no-cache {}", pkgs.join(" "))],
        };
    }
    if d.has(Tool::Gcloud) || d.cloud == Some(Cloud::Google) {
        return Runner {
            image: "google/cloud-sdk:slim",
            clear_entrypoint: false,
            docker: false,
            install: if templating {
                vec!["apt-get update -qq && apt-get install -y -qq gettext-base".into()]
            } else {
                Vec::new()
            },
        };
    }
    if d.has(Tool::AzureCli) || d.cloud == Some(Cloud::Azure) {
        return Runner {
            // A fixed release, not `latest`: the deploy runs in the same CLI until bumped.
            image: "mcr.microsoft.com/azure-cli:2.67.0",
            clear_entrypoint: false,
            docker: false,
            install: if templating {
                vec!["tdnf install -y gettext".into()]
            } else {
                Vec::new()
            },
        };
    }
    // The node image's corepack provides the app's pnpm or Yarn 2+ (its packageManager
    // field), which the CLIs that build on the runner run.
    let mut install = vec!["corepack enable".to_string()];
    if d.has(Tool::AppToolchain) {
        install.extend(toolchain::runner_build_setup(app));
    }
    if d.has(Tool::Flyctl) {
        install.push("curl -fsSL https://fly.io/install.sh | sh".into());
    }
    Runner {
        image: "node:22",
        clear_entrypoint: false,
        docker: false,
        install,
    }
}

/// The deploy script for a host whose commit SHA is in `sha_var`, signing in to the cloud
/// with the OIDC token in `token_var`, pushing the image with `registry` lines when needed.
pub fn script(d: &Deploy, sha_var: &str, token_var: &str, registry: &[&str]) -> String {
    let mut lines = shell::prelude(sha_var);
    if d.has(Tool::Flyctl) {
        lines.push("export PATH=\"$HOME/.fly/bin:$PATH\"".into());
    }
    if let Some(cloud) = d.cloud {
        lines.extend(shell::oidc_login(cloud, token_var));
    }
    if d.push_image {
        lines.extend(registry.iter().map(|l| l.to_string()));
        lines.extend(shell::build_and_push_all("$REGISTRY_IMAGE", &d.images));
    }
    lines.extend(d.script.iter().cloned());
    format!(
        "bash -euo pipefail <<'DEPLOY_SCRIPT'\n{}\nDEPLOY_SCRIPT",
        lines.join("\n")
    )
}

/// The OIDC audience a cloud expects from a GitLab or Bitbucket ID token.
pub fn audience(cloud: Cloud) -> &'static str {
    match cloud {
        Cloud::Aws => "sts.amazonaws.com",
        Cloud::Google => "https://iam.googleapis.com/",
        Cloud::Azure => "api://AzureADTokenExchange",
    }
}
