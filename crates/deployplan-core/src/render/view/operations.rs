//! Sections 5 to 8: the database and its migrations, the secrets, rollback, and the health
//! check (or the port check instead).

use serde::Serialize;

use crate::plan::health::PortCheck;
use crate::plan::{HealthPlan, HealthSource, Plan};
use crate::render::commands::{self, CommandBlock};

#[derive(Serialize)]
pub struct DatabaseView<'a> {
    pub version: &'a str,
    pub hosting: &'a str,
    pub cache: Option<&'a str>,
    pub tool: String,
    pub when: String,
    pub command: String,
    pub hook: &'a str,
    pub hook_caveats: &'a [String],
    pub revert: String,
    pub docs: Option<&'a str>,
    pub backups: &'a str,
    pub backup_provider: String,
}

#[derive(Serialize)]
pub struct SecretsView<'a> {
    pub store: &'a str,
    pub list: &'a [crate::plan::SecretPlan],
    pub rotation: &'static str,
    #[serde(rename = "where")]
    pub where_: String,
    pub access: String,
}

#[derive(Serialize)]
pub struct RollbackView<'a> {
    pub commands: CommandBlock,
    pub dashboard: &'a str,
    pub caveats: &'a [String],
    pub with_migrations: &'a [String],
}

#[derive(Serialize)]
pub struct HealthView<'a> {
    pub path: &'a str,
    pub interval: u32,
    pub timeout: u32,
    pub threshold: u32,
    pub configured_in: &'a str,
    pub defaults: &'a str,
    pub not_settable: String,
    pub example: &'static str,
    pub source: String,
    pub format_note: &'static str,
    pub endpoint: Option<EndpointView<'a>>,
}

/// The endpoint deployplan wrote, and the lines that mount it.
#[derive(Serialize)]
pub struct EndpointView<'a> {
    pub framework: &'a str,
    pub file: Option<&'a str>,
    pub mount: String,
    pub mount_in: &'a str,
    pub version_env: &'a str,
}

#[derive(Serialize)]
pub struct PortCheckView<'a> {
    pub why: &'a str,
    pub how: String,
    pub declined: bool,
}

pub fn database(plan: &Plan) -> Option<DatabaseView<'_>> {
    plan.database.as_ref().map(|d| DatabaseView {
        version: &d.version,
        hosting: &d.hosting_name,
        cache: d.cache.as_deref(),
        tool: d
            .tool_name
            .clone()
            .unwrap_or_else(|| "none (schema managed by hand)".into()),
        when: match (&d.migrates_at_startup, d.migrations_auto) {
            (Some(how), _) => format!("when each new instance starts: {how}"),
            (None, true) => "automatically, before the new release takes traffic".to_string(),
            (None, false) => {
                "manually, by a person, before the release that needs them".to_string()
            }
        },
        command: d
            .migrate_command
            .as_ref()
            .map_or("none".to_string(), |c| format!("`{c}`")),
        hook: &d.hook,
        hook_caveats: &d.hook_caveats,
        revert: d.revert.as_ref().map_or(String::new(), |r| {
            format!(
                "To undo one migration by hand: {}.",
                r.trim_end_matches('.')
            )
        }),
        docs: d.tool_docs.as_deref(),
        backups: &d.backups,
        backup_provider: if d.hosting == "self-managed" {
            "your own scripts and object storage".to_string()
        } else {
            d.hosting_name.clone()
        },
    })
}

pub fn secrets(plan: &Plan) -> SecretsView<'_> {
    let p = &plan.platform;
    let manager = plan.secrets.store == "secrets-manager";
    SecretsView {
        store: &plan.secrets.store_name,
        list: &plan.secrets.secrets,
        rotation: if manager {
            "automatic rotation in the secrets manager where the provider supports it; manual otherwise, recorded in the changelog"
        } else {
            "manual: generate a new value, update it on the platform, redeploy, then revoke the old value"
        },
        where_: if manager {
            "the secrets manager".to_string()
        } else {
            format!("the {} project", p.name)
        },
        access: if manager {
            format!(
                "the secrets manager's console or CLI, injected into {} at deploy time",
                p.name
            )
        } else {
            format!("the {} dashboard or CLI", p.name)
        },
    }
}

pub fn rollback(plan: &Plan) -> RollbackView<'_> {
    let r = &plan.rollback;
    RollbackView {
        commands: commands::block(&r.commands),
        dashboard: &r.dashboard,
        caveats: &r.caveats,
        with_migrations: &r.with_migrations,
    }
}

