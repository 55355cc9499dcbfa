//! Large inputs stay fast and succeed; errors keep their exit codes and their JSON shape.

use std::time::Duration;

use super::{deployplan, generate, stderr};

/// Speed is measured by `scripts/bench-generate.sh` (100,000 names), not asserted here: this
/// proves that many names go through and come out, with a generous guard against a hang.
#[test]
fn thirty_thousand_secret_names_go_through() {
    let tmp = tempfile::tempdir().unwrap();
    let names: Vec<String> = (0..30_000).map(|i| format!("\"SECRET_{i}\"")).collect();
    let answers = tmp.path().join("answers.toml");
    std::fs::write(
        &answers,
        format!("[secrets]\nnames = [{}]\n", names.join(",")),
    )
    .unwrap();
    let out = generate(&tmp.path().join("out"))
        .arg("--answers")
        .arg(&answers)
        .arg("--no-save")
        .timeout(Duration::from_secs(600))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let example = std::fs::read_to_string(tmp.path().join("out/.env.example")).unwrap();
    assert!(example.contains("SECRET_0=") && example.contains("SECRET_29999="));
}

#[test]
fn thirty_thousand_env_vars_render_every_platform_file() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    std::fs::create_dir_all(repo.join("src")).unwrap();
    std::fs::write(
        repo.join("package.json"),
        r#"{"name":"x","scripts":{"start":"node src/a0.js"}}"#,
    )
    .unwrap();
    for k in 0..6 {
        let text: Vec<String> = (k * 5000..(k + 1) * 5000)
            .map(|i| format!("const a{i} = process.env.VAR_{i};"))
            .collect();
        std::fs::write(repo.join(format!("src/a{k}.js")), text.join("\n")).unwrap();
    }
    let out = generate(&tmp.path().join("out"))
        .arg("--repo")
        .arg(&repo)
        .args(["--platform", "render"])
        .timeout(Duration::from_secs(600))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("budget"));
}

#[test]
fn check_json_without_a_design_prints_a_json_error() {
    let tmp = tempfile::tempdir().unwrap();
    let out = deployplan()
        .args(["check", "--json"])
        .arg(tmp.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(json["error"]["exit_code"], 2);
    assert!(
        json["error"]["message"]
            .as_str()
            .unwrap()
            .contains("no design")
    );
}
