//! A monorepo on Azure Container Apps: every service is a container app of its own, from an
//! image the registry builds from the service's own context and Dockerfile; a worker service
//! runs without ingress; no root container app and no root build.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{copy_dir, deployplan, read, run_validators, yaml};

fn apps() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/apps/services")
}

fn generate(tmp: &Path, app: &str) -> PathBuf {
    let repo = tmp.join("repo");
    copy_dir(&apps().join(app), &repo);
    let out = tmp.join("out");
    deployplan()
        .args(["generate", "--date", "2026-12-02", "--no-save", "--repo"])
        .arg(&repo)
        .arg("--out")
        .arg(&out)
        .args(["--platform", "azure-container-apps"])
        .assert()
        .success();
    out
}

fn container(doc: &Value) -> &Value {
    &doc["properties"]["template"]["containers"][0]
}

#[test]
fn each_service_is_a_container_app_built_from_its_own_context() {
    let tmp = tempfile::tempdir().unwrap();
    let out = generate(tmp.path(), "vite-fastapi-uv");
    assert!(!out.join("azure/containerapp.yaml").exists(), "no root app");
    let backend = yaml(&out.join("azure/backend.yaml"));
    let frontend = yaml(&out.join("azure/frontend.yaml"));
    assert_eq!(backend["name"], "repo-backend");
    let probe = &container(&backend)["probes"][0];
    assert_eq!(probe["httpGet"]["path"], "/api/health", "{backend}");
    // The static frontend serves no health route: TCP probes on nginx's port.
    assert_eq!(
        frontend["properties"]["configuration"]["ingress"]["targetPort"],
        8080
    );
    assert_eq!(container(&frontend)["probes"][0]["tcpSocket"]["port"], 8080);

    let (env, run) = crate::support::staging_deploy_step(&out);
    // Self-contained services build in their own folder, their Dockerfile relative to it.
    assert_eq!(env["CONTEXT_BACKEND"], "backend");
    assert_eq!(env["DOCKERFILE_BACKEND"], "Dockerfile");
    assert!(out.join("backend/Dockerfile").is_file());
    assert!(!run.contains("--image \"$APP_NAME"), "no root build: {run}");
    for v in ["BACKEND", "FRONTEND"] {
        assert!(run.contains(&format!("cd \"$ROOT/$CONTEXT_{v}\"")), "{run}");
        assert!(
            run.contains(&format!("--file \"$DOCKERFILE_{v}\" .")),
            "{run}"
        );
        assert!(
            run.contains(&format!("az containerapp update --name \"$APP_{v}\"")),
            "{run}"
        );
    }
    // The pipeline migrates from the backend's folder before the deploy step.
    let wf = read(&out.join(".github/workflows/deploy.yml"));
    assert!(wf.contains("Run database migrations"), "{wf}");
    let tdd = read(&out.join("specs/DEPLOYMENT_TDD.md"));
    assert!(!tdd.contains("deploy one image"), "{tdd}");
    run_validators(&out);
}

#[test]
fn workspace_services_build_from_the_root_with_their_dockerfile_path() {
    let tmp = tempfile::tempdir().unwrap();
    let out = generate(tmp.path(), "pnpm-vite-nest");
    let (env, _) = crate::support::staging_deploy_step(&out);
    assert_eq!(env["CONTEXT_API"], ".");
    assert_eq!(env["DOCKERFILE_API"], "apps/api/Dockerfile");
    let api = yaml(&out.join("azure/api.yaml"));
    assert_eq!(
        api["properties"]["configuration"]["ingress"]["targetPort"],
        3001
    );
    run_validators(&out);
}
