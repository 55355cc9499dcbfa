//! Kamal 2: `config/deploy.yml` (roles, kamal-proxy health check, registry, env), one
//! destination file per non-production environment, and `.kamal/secrets` listing the secret
//! names only — each value is read from the environment at deploy time (`NAME=$NAME`).
//! A monorepo deploys each service as its own Kamal app (see [`services`]).

use std::collections::BTreeMap;

use deployplan_core::GeneratedFile;
use serde::Serialize;

use super::{Target, file, migrations};
use crate::app::App;
use crate::deploy::{Deploy, Migrations, Tool};
use crate::{ArtifactError, format, names};

pub const PATH: &str = "config/deploy.yml";
pub const SECRETS_PATH: &str = ".kamal/secrets";

mod services;

pub struct Kamal;

#[derive(Serialize)]
struct DeployYml {
    service: String,
    image: String,
    servers: BTreeMap<String, Role>,
    /// The role Kamal treats as primary when there is no `web` role (a worker service).
    /// https://kamal-deploy.org/docs/configuration/overview/#primary-role
    #[serde(skip_serializing_if = "Option::is_none")]
    primary_role: Option<String>,
    /// None for a worker service, which serves no HTTP.
    #[serde(skip_serializing_if = "Option::is_none")]
    proxy: Option<Proxy>,
    registry: Registry,
    builder: Builder,
    env: Env,
    /// Docker volumes mounted into the app's containers (`name:/path`): SQLite's file.
    /// https://kamal-deploy.org/docs/configuration/overview/#volumes
    #[serde(skip_serializing_if = "Vec::is_empty")]
    volumes: Vec<String>,
    /// How long kamal-proxy keeps polling the health path before the deploy fails.
    deploy_timeout: u32,
}

#[derive(Serialize)]
struct Role {
    hosts: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cmd: Option<String>,
    /// `false` turns kamal-proxy off for the primary role (a worker service); other roles run
    /// without it by default.
    /// https://kamal-deploy.org/docs/configuration/proxy/#enabling/disabling-the-proxy-on-roles
    #[serde(skip_serializing_if = "Option::is_none")]
    proxy: Option<bool>,
}

#[derive(Serialize)]
struct Proxy {
    ssl: bool,
    host: String,
    app_port: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    healthcheck: Option<Healthcheck>,
}

#[derive(Serialize)]
struct Healthcheck {
    path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    interval: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    timeout: Option<u32>,
}

#[derive(Serialize)]
struct Registry {
    server: &'static str,
    username: &'static str,
    password: Vec<&'static str>,
}

#[derive(Serialize)]
struct Builder {
    arch: &'static str,
    /// A monorepo service's build context and Dockerfile, from the repository root (a set
    /// context builds from the checkout instead of a git clone).
    /// https://kamal-deploy.org/docs/configuration/builders/
    #[serde(skip_serializing_if = "Option::is_none")]
    context: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dockerfile: Option<String>,
}

#[derive(Serialize)]
struct Env {
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    clear: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    secret: Vec<String>,
}

#[derive(Serialize)]
struct Destination {
    servers: BTreeMap<String, Role>,
    #[serde(skip_serializing_if = "Option::is_none")]
    proxy: Option<Proxy>,
    /// The environment's own volume, so staging never opens production's SQLite file.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    volumes: Vec<String>,
}

/// The SQLite volume of one environment, as a named Docker volume on the host.
fn volumes(app: &App, env: Option<&str>) -> Vec<String> {
    app.sqlite_volume()
        .map(|v| match env {
            Some(env) => format!("{}_{env}_data:{}", app.slug, v.mount_path),
            None => format!("{}_data:{}", app.slug, v.mount_path),
        })
        .into_iter()
        .collect()
}

/// Kamal's official image, pinned by digest (v2.12.0; digest as pinned in several public
/// repositories that run Kamal in CI).
pub const KAMAL_IMAGE: &str = "ghcr.io/basecamp/kamal:v2.12.0@sha256:7b5be276aa17bbe122887f6a1ff12865f4848111989699b9786083be95d98415";

/// Documentation addresses (TEST-NET-1): replace with the servers' addresses.
const HOSTS: &[&str] = &["192.0.2.10"];

/// A deploy timeout with room for a boot that runs migrations (Kamal's default is 30 s), and
/// the longest interval that still probes several times within it (the plan says 1 s,
/// kamal-proxy's own default).
const DEPLOY_TIMEOUT_S: u32 = 60;
const MAX_PROXY_INTERVAL_S: u32 = 5;

