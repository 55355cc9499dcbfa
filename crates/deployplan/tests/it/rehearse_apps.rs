//! The fixture apps of tests/apps, end to end: copy, `deployplan generate`, `deployplan
//! rehearse`. Slow (real installs from npm and PyPI, real PostgreSQL and Redis), so `#[ignore]`d;
//! `.ci/run` runs them with `cargo test -p deployplan --test it rehearse -- --ignored`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use assert_cmd::cargo::CommandCargoExt;

use crate::rehearse::{assert_clean, rehearse, require, scratch, text};

fn app_copy(name: &str, into: &Path) -> PathBuf {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/apps")
        .join(name);
    let dest = into.join(name);
    for e in ignore::WalkBuilder::new(&src)
        .hidden(false)
        .build()
        .flatten()
    {
        let rel = e.path().strip_prefix(&src).unwrap();
        if rel.components().any(|c| c.as_os_str() == "node_modules") {
            continue;
        }
        let to = dest.join(rel);
        if e.file_type().is_some_and(|t| t.is_dir()) {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
    let out = Command::cargo_bin("deployplan")
        .unwrap()
        .args(["generate", "--force", "--date", "2026-12-01", "--repo"])
        .arg(&dest)
        .arg("--out")
        .arg(&dest)
        .output()
        .unwrap();
    assert!(out.status.success(), "generate {name}: {}", text(&out));
    dest
}

fn rehearse_app(name: &str, extra: &[&str], expect: &[&str]) -> String {
    let tmp = scratch();
    let work = tempfile::tempdir().unwrap();
    let repo = app_copy(name, work.path());
    let started = Instant::now();
    let out = rehearse(tmp.path(), &repo, extra);
    let report = text(&out);
    eprintln!("{name}: {:.1}s\n{report}", started.elapsed().as_secs_f64());
    assert_eq!(out.status.code(), Some(0), "{report}");
    for e in expect {
        assert!(report.contains(e), "missing {e:?}: {report}");
    }
    assert_clean(tmp.path());
    report
}

#[test]
#[ignore = "slow: installs from npm; run with --ignored"]
fn rehearse_app_express_knex() {
    require("initdb", "postgresql");
    require("npm", "npm");
    rehearse_app(
        "express-knex",
        &["--with-tests"],
        &[
            "npx knex migrate:latest",
            "GET /health answered 200",
            "test: install",
            "npm test",
        ],
    );
}

#[test]
#[ignore = "slow: installs from npm; run with --ignored"]
fn rehearse_app_express_knex_with_a_failing_migration() {
    require("initdb", "postgresql");
    require("npm", "npm");
    let tmp = scratch();
    let work = tempfile::tempdir().unwrap();
    let repo = app_copy("express-knex", work.path());
    std::fs::write(
        repo.join("migrations/20260102000000_add_price.js"),
        "exports.up = (knex) => knex.raw('alter table no_such_table add column price int');\nexports.down = () => {};\n",
    )
    .unwrap();
    let out = rehearse(tmp.path(), &repo, &[]);
    let report = text(&out);
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert!(report.contains("step `release` failed"), "{report}");
    assert!(
        report.contains("no_such_table"),
        "the log tail names the error: {report}"
    );
    assert!(
        report.contains("start web") && report.contains("not run"),
        "{report}"
    );
}

#[test]
#[ignore = "slow: installs from PyPI; run with --ignored"]
fn rehearse_app_flask_migrate() {
    require("initdb", "postgresql");
    require("python3", "python3-venv");
    rehearse_app(
        "flask-migrate",
        &[],
        &[
            "python venv",
            "gunicorn app:app",
            "GET /health answered 200",
        ],
    );
}

#[test]
#[ignore = "slow: installs from PyPI; run with --ignored"]
fn rehearse_app_fastapi_alembic_in_backend() {
    require("initdb", "postgresql");
    require("python3", "python3-venv");
    rehearse_app(
        "fastapi-alembic",
        &[],
        &[
            "cd backend && pip install",
            "GET /health answered 200",
            "GET / answered 200",
        ],
    );
}

#[test]
#[ignore = "slow: installs from PyPI; run with --ignored"]
fn rehearse_app_django_celery_on_redis() {
    require("initdb", "postgresql");
    require("redis-server", "redis-server");
    require("python3", "python3-venv");
    rehearse_app(
        "django-celery",
        &[],
        &[
            "redis ",
            "python manage.py migrate",
            "celery -A proj worker",
            "still running after 5 s",
        ],
    );
}

#[test]
#[ignore = "slow: installs from npm; run with --ignored"]
fn rehearse_app_vite_static_site() {
    require("npm", "npm");
    rehearse_app(
        "vite-static",
        &[],
        &["npm run build", "serve dist", "GET / answered 200"],
    );
}

/// An app with no health route: deployplan writes `src/health.cjs` beside the file that creates
/// the app and says which lines mount it.
/// The person adds that line (as the test does here), and the rehearsal's probe then passes on
/// the generated endpoint.
#[test]
#[ignore = "slow: installs from npm; run with --ignored"]
fn rehearse_app_without_a_health_route_after_mounting_the_generated_one() {
    require("npm", "npm");
    let tmp = scratch();
    let work = tempfile::tempdir().unwrap();
    let repo = app_copy("express-nohealth", work.path());
    assert!(
        repo.join("src/health.cjs").is_file(),
        "the endpoint is written"
    );
    let app_js = repo.join("src/app.js");
    let source = std::fs::read_to_string(&app_js).unwrap();
    let mounted = source.replace(
        "module.exports = app;",
        "const health = require('./health.cjs');\napp.get(\"/health\", health());\n\nmodule.exports = app;",
    );
    assert_ne!(source, mounted);
    std::fs::write(&app_js, mounted).unwrap();
    let out = rehearse(tmp.path(), &repo, &[]);
    let report = text(&out);
    assert_eq!(out.status.code(), Some(0), "{report}");
    assert!(report.contains("GET /health answered 200"), "{report}");
    // Rehearse plans from the repository as it is now: the mounted route is the app's own.
    assert!(
        report.contains("the repository shows (src/app.js:"),
        "the probe's source is the mounted route: {report}"
    );
    assert_clean(tmp.path());
}
