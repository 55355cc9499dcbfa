//! The binary as a user runs it: real files in temporary folders, exit codes, messages.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

fn deployplan() -> Command {
    let mut cmd = Command::cargo_bin("deployplan").expect("binary built");
    cmd.env("NO_COLOR", "1");
    cmd
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn listing(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("readable").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.strip_prefix(dir).unwrap().display().to_string(), read(&p)));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn generate_example_writes_the_documents_and_the_files() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ex");
    deployplan()
        .args(["generate", "--example", "--date", "2026-11-26", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout(contains("specs/DEPLOYMENT_TDD.md"));
    let tdd = read(&out.join("specs/DEPLOYMENT_TDD.md"));
    for s in [
        "## Executive Summary",
        "## 12. Future Considerations",
        "## Approval",
        "```mermaid",
        "acme-shop",
    ] {
        assert!(tdd.contains(s), "TDD lacks {s}");
    }
    assert!(!tdd.contains("$["), "placeholder left");
    let decisions = read(&out.join("specs/09_DECISIONS.md"));
    assert_eq!(decisions.matches("## Deployment Infrastructure").count(), 1);
    let saved = read(&out.join("deployplan.toml"));
    assert!(
        saved.contains("app_type = \"full-stack\"") && saved.contains("date = \"2026-11-26\""),
        "{saved}"
    );
    assert!(out.join(".github/workflows/deploy.yml").is_file());
    assert!(out.join(".env.example").is_file());
}

#[test]
fn the_example_reruns_cleanly_on_a_later_day() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    deployplan()
        .args(["generate", "--example", "--date", "2026-01-02", "--out"])
        .arg(out)
        .assert()
        .success();
    let before = listing(out);
    // No --date: the saved one is kept rather than today's, so nothing changes.
    deployplan()
        .args(["generate", "--example", "--out"])
        .arg(out)
        .assert()
        .success();
    assert_eq!(before, listing(out));
}

#[test]
fn a_rerun_reproduces_the_same_files_and_adds_no_second_decision() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    deployplan()
        .args(["generate", "--example", "--date", "2026-11-26", "--out"])
        .arg(out)
        .assert()
        .success();
    let before = listing(out);
    // From the saved deployplan.toml alone (it is picked up from the output folder).
    deployplan()
        .args(["generate", "--out"])
        .arg(out)
        .assert()
        .success()
        .stdout(contains("unchanged"));
    assert_eq!(before, listing(out));
    // And from an explicit --answers into another folder: byte for byte the same files.
    let other = tempfile::tempdir().unwrap();
    deployplan()
        .args(["generate", "--answers"])
        .arg(out.join("deployplan.toml"))
        .arg("--out")
        .arg(other.path())
        .assert()
        .success();
    assert_eq!(before, listing(other.path()));
}

#[test]
fn existing_decisions_are_kept_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let specs = tmp.path().join("specs");
    std::fs::create_dir_all(&specs).unwrap();
    let existing =
        "# Decisions\n\n## Database\n\nWe use Postgres.\r\nTrailing line without newline";
    std::fs::write(specs.join("09_DECISIONS.md"), existing).unwrap();
    deployplan()
        .args(["generate", "--example", "--date", "2026-11-26", "--out"])
        .arg(tmp.path())
        .assert()
        .success()
        .stdout(contains("append"));
    let after = read(&specs.join("09_DECISIONS.md"));
    assert!(after.starts_with(existing), "existing content changed");
    assert_eq!(after.matches("## Deployment Infrastructure").count(), 1);
}

#[test]
fn flags_override_the_file_and_build_a_plan() {
    let tmp = tempfile::tempdir().unwrap();
    deployplan()
        .args([
            "generate",
            "--app-type",
            "full-stack",
            "--expertise",
            "beginner",
            "--scale",
            "low",
            "--budget",
            "free",
            "--database",
            "postgres",
            "--secret",
            "STRIPE_API_KEY",
            "--date",
            "2026-11-26",
            "--project-name",
            "shop",
            "--out",
        ])
        .arg(tmp.path())
        .assert()
        .success();
    let tdd = read(&tmp.path().join("specs/DEPLOYMENT_TDD.md"));
    assert!(tdd.contains("**Project**: shop"));
    assert!(tdd.contains("`STRIPE_API_KEY`"));
    assert!(tdd.contains("you said “Beginner”"));
}

