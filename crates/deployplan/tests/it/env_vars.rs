//! Secrets apart from settings, through the binary on real repositories: a credential is
//! stored as a secret, a port or a mode is a setting with its value, and what the platform
//! sets itself (`PORT`) is never set by the design.

use std::path::Path;

use crate::support::{deployplan, read, write};

fn generate(repo: &Path, out: &Path, platform: &str) {
    deployplan()
        .args([
            "generate",
            "--date",
            "2026-12-01",
            "--platform",
            platform,
            "--repo",
        ])
        .arg(repo)
        .arg("--out")
        .arg(out)
        .assert()
        .success();
}

fn render_env(out: &Path) -> Vec<serde_json::Value> {
    let blueprint: serde_json::Value =
        serde_saphyr::from_str(&read(&out.join("render.yaml"))).expect("render.yaml parses");
    let web = &blueprint["projects"][0]["environments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "production")
        .expect("a production environment")["services"][0];
    web["envVars"].as_array().cloned().unwrap_or_default()
}

#[test]
fn a_flask_app_gets_its_credentials_as_secrets_and_its_configuration_as_settings() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("shop");
    write(
        &repo,
        "requirements.txt",
        "flask==3.1.0\ngunicorn==23.0.0\n",
    );
    write(
        &repo,
        "app.py",
        "import os\nfrom flask import Flask\n\napp = Flask(__name__)\n\
         app.config['SECRET_KEY'] = os.environ['SECRET_KEY']\n\
         STRIPE = os.environ.get('STRIPE_SECRET_KEY')\n\
         AGE = int(os.environ.get('SESSION_COOKIE_AGE', '3600'))\n\
         LEVEL = os.getenv('LOG_LEVEL', 'info')\n\
         PORT = int(os.environ.get('PORT', '8000'))\n\n\
         @app.get('/')\ndef home():\n    return 'ok'\n",
    );
    let out = tmp.path().join("out");
    generate(&repo, &out, "render");

    let saved = read(&out.join("deployplan.toml"));
    let names_line = saved
        .lines()
        .find(|l| l.starts_with("names = "))
        .expect("secret names saved");
    for secret in ["SECRET_KEY", "STRIPE_SECRET_KEY"] {
        assert!(names_line.contains(secret), "{names_line}");
    }
    for setting in ["SESSION_COOKIE_AGE", "LOG_LEVEL", "PORT"] {
        assert!(
            !names_line.contains(setting),
            "{setting} is no secret: {names_line}"
        );
    }

    let env = render_env(&out);
    let by_key = |k: &str| env.iter().find(|e| e["key"] == k).cloned();
    assert_eq!(
        by_key("STRIPE_SECRET_KEY").unwrap()["sync"],
        false,
        "asked for"
    );
    assert_eq!(by_key("LOG_LEVEL").unwrap()["value"], "info");
    assert!(
        by_key("SESSION_COOKIE_AGE").is_some(),
        "a setting, still there"
    );
    // PORT is no secret: Render routes to the port it names, so it is the app's own.
    let port = by_key("PORT").expect("PORT set to the app's port");
    assert!(port.get("sync").is_none(), "{port}");
    assert!(
        port["value"]
            .as_str()
            .is_some_and(|v| v.parse::<u16>().is_ok()),
        "{port}"
    );

    let example = read(&out.join(".env.example"));
    let secrets_part = &example[..example.find("# Settings").expect("a settings part")];
    assert!(secrets_part.contains("STRIPE_SECRET_KEY="));
    assert!(!secrets_part.contains("SESSION_COOKIE_AGE="), "{example}");
}

