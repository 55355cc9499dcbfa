//! Sections 3 and 4: the pipeline (or the manual procedure), its inputs, and the
//! environments with their variables.

use serde::Serialize;

use super::title;
use crate::answers::CiProvider;
use crate::plan::{Plan, Stage};
use crate::render::PipelineInputs;
use crate::render::commands::{self, CommandBlock};

#[derive(Serialize)]
pub struct CiView<'a> {
    pub automation: String,
    pub manual: bool,
    pub other: bool,
    pub manual_steps: Vec<String>,
    pub workflow: Vec<String>,
    pub location: String,
    pub triggers: String,
    pub secrets: String,
    pub secret_list: Vec<String>,
    pub settings: String,
    pub stages: &'a [Stage],
    pub deploy_commands: CommandBlock,
    pub notes: Vec<String>,
}

#[derive(Serialize)]
pub struct EnvironmentView<'a> {
    pub title: String,
    pub purpose: &'a str,
    pub trigger: &'a str,
    pub url: &'a str,
}

/// One variable of section 4, with its value per environment.
#[derive(Serialize)]
pub struct EnvRow<'a> {
    pub name: &'a str,
    pub values: Vec<String>,
    pub stored_in: &'a str,
}

/// The first environment a release reaches.
pub fn first_env(plan: &Plan) -> String {
    plan.environments
        .first()
        .map_or("production".to_string(), |e| e.name.clone())
}

/// The secrets the pipeline reads, decided once with its jobs
/// (`deployplan_artifacts::ci_inputs` completes `plan.ci.secrets`).
fn ci_secrets(plan: &Plan) -> Vec<String> {
    plan.ci.secrets.clone()
}

fn workflow(plan: &Plan) -> Vec<String> {
    let install = &plan.runtime.install_command;
    let mut workflow = vec![format!(
        "A developer pushes to `{}` (or opens a pull request)",
        plan.ci.branch
    )];
    match &plan.runtime.test_command {
        Some(test) => {
            workflow.push(format!(
                "{} runs the tests: `{install}` then `{test}`",
                plan.ci.provider_name
            ));
            workflow.push("If the tests fail, nothing is deployed".to_string());
        }
        None => workflow.push(format!(
            "{} installs (`{install}`) and builds; there is no test step because the repository has no tests",
            plan.ci.provider_name
        )),
    }
    for s in plan.ci.stages.iter().filter(|s| s.name != "test") {
        workflow.push(title(&s.description));
    }
    workflow
}

fn manual_steps(plan: &Plan, health_path: Option<&str>) -> Vec<String> {
    let install = &plan.runtime.install_command;
    let first_env = first_env(plan);
    let check = match health_path {
        Some(path) => {
            format!("Check `{path}` returns 200 and watch the logs for a few minutes")
        }
        None => {
            "Open the app, try the main flows, and watch the logs for a few minutes".to_string()
        }
    };
    let mut steps = vec![
        match &plan.runtime.test_command {
            Some(test) => format!("Run the tests locally: `{install}` then `{test}`"),
            None => format!("Install (`{install}`): the repository has no tests to run yet"),
        },
        format!("Deploy to {first_env} with the commands below"),
        check,
    ];
    if first_env != "production" {
        steps.push("Promote to production the same way once it is verified".to_string());
    }
    steps.push("Announce the release and note it in the changelog".to_string());
    steps
}

fn notes(plan: &Plan) -> Vec<String> {
    let p = &plan.platform;
    let mut notes = p.deploy.notes.clone();
    if plan.answers.ci.provider == CiProvider::Github {
        for s in plan
            .secrets
            .secrets
            .iter()
            .filter(|s| s.name.starts_with("GITHUB_"))
        {
            let stored = crate::answers::reserved::ci_secret_name("github", &s.name);
            notes.push(format!(
                "GitHub refuses secret names that begin with `GITHUB_`: store `{}` as the repository secret `{stored}`; the workflow maps it back (`{}: ${{{{ secrets.{stored} }}}}`).",
                s.name, s.name
            ));
        }
    }
    if p.deploy.git_integration {
        notes.push(format!(
            "{} can also deploy by itself on every push through its Git integration; use either that or the pipeline, not both, or each push deploys twice.",
            p.name
        ));
    }
    notes
}

pub fn ci<'a>(plan: &'a Plan, inputs: &PipelineInputs, health_path: Option<&str>) -> CiView<'a> {
    let secret_list = ci_secrets(plan);
    CiView {
        automation: if plan.ci.automated {
            format!("Fully automated ({})", plan.ci.provider_name)
        } else {
            "Manual".to_string()
        },
        manual: !plan.ci.automated,
        other: plan.answers.ci.provider == CiProvider::Other,
        manual_steps: manual_steps(plan, health_path),
        workflow: workflow(plan),
        location: plan.ci.pipeline_path.as_ref().map_or(
            "your CI's configuration (see the stages below)".to_string(),
            |x| format!("`{x}`"),
        ),
        triggers: format!(
            "push to `{}` (staging or production), pull requests (tests{}), and a manual run",
            plan.ci.branch,
            if plan.has_environment("preview") {
                ", previews"
            } else {
                ""
            }
        ),
        secrets: if secret_list.is_empty() {
            "none beyond the app's own".to_string()
        } else {
            secret_list
                .iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        },
        secret_list,
        settings: inputs
            .settings
            .iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", "),
        stages: &plan.ci.stages,
        deploy_commands: commands::block(&plan.platform.deploy.commands),
        notes: notes(plan),
    }
}

pub fn environments(plan: &Plan) -> Vec<EnvironmentView<'_>> {
    plan.environments
        .iter()
        .map(|e| EnvironmentView {
            title: title(&e.name),
            purpose: &e.purpose,
            trigger: &e.trigger,
            url: &e.url,
        })
        .collect()
}

pub fn env_rows(plan: &Plan) -> Vec<EnvRow<'_>> {
    plan.secrets
        .env_vars
        .iter()
        .map(|r| EnvRow {
            name: &r.name,
            values: plan
                .environments
                .iter()
                .map(|e| match e.name.as_str() {
                    "production" => r.production.clone(),
                    other => r.staging.replace("staging", other),
                })
                .collect(),
            stored_in: &r.stored_in,
        })
        .collect()
}
