//! The runner's and the shell's own variables are never the app's secrets: refused as names,
//! not reported by the scan, never forwarded; an app's own `GITHUB_*` name is stored under
//! `APP_GITHUB_*` in GitHub and mapped back.

use super::{deployplan, generate, read, stderr};

#[test]
fn runner_names_are_refused_as_secrets() {
    let tmp = tempfile::tempdir().unwrap();
    for name in [
        "GITHUB_TOKEN",
        "GITHUB_ENV",
        "BASH_ENV",
        "LD_PRELOAD",
        "NODE_OPTIONS",
        "PATH",
    ] {
        let out = generate(tmp.path())
            .args(["--secret", name])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}");
        assert!(stderr(&out).contains("itself"), "{name}: {}", stderr(&out));
        std::fs::write(
            tmp.path().join("deployplan.toml"),
            format!("[secrets]\nnames = [\"{name}\"]\n"),
        )
        .unwrap();
        let out = generate(tmp.path()).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}");
        std::fs::remove_file(tmp.path().join("deployplan.toml")).unwrap();
    }
}

#[test]
fn code_reading_runner_names_forwards_none_of_them() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path();
    std::fs::write(
        repo.join("package.json"),
        r#"{"name":"x","scripts":{"start":"node server.js","test":"node --test"},"dependencies":{"express":"4"}}"#,
    )
    .unwrap();
    std::fs::write(
        repo.join("server.js"),
        "const t = process.env.GITHUB_TOKEN, e = process.env.GITHUB_ENV, b = process.env.BASH_ENV;\n\
         const l = process.env.LD_PRELOAD, n = process.env.NODE_OPTIONS;\n\
         const c = process.env.GITHUB_CLIENT_SECRET, s = process.env.STRIPE_KEY;\n",
    )
    .unwrap();
    let scan = deployplan()
        .args(["scan", "--json"])
        .arg(repo)
        .output()
        .unwrap();
    let facts = String::from_utf8_lossy(&scan.stdout);
    for reserved in [
        "GITHUB_TOKEN",
        "GITHUB_ENV",
        "BASH_ENV",
        "LD_PRELOAD",
        "NODE_OPTIONS",
    ] {
        assert!(
            !facts.contains(reserved),
            "{reserved} reported as app config"
        );
    }
    // Kamal's deploy step forwards the app's secrets from the CI host.
    generate(repo)
        .arg("--repo")
        .arg(repo)
        .args(["--platform", "kamal"])
        .assert()
        .success();
    let workflow = read(&repo.join(".github/workflows/deploy.yml"));
    for reserved in ["GITHUB_ENV:", "BASH_ENV:", "LD_PRELOAD:", "NODE_OPTIONS:"] {
        assert!(
            !workflow.contains(reserved),
            "{reserved} forwarded:\n{workflow}"
        );
    }
    assert!(!workflow.contains("GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}"));
    assert!(
        workflow.contains("GITHUB_CLIENT_SECRET: ${{ secrets.APP_GITHUB_CLIENT_SECRET }}"),
        "{workflow}"
    );
    assert!(workflow.contains("STRIPE_KEY: ${{ secrets.STRIPE_KEY }}"));
    for file in ["config/deploy.yml", ".kamal/secrets", ".env.example"] {
        let text = read(&repo.join(file));
        for reserved in [
            "GITHUB_TOKEN",
            "GITHUB_ENV",
            "BASH_ENV",
            "LD_PRELOAD",
            "NODE_OPTIONS",
        ] {
            assert!(!text.contains(reserved), "{reserved} in {file}");
        }
    }
    let tdd = read(&repo.join("specs/DEPLOYMENT_TDD.md"));
    assert!(
        tdd.contains("`APP_GITHUB_CLIENT_SECRET`"),
        "the TDD says how it is stored"
    );
    deployplan().arg("check").arg(repo).assert().success();
}
