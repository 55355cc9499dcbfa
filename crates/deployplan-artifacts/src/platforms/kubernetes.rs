//! Kubernetes: `k8s/*.yaml` — Deployments with readiness, liveness and startup probes and
//! resource requests, a Service, an Ingress, an HPA when the scale is high, a migration Job run
//! before the rollout, CronJobs, a ConfigMap, and a NetworkPolicy per component. The image is
//! `${REGISTRY_IMAGE}:${COMMIT_SHA}` (the commit's tag, never `latest`) and the namespace
//! `${KUBE_NAMESPACE}`, both filled in by the pipeline with `envsubst`; secrets come from a
//! Secret created out of band. Pods run as the Dockerfile's numeric user with a read-only root
//! filesystem (an `emptyDir` on `/tmp`) and no service-account token, so checkov passes; a check
//! that does not apply is skipped on its object with the reason.

use std::collections::BTreeMap;

use deployplan_core::GeneratedFile;
use deployplan_core::answers::Scale;
use deployplan_core::plan::Process;
use serde::Serialize;

use super::k8s_model::*;
use super::{Target, file, migrations};
use crate::app::App;
use crate::deploy::{Deploy, Migrations, Tool};
use crate::{ArtifactError, dockerfile, format, names};

mod objects;
mod services;

use objects::*;

pub struct Kubernetes;

const IMAGE: &str = "${REGISTRY_IMAGE}:${COMMIT_SHA}";
const NAMESPACE: &str = "${KUBE_NAMESPACE}";

/// Checkov checks that do not apply to every workload, skipped on the object with the reason.
const SKIP_DIGEST: (&str, &str) = (
    "CKV_K8S_43",
    "the image is pinned by the commit's tag, pushed once per commit",
);
const SKIP_SECRET_ENV: (&str, &str) = (
    "CKV_K8S_35",
    "the app reads its secrets from the environment (twelve-factor), from the Secret by name",
);
const SKIP_LIVENESS: (&str, &str) = (
    "CKV_K8S_8",
    "a worker serves no port to probe; the kubelet restarts it when its process exits",
);
const SKIP_READINESS: (&str, &str) = (
    "CKV_K8S_9",
    "a worker receives no Service traffic, so there is nothing to be ready for",
);

/// `checkov.io/skip1: CKV_ID=why`, `skip2`, ... as checkov reads them.
fn skips(checks: &[(&str, &str)]) -> BTreeMap<String, String> {
    checks
        .iter()
        .enumerate()
        .map(|(i, (id, why))| (format!("checkov.io/skip{}", i + 1), format!("{id}={why}")))
        .collect()
}

fn labels(app: &App, component: &str) -> Labels {
    BTreeMap::from([
        ("app.kubernetes.io/name".to_string(), app.slug.clone()),
        (
            "app.kubernetes.io/component".to_string(),
            component.to_string(),
        ),
    ])
}

fn meta(app: &App, name: String, component: &str) -> Metadata {
    Metadata {
        name,
        namespace: NAMESPACE,
        labels: labels(app, component),
        annotations: BTreeMap::new(),
    }
}

/// A Job's or CronJob's metadata: it serves no port, so no probes.
fn job_meta(app: &App, name: String, component: &str) -> Metadata {
    let mut m = meta(app, name, component);
    m.annotations = skips(&[SKIP_DIGEST, SKIP_SECRET_ENV]);
    m
}

fn object<S: Serialize>(
    api_version: &'static str,
    kind: &'static str,
    metadata: Metadata,
    body: S,
) -> Object<S> {
    Object {
        api_version,
        kind,
        metadata,
        body,
    }
}

fn env_from(app: &App) -> Vec<EnvFrom> {
    let mut out = Vec::new();
    if app.settings().iter().any(|(_, v)| v.is_some()) {
        out.push(EnvFrom::ConfigMapRef(NameRef {
            name: format!("{}-config", app.slug),
            optional: None,
        }));
    }
    if !app.secret_names().is_empty() {
        out.push(EnvFrom::SecretRef(NameRef {
            name: format!("{}-secrets", app.slug),
            optional: None,
        }));
    }
    out
}

