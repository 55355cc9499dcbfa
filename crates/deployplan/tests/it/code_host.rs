//! The repository's own code host: App Platform's spec names the repository the clone's
//! `origin` remote points to (GitHub, GitLab or Bitbucket) instead of a placeholder, the TDD
//! cites `.git/config`, and `check` has no placeholder to report; without a remote the
//! placeholder stays and `check` says so.

use std::path::{Path, PathBuf};

use crate::support::{copy_dir, deployplan, read, run_validators, write, yaml};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
}

/// A clone of `app` whose `origin` is `url` (git's own config layout; no git binary needed).
fn clone_with_origin(app: &Path, repo: &Path, url: Option<&str>) {
    copy_dir(app, repo);
    if let Some(url) = url {
        write(repo, ".git/HEAD", "ref: refs/heads/main\n");
        write(
            repo,
            ".git/config",
            &format!(
                "[core]\n\trepositoryformatversion = 0\n[remote \"upstream\"]\n\turl = git@github.com:someone-else/fork.git\n[remote \"origin\"]\n\turl = {url}\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n"
            ),
        );
    }
}

fn generate_do(repo: &Path, out: &Path) {
    deployplan()
        .args(["generate", "--date", "2026-12-02", "--repo"])
        .arg(repo)
        .arg("--out")
        .arg(out)
        .args(["--platform", "digitalocean"])
        .assert()
        .success();
}

fn check_output(dir: &Path) -> String {
    let out = deployplan().arg("check").arg(dir).output().expect("runs");
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

/// Every component of the spec, whatever its kind.
fn components(spec: &serde_json::Value) -> Vec<serde_json::Value> {
    ["services", "static_sites", "workers", "jobs"]
        .iter()
        .flat_map(|k| spec[k].as_array().cloned().unwrap_or_default())
        .collect()
}

#[test]
fn app_platform_builds_the_repository_its_origin_remote_names() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    clone_with_origin(
        &fixture("../deployplan-scan/tests/fixtures/express-api/repo"),
        &repo,
        Some("git@github.com:acme/shop-api.git"),
    );
    generate_do(&repo, &repo);

    let spec_text = read(&repo.join(".do/app.yaml"));
    assert!(!spec_text.contains("REPLACE_WITH_OWNER"), "{spec_text}");
    let spec = yaml(&repo.join(".do/app.yaml"));
    let all = components(&spec);
    assert!(!all.is_empty(), "{spec}");
    for c in &all {
        assert_eq!(c["github"]["repo"], "acme/shop-api", "{c}");
        assert_eq!(c["github"]["branch"], "main", "{c}");
    }
    let tdd = read(&repo.join("specs/DEPLOYMENT_TDD.md"));
    assert!(
        tdd.contains(
            "| Source repository | `acme/shop-api` | the repository shows (.git/config:6) |"
        ),
        "the TDD cites the remote"
    );
    let check = check_output(&repo);
    assert!(!check.contains("REPLACE_WITH_"), "{check}");
}

#[test]
fn a_gitlab_monorepo_is_pulled_from_gitlab_by_every_component() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    clone_with_origin(
        &fixture("tests/apps/services/turbo"),
        &repo,
        Some("https://gitlab.com/acme/platform/monorepo.git"),
    );
    let out = tmp.path().join("out");
    generate_do(&repo, &out);

    let spec = yaml(&out.join(".do/app.yaml"));
    let all = components(&spec);
    assert!(all.len() >= 2, "{spec}");
    for c in &all {
        assert_eq!(c["gitlab"]["repo"], "acme/platform/monorepo", "{c}");
        assert!(c.get("github").is_none(), "{c}");
    }
    run_validators(&out);
}

#[test]
fn without_a_remote_the_placeholder_stays_and_check_reports_it() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    clone_with_origin(
        &fixture("../deployplan-scan/tests/fixtures/express-api/repo"),
        &repo,
        None,
    );
    generate_do(&repo, &repo);

    let spec = yaml(&repo.join(".do/app.yaml"));
    for c in components(&spec) {
        assert_eq!(
            c["github"]["repo"], "REPLACE_WITH_OWNER/REPLACE_WITH_REPO",
            "{c}"
        );
    }
    assert!(
        !read(&repo.join("specs/DEPLOYMENT_TDD.md")).contains("| Source repository |"),
        "no source to cite"
    );
    let check = check_output(&repo);
    assert!(check.contains("REPLACE_WITH_ placeholders"), "{check}");
}
