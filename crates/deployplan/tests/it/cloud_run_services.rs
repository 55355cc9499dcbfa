//! A monorepo on Cloud Run: every service that serves HTTP is a Cloud Run service of its own,
//! from an image Cloud Build makes from the service's Dockerfile and build context; the
//! migrating service's image runs the migrations; no root `service.yaml` and no root build.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{copy_dir, deployplan, read, run_validators, yaml};

fn apps() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/apps/services")
}

fn generate(tmp: &Path, app: &str, ci: &str) -> PathBuf {
    let repo = tmp.join("repo");
    copy_dir(&apps().join(app), &repo);
    let out = tmp.join("out");
    deployplan()
        .args(["generate", "--date", "2026-12-02", "--no-save", "--repo"])
        .arg(&repo)
        .arg("--out")
        .arg(&out)
        .args(["--platform", "cloud-run", "--ci", ci])
        .assert()
        .success();
    out
}

/// The container of a Cloud Run service manifest.
fn container(manifest: &Value) -> &Value {
    &manifest["spec"]["template"]["spec"]["containers"][0]
}

#[test]
fn each_http_service_of_a_pnpm_workspace_is_its_own_cloud_run_service() {
    let tmp = tempfile::tempdir().unwrap();
    let out = generate(tmp.path(), "pnpm-vite-nest", "github");

    assert!(!out.join("service.yaml").exists(), "no root service");
    let api = yaml(&out.join("cloud-run/api.yaml"));
    let web = yaml(&out.join("cloud-run/web.yaml"));
    assert_eq!(api["metadata"]["name"], "repo-api");
    assert_eq!(container(&api)["ports"][0]["containerPort"], 3001);
    assert_eq!(
        container(&api)["startupProbe"]["httpGet"]["path"],
        "/health"
    );
    // The static frontend's nginx listens on 8080 and serves no health route: Cloud Run's
    // default TCP startup probe applies.
    assert_eq!(container(&web)["ports"][0]["containerPort"], 8080);
    assert!(container(&web).get("startupProbe").is_none(), "{web}");

    // Each image is built from the service's Dockerfile, in the workspace root's context.
    for svc in ["api", "web"] {
        assert!(
            out.join(format!("apps/{svc}/Dockerfile")).is_file(),
            "{svc}"
        );
    }
    let build = yaml(&out.join("cloud-run/cloudbuild.yaml"));
    let args: Vec<&str> = build["steps"][0]["args"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(
        args,
        [
            "build",
            "--pull",
            "-t",
            "$_IMAGE",
            "-f",
            "$_DOCKERFILE",
            "$_CONTEXT"
        ]
    );
    let (env, run) = crate::support::staging_deploy_step(&out);
    assert_eq!(env["DOCKERFILE_API"], "apps/api/Dockerfile");
    assert_eq!(env["DOCKERFILE_WEB"], "apps/web/Dockerfile");
    assert_eq!(env["CONTEXT_API"], ".");
    assert_eq!(env["MANIFEST_WEB"], "cloud-run/web.yaml");
    assert_eq!(env["SERVICE_WEB"], "repo-web");
    assert!(!run.contains("--tag"), "no root build: {run}");
    for v in ["API", "WEB"] {
        assert!(
            run.contains(&format!(
                "_DOCKERFILE=$DOCKERFILE_{v}@@_CONTEXT=$CONTEXT_{v}"
            )),
            "{run}"
        );
        assert!(
            run.contains(&format!("IMAGE=\"$IMAGE_{v}\" envsubst")),
            "{run}"
        );
        assert!(
            run.contains(&format!("add-iam-policy-binding \"$SERVICE_{v}\"")),
            "{run}"
        );
    }
    let tdd = read(&out.join("specs/DEPLOYMENT_TDD.md"));
    assert!(
        !tdd.contains("deploy one image"),
        "the TDD says each service is deployed"
    );
    assert!(
        tdd.contains("`cloud-run/api.yaml`"),
        "files table lists the services"
    );
    run_validators(&out);
}

#[test]
fn the_migrating_service_image_runs_the_migrations_before_the_services_move() {
    let tmp = tempfile::tempdir().unwrap();
    let out = generate(tmp.path(), "vite-fastapi-uv", "github");
    let (env, run) = crate::support::staging_deploy_step(&out);
    assert_eq!(env["MIGRATE_COMMAND"], "alembic upgrade head");
    assert_eq!(env["CONTEXT_BACKEND"], "backend");
    // The code reads DB_URL: the job gets that secret, not an invented DATABASE_URL.
    assert_eq!(env["DATABASE_URL_SECRET"], "DB_URL=DB_URL:latest");
    let job = run.find("gcloud run jobs deploy").expect("migration job");
    assert!(run[job..].starts_with("gcloud run jobs deploy \"$APP_NAME-migrate\""));
    assert!(run[job..].contains("--image \"$IMAGE_BACKEND\""), "{run}");
    let replace = run.find("gcloud run services replace").unwrap();
    assert!(job < replace, "migrations before the new revisions: {run}");
    // The backend reads its own secrets; the frontend none of them.
    let backend = yaml(&out.join("cloud-run/backend.yaml"));
    let frontend = yaml(&out.join("cloud-run/frontend.yaml"));
    let names = |m: &Value| -> Vec<String> {
        container(m)["env"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e["name"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    assert!(names(&backend).contains(&"DB_URL".to_string()), "{backend}");
    assert!(
        !names(&frontend).contains(&"DB_URL".to_string()),
        "{frontend}"
    );
    run_validators(&out);
}

#[test]
fn gitlab_pipelines_build_each_service_with_cloud_build_too() {
    let tmp = tempfile::tempdir().unwrap();
    let out = generate(tmp.path(), "vite-fastapi-uv", "gitlab");
    let ci = read(&out.join(".gitlab-ci.yml"));
    assert!(
        ci.contains("DOCKERFILE_FRONTEND:") && ci.contains("frontend/Dockerfile"),
        "{ci}"
    );
    assert!(ci.contains("--config \"$BUILD_CONFIG\""), "{ci}");
    assert!(
        ci.contains("google/cloud-sdk"),
        "gcloud's image, no Docker daemon: {ci}"
    );
    run_validators(&out);
}
