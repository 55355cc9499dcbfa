//! A workspace pins its runtime once at the root (`.nvmrc`, `.python-version`): every service
//! that builds with that runtime and pins none of its own builds with the root's version, and
//! the TDD cites the root file; a service of another runtime is not given it.

use std::path::{Path, PathBuf};

use crate::support::{copy_dir, generate_on, read, write};

fn apps() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/apps/services")
}

/// The `FROM` lines of a Dockerfile.
fn bases(dockerfile: &Path) -> Vec<String> {
    read(dockerfile)
        .lines()
        .filter_map(|l| l.strip_prefix("FROM "))
        .map(|l| l.split_whitespace().next().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn services_without_a_pin_of_their_own_build_with_the_workspace_root_pin() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    copy_dir(&apps().join("turbo"), &repo);
    write(&repo, ".nvmrc", "v20.18.0\n");
    let out = tmp.path().join("out");
    generate_on(&repo, &out, "kubernetes");

    for svc in ["api", "web"] {
        let from = bases(&out.join(format!("apps/{svc}/Dockerfile")));
        assert!(
            !from.is_empty() && from.iter().all(|b| b == "node:20-bookworm-slim"),
            "{svc}: {from:?}"
        );
    }
    let workflow = read(&out.join(".github/workflows/deploy.yml"));
    assert!(workflow.contains("node-version: \"20.18.0\""), "{workflow}");
    let tdd = read(&out.join("specs/DEPLOYMENT_TDD.md"));
    for svc in ["api", "web"] {
        let row = format!(
            "| Runtime version ({svc}) | `node 20.18.0` | the repository shows (.nvmrc:1) |"
        );
        assert!(tdd.contains(&row), "no row {row:?} in the TDD");
    }
    assert!(
        !tdd.contains("runtime-version (api)"),
        "the root pin is no assumption"
    );
}

#[test]
fn a_root_node_pin_is_not_given_to_a_python_service() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    copy_dir(&apps().join("spa-fastapi"), &repo);
    write(&repo, ".nvmrc", "20.18.0\n");
    let out = tmp.path().join("out");
    generate_on(&repo, &out, "kubernetes");

    let tdd = read(&out.join("specs/DEPLOYMENT_TDD.md"));
    assert!(
        tdd.contains(
            "| Runtime version (frontend) | `node 20.18.0` | the repository shows (.nvmrc:1) |"
        ),
        "the frontend builds with the root pin"
    );
    let backend_row = tdd
        .lines()
        .find(|l| l.starts_with("| Runtime version (backend) |"))
        .expect("a runtime row for the backend");
    assert!(backend_row.contains("python"), "{backend_row}");
    let from = bases(&out.join("backend/Dockerfile"));
    assert!(from.iter().all(|b| b.starts_with("python:")), "{from:?}");
}
