//! Google Cloud Run: `service.yaml` (serving.knative.dev/v1) with startup and liveness probes
//! on the plan's health path and secrets from Secret Manager. One Google Cloud project per
//! environment (the `GCP_PROJECT_ID` variable of each CI environment); the pipeline builds the
//! image with Cloud Build, runs migrations as a Cloud Run job, then replaces the service.

use std::collections::BTreeMap;

use deployplan_core::GeneratedFile;
use serde::Serialize;

use super::{Target, file, migrations};
use crate::app::App;
use crate::deploy::{Cloud, Deploy, Migrations, Tool};
use crate::{ArtifactError, format, names};

pub const PATH: &str = "service.yaml";

pub struct CloudRun;

mod services;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Service {
    api_version: &'static str,
    kind: &'static str,
    metadata: Metadata,
    spec: ServiceSpec,
}

#[derive(Serialize)]
struct Metadata {
    name: String,
    /// The project (Cloud Run's namespace), filled in by the pipeline: never `default`.
    namespace: &'static str,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    labels: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    annotations: BTreeMap<String, String>,
}

#[derive(Serialize)]
struct ServiceSpec {
    template: Template,
}

#[derive(Serialize)]
struct Template {
    metadata: TemplateMetadata,
    spec: RevisionSpec,
}

