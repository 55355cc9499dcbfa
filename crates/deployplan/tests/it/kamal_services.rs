//! A monorepo on Kamal: every service is its own Kamal app with its own config file
//! (`config/deploy.<service>.yml`, given with `--config-file`), built from its own context and
//! Dockerfile and checked on its own health path; no root `config/deploy.yml` builds the
//! repository root. Generated through the binary from tests/apps/services/*, the files parsed
//! back, then every output through the offline validators.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{copy_dir, generate_on, read, run_validators, yaml};

/// Copies the fixture app into `<tmp>/<app>` and generates it on Kamal into `<tmp>/out-<app>`.
fn generate(tmp: &Path, app: &str) -> PathBuf {
    let repo = tmp.join(app);
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/apps/services")
            .join(app),
        &repo,
    );
    let out = tmp.join(format!("out-{app}"));
    generate_on(&repo, &out, "kamal");
    out
}

/// The deploy step's `env:` and `run:` of the workflow's `job`.
fn deploy_step(out: &Path, job: &str) -> (Value, String) {
    let wf = yaml(&out.join(".github/workflows/deploy.yml"));
    let steps = wf["jobs"][job]["steps"].as_array().expect("steps");
    let step = steps
        .iter()
        .find(|s| {
            s["run"]
                .as_str()
                .is_some_and(|r| r.contains("kamal deploy"))
        })
        .unwrap_or_else(|| panic!("no kamal deploy step in {job}"));
    (
        step["env"].clone(),
        step["run"].as_str().unwrap().to_string(),
    )
}

/// What every Kamal monorepo output shares: no root app, one file per service with its own
/// image, and its destination file.
fn each_service_is_its_own_app(out: &Path, project: &str, services: &[&str]) {
    assert!(!out.join("config/deploy.yml").exists(), "a root app");
    assert!(!out.join("config/deploy.staging.yml").exists());
    assert!(!out.join("Dockerfile").exists(), "a root image");
    let mut hosts = Vec::new();
    for svc in services {
        let c = yaml(&out.join(format!("config/deploy.{svc}.yml")));
        assert_eq!(c["service"], format!("{project}-{svc}"));
        assert_eq!(
            c["image"],
            format!("REPLACE_WITH_REGISTRY_USER/{project}-{svc}")
        );
        assert_ne!(
            c["builder"]["context"],
            Value::Null,
            "{svc}: root git clone"
        );
        let dockerfile = c["builder"]["dockerfile"].as_str().unwrap();
        assert!(out.join(dockerfile).is_file(), "{svc}: no {dockerfile}");
        hosts.push(c["proxy"]["host"].as_str().unwrap().to_string());
        let dest = yaml(&out.join(format!("config/deploy.{svc}.staging.yml")));
        assert_eq!(
            dest["proxy"]["host"],
            format!("staging.{project}-{svc}.example.com")
        );
        assert_eq!(dest["proxy"]["healthcheck"], c["proxy"]["healthcheck"]);
    }
    hosts.dedup();
    assert_eq!(hosts.len(), services.len(), "kamal-proxy routes by host");
    // Shared secrets, names only.
    let secrets = read(&out.join(".kamal/secrets"));
    assert!(secrets.contains("KAMAL_REGISTRY_PASSWORD=$KAMAL_REGISTRY_PASSWORD"));
    assert!(out.join(".kamal/secrets.staging").is_file());
    // The pipeline deploys each file, its path passed as a value.
    for job in ["deploy-staging", "deploy-production"] {
        let (env, run) = deploy_step(out, job);
        for svc in services {
            let x = svc.to_uppercase();
            assert_eq!(
                env[format!("KAMAL_CONFIG_{x}")],
                format!("config/deploy.{svc}.yml")
            );
            assert!(
                run.contains(&format!("--config-file \"$KAMAL_CONFIG_{x}\"")),
                "{run}"
            );
        }
        assert!(
            !run.contains("config/deploy"),
            "a path in the script text: {run}"
        );
    }
    // The TDD says each service is deployed, as the files do.
    let tdd = read(&out.join("specs/DEPLOYMENT_TDD.md"));
    assert!(tdd.contains("Kamal deploys every service above as its own Kamal app"));
    assert!(!tdd.contains("which these files do not write yet"), "{tdd}");
    for svc in services {
        assert!(
            tdd.contains(&format!("| `config/deploy.{svc}.yml` |")),
            "{svc}"
        );
    }
}

