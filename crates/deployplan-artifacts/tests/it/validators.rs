//! Every platform × CI host × environment strategy, with and without database, workers and
//! health checks, generated into one temp tree and checked by the offline validators
//! (`../shared/validators`: actionlint, zizmor, check-jsonschema, kubernetes-validate,
//! hadolint, ...) in a single run.

use std::path::{Path, PathBuf};
use std::process::Command;

use deployplan_core::answers::{AppType, CiProvider, EnvironmentStrategy, Stack};

use crate::support::{Case, plan_from, platforms};

const CIS: &[CiProvider] = &[
    CiProvider::Github,
    CiProvider::Gitlab,
    CiProvider::Bitbucket,
    CiProvider::Manual,
];
const STRATEGIES: &[EnvironmentStrategy] = &[
    EnvironmentStrategy::Production,
    EnvironmentStrategy::StagingProduction,
    EnvironmentStrategy::DevStagingProduction,
    EnvironmentStrategy::PreviewStagingProduction,
];
/// (database, workers, health checks), rotated so each platform × CI host sees all four.
const VARIANTS: &[(bool, bool, bool)] = &[
    (true, false, true),
    (false, true, true),
    (true, true, false),
    (false, false, false),
];
const STACKS: &[Stack] = &[
    Stack::Node,
    Stack::Python,
    Stack::Ruby,
    Stack::Go,
    Stack::Java,
    Stack::Php,
    Stack::Dotnet,
    Stack::Elixir,
    Stack::Rust,
];

/// The combinations the test generates: 13 platforms × 4 CI hosts × 4 environment strategies
/// (each with one of the four database/workers/health variants and a rotating stack), plus a
/// frontend-only app on every platform.
pub fn cases() -> Vec<(Case, bool)> {
    let mut out = Vec::new();
    let mut n = 0;
    for platform in platforms() {
        for (ci_i, ci) in CIS.iter().enumerate() {
            for (env_i, env) in STRATEGIES.iter().enumerate() {
                let (database, workers, health) = VARIANTS[(ci_i + env_i) % VARIANTS.len()];
                let mut case = Case::new(platform, *ci);
                case.environments = *env;
                case.database = database;
                case.workers = workers;
                case.health = health;
                case.stack = STACKS[n % STACKS.len()];
                n += 1;
                out.push((case, false));
            }
        }
        let mut front = Case::new(platform, CiProvider::Github);
        front.database = false;
        front.environments = EnvironmentStrategy::PreviewStagingProduction;
        out.push((front, true));
    }
    out
}

fn validators_home() -> PathBuf {
    match std::env::var_os("DEPLOY_VALIDATORS_HOME") {
        Some(h) => PathBuf::from(h),
        None => PathBuf::from(std::env::var_os("HOME").unwrap_or_default())
            .join(".cache/deploy-validators"),
    }
}

#[test]
fn every_combination_passes_the_offline_validators() {
    if std::env::var("DEPLOYPLAN_SKIP_VALIDATORS").as_deref() == Ok("1") {
        eprintln!("DEPLOYPLAN_SKIP_VALIDATORS=1: validator run skipped");
        return;
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let validator = repo.join("../shared/validators/validate-deploy-artifacts");
    let home = validators_home();
    assert!(
        validator.is_file()
            && home.join("venv/bin/python").exists()
            && home.join("checkov-venv/bin/checkov").exists(),
        "the offline validators are not installed (looked for {} with tools in {}): run scripts/validators.sh \
         (or set DEPLOYPLAN_SKIP_VALIDATORS=1 to skip this test)",
        validator.display(),
        home.display()
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let cases = cases();
    let mut files = 0;
    for (case, frontend) in &cases {
        let mut partial = case.partial();
        if *frontend {
            partial.context.app_type = Some(AppType::Frontend);
        }
        let plan = plan_from(&partial);
        let out =
            deployplan_artifacts::render(&plan).unwrap_or_else(|e| panic!("{}: {e}", case.slug()));
        let root = dir.path().join(format!(
            "{}{}",
            case.slug(),
            if *frontend { "-frontend" } else { "" }
        ));
        for f in out {
            let path = root.join(&f.path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &f.contents).unwrap();
            files += 1;
        }
    }

    // The hostile-strings plans must be valid files too.
    let mut hostile = 0;
    for platform in platforms() {
        for ci in [
            CiProvider::Github,
            CiProvider::Gitlab,
            CiProvider::Bitbucket,
        ] {
            let plan = crate::hostile::hostile_plan(platform, ci);
            let out = deployplan_artifacts::render(&plan)
                .unwrap_or_else(|e| panic!("hostile {platform}/{ci}: {e}"));
            let root = dir.path().join(format!("hostile-{platform}-{ci}"));
            for f in out {
                let path = root.join(&f.path);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, &f.contents).unwrap();
                files += 1;
            }
            hostile += 1;
        }
    }

    let started = std::time::Instant::now();
    let output = Command::new(&validator)
        .arg(dir.path())
        .env("DEPLOY_VALIDATORS_HOME", &home)
        // The security policies (checkov) too: a generated file must pass them.
        .env("VDA_CHECKOV", "1")
        .output()
        .expect("run validate-deploy-artifacts");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let fails: Vec<&str> = stdout.lines().filter(|l| l.starts_with("FAIL")).collect();
    let summary = stdout.lines().last().unwrap_or("");
    eprintln!(
        "{} combinations + {hostile} hostile-string plans, {files} files written; validators: {summary} in {:.1} s",
        cases.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(
        fails.is_empty() && output.status.success(),
        "{} file(s) failed validation:\n{}\n{}\n{}",
        fails.len(),
        fails.join("\n"),
        summary,
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        summary.ends_with(" 0 failed"),
        "unexpected validator output: {stdout}"
    );
}
