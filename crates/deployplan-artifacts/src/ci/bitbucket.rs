//! `bitbucket-pipelines.yml`: a test step on every branch and pull request, then one deploy
//! step per environment with a Bitbucket `deployment:` (deployment variables, one deploy at a
//! time per environment), `trigger: manual` for production approval, and OIDC for the clouds.

use std::collections::BTreeMap;

use deployplan_core::{GeneratedFile, Plan};
use serde::Serialize;

use super::github_model::Script;
use super::runner;
use super::shell;
use super::stages;
use super::toolchain;
use crate::app::App;
use crate::deploy::{Migrations, Stage, Trigger};
use crate::{Artifact, ArtifactError, format, names, platforms};

pub const PATH: &str = "bitbucket-pipelines.yml";

pub struct BitbucketPipelines;

#[derive(Serialize)]
struct Pipelines {
    image: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    definitions: Option<Definitions>,
    pipelines: Triggers,
}

/// Service containers the test step starts (reachable on localhost).
#[derive(Serialize)]
struct Definitions {
    services: BTreeMap<String, ServiceDef>,
}

#[derive(Serialize)]
struct ServiceDef {
    image: String,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    variables: BTreeMap<String, String>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Triggers {
    default: Vec<Item>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    branches: BTreeMap<String, Vec<Item>>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pull_requests: BTreeMap<String, Vec<Item>>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    tags: BTreeMap<String, Vec<Item>>,
}

#[derive(Serialize, Clone)]
struct Item {
    step: Step,
}

#[derive(Serialize, Clone, Default)]
struct Step {
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deployment: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    trigger: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    oidc: Option<bool>,
    #[serde(rename = "max-time")]
    max_time: u32,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    services: Vec<String>,
    script: Vec<Script>,
}

/// The repository variables the registry login below reads (Bitbucket has no registry of its
/// own to push to).
pub(crate) const REGISTRY_SECRETS: &[&str] = &["REGISTRY_PASSWORD"];
pub(crate) const REGISTRY_SETTINGS: &[&str] = &["REGISTRY_IMAGE", "REGISTRY_USERNAME"];

const REGISTRY: &[&str] = &[
    "# REGISTRY_IMAGE (e.g. docker.io/team/app), REGISTRY_USERNAME, REGISTRY_PASSWORD: repository variables.",
    "printf '%s' \"$REGISTRY_PASSWORD\" | docker login --username \"$REGISTRY_USERNAME\" --password-stdin \"${REGISTRY_IMAGE%%/*}\"",
];

fn test_step(app: &App) -> Item {
    let mut script: Vec<Script> = toolchain::test_env(app, |_| "localhost".into())
        .iter()
        .map(|(k, v)| export(k, v))
        .collect();
    script.extend(toolchain::shell_setup(app).into_iter().map(Script));
    script.push(Script(app.install().into()));
    let early = toolchain::assets_before_tests(app);
    if let Some(b) = app.build().filter(|_| early) {
        script.push(Script(b.into()));
    }
    // No test line when the repository has no tests (the TDD says so).
    if let Some(test) = &app.plan.runtime.test_command {
        script.extend(toolchain::test_prepare(app).into_iter().map(Script));
        script.push(Script(test.clone()));
    }
    if let Some(b) = app.build().filter(|_| !early) {
        script.push(Script(b.into()));
    }
    Item {
        step: Step {
            name: "Test".into(),
            max_time: 30,
            services: toolchain::services(app)
                .into_iter()
                .map(|s| s.name)
                .collect(),
            script,
            ..Step::default()
        },
    }
}

/// A monorepo's test steps, one per service in the image of its own toolchain: its install
/// in its build context, its tests (when it has any) and build in its folder.
fn service_test_steps(app: &App) -> Vec<Item> {
    app.services()
        .iter()
        .map(|s| {
            let sub_plan = crate::app::service_plan(app.plan, s);
            let sub = App::new(&sub_plan);
            let tests = s.runtime.test_command.is_some();
            let mut script: Vec<Script> = if tests {
                toolchain::test_env(&sub, |_| "localhost".into())
                    .iter()
                    .map(|(k, v)| export(k, v))
                    .collect()
            } else {
                Vec::new()
            };
            script.extend(
                toolchain::service_shell_setup(app, s, &sub)
                    .into_iter()
                    .map(Script),
            );
            let context = crate::app::service_context(s);
            script.push(Script(shell::cd("BITBUCKET_CLONE_DIR", context)));
            script.push(Script(s.runtime.install_command.clone()));
            if context != s.path {
                script.push(Script(shell::cd("BITBUCKET_CLONE_DIR", &s.path)));
            }
            if let Some(test) = &s.runtime.test_command {
                script.extend(toolchain::test_prepare(&sub).into_iter().map(Script));
                script.push(Script(test.clone()));
            }
            if let Some(b) = &s.runtime.build_command {
                script.push(Script(b.clone()));
            }
            Item {
                step: Step {
                    name: format!("Test {}", s.name),
                    image: Some(toolchain::service_ci_image(app, s, &sub)),
                    max_time: 30,
                    services: if tests {
                        toolchain::services(&sub)
                            .into_iter()
                            .map(|c| c.name)
                            .collect()
                    } else {
                        Vec::new()
                    },
                    script,
                    ..Step::default()
                },
            }
        })
        .collect()
}

/// The service containers of every test step.
fn definitions(app: &App) -> Option<Definitions> {
    let mut containers = toolchain::services(app);
    if !app.services().is_empty() {
        containers = app
            .services()
            .iter()
            .filter(|s| s.runtime.test_command.is_some())
            .flat_map(|s| {
                let sub_plan = crate::app::service_plan(app.plan, s);
                toolchain::services(&App::new(&sub_plan))
            })
            .collect();
    }
    let services: BTreeMap<String, ServiceDef> = containers
        .into_iter()
        .map(|s| {
            let def = ServiceDef {
                image: s.image,
                variables: s.env.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
            };
            (s.name, def)
        })
        .collect();
    (!services.is_empty()).then_some(Definitions { services })
}

/// `cmd` run in `dir` of the checkout (`.`: as it is); the folder single-quoted.
fn in_dir(dir: &str, cmd: &str) -> String {
    if dir == "." {
        cmd.to_string()
    } else {
        format!("cd '{}' && {cmd}", dir.replace('\'', "'\\''"))
    }
}

fn export(name: &str, value: &str) -> Script {
    // A plan value becomes a shell variable through single quotes, where nothing expands.
    Script(format!("export {name}='{}'", value.replace('\'', "'\\''")))
}

fn deploy_step(app: &App, stage: &Stage) -> Item {
    let d = &stage.deploy;
    let r = runner::runner(app, d);
    let mut script: Vec<Script> = d.values.iter().map(|(k, v)| export(k, v)).collect();
    let mut docker = r.docker;
    let subs = toolchain::service_plans(app);
    if d.migrations == Migrations::PipelineStep
        && let Some(run) = toolchain::migration_run(app, &subs)
    {
        // Migrations run in the stack's image before the deploy, with this deployment's
        // database URL.
        docker = true;
        let t = &run.toolchain_app;
        script.push(export("STACK_IMAGE", &toolchain::ci_image(t)));
        let mut install = toolchain::shell_setup(t);
        install.push(in_dir(&run.install_dir, &run.install));
        script.push(export("INSTALL_COMMAND", &install.join(" && ")));
        script.push(export("MIGRATE_COMMAND", &in_dir(&run.dir, &run.command)));
        // The database URL under the name the code reads (an env name, checked).
        script.push(Script(format!(
            "docker run --rm --env {} --env INSTALL_COMMAND --env MIGRATE_COMMAND --volume \"$BITBUCKET_CLONE_DIR:/app\" --workdir /app \"$STACK_IMAGE\" sh -c 'eval \"$INSTALL_COMMAND\" && eval \"$MIGRATE_COMMAND\"'",
            super::github::migrate_url_env(app)
        )));
    }
    script.extend(r.install.iter().map(|l| Script(l.clone())));
    if d.cloud.is_some() {
        script.push(Script(
            "export CLOUD_ID_TOKEN=\"$BITBUCKET_STEP_OIDC_TOKEN\"".into(),
        ));
    }
    script.push(Script(runner::script(
        d,
        "BITBUCKET_COMMIT",
        "CLOUD_ID_TOKEN",
        REGISTRY,
    )));
    Item {
        step: Step {
            name: format!("Deploy to {}", super::title(&d.environment)),
            image: Some(r.image.into()),
            deployment: Some(d.environment.clone()),
            trigger: (stage.trigger == Trigger::Approval).then_some("manual"),
            oidc: d.cloud.map(|_| true),
            max_time: 30,
            services: if docker {
                vec!["docker".to_string()]
            } else {
                Vec::new()
            },
            script,
        },
    }
}

impl Artifact for BitbucketPipelines {
    fn files(&self, plan: &Plan) -> Result<Vec<GeneratedFile>, ArtifactError> {
        let app = App::new(plan);
        let Some(target) = platforms::target(&plan.platform.id) else {
            return Ok(Vec::new());
        };
        let stages = stages(&app, target);
        let of = |t: Trigger| -> Vec<Item> {
            stages
                .iter()
                .filter(|s| s.trigger == t)
                .map(|s| deploy_step(&app, s))
                .collect()
        };
        let test = if app.services().is_empty() {
            vec![test_step(&app)]
        } else {
            service_test_steps(&app)
        };
        let mut default = test.clone();
        default.extend(of(Trigger::OtherBranches));
        let mut main = test.clone();
        main.extend(
            stages
                .iter()
                .filter(|s| matches!(s.trigger, Trigger::MainBranch | Trigger::Approval))
                .map(|s| deploy_step(&app, s)),
        );
        let mut pr = test.clone();
        pr.extend(of(Trigger::PullRequest));
        let tag = of(Trigger::Tag);
        let pipelines = Pipelines {
            image: toolchain::ci_image(&app),
            definitions: definitions(&app),
            pipelines: Triggers {
                default,
                branches: BTreeMap::from([(plan.ci.branch.clone(), main)]),
                pull_requests: BTreeMap::from([("**".to_string(), pr)]),
                tags: if tag.is_empty() {
                    BTreeMap::new()
                } else {
                    BTreeMap::from([("v*".to_string(), test.into_iter().chain(tag).collect())])
                },
            },
        };
        // What to create on the host: the plan's CI inputs, decided once (crate::ci_inputs).
        let declared = crate::ci_inputs(plan);
        let mut inputs: Vec<&str> = declared
            .secrets
            .iter()
            .chain(&declared.settings)
            .map(String::as_str)
            .collect();
        inputs.sort();
        let header = format!(
            "Generated by deployplan. Test, then deploy to {}.
Deployment variables to create (Repository settings > Deployments, secured, per environment):
{}. Production waits for a person to run its manual step.",
            names::escaped(&plan.platform.name),
            if inputs.is_empty() {
                "none".to_string()
            } else {
                inputs.join(", ")
            }
        );
        Ok(vec![GeneratedFile::new(
            // Beside the repository's own pipeline, when it has one there.
            plan.ci.pipeline_path.as_deref().unwrap_or(PATH),
            format::yaml(PATH, &header, &pipelines)?,
            format!(
                "Bitbucket Pipelines: {}, then deploy to {} ({})",
                if plan.runtime.test_command.is_some() {
                    "test"
                } else {
                    "install and build (no test step: no tests found)"
                },
                plan.platform.name,
                plan.ci.production_trigger
            ),
        )])
    }
}
