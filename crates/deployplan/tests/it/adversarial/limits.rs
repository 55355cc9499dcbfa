//! Large inputs stay fast and succeed; errors keep their exit codes and their JSON shape.

use std::time::{Duration, Instant};

use super::{deployplan, generate, stderr};

#[test]
fn a_hundred_thousand_secret_names_take_seconds_not_minutes() {
    let tmp = tempfile::tempdir().unwrap();
    let names: Vec<String> = (0..100_000).map(|i| format!("\"SECRET_{i}\"")).collect();
    let answers = tmp.path().join("answers.toml");
    std::fs::write(
        &answers,
        format!("[secrets]\nnames = [{}]\n", names.join(",")),
    )
    .unwrap();
    let start = Instant::now();
    let out = generate(&tmp.path().join("out"))
        .arg("--answers")
        .arg(&answers)
        .arg("--no-save")
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        start.elapsed() < Duration::from_secs(50),
        "{:?}",
        start.elapsed()
    );
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
        .timeout(Duration::from_secs(120))
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
