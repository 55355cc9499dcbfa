//! Bugs found in review, each reproduced through the binary on real files.

use std::path::Path;

use crate::support::{deployplan, read, write, yaml};

/// The production trigger was decided by looking for "tag" in a prose field, and "staging"
/// contains "tag": production then deployed only on `v*` tags while the TDD said "on every
/// push to `staging`".
#[test]
fn a_branch_named_staging_deploys_production_on_push_not_on_tags() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("app");
    deployplan()
        .args([
            "generate",
            "--app-type",
            "web-api",
            "--expertise",
            "beginner",
            "--scale",
            "low",
            "--budget",
            "small",
            "--platform",
            "render",
            "--ci",
            "github",
            "--branch",
            "staging",
            "--environments",
            "production",
            "--date",
            "2026-12-01",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let w = yaml(&out.join(".github/workflows/deploy.yml"));
    assert_eq!(w["on"]["push"]["branches"], serde_json::json!(["staging"]));
    assert!(
        w["on"]["push"]["tags"].is_null(),
        "no tag trigger: {:?}",
        w["on"]["push"]
    );
    let cond = w["jobs"]["deploy-production"]["if"].as_str().unwrap();
    assert!(
        cond.contains("github.ref == 'refs/heads/staging'"),
        "{cond}"
    );
    assert!(!cond.contains("refs/tags"), "{cond}");
    let tdd = read(&out.join("specs/DEPLOYMENT_TDD.md"));
    assert!(tdd.contains("every push to `staging`"), "TDD agrees");
}

/// The scanner reported `starlette`; the planner did not know it and dropped it, so a
/// two-file Starlette API was planned as a full-stack web app.
#[test]
fn a_starlette_api_is_planned_as_a_web_api() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("api");
    std::fs::create_dir_all(&repo).unwrap();
    std::fs::write(
        repo.join("requirements.txt"),
        "starlette==0.41.3\nuvicorn==0.32.1\n",
    )
    .unwrap();
    std::fs::write(
        repo.join("app.py"),
        "from starlette.applications import Starlette\n\
         from starlette.responses import JSONResponse\n\
         from starlette.routing import Route\n\n\
         async def home(request):\n    return JSONResponse({'hello': 'world'})\n\n\
         app = Starlette(routes=[Route('/', home)])\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    deployplan()
        .args(["generate", "--date", "2026-12-01", "--repo"])
        .arg(&repo)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let saved = read(&out.join("deployplan.toml"));
    assert!(saved.contains("app_type = \"web-api\""), "{saved}");
    let tdd = read(&out.join("specs/DEPLOYMENT_TDD.md"));
    assert!(
        tdd.contains("Starlette"),
        "the framework is named in the TDD"
    );
}

fn render_start_commands(out: &Path) -> Vec<String> {
    let blueprint = yaml(&out.join("render.yaml"));
    blueprint["projects"][0]["environments"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["services"].as_array().cloned().unwrap_or_default())
        .filter_map(|s| s["startCommand"].as_str().map(String::from))
        .collect()
}

/// uvicorn ignores PORT: an ASGI app started without `--port` listened on 8000 while the
/// platform sent traffic elsewhere.
#[test]
fn an_asgi_app_in_a_subfolder_listens_on_the_platforms_port() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("api");
    write(
        &repo,
        "requirements.txt",
        "fastapi==0.115.6\nuvicorn==0.32.1\n",
    );
    write(
        &repo,
        "backend/app/main.py",
        "from fastapi import FastAPI\n\napp = FastAPI()\n\n@app.get('/')\ndef home():\n    return {}\n",
    );
    let out = tmp.path().join("out");
    deployplan()
        .args([
            "generate",
            "--date",
            "2026-12-01",
            "--platform",
            "render",
            "--repo",
        ])
        .arg(&repo)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let starts = render_start_commands(&out);
    assert!(!starts.is_empty());
    for s in &starts {
        assert!(s.starts_with("uvicorn "), "{s}");
        assert!(s.contains("--host 0.0.0.0"), "{s}");
        assert!(s.contains("--port ${PORT:-"), "{s}");
    }
}