#[test]
fn a_phoenix_release_is_told_to_serve_http_in_prod_mode() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("chat");
    write(
        &repo,
        "mix.exs",
        "defmodule Chat.MixProject do\n  use Mix.Project\n\n  def project do\n    [app: :chat, version: \"0.1.0\", elixir: \"~> 1.15\", deps: deps()]\n  end\n\n  defp deps do\n    [{:phoenix, \"~> 1.7.14\"}, {:ecto_sql, \"~> 3.10\"}, {:postgrex, \">= 0.0.0\"}]\n  end\nend\n",
    );
    write(
        &repo,
        "config/runtime.exs",
        "import Config\nif config_env() == :prod do\n  database_url = System.get_env(\"DATABASE_URL\")\n  secret_key_base = System.get_env(\"SECRET_KEY_BASE\")\nend\n",
    );
    write(
        &repo,
        "lib/chat_web/router.ex",
        "defmodule ChatWeb.Router do\n  use ChatWeb, :router\nend\n",
    );
    let out = tmp.path().join("out");
    generate(&repo, &out, "fly");
    let fly: toml::Value = toml::from_str(&read(&out.join("fly.toml"))).expect("fly.toml parses");
    let env = &fly["env"];
    assert_eq!(env["MIX_ENV"].as_str(), Some("prod"), "{fly:#?}");
    assert_eq!(env["PHX_SERVER"].as_str(), Some("true"), "{fly:#?}");
    let tdd = read(&out.join("specs/DEPLOYMENT_TDD.md"));
    assert!(!tdd.contains("MIX_ENV` | production"), "MIX_ENV is prod");
}

/// The database's connection string reaches the variable the code reads, not an invented
/// `DATABASE_URL`.
#[test]
fn the_database_url_goes_to_the_name_the_code_reads() {
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
        "const { Pool } = require('pg');\nconst pool = new Pool({ connectionString: process.env.POSTGRES_URL });\n",
    );
    let out = tmp.path().join("out");
    generate(&repo, &out, "render");
    let env = render_env(&out);
    let keys: Vec<&str> = env.iter().filter_map(|e| e["key"].as_str()).collect();
    assert!(!keys.contains(&"DATABASE_URL"), "{keys:?}");
    let pg = env
        .iter()
        .find(|e| e["key"] == "POSTGRES_URL")
        .expect("the code's name");
    assert_eq!(pg["fromDatabase"]["property"], "connectionString", "{pg}");
}

#[test]
fn connection_parts_the_code_reads_come_from_the_provisioned_database() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    let out = tmp.path().join("out");
    let app = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/apps/django-src-layout");
    crate::support::copy_dir(&app, &repo);
    generate(&repo, &out, "render");
    let env = render_env(&out);
    let from_db = |key: &str| {
        env.iter()
            .find(|e| e["key"] == key)
            .map(|e| e["fromDatabase"]["property"].clone())
            .unwrap_or_else(|| panic!("{key}: {env:?}"))
    };
    assert_eq!(from_db("POSTGRES_HOST"), "host");
    assert_eq!(from_db("POSTGRES_USER"), "user");
    assert_eq!(from_db("POSTGRES_PASSWORD"), "password");
    assert_eq!(from_db("POSTGRES_DB"), "database");
    // The code names its signing key DJANGO_SECRET_KEY: no invented SECRET_KEY beside it,
    // and no REDIS_URL beside the CELERY_BROKER_URL it reads.
    assert!(!env.iter().any(|e| e["key"] == "SECRET_KEY"), "{env:?}");
    assert!(!env.iter().any(|e| e["key"] == "REDIS_URL"), "{env:?}");
    let settings = env
        .iter()
        .find(|e| e["key"] == "DJANGO_SETTINGS_MODULE")
        .expect("settings module");
    assert_eq!(settings["value"], "config.settings.production");
    // The CI tests reach the throwaway Postgres by the same names.
    let wf = read(&out.join(".github/workflows/deploy.yml"));
    assert!(wf.contains("POSTGRES_HOST: localhost"), "{wf}");
    assert!(
        wf.contains("DJANGO_SECRET_KEY: ci-test-only-not-a-secret"),
        "{wf}"
    );
}
