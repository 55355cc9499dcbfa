//! Existing deployment configs (fly.toml, render.yaml, vercel.json, netlify.toml, Heroku
//! app.json, Railway, DigitalOcean .do/, Cloudflare wrangler, Kamal, Kubernetes manifests,
//! ECS task definitions, Cloud Run services) and the cron jobs they declare.

use deployplan_core::Facts;
use deployplan_core::catalog::PlatformId;

use super::Detector;
use super::docker::dockerfile;
use crate::index::{RepoIndex, file_name};
use crate::record::{add, ev, line_of, numbered};

pub struct Platforms;

const ID: &str = "platforms";

/// (platform id, files at the app's root that configure it).
const FILES: &[(PlatformId, &[&str])] = &[
    (PlatformId::Fly, &["fly.toml"]),
    (PlatformId::Render, &["render.yaml", "render.yml"]),
    (PlatformId::Vercel, &["vercel.json"]),
    (PlatformId::Netlify, &["netlify.toml"]),
    (PlatformId::Heroku, &["heroku.yml"]),
    (PlatformId::Railway, &["railway.json", "railway.toml"]),
    (
        PlatformId::DigitalOcean,
        &[".do/app.yaml", ".do/deploy.template.yaml"],
    ),
    (
        PlatformId::Cloudflare,
        &["wrangler.toml", "wrangler.json", "wrangler.jsonc"],
    ),
    (
        PlatformId::AwsEcs,
        &[
            "task-definition.json",
            ".aws/task-definition.json",
            "copilot/.workspace",
        ],
    ),
];

const K8S_KINDS: &[&str] = &[
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "Service",
    "Ingress",
    "CronJob",
    "Job",
    "Pod",
    "HorizontalPodAutoscaler",
    "ConfigMap",
];

fn platform(facts: &mut Facts, id: &str, path: &str, line: Option<u32>, rule: &str) {
    add(
        &mut facts.platform_configs,
        id,
        ev(path, line, format!("{ID}/{rule}")),
    );
}

impl Detector for Platforms {
    fn id(&self) -> &'static str {
        ID
    }

    fn detect(&self, index: &RepoIndex, facts: &mut Facts) {
        for (id, files) in FILES {
            for f in files.iter().filter(|f| index.has(f)) {
                platform(facts, id.as_str(), f, None, &format!("file:{f}"));
            }
        }
        if let Some(text) = index.text("app.json")
            && !text.contains("\"expo\"")
            && [
                "\"buildpacks\"",
                "\"formation\"",
                "\"addons\"",
                "\"scripts\"",
            ]
            .iter()
            .any(|k| text.contains(k))
        {
            platform(
                facts,
                PlatformId::Heroku.as_str(),
                "app.json",
                None,
                "file:app.json",
            );
        }
        if let Some(text) = index.text("config/deploy.yml")
            && text.contains("service:")
            && text.contains("image:")
        {
            platform(
                facts,
                PlatformId::Kamal.as_str(),
                "config/deploy.yml",
                None,
                "file:config/deploy.yml",
            );
        }
        if let Some(path) = dockerfile(index) {
            platform(facts, "docker", path, None, "dockerfile");
        }
        let manifest = |p: &str| {
            (p.ends_with(".yaml") || p.ends_with(".yml")) && !crate::walk::is_test_path(p)
        };
        for (path, text) in index.texts().filter(|(p, _)| manifest(p)) {
            let name = file_name(path);
            if matches!(
                name,
                "Chart.yaml" | "kustomization.yaml" | "kustomization.yml" | "skaffold.yaml"
            ) {
                platform(
                    facts,
                    PlatformId::Kubernetes.as_str(),
                    path,
                    None,
                    &format!("file:{name}"),
                );
                continue;
            }
            if !text.contains("apiVersion:") {
                continue;
            }
            if text.contains("serving.knative.dev") {
                platform(
                    facts,
                    PlatformId::CloudRun.as_str(),
                    path,
                    line_of(text, "serving.knative.dev"),
                    "knative-service",
                );
                continue;
            }
            let kind = numbered(text).find_map(|(n, l)| {
                let k = l.strip_prefix("kind:")?.trim();
                K8S_KINDS.contains(&k).then_some((n, k))
            });
            if let Some((n, kind)) = kind {
                platform(
                    facts,
                    PlatformId::Kubernetes.as_str(),
                    path,
                    Some(n),
                    &format!("manifest:{kind}"),
                );
                if kind == "CronJob" {
                    add(
                        &mut facts.schedules,
                        "kubernetes-cronjob",
                        ev(path, Some(n), format!("{ID}/manifest:CronJob")),
                    );
                }
            }
        }
        crons(index, facts);
    }
}

