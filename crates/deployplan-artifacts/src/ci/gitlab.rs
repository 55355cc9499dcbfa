//! `.gitlab-ci.yml`: a test job, then one deploy job per environment with GitLab
//! `environment:`, `resource_group:` (one deploy at a time), `when: manual` for production
//! approval, OIDC `id_tokens` for the clouds, and migrations as their own job first.

use std::collections::BTreeMap;

use deployplan_core::{GeneratedFile, Plan};
use serde::Serialize;

use super::github_model::{Ordered, Script};
use super::runner::{self, Runner};
use super::shell;
use super::stages;
use super::toolchain;
use crate::app::App;
use crate::deploy::{Migrations, Stage, Trigger};
use crate::{Artifact, ArtifactError, format, names, platforms};

pub const PATH: &str = ".gitlab-ci.yml";

pub struct GitlabCi;

#[derive(Serialize)]
struct Pipeline {
    stages: Vec<String>,
    variables: BTreeMap<String, Variable>,
    workflow: Workflow,
    #[serde(flatten)]
    jobs: Ordered<Job>,
}

#[derive(Serialize)]
struct Variable {
    value: String,
    expand: bool,
    description: &'static str,
}

#[derive(Serialize)]
struct Workflow {
    rules: Vec<Rule>,
}

