//! Helpers the binary tests share: the binary itself, and reading and writing the real files
//! of a test's repository.

use std::path::Path;

use assert_cmd::Command;

/// The binary, without colour.
pub fn deployplan() -> Command {
    let mut cmd = Command::cargo_bin("deployplan").expect("binary built");
    cmd.env("NO_COLOR", "1");
    cmd
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Writes `text` at `rel` under `root`, creating its folders.
pub fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("a relative path")).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A YAML file parsed back into JSON values.
pub fn yaml(path: &Path) -> serde_json::Value {
    serde_saphyr::from_str(&read(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Runs the offline validators (`../shared/validators`, checkov's security policies included)
/// over `dir` and fails on any finding; returns their summary line. Skipped, returning None,
/// with `DEPLOYPLAN_SKIP_VALIDATORS=1`.
pub fn run_validators(dir: &Path) -> Option<String> {
    if std::env::var("DEPLOYPLAN_SKIP_VALIDATORS").as_deref() == Ok("1") {
        eprintln!("DEPLOYPLAN_SKIP_VALIDATORS=1: validator run skipped");
        return None;
    }
    let validator = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/validators/validate-deploy-artifacts");
    let home = std::env::var_os("DEPLOY_VALIDATORS_HOME")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::PathBuf::from(std::env::var_os("HOME").unwrap_or_default())
                .join(".cache/deploy-validators")
        });
    assert!(
        validator.is_file()
            && home.join("venv/bin/python").exists()
            && home.join("checkov-venv/bin/checkov").exists(),
        "the offline validators are not installed: run scripts/validators.sh (or set DEPLOYPLAN_SKIP_VALIDATORS=1)"
    );
    let output = std::process::Command::new(&validator)
        .arg(dir)
        .env("DEPLOY_VALIDATORS_HOME", &home)
        // The security policies (checkov) too: a generated file must pass them.
        .env("VDA_CHECKOV", "1")
        .output()
        .expect("validator runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let fails: Vec<&str> = stdout.lines().filter(|l| l.starts_with("FAIL")).collect();
    let summary = stdout.lines().last().unwrap_or("").to_string();
    assert!(
        fails.is_empty() && output.status.success(),
        "{}\n{summary}",
        fails.join("\n")
    );
    assert!(summary.ends_with(" 0 failed"), "{stdout}");
    Some(summary)
}

/// Copies the folder `from` into `to`, recursively (a fixture app into a test's repository).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let dest = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// `generate --repo repo --out out --platform platform`, unsaved, dated 2026-12-02; it must
/// succeed.
pub fn generate_on(repo: &Path, out: &Path, platform: &str) {
    generate_with(repo, out, &["--platform", platform]);
}

/// `generate --repo repo --out out <extra>`, unsaved, dated 2026-12-02: it must succeed; its
/// stderr (the warnings) is returned.
pub fn generate_with(repo: &Path, out: &Path, extra: &[&str]) -> String {
    let output = deployplan()
        .args(["generate", "--date", "2026-12-02", "--no-save", "--repo"])
        .arg(repo)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "generate {extra:?}: {stderr}");
    stderr
}

/// The environment and script of the GitHub workflow's staging deploy step in `out`.
pub fn staging_deploy_step(out: &Path) -> (serde_json::Value, String) {
    let wf = yaml(&out.join(".github/workflows/deploy.yml"));
    let steps = wf["jobs"]["deploy-staging"]["steps"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let step = steps
        .iter()
        .find(|s| s["name"] == "Deploy to staging")
        .unwrap_or_else(|| panic!("no staging deploy step: {steps:?}"));
    (
        step["env"].clone(),
        step["run"].as_str().unwrap_or_default().to_string(),
    )
}