/// How a web container is checked: an HTTP probe on the path the app serves; without one, a
/// TCP check on its port (the platform's port check), or none.
#[derive(Clone)]
pub(super) enum Check {
    Http {
        path: String,
        interval_s: u32,
        timeout_s: u32,
        failures: u32,
    },
    Tcp,
    None,
}

impl Check {
    /// The app's own check: its health path, else its port check when the plan has one.
    pub(super) fn of(app: &App) -> Check {
        match (app.health, app.port_check) {
            (Some(h), _) => Check::Http {
                path: names::url_path(&h.path),
                interval_s: h.interval_s,
                timeout_s: h.timeout_s,
                failures: h.unhealthy_threshold,
            },
            (None, Some(_)) => Check::Tcp,
            (None, None) => Check::None,
        }
    }
}

/// What a component's pods run: the image and how a web container is checked.
pub(super) struct Workload {
    pub image: String,
    pub check: Check,
    /// The port the image listens on.
    pub port: u16,
}

impl Workload {
    /// The single app's image, built from the repository root.
    fn app(app: &App) -> Workload {
        Workload {
            image: IMAGE.into(),
            check: Check::of(app),
            port: app.container_port(),
        }
    }
}

pub(super) fn container(
    app: &App,
    w: &Workload,
    name: &str,
    command: Option<&str>,
    web: bool,
) -> Container {
    let (interval, timeout, threshold) = match &w.check {
        Check::Http {
            interval_s,
            timeout_s,
            failures,
            ..
        } => (*interval_s, *timeout_s, *failures),
        _ => (30, 5, 3),
    };
    let probe = |period: u32, failures: u32, delay: Option<u32>| {
        let (http_get, tcp_socket) = match &w.check {
            Check::Http { path, .. } => (
                Some(HttpGet {
                    path: path.clone(),
                    port: "http",
                }),
                None,
            ),
            Check::Tcp => (None, Some(TcpSocket { port: "http" })),
            Check::None => return None,
        };
        Some(Probe {
            http_get,
            tcp_socket,
            initial_delay_seconds: delay,
            period_seconds: period,
            timeout_seconds: timeout,
            failure_threshold: failures,
        })
    };
    Container {
        name: name.into(),
        image: w.image.clone(),
        // The kubelet checks the pod's pull credentials on every start, even for a cached image.
        image_pull_policy: "Always",
        command: command
            .map(|c| vec!["/bin/sh".into(), "-c".into(), c.into()])
            .unwrap_or_default(),
        ports: if web {
            vec![ContainerPort {
                name: "http",
                container_port: w.port,
            }]
        } else {
            Vec::new()
        },
        env_from: env_from(app),
        readiness_probe: if web {
            probe(interval, threshold, None)
        } else {
            None
        },
        liveness_probe: if web {
            probe(interval, threshold, None)
        } else {
            None
        },
        // Up to 5 minutes to start before liveness takes over.
        startup_probe: if web { probe(10, 30, Some(5)) } else { None },
        resources: Resources {
            requests: BTreeMap::from([
                ("cpu".into(), "100m".into()),
                ("memory".into(), "256Mi".into()),
            ]),
            limits: BTreeMap::from([
                ("cpu".into(), "500m".into()),
                ("memory".into(), "512Mi".into()),
            ]),
        },
        security_context: ContainerSecurity {
            allow_privilege_escalation: false,
            read_only_root_filesystem: true,
            capabilities: Capabilities { drop: vec!["ALL"] },
        },
        volume_mounts: vec![VolumeMount {
            name: "tmp",
            mount_path: "/tmp",
        }],
    }
}

fn pod(app: &App, component: &str, c: Container, restart: Option<&'static str>) -> PodTemplate {
    PodTemplate {
        metadata: TemplateMetadata {
            labels: labels(app, component),
        },
        spec: PodSpec {
            automount_service_account_token: false,
            security_context: PodSecurity {
                run_as_non_root: true,
                // The Dockerfile's numeric `USER`.
                run_as_user: dockerfile::UID,
                run_as_group: dockerfile::UID,
                seccomp_profile: Seccomp {
                    kind: "RuntimeDefault",
                },
            },
            restart_policy: restart,
            containers: vec![c],
            volumes: vec![Volume {
                name: "tmp",
                empty_dir: EmptyDir {
                    size_limit: "256Mi",
                },
            }],
        },
    }
}

