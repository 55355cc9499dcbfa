//! How a CI job deploys the plan to one environment, independent of the CI host. Platform
//! modules describe it; the GitHub, GitLab and Bitbucket modules turn it into jobs.
//!
//! The script lines are our own fixed text: every value that comes from the plan (names,
//! commands) reaches them only as an environment variable listed in `values`, so the CI host
//! passes it through its serializer and the shell never parses it as code.

/// A command-line tool the deploy needs on the runner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    /// Node.js and npx, for the vercel, netlify, wrangler and railway CLIs.
    Node,
    /// The app's own toolchain (Hugo, Ruby for Jekyll): the deploy builds the site on the
    /// runner (`netlify deploy --build`, `vercel build`, wrangler after the build command).
    AppToolchain,
    Flyctl,
    /// Kamal (its official image, or the job runs in it).
    Kamal,
    /// A Docker daemon, for building images on the runner.
    Docker,
    Kubectl,
    AwsCli,
    Gcloud,
    AzureCli,
    /// jq and envsubst, for filling in the image of a manifest.
    Templating,
}

/// A cloud signed in to by OpenID Connect federation (no long-lived keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cloud {
    /// Settings: AWS_ROLE_ARN, AWS_REGION.
    Aws,
    /// Settings: WIF_PROVIDER, WIF_SERVICE_ACCOUNT.
    Google,
    /// Settings: AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_SUBSCRIPTION_ID.
    Azure,
}

impl Cloud {
    pub fn settings(self) -> &'static [&'static str] {
        match self {
            Cloud::Aws => &["AWS_ROLE_ARN", "AWS_REGION"],
            Cloud::Google => &["WIF_PROVIDER", "WIF_SERVICE_ACCOUNT"],
            Cloud::Azure => &[
                "AZURE_CLIENT_ID",
                "AZURE_TENANT_ID",
                "AZURE_SUBSCRIPTION_ID",
            ],
        }
    }
}

/// Where the migrations of an auto-migrating plan run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Migrations {
    /// No migrations to run.
    None,
    /// The platform's own pre-release hook, written into its config file.
    ReleaseHook,
    /// The deploy script runs them on the platform (a one-off task with the new image).
    InScript,
    /// The pipeline runs the migration command itself, before the deploy step.
    PipelineStep,
}

#[derive(Debug, Clone)]
pub struct Deploy {
    /// `preview`, `dev`, `staging` or `production`.
    pub environment: String,
    pub tools: Vec<Tool>,
    pub cloud: Option<Cloud>,
    /// CI secrets (masked, per environment) the script reads as environment variables.
    pub secrets: Vec<String>,
    /// Non-secret CI variables (per environment) the script reads.
    pub settings: Vec<String>,
    /// Fixed values, some from the plan (app name, commands), passed as environment variables.
    pub values: Vec<(String, String)>,
    /// Build the image on the runner and push it to the CI host's registry; `IMAGE` holds
    /// its name for the script.
    pub push_image: bool,
    /// The images of a monorepo's services, each built from its own folder and Dockerfile
    /// (with `push_image`); empty: the one image of the repository root.
    pub images: Vec<ServiceImage>,
    /// The full git history is needed (a git push deploy).
    pub full_history: bool,
    pub migrations: Migrations,
    /// Shell lines, run in order with `set -euo pipefail`.
    pub script: Vec<String>,
}

impl Deploy {
    pub fn new(environment: &str) -> Self {
        Deploy {
            environment: environment.to_string(),
            tools: Vec::new(),
            cloud: None,
            secrets: Vec::new(),
            settings: Vec::new(),
            values: vec![("DEPLOY_ENV".into(), environment.to_string())],
            push_image: false,
            images: Vec::new(),
            full_history: false,
            migrations: Migrations::None,
            script: Vec::new(),
        }
    }

    pub fn tools(mut self, tools: &[Tool]) -> Self {
        self.tools.extend_from_slice(tools);
        self
    }
    pub fn cloud(mut self, cloud: Cloud) -> Self {
        self.cloud = Some(cloud);
        self.settings
            .extend(cloud.settings().iter().map(|s| s.to_string()));
        self
    }
    pub fn secrets(mut self, names: &[&str]) -> Self {
        let mut seen: std::collections::HashSet<String> = self.secrets.iter().cloned().collect();
        for n in names {
            if seen.insert(n.to_string()) {
                self.secrets.push(n.to_string());
            }
        }
        self
    }
    pub fn settings(mut self, names: &[&str]) -> Self {
        let mut seen: std::collections::HashSet<String> = self.settings.iter().cloned().collect();
        for n in names {
            if seen.insert(n.to_string()) {
                self.settings.push(n.to_string());
            }
        }
        self
    }
    pub fn value(mut self, name: &str, value: &str) -> Self {
        self.values.push((name.to_string(), value.to_string()));
        self
    }
    pub fn script(mut self, lines: &[&str]) -> Self {
        self.script.extend(lines.iter().map(|l| l.to_string()));
        self
    }
    pub fn migrations(mut self, m: Migrations) -> Self {
        self.migrations = m;
        self
    }
    pub fn push_image(mut self) -> Self {
        self.push_image = true;
        self.tools.push(Tool::Docker);
        self
    }
    /// Build and push the image of a monorepo service as `$REGISTRY_IMAGE-<name>`, from its
    /// build context and Dockerfile; the values reach the script as `IMAGE_NAME_<VAR>`,
    /// `IMAGE_CONTEXT_<VAR>` and `IMAGE_DOCKERFILE_<VAR>`.
    pub fn push_service_image(mut self, image: ServiceImage) -> Self {
        if !self.push_image {
            self = self.push_image();
        }
        let var = image.var.clone();
        self = self
            .value(&format!("IMAGE_NAME_{var}"), &image.name)
            .value(&format!("IMAGE_CONTEXT_{var}"), &image.context)
            .value(&format!("IMAGE_DOCKERFILE_{var}"), &image.dockerfile);
        self.images.push(image);
        self
    }
    pub fn full_history(mut self) -> Self {
        self.full_history = true;
        self
    }
    pub fn has(&self, tool: Tool) -> bool {
        self.tools.contains(&tool)
    }
    /// Every variable name the script reads (for the TDD and the CI host's variable list).
    pub fn all_inputs(&self) -> Vec<&str> {
        self.secrets
            .iter()
            .chain(self.settings.iter())
            .map(String::as_str)
            .collect()
    }
}

/// The image of one monorepo service.
#[derive(Debug, Clone)]
pub struct ServiceImage {
    /// The service's variable suffix (`API`, `MY_WEB`: letters, digits, `_`).
    pub var: String,
    /// The image name's suffix (`api`): `$REGISTRY_IMAGE-api`.
    pub name: String,
    /// The build context, from the repository root.
    pub context: String,
    /// The Dockerfile, from the repository root.
    pub dockerfile: String,
}

/// How the plan's environments are deployed by a pipeline, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// Every pull request (from this repository; forks get no secrets).
    PullRequest,
    /// Every push to a branch other than the main one.
    OtherBranches,
    /// Every push to the main branch.
    MainBranch,
    /// After the previous environment, once a person approves.
    Approval,
    /// A version tag (`v*`).
    Tag,
}

/// One deploy job of the pipeline.
#[derive(Debug, Clone)]
pub struct Stage {
    pub deploy: Deploy,
    pub trigger: Trigger,
    /// The environment deployed before this one in the same pipeline run.
    pub after: Option<String>,
}
