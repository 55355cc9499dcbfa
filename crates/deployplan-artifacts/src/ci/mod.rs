//! Pipelines: one module per CI host. The stages (which environment deploys when) are decided
//! here once, from the plan's environments and production trigger.

pub mod bitbucket;
pub mod github;
mod github_model;
mod github_setup;
pub mod gitlab;
pub mod pins;
mod runner;
mod shell;
pub(crate) mod toolchain;
pub(crate) use toolchain as toolchain_shell;

use deployplan_core::plan::ProductionRelease;

use crate::app::App;
use crate::deploy::{Migrations, Stage, Trigger};
use crate::platforms::Target;

/// The deploy jobs of the pipeline, in order.
pub fn stages(app: &App, target: &dyn Target) -> Vec<Stage> {
    let envs = app.environments();
    let staged = envs.contains(&"staging");
    let by_tag = app.plan.ci.production_release == ProductionRelease::VersionTag;
    let mut out = Vec::new();
    let mut previous: Option<String> = None;
    for env in envs {
        let stage = match env {
            // A pull request never migrates a shared database: its migrations are unreviewed.
            "preview" => target.preview(app).map(|deploy| Stage {
                deploy: deploy.migrations(Migrations::None),
                trigger: Trigger::PullRequest,
                after: None,
            }),
            "dev" => Some(Stage {
                deploy: target.deploy(app, "dev"),
                trigger: Trigger::OtherBranches,
                after: None,
            }),
            "staging" => Some(Stage {
                deploy: target.deploy(app, "staging"),
                trigger: Trigger::MainBranch,
                after: None,
            }),
            "production" => Some(Stage {
                deploy: target.deploy(app, "production"),
                trigger: if by_tag {
                    Trigger::Tag
                } else if staged {
                    Trigger::Approval
                } else {
                    Trigger::MainBranch
                },
                after: if by_tag { None } else { previous.clone() },
            }),
            _ => None,
        };
        if let Some(stage) = stage {
            if stage.trigger == Trigger::MainBranch || stage.trigger == Trigger::Approval {
                previous = Some(stage.deploy.environment.clone());
            }
            out.push(stage);
        }
    }
    out
}

/// A human title for an environment.
pub fn title(env: &str) -> String {
    let mut c = env.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
