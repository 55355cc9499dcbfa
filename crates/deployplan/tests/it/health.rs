//! Health checks that the app really serves, through the binary: apps shaped like real ones
//! (copied to a temp folder), `deployplan generate`, then the path read back from each
//! platform's parsed file and from the TDD; the offline validators run over every output.

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../deployplan-scan/tests/fixtures")
        .join(name)
        .join("repo")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// Copies the fixture's repository, generates into `<tmp>/<label>`, returns the output folder
/// and stdout.
fn generate(tmp: &Path, fixture_name: &str, label: &str, extra: &[&str]) -> (PathBuf, String) {
    let repo = tmp.join("repos").join(label);
    copy_dir(&fixture(fixture_name), &repo);
    let out = tmp.join("out").join(label);
    let output = Command::cargo_bin("deployplan")
        .expect("binary")
        .args(["generate", "--date", "2026-11-26", "--no-save", "--repo"])
        .arg(&repo)
        .arg("--out")
        .arg(&out)
        .args(extra)
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{label}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    (out, String::from_utf8_lossy(&output.stdout).into_owned())
}

fn read(out: &Path, path: &str) -> String {
    std::fs::read_to_string(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn yaml(out: &Path, path: &str) -> Value {
    serde_saphyr::from_str(&read(out, path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn yaml_docs(out: &Path, path: &str) -> Vec<Value> {
    serde_saphyr::from_str_multiple(&read(out, path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn toml_file(out: &Path, path: &str) -> toml::Value {
    toml::from_str(&read(out, path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn json(out: &Path, path: &str) -> Value {
    serde_json::from_str(&read(out, path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The TDD's section 8.
fn tdd_health(out: &Path) -> String {
    let tdd = read(out, "specs/DEPLOYMENT_TDD.md");
    let start = tdd.find("## 8. Health").expect("section 8");
    let end = tdd[start..]
        .find("**Monitoring**")
        .map_or(tdd.len(), |i| start + i);
    tdd[start..end].to_string()
}

/// Every web service of a Render Blueprint (top level or per project environment).
fn render_web(out: &Path) -> Vec<Value> {
    let render = yaml(out, "render.yaml");
    let mut services: Vec<Value> = render["services"].as_array().cloned().unwrap_or_default();
    for project in render["projects"].as_array().into_iter().flatten() {
        for env in project["environments"].as_array().into_iter().flatten() {
            services.extend(env["services"].as_array().cloned().unwrap_or_default());
        }
    }
    let web: Vec<Value> = services
        .into_iter()
        .filter(|s| s["type"] == "web")
        .collect();
    assert!(!web.is_empty(), "render.yaml has a web service");
    web
}

/// The one healthCheckPath every Render web service has (Null when none has one).
fn render_path(out: &Path) -> Value {
    let web = render_web(out);
    let first = web[0]
        .get("healthCheckPath")
        .cloned()
        .unwrap_or(Value::Null);
    assert!(
        web.iter()
            .all(|s| s.get("healthCheckPath").cloned().unwrap_or(Value::Null) == first),
        "every environment probes the same path"
    );
    first
}

/// The Deployment's web container in k8s/deployment.yaml.
fn k8s_web(out: &Path) -> Value {
    let docs = yaml_docs(out, "k8s/deployment.yaml");
    let d = docs
        .iter()
        .find(|d| d["kind"] == "Deployment")
        .expect("a Deployment");
    d["spec"]["template"]["spec"]["containers"][0].clone()
}

#[test]
fn health_paths_from_the_repository_reach_every_platform_file() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();

    // Rails 7.1: `get "up" => "rails/health#show"` → Render's healthCheckPath.
    let (out, _) = generate(
        t,
        "health-rails-up",
        "rails-render",
        &["--platform", "render"],
    );
    assert_eq!(render_path(&out), "/up");
    let s8 = tdd_health(&out);
    assert!(s8.contains("`GET /up`"), "{s8}");
    assert!(s8.contains("config/routes.rb:4"), "{s8}");

    // Laravel 11: `health: '/up'` in bootstrap/app.php → fly.toml's HTTP check.
    let (out, _) = generate(
        t,
        "health-laravel-11",
        "laravel-fly",
        &["--platform", "fly"],
    );
    let fly = toml_file(&out, "fly.toml");
    assert_eq!(
        fly["http_service"]["checks"][0]["path"].as_str(),
        Some("/up")
    );
    assert!(tdd_health(&out).contains("bootstrap/app.php:12"));

    // Spring Boot actuator under its context path and base path → Kubernetes probes.
    let (out, _) = generate(
        t,
        "health-spring-actuator",
        "spring-k8s",
        &["--platform", "kubernetes"],
    );
    let c = k8s_web(&out);
    for probe in ["readinessProbe", "livenessProbe", "startupProbe"] {
        assert_eq!(
            c[probe]["httpGet"]["path"], "/inventory/manage/health",
            "{probe}"
        );
    }
    assert!(tdd_health(&out).contains("`GET /inventory/manage/health`"));

    // Express with `/_health` in code and the Dockerfile HEALTHCHECK → Railway and Kamal.
    let (out, _) = generate(
        t,
        "health-express-dockerfile",
        "express-railway",
        &["--platform", "railway"],
    );
    assert_eq!(
        json(&out, "railway.json")["deploy"]["healthcheckPath"],
        "/_health"
    );
    assert!(tdd_health(&out).contains("Dockerfile:7"));
    let (out, _) = generate(
        t,
        "health-express-dockerfile",
        "express-kamal",
        &["--platform", "kamal"],
    );
    let kamal = yaml(&out, "config/deploy.yml");
    let hc = &kamal["proxy"]["healthcheck"];
    assert_eq!(hc["path"], "/_health");
    // Polled from the container's first second until deploy_timeout: several tries fit.
    let (interval, timeout) = (
        hc["interval"].as_u64().unwrap(),
        hc["timeout"].as_u64().unwrap(),
    );
    let deploy_timeout = kamal["deploy_timeout"]
        .as_u64()
        .expect("deploy_timeout set");
    assert!(interval <= 5 && deploy_timeout >= 10 * interval && timeout < deploy_timeout);

    // Django: `include("core.urls")` under `api/v1/` → DigitalOcean's http_path, slash kept.
    let (out, _) = generate(
        t,
        "health-django-api",
        "django-do",
        &["--platform", "digitalocean"],
    );
    let spec = yaml(&out, ".do/app.yaml");
    assert_eq!(
        spec["services"][0]["health_check"]["http_path"],
        "/api/v1/health-check/"
    );

    // FastAPI in backend/app: `/ping` on an APIRouter(prefix="/utils") included under
    // `/api/v1` → the backend service's Cloud Run startup and liveness probes.
    let (out, _) = generate(
        t,
        "health-fastapi-prefixed",
        "fastapi-cloudrun",
        &["--platform", "cloud-run"],
    );
    let svc = yaml(&out, "cloud-run/backend.yaml");
    let container = &svc["spec"]["template"]["spec"]["containers"][0];
    for probe in ["startupProbe", "livenessProbe"] {
        assert_eq!(
            container[probe]["httpGet"]["path"], "/api/v1/utils/ping",
            "{probe}"
        );
    }

    // ASP.NET `MapHealthChecks("/healthz")` → Azure Container Apps probes.
    let (out, _) = generate(
        t,
        "health-aspnet",
        "aspnet-azure",
        &["--platform", "azure-container-apps"],
    );
    let aca = yaml(&out, "azure/containerapp.yaml");
    let probes = aca["properties"]["template"]["containers"][0]["probes"]
        .as_array()
        .expect("probes")
        .clone();
    assert_eq!(probes.len(), 3);
    assert!(probes.iter().all(|p| p["httpGet"]["path"] == "/healthz"));

    // chi: `/livez` outside the `/api` Route block → the ECS container health check.
    let (out, _) = generate(t, "health-go-chi", "go-ecs", &["--platform", "aws-ecs"]);
    let task = json(&out, "ecs/task-definition.json");
    let cmd = task["containerDefinitions"][0]["healthCheck"]["command"].to_string();
    assert!(cmd.contains("/livez"), "{cmd}");
    // ...and the ALB target group of the CloudFormation stack, on the same path.
    let stack = yaml(&out, "infra/aws/stack.yaml");
    assert_eq!(
        stack["Resources"]["TargetGroup"]["Properties"]["HealthCheckPath"],
        "/livez"
    );

    // Heroku takes no HTTP check: the TDD says so, app.json names no path.
    let (out, stdout) = generate(
        t,
        "health-rails-up",
        "rails-heroku",
        &["--platform", "heroku"],
    );
    assert!(!read(&out, "app.json").contains("/up"));
    assert!(
        stdout.contains("Heroku takes no health-check path"),
        "{stdout}"
    );
    assert!(tdd_health(&out).contains("no user-configurable HTTP health check"));

    crate::support::run_validators(&t.join("out"));
}

#[test]
fn the_person_s_path_wins_over_the_repository() {
    let tmp = tempfile::tempdir().unwrap();
    let (out, _) = generate(
        tmp.path(),
        "health-rails-up",
        "answered",
        &["--platform", "render", "--health-path", "/internal/up"],
    );
    assert_eq!(render_path(&out), "/internal/up");
    assert!(tdd_health(&out).contains("your answer"));
}

#[test]
fn an_app_without_a_route_gets_a_generated_endpoint_and_the_line_to_mount_it() {
    let tmp = tempfile::tempdir().unwrap();
    let (out, stdout) = generate(
        tmp.path(),
        "express-api",
        "generated",
        &["--platform", "render"],
    );
    assert_eq!(render_path(&out), "/health");
    // Beside the file that creates the app (src/app.js), so `./health.cjs` resolves.
    let endpoint = read(&out, "src/health.cjs");
    assert!(endpoint.starts_with("// Generated by deployplan."));
    assert!(endpoint.contains("status: 'healthy'") && endpoint.contains("database = 'connected'"));
    assert!(endpoint.contains("module.exports = function health(checkDatabase)"));
    assert!(endpoint.contains("env.APP_VERSION"));
    // The app's own files are not touched: the mount line is an action for the person.
    assert!(
        stdout.contains("action:") && stdout.contains("const health = require('./health.cjs');")
    );
    // Pasted unchanged it works: the database ping is a note, not a name the app may lack.
    assert!(
        stdout.contains("app.get(\"/health\", health());"),
        "{stdout}"
    );
    let s8 = tdd_health(&out);
    assert!(s8.contains("**Generated endpoint** (Express)"), "{s8}");
    let tdd = read(&out, "specs/DEPLOYMENT_TDD.md");
    assert!(tdd.contains("- [ ] Health endpoint mounted: copy the generated `src/health.cjs`"));
    // A rerun on the repository with the file copied in still sees no route of its own.
    crate::support::run_validators(&tmp.path().join("out"));
}

#[test]
fn declined_or_unknown_health_checks_use_the_port_and_name_no_path() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let (out, stdout) = generate(
        t,
        "express-api",
        "declined-k8s",
        &["--platform", "kubernetes", "--health-checks", "no"],
    );
    let c = k8s_web(&out);
    for probe in ["readinessProbe", "livenessProbe", "startupProbe"] {
        assert_eq!(c[probe]["tcpSocket"]["port"], "http", "{probe}");
        assert!(c[probe].get("httpGet").is_none(), "{probe}");
    }
    assert!(stdout.contains("note: no HTTP health check"));
    let s8 = tdd_health(&out);
    assert!(
        s8.contains("**No HTTP health check**") && s8.contains("tcpSocket"),
        "{s8}"
    );

    let (out, _) = generate(
        t,
        "express-api",
        "declined-render",
        &["--platform", "render", "--health-checks", "no"],
    );
    assert_eq!(render_path(&out), Value::Null);
    assert!(tdd_health(&out).contains("TCP connections"));

    // Phoenix serves /api/health; an app deployplan cannot write an endpoint for, and with no
    // route, gets the port check (here: a Rust service with no health route).
    let (out, _) = generate(
        t,
        "axum-sqlx",
        "unknown-do",
        &["--platform", "digitalocean"],
    );
    let spec = yaml(&out, ".do/app.yaml");
    let hc = &spec["services"][0]["health_check"];
    assert!(hc.get("http_path").is_none(), "{hc:?}");
    assert!(hc["port"].as_u64().is_some(), "{hc:?}");
    assert!(!out.join("src/health.cjs").exists() && !out.join("health.cjs").exists());
    crate::support::run_validators(&t.join("out"));
}