#[test]
fn pnpm_workspace_services_are_each_a_kamal_app() {
    let tmp = tempfile::tempdir().unwrap();
    let out = generate(tmp.path(), "pnpm-vite-nest");
    each_service_is_its_own_app(&out, "pnpm-vite-nest", &["api", "web"]);

    // NestJS from the workspace root (its lockfile), its own Dockerfile, probed on /health.
    let api = yaml(&out.join("config/deploy.api.yml"));
    assert_eq!(api["builder"]["context"], ".");
    assert_eq!(api["builder"]["dockerfile"], "apps/api/Dockerfile");
    assert_eq!(api["proxy"]["healthcheck"]["path"], "/health");
    assert_eq!(api["proxy"]["app_port"], 3001);
    assert_eq!(api["env"]["clear"]["PORT"], "3001");
    assert!(api["servers"]["web"].is_object() && api["primary_role"].is_null());

    // The Vite frontend: the nginx of its image on 8080, checked on `/` (index.html).
    let web = yaml(&out.join("config/deploy.web.yml"));
    assert_eq!(web["builder"]["dockerfile"], "apps/web/Dockerfile");
    assert_eq!(web["proxy"]["app_port"], 8080);
    assert_eq!(web["proxy"]["healthcheck"]["path"], "/");
    let dockerfile = read(&out.join("apps/web/Dockerfile"));
    assert!(
        dockerfile.contains("FROM nginxinc/nginx-unprivileged")
            && dockerfile.contains("EXPOSE 8080")
    );

    // No migrations: each service is deployed as it is built.
    let (env, run) = deploy_step(&out, "deploy-production");
    assert!(env["MIGRATE_COMMAND"].is_null());
    assert!(!run.contains("kamal app exec"));

    run_validators(&out);
}

#[test]
fn the_migrating_service_deploys_first_with_its_migrations() {
    let tmp = tempfile::tempdir().unwrap();
    let out = generate(tmp.path(), "vite-fastapi-uv");
    each_service_is_its_own_app(&out, "vite-fastapi-uv", &["backend", "frontend"]);

    // FastAPI built from its own folder (its own lockfile), on its own health path; only it
    // reads the database's secret.
    let backend = yaml(&out.join("config/deploy.backend.yml"));
    assert_eq!(backend["builder"]["context"], "backend");
    assert_eq!(backend["builder"]["dockerfile"], "backend/Dockerfile");
    assert_eq!(backend["proxy"]["healthcheck"]["path"], "/api/health");
    assert_eq!(backend["env"]["secret"], serde_json::json!(["DB_URL"]));
    let frontend = yaml(&out.join("config/deploy.frontend.yml"));
    assert_eq!(frontend["builder"]["context"], "frontend");
    assert_eq!(frontend["proxy"]["healthcheck"]["path"], "/");
    assert!(frontend["env"]["secret"].is_null(), "{}", frontend["env"]);

    // Alembic runs once, from the backend's new image, before any service goes live.
    for job in ["deploy-staging", "deploy-production"] {
        let (env, run) = deploy_step(&out, job);
        assert_eq!(env["MIGRATE_COMMAND"], "alembic upgrade head");
        let at = |line: &str| {
            run.find(line)
                .unwrap_or_else(|| panic!("no `{line}` in {run}"))
        };
        let push = at("kamal build push --config-file \"$KAMAL_CONFIG_BACKEND\"");
        let exec = at("kamal app exec --primary --config-file \"$KAMAL_CONFIG_BACKEND\"");
        let backend = at("kamal deploy --skip-push --config-file \"$KAMAL_CONFIG_BACKEND\"");
        let frontend = at("kamal deploy --config-file \"$KAMAL_CONFIG_FRONTEND\"");
        assert!(push < exec && exec < backend && backend < frontend, "{run}");
        assert_eq!(run.matches("kamal app exec").count(), 1);
    }

    run_validators(&out);
}
