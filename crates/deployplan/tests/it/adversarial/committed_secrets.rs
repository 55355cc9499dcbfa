//! `check` finds committed secrets wherever they are: the decision log, a force-added `.env`,
//! a Procfile command, any token shape in any text file; generated files never copy one.

use super::{deployplan, generate, read, stderr};

const STRIPE: &str = "sk_live_51HqLyjWDarjtT1zdp7dc";
const GITHUB: &str = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";

fn git(dir: &std::path::Path, args: &[&str]) {
    let ok = std::process::Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(ok, "git {args:?}");
}

fn app(dir: &std::path::Path) {
    std::fs::write(
        dir.join("package.json"),
        r#"{"name":"x","scripts":{"start":"node server.js","test":"node --test"},"dependencies":{"express":"4"}}"#,
    )
    .unwrap();
    std::fs::write(dir.join("server.js"), "const s = process.env.STRIPE_KEY;\n").unwrap();
}

fn files(dir: &std::path::Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                if !p.ends_with(".git") {
                    stack.push(p);
                }
            } else {
                let text = String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned();
                out.push((p.display().to_string(), text));
            }
        }
    }
    out
}

fn findings(dir: &std::path::Path) -> String {
    let out = deployplan()
        .args(["check", "--json"])
        .arg(dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn secrets_in_the_decision_log_and_any_text_file_are_found() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    app(dir);
    generate(dir).arg("--repo").arg(dir).assert().success();
    deployplan().arg("check").arg(dir).assert().success();
    let log = dir.join("specs/09_DECISIONS.md");
    let text = read(&log) + &format!("\nThe deploy token is {GITHUB}\n");
    std::fs::write(&log, text).unwrap();
    std::fs::write(
        dir.join("NOTES.txt"),
        "slack: xoxb-123456789012-abcdefghij\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("ci.toml"),
        "key = \"AKIAZ7QWERTYUIOPASDF\"\nopenai = \"sk-proj-abcdefghijklmnopqrstuvwxyz\"\n",
    )
    .unwrap();
    let json = findings(dir);
    for needle in [
        "\"github-token\"",
        "specs/09_DECISIONS.md",
        "\"slack-token\"",
        "\"aws-access-key\"",
        "NOTES.txt",
    ] {
        assert!(
            json.contains(needle) || json.contains(&needle.replace('"', "")),
            "{needle}: {json}"
        );
    }
    assert!(
        !json.contains("ghp_abc") && !json.contains("xoxb-1"),
        "values echoed"
    );
}

#[test]
fn a_force_added_dotenv_that_gitignore_lists_is_found() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    app(dir);
    std::fs::write(dir.join(".gitignore"), ".env\n").unwrap();
    std::fs::write(dir.join(".env"), format!("STRIPE_KEY={STRIPE}\n")).unwrap();
    git(dir, &["init", "-q", "."]);
    git(dir, &["add", "-f", ".env"]);
    git(dir, &["add", "."]);
    generate(dir).arg("--repo").arg(dir).assert().success();
    let json = findings(dir);
    assert!(
        json.contains(".env") && json.contains("committed-secret"),
        "{json}"
    );
    assert!(!json.contains("51HqLyj"));
    // An ignored .env that git does not track is the normal local setup, not a finding.
    git(dir, &["rm", "-q", "--cached", ".env"]);
    generate(dir)
        .arg("--repo")
        .arg(dir)
        .arg("--force")
        .assert()
        .success();
    deployplan().arg("check").arg(dir).assert().success();
}

#[test]
fn a_credential_in_a_procfile_is_found_and_never_copied() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    app(dir);
    std::fs::write(
        dir.join("Procfile"),
        format!("web: STRIPE_KEY={STRIPE} node server.js\n"),
    )
    .unwrap();
    let out = generate(dir)
        .arg("--repo")
        .arg(dir)
        .args(["--platform", "render"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("51HqLyj"));
    for file in [
        "render.yaml",
        "specs/DEPLOYMENT_TDD.md",
        "deployplan.toml",
        ".env.example",
    ] {
        assert!(
            !read(&dir.join(file)).contains("51HqLyj"),
            "{file} copies the key"
        );
    }
    assert!(read(&dir.join("render.yaml")).contains("node server.js"));
    let json = findings(dir);
    assert!(json.contains("credential-in-procfile"), "{json}");
    let scan = deployplan()
        .args(["scan", "--json"])
        .arg(dir)
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&scan.stdout).contains("51HqLyj"));

    // A token in the middle of a command cannot be moved out: refused, not copied.
    std::fs::write(
        dir.join("Procfile"),
        format!("web: node server.js --token {GITHUB}\n"),
    )
    .unwrap();
    let out = generate(dir)
        .arg("--repo")
        .arg(dir)
        .arg("--force")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("Procfile:1") && !stderr(&out).contains("ghp_"));

    // Nor from a package.json script, a flag or the answers file.
    std::fs::remove_file(dir.join("Procfile")).unwrap();
    std::fs::write(
        dir.join("package.json"),
        format!(r#"{{"name":"x","scripts":{{"start":"node server.js --key {STRIPE}"}}}}"#),
    )
    .unwrap();
    let out = generate(dir)
        .arg("--repo")
        .arg(dir)
        .arg("--force")
        .output()
        .unwrap();
    assert!(!stderr(&out).contains("51HqLyj"));
    for (path, text) in files(dir) {
        let generated = !path.ends_with("package.json");
        assert!(
            !generated || !text.contains("51HqLyj"),
            "{path} copies the key"
        );
    }
    let flag = format!("node server.js --key {STRIPE}");
    let out = generate(dir)
        .args(["--start-command", &flag])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!stderr(&out).contains("51HqLyj"), "{}", stderr(&out));
}