fn proxy(app: &App, env: &str) -> Proxy {
    let host = if env == "production" {
        format!("{}.example.com", app.slug)
    } else {
        format!("{env}.{}.example.com", app.slug)
    };
    Proxy {
        ssl: true,
        host,
        app_port: app.container_port(),
        // kamal-proxy polls only while deploying, from the container's first second until
        // deploy_timeout: a short interval lets a slow-booting app pass; the plan's 30 s
        // monitoring interval would leave one probe at second 0 and fail every deploy.
        healthcheck: app.health.map(|h| Healthcheck {
            path: app.health_path().unwrap_or_else(|| h.path.clone()),
            interval: Some(h.interval_s.min(MAX_PROXY_INTERVAL_S)),
            timeout: Some(h.timeout_s),
        }),
    }
}

fn servers(app: &App) -> BTreeMap<String, Role> {
    let mut s = BTreeMap::from([(
        "web".to_string(),
        Role {
            hosts: HOSTS.to_vec(),
            cmd: None,
            proxy: None,
        },
    )]);
    for w in &app.workers {
        s.insert(
            names::slug(&w.name, 30),
            Role {
                hosts: HOSTS.to_vec(),
                cmd: w.command.clone(),
                proxy: None,
            },
        );
    }
    s
}

fn secret_names<'a>(app: &App<'a>) -> Vec<&'a str> {
    app.secret_names()
        .into_iter()
        .filter(|n| names::is_env_name(n))
        .collect()
}

/// The registry every app of the repository pushes to.
fn registry() -> Registry {
    Registry {
        server: "ghcr.io",
        username: "REPLACE_WITH_REGISTRY_USER",
        password: vec!["KAMAL_REGISTRY_PASSWORD"],
    }
}

/// The non-secret settings the app's containers get, `PORT` included.
fn clear_env<'a>(
    app: &App<'a>,
    reads: impl Fn(&str) -> bool,
    port: u16,
) -> BTreeMap<String, String> {
    app.settings()
        .into_iter()
        .filter(|(n, _)| reads(n))
        .filter_map(|(n, v)| v.map(|v| (n.to_string(), v.to_string())))
        .chain(std::iter::once(("PORT".to_string(), port.to_string())))
        .collect()
}

/// `.kamal/secrets` and one `.kamal/secrets.<env>` per destination: Kamal reads them from
/// the working directory whichever config file it is given, so a monorepo's apps share them.
/// https://kamal-deploy.org/docs/configuration/environment-variables/#secrets
fn secrets_files(app: &App) -> Vec<GeneratedFile> {
    let mut out = vec![file(
        SECRETS_PATH,
        secrets_file(app),
        "Kamal secrets: names only, values read from the environment",
    )];
    for env in destinations(app) {
        out.push(file(
            &format!(".kamal/secrets.{env}"),
            secrets_file(app),
            "Kamal secrets of the destination: names only",
        ));
    }
    out
}

/// The environments deployed as Kamal destinations (all but production and previews).
fn destinations<'a>(app: &App<'a>) -> Vec<&'a str> {
    app.environments()
        .into_iter()
        .filter(|e| *e != "production" && *e != "preview")
        .collect()
}

/// The deploy script's first lines: the SSH key, Kamal itself and the destination flag.
const PRELUDE: &[&str] = &[
    "eval \"$(ssh-agent -s)\"",
    "printf '%s\\n' \"$SSH_PRIVATE_KEY\" | ssh-add -",
    "# Kamal's official image (pinned by digest) unless the job already runs in it.",
    "if ! command -v kamal >/dev/null 2>&1; then",
    "  ENV_ARGS=()",
    "  for name in $KAMAL_SECRET_NAMES; do ENV_ARGS+=(--env \"$name\"); done",
    "  kamal() { docker run --rm --volume \"$PWD:/workdir\" --volume \"$SSH_AUTH_SOCK:/ssh-agent\" --volume /var/run/docker.sock:/var/run/docker.sock --env SSH_AUTH_SOCK=/ssh-agent \"${ENV_ARGS[@]}\" \"$KAMAL_IMAGE\" \"$@\"; }",
    "fi",
    "DESTINATION=()",
    "if [ \"$DEPLOY_ENV\" != production ]; then DESTINATION=(--destination \"$DEPLOY_ENV\"); fi",
];