pub fn health<'a>(plan: &Plan, h: &'a HealthPlan) -> HealthView<'a> {
    HealthView {
        path: &h.path,
        interval: h.interval_s,
        timeout: h.timeout_s,
        threshold: h.unhealthy_threshold,
        configured_in: &h.platform_config,
        defaults: &h.platform_defaults,
        not_settable: h.not_settable.join(", "),
        example: if plan.database.is_some() {
            "{\n  \"status\": \"healthy\",\n  \"database\": \"connected\",\n  \"version\": \"1.0.0\",\n  \"uptime\": 3600\n}"
        } else {
            "{\n  \"status\": \"healthy\",\n  \"version\": \"1.0.0\",\n  \"uptime\": 3600\n}"
        },
        source: h.source.describe(),
        format_note: match h.source {
            HealthSource::Generated => "what the generated endpoint returns",
            HealthSource::Convention { .. } => "the design to implement",
            _ => "recommended; the platform itself only needs a 2xx",
        },
        endpoint: h.endpoint.as_ref().map(|e| EndpointView {
            framework: &e.framework,
            file: e.file.as_deref(),
            mount: e.mount.join("\n"),
            mount_in: &e.mount_in,
            version_env: &e.version_env,
        }),
    }
}

pub fn port_check<'a>(plan: &Plan, c: &'a PortCheck) -> PortCheckView<'a> {
    PortCheckView {
        why: &c.why,
        how: c.how.clone().unwrap_or_else(|| {
            format!(
                "{} has no port check: nothing checks the app before it takes traffic",
                plan.platform.name
            )
        }),
        declined: !plan.answers.health.enabled,
    }
}

/// The HTTP check the files probe, or the port check instead.
pub type Probed = (Option<HealthPlan>, Option<PortCheck>);

/// The HTTP check as the platform files probe it. A monorepo's files on the platforms that
/// deploy each service probe each on its own health route: when no service serves the plan's
/// path (the endpoint deployplan would write for the root app is not written into a
/// service), no file probes it, and the document says so instead of claiming a probe.
pub fn probed_health(plan: &Plan) -> Probed {
    match &plan.health {
        Some(h)
            if !plan.services.is_empty()
                && plan.platform.id.deploys_each_service()
                && !plan
                    .services
                    .iter()
                    .any(|s| s.health_path.as_deref() == Some(h.path.as_str())) =>
        {
            (
                None,
                Some(PortCheck {
                    why: "no service serves this path: each is probed on its own health route (the one it serves, or the endpoint deployplan writes into it), or on its port".into(),
                    how: plan.platform.health_check.port_check.clone(),
                }),
            )
        }
        h => (h.clone(), plan.port_check.clone()),
    }
}

/// The checklist's lines for the endpoints deployplan writes into monorepo services, one
/// per service, on the platforms whose files probe each service on its own.
pub fn service_endpoint_checklist(plan: &Plan) -> Vec<String> {
    if !plan.platform.id.deploys_each_service() {
        return Vec::new();
    }
    plan.services
        .iter()
        .filter_map(|s| {
            let e = s.health_endpoint.as_ref()?;
            let path = s.health_path.as_deref()?;
            Some(match (&e.file, e.mount.is_empty()) {
                (Some(file), true) => format!(
                    "Health endpoint of {} in place: keep the generated `{file}` (the file is the route `{path}`)",
                    s.name
                ),
                (Some(file), false) => format!(
                    "Health endpoint of {} mounted: keep the generated `{file}`, then add to {}: `{}`",
                    s.name,
                    e.mount_in,
                    e.mount.join("` and `")
                ),
                (None, _) => format!(
                    "Health endpoint of {} switched on: add to {}: `{}` (it serves `{path}`)",
                    s.name,
                    e.mount_in,
                    e.mount.join("` and `")
                ),
            })
        })
        .collect()
}

/// The checklist's health line, before deploying.
pub fn health_checklist(plan: &Plan, health: Option<&HealthPlan>) -> String {
    match health {
        Some(h) => match &h.endpoint {
            // The file itself is the route (a Next.js route file): nothing to mount.
            Some(e) if e.mount.is_empty() => format!(
                "Health endpoint in place: copy the generated `{}` into the app at the same path ({})",
                e.file.as_deref().unwrap_or_default(),
                e.mount_in
            ),
            Some(e) => format!(
                "Health endpoint mounted: {}add to {}: `{}`",
                e.file.as_ref().map_or(String::new(), |f| format!(
                    "copy the generated `{f}` into the app, then "
                )),
                e.mount_in,
                e.mount.join("` and `")
            ),
            None if matches!(h.source, HealthSource::Convention { .. }) => format!(
                "Health check endpoint `{}` implemented (the workflow's design: no repository was scanned)",
                h.path
            ),
            None => format!(
                "Health check endpoint `{}` answers 200 ({})",
                h.path,
                h.source.describe()
            ),
        },
        None if !plan.answers.health.enabled => {
            "Health checks designed in the separate monitoring TDD".to_string()
        }
        None => "Add a health route to the app, then rerun deployplan so the platform probes it"
            .to_string(),
    }
}
