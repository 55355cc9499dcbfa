//! Two runs into one folder at once: the second waits for the first, so no decision is lost
//! and the design document, the answers and the decision log agree.

use std::process::Command;

use super::read;

fn run(out: &std::path::Path, platform: &str) -> std::process::Child {
    Command::new(assert_cmd::cargo::cargo_bin("deployplan"))
        .args([
            "generate",
            "--app-type",
            "web-api",
            "--expertise",
            "beginner",
            "--scale",
            "low",
            "--budget",
            "free",
            "--date",
            "2026-01-02",
            "--force",
            "--platform",
            platform,
            "--out",
        ])
        .arg(out)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn concurrent_pairs_never_lose_a_decision() {
    let tmp = tempfile::tempdir().unwrap();
    let mut pairs = Vec::new();
    for i in 0..12 {
        let out = tmp.path().join(format!("pair{i}"));
        let a = run(&out, "render");
        let b = run(&out, "fly");
        pairs.push((out, a, b));
    }
    for (out, a, b) in pairs {
        for child in [a, b] {
            let o = child.wait_with_output().unwrap();
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        }
        let decisions = read(&out.join("specs/09_DECISIONS.md"));
        assert_eq!(
            decisions.matches("## Deployment Infrastructure").count(),
            2,
            "{decisions}"
        );
        let saved = read(&out.join("deployplan.toml"));
        let (id, name) = if saved.contains("id = \"fly\"") {
            ("fly", "Fly.io")
        } else {
            ("render", "Render")
        };
        let last = decisions
            .rsplit("## Deployment Infrastructure")
            .next()
            .unwrap();
        assert!(
            last.contains(name),
            "{id}: last decision is not {name}:\n{last}"
        );
        let tdd = read(&out.join("specs/DEPLOYMENT_TDD.md"));
        assert!(
            tdd.contains(&format!("**Platform:** {name}")) || tdd.contains(name),
            "{id}"
        );
    }
}
