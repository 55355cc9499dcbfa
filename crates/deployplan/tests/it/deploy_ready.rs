//! The expected-deploy corpus: for apps shaped like real public repositories, what a platform
//! engineer checks before the first deploy — the health path and where it came from, the
//! install/build/start/test commands, the release (migration) command, the workers, the CI
//! setup steps, the services the tests need, secrets apart from settings, and what is assumed.
//! Each `tests/expected-deploy/<app>.toml` names its repository; the test runs
//! `deployplan generate --json` on a copy and compares. `BLESS=1` rewrites the files from the
//! current output: review the diff like code, it is the reading a person would do.

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedDeploy {
    /// The app, relative to this crate (`../deployplan-scan/tests/fixtures/x/repo`).
    repo: String,
    /// A platform id, when not the recommended one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    platform: Option<String>,
    #[serde(default)]
    deploy: Deploy,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Deploy {
    platform: String,
    /// `path (source)`, or `none: why`.
    health: String,
    install: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    build: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    start: Option<String>,
    /// None: the repository has no tests, and the pipeline no test step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    test: Option<String>,
    /// The release step; `at startup: …` when the app migrates itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    release: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    workers: Vec<String>,
    /// The GitHub test job's setup steps (after the checkout).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    ci_setup: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    test_services: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    secrets: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    settings: Vec<String>,
    /// What nobody stated (conventions), as `label = value`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    assumed: Vec<String>,
}

fn corpus() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expected-deploy");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/expected-deploy exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
}

fn text(v: &Value) -> Option<String> {
    v.as_str().map(String::from)
}

fn deploy_of(plan: &Value, workflow: Option<&Value>) -> Deploy {
    let rt = &plan["runtime"];
    let health = match plan["health"].as_object() {
        Some(h) => format!(
            "{} ({})",
            h["path"].as_str().unwrap_or(""),
            h["source"]["kind"].as_str().unwrap_or("")
        ),
        None => format!(
            "none: {}",
            plan["port_check"]["why"]
                .as_str()
                .unwrap_or("health checks off")
        ),
    };
    let db = &plan["database"];
    let release = match (
        text(&db["migrates_at_startup"]),
        text(&db["migrate_command"]),
    ) {
        (Some(how), _) => Some(format!("at startup: {how}")),
        (None, cmd) => cmd,
    };
    let workers = rt["processes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| p["kind"] == "worker")
        .map(|p| {
            format!(
                "{}: {}",
                p["name"].as_str().unwrap_or(""),
                p["command"].as_str().unwrap_or("")
            )
        })
        .collect();
    let ci_setup = workflow
        .and_then(|w| w["jobs"]["test"]["steps"].as_array().cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|s| s["name"].as_str().map(String::from))
        .filter(|n| n != "Check out")
        .collect();
    let names = |secret: bool| -> Vec<String> {
        plan["secrets"]["env_vars"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|r| r["secret"] == secret)
            .filter_map(|r| text(&r["name"]))
            .collect()
    };
    let assumed = plan["provenance"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| p["source"]["kind"] == "convention")
        .map(|p| {
            let label = match p["name"].as_str() {
                Some(n) => format!("{} ({n})", p["value"].as_str().unwrap_or("")),
                None => p["value"].as_str().unwrap_or("").to_string(),
            };
            format!("{label} = {}", p["shown"].as_str().unwrap_or(""))
        })
        .collect();
    Deploy {
        platform: plan["platform"]["id"].as_str().unwrap_or("").to_string(),
        health,
        install: text(&rt["install_command"]).unwrap_or_default(),
        build: text(&rt["build_command"]),
        start: text(&rt["start_command"]),
        test: text(&rt["test_command"]),
        release,
        workers,
        ci_setup,
        test_services: rt["toolchain"]["services"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| text(&s["name"]))
            .collect(),
        secrets: names(true),
        settings: names(false),
        assumed,
    }
}

fn run(expected: &ExpectedDeploy, scratch: &Path) -> Deploy {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join(&expected.repo);
    assert!(repo.is_dir(), "{}: no such app", repo.display());
    let out = scratch.join("out");
    let mut cmd = Command::cargo_bin("deployplan").expect("binary");
    cmd.args(["generate", "--json", "--no-save", "--date", "2026-12-01"])
        .args(["--ci", "github", "--repo"])
        .arg(&repo)
        .arg("--out")
        .arg(&out);
    if let Some(p) = &expected.platform {
        cmd.args(["--platform", p]);
    }
    let output = cmd.output().expect("runs");
    assert!(
        output.status.success(),
        "{}: {}",
        expected.repo,
        String::from_utf8_lossy(&output.stderr)
    );
    let json: Value = serde_json::from_slice(&output.stdout).expect("generate --json");
    // Beside the repository's own deploy.yml, deployplan writes deployplan-deploy.yml.
    let workflow = ["deployplan-deploy.yml", "deploy.yml"]
        .iter()
        .find_map(|f| std::fs::read_to_string(out.join(".github/workflows").join(f)).ok())
        .map(|t| serde_saphyr::from_str::<Value>(&t).expect("workflow parses"));
    deploy_of(&json["plan"], workflow.as_ref())
}

#[test]
fn every_app_deploys_as_its_expected_deploy_file_says() {
    let files = corpus();
    assert!(files.len() >= 30, "the corpus has {} apps", files.len());
    let bless = std::env::var_os("BLESS").is_some();
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let expected: ExpectedDeploy =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let scratch = tempfile::tempdir().unwrap();
        let actual = run(&expected, scratch.path());
        if bless {
            let blessed = ExpectedDeploy {
                deploy: actual.clone(),
                ..expected.clone()
            };
            std::fs::write(file, toml::to_string(&blessed).unwrap()).unwrap();
        } else if actual != expected.deploy {
            let want = toml::to_string(&expected.deploy).unwrap();
            let got = toml::to_string(&actual).unwrap();
            let diff: Vec<String> = want
                .lines()
                .zip(got.lines())
                .filter(|(a, b)| a != b)
                .take(4)
                .map(|(a, b)| format!("    expected {a}\n    actual   {b}"))
                .collect();
            failures.push(format!("{}:\n{}", file.display(), diff.join("\n")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} apps differ (BLESS=1 to accept after review):\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}
