//! Azure Container Apps: `azure/containerapp.yaml` (the `az containerapp create/update --yaml`
//! format) with startup, liveness and readiness probes, Key Vault secrets and scale rules. The
//! pipeline signs in by OIDC, builds in Azure Container Registry, then updates the app.

use deployplan_core::GeneratedFile;
use serde::Serialize;

use super::{Target, file, migrations};
use crate::app::App;
use crate::deploy::{Cloud, Deploy, Migrations, Tool};
use crate::{ArtifactError, format};

pub const PATH: &str = "azure/containerapp.yaml";

pub struct AzureContainerApps;

mod services;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ContainerApp {
    name: String,
    #[serde(rename = "type")]
    kind: &'static str,
    identity: Identity,
    properties: Properties,
}

#[derive(Serialize)]
struct Identity {
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Properties {
    managed_environment_id: String,
    configuration: Configuration,
    template: Template,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Configuration {
    active_revisions_mode: &'static str,
    /// None for a worker: a container app without ingress takes no traffic.
    #[serde(skip_serializing_if = "Option::is_none")]
    ingress: Option<Ingress>,
    registries: Vec<Registry>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    secrets: Vec<SecretRef>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Ingress {
    external: bool,
    target_port: u16,
    transport: &'static str,
    allow_insecure: bool,
}

#[derive(Serialize)]
struct Registry {
    server: String,
    identity: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SecretRef {
    name: String,
    key_vault_url: String,
    identity: &'static str,
}

#[derive(Serialize)]
struct Template {
    containers: Vec<Container>,
    scale: Scale,
}

#[derive(Serialize)]
struct Container {
    name: &'static str,
    image: &'static str,
    resources: Resources,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    env: Vec<Env>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    probes: Vec<Probe>,
}

#[derive(Serialize)]
struct Resources {
    cpu: f64,
    memory: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Env {
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    secret_ref: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Probe {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    http_get: Option<HttpGet>,
    /// A port check when the app serves no health path.
    #[serde(skip_serializing_if = "Option::is_none")]
    tcp_socket: Option<TcpSocket>,
    #[serde(skip_serializing_if = "Option::is_none")]
    initial_delay_seconds: Option<u32>,
    period_seconds: u32,
    timeout_seconds: u32,
    failure_threshold: u32,
}

#[derive(Serialize)]
struct HttpGet {
    path: String,
    port: u16,
}

#[derive(Serialize)]
struct TcpSocket {
    port: u16,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Scale {
    min_replicas: u32,
    max_replicas: u32,
}

/// A Container Apps / Key Vault secret name: lowercase letters, digits and `-`.
fn secret_name(env_name: &str) -> String {
    let s: String = env_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let s = s.trim_matches('-').to_string();
    if s.is_empty() { "secret".into() } else { s }
}

/// How a container app is reached: by HTTP on its port, probed on its health path (else by
/// TCP on the port when `tcp_fallback`), or not at all (a worker).
pub(super) enum Reach {
    Http { tcp_fallback: bool },
    None,
}

/// The container app `name` running the image with the container settings of `unit` (the
/// app, or one monorepo service seen as an app), with the settings and secrets it reads
/// among the app's (`reads`).
pub(super) fn container_app(
    app: &App,
    unit: &App,
    name: &str,
    reach: Reach,
    reads: &dyn Fn(&str) -> bool,
) -> ContainerApp {
    let port = unit.container_port();
    let mut probes = Vec::new();
    // HTTP probes on the path the app serves; without one, TCP probes on the port.
    let http = unit.health_path();
    if let Reach::Http { tcp_fallback } = reach
        && (http.is_some() || tcp_fallback)
    {
        let (interval, threshold, timeout) = unit.health.map_or((30, 3, 5), |h| {
            (h.interval_s, h.unhealthy_threshold, h.timeout_s)
        });
        let probe = |kind, delay, period, failures| Probe {
            kind,
            http_get: http.clone().map(|path| HttpGet { path, port }),
            tcp_socket: http.is_none().then_some(TcpSocket { port }),
            initial_delay_seconds: delay,
            period_seconds: period,
            timeout_seconds: timeout,
            failure_threshold: failures,
        };
        probes.push(probe("Startup", Some(5), 10, 30));
        probes.push(probe("Liveness", None, interval, threshold));
        probes.push(probe("Readiness", None, interval, threshold));
    }
    let mut env: Vec<Env> = app
        .settings()
        .into_iter()
        .filter(|(n, _)| reads(n))
        .filter_map(|(n, v)| {
            v.map(|v| Env {
                name: n.into(),
                value: Some(v.into()),
                secret_ref: None,
            })
        })
        .collect();
    let mut secrets = Vec::new();
    for n in app.secret_names().into_iter().filter(|n| reads(n)) {
        let s = secret_name(n);
        env.push(Env {
            name: n.into(),
            value: None,
            secret_ref: Some(s.clone()),
        });
        secrets.push(SecretRef {
            key_vault_url: format!(
                "https://REPLACE-WITH-KEY-VAULT-NAME.vault.azure.net/secrets/{s}"
            ),
            name: s,
            identity: "system",
        });
    }
    let scale_max = match app.plan.answers.context.scale {
        deployplan_core::answers::Scale::VeryHigh => 30,
        deployplan_core::answers::Scale::High => 10,
        _ => 3,
    };
    let ingress = matches!(reach, Reach::Http { .. }).then_some(Ingress {
        external: true,
        target_port: port,
        transport: "auto",
        allow_insecure: false,
    });
    ContainerApp {
        name: name.to_string(),
        kind: "Microsoft.App/containerApps",
        identity: Identity { kind: "SystemAssigned" },
        properties: Properties {
            managed_environment_id: "/subscriptions/REPLACE_WITH_SUBSCRIPTION_ID/resourceGroups/REPLACE_WITH_RESOURCE_GROUP/providers/Microsoft.App/managedEnvironments/REPLACE_WITH_ENVIRONMENT".into(),
            configuration: Configuration {
                active_revisions_mode: "Single",
                ingress,
                registries: vec![Registry { server: "REPLACE_WITH_REGISTRY.azurecr.io".into(), identity: "system" }],
                secrets,
            },
            template: Template {
                containers: vec![Container {
                    name: "web",
                    image: "${IMAGE}",
                    resources: Resources { cpu: 0.5, memory: "1Gi" },
                    env,
                    probes,
                }],
                scale: Scale { min_replicas: 1, max_replicas: scale_max },
            },
        },
    }
}

pub(super) const HEADER: &str =
    "Generated by deployplan. Azure Container App (az containerapp create/update --yaml).
The pipeline fills in ${IMAGE}; replace the REPLACE_WITH_ placeholders. Secrets are read from
Key Vault by the app's managed identity. Workers need their own container app (not generated).";

impl Target for AzureContainerApps {
    fn id(&self) -> deployplan_core::catalog::PlatformId {
        deployplan_core::catalog::PlatformId::AzureContainerApps
    }

    fn config(&self, app: &App) -> Result<Vec<GeneratedFile>, ArtifactError> {
        if !app.services().is_empty() {
            return services::config(app);
        }
        let reach = Reach::Http {
            tcp_fallback: app.port_check.is_some(),
        };
        let doc = container_app(app, app, &app.slug, reach, &|_| true);
        Ok(vec![file(
            PATH,
            format::yaml(PATH, HEADER, &doc)?,
            "Azure Container App: startup, liveness and readiness probes, Key Vault secrets, scale rule",
        )])
    }

    fn deploy(&self, app: &App, environment: &str) -> Deploy {
        if !app.services().is_empty() {
            return services::deploy(app, environment);
        }
        Deploy::new(environment)
            .cloud(Cloud::Azure)
            .tools(&[Tool::AzureCli, Tool::Templating])
            .settings(&["AZURE_RESOURCE_GROUP", "ACR_NAME"])
            .value("APP_NAME", &app.slug)
            .value("DOCKERFILE", app.image_dockerfile())
            .migrations(migrations(app, Migrations::PipelineStep))
            .script(&[
                "az acr build --registry \"$ACR_NAME\" --image \"$APP_NAME:$COMMIT_SHA\" --file \"$DOCKERFILE\" .",
                "export IMAGE=\"$ACR_NAME.azurecr.io/$APP_NAME:$COMMIT_SHA\"",
                "RENDERED=\"$(mktemp)\"",
                "envsubst '${IMAGE}' < azure/containerapp.yaml > \"$RENDERED\"",
                "az containerapp update --name \"$APP_NAME\" --resource-group \"$AZURE_RESOURCE_GROUP\" --yaml \"$RENDERED\"",
            ])
    }

    fn needs_image(&self, _app: &App) -> bool {
        true
    }
}