pub(super) fn deployment(
    app: &App,
    w: &Workload,
    component: &str,
    command: Option<&str>,
    web: bool,
    replicas: u32,
) -> Object<Spec<DeploymentSpec>> {
    let mut metadata = meta(app, format!("{}-{component}", app.slug), component);
    metadata.annotations = if web && !matches!(w.check, Check::None) {
        skips(&[SKIP_DIGEST, SKIP_SECRET_ENV])
    } else {
        skips(&[SKIP_DIGEST, SKIP_SECRET_ENV, SKIP_LIVENESS, SKIP_READINESS])
    };
    object(
        "apps/v1",
        "Deployment",
        metadata,
        Spec {
            spec: DeploymentSpec {
                replicas,
                revision_history_limit: 10,
                selector: Selector {
                    match_labels: labels(app, component),
                },
                strategy: Strategy {
                    kind: "RollingUpdate",
                    rolling_update: RollingUpdate {
                        max_surge: 1,
                        max_unavailable: 0,
                    },
                },
                template: pod(
                    app,
                    component,
                    container(app, w, component, command, web),
                    None,
                ),
            },
        },
    )
}

fn job_spec(app: &App, w: &Workload, command: &str) -> JobSpec {
    JobSpec {
        backoff_limit: 0,
        active_deadline_seconds: 600,
        ttl_seconds_after_finished: 86400,
        template: pod(
            app,
            "migrate",
            container(app, w, "migrate", Some(command), false),
            Some("Never"),
        ),
    }
}

pub(super) fn scales(app: &App) -> bool {
    matches!(
        app.plan.answers.context.scale,
        Scale::High | Scale::VeryHigh
    )
}

pub(super) fn yaml_file<T: Serialize>(
    path: &str,
    header: &str,
    docs: &[T],
    description: &str,
) -> Result<GeneratedFile, ArtifactError> {
    Ok(file(
        path,
        format::yaml_documents(path, header, docs)?,
        description,
    ))
}

pub(super) const HEADER: &str =
    "Generated by deployplan. The pipeline fills in ${REGISTRY_IMAGE}, ${COMMIT_SHA} and
${KUBE_NAMESPACE} (envsubst) and applies this folder to the environment's namespace.
Secrets: kubectl create secret generic <app>-secrets. Pods run as UID 10001, the
Dockerfile's USER, with a read-only root filesystem; /tmp is an emptyDir.";

/// The deploy's tools and the script that fills in and applies `k8s/`, running the migration
/// Job to completion first when `m` says so; the caller adds the rollout checks.
pub(super) fn apply(app: &App, d: Deploy, m: Migrations) -> Deploy {
    let mut d = d
        .tools(&[Tool::Kubectl, Tool::Templating])
        .secrets(&["KUBE_CONFIG"])
        .settings(&["KUBE_NAMESPACE"])
        .value("APP_NAME", &app.slug)
        .migrations(m)
        .script(&[
            "export REGISTRY_IMAGE COMMIT_SHA KUBE_NAMESPACE",
            "TOKEN_DIR=\"$(mktemp -d)\"",
            "printf '%s' \"$KUBE_CONFIG\" > \"$TOKEN_DIR/kubeconfig\"",
            "export KUBECONFIG=\"$TOKEN_DIR/kubeconfig\"",
            "mkdir -p \"$TOKEN_DIR/k8s\"",
            "for f in k8s/*.yaml; do envsubst '${REGISTRY_IMAGE} ${COMMIT_SHA} ${KUBE_NAMESPACE}' < \"$f\" > \"$TOKEN_DIR/k8s/$(basename \"$f\")\"; done",
        ]);
    if m == Migrations::InScript {
        d = d.script(&[
            "# Migrations run to completion with the new image before the rollout.",
            "if [ -f \"$TOKEN_DIR/k8s/configmap.yaml\" ]; then kubectl --namespace \"$KUBE_NAMESPACE\" apply -f \"$TOKEN_DIR/k8s/configmap.yaml\"; fi",
            "kubectl --namespace \"$KUBE_NAMESPACE\" delete job \"$APP_NAME-migrate\" --ignore-not-found",
            "kubectl --namespace \"$KUBE_NAMESPACE\" apply -f \"$TOKEN_DIR/k8s/migrate-job.yaml\"",
            "kubectl --namespace \"$KUBE_NAMESPACE\" wait --for=condition=complete \"job/$APP_NAME-migrate\" --timeout=600s || { kubectl --namespace \"$KUBE_NAMESPACE\" logs \"job/$APP_NAME-migrate\"; exit 1; }",
        ]);
    }
    d.script(&["kubectl --namespace \"$KUBE_NAMESPACE\" apply -f \"$TOKEN_DIR/k8s\""])
}

