//! The variables of a Render service: secrets declared `sync: false`, the database's and Key
//! Value's own connection strings, settings with their values, the Python version Render reads
//! and the port it sends traffic to.

use super::{EnvVar, FromRef, FromService, Service};
use crate::app::App;
use deployplan_core::answers::Stack;
use deployplan_core::plan::ServicePlan;

pub(super) fn env_vars(
    app: &App,
    db: Option<&str>,
    kv: Option<&str>,
    service: Option<&ServicePlan>,
) -> Vec<EnvVar> {
    let mut out = Vec::new();
    let db_url = app.database_url_env();
    let kv_url = app.cache_url_env();
    let reads = |name: &str| service.is_none_or(|s| app.service_reads(s, name));
    // The parts of the database's connection the code reads by its own names, from the
    // database's own properties (the Blueprint schema's `databaseEnvVarProperty`).
    let part = |name: &str| {
        use crate::app::DbPart;
        let property = match crate::app::db_part(name)? {
            DbPart::Host => "host",
            DbPart::Port => "port",
            DbPart::User => "user",
            DbPart::Password => "password",
            DbPart::Database => "database",
        };
        Some(EnvVar::Database {
            key: name.into(),
            from_database: FromRef {
                name: db?.into(),
                property,
            },
        })
    };
    for name in app.secret_names().into_iter().filter(|n| reads(n)) {
        if let Some(v) = part(name) {
            out.push(v);
            continue;
        }
        out.push(match (name, db, kv) {
            (n, Some(db), _) if Some(n) == db_url => EnvVar::Database {
                key: name.into(),
                from_database: FromRef {
                    name: db.into(),
                    property: "connectionString",
                },
            },
            (n, _, Some(kv))
                if Some(n) == kv_url || app.cache_url_aliases().iter().any(|a| a == n) =>
            {
                EnvVar::Service {
                    key: name.into(),
                    from_service: FromService {
                        kind: "keyvalue",
                        name: kv.into(),
                        property: "connectionString",
                    },
                }
            }
            _ => EnvVar::Prompt {
                key: name.into(),
                sync: false,
            },
        });
    }
    for (name, value) in app.settings().into_iter().filter(|(n, _)| reads(n)) {
        if let (None, Some(v)) = (value, part(name)) {
            out.push(v);
            continue;
        }
        out.push(match value {
            Some(v) => EnvVar::Value {
                key: name.into(),
                value: v.into(),
            },
            None => EnvVar::Prompt {
                key: name.into(),
                sync: false,
            },
        });
    }
    out
}

/// Render's Python runtime reads `PYTHON_VERSION` or `.python-version`, not `runtime.txt`,
/// `requires-python` or a Pipfile: without it the build runs Render's default Python, on
/// which pinned wheels may not exist. The repository's exact pin, set where Render reads it.
/// Source: https://render.com/docs/python-version (checked 2026-12-02).
pub(super) fn python_version(app: &App) -> Option<EnvVar> {
    let t = &app.plan.runtime.toolchain;
    let pin = app
        .plan
        .facts
        .runtime_versions
        .iter()
        .find(|v| v.runtime == "python")?;
    let read_by_render = pin.evidence.iter().any(|e| e.path == ".python-version");
    (app.stack == Stack::Python
        && t.version_source == deployplan_core::plan::toolchain::Source::Repository
        && !read_by_render
        // A full version, as the docs show it (`3.11.4`); a range's mapped minor is not one.
        && t.version.matches('.').count() == 2)
        .then(|| EnvVar::Value {
            key: "PYTHON_VERSION".into(),
            value: t.version.clone(),
        })
}

/// Render sends a web service's traffic to the port in its `PORT` variable (10000 unless
/// set): set to the app's port, the app that reads PORT listens there and the one that fixes
/// its port (`server.port: 8081`) is reached on it.
/// Source: https://render.com/docs/web-services#port-binding (checked 2026-12-02).
pub(super) fn listen_on(web: &mut Service, port: u16) {
    let set = web.env_vars.iter().any(
        |e| matches!(e, EnvVar::Value { key, .. } | EnvVar::Prompt { key, .. } if key == "PORT"),
    );
    if !set {
        web.env_vars.push(EnvVar::Value {
            key: "PORT".into(),
            value: port.to_string(),
        });
    }
}

/// A port the repository states only in its Dockerfile (`EXPOSE 80` in front of a proxy, say)
/// is the image's: a native build never runs that file, and its start command reads `PORT`,
/// so Render's own default applies.
pub(super) fn port_only_in_dockerfile(rt: &deployplan_core::plan::Runtime) -> bool {
    rt.sources.iter().any(|p| {
        p.value == deployplan_core::provenance::PlanValue::Port
            && matches!(&p.source, deployplan_core::provenance::Source::Repository { evidence } if evidence.rule == "port/dockerfile")
    })
}