#[test]
fn an_existing_file_is_not_overwritten_without_force() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    deployplan()
        .args(["generate", "--example", "--date", "2026-11-26", "--out"])
        .arg(out)
        .assert()
        .success();
    let tdd_path = out.join("specs/DEPLOYMENT_TDD.md");
    std::fs::write(&tdd_path, "my own notes\n").unwrap();
    let before = listing(out);
    deployplan()
        .args([
            "generate",
            "--example",
            "--date",
            "2026-11-26",
            "--scale",
            "medium",
            "--out",
        ])
        .arg(out)
        .assert()
        .code(1)
        .stderr(contains("--force").and(contains("specs/DEPLOYMENT_TDD.md")));
    assert_eq!(before, listing(out), "nothing may change when refused");
    deployplan()
        .args([
            "generate",
            "--example",
            "--date",
            "2026-11-26",
            "--dry-run",
            "--out",
        ])
        .arg(out)
        .assert()
        .success()
        .stdout(contains("overwrite  specs/DEPLOYMENT_TDD.md").and(contains("-my own notes")));
    assert_eq!(before, listing(out), "--dry-run writes nothing");
    deployplan()
        .args([
            "generate",
            "--example",
            "--date",
            "2026-11-26",
            "--force",
            "--out",
        ])
        .arg(out)
        .assert()
        .success();
    assert!(read(&tdd_path).contains("## Executive Summary"));
}

#[test]
fn bad_flag_values_exit_2_and_list_the_valid_ones() {
    let tmp = tempfile::tempdir().unwrap();
    deployplan()
        .args(["generate", "--budget", "huge", "--out"])
        .arg(tmp.path())
        .assert()
        .code(2)
        .stderr(
            contains("huge")
                .and(contains("free"))
                .and(contains("enterprise")),
        );
    deployplan()
        .args(["generate", "--platform", "heroku2", "--out"])
        .arg(tmp.path())
        .assert()
        .code(2)
        .stderr(contains("render").and(contains("recommended")));
    deployplan()
        .args(["generate", "--secret", "MY SECRET", "--out"])
        .arg(tmp.path())
        .assert()
        .code(2)
        .stderr(contains("letters, digits and `_`"));
    deployplan()
        .args(["generate", "--health-path", "health", "--out"])
        .arg(tmp.path())
        .assert()
        .code(2)
        .stderr(contains("must start with `/`"));
    assert!(
        listing(tmp.path()).is_empty(),
        "nothing written on bad input"
    );
}

#[test]
fn answers_file_errors_name_the_file_line_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("answers.toml");
    std::fs::write(&file, "[context]\nscale = \"low\"\nbudget = \"lots\"\n").unwrap();
    deployplan()
        .args(["generate", "--answers"])
        .arg(&file)
        .arg("--out")
        .arg(tmp.path())
        .assert()
        .code(2)
        .stderr(contains("answers.toml:3:10").and(contains("free, small, medium, enterprise")));
    std::fs::write(&file, "[context]\ncolour = \"red\"\n").unwrap();
    deployplan()
        .args(["generate", "--answers"])
        .arg(&file)
        .arg("--out")
        .arg(tmp.path())
        .assert()
        .code(2)
        .stderr(contains("answers.toml:2:1").and(contains("colour")));
    deployplan()
        .args(["generate", "--answers", "/nonexistent/deployplan.toml"])
        .arg("--out")
        .arg(tmp.path())
        .assert()
        .code(2)
        .stderr(contains("/nonexistent/deployplan.toml"));
    assert_eq!(listing(tmp.path()).len(), 1, "only the answers file itself");
}

#[test]
fn warnings_of_the_do_dont_list_reach_stderr() {
    let tmp = tempfile::tempdir().unwrap();
    deployplan()
        .args([
            "generate",
            "--scale",
            "medium",
            "--environments",
            "production",
            "--ci",
            "manual",
            "--date",
            "2026-11-26",
            "--out",
        ])
        .arg(tmp.path())
        .assert()
        .success()
        .stderr(contains("no staging environment").and(contains("deployments are manual")));
}

