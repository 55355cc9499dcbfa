//! The Kubernetes objects past the Deployments: Services, the Ingress, NetworkPolicies, the
//! autoscaler, the migration Job, CronJobs, the ConfigMap, shared by the single app and the
//! services of a monorepo.

use std::collections::BTreeMap;

use deployplan_core::GeneratedFile;
use deployplan_core::plan::Process;

use super::super::k8s_model::*;
use super::{HEADER, Workload, job_meta, job_spec, labels, meta, object, yaml_file};
use crate::ArtifactError;
use crate::app::App;

/// The Service `name` in front of a component's pods, on port 80.
pub(super) fn service(app: &App, name: String, component: &str) -> Object<Spec<ServiceSpec>> {
    object(
        "v1",
        "Service",
        meta(app, name, component),
        Spec {
            spec: ServiceSpec {
                selector: labels(app, component),
                ports: vec![ServicePort {
                    name: "http",
                    port: 80,
                    target_port: "http",
                }],
            },
        },
    )
}

/// One Ingress with a host per `(host, service)`: each service keeps its own paths (no
/// prefix to strip).
pub(super) fn ingress(app: &App, hosts: Vec<(String, String)>) -> Object<Spec<IngressSpec>> {
    let mut ingress_meta = meta(app, app.slug.clone(), "web");
    ingress_meta.annotations.insert(
        "cert-manager.io/cluster-issuer".into(),
        "letsencrypt".into(),
    );
    object(
        "networking.k8s.io/v1",
        "Ingress",
        ingress_meta,
        Spec {
            spec: IngressSpec {
                ingress_class_name: "nginx",
                rules: hosts
                    .into_iter()
                    .map(|(host, service)| IngressRule {
                        host,
                        http: IngressHttp {
                            paths: vec![IngressPath {
                                path: "/",
                                path_type: "Prefix",
                                backend: IngressBackend {
                                    service: BackendService {
                                        name: service,
                                        port: BackendPort { name: "http" },
                                    },
                                },
                            }],
                        },
                    })
                    .collect(),
            },
        },
    )
}

/// Every pod is selected by a policy: web pods take traffic on their port only, workers and
/// jobs take none. Egress stays open (database, APIs). `components`: (name, serves HTTP).
pub(super) fn policies(
    app: &App,
    components: &[(String, bool)],
) -> Vec<Object<Spec<NetworkPolicySpec>>> {
    components
        .iter()
        .map(|(component, web)| {
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
                        ingress: if *web {
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
        .collect()
}

/// 3-20 pods of the component's Deployment at 70% CPU.
pub(super) fn hpa(app: &App, component: &str, min: u32) -> Object<Spec<HpaSpec>> {
    let name = format!("{}-{component}", app.slug);
    object(
        "autoscaling/v2",
        "HorizontalPodAutoscaler",
        meta(app, name.clone(), component),
        Spec {
            spec: HpaSpec {
                scale_target_ref: ScaleTarget {
                    api_version: "apps/v1",
                    kind: "Deployment",
                    name,
                },
                min_replicas: min,
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
    )
}

/// The migration Job, run with `w`'s image by the pipeline before the rollout.
pub(super) fn migrate_job(app: &App, w: &Workload, command: &str) -> Object<Spec<JobSpec>> {
    object(
        "batch/v1",
        "Job",
        job_meta(app, format!("{}-migrate", app.slug), "migrate"),
        Spec {
            spec: job_spec(app, w, command),
        },
    )
}

/// A CronJob per scheduled process, `(component, process)`, with `w`'s image.
pub(super) fn cronjobs(
    app: &App,
    w: &Workload,
    crons: &[(String, &Process)],
) -> Vec<Object<Spec<CronJobSpec>>> {
    crons
        .iter()
        .map(|(name, c)| {
            object(
                "batch/v1",
                "CronJob",
                job_meta(app, format!("{}-{name}", app.slug), name),
                Spec {
                    spec: CronJobSpec {
                        schedule: c.schedule.clone().unwrap_or_else(|| "0 * * * *".into()),
                        concurrency_policy: "Forbid",
                        job_template: Spec {
                            spec: job_spec(app, w, c.command.as_deref().unwrap_or("true")),
                        },
                    },
                },
            )
        })
        .collect()
}

/// The ConfigMap of the non-secret settings that have a value, when there are any.
pub(super) fn configmap(app: &App) -> Option<Object<Data>> {
    let data: BTreeMap<String, String> = app
        .settings()
        .into_iter()
        .filter_map(|(n, v)| v.map(|v| (n.to_string(), v.to_string())))
        .collect();
    (!data.is_empty()).then(|| {
        object(
            "v1",
            "ConfigMap",
            meta(app, format!("{}-config", app.slug), "config"),
            Data { data },
        )
    })
}

/// The files every Kubernetes output has past its Deployments and Services.
pub(super) fn common_files(
    app: &App,
    out: &mut Vec<GeneratedFile>,
    hosts: Vec<(String, String)>,
    components: &[(String, bool)],
) -> Result<(), ArtifactError> {
    out.push(yaml_file(
        "k8s/ingress.yaml",
        HEADER,
        &[ingress(app, hosts)],
        "Kubernetes Ingress (replace the example host)",
    )?);
    out.push(yaml_file(
        "k8s/networkpolicy.yaml",
        HEADER,
        &policies(app, components),
        "NetworkPolicies: web pods take traffic on their port only, workers and jobs none",
    )?);
    if let Some(cm) = configmap(app) {
        out.push(yaml_file(
            "k8s/configmap.yaml",
            HEADER,
            &[cm],
            "ConfigMap with the non-secret settings",
        )?);
    }
    Ok(())
}
