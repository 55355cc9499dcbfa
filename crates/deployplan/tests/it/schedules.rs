//! Scheduled jobs from the repository's evidence, through the binary on real apps: Laravel's
//! scheduler and whenever's `every` blocks become cron jobs in the files of the platforms
//! that have them (a Render cron service, a Railway cron service, a Kubernetes CronJob), a
//! warning on the others and for a block whose schedule is not clear; the files pass the
//! offline validators.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{deployplan, read, run_validators, yaml};

fn laravel() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../deployplan-scan/tests/fixtures/laravel/repo")
}

fn rails_whenever() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/apps/rails-whenever")
}

/// Generates `repo` for `platform` into `out`; returns stderr (the warnings).
fn generate(repo: &Path, out: &Path, platform: &str) -> String {
    let o = deployplan()
        .args([
            "generate",
            "--no-save",
            "--date",
            "2026-12-02",
            "--ci",
            "github",
            "--repo",
        ])
        .arg(repo)
        .arg("--out")
        .arg(out)
        .args(["--platform", platform])
        .assert()
        .success();
    String::from_utf8_lossy(&o.get_output().stderr).into_owned()
}

/// `(name, schedule, command)` of every cron service of a render.yaml (all environments).
fn render_crons(doc: &Value) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut visit = |services: &Value| {
        for s in services.as_array().into_iter().flatten() {
            if s["type"] == "cron" {
                let command = s["dockerCommand"].as_str().or(s["startCommand"].as_str());
                out.push((
                    s["name"].as_str().unwrap_or_default().to_string(),
                    s["schedule"].as_str().unwrap_or_default().to_string(),
                    command.unwrap_or_default().to_string(),
                ));
            }
        }
    };
    visit(&doc["services"]);
    for p in doc["projects"].as_array().into_iter().flatten() {
        for e in p["environments"].as_array().into_iter().flatten() {
            visit(&e["services"]);
        }
    }
    out
}

#[test]
fn laravel_scheduler_runs_every_minute_where_the_platform_has_cron() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("out");

    let render = root.join("render");
    generate(&laravel(), &render, "render");
    let crons = render_crons(&yaml(&render.join("render.yaml")));
    assert!(!crons.is_empty(), "no cron service in render.yaml");
    for (name, schedule, command) in &crons {
        assert!(name.ends_with("-scheduler"), "{name}");
        assert_eq!(schedule, "* * * * *");
        assert_eq!(command, "php artisan schedule:run");
    }

    let k8s = root.join("kubernetes");
    generate(&laravel(), &k8s, "kubernetes");
    let text = read(&k8s.join("k8s/cronjobs.yaml"));
    let job: Value = serde_saphyr::from_str(&text).expect("CronJob YAML");
    assert_eq!(job["kind"], "CronJob", "{text}");
    assert_eq!(job["spec"]["schedule"], "* * * * *");
    assert!(text.contains("php artisan schedule:run"), "{text}");

    let railway = root.join("railway");
    generate(&laravel(), &railway, "railway");
    let cron: Value =
        serde_json::from_str(&read(&railway.join("railway/scheduler/railway.json"))).expect("JSON");
    assert_eq!(cron["deploy"]["cronSchedule"], "* * * * *");
    assert_eq!(cron["deploy"]["startCommand"], "php artisan schedule:run");

    // No cron service on Fly.io: the person is told, with the job and where it was found.
    let stderr = generate(&laravel(), &tmp.path().join("fly"), "fly");
    assert!(
        stderr.contains("php artisan schedule:run")
            && stderr.contains("routes/console.php:5")
            && stderr.contains("scheduled Machines"),
        "{stderr}"
    );

    run_validators(&root);
}

#[test]
fn whenever_blocks_with_a_clear_interval_become_cron_jobs_the_others_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let stderr = generate(&rails_whenever(), &out, "render");
    let mut crons: Vec<(String, String)> = render_crons(&yaml(&out.join("render.yaml")))
        .into_iter()
        .map(|(_, schedule, command)| (schedule, command))
        .collect();
    crons.sort();
    crons.dedup();
    assert_eq!(
        crons,
        [
            (
                "*/15 * * * *".to_string(),
                "bin/rails runner \"Feed.refresh\"".to_string()
            ),
            (
                "0 * * * *".to_string(),
                "bundle exec rake reports:hourly".to_string()
            ),
        ]
    );
    assert!(
        stderr.contains("config/schedule.rb:11") && stderr.contains("schedule"),
        "the at: block is not scheduled silently:\n{stderr}"
    );
    run_validators(&out);
}
