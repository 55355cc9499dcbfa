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
        .args(["--platform", platform, "--ci", "github"])
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
        "pnpm install --frozen-lockfile && cd apps/api && pnpm build"
    );
    assert_eq!(api["startCommand"], "cd apps/api && pnpm start");
    assert_eq!(api["healthCheckPath"], "/healthz");
    assert_eq!(api["buildFilter"]["paths"][0], "apps/api/**");
    let web = render_service(&turbo, "web");
    assert_eq!(
        web["buildCommand"],
        "pnpm install --frozen-lockfile && cd apps/web && pnpm build"
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
        "pnpm install --frozen-lockfile && cd frontend && pnpm build"
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
    assert_eq!(web["buildCommand"], "npm ci && npm run build");
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
