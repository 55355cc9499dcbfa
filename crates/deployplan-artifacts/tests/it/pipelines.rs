//! The pipeline properties the issue asks for, checked on the parsed files: least privilege,
//! pinned actions, no persisted credentials, OIDC only where needed, serial deploys, approval
//! gates, migrations before the release, and which files exist for which plan.

use deployplan_core::answers::{CiProvider, EnvironmentStrategy};
use deployplan_core::{GeneratedFile, Plan};
use serde_json::Value;

use crate::support::{Case, platforms};

fn files(plan: &Plan) -> Vec<GeneratedFile> {
    deployplan_artifacts::render(plan).expect("render")
}

fn yaml(files: &[GeneratedFile], path: &str) -> (Value, String) {
    let f = files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("{path} missing"));
    (
        serde_saphyr::from_str(&f.contents).expect("parses"),
        f.contents.clone(),
    )
}

fn workflow(platform: &'static str, f: impl FnOnce(&mut Case)) -> (Value, String) {
    let mut case = Case::new(platform, CiProvider::Github);
    f(&mut case);
    yaml(&files(&case.plan()), ".github/workflows/deploy.yml")
}

fn steps(job: &Value) -> &Vec<Value> {
    job["steps"].as_array().expect("steps")
}

#[test]
fn github_workflows_are_least_privilege_and_pinned() {
    for platform in platforms() {
        let (w, text) = workflow(platform, |c| {
            c.environments = EnvironmentStrategy::PreviewStagingProduction
        });
        assert_eq!(
            w["permissions"],
            serde_json::json!({"contents": "read"}),
            "{platform}"
        );
        for (id, job) in w["jobs"].as_object().unwrap() {
            let perms = job["permissions"].as_object().expect("job permissions");
            assert_eq!(perms["contents"], "read", "{platform}/{id}");
            let oidc = perms.get("id-token").is_some();
            assert!(
                !oidc || id.starts_with("deploy-"),
                "{platform}/{id}: id-token outside a deploy job"
            );
            if oidc {
                assert!(
                    ["aws-ecs", "cloud-run", "azure-container-apps"].contains(&platform),
                    "{platform}: needless OIDC"
                );
            }
            for step in steps(job) {
                if let Some(uses) = step["uses"].as_str() {
                    let (_, sha) = uses.split_once('@').expect("ref");
                    assert!(
                        sha.len() == 40 && sha.chars().all(|c| c.is_ascii_hexdigit()),
                        "{uses} is not pinned"
                    );
                    let line = text.lines().find(|l| l.contains(uses)).unwrap();
                    assert!(
                        line.contains(" # v") || line.contains(" # 2"),
                        "no version comment: {line}"
                    );
                    if uses.starts_with("actions/checkout@") {
                        assert_eq!(step["with"]["persist-credentials"], false);
                    }
                }
            }
            if id.starts_with("deploy-") {
                assert_eq!(
                    job["concurrency"]["cancel-in-progress"], false,
                    "{platform}/{id}"
                );
                assert!(job["environment"].is_string(), "{platform}/{id}");
            }
        }
        for cloud in ["aws-ecs", "cloud-run"] {
            if platform == cloud {
                assert!(
                    text.contains("role-to-assume") || text.contains("workload_identity_provider"),
                    "{platform}"
                );
                assert!(!text.contains("aws-access-key-id") && !text.contains("credentials_json"));
            }
        }
    }
}

#[test]
fn production_waits_for_staging_and_its_environment() {
    let (w, _) = workflow("fly", |_| {});
    let prod = &w["jobs"]["deploy-production"];
    assert_eq!(prod["environment"], "production");
    assert_eq!(prod["needs"], serde_json::json!(["test", "deploy-staging"]));
    assert_eq!(
        w["jobs"]["deploy-staging"]["needs"],
        serde_json::json!(["test"])
    );
}

#[test]
fn a_tag_trigger_releases_production_from_version_tags() {
    let mut case = Case::new("render", CiProvider::Github);
    let mut plan = case.plan();
    plan.ci.production_release = deployplan_core::plan::ProductionRelease::VersionTag;
    let (w, _) = yaml(&files(&plan), ".github/workflows/deploy.yml");
    assert_eq!(w["on"]["push"]["tags"], serde_json::json!(["v*"]));
    let cond = w["jobs"]["deploy-production"]["if"].as_str().unwrap();
    assert!(cond.contains("refs/tags/v"), "{cond}");
    case.environments = EnvironmentStrategy::Production;
    let (w, _) = yaml(&files(&case.plan()), ".github/workflows/deploy.yml");
    assert!(
        w["jobs"]["deploy-production"]["if"]
            .as_str()
            .unwrap()
            .contains("refs/heads/main")
    );
}