/// `jemalloc.sh` exists only in Heroku's jemalloc buildpack; elsewhere the command failed.
#[test]
fn a_heroku_buildpack_wrapper_is_dropped_on_other_platforms_and_kept_on_heroku() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("shop");
    write(
        &repo,
        "Gemfile",
        "source 'https://rubygems.org'\ngem 'rails', '~> 7.1.0'\ngem 'puma'\n",
    );
    write(
        &repo,
        "config/application.rb",
        "module Shop\n  class Application < Rails::Application\n  end\nend\n",
    );
    write(
        &repo,
        "Procfile",
        "web: jemalloc.sh bundle exec puma -C config/puma.rb\n",
    );
    let out = tmp.path().join("render");
    deployplan()
        .args([
            "generate",
            "--date",
            "2026-12-01",
            "--platform",
            "render",
            "--repo",
        ])
        .arg(&repo)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    for s in render_start_commands(&out) {
        assert_eq!(s, "bundle exec puma -C config/puma.rb");
    }
    let heroku = tmp.path().join("heroku");
    deployplan()
        .args([
            "generate",
            "--date",
            "2026-12-01",
            "--platform",
            "heroku",
            "--repo",
        ])
        .arg(&repo)
        .arg("--out")
        .arg(&heroku)
        .assert()
        .success();
    let procfile = read(&heroku.join("Procfile"));
    assert!(
        procfile.contains("web: jemalloc.sh bundle exec puma"),
        "{procfile}"
    );
}

/// A Hugo site on Render was priced as always-on instances ($14/month with staging), while
/// Render serves static sites for free: the TDD's cost contradicted the platform.
#[test]
fn a_static_site_on_render_is_priced_free() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../deployplan-scan/tests/fixtures/hugo-site/repo");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let run = deployplan()
        .args([
            "generate",
            "--json",
            "--platform",
            "render",
            "--budget",
            "small",
        ])
        .args([
            "--environments",
            "staging-production",
            "--date",
            "2026-12-01",
        ])
        .arg("--repo")
        .arg(&repo)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let cost = &json["plan"]["cost"];
    assert_eq!(cost["range_high_usd"].as_f64(), Some(0.0), "{cost:#}");
    let tdd = read(&out.join("specs/DEPLOYMENT_TDD.md"));
    assert!(
        tdd.contains("App: static site"),
        "section 9 prices the site itself"
    );
    assert!(tdd.contains("https://render.com/docs/your-first-deploy"));
}

/// A Koa app that listens on a fixed 3000: on Heroku (which routes to the `$PORT` it assigns)
/// the dyno never binds, so the run warns; the port's source is the code, not "you said".
#[test]
fn a_fixed_port_is_the_repositorys_and_heroku_is_warned_about_it() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    crate::support::write(
        &repo,
        "package.json",
        r#"{"name": "k", "scripts": {"start": "node index.js"}, "dependencies": {"koa": "^2.15.0"}}"#,
    );
    crate::support::write(&repo, "package-lock.json", r#"{"lockfileVersion": 3}"#);
    crate::support::write(
        &repo,
        "index.js",
        "const Koa = require('koa');\nconst app = new Koa();\napp.use(async (ctx) => { ctx.body = 'ok'; });\napp.listen(3000);\n",
    );
    let out = tmp.path().join("out");
    let stderr = crate::support::generate_with(&repo, &out, &["--platform", "heroku"]);
    assert!(
        stderr.contains("listens on port 3000 (index.js:4) and reads no PORT"),
        "{stderr}"
    );
    let tdd = crate::support::read(&out.join("specs/DEPLOYMENT_TDD.md"));
    assert!(
        tdd.contains("| Port | `3000` | the repository shows (index.js:4)"),
        "{}",
        tdd.lines()
            .filter(|l| l.starts_with("| Port"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    // Render is told the port: no warning there.
    let render =
        crate::support::generate_with(&repo, &tmp.path().join("render"), &["--platform", "render"]);
    assert!(!render.contains("reads no PORT"), "{render}");
}
