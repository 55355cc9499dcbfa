//! A monorepo on Kubernetes: every service of the plan gets its own image
//! (`${REGISTRY_IMAGE}-<service>:${COMMIT_SHA}`, built from its own folder and Dockerfile), its
//! own Deployment, and — when it serves HTTP — a Service and a host on the Ingress. A web
//! service is probed on its own health path, else by a TCP check on its port; a worker service
//! runs without Service or probe; a static frontend is served by the nginx image its
//! Dockerfile builds from its output folder. The services share the app's ConfigMap and Secret.

use deployplan_core::GeneratedFile;
use deployplan_core::plan::{Process, ServicePlan};

use super::objects::{common_files, cronjobs, hpa, migrate_job, service};
use super::{Check, HEADER, Workload, apply, deployment, scales, yaml_file};
use crate::app::{self, App};
use crate::deploy::{Deploy, Migrations, ServiceImage};
use crate::{ArtifactError, names};

/// A service's image and how its web container is checked: its own health path, else a TCP
/// check on its port (never a path it does not serve).
fn workload(s: &ServicePlan, sub: &App) -> Workload {
    let check = match Check::of(sub) {
        Check::None => Check::Tcp,
        c => c,
    };
    Workload {
        image: format!(
            "${{REGISTRY_IMAGE}}-{}:${{COMMIT_SHA}}",
            app::service_component(s)
        ),
        check,
        port: sub.container_port(),
    }
}

pub(super) fn config(app: &App) -> Result<Vec<GeneratedFile>, ArtifactError> {
    let replicas = if scales(app) { 3 } else { 2 };
    let mut deployments = Vec::new();
    let mut services = Vec::new();
    let mut hosts = Vec::new();
    let mut components: Vec<(String, bool)> = Vec::new();
    let mut hpas = Vec::new();
    let mut crons = Vec::new();
    for s in app.services() {
        let sub_plan = app::service_plan(app.plan, s);
        let sub = App::new(&sub_plan);
        let name = app::service_component(s);
        let w = workload(s, &sub);
        // A static site has no web process: its image's nginx is its server.
        let web = app::serves_http(s, &sub);
        if web {
            // The container runs the image's own CMD (its Dockerfile's start command).
            deployments.push(deployment(app, &w, &name, None, true, replicas));
            let object = format!("{}-{name}", app.slug);
            services.push(service(app, object.clone(), &name));
            hosts.push((format!("{name}.{}.example.com", app.slug), object));
            components.push((name.clone(), true));
            if scales(app) {
                hpas.push(hpa(app, &name, replicas));
            }
        }
        for wk in &sub.workers {
            let worker = if s.is_worker {
                name.clone()
            } else {
                format!("{name}-{}", names::slug(&wk.name, 20))
            };
            deployments.push(deployment(
                app,
                &w,
                &worker,
                wk.command.as_deref(),
                false,
                1,
            ));
            components.push((worker, false));
        }
        let own: Vec<(String, &Process)> = sub
            .crons
            .iter()
            .map(|c| (format!("{name}-{}", names::slug(&c.name, 20)), *c))
            .collect();
        if !own.is_empty() {
            crons.extend(cronjobs(app, &w, &own));
            components.extend(own.iter().map(|(n, _)| (n.clone(), false)));
        }
    }
    let mut out = vec![
        yaml_file(
            "k8s/deployment.yaml",
            HEADER,
            &deployments,
            "Kubernetes Deployments, one per service: probes on each service's own health path or port, resource requests, non-root",
        )?,
        yaml_file(
            "k8s/service.yaml",
            HEADER,
            &services,
            "Kubernetes Services, one per service that serves HTTP",
        )?,
    ];
    let migrate = app.migrating_service();
    if migrate.is_some() {
        components.push(("migrate".into(), false));
    }
    common_files(app, &mut out, hosts, &components)?;
    if !hpas.is_empty() {
        out.push(yaml_file(
            "k8s/hpa.yaml",
            HEADER,
            &hpas,
            "HorizontalPodAutoscalers: 3-20 pods of each web service at 70% CPU",
        )?);
    }
    if let Some((s, cmd)) = migrate {
        let sub_plan = app::service_plan(app.plan, s);
        let w = workload(s, &App::new(&sub_plan));
        out.push(yaml_file(
            "k8s/migrate-job.yaml",
            HEADER,
            &[migrate_job(app, &w, &cmd)],
            &format!(
                "Migration Job with the `{}` service's image, run by the pipeline before the rollout",
                s.name
            ),
        )?);
    }
    if !crons.is_empty() {
        out.push(yaml_file(
            "k8s/cronjobs.yaml",
            HEADER,
            &crons,
            "CronJobs for the services' scheduled processes",
        )?);
    }
    Ok(out)
}

/// Builds and pushes each service's image, applies `k8s/` (after the migration Job), then
/// waits for every Deployment's rollout.
pub(super) fn deploy(app: &App, environment: &str) -> Deploy {
    let m = if app.migrating_service().is_some() {
        Migrations::InScript
    } else {
        Migrations::None
    };
    let mut d = Deploy::new(environment);
    let mut rollouts = Vec::new();
    for s in app.services() {
        let name = app::service_component(s);
        d = d.push_service_image(ServiceImage {
            var: app::env_suffix(&name),
            name: name.clone(),
            context: app::service_context(s).to_string(),
            dockerfile: app::service_dockerfile(s),
        });
        let sub_plan = app::service_plan(app.plan, s);
        let sub = App::new(&sub_plan);
        if app::serves_http(s, &sub) {
            rollouts.push(format!("{}-{name}", app.slug));
        }
        for wk in &sub.workers {
            rollouts.push(if s.is_worker {
                format!("{}-{name}", app.slug)
            } else {
                format!("{}-{name}-{}", app.slug, names::slug(&wk.name, 20))
            });
        }
    }
    apply(app, d.value("DEPLOYMENTS", &rollouts.join(" ")), m).script(&[
        "for deployment in $DEPLOYMENTS; do kubectl --namespace \"$KUBE_NAMESPACE\" rollout status \"deployment/$deployment\" --timeout=600s; done",
    ])
}