#[test]
fn recommend_prints_three_options_and_json() {
    deployplan()
        .args([
            "recommend",
            "--app-type",
            "web-api",
            "--expertise",
            "intermediate",
            "--scale",
            "medium",
            "--budget",
            "medium",
        ])
        .assert()
        .success()
        .stdout(
            contains("Option A:")
                .and(contains("Option C:"))
                .and(contains("Recommendation:")),
        );
    let out = deployplan()
        .args([
            "recommend",
            "--app-type",
            "workers",
            "--expertise",
            "beginner",
            "--scale",
            "low",
            "--budget",
            "free",
            "--json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).expect("valid JSON");
    let options = json["options"].as_array().expect("options");
    assert_eq!(options.len(), 3);
    for o in options {
        assert!(o["platform"].is_string() && o["confidence"].is_string() && o["score"].is_i64());
        assert!(!o["reasons"].as_array().unwrap().is_empty());
    }
    assert_eq!(json["recommended"], options[0]["platform"]);
}

#[test]
fn platforms_lists_the_catalog() {
    deployplan()
        .arg("platforms")
        .assert()
        .success()
        .stdout(contains("render").and(contains("kubernetes")));
    let out = deployplan()
        .args(["platforms", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).expect("valid JSON");
    let all = json.as_array().expect("array");
    assert!(all.len() >= 13);
    for p in all {
        for key in [
            "workers",
            "websockets",
            "long_running",
            "docker",
            "free_tier",
        ] {
            assert!(
                p["capabilities"][key].is_boolean(),
                "{} lacks {key}",
                p["id"]
            );
        }
        assert!(p["id"].is_string() && p["name"].is_string() && p["philosophy"].is_string());
    }
}

#[test]
fn explain_shows_a_platform_with_its_sources() {
    deployplan()
        .args(["explain", "render"])
        .assert()
        .success()
        .stdout(
            contains("Render")
                .and(contains("source: https://"))
                .and(contains("Rollback")),
        );
    deployplan()
        .args(["explain", "nope"])
        .assert()
        .code(2)
        .stderr(contains("render"));
}

#[test]
fn example_answers_is_a_valid_answers_file() {
    let out = deployplan()
        .arg("example-answers")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("deployplan.toml");
    std::fs::write(&file, out).unwrap();
    deployplan()
        .args(["generate", "--dry-run", "--answers"])
        .arg(&file)
        .arg("--out")
        .arg(tmp.path())
        .assert()
        .success();
}

#[test]
fn init_without_a_terminal_exits_2_at_once() {
    deployplan()
        .arg("init")
        .write_stdin("")
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(2)
        .stderr(contains("generate --answers"));
}

#[test]
fn scan_of_a_missing_path_is_a_clear_error() {
    deployplan()
        .args(["scan", "/nonexistent/repo"])
        .assert()
        .code(2)
        .stderr(contains("/nonexistent/repo"));
}

#[test]
fn the_document_names_every_secret_the_pipeline_uses() {
    let catalog = deployplan_core::Catalog::load().expect("catalog");
    for p in &catalog.platforms {
        let tmp = tempfile::tempdir().unwrap();
        deployplan()
            .args([
                "generate",
                "--example",
                "--date",
                "2026-11-26",
                "--platform",
                &p.id,
                "--out",
            ])
            .arg(tmp.path())
            .assert()
            .success();
        let tdd = read(&tmp.path().join("specs/DEPLOYMENT_TDD.md"));
        let workflow = read(&tmp.path().join(".github/workflows/deploy.yml"));
        for part in workflow
            .split("secrets.")
            .skip(1)
            .chain(workflow.split("vars.").skip(1))
        {
            let name: String = part
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if name == "GITHUB_TOKEN" {
                continue;
            }
            assert!(
                tdd.contains(&format!("`{name}`")),
                "{}: the pipeline reads {name}, the TDD does not name it",
                p.id
            );
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

#[test]
fn generate_from_a_scanned_repository_is_reproducible() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../deployplan-scan/tests/fixtures/django-celery/repo");
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("shop");
    copy_dir(&fixture, &repo);
    // Files the design would replace; the person's own would need --force.
    for f in [".env.example", "render.yaml", "Procfile"] {
        let _ = std::fs::remove_file(repo.join(f));
    }
    deployplan()
        .args(["generate", "--date", "2026-11-26", "--repo"])
        .arg(&repo)
        .arg("--out")
        .arg(&repo)
        .assert()
        .success();
    let tdd = read(&repo.join("specs/DEPLOYMENT_TDD.md"));
    assert!(
        tdd.contains("the repo runs celery workers (proj/celery.py"),
        "facts quoted in the reasons"
    );
    assert!(tdd.contains("python manage.py migrate --noinput"));
    let before = listing(&repo);
    // The second run sees its own generated files and must not mistake them for the app's.
    deployplan()
        .args(["generate", "--repo"])
        .arg(&repo)
        .arg("--out")
        .arg(&repo)
        .assert()
        .success();
    assert_eq!(before, listing(&repo));
}

#[test]
fn check_compares_a_repository_with_its_design() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../deployplan-scan/tests/fixtures/django-celery/repo");
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("shop");
    copy_dir(&fixture, &repo);
    for f in [".env.example", "render.yaml", "Procfile"] {
        let _ = std::fs::remove_file(repo.join(f));
    }
    deployplan()
        .arg("check")
        .arg(&repo)
        .assert()
        .code(2)
        .stderr(contains("deployplan.toml"));
    deployplan()
        .args(["generate", "--date", "2026-11-26", "--repo"])
        .arg(&repo)
        .arg("--out")
        .arg(&repo)
        .assert()
        .success();
    deployplan()
        .arg("check")
        .arg(&repo)
        .assert()
        .success()
        .stdout(contains("matches its design"));
    std::fs::write(
        repo.join("shop/payments.py"),
        "import os\nKEY = os.environ[\"PAYMENT_TOKEN\"]\n",
    )
    .unwrap();
    std::fs::remove_file(repo.join(".env.example")).unwrap();
    let out = deployplan()
        .args(["check", "--json"])
        .arg(&repo)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).expect("valid JSON");
    let codes: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"undeclared-env-var") && codes.contains(&"missing-file"),
        "{codes:?}"
    );
    assert!(json["findings"].to_string().contains("PAYMENT_TOKEN"));
}

/// Every `run:` script of a GitHub workflow, parsed.
fn run_scripts(workflow: &str) -> Vec<String> {
    let doc: serde_json::Value = serde_saphyr::from_str(workflow).expect("the workflow parses");
    let mut out = Vec::new();
    for job in doc["jobs"].as_object().expect("jobs").values() {
        for step in job["steps"].as_array().into_iter().flatten() {
            if let Some(run) = step["run"].as_str() {
                out.push(run.to_string());
            }
        }
    }
    out
}

#[test]
fn hostile_names_and_commands_from_the_answers_file_stay_data() {
    let name = "shop \"quoted\": ${{ github.token }} — ünïcode";
    let test_command = "npm test -- --grep \"a: b\" && echo '${{ secrets.X }}'";
    let answers = format!(
        "[project]\nname = {}\n\n[app]\ntest_command = {}\nstart_command = \"node server.js --title 'x: y'\"\n\n[secrets]\nnames = [\"STRIPE_API_KEY\"]\n",
        toml_string(name),
        toml_string(test_command)
    );
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("answers.toml");
    std::fs::write(&file, answers).unwrap();
    for (platform, ci) in [
        ("render", "github"),
        ("fly", "gitlab"),
        ("kubernetes", "bitbucket"),
        ("aws-ecs", "github"),
    ] {
        let out = tmp.path().join(format!("{platform}-{ci}"));
        deployplan()
            .args([
                "generate",
                "--date",
                "2026-11-26",
                "--platform",
                platform,
                "--ci",
                ci,
                "--answers",
            ])
            .arg(&file)
            .arg("--out")
            .arg(&out)
            .assert()
            .success();
        let tdd = read(&out.join("specs/DEPLOYMENT_TDD.md"));
        assert!(
            tdd.contains(name),
            "{platform}: the name survives in the document"
        );
        let saved = read(&out.join("deployplan.toml"));
        let reparsed: toml::Table = toml::from_str(&saved).expect("the saved answers parse");
        assert_eq!(reparsed["project"]["name"].as_str(), Some(name));
        assert_eq!(reparsed["app"]["test_command"].as_str(), Some(test_command));
        if ci == "github" {
            let workflow = read(&out.join(".github/workflows/deploy.yml"));
            for run in run_scripts(&workflow) {
                assert!(
                    !run.contains("${{"),
                    "{platform}: an expression reached a run: script:\n{run}"
                );
            }
        }
    }
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

#[test]
fn choosing_a_platform_against_the_recommendation_is_honoured_and_flagged() {
    let tmp = tempfile::tempdir().unwrap();
    deployplan()
        .args([
            "generate",
            "--platform",
            "kubernetes",
            "--expertise",
            "beginner",
            "--scale",
            "low",
            "--date",
            "2026-11-26",
            "--out",
        ])
        .arg(tmp.path())
        .assert()
        .success()
        .stderr(contains("poor fit").and(contains("without a clear need")));
    let tdd = read(&tmp.path().join("specs/DEPLOYMENT_TDD.md"));
    assert!(tdd.contains("**Deployment Platform**: Kubernetes"));
    assert!(tdd.contains("your choice; the recommendation was"));
    assert!(tdd.contains("fits these answers better"));
    assert!(tmp.path().join("k8s").is_dir());
}
