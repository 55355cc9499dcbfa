//! The next steps `generate` prints after writing: secrets and where to set them, the CI
//! secrets, the health route, rehearse, check and the document.

use assert_cmd::Command;

fn generate(out: &std::path::Path, extra: &[&str]) -> String {
    let o = Command::cargo_bin("deployplan")
        .unwrap()
        .env("NO_COLOR", "1")
        .args(["generate", "--out"])
        .arg(out)
        .args([
            "--app-type",
            "web-api",
            "--expertise",
            "beginner",
            "--scale",
            "low",
            "--budget",
            "small",
            "--stack",
            "node",
        ])
        .args(extra)
        .assert()
        .success();
    String::from_utf8(o.get_output().stdout.clone()).unwrap()
}

#[test]
fn generate_ends_with_what_to_set_where_and_what_to_run() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("app");
    let stdout = generate(
        &out,
        &[
            "--platform",
            "fly",
            "--database",
            "postgres",
            "--secret",
            "STRIPE_KEY",
        ],
    );
    let next = stdout
        .split("Next steps:\n")
        .nth(1)
        .unwrap_or_else(|| panic!("no next steps in\n{stdout}"));
    for line in [
        "STRIPE_KEY: `fly secrets set STRIPE_KEY=value`",
        "DATABASE_URL: `fly secrets set DATABASE_URL=value`",
        "Settings > Secrets and variables > Actions): FLY_API_TOKEN",
        "/health",
        "deployplan rehearse",
        "deployplan check",
        "specs/DEPLOYMENT_TDD.md",
    ] {
        assert!(next.contains(line), "next steps lack {line:?}:\n{next}");
    }
    assert!(out.join("specs/DEPLOYMENT_TDD.md").is_file());
}

#[test]
fn a_dry_run_prints_no_next_steps() {
    let tmp = tempfile::tempdir().unwrap();
    let stdout = generate(tmp.path(), &["--platform", "render", "--dry-run"]);
    assert!(stdout.contains("dry run"), "{stdout}");
    assert!(!stdout.contains("Next steps"), "{stdout}");
}