/// The deploy's tools, secrets and values before its `kamal` lines.
fn base_deploy(app: &App, environment: &str) -> Deploy {
    let mut secrets = vec!["KAMAL_REGISTRY_PASSWORD", "SSH_PRIVATE_KEY"];
    secrets.extend(secret_names(app));
    let mut names = vec!["KAMAL_REGISTRY_PASSWORD"];
    names.extend(secret_names(app));
    Deploy::new(environment)
        .tools(&[Tool::Kamal, Tool::Docker])
        .secrets(&secrets)
        .value("KAMAL_IMAGE", KAMAL_IMAGE)
        .value("KAMAL_SECRET_NAMES", &names.join(" "))
        .script(PRELUDE)
}

fn secrets_file(app: &App) -> String {
    let mut lines = vec![
        "# Generated by deployplan. Names only: each value is read from the environment"
            .to_string(),
        "# (CI secrets or your shell) when kamal runs. Never write a value here.".to_string(),
        "KAMAL_REGISTRY_PASSWORD=$KAMAL_REGISTRY_PASSWORD".to_string(),
    ];
    for n in secret_names(app) {
        lines.push(format!("{n}=${n}"));
    }
    lines.join("\n") + "\n"
}

impl Target for Kamal {
    fn id(&self) -> deployplan_core::catalog::PlatformId {
        deployplan_core::catalog::PlatformId::Kamal
    }

    fn config(&self, app: &App) -> Result<Vec<GeneratedFile>, ArtifactError> {
        if !app.services().is_empty() {
            return services::config(app);
        }
        let doc = DeployYml {
            service: app.slug.clone(),
            image: format!("REPLACE_WITH_REGISTRY_USER/{}", app.slug),
            servers: servers(app),
            primary_role: None,
            proxy: Some(proxy(app, "production")),
            registry: registry(),
            builder: Builder {
                arch: "amd64",
                context: None,
                dockerfile: app.dockerfile_off_root().map(String::from),
            },
            env: Env {
                clear: clear_env(app, |_| true, app.container_port()),
                secret: secret_names(app).into_iter().map(String::from).collect(),
            },
            volumes: volumes(app, None),
            deploy_timeout: DEPLOY_TIMEOUT_S,
        };
        let header =
            "Generated by deployplan. Kamal 2 config: replace the REPLACE_WITH_ values, the
example hosts (192.0.2.10) and the example domain. kamal-proxy checks the health path
during deploys only; Kamal has no unhealthy-threshold setting and no migration hook.";
        let mut out = vec![file(
            PATH,
            format::yaml(PATH, header, &doc)?,
            "Kamal deploy config: roles, kamal-proxy health check, registry, env names",
        )];
        let mut secrets = secrets_files(app).into_iter();
        out.extend(secrets.next());
        for (env, secrets) in destinations(app).into_iter().zip(secrets) {
            let path = format!("config/deploy.{env}.yml");
            let dest = Destination {
                servers: servers(app),
                proxy: Some(proxy(app, env)),
                volumes: volumes(app, Some(env)),
            };
            let header = "Generated by deployplan. Kamal destination: `kamal deploy -d <name>`.";
            out.push(file(
                &path,
                format::yaml(&path, header, &dest)?,
                "Kamal destination for a non-production environment",
            ));
            out.push(secrets);
        }
        Ok(out)
    }

    fn deploy(&self, app: &App, environment: &str) -> Deploy {
        if !app.services().is_empty() {
            return services::deploy(app, environment);
        }
        let m = migrations(app, Migrations::InScript);
        let d = base_deploy(app, environment).migrations(m);
        if m == Migrations::InScript {
            d.value("MIGRATE_COMMAND", app.auto_migrate().unwrap_or_default()).script(&[
                "kamal build push \"${DESTINATION[@]}\"",
                "# Migrations run in a one-off container of the new version, before it goes live.",
                "kamal app exec --primary \"${DESTINATION[@]}\" --version \"$COMMIT_SHA\" \"$MIGRATE_COMMAND\"",
                "kamal deploy --skip-push \"${DESTINATION[@]}\"",
            ])
        } else {
            d.script(&["kamal deploy \"${DESTINATION[@]}\""])
        }
    }

    fn needs_image(&self, _app: &App) -> bool {
        true
    }
}
