//! The GitHub test and deploy jobs' setup steps: the runtime at the repository's version
//! (setup-node, setup-python, setup-ruby ...), its package manager (pnpm, corepack, uv, Bun),
//! and Node beside a Rails/Laravel/Django app's asset build.

use deployplan_core::plan::asset_node::{AssetNode, NodeTool};
use serde_json::Value;

use super::github_model::*;
use super::pins::{self, Pin};
use crate::app::App;
use crate::stack;

pub(super) fn setup(name: &str, pin: Pin, pairs: &[(&str, Value)]) -> Step {
    pairs
        .iter()
        .fold(Step::uses(name, pin), |s, (k, v)| s.with(k, v.clone()))
}

/// The toolchain as the plan states it: the runtime at the repository's version, then its
/// package manager. No caches in deploy jobs (a cache written by a pull request could poison a
/// deploy); the test job may cache Ruby gems (`bundler-cache`), which it installs anyway.
pub(super) fn stack_setup(app: &App, test_job: bool) -> Vec<Step> {
    let t = &app.plan.runtime.toolchain;
    let v = if t.version.is_empty() {
        stack::version(app.stack, app.plan.runtime.runtime_version.as_deref())
    } else {
        t.version.clone()
    };
    let s = |n: &str, p: Pin, w: &[(&str, Value)]| vec![setup(n, p, w)];
    let mut steps = match t.runtime.as_str() {
        "hugo" => {
            let version = t.hugo_version.clone().unwrap_or_else(|| "latest".into());
            return s(
                "Set up Hugo",
                pins::SETUP_HUGO,
                &[("hugo-version", version.into()), ("extended", true.into())],
            );
        }
        "node" => s(
            "Set up Node.js",
            pins::SETUP_NODE,
            &[("node-version", v.into())],
        ),
        "python" => s(
            "Set up Python",
            pins::SETUP_PYTHON,
            &[("python-version", v.into())],
        ),
        "ruby" => {
            let mut with = vec![("ruby-version", Value::from(v))];
            if test_job {
                with.push(("bundler-cache", true.into()));
            }
            s("Set up Ruby", pins::SETUP_RUBY, &with)
        }
        "go" => match &t.version_file {
            Some(file) => s(
                "Set up Go",
                pins::SETUP_GO,
                &[
                    ("go-version-file", file.as_str().into()),
                    ("cache", false.into()),
                ],
            ),
            None => s(
                "Set up Go",
                pins::SETUP_GO,
                &[("go-version", v.into()), ("cache", false.into())],
            ),
        },
        "java" => s(
            "Set up Java",
            pins::SETUP_JAVA,
            &[
                ("distribution", "temurin".into()),
                ("java-version", v.into()),
            ],
        ),
        "php" => s(
            "Set up PHP",
            pins::SETUP_PHP,
            &[("php-version", v.into()), ("tools", "composer".into())],
        ),
        "dotnet" => match &t.version_file {
            Some(file) => s(
                "Set up .NET",
                pins::SETUP_DOTNET,
                &[("global-json-file", file.as_str().into())],
            ),
            None => s(
                "Set up .NET",
                pins::SETUP_DOTNET,
                &[("dotnet-version", dotnet_version(&v).into())],
            ),
        },
        "elixir" => s(
            "Set up Elixir",
            pins::SETUP_BEAM,
            &[
                ("elixir-version", v.into()),
                (
                    "otp-version",
                    t.otp_version.clone().unwrap_or_else(|| "27".into()).into(),
                ),
            ],
        ),
        _ => Vec::new(),
    };
    let pm_version = t.package_manager_version.clone();
    match t.package_manager.as_str() {
        // pnpm/action-setup reads `packageManager`; a second version there is an error.
        "pnpm" if t.package_manager_field => {
            steps.insert(0, Step::uses("Set up pnpm", pins::SETUP_PNPM))
        }
        "pnpm" => steps.insert(
            0,
            setup(
                "Set up pnpm",
                pins::SETUP_PNPM,
                &[("version", pm_version.unwrap_or_else(|| "9".into()).into())],
            ),
        ),
        "yarn-berry" => steps.push(Step::run(
            "Enable corepack (Yarn 2+)",
            super::toolchain::corepack_enable(t),
        )),
        "bun" => steps.push(match pm_version {
            Some(b) => setup("Set up Bun", pins::SETUP_BUN, &[("bun-version", b.into())]),
            None => Step::uses("Set up Bun", pins::SETUP_BUN),
        }),
        "uv" => steps.push(setup(
            "Set up uv",
            pins::SETUP_UV,
            &[("enable-cache", false.into())],
        )),
        "poetry" | "pipenv" | "pdm" => steps.push(Step::run(
            &format!("Install {}", t.package_manager),
            format!("pip install {}", t.package_manager),
        )),
        _ => {}
    }
    if let Some(n) = &t.asset_node {
        steps.extend(asset_node_steps(n));
    }
    steps
}

/// Node (and its package manager) for a Rails/Laravel/Django app's asset build.
fn asset_node_steps(n: &AssetNode) -> Vec<Step> {
    let mut steps = Vec::new();
    match (n.tool, n.tool_version_field) {
        (NodeTool::Pnpm, true) => steps.push(Step::uses("Set up pnpm", pins::SETUP_PNPM)),
        (NodeTool::Pnpm, false) => steps.push(setup(
            "Set up pnpm",
            pins::SETUP_PNPM,
            &[(
                "version",
                n.tool_version.clone().unwrap_or_else(|| "9".into()).into(),
            )],
        )),
        _ => {}
    }
    steps.push(setup(
        "Set up Node.js (asset build)",
        pins::SETUP_NODE,
        &[("node-version", n.version.as_str().into())],
    ));
    match n.tool {
        NodeTool::Bun => steps.push(match &n.tool_version {
            Some(b) => setup(
                "Set up Bun",
                pins::SETUP_BUN,
                &[("bun-version", b.as_str().into())],
            ),
            None => Step::uses("Set up Bun", pins::SETUP_BUN),
        }),
        NodeTool::Pnpm | NodeTool::Npm => {}
        NodeTool::Yarn | NodeTool::YarnBerry => steps.push(Step::run(
            "Enable corepack (Yarn)",
            super::toolchain::asset_node_setup(n).unwrap_or_default(),
        )),
    }
    steps
}

/// `8.0` → `8.0.x` (setup-dotnet's syntax for the newest patch of a channel).
fn dotnet_version(v: &str) -> String {
    let parts: Vec<&str> = v.split('.').collect();
    match parts.as_slice() {
        [major] => format!("{major}.0.x"),
        [major, minor, ..] => format!("{major}.{minor}.x"),
        _ => "8.0.x".into(),
    }
}
