//! A monorepo on App Platform: one component per service, each built from its own folder
//! (`source_dir`). Web services run the image of their own Dockerfile on their own
//! `http_port`, checked on their own health path (else App Platform's TCP check); static
//! frontends are `static_sites` built with their own commands into their `output_dir`;
//! background services are `workers`. With more than one HTTP component, ingress rules route
//! `/` to the frontend and `/<name>` to each other service (App Platform trims the prefix, so
//! each service keeps its own paths). Field names: the app spec reference,
//! https://docs.digitalocean.com/products/app-platform/reference/app-spec/ (checked
//! 2026-12-02) and the validator's schema.

use deployplan_core::GeneratedFile;
use deployplan_core::plan::ServicePlan;
use serde::Serialize;

use super::{
    AppSpec, Component, PATH, database, do_name, envs_read, git_source, header, health_check,
};
use crate::app::{self, App};
use crate::platforms::file;
use crate::{ArtifactError, format, names};

#[derive(Serialize)]
pub(super) struct Ingress {
    rules: Vec<Rule>,
}

#[derive(Serialize)]
struct Rule {
    component: RuleComponent,
    #[serde(rename = "match")]
    matches: RuleMatch,
}

#[derive(Serialize)]
struct RuleComponent {
    name: String,
}

#[derive(Serialize)]
struct RuleMatch {
    path: PathPrefix,
}

#[derive(Serialize)]
struct PathPrefix {
    prefix: String,
}

/// `.` (the repository root) is App Platform's default build context: left out.
fn source_dir(s: &ServicePlan) -> Option<String> {
    let context = app::service_context(s);
    (context != ".").then(|| context.to_string())
}

/// The service's Dockerfile from the repository root: its own, else the generated one.
fn dockerfile(s: &ServicePlan) -> String {
    s.runtime.dockerfile.clone().unwrap_or_else(|| {
        if s.path == "." {
            "Dockerfile".into()
        } else {
            format!("{}/Dockerfile", s.path)
        }
    })
}

/// Where a static service's build lands, relative to its build context.
fn output_dir(s: &ServicePlan) -> String {
    let dir = s.output_dir.clone().unwrap_or_else(|| "dist".into());
    if app::service_context(s) == "." && s.path != "." {
        if dir == "." {
            s.path.clone()
        } else {
            format!("{}/{dir}", s.path)
        }
    } else {
        dir
    }
}

pub(super) fn config(app: &App) -> Result<Vec<GeneratedFile>, ArtifactError> {
    let db = matches!(app.database_engine(), Some("postgres") | Some("mysql"));
    let mut spec = AppSpec {
        name: do_name(app.name(), 32),
        region: "nyc",
        services: Vec::new(),
        static_sites: Vec::new(),
        workers: Vec::new(),
        jobs: Vec::new(),
        databases: database(app),
        ingress: None,
    };
    // HTTP components, frontends first: the first takes `/`.
    let mut http: Vec<(bool, String)> = Vec::new();
    for s in app.services() {
        let sub_plan = app::service_plan(app.plan, s);
        let sub = App::new(&sub_plan);
        let name = do_name(&s.name, 30);
        let envs = envs_read(app, db, |n| app.service_reads(s, n));
        let image = |name: String| Component {
            name,
            source: git_source(app),
            source_dir: source_dir(s),
            dockerfile_path: Some(dockerfile(s)),
            instance_count: Some(1),
            instance_size_slug: Some("apps-s-1vcpu-0.5gb"),
            envs: envs_read(app, db, |n| app.service_reads(s, n)),
            ..Component::default()
        };
        if s.is_static {
            spec.static_sites.push(Component {
                name: name.clone(),
                source: git_source(app),
                source_dir: source_dir(s),
                build_command: Some(crate::app::source_build(
                    sub.install(),
                    sub.build().as_deref(),
                )),
                output_dir: Some(output_dir(s)),
                catchall_document: s.runtime.spa_fallback().then_some("index.html"),
                envs,
                ..Component::default()
            });
            http.push((true, name));
            continue;
        }
        if !s.is_worker && sub.web.is_some() {
            let mut web = image(name.clone());
            web.http_port = Some(s.runtime.port);
            web.health_check = Some(health_check(&sub, sub.health_path(), s.runtime.port));
            spec.services.push(web);
            let frontend = ["web", "frontend", "client", "app"].contains(&s.name.as_str());
            http.push((frontend, name.clone()));
        }
        for w in &sub.workers {
            let worker = if s.is_worker {
                name.clone()
            } else {
                do_name(&format!("{}-{}", s.name, w.name), 30)
            };
            let mut c = image(worker);
            c.run_command = w.command.clone();
            spec.workers.push(c);
        }
        if let Some(cmd) = sub.auto_migrate()
            && spec.jobs.is_empty()
        {
            let mut job = image("migrate".into());
            job.kind = Some("PRE_DEPLOY");
            job.run_command = Some(cmd.into());
            spec.jobs.push(job);
        }
    }
    if http.len() > 1 {
        // Stable: frontends keep their order ahead of the APIs.
        http.sort_by_key(|(frontend, _)| !frontend);
        let rules = http
            .iter()
            .enumerate()
            .map(|(i, (_, name))| Rule {
                component: RuleComponent { name: name.clone() },
                matches: RuleMatch {
                    path: PathPrefix {
                        prefix: if i == 0 {
                            "/".into()
                        } else {
                            format!("/{name}")
                        },
                    },
                },
            })
            .collect();
        spec.ingress = Some(Ingress { rules });
    }
    let routes: Vec<String> = spec
        .ingress
        .iter()
        .flat_map(|i| i.rules.iter())
        .map(|r| format!("{} -> {}", r.matches.path.prefix, r.component.name))
        .collect();
    let text = if routes.is_empty() {
        header(app)
    } else {
        format!(
            "{}\nRoutes: {} (App Platform strips the prefix before the request reaches the service).",
            header(app),
            names::escaped(&routes.join(", "))
        )
    };
    Ok(vec![file(
        PATH,
        format::yaml(PATH, &text, &spec)?,
        format!(
            "DigitalOcean app spec: a component per service ({}), each built from its own folder{}",
            app.services()
                .iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            if spec.jobs.is_empty() {
                ""
            } else {
                ", PRE_DEPLOY migration job"
            }
        ),
    )])
}
