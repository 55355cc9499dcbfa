//! A monorepo on Heroku deploys every service as its own app: generated through the binary for
//! real-shaped monorepos (tests/apps/services/*) with GitHub and GitLab pipelines, the
//! pipeline parsed back and each service's image checked to be built from its own Dockerfile
//! and build context and released to its own app (the migration as its release image, on the
//! service that migrates only); then every output through the offline validators.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::support::{copy_dir, deployplan, read, run_validators, yaml};

/// (service, its variable suffix, Dockerfile, build context, static frontend).
type Service = (&'static str, &'static str, &'static str, &'static str, bool);

fn generate(tmp: &Path, app: &str, ci: &str) -> PathBuf {
    let repo = tmp.join("repos").join(format!("{app}-{ci}"));
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/apps/services")
            .join(app),
        &repo,
    );
    let out = tmp.join("out").join(format!("{app}-{ci}"));
    deployplan()
        .args(["generate", "--date", "2026-12-02", "--no-save", "--repo"])
        .arg(&repo)
        .arg("--out")
        .arg(&out)
        .args(["--platform", "heroku", "--ci", ci])
        .assert()
        .success();
    out
}

/// The deploy jobs' (name, variables, script) of a GitHub workflow or a GitLab pipeline.
fn deploy_jobs(out: &Path, ci: &str) -> Vec<(String, Value, String)> {
    let mut jobs = Vec::new();
    if ci == "github" {
        let wf = yaml(&out.join(".github/workflows/deploy.yml"));
        for (name, job) in wf["jobs"].as_object().unwrap() {
            for step in job["steps"].as_array().unwrap() {
                let run = step["run"].as_str().unwrap_or("");
                if run.contains("registry.heroku.com") {
                    jobs.push((name.clone(), step["env"].clone(), run.to_string()));
                }
            }
        }
    } else {
        let pipeline = yaml(&out.join(".gitlab-ci.yml"));
        for (name, job) in pipeline.as_object().unwrap() {
            let script: Vec<&str> = job["script"]
                .as_array()
                .map(|s| s.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let script = script.join("\n");
            if script.contains("registry.heroku.com") {
                assert_eq!(job["image"], "docker:27", "{name}: a runner with docker");
                let vars: serde_json::Map<String, Value> = job["variables"]
                    .as_object()
                    .unwrap()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.get("value").unwrap_or(v).clone()))
                    .collect();
                jobs.push((name.clone(), Value::Object(vars), script));
            }
        }
    }
    jobs
}

