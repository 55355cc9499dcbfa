//! The release step runs the migration tool the repository really uses, from the folder it
//! needs; none when the app migrates itself at startup or shows no tool at all.

use std::path::Path;

use crate::support::{deployplan, read, write};

/// `generate --platform render` for `repo`; the web services' preDeployCommands.
fn render_pre_deploy(tmp: &Path, repo: &Path) -> (Vec<Option<String>>, String) {
    let out = tmp.join("out");
    deployplan()
        .args([
            "generate",
            "--date",
            "2026-12-01",
            "--platform",
            "render",
            "--repo",
        ])
        .arg(repo)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let blueprint: serde_json::Value =
        serde_saphyr::from_str(&read(&out.join("render.yaml"))).expect("render.yaml parses");
    let commands = blueprint["projects"][0]["environments"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["services"].as_array().cloned().unwrap_or_default())
        .filter(|s| s["type"] == "web")
        .map(|s| s["preDeployCommand"].as_str().map(String::from))
        .collect();
    (commands, read(&out.join("specs/DEPLOYMENT_TDD.md")))
}

#[test]
fn alembic_runs_from_the_folder_of_its_ini() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("api");
    write(
        &repo,
        "backend/requirements.txt",
        "fastapi==0.115.6\nuvicorn==0.32.1\nsqlalchemy==2.0.36\nalembic==1.14.0\npsycopg2-binary==2.9.10\n",
    );
    write(
        &repo,
        "backend/alembic.ini",
        "[alembic]\nscript_location = alembic\n",
    );
    write(
        &repo,
        "backend/alembic/env.py",
        "from alembic import context\n",
    );
    write(
        &repo,
        "backend/app/main.py",
        "import os\nfrom fastapi import FastAPI\n\nDATABASE_URL = os.environ['DATABASE_URL']\napp = FastAPI()\n",
    );
    let (commands, tdd) = render_pre_deploy(tmp.path(), &repo);
    assert!(!commands.is_empty());
    for c in commands {
        assert_eq!(c.as_deref(), Some("cd backend && alembic upgrade head"));
    }
    assert!(tdd.contains("`cd backend && alembic upgrade head`"));
}

#[test]
fn flask_migrate_upgrades_through_flask() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("blog");
    write(
        &repo,
        "requirements.txt",
        "flask==3.1.0\nflask-sqlalchemy==3.1.1\nflask-migrate==4.0.7\npsycopg2-binary==2.9.10\ngunicorn==23.0.0\n",
    );
    write(
        &repo,
        "app.py",
        "import os\nfrom flask import Flask\nfrom flask_migrate import Migrate\n\napp = Flask(__name__)\napp.config['SQLALCHEMY_DATABASE_URI'] = os.environ['DATABASE_URL']\n",
    );
    write(&repo, "migrations/env.py", "from alembic import context\n");
    let (commands, _) = render_pre_deploy(tmp.path(), &repo);
    for c in commands {
        assert_eq!(c.as_deref(), Some("flask db upgrade"));
    }
}

#[test]
fn an_app_that_migrates_at_startup_gets_no_release_step() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("api");
    write(
        &repo,
        "go.mod",
        "module example.com/api\n\ngo 1.22\n\nrequire (\n\tgithub.com/jackc/pgx/v5 v5.7.1\n\tgithub.com/pressly/goose/v3 v3.22.1\n)\n",
    );
    write(
        &repo,
        "cmd/api/main.go",
        "package main\n\nimport (\n\t\"net/http\"\n\t\"os\"\n\n\t\"github.com/pressly/goose/v3\"\n)\n\nfunc main() {\n\tdb := open(os.Getenv(\"DATABASE_URL\"))\n\tif err := goose.Up(db, \"migrations\"); err != nil {\n\t\tpanic(err)\n\t}\n\thttp.ListenAndServe(\":\"+os.Getenv(\"PORT\"), nil)\n}\n",
    );
    write(
        &repo,
        "migrations/00001_init.sql",
        "-- +goose Up\nCREATE TABLE t (id int);\n",
    );
    let (commands, tdd) = render_pre_deploy(tmp.path(), &repo);
    assert!(!commands.is_empty());
    assert!(commands.iter().all(Option::is_none), "{commands:?}");
    assert!(tdd.contains("when each new instance starts"), "TDD says so");
    assert!(tdd.contains("cmd/api/main.go:12"), "with the evidence");
}

#[test]
fn a_database_without_a_migration_tool_gets_no_invented_one() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("api");
    write(
        &repo,
        "package.json",
        r#"{"name":"api","scripts":{"start":"node server.js"},"dependencies":{"express":"^4.21.1","pg":"^8.13.1"}}"#,
    );
    write(
        &repo,
        "server.js",
        "const { Pool } = require('pg');\nconst pool = new Pool({ connectionString: process.env.DATABASE_URL });\n",
    );
    let (commands, tdd) = render_pre_deploy(tmp.path(), &repo);
    assert!(commands.iter().all(Option::is_none), "{commands:?}");
    assert!(
        !tdd.to_lowercase().contains("prisma"),
        "no Prisma for an app without Prisma"
    );
}