/// Scheduled jobs and background workers that platform configs declare.
fn crons(index: &RepoIndex, facts: &mut Facts) {
    let crontab = index.files().iter().find(|f| {
        let name = file_name(&f.path);
        crate::index::depth(&f.path) <= 2
            && (name == "crontab" || name.ends_with(".crontab") || name == "cron.yaml")
    });
    if let Some(f) = crontab {
        add(
            &mut facts.schedules,
            "crontab",
            ev(&f.path, None, format!("{ID}/crontab")),
        );
    }
    if let Some(text) = index.text("vercel.json")
        && let Some(n) = line_of(text, "\"crons\"")
    {
        add(
            &mut facts.schedules,
            "vercel-cron",
            ev("vercel.json", Some(n), format!("{ID}/vercel-crons")),
        );
    }
    for path in ["render.yaml", "render.yml"] {
        let Some(text) = index.text(path) else {
            continue;
        };
        for (n, line) in numbered(text) {
            let t = line.trim().trim_start_matches("- ");
            if t == "type: cron" {
                add(
                    &mut facts.schedules,
                    "render-cron",
                    ev(path, Some(n), format!("{ID}/render-cron")),
                );
            } else if t == "type: worker" {
                add(
                    &mut facts.workers,
                    "render-worker",
                    ev(path, Some(n), format!("{ID}/render-worker")),
                );
            }
        }
    }
    if let Some(text) = index.text("wrangler.toml")
        && let Some(n) = line_of(text, "crons")
    {
        add(
            &mut facts.schedules,
            "cloudflare-cron",
            ev("wrangler.toml", Some(n), format!("{ID}/wrangler-crons")),
        );
    }
    for path in ["railway.json", "railway.toml"] {
        if let Some(text) = index.text(path)
            && let Some(n) = line_of(text, "cronSchedule")
        {
            add(
                &mut facts.schedules,
                "railway-cron",
                ev(path, Some(n), format!("{ID}/railway-cron")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platform_files_manifests_and_crons() {
        let index = RepoIndex::from_texts(&[
            (
                "fly.toml",
                "app = 'x'\n[http_service]\ninternal_port = 8080\n",
            ),
            (
                "vercel.json",
                "{\n  \"crons\": [{\"path\": \"/api/cron\", \"schedule\": \"0 5 * * *\"}]\n}",
            ),
            (
                "k8s/deployment.yaml",
                "apiVersion: apps/v1\nkind: Deployment\n",
            ),
            ("k8s/cron.yaml", "apiVersion: batch/v1\nkind: CronJob\n"),
            ("app.json", "{\"expo\": {\"name\": \"x\"}}"),
            ("docker/crontab", "0 3 * * * /app/bin/report\n"),
        ]);
        let mut f = Facts::default();
        Platforms.detect(&index, &mut f);
        let ids: Vec<_> = f.platform_configs.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(ids, ["fly", "vercel", "kubernetes"]);
        let crons: Vec<_> = f.schedules.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(crons, ["kubernetes-cronjob", "crontab", "vercel-cron"]);
    }
}
