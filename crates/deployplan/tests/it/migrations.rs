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

/// An ASP.NET Core API with EF Core migrations in `src/Shop/`.
fn ef_core_app(repo: &Path) {
    write(
        repo,
        "src/Shop/Shop.csproj",
        "<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n  <PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include=\"Npgsql.EntityFrameworkCore.PostgreSQL\" Version=\"8.0.4\" />\n    <PackageReference Include=\"Microsoft.EntityFrameworkCore.Design\" Version=\"8.0.6\" />\n  </ItemGroup>\n</Project>\n",
    );
    write(
        repo,
        "src/Shop/Program.cs",
        "var builder = WebApplication.CreateBuilder(args);\nbuilder.Services.AddDbContext<ShopDb>(o => o.UseNpgsql(builder.Configuration.GetConnectionString(\"Default\")));\nvar app = builder.Build();\napp.MapGet(\"/healthz\", () => \"ok\");\napp.Run();\n",
    );
    write(
        repo,
        "src/Shop/Migrations/20240101_Init.cs",
        "// migration\n",
    );
    write(
        repo,
        "src/Shop/appsettings.json",
        "{\"ConnectionStrings\": {\"Default\": \"Host=localhost\"}}\n",
    );
}

#[test]
fn ef_core_migrations_run_as_a_bundle_the_generated_image_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("shop");
    ef_core_app(&repo);
    let (commands, tdd) = render_pre_deploy(tmp.path(), &repo);
    // The runtime image (aspnet) has no SDK and no dotnet-ef: `dotnet ef database update`
    // cannot run there; the bundle built next to the published app can.
    assert!(!commands.is_empty());
    for c in commands {
        assert_eq!(c.as_deref(), Some("cd out && ./efbundle"));
    }
    let dockerfile = read(&tmp.path().join("out/Dockerfile"));
    let build = dockerfile
        .find("FROM mcr.microsoft.com/dotnet/aspnet")
        .unwrap();
    let bundle = dockerfile
        .find("migrations bundle --project src/Shop/Shop.csproj --output out/efbundle")
        .expect("the build stage builds the bundle");
    assert!(bundle < build, "{dockerfile}");
    assert!(
        dockerfile.contains("dotnet-ef --version 8.*"),
        "{dockerfile}"
    );
    assert!(tdd.contains("EF Core migration bundle"), "the TDD says why");
}

#[test]
fn ef_core_on_a_pipeline_that_migrates_builds_the_bundle_first() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("shop");
    ef_core_app(&repo);
    let out = tmp.path().join("out");
    deployplan()
        .args([
            "generate",
            "--date",
            "2026-12-01",
            "--platform",
            "azure-container-apps",
            "--repo",
        ])
        .arg(&repo)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let wf: serde_json::Value =
        serde_saphyr::from_str(&read(&out.join(".github/workflows/deploy.yml"))).unwrap();
    let steps = wf["jobs"]["deploy-staging"]["steps"].as_array().unwrap();
    let step = |name: &str| {
        steps
            .iter()
            .find(|s| s["name"] == name)
            .and_then(|s| s["run"].as_str())
            .unwrap_or_else(|| panic!("no step {name}: {steps:?}"))
            .to_string()
    };
    assert!(
        step("Install dependencies").contains("migrations bundle --project src/Shop/Shop.csproj"),
        "{steps:?}"
    );
    assert_eq!(
        step("Run database migrations (before the new release goes live)"),
        "cd out && ./efbundle"
    );
}

#[test]
fn ef_core_with_the_repository_dockerfile_keeps_the_repository_command() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("shop");
    ef_core_app(&repo);
    write(
        &repo,
        "Dockerfile",
        "FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /app\nCOPY . .\nRUN dotnet publish src/Shop/Shop.csproj -c Release -o out\nCMD [\"dotnet\", \"out/Shop.dll\"]\n",
    );
    let (commands, _) = render_pre_deploy(tmp.path(), &repo);
    for c in commands {
        assert_eq!(
            c.as_deref(),
            Some("dotnet ef database update --project src/Shop/Shop.csproj")
        );
    }
}

#[test]
fn goose_as_a_library_gets_its_cli_built_where_the_release_step_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("links");
    write(
        &repo,
        "go.mod",
        "module example.com/links\n\ngo 1.22.3\n\nrequire (\n\tgithub.com/jackc/pgx/v5 v5.5.5\n\tgithub.com/pressly/goose/v3 v3.20.0\n)\n",
    );
    write(
        &repo,
        "cmd/server/main.go",
        "package main\n\nimport (\n\t\"net/http\"\n\t\"os\"\n)\n\nfunc main() {\n\t_ = os.Getenv(\"DATABASE_URL\")\n\thttp.ListenAndServe(\":\"+os.Getenv(\"PORT\"), nil)\n}\n",
    );
    write(
        &repo,
        "migrations/00001_init.sql",
        "-- +goose Up\nCREATE TABLE links (id int);\n",
    );
    // Render's native Go runtime: the build puts the CLI in ./bin, the pre-deploy runs it.
    let (commands, _) = render_pre_deploy(tmp.path(), &repo);
    for c in commands {
        assert_eq!(
            c.as_deref(),
            Some("./bin/goose -dir migrations postgres \"$DATABASE_URL\" up")
        );
    }
    let blueprint = read(&tmp.path().join("out/render.yaml"));
    assert!(
        blueprint.contains("go install github.com/pressly/goose/v3/cmd/goose@v3.20.0"),
        "{blueprint}"
    );
    // Fly.io: the image's build stage builds it; the runtime stage copies /app with it.
    let fly = tmp.path().join("fly");
    deployplan()
        .args([
            "generate",
            "--date",
            "2026-12-01",
            "--platform",
            "fly",
            "--repo",
        ])
        .arg(&repo)
        .arg("--out")
        .arg(&fly)
        .assert()
        .success();
    let dockerfile = read(&fly.join("Dockerfile"));
    let runtime_stage = dockerfile.rfind("\nFROM ").unwrap();
    let install = dockerfile
        .find("go install github.com/pressly/goose/v3/cmd/goose@v3.20.0")
        .expect("built in the image");
    assert!(install < runtime_stage, "{dockerfile}");
    assert!(read(&fly.join("fly.toml")).contains("release_command = './bin/goose -dir migrations"));
}