#[derive(Serialize)]
struct TemplateMetadata {
    annotations: BTreeMap<String, String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RevisionSpec {
    container_concurrency: u32,
    timeout_seconds: u32,
    containers: Vec<Container>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Container {
    name: &'static str,
    image: &'static str,
    ports: Vec<Port>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    env: Vec<EnvVar>,
    resources: Resources,
    #[serde(skip_serializing_if = "Option::is_none")]
    startup_probe: Option<Probe>,
    #[serde(skip_serializing_if = "Option::is_none")]
    liveness_probe: Option<Probe>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Port {
    name: &'static str,
    container_port: u16,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EnvVar {
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value_from: Option<ValueFrom>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ValueFrom {
    secret_key_ref: SecretKeyRef,
}

#[derive(Serialize)]
struct SecretKeyRef {
    name: String,
    key: &'static str,
}

#[derive(Serialize)]
struct Resources {
    limits: BTreeMap<String, String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Probe {
    http_get: HttpGet,
    period_seconds: u32,
    timeout_seconds: u32,
    failure_threshold: u32,
}

#[derive(Serialize)]
struct HttpGet {
    path: String,
    port: u16,
}

/// The Knative service `name` running `image` with the container settings of `unit` (the
/// app, or one monorepo service seen as an app): its port, its probes, and the settings and
/// secrets it reads among the app's (`reads`).
pub(super) fn knative_service(
    app: &App,
    unit: &App,
    name: &str,
    reads: &dyn Fn(&str) -> bool,
) -> Service {
    let port = unit.container_port();
    let probe = |period: u32, failures: u32| {
        unit.health.map(|h| Probe {
            http_get: HttpGet {
                path: names::url_path(&h.path),
                port,
            },
            period_seconds: period,
            timeout_seconds: h.timeout_s,
            failure_threshold: failures,
        })
    };
    let mut env = Vec::new();
    for (name, value) in app.settings() {
        if let Some(v) = value
            && reads(name)
        {
            env.push(EnvVar {
                name: name.into(),
                value: Some(v.into()),
                value_from: None,
            });
        }
    }
    for name in app.secret_names().into_iter().filter(|n| reads(n)) {
        env.push(EnvVar {
            name: name.into(),
            value: None,
            value_from: Some(ValueFrom {
                secret_key_ref: SecretKeyRef {
                    name: name.into(),
                    key: "latest",
                },
            }),
        });
    }
    let scale_max = match app.plan.answers.context.scale {
        deployplan_core::answers::Scale::VeryHigh => "100",
        deployplan_core::answers::Scale::High => "50",
        _ => "10",
    };
    Service {
        api_version: "serving.knative.dev/v1",
        kind: "Service",
        metadata: Metadata {
            name: name.to_string(),
            namespace: "${GCP_PROJECT_ID}",
            labels: BTreeMap::from([("app".to_string(), app.slug.clone())]),
            annotations: BTreeMap::from([(
                "run.googleapis.com/ingress".to_string(),
                "all".to_string(),
            )]),
        },
        spec: ServiceSpec {
            template: Template {
                metadata: TemplateMetadata {
                    annotations: BTreeMap::from([
                        (
                            "autoscaling.knative.dev/minScale".to_string(),
                            "0".to_string(),
                        ),
                        (
                            "autoscaling.knative.dev/maxScale".to_string(),
                            scale_max.to_string(),
                        ),
                    ]),
                },
                spec: RevisionSpec {
                    container_concurrency: 80,
                    timeout_seconds: 300,
                    containers: vec![Container {
                        name: "web",
                        image: "${IMAGE}",
                        ports: vec![Port {
                            name: "http1",
                            container_port: port,
                        }],
                        env,
                        resources: Resources {
                            limits: BTreeMap::from([
                                ("cpu".into(), "1".into()),
                                ("memory".into(), "512Mi".into()),
                            ]),
                        },
                        // The startup window (24 × 10 s) stays within Cloud Run's 240 s.
                        // Without a health path Cloud Run's default TCP startup probe on
                        // the port applies.
                        startup_probe: probe(10, 24),
                        liveness_probe: unit
                            .health
                            .and_then(|h| probe(h.interval_s, h.unhealthy_threshold)),
                    }],
                },
            },
        },
    }
}

/// The header of a service file.
pub(super) const HEADER: &str = "Generated by deployplan. Cloud Run service; the pipeline fills in ${IMAGE} and
${GCP_PROJECT_ID} (the namespace) and runs `gcloud run services replace`. Secrets are Secret Manager secrets of the same name
(version `latest`); Cloud Run sets PORT itself. Workers need a separate Cloud Run
worker pool or job (not generated).";

impl Target for CloudRun {
    fn id(&self) -> deployplan_core::catalog::PlatformId {
        deployplan_core::catalog::PlatformId::CloudRun
    }

    fn config(&self, app: &App) -> Result<Vec<GeneratedFile>, ArtifactError> {
        if !app.services().is_empty() {
            return services::config(app);
        }
        let service = knative_service(app, app, &app.slug, &|_| true);
        let mut out = vec![file(
            PATH,
            format::yaml(PATH, HEADER, &service)?,
            "Cloud Run service: startup and liveness probes, Secret Manager secrets, autoscaling",
        )];
        // `--tag` builds only a Dockerfile at the root: the repository's in `docker/` needs
        // the config that runs `docker build -f`.
        if app.dockerfile_off_root().is_some() {
            out.push(services::build_config()?);
        }
        Ok(out)
    }

    fn deploy(&self, app: &App, environment: &str) -> Deploy {
        if !app.services().is_empty() {
            return services::deploy(app, environment);
        }
        let m = migrations(app, Migrations::InScript);
        let mut d = Deploy::new(environment)
            .cloud(Cloud::Google)
            .tools(&[Tool::Gcloud, Tool::Templating])
            .settings(&["GCP_PROJECT_ID", "GCP_REGION", "GCP_ARTIFACT_REPOSITORY"])
            .value("SERVICE", &app.slug)
            .migrations(m)
            .script(&[
                "export IMAGE=\"$GCP_REGION-docker.pkg.dev/$GCP_PROJECT_ID/$GCP_ARTIFACT_REPOSITORY/$SERVICE:$COMMIT_SHA\"",
            ]);
        d = match app.dockerfile_off_root() {
            Some(dockerfile) => d
                .value("BUILD_CONFIG", services::BUILD_CONFIG)
                .value("DOCKERFILE", dockerfile)
                .script(&["gcloud builds submit --project \"$GCP_PROJECT_ID\" --config \"$BUILD_CONFIG\" --substitutions=\"^@@^_IMAGE=$IMAGE@@_DOCKERFILE=$DOCKERFILE@@_CONTEXT=.\" ."]),
            None => d.script(&["gcloud builds submit --project \"$GCP_PROJECT_ID\" --tag \"$IMAGE\" ."]),
        };
        if m == Migrations::InScript {
            d = d.value("MIGRATE_COMMAND", app.auto_migrate().unwrap_or_default()).script(&[
                "# Migrations run as a Cloud Run job with the new image, before the new revision.",
                "gcloud run jobs deploy \"$SERVICE-migrate\" --project \"$GCP_PROJECT_ID\" --region \"$GCP_REGION\" --image \"$IMAGE\" --command /bin/sh --args=\"^@@^-c@@$MIGRATE_COMMAND\" --set-secrets DATABASE_URL=DATABASE_URL:latest --max-retries 0",
                "gcloud run jobs execute \"$SERVICE-migrate\" --project \"$GCP_PROJECT_ID\" --region \"$GCP_REGION\" --wait",
            ]);
        }
        let d = d.script(&[
            "RENDERED=\"$(mktemp)\"",
            "export GCP_PROJECT_ID",
            "envsubst '${IMAGE} ${GCP_PROJECT_ID}' < service.yaml > \"$RENDERED\"",
            "gcloud run services replace \"$RENDERED\" --project \"$GCP_PROJECT_ID\" --region \"$GCP_REGION\"",
        ]);
        // The service is the public web app (ingress: all), and `services replace` does not
        // make it public: without the invoker binding for allUsers every visitor (and an
        // outside uptime check) gets 403. An organization policy restricting allUsers
        // (domain-restricted sharing) refuses it; the TDD says so.
        d.script(&[
            "gcloud run services add-iam-policy-binding \"$SERVICE\" --project \"$GCP_PROJECT_ID\" --region \"$GCP_REGION\" --member=allUsers --role=roles/run.invoker",
        ])
    }

    fn needs_image(&self, _app: &App) -> bool {
        true
    }
}