fn check(out: &Path, ci: &str, services: &[Service], migrating: Option<(&str, &str)>) {
    // No root app.json or Procfile with guessed root commands: each service is its own app.
    assert!(!out.join("app.json").exists());
    assert!(!out.join("Procfile").exists());
    assert!(!out.join("heroku.yml").exists());
    let jobs = deploy_jobs(out, ci);
    assert_eq!(jobs.len(), 2, "staging and production: {jobs:?}");
    for (job, vars, script) in &jobs {
        assert!(
            script.contains("docker login --username=_ --password-stdin registry.heroku.com"),
            "{job}"
        );
        for (name, x, dockerfile, context, is_static) in services {
            assert!(out.join(dockerfile).is_file(), "{name}: {dockerfile}");
            assert_eq!(vars[format!("HEROKU_DOCKERFILE_{x}")], *dockerfile, "{job}");
            assert_eq!(vars[format!("HEROKU_CONTEXT_{x}")], *context, "{job}");
            if ci == "github" {
                assert_eq!(
                    vars[format!("HEROKU_APP_NAME_{x}")],
                    format!("${{{{ vars.HEROKU_APP_NAME_{x} }}}}")
                );
            }
            let image = format!("registry.heroku.com/$HEROKU_APP_NAME_{x}/web");
            // Built from the service's own Dockerfile and context…
            let built = if *is_static {
                format!("registry.heroku.com/$HEROKU_APP_NAME_{x}/static")
            } else {
                image.clone()
            };
            assert!(
                script.contains(&format!(
                    "docker build --pull -t \"{built}\" -f \"$HEROKU_DOCKERFILE_{x}\" \"$HEROKU_CONTEXT_{x}\""
                )),
                "{job}: {name}\n{script}"
            );
            if *is_static {
                // …a static frontend's nginx moved onto Heroku's $PORT…
                assert!(script.contains(&format!(
                    "docker build -t \"{image}\" --build-arg BASE=\"{built}\" -"
                )));
                assert!(script.contains("sed 's/8080;/${PORT};/g'"));
            }
            // …pushed to its own app's registry and released on that app.
            assert!(
                script.contains(&format!("docker push \"{image}\"")),
                "{job}"
            );
            let release = script
                .lines()
                .find(|l| l.contains(&format!("/apps/$HEROKU_APP_NAME_{x}/formation")))
                .unwrap_or_else(|| panic!("{job}: no release of {name}"));
            assert!(release.starts_with("curl --fail --silent --show-error --request PATCH"));
            assert!(release.contains("version=3.docker-releases"));
            assert!(release.contains(&format!(
                "\\\"type\\\":\\\"web\\\",\\\"docker_image\\\":\\\"$ID_{x}_WEB\\\""
            )));
            // Only the service that migrates has a release image.
            let has_release = release.contains("\\\"type\\\":\\\"release\\\"");
            assert_eq!(
                has_release,
                migrating.is_some_and(|(m, _)| m == *x),
                "{job}: {name}: {release}"
            );
        }
        match migrating {
            Some((x, cmd)) => {
                assert_eq!(vars[format!("HEROKU_RELEASE_COMMAND_{x}")], cmd);
                assert!(script.contains(&format!(
                    "--build-arg PROCESS_COMMAND=\"$HEROKU_RELEASE_COMMAND_{x}\""
                )));
                // The command reaches the image as a build argument, never as script text.
                assert!(!script.contains(cmd), "{job}");
            }
            None => assert!(!script.contains("HEROKU_RELEASE_COMMAND_")),
        }
    }
    // The TDD names the same apps and deploys, not a root git push.
    let tdd = read(&out.join("specs/DEPLOYMENT_TDD.md"));
    assert!(!tdd.contains("git.heroku.com"), "{tdd}");
    assert!(tdd.contains("Heroku runs every service above as its own app"));
    for (_, x, dockerfile, context, _) in services {
        assert!(tdd.contains(&format!("`HEROKU_APP_NAME_{x}`")));
        assert!(tdd.contains(&format!(
            "docker build -t \"registry.heroku.com/$HEROKU_APP_NAME_{x}/web\" -f {dockerfile} {context}"
        )));
    }
    run_validators(out);
}

#[test]
fn heroku_deploys_each_monorepo_service_as_its_own_app_from_its_image() {
    let tmp = tempfile::tempdir().unwrap();
    for ci in ["github", "gitlab"] {
        // pnpm workspace (lockfile at the root): NestJS API and a Vite SPA, both built from
        // the root with their folder's Dockerfile; no migrations.
        let out = generate(tmp.path(), "pnpm-vite-nest", ci);
        check(
            &out,
            ci,
            &[
                ("api", "API", "apps/api/Dockerfile", ".", false),
                ("web", "WEB", "apps/web/Dockerfile", ".", true),
            ],
            None,
        );
        // uv FastAPI backend with Alembic migrations and a Vite frontend, each self-contained
        // in its folder: the backend's release image runs the migration.
        let out = generate(tmp.path(), "vite-fastapi-uv", ci);
        check(
            &out,
            ci,
            &[
                ("backend", "BACKEND", "backend/Dockerfile", "backend", false),
                (
                    "frontend",
                    "FRONTEND",
                    "frontend/Dockerfile",
                    "frontend",
                    true,
                ),
            ],
            Some(("BACKEND", "alembic upgrade head")),
        );
    }
}
