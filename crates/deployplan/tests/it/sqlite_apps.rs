//! SQLite where the repository keeps it: the volume goes on the file's own folder (Rails 8's
//! `storage/`) or the variable the app reads points at it (Laravel's `DB_DATABASE`); the
//! migrations run in the web process, beside the volume (a release step runs without it);
//! Solid Queue runs inside Puma when the repository's `config/puma.rb` says so, as a separate
//! worker could not open the file. Was: a disk at /data the app never wrote to, a release
//! step that migrated a throwaway copy, a worker with a database of its own, and `PORT=80`
//! from the Dockerfile's proxy on Render's native runtime. Through the binary on fixture apps,
//! every output through the validators.

use std::path::Path;

use crate::support::{copy_dir, generate_on, read, yaml};

fn app(rel: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/apps")
        .join(rel)
}

/// The services of every environment of a render.yaml.
fn render_services(out: &Path) -> Vec<serde_json::Value> {
    let doc = yaml(&out.join("render.yaml"));
    let mut all = Vec::new();
    for p in doc["projects"].as_array().into_iter().flatten() {
        for e in p["environments"].as_array().into_iter().flatten() {
            all.extend(e["services"].as_array().cloned().unwrap_or_default());
        }
    }
    all
}

fn env_value<'a>(svc: &'a serde_json::Value, key: &str) -> Option<&'a serde_json::Value> {
    svc["envVars"].as_array()?.iter().find(|e| e["key"] == key)
}

#[test]
fn rails_8_keeps_its_sqlite_files_on_a_disk_mounted_on_storage() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    copy_dir(&app("rails8-sqlite"), &repo);
    let out = tmp.path().join("render");
    generate_on(&repo, &out, "render");
    let services = render_services(&out);
    assert!(
        services.iter().all(|s| s["type"] != "worker"),
        "Solid Queue runs inside Puma: {services:?}"
    );
    let webs: Vec<_> = services.iter().filter(|s| s["type"] == "web").collect();
    assert_eq!(webs.len(), 2, "staging and production");
    for web in webs {
        assert_eq!(
            web["disk"]["mountPath"], "/opt/render/project/src/storage",
            "{web:?}"
        );
        assert_eq!(
            web["startCommand"],
            "bin/rails db:prepare && bundle exec puma -C config/puma.rb"
        );
        assert!(web.get("preDeployCommand").is_none(), "{web:?}");
        assert_eq!(
            env_value(web, "SOLID_QUEUE_IN_PUMA").map(|e| &e["value"]),
            Some(&serde_json::json!("true"))
        );
        // EXPOSE 80 is the image's proxy; the native runtime never runs that file.
        assert!(env_value(web, "PORT").is_none(), "{web:?}");
    }
    let tdd = read(&out.join("specs/DEPLOYMENT_TDD.md"));
    assert!(
        tdd.contains("with the file at /opt/render/project/src/storage/production.sqlite3"),
        "{tdd}"
    );
    assert!(tdd.contains("config/database.yml:17"), "{tdd}");

    // Fly.io and Kamal run the repository's image, from its WORKDIR (/rails).
    let fly_out = tmp.path().join("fly");
    generate_on(&repo, &fly_out, "fly");
    let fly: toml::Value = toml::from_str(&read(&fly_out.join("fly.toml"))).unwrap();
    assert_eq!(
        fly["mounts"]["destination"].as_str(),
        Some("/rails/storage")
    );
    let kamal_out = tmp.path().join("kamal");
    generate_on(&repo, &kamal_out, "kamal");
    let deploy = yaml(&kamal_out.join("config/deploy.yml"));
    assert_eq!(
        deploy["volumes"],
        serde_json::json!(["repo_data:/rails/storage"])
    );
    let staging = yaml(&kamal_out.join("config/deploy.staging.yml"));
    assert_eq!(
        staging["volumes"],
        serde_json::json!(["repo_staging_data:/rails/storage"])
    );
    for out in [&out, &fly_out, &kamal_out] {
        crate::support::run_validators(out);
    }
}

#[test]
fn laravel_points_db_database_at_the_volume_and_migrates_at_start() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    generate_on(&app("toolchain/laravel-app"), &out, "render");
    for web in render_services(&out).iter().filter(|s| s["type"] == "web") {
        // database/ holds the migrations: the volume cannot be mounted there.
        assert_eq!(web["disk"]["mountPath"], "/data", "{web:?}");
        assert_eq!(
            env_value(web, "DB_DATABASE").map(|e| &e["value"]),
            Some(&serde_json::json!("/data/database.sqlite"))
        );
        assert!(web.get("preDeployCommand").is_none(), "{web:?}");
    }
    let dockerfile = read(&out.join("Dockerfile"));
    assert!(
        dockerfile.contains(r#"CMD ["/bin/sh","-c","php artisan migrate --force && php -S"#),
        "{dockerfile}"
    );
    crate::support::run_validators(&out);
}

#[test]
fn celery_reads_the_provisioned_redis_under_its_own_name() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    generate_on(&app("django-cookiecutter"), &out, "render");
    for svc in render_services(&out)
        .iter()
        .filter(|s| s["type"] == "web" || s["type"] == "worker")
    {
        let broker = env_value(svc, "CELERY_BROKER_URL").expect("the broker is wired");
        assert_eq!(broker["fromService"]["type"], "keyvalue", "{svc:?}");
        assert_eq!(
            env_value(svc, "DJANGO_SETTINGS_MODULE").map(|e| &e["value"]),
            Some(&serde_json::json!("config.settings.production"))
        );
    }
    // base.py reads CELERY_BROKER_URL without a default: the tests import it.
    let wf = yaml(&out.join(".github/workflows/deploy.yml"));
    assert_eq!(
        wf["jobs"]["test"]["env"]["CELERY_BROKER_URL"],
        "redis://localhost:6379/0"
    );
    crate::support::run_validators(&out);
}
