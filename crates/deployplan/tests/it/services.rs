//! Monorepos deploy every service, and start commands resolve to real entry points: apps
//! shaped like real ones (tests/apps/services/*), generated through the binary, the platform
//! files parsed back and each service's folder, build and start checked; then every output
//! through the offline validators.

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use serde_json::Value;

fn apps() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/apps/services")
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        let dest = to.join(e.file_name());
        if p.is_dir() {
            copy(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

/// Copies the app (outside the outputs) and generates into `<tmp>/out/<out>`.
fn generate(tmp: &Path, app: &str, out: &str, platform: &str) -> PathBuf {
    generate_with(tmp, app, out, platform, "github")
}

/// As [`generate`], with the pipeline of `ci` (github, gitlab, bitbucket).
fn generate_with(tmp: &Path, app: &str, out: &str, platform: &str, ci: &str) -> PathBuf {
    let repo = tmp.join("repos").join(out);
    copy(&apps().join(app), &repo);
    let dir = tmp.join("out").join(out);
    let output = Command::cargo_bin("deployplan")
        .expect("binary")
        .env("NO_COLOR", "1")
        .args(["generate", "--date", "2026-11-26", "--no-save", "--repo"])
        .arg(&repo)
        .arg("--out")
        .arg(&dir)
        .args(["--platform", platform, "--ci", ci])
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{app} on {platform}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    dir
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn yaml(path: &Path) -> Value {
    serde_saphyr::from_str(&read(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&read(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn toml(path: &Path) -> toml::Value {
    toml::from_str(&read(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The production services of a render.yaml, by name suffix (`api` for `<app>-production-api`).
fn render_service(dir: &Path, suffix: &str) -> Value {
    let doc = yaml(&dir.join("render.yaml"));
    let envs = doc["projects"][0]["environments"].as_array().unwrap();
    let prod = envs.iter().find(|e| e["name"] == "production").unwrap();
    prod["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"].as_str().unwrap().ends_with(&format!("-{suffix}")))
        .cloned()
        .unwrap_or_else(|| panic!("no {suffix} service in {}", prod["services"]))
}

#[test]
fn every_service_of_a_monorepo_is_deployed_with_its_own_commands() {
    let tmp = tempfile::tempdir().unwrap();

    // Turborepo, pnpm workspace: Next.js in apps/web, Express in apps/api. The lockfile is at
    // the root, so each builds from the root and runs its commands in its folder.
    let turbo = generate(tmp.path(), "turbo", "turbo-render", "render");
    let api = render_service(&turbo, "api");
    assert_eq!(api["type"], "web");
    assert_eq!(api["runtime"], "node");
    assert!(api["rootDir"].is_null(), "{api}");
    assert_eq!(
        api["buildCommand"],
        "NODE_ENV=development pnpm install --frozen-lockfile && cd apps/api && pnpm build"
    );
    assert_eq!(api["startCommand"], "cd apps/api && pnpm start");
    assert_eq!(api["healthCheckPath"], "/healthz");
    assert_eq!(api["buildFilter"]["paths"][0], "apps/api/**");
    let web = render_service(&turbo, "web");
    assert_eq!(
        web["buildCommand"],
        "NODE_ENV=development pnpm install --frozen-lockfile && cd apps/web && pnpm build"
    );
    assert_eq!(web["startCommand"], "cd apps/web && pnpm start");
    // The pipeline deploys each service through its own deploy hook.
    let workflow = read(&turbo.join(".github/workflows/deploy.yml"));
    for hook in ["RENDER_DEPLOY_HOOK_URL_API", "RENDER_DEPLOY_HOOK_URL_WEB"] {
        assert!(workflow.contains(&format!("\"${hook}\"")), "{hook}");
    }
    // The TDD lists every service, its folder and where its commands came from.
    let tdd = read(&turbo.join("specs/DEPLOYMENT_TDD.md"));
    assert!(tdd.contains("*`api`* in `apps/api`"), "{tdd}");
    assert!(tdd.contains("*`web`* in `apps/web`"));
    assert!(tdd.contains("| Start | `pnpm start` | the repository shows (apps/api/package.json"));

    // Railway: one service per folder, its config in the folder.
    let railway = generate(tmp.path(), "turbo", "turbo-railway", "railway");
    let api = json(&railway.join("apps/api/railway.json"));
    assert_eq!(api["deploy"]["startCommand"], "cd apps/api && pnpm start");
    assert_eq!(api["deploy"]["healthcheckPath"], "/healthz");
    let web = json(&railway.join("apps/web/railway.json"));
    assert_eq!(web["build"]["buildCommand"], "cd apps/web && pnpm build");
    assert!(!railway.join("railway.json").exists());
    let workflow = read(&railway.join(".github/workflows/deploy.yml"));
    assert!(workflow.contains("RAILWAY_SERVICE_API") && workflow.contains("RAILWAY_SERVICE_WEB"));

    // Fly: an app per service, fly.toml in its folder, an image built from the workspace root.
    let fly = generate(tmp.path(), "turbo", "turbo-fly", "fly");
    for (svc, port) in [("api", 4000), ("web", 3000)] {
        let t = toml(&fly.join(format!("apps/{svc}/fly.toml")));
        assert_eq!(t["app"].as_str(), Some(format!("turbo-fly-{svc}").as_str()));
        assert_eq!(t["http_service"]["internal_port"].as_integer(), Some(port));
        let dockerfile = read(&fly.join(format!("apps/{svc}/Dockerfile")));
        assert!(
            dockerfile.contains(&format!("cd apps/{svc} && pnpm start")),
            "{dockerfile}"
        );
    }
    let workflow = read(&fly.join(".github/workflows/deploy.yml"));
    assert!(workflow.contains("FLY_APP_API") && workflow.contains("FLY_APP_WEB"));

    // A pnpm workspace with a Vite SPA and a FastAPI backend beside it (its own requirements).
    let spa = generate(tmp.path(), "spa-fastapi", "spa-render", "render");
    let backend = render_service(&spa, "backend");
    assert_eq!(backend["runtime"], "python");
    assert_eq!(backend["rootDir"], "backend");
    assert_eq!(backend["buildCommand"], "pip install -r requirements.txt");
    assert_eq!(
        backend["startCommand"],
        "uvicorn app.main:app --host 0.0.0.0 --port ${PORT:-8000}"
    );
    assert_eq!(backend["healthCheckPath"], "/health");
    let frontend = render_service(&spa, "frontend");
    assert_eq!(frontend["runtime"], "static");
    assert_eq!(
        frontend["buildCommand"],
        "NODE_ENV=development pnpm install --frozen-lockfile && cd frontend && pnpm build"
    );
    assert_eq!(frontend["staticPublishPath"], "./frontend/dist");
    assert!(frontend["startCommand"].is_null());
    let tdd = read(&spa.join("specs/DEPLOYMENT_TDD.md"));
    assert!(tdd.contains("| Output folder | `dist` |"), "{tdd}");

    for dir in [&turbo, &railway, &fly, &spa] {
        crate::support::run_validators(dir);
    }
}

#[test]
fn start_commands_run_the_entry_points_the_build_writes() {
    let tmp = tempfile::tempdir().unwrap();

    // TypeScript Express without a start script: tsconfig's outDir and the entry, compiled;
    // its BullMQ worker the same way.
    let ts = generate(tmp.path(), "ts-express", "ts", "render");
    let web = render_service(&ts, "web");
    assert_eq!(web["startCommand"], "node dist/server.js");
    assert_eq!(
        web["buildCommand"],
        "NODE_ENV=development npm ci && npm run build"
    );
    let worker = render_service(&ts, "worker");
    assert_eq!(worker["startCommand"], "node dist/worker.js");
    let tdd = read(&ts.join("specs/DEPLOYMENT_TDD.md"));
    assert!(
        tdd.contains(
            "| Start command | `node dist/server.js` | the repository shows (tsconfig.json:"
        ),
        "{tdd}"
    );
    assert!(tdd.contains(
        "| Worker command (worker) | `node dist/worker.js` | the repository shows (src/worker.ts)"
    ));

    // Go with cmd/api and cmd/migrate: the server is built and started, not the tool.
    let go = generate(tmp.path(), "go-cmds", "go", "render");
    let web = render_service(&go, "web");
    assert_eq!(
        web["buildCommand"],
        "go mod download && go build -o bin/api ./cmd/api"
    );
    assert_eq!(web["startCommand"], "./bin/api");

    // Gradle Spring Boot: the boot jar by its name, never the -plain.jar beside it.
    let gradle = generate(tmp.path(), "gradle-boot", "gradle", "railway");
    let r = json(&gradle.join("railway.json"));
    assert_eq!(
        r["deploy"]["startCommand"],
        "java -jar build/libs/billing-0.3.1.jar"
    );

    // Phoenix: the release named after the mix project's app.
    let phoenix = generate(tmp.path(), "phoenix", "phoenix", "railway");
    let r = json(&phoenix.join("railway.json"));
    assert_eq!(
        r["deploy"]["startCommand"],
        "_build/prod/rel/ledger/bin/ledger start"
    );

    for dir in [&ts, &go, &gradle, &phoenix] {
        crate::support::run_validators(dir);
    }
}

/// The documents of a multi-document YAML file (`k8s/*.yaml`), parsed back.
fn yaml_docs(path: &Path) -> Vec<Value> {
    serde_saphyr::from_multiple(&read(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The Deployment named `name` in k8s/deployment.yaml.
fn k8s_deployment(dir: &Path, name: &str) -> Value {
    yaml_docs(&dir.join("k8s/deployment.yaml"))
        .into_iter()
        .find(|d| d["metadata"]["name"] == name)
        .unwrap_or_else(|| panic!("no Deployment {name}"))
}

/// The GitHub test job's steps as (name, working-directory, run).
fn test_steps(dir: &Path) -> Vec<(String, String, String)> {
    let w = yaml(&dir.join(".github/workflows/deploy.yml"));
    w["jobs"]["test"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let text = |k: &str| s[k].as_str().unwrap_or("").to_string();
            (text("name"), text("working-directory"), text("run"))
        })
        .collect()
}

#[test]
fn kubernetes_runs_each_service_from_its_own_image() {
    let tmp = tempfile::tempdir().unwrap();
    // A pnpm workspace: a Vite SPA in apps/web, NestJS in apps/api, a shared packages/ui.
    let dir = generate(tmp.path(), "pnpm-vite-nest", "relay", "kubernetes");
    let api = k8s_deployment(&dir, "relay-api");
    let c = &api["spec"]["template"]["spec"]["containers"][0];
    assert_eq!(c["image"], "${REGISTRY_IMAGE}-api:${COMMIT_SHA}");
    assert_eq!(c["ports"][0]["containerPort"], 3001);
    // Probed on the route its own controller serves.
    assert_eq!(c["readinessProbe"]["httpGet"]["path"], "/health");
    assert_eq!(c["livenessProbe"]["httpGet"]["path"], "/health");
    assert_eq!(c["securityContext"]["readOnlyRootFilesystem"], true);
    assert_eq!(
        api["spec"]["template"]["spec"]["securityContext"]["runAsUser"],
        10001
    );
    // The SPA: its image's nginx on 8080, checked on the port (it serves no health path).
    let web = k8s_deployment(&dir, "relay-web");
    let c = &web["spec"]["template"]["spec"]["containers"][0];
    assert_eq!(c["image"], "${REGISTRY_IMAGE}-web:${COMMIT_SHA}");
    assert_eq!(c["ports"][0]["containerPort"], 8080);
    assert!(c["readinessProbe"]["httpGet"].is_null(), "{c}");
    assert_eq!(c["readinessProbe"]["tcpSocket"]["port"], "http");
    let dockerfile = read(&dir.join("apps/web/Dockerfile"));
    assert!(
        dockerfile.contains("COPY --from=build /app/apps/web/dist /usr/share/nginx/html"),
        "{dockerfile}"
    );
    // packages/ui is a library, not a service.
    assert_eq!(yaml_docs(&dir.join("k8s/deployment.yaml")).len(), 2);
    let services: Vec<String> = yaml_docs(&dir.join("k8s/service.yaml"))
        .iter()
        .map(|s| s["metadata"]["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(services, ["relay-api", "relay-web"]);
    let ingress = &yaml_docs(&dir.join("k8s/ingress.yaml"))[0];
    let hosts: Vec<(&str, &str)> = ingress["spec"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["host"].as_str().unwrap(),
                r["http"]["paths"][0]["backend"]["service"]["name"]
                    .as_str()
                    .unwrap(),
            )
        })
        .collect();
    assert_eq!(
        hosts,
        [
            ("api.relay.example.com", "relay-api"),
            ("web.relay.example.com", "relay-web")
        ]
    );
    // The pipeline builds and pushes each image from its context, then waits for both.
    let w = yaml(&dir.join(".github/workflows/deploy.yml"));
    let step = w["jobs"]["deploy-production"]["steps"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(step["env"]["IMAGE_DOCKERFILE_API"], "apps/api/Dockerfile");
    assert_eq!(step["env"]["IMAGE_CONTEXT_WEB"], ".");
    assert_eq!(step["env"]["DEPLOYMENTS"], "relay-api relay-web");
    let run = step["run"].as_str().unwrap();
    for v in ["API", "WEB"] {
        assert!(
            run.contains(&format!(
                "docker build --pull -t \"$IMAGE_{v}\" -f \"$IMAGE_DOCKERFILE_{v}\" \"$IMAGE_CONTEXT_{v}\""
            )),
            "{run}"
        );
    }
    assert!(run.contains("rollout status \"deployment/$deployment\""));
    // The test job: the root's pnpm (its packageManager) and Node (.nvmrc), the workspace
    // installed once at the root, the API's tests and each build in its folder; no test step
    // for the SPA, which has none.
    let steps = test_steps(&dir);
    let names: Vec<&str> = steps.iter().map(|(n, _, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "Check out",
            "Set up pnpm",
            "Set up Node.js",
            "Install dependencies (api)",
            "Run the tests (api)",
            "Build (api)",
            "Build (web)"
        ]
    );
    assert_eq!(steps[3].1, "");
    assert_eq!(
        steps[4],
        (
            "Run the tests (api)".into(),
            "apps/api".into(),
            "pnpm test".into()
        )
    );
    assert_eq!(steps[6].1, "apps/web");
    let node = &w["jobs"]["test"]["steps"][2];
    assert_eq!(node["with"]["node-version"], "20.11.1");
    assert!(w["jobs"]["test"]["steps"][1]["with"].is_null());
    crate::support::run_validators(&dir);
}

#[test]
fn a_frontend_and_a_python_api_are_tested_and_deployed_each_from_its_folder() {
    let tmp = tempfile::tempdir().unwrap();
    // frontend/ (Vite, its own package-lock) and backend/ (FastAPI with uv, Alembic in
    // backend/, the code reads DB_URL), with the repository's own CI.
    let k8s = generate(tmp.path(), "vite-fastapi-uv", "pantry-k8s", "kubernetes");
    let backend = k8s_deployment(&k8s, "pantry-k8s-backend");
    let c = &backend["spec"]["template"]["spec"]["containers"][0];
    assert_eq!(c["startupProbe"]["httpGet"]["path"], "/api/health");
    // The migration Job runs with the backend's image, from its folder.
    let job = &yaml_docs(&k8s.join("k8s/migrate-job.yaml"))[0];
    let c = &job["spec"]["template"]["spec"]["containers"][0];
    assert_eq!(c["image"], "${REGISTRY_IMAGE}-backend:${COMMIT_SHA}");
    assert_eq!(c["command"][2], "alembic upgrade head");
    // Both toolchains in one test job, each service in its own folder, with the test
    // database under the name the code reads.
    let steps = test_steps(&k8s);
    let names: Vec<&str> = steps.iter().map(|(n, _, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "Check out",
            "Set up Python",
            "Set up uv",
            "Install dependencies (backend)",
            "Run the tests (backend)",
            "Set up Node.js",
            "Install dependencies (frontend)",
            "Run the tests (frontend)",
            "Build (frontend)"
        ]
    );
    assert_eq!(steps[3].1, "backend");
    assert_eq!(steps[4].2, "uv run pytest");
    assert_eq!(
        steps[7],
        (
            "Run the tests (frontend)".into(),
            "frontend".into(),
            "npm test".into()
        )
    );
    let w = yaml(&k8s.join(".github/workflows/deploy.yml"));
    assert_eq!(w["jobs"]["test"]["steps"][5]["with"]["node-version"], "20");
    assert_eq!(
        w["jobs"]["test"]["env"]["DB_URL"],
        "postgres://postgres:postgres@localhost:5432/app_test"
    );

    // App Platform: a component per service, each built from its folder.
    let dgo = generate(tmp.path(), "vite-fastapi-uv", "pantry-do", "digitalocean");
    let spec = yaml(&dgo.join(".do/app.yaml"));
    let api = &spec["services"][0];
    assert_eq!(api["name"], "backend");
    assert_eq!(api["source_dir"], "backend");
    assert_eq!(api["dockerfile_path"], "backend/Dockerfile");
    assert_eq!(api["http_port"], 8000);
    assert_eq!(api["health_check"]["http_path"], "/api/health");
    let site = &spec["static_sites"][0];
    assert_eq!(site["name"], "frontend");
    assert_eq!(site["source_dir"], "frontend");
    assert_eq!(
        site["build_command"],
        "NODE_ENV=development npm ci && npm run build"
    );
    assert_eq!(site["output_dir"], "dist");
    let job = &spec["jobs"][0];
    assert_eq!(job["kind"], "PRE_DEPLOY");
    assert_eq!(job["source_dir"], "backend");
    assert_eq!(job["run_command"], "alembic upgrade head");
    let routes: Vec<(&str, &str)> = spec["ingress"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["match"]["path"]["prefix"].as_str().unwrap(),
                r["component"]["name"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(routes, [("/", "frontend"), ("/backend", "backend")]);
    // The database URL is bound under the name the code reads.
    let envs = api["envs"].as_array().unwrap();
    assert!(
        envs.iter()
            .any(|e| e["key"] == "DB_URL" && e["value"] == "${db.DATABASE_URL}"),
        "{envs:?}"
    );

    // Netlify and Cloudflare Pages host the frontend from its folder; Vercel from its Root
    // Directory, with vercel.json in it.
    let netlify = generate(tmp.path(), "vite-fastapi-uv", "pantry-netlify", "netlify");
    let t = toml(&netlify.join("netlify.toml"));
    assert_eq!(t["build"]["base"].as_str(), Some("frontend"));
    assert_eq!(t["build"]["publish"].as_str(), Some("dist"));
    assert_eq!(
        t["build"]["command"].as_str(),
        Some("npm ci && npm run build")
    );
    // The migrations before the deploy read the plan's own variable.
    let w = yaml(&netlify.join(".github/workflows/deploy.yml"));
    let migrate = w["jobs"]["deploy-production"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| {
            s["name"]
                .as_str()
                .unwrap_or("")
                .starts_with("Run database migrations")
        })
        .cloned()
        .expect("a migration step");
    assert_eq!(migrate["env"]["DB_URL"], "${{ secrets.DB_URL }}");
    assert!(migrate["env"]["DATABASE_URL"].is_null());
    let tdd = read(&netlify.join("specs/DEPLOYMENT_TDD.md"));
    assert!(
        tdd.contains("whose `[build] base` is the service's folder"),
        "{tdd}"
    );
    let cf = generate(tmp.path(), "vite-fastapi-uv", "pantry-cf", "cloudflare");
    let t = toml(&cf.join("frontend/wrangler.toml"));
    assert_eq!(t["pages_build_output_dir"].as_str(), Some("dist"));
    assert!(!cf.join("wrangler.toml").exists());
    let w = read(&cf.join(".github/workflows/deploy.yml"));
    assert!(w.contains("cd \"$SERVICE_DIR\""), "{w}");
    let vercel = generate(tmp.path(), "vite-fastapi-uv", "pantry-vercel", "vercel");
    let v = json(&vercel.join("frontend/vercel.json"));
    assert_eq!(v["installCommand"], "npm ci");
    assert_eq!(v["buildCommand"], "npm run build");
    assert!(!vercel.join("vercel.json").exists());
    let tdd = read(&vercel.join("specs/DEPLOYMENT_TDD.md"));
    assert!(tdd.contains("set the Vercel project's Root Directory to that folder"));

    // GitLab and Bitbucket: a test job per service, in the image of its own toolchain.
    let gitlab = generate_with(
        tmp.path(),
        "vite-fastapi-uv",
        "pantry-gl",
        "kubernetes",
        "gitlab",
    );
    let p = yaml(&gitlab.join(".gitlab-ci.yml"));
    assert!(
        p["test-backend"]["image"]
            .as_str()
            .unwrap()
            .starts_with("python:3.12")
    );
    assert!(
        p["test-frontend"]["image"]
            .as_str()
            .unwrap()
            .starts_with("node:20")
    );
    let script: Vec<&str> = p["test-frontend"]["script"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert_eq!(
        script,
        [
            "cd \"$CI_PROJECT_DIR\"/'frontend'",
            "npm ci",
            "npm test",
            "npm run build"
        ]
    );
    assert_eq!(
        p["deploy-staging"]["needs"],
        serde_json::json!(["test-backend", "test-frontend"])
    );
    let bitbucket = generate_with(
        tmp.path(),
        "vite-fastapi-uv",
        "pantry-bb",
        "digitalocean",
        "bitbucket",
    );
    let p = yaml(&bitbucket.join("bitbucket-pipelines.yml"));
    let steps: Vec<&str> = p["pipelines"]["default"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["step"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(steps[..2], ["Test backend", "Test frontend"]);

    for dir in [&k8s, &dgo, &netlify, &cf, &vercel, &gitlab, &bitbucket] {
        crate::support::run_validators(dir);
    }
}
