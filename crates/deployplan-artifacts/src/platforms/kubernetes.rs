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
use serde::Serialize;

use super::k8s_model::*;
use super::{Target, file, migrations};
use crate::app::App;
use crate::deploy::{Deploy, Migrations, Tool};
use crate::{ArtifactError, dockerfile, format, names};

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

fn container(app: &App, name: &str, command: Option<&str>, web: bool) -> Container {
    // An HTTP probe on the path the app serves; without one, a TCP check on the port.
    let probe = |period: u32, failures: u32, delay: Option<u32>| {
        let http_get = app.health.map(|h| HttpGet {
            path: names::url_path(&h.path),
            port: "http",
        });
        let tcp_socket =
            (http_get.is_none() && app.port_check.is_some()).then_some(TcpSocket { port: "http" });
        (http_get.is_some() || tcp_socket.is_some()).then(|| Probe {
            http_get,
            tcp_socket,
            initial_delay_seconds: delay,
            period_seconds: period,
            timeout_seconds: app.health.map_or(5, |h| h.timeout_s),
            failure_threshold: failures,
        })
    };
    let threshold = app.health.map_or(3, |h| h.unhealthy_threshold);
    let interval = app.health.map_or(30, |h| h.interval_s);
    Container {
        name: name.into(),
        image: IMAGE.into(),
        // The kubelet checks the pod's pull credentials on every start, even for a cached image.
        image_pull_policy: "Always",
        command: command
            .map(|c| vec!["/bin/sh".into(), "-c".into(), c.into()])
            .unwrap_or_default(),
        ports: if web {
            vec![ContainerPort {
                name: "http",
                container_port: app.container_port(),
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

fn deployment(
    app: &App,
    component: &str,
    command: Option<&str>,
    web: bool,
    replicas: u32,
) -> Object<Spec<DeploymentSpec>> {
    let mut metadata = meta(app, format!("{}-{component}", app.slug), component);
    metadata.annotations = if web {
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
                    container(app, component, command, web),
                    None,
                ),
            },
        },
    )
}

fn job_spec(app: &App, command: &str) -> JobSpec {
    JobSpec {
        backoff_limit: 0,
        active_deadline_seconds: 600,
        ttl_seconds_after_finished: 86400,
        template: pod(
            app,
            "migrate",
            container(app, "migrate", Some(command), false),
            Some("Never"),
        ),
    }
}

fn scales(app: &App) -> bool {
    matches!(
        app.plan.answers.context.scale,
        Scale::High | Scale::VeryHigh
    )
}

fn yaml_file<T: Serialize>(
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

const HEADER: &str =
    "Generated by deployplan. The pipeline fills in ${REGISTRY_IMAGE}, ${COMMIT_SHA} and
${KUBE_NAMESPACE} (envsubst) and applies this folder to the environment's namespace.
Secrets: kubectl create secret generic <app>-secrets. Pods run as UID 10001, the
Dockerfile's USER, with a read-only root filesystem; /tmp is an emptyDir.";

impl Target for Kubernetes {
    fn id(&self) -> deployplan_core::catalog::PlatformId {
        deployplan_core::catalog::PlatformId::Kubernetes
    }

    fn config(&self, app: &App) -> Result<Vec<GeneratedFile>, ArtifactError> {
        let mut out = Vec::new();
        let replicas = if scales(app) { 3 } else { 2 };
        let mut deployments = Vec::new();
        // The web container runs the image's own CMD (the Dockerfile's start command).
        deployments.push(deployment(app, "web", None, true, replicas));
        for w in &app.workers {
            deployments.push(deployment(
                app,
                &names::slug(&w.name, 20),
                w.command.as_deref(),
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
        let selector = labels(app, "web");
        let service = object(
            "v1",
            "Service",
            meta(app, app.slug.clone(), "web"),
            Spec {
                spec: ServiceSpec {
                    selector,
                    ports: vec![ServicePort {
                        name: "http",
                        port: 80,
                        target_port: "http",
                    }],
                },
            },
        );
        out.push(yaml_file(
            "k8s/service.yaml",
            HEADER,
            &[service],
            "Kubernetes Service for the web Deployment",
        )?);
        let mut ingress_meta = meta(app, app.slug.clone(), "web");
        ingress_meta.annotations.insert(
            "cert-manager.io/cluster-issuer".into(),
            "letsencrypt".into(),
        );
        let ingress = object(
            "networking.k8s.io/v1",
            "Ingress",
            ingress_meta,
            Spec {
                spec: IngressSpec {
                    ingress_class_name: "nginx",
                    rules: vec![IngressRule {
                        host: format!("{}.example.com", app.slug),
                        http: IngressHttp {
                            paths: vec![IngressPath {
                                path: "/",
                                path_type: "Prefix",
                                backend: IngressBackend {
                                    service: BackendService {
                                        name: app.slug.clone(),
                                        port: BackendPort { name: "http" },
                                    },
                                },
                            }],
                        },
                    }],
                },
            },
        );
        out.push(yaml_file(
            "k8s/ingress.yaml",
            HEADER,
            &[ingress],
            "Kubernetes Ingress (replace the example host)",
        )?);
        // Every pod is selected by a policy: the web pods take traffic on their port only,
        // workers and jobs take none. Egress stays open (database, APIs).
        let mut components: Vec<String> = vec!["web".into()];
        components.extend(app.workers.iter().map(|w| names::slug(&w.name, 20)));
        if migrations(app, Migrations::InScript) == Migrations::InScript {
            components.push("migrate".into());
        }
        components.extend(app.crons.iter().map(|c| names::slug(&c.name, 20)));
        let policies: Vec<_> = components
            .iter()
            .map(|component| {
                let web = component == "web";
                object(
                    "networking.k8s.io/v1",
                    "NetworkPolicy",
                    meta(app, format!("{}-{component}", app.slug), component),
                    Spec {
                        spec: NetworkPolicySpec {
                            pod_selector: Selector {
                                match_labels: labels(app, component),
                            },
                            policy_types: vec!["Ingress"],
                            ingress: if web {
                                vec![NetworkPolicyIngress {
                                    ports: vec![NetworkPolicyPort {
                                        protocol: "TCP",
                                        port: "http",
                                    }],
                                }]
                            } else {
                                Vec::new()
                            },
                        },
                    },
                )
            })
            .collect();
        out.push(yaml_file(
            "k8s/networkpolicy.yaml",
            HEADER,
            &policies,
            "NetworkPolicies: web pods take traffic on their port only, workers and jobs none",
        )?);
        if scales(app) {
            let hpa = object(
                "autoscaling/v2",
                "HorizontalPodAutoscaler",
                meta(app, format!("{}-web", app.slug), "web"),
                Spec {
                    spec: HpaSpec {
                        scale_target_ref: ScaleTarget {
                            api_version: "apps/v1",
                            kind: "Deployment",
                            name: format!("{}-web", app.slug),
                        },
                        min_replicas: replicas,
                        max_replicas: 20,
                        metrics: vec![Metric {
                            kind: "Resource",
                            resource: ResourceMetric {
                                name: "cpu",
                                target: MetricTarget {
                                    kind: "Utilization",
                                    average_utilization: 70,
                                },
                            },
                        }],
                    },
                },
            );
            out.push(yaml_file(
                "k8s/hpa.yaml",
                HEADER,
                &[hpa],
                "HorizontalPodAutoscaler: 3-20 web pods at 70% CPU",
            )?);
        }
        if let (Migrations::InScript, Some(cmd)) =
            (migrations(app, Migrations::InScript), app.auto_migrate())
        {
            let job = object(
                "batch/v1",
                "Job",
                job_meta(app, format!("{}-migrate", app.slug), "migrate"),
                Spec {
                    spec: job_spec(app, cmd),
                },
            );
            out.push(yaml_file(
                "k8s/migrate-job.yaml",
                HEADER,
                &[job],
                "Migration Job, run by the pipeline before the rollout",
            )?);
        }
        if !app.crons.is_empty() {
            let crons: Vec<_> = app
                .crons
                .iter()
                .map(|c| {
                    let name = names::slug(&c.name, 20);
                    object(
                        "batch/v1",
                        "CronJob",
                        job_meta(app, format!("{}-{name}", app.slug), &name),
                        Spec {
                            spec: CronJobSpec {
                                schedule: c.schedule.clone().unwrap_or_else(|| "0 * * * *".into()),
                                concurrency_policy: "Forbid",
                                job_template: Spec {
                                    spec: job_spec(app, c.command.as_deref().unwrap_or("true")),
                                },
                            },
                        },
                    )
                })
                .collect();
            out.push(yaml_file(
                "k8s/cronjobs.yaml",
                HEADER,
                &crons,
                "CronJobs for the scheduled processes",
            )?);
        }
        let data: BTreeMap<String, String> = app
            .settings()
            .into_iter()
            .filter_map(|(n, v)| v.map(|v| (n.to_string(), v.to_string())))
            .collect();
        if !data.is_empty() {
            let cm = object(
                "v1",
                "ConfigMap",
                meta(app, format!("{}-config", app.slug), "config"),
                Data { data },
            );
            out.push(yaml_file(
                "k8s/configmap.yaml",
                HEADER,
                &[cm],
                "ConfigMap with the non-secret settings",
            )?);
        }
        Ok(out)
    }

    fn deploy(&self, app: &App, environment: &str) -> Deploy {
        let m = migrations(app, Migrations::InScript);
        let mut d = Deploy::new(environment)
            .push_image()
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
        d.script(&[
            "kubectl --namespace \"$KUBE_NAMESPACE\" apply -f \"$TOKEN_DIR/k8s\"",
            "kubectl --namespace \"$KUBE_NAMESPACE\" rollout status \"deployment/$APP_NAME-web\" --timeout=600s",
        ])
    }

    fn needs_image(&self, _app: &App) -> bool {
        true
    }
}