#[derive(Serialize, Clone)]
struct Rule {
    #[serde(rename = "if")]
    condition: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    when: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Image {
    Name(String),
    WithEntrypoint {
        name: String,
        entrypoint: Vec<&'static str>,
    },
}

#[derive(Serialize, Default)]
struct Job {
    stage: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<Image>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    services: Vec<ServiceImage>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    needs: Vec<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    variables: BTreeMap<String, JobVariable>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    id_tokens: BTreeMap<String, IdToken>,
    #[serde(skip_serializing_if = "Option::is_none")]
    environment: Option<Environment>,
    #[serde(skip_serializing_if = "Option::is_none")]
    resource_group: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    rules: Vec<Rule>,
    #[serde(skip_serializing_if = "Option::is_none")]
    allow_failure: Option<bool>,
    timeout: &'static str,
    script: Vec<Script>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum JobVariable {
    Plain(String),
    Literal { value: String, expand: bool },
}

#[derive(Serialize)]
#[serde(untagged)]
enum ServiceImage {
    Name(&'static str),
    /// A test database: reachable from the job at its alias, configured by its variables.
    Container {
        name: String,
        alias: String,
        variables: BTreeMap<String, String>,
    },
}

#[derive(Serialize)]
struct IdToken {
    aud: &'static str,
}

#[derive(Serialize)]
struct Environment {
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    deployment_tier: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    action: Option<&'static str>,
}

fn rule(condition: &str) -> Rule {
    Rule {
        condition: condition.into(),
        when: None,
    }
}

fn rules(stage: &Stage) -> Vec<Rule> {
    let mut r = match stage.trigger {
        Trigger::PullRequest => rule("$CI_PIPELINE_SOURCE == \"merge_request_event\""),
        Trigger::OtherBranches => rule("$CI_COMMIT_BRANCH && $CI_COMMIT_BRANCH != $DEPLOY_BRANCH"),
        Trigger::MainBranch | Trigger::Approval => rule("$CI_COMMIT_BRANCH == $DEPLOY_BRANCH"),
        Trigger::Tag => rule("$CI_COMMIT_TAG =~ /^v/"),
    };
    if stage.trigger == Trigger::Approval {
        r.when = Some("manual");
    }
    vec![r]
}

fn tier(env: &str) -> &'static str {
    match env {
        "production" => "production",
        "staging" => "staging",
        "dev" => "development",
        _ => "testing",
    }
}

fn env_name(stage: &Stage) -> String {
    if stage.trigger == Trigger::PullRequest {
        "preview/$CI_COMMIT_REF_SLUG".into()
    } else {
        stage.deploy.environment.clone()
    }
}

/// The branch that deploys, and the runner's submodule fetch when the repository has any
/// (a job's checkout leaves them empty otherwise).
fn pipeline_variables(plan: &Plan) -> BTreeMap<String, Variable> {
    let mut vars = BTreeMap::from([(
        "DEPLOY_BRANCH".to_string(),
        Variable {
            value: plan.ci.branch.clone(),
            expand: false,
            description: "The branch that deploys",
        },
    )]);
    if !plan.ci.submodules.is_empty() {
        vars.insert(
            "GIT_SUBMODULE_STRATEGY".into(),
            Variable {
                value: "recursive".into(),
                expand: false,
                description: "Fetch the repository's git submodules in every job",
            },
        );
    }
    vars
}

/// Plan values as job variables that GitLab must not expand (`$` stays `$`).
fn literal(value: &str) -> JobVariable {
    JobVariable::Literal {
        value: value.into(),
        expand: false,
    }
}

fn image(r: &Runner) -> Image {
    if r.clear_entrypoint {
        Image::WithEntrypoint {
            name: r.image.into(),
            entrypoint: vec![""],
        }
    } else {
        Image::Name(r.image.into())
    }
}

const REGISTRY: &[&str] = &[
    "REGISTRY_IMAGE=\"$CI_REGISTRY_IMAGE\"",
    "printf '%s' \"$CI_REGISTRY_PASSWORD\" | docker login --username \"$CI_REGISTRY_USER\" --password-stdin \"$CI_REGISTRY\"",
];

/// A monorepo's test jobs, one per service in the image of its own toolchain: its install in
/// its build context, its tests (when it has any) and build in its folder.
fn service_test_jobs(app: &App) -> Vec<(String, Job)> {
    app.services()
        .iter()
        .map(|s| {
            let sub_plan = crate::app::service_plan(app.plan, s);
            let sub = App::new(&sub_plan);
            let context = crate::app::service_context(s);
            let mut script: Vec<Script> = toolchain::service_shell_setup(app, s, &sub)
                .into_iter()
                .map(Script)
                .collect();
            script.push(Script(shell::cd("CI_PROJECT_DIR", context)));
            script.push(Script(s.runtime.install_command.clone()));
            if context != s.path {
                script.push(Script(shell::cd("CI_PROJECT_DIR", &s.path)));
            }
            if let Some(test) = &s.runtime.test_command {
                script.extend(toolchain::test_prepare(&sub).into_iter().map(Script));
                script.push(Script(test.clone()));
            }
            if let Some(b) = &s.runtime.build_command {
                script.push(Script(b.clone()));
            }
            let services = if s.runtime.test_command.is_some() {
                test_containers(&sub)
            } else {
                Vec::new()
            };
            let variables = toolchain::test_env(&sub, |name| name.to_string())
                .into_iter()
                .map(|(k, v)| (k, literal(&v)))
                .collect();
            (
                format!("test-{}", names::slug(&s.name, 30)),
                Job {
                    stage: "test".into(),
                    image: Some(Image::Name(toolchain::service_ci_image(app, s, &sub))),
                    services,
                    variables,
                    timeout: "30 minutes",
                    script,
                    ..Job::default()
                },
            )
        })
        .collect()
}

fn test_containers(app: &App) -> Vec<ServiceImage> {
    toolchain::services(app)
        .into_iter()
        .map(|s| ServiceImage::Container {
            alias: s.name.clone(),
            name: s.image,
            variables: s.env.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
        })
        .collect()
}

fn jobs(app: &App, stages: &[Stage]) -> Vec<(String, Job)> {
    let test_image = toolchain::ci_image(app);
    let setup: Vec<Script> = toolchain::shell_setup(app)
        .into_iter()
        .map(Script)
        .collect();
    let mut test_script = setup.clone();
    test_script.push(Script(app.install().into()));
    let early = toolchain::assets_before_tests(app);
    if let Some(b) = app.build().filter(|_| early) {
        test_script.push(Script(b.into()));
    }
    // No test line when the repository has no tests (the TDD says so).
    if let Some(test) = &app.plan.runtime.test_command {
        test_script.extend(toolchain::test_prepare(app).into_iter().map(Script));
        test_script.push(Script(test.clone()));
    }
    if let Some(b) = app.build().filter(|_| !early) {
        test_script.push(Script(b.into()));
    }
    let services = test_containers(app);
    let variables = toolchain::test_env(app, |name| name.to_string())
        .into_iter()
        .map(|(k, v)| (k, literal(&v)))
        .collect();
    let mut out = if app.services().is_empty() {
        vec![(
            "test".to_string(),
            Job {
                stage: "test".into(),
                image: Some(Image::Name(test_image.clone())),
                services,
                variables,
                timeout: "30 minutes",
                script: test_script,
                ..Job::default()
            },
        )]
    } else {
        service_test_jobs(app)
    };
    let tests: Vec<String> = out.iter().map(|(name, _)| name.clone()).collect();
    let subs = toolchain::service_plans(app);
    for stage in stages {
        let d = &stage.deploy;
        let env = &d.environment;
        let group = env_name(stage);
        let mut needs = tests.clone();
        if stage.trigger == Trigger::Approval
            && let Some(prev) = &stage.after
        {
            needs.push(format!("deploy-{prev}"));
        }
        if d.migrations == Migrations::PipelineStep
            && let Some(run) = toolchain::migration_run(app, &subs)
        {
            let name = format!("migrate-{env}");
            let mut script: Vec<Script> = toolchain::shell_setup(&run.toolchain_app)
                .into_iter()
                .map(Script)
                .collect();
            if run.install_dir != "." {
                script.push(Script(shell::cd("CI_PROJECT_DIR", &run.install_dir)));
            }
            script.push(Script(run.install.clone()));
            if run.dir != run.install_dir {
                script.push(Script(shell::cd("CI_PROJECT_DIR", &run.dir)));
            }
            script.push(Script(run.command.clone()));
            out.push((
                name.clone(),
                Job {
                    stage: env.clone(),
                    image: Some(Image::Name(toolchain::ci_image(&run.toolchain_app))),
                    needs: needs.clone(),
                    environment: Some(Environment {
                        name: group.clone(),
                        deployment_tier: None,
                        action: Some("prepare"),
                    }),
                    resource_group: Some(group.clone()),
                    rules: rules(stage),
                    allow_failure: (stage.trigger == Trigger::Approval).then_some(false),
                    timeout: "30 minutes",
                    script,
                    ..Job::default()
                },
            ));
            needs = vec![name];
        }
        let r = runner::runner(app, d);
        let mut variables: BTreeMap<String, JobVariable> = d
            .values
            .iter()
            .map(|(k, v)| (k.clone(), literal(v)))
            .collect();
        if r.docker {
            variables.insert(
                "DOCKER_TLS_CERTDIR".into(),
                JobVariable::Plain("/certs".into()),
            );
        }
        let mut script: Vec<Script> = r.install.iter().map(|l| Script(l.clone())).collect();
        script.push(Script(runner::script(
            d,
            "CI_COMMIT_SHA",
            "CLOUD_ID_TOKEN",
            REGISTRY,
        )));
        let deploy_rules = if needs.first().is_some_and(|n| n.starts_with("migrate-")) {
            // The migration job already waited for the approval.
            rules(stage)
                .into_iter()
                .map(|mut r| {
                    r.when = None;
                    r
                })
                .collect()
        } else {
            rules(stage)
        };
        out.push((
            format!("deploy-{env}"),
            Job {
                stage: env.clone(),
                image: Some(image(&r)),
                services: if r.docker {
                    vec![ServiceImage::Name("docker:27-dind")]
                } else {
                    Vec::new()
                },
                needs,
                variables,
                id_tokens: d
                    .cloud
                    .map(|c| {
                        BTreeMap::from([(
                            "CLOUD_ID_TOKEN".to_string(),
                            IdToken {
                                aud: runner::audience(c),
                            },
                        )])
                    })
                    .unwrap_or_default(),
                environment: Some(Environment {
                    name: group.clone(),
                    deployment_tier: Some(tier(env)),
                    action: None,
                }),
                resource_group: Some(group),
                allow_failure: (stage.trigger == Trigger::Approval).then_some(false),
                rules: deploy_rules,
                timeout: "30 minutes",
                script,
            },
        ));
    }
    out
}

impl Artifact for GitlabCi {
    fn files(&self, plan: &Plan) -> Result<Vec<GeneratedFile>, ArtifactError> {
        let app = App::new(plan);
        let Some(target) = platforms::target(&plan.platform.id) else {
            return Ok(Vec::new());
        };
        let stages = stages(&app, target);
        let mut stage_names = vec!["test".to_string()];
        stage_names.extend(stages.iter().map(|s| s.deploy.environment.clone()));
        // What to create on the host: the plan's CI inputs, decided once (crate::ci_inputs).
        let declared = crate::ci_inputs(plan);
        let mut inputs: Vec<&str> = declared
            .secrets
            .iter()
            .chain(&declared.settings)
            .map(String::as_str)
            .collect();
        inputs.sort();
        let pipeline = Pipeline {
            stages: stage_names,
            variables: pipeline_variables(plan),
            workflow: Workflow {
                rules: vec![
                    rule("$CI_PIPELINE_SOURCE == \"merge_request_event\""),
                    Rule {
                        condition: "$CI_COMMIT_BRANCH && $CI_OPEN_MERGE_REQUESTS".into(),
                        when: Some("never"),
                    },
                    rule("$CI_COMMIT_BRANCH"),
                    rule("$CI_COMMIT_TAG"),
                ],
            },
            jobs: Ordered(jobs(&app, &stages)),
        };
        let header = format!(
            "Generated by deployplan. Test, then deploy to {}.
CI/CD variables to create (Settings > CI/CD > Variables; masked, protected, scoped to each
environment): {}.
Production waits for a person to run its manual job; resource_group keeps deploys serial.",
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
            format::yaml(PATH, &header, &pipeline)?,
            format!(
                "GitLab CI: {}, then deploy to {} ({})",
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