impl Target for Kubernetes {
    fn id(&self) -> deployplan_core::catalog::PlatformId {
        deployplan_core::catalog::PlatformId::Kubernetes
    }

    fn config(&self, app: &App) -> Result<Vec<GeneratedFile>, ArtifactError> {
        if !app.services().is_empty() {
            return services::config(app);
        }
        let mut out = Vec::new();
        let replicas = if scales(app) { 3 } else { 2 };
        let w = Workload::app(app);
        let mut deployments = Vec::new();
        // The web container runs the image's own CMD (the Dockerfile's start command).
        deployments.push(deployment(app, &w, "web", None, true, replicas));
        for wk in &app.workers {
            deployments.push(deployment(
                app,
                &w,
                &names::slug(&wk.name, 20),
                wk.command.as_deref(),
                false,
                1,
            ));
        }
        out.push(yaml_file(
            "k8s/deployment.yaml",
            HEADER,
            &deployments,
            "Kubernetes Deployments: probes, resource requests, non-root",
        )?);
        out.push(yaml_file(
            "k8s/service.yaml",
            HEADER,
            &[service(app, app.slug.clone(), "web")],
            "Kubernetes Service for the web Deployment",
        )?);
        let mut components: Vec<(String, bool)> = vec![("web".into(), true)];
        components.extend(
            app.workers
                .iter()
                .map(|w| (names::slug(&w.name, 20), false)),
        );
        let migrate = match (migrations(app, Migrations::InScript), app.auto_migrate()) {
            (Migrations::InScript, Some(cmd)) => Some(cmd),
            _ => None,
        };
        if migrate.is_some() {
            components.push(("migrate".into(), false));
        }
        let crons: Vec<(String, &Process)> = app
            .crons
            .iter()
            .map(|c| (names::slug(&c.name, 20), *c))
            .collect();
        components.extend(crons.iter().map(|(n, _)| (n.clone(), false)));
        common_files(
            app,
            &mut out,
            vec![(format!("{}.example.com", app.slug), app.slug.clone())],
            &components,
        )?;
        if scales(app) {
            out.push(yaml_file(
                "k8s/hpa.yaml",
                HEADER,
                &[hpa(app, "web", replicas)],
                "HorizontalPodAutoscaler: 3-20 web pods at 70% CPU",
            )?);
        }
        if let Some(cmd) = migrate {
            out.push(yaml_file(
                "k8s/migrate-job.yaml",
                HEADER,
                &[migrate_job(app, &w, cmd)],
                "Migration Job, run by the pipeline before the rollout",
            )?);
        }
        if !crons.is_empty() {
            out.push(yaml_file(
                "k8s/cronjobs.yaml",
                HEADER,
                &cronjobs(app, &w, &crons),
                "CronJobs for the scheduled processes",
            )?);
        }
        Ok(out)
    }

    fn deploy(&self, app: &App, environment: &str) -> Deploy {
        if !app.services().is_empty() {
            return services::deploy(app, environment);
        }
        let m = migrations(app, Migrations::InScript);
        let d = Deploy::new(environment)
            .push_image()
            .value("DOCKERFILE", app.image_dockerfile());
        apply(app, d, m).script(&[
            "kubectl --namespace \"$KUBE_NAMESPACE\" rollout status \"deployment/$APP_NAME-web\" --timeout=600s",
        ])
    }

    fn needs_image(&self, _app: &App) -> bool {
        true
    }
}