#[test]
fn migrations_run_before_the_deploy_when_the_platform_has_no_hook() {
    let (w, _) = workflow("vercel", |_| {});
    let names: Vec<&str> = steps(&w["jobs"]["deploy-staging"])
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    let migrate = names
        .iter()
        .position(|n| n.starts_with("Run database migrations"))
        .expect("migration step");
    let deploy = names
        .iter()
        .position(|n| n.starts_with("Deploy to"))
        .unwrap();
    assert!(migrate < deploy, "{names:?}");
    // Platforms with a release hook run them there, not in the pipeline.
    let (w, _) = workflow("heroku", |_| {});
    let names: Vec<&str> = steps(&w["jobs"]["deploy-staging"])
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(
        !names
            .iter()
            .any(|n| n.starts_with("Run database migrations")),
        "{names:?}"
    );
    let procfile = files(&Case::new("heroku", CiProvider::Github).plan());
    assert!(
        procfile
            .iter()
            .any(|f| f.path == "Procfile" && f.contents.contains("\nrelease: "))
    );
    // And never from a pull request preview.
    let (w, _) = workflow("vercel", |c| {
        c.environments = EnvironmentStrategy::PreviewStagingProduction
    });
    let preview: Vec<&str> = steps(&w["jobs"]["deploy-preview"])
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(
        !preview
            .iter()
            .any(|n| n.starts_with("Run database migrations")),
        "{preview:?}"
    );
}

#[test]
fn gitlab_and_bitbucket_gate_production_and_use_oidc() {
    let plan = Case::new("aws-ecs", CiProvider::Gitlab).plan();
    let (g, _) = yaml(&files(&plan), ".gitlab-ci.yml");
    let prod = &g["deploy-production"];
    assert_eq!(prod["rules"][0]["when"], "manual");
    assert_eq!(prod["allow_failure"], false);
    assert_eq!(prod["resource_group"], "production");
    assert_eq!(prod["environment"]["name"], "production");
    assert_eq!(
        prod["id_tokens"]["CLOUD_ID_TOKEN"]["aud"],
        "sts.amazonaws.com"
    );
    assert!(g["deploy-staging"]["rules"][0].get("when").is_none());

    let plan = Case::new("cloud-run", CiProvider::Bitbucket).plan();
    let (b, _) = yaml(&files(&plan), "bitbucket-pipelines.yml");
    let main = b["pipelines"]["branches"]["main"].as_array().unwrap();
    let prod = &main.last().unwrap()["step"];
    assert_eq!(prod["deployment"], "production");
    assert_eq!(prod["trigger"], "manual");
    assert_eq!(prod["oidc"], true);
}

#[test]
fn which_files_each_plan_gets() {
    for platform in platforms() {
        for ci in [CiProvider::Manual, CiProvider::Other] {
            let out = files(&Case::new(platform, ci).plan());
            assert!(
                !out.iter().any(|f| f.path.starts_with(".github/")
                    || f.path.ends_with("-ci.yml")
                    || f.path.starts_with("bitbucket")),
                "{platform}/{ci}: a pipeline file without a CI host"
            );
            assert!(out.iter().any(|f| f.path == ".env.example"));
            let mut paths: Vec<&str> = out.iter().map(|f| f.path.as_str()).collect();
            let sorted = paths.clone();
            paths.sort();
            paths.dedup();
            assert_eq!(paths, sorted, "sorted and unique");
        }
    }
    let dockerfile = |platform: &'static str, own: bool| {
        let mut plan = Case::new(platform, CiProvider::Github).plan();
        if own {
            plan.runtime.dockerfile = Some("Dockerfile".into());
        }
        files(&plan).iter().any(|f| f.path == "Dockerfile")
    };
    assert!(
        dockerfile("fly", false) && dockerfile("kubernetes", false) && dockerfile("aws-ecs", false)
    );
    assert!(
        !dockerfile("fly", true),
        "the repository's own Dockerfile is kept"
    );
    assert!(
        !dockerfile("vercel", false)
            && !dockerfile("heroku", false)
            && !dockerfile("render", false)
    );
}

#[test]
fn kubernetes_gets_probes_resources_hpa_and_a_migration_job() {
    let out = files(&Case::new("kubernetes", CiProvider::Github).plan());
    let (d, _) = yaml(&out, "k8s/deployment.yaml");
    let c = &d["spec"]["template"]["spec"]["containers"][0];
    for probe in ["readinessProbe", "livenessProbe", "startupProbe"] {
        assert_eq!(c[probe]["httpGet"]["path"], "/health", "{probe}");
    }
    assert_eq!(c["livenessProbe"]["periodSeconds"], 30);
    assert_eq!(c["livenessProbe"]["timeoutSeconds"], 5);
    assert_eq!(c["livenessProbe"]["failureThreshold"], 3);
    assert!(c["resources"]["requests"]["cpu"].is_string());
    for path in [
        "k8s/service.yaml",
        "k8s/ingress.yaml",
        "k8s/hpa.yaml",
        "k8s/migrate-job.yaml",
    ] {
        assert!(out.iter().any(|f| f.path == path), "{path}");
    }
}
