//! The plan seen from the artifacts: the processes, names, health and secrets every platform
//! module needs, derived once so that the modules agree with each other.

use deployplan_core::Plan;

use deployplan_core::answers::Stack;
use deployplan_core::plan::{HealthPlan, PortCheck, Process, ProcessKind, ServicePlan};

use crate::names;

pub struct App<'a> {
    pub plan: &'a Plan,
    /// DNS-safe name for services, apps and Kubernetes objects (≤ 40 chars, room for suffixes).
    pub slug: String,
    pub stack: Stack,
    pub port: u16,
    pub web: Option<&'a Process>,
    pub workers: Vec<&'a Process>,
    pub crons: Vec<&'a Process>,
    pub health: Option<&'a HealthPlan>,
    /// No HTTP check: the platform checks the port instead, where it can.
    pub port_check: Option<&'a PortCheck>,
    /// A monorepo service's build output, from the repository root (`apps/web/dist`), when
    /// its image is built from the root.
    pub output_dir: Option<String>,
    /// A service of a monorepo (see [`service_plan`]).
    pub service: bool,
}

impl<'a> App<'a> {
    pub fn new(plan: &'a Plan) -> Self {
        let by_kind = |kind: ProcessKind| -> Vec<&'a Process> {
            plan.runtime
                .processes
                .iter()
                .filter(|p| p.kind == kind)
                .collect()
        };
        App {
            plan,
            slug: names::slug(plan.project_name(), 40),
            stack: plan.runtime.stack,
            port: plan.runtime.port,
            web: plan
                .runtime
                .processes
                .iter()
                .find(|p| p.kind == ProcessKind::Web),
            workers: by_kind(ProcessKind::Worker),
            crons: by_kind(ProcessKind::Cron),
            health: plan.health.as_ref(),
            port_check: plan.port_check.as_ref(),
            output_dir: None,
            service: false,
        }
    }

    /// Where the image finds a static build, from its build context.
    pub fn static_output_path(&self) -> String {
        self.output_dir
            .clone()
            .unwrap_or_else(|| self.static_output_dir())
    }

    /// The deployable services of a monorepo (two or more), each deployed on its own; empty
    /// for a single app.
    pub fn services(&self) -> &'a [ServicePlan] {
        &self.plan.services
    }

    /// The migration command as `service` runs it: from its own folder when the platform
    /// builds it there (`cd apps/api && ` dropped), none when it is not the service that
    /// migrates.
    pub fn service_migrate(&self, service: &ServicePlan, in_its_folder: bool) -> Option<String> {
        if !service.migrates {
            return None;
        }
        let cmd = self.auto_migrate()?;
        let prefix = format!("cd {} && ", service.path);
        Some(match cmd.strip_prefix(&prefix) {
            Some(rest) if in_its_folder => rest.to_string(),
            _ => cmd.to_string(),
        })
    }

    /// The service that runs the migrations, with its migration command (from the folder its
    /// image runs in).
    pub fn migrating_service(&self) -> Option<(&'a ServicePlan, String)> {
        self.services().iter().find_map(|s| {
            let sub = service_plan(self.plan, s);
            let cmd = App::new(&sub).auto_migrate().map(str::to_string)?;
            Some((s, cmd))
        })
    }

    /// The names `service` reads among the app's secrets and settings: the ones its own code
    /// reads, and those no service names (the app's common settings).
    pub fn service_reads(&self, service: &ServicePlan, name: &str) -> bool {
        service.env_vars.iter().any(|n| n == name)
            || !self
                .services()
                .iter()
                .any(|s| s.env_vars.iter().any(|n| n == name))
    }

    pub fn name(&self) -> &str {
        self.plan.project_name()
    }

    /// The web process's command, or the runtime's start command.
    pub fn start_command(&self) -> Option<&'a str> {
        self.web
            .and_then(|w| w.command.as_deref())
            .or(self.plan.runtime.start_command.as_deref())
    }

    /// A static site: no web process (frontend-only apps), served from the build output.
    pub fn is_static(&self) -> bool {
        self.web.is_none() && self.workers.is_empty()
    }

    /// Where the static build writes the site: the framework's folder (Hugo `public/`,
    /// Gatsby `public/`, Docusaurus `build/`), else the bundler's (`dist/`, CRA's `build/`).
    pub fn static_output_dir(&self) -> String {
        deployplan_core::plan::services::output_dir(
            &self.plan.facts,
            self.plan.runtime.build_command.as_deref(),
        )
        .0
    }

    /// The port the image listens on: the app's, or 8080 for the nginx of a static site.
    /// The repository's own Dockerfile when it is reused from a folder (`docker/Dockerfile`):
    /// builds that read only `./Dockerfile` must be told its path.
    pub fn dockerfile_off_root(&self) -> Option<&'a str> {
        Some(self.image_dockerfile()).filter(|d| *d != "Dockerfile")
    }

    /// The Dockerfile the image is built from: the repository's when it is reused, else
    /// deployplan's (`Dockerfile`, or `Dockerfile.deployplan` beside the person's own).
    pub fn image_dockerfile(&self) -> &'a str {
        let rt = &self.plan.runtime;
        rt.dockerfile.as_deref().unwrap_or(&rt.generated_dockerfile)
    }

    pub fn container_port(&self) -> u16 {
        if self.is_static() { 8080 } else { self.port }
    }

    pub fn install(&self) -> &'a str {
        &self.plan.runtime.install_command
    }

    /// The build, with what the release step's migration program needs built after it (EF
    /// Core's bundle, goose's CLI): every image and native build then has it.
    pub fn build(&self) -> Option<std::borrow::Cow<'a, str>> {
        let build = self.plan.runtime.build_command.as_deref();
        match (build, self.migrate_build()) {
            (Some(b), Some(m)) => Some(format!("{b} && {m}").into()),
            (None, Some(m)) => Some(m.into()),
            (b, None) => b.map(Into::into),
        }
    }

    /// The migration command when the plan says migrations run automatically on deploy.
    pub fn auto_migrate(&self) -> Option<&'a str> {
        self.plan
            .database
            .as_ref()
            .filter(|d| d.migrations_auto)
            .and_then(|d| d.migrate_command.as_deref())
    }

    /// What builds the migration command's program (EF Core's bundle), when it auto-migrates.
    pub fn migrate_build(&self) -> Option<&'a str> {
        self.auto_migrate()?;
        self.plan.database.as_ref()?.migrate_build.as_deref()
    }

    /// The variable the code reads the database's connection string from.
    pub fn database_url_env(&self) -> Option<&'a str> {
        self.plan
            .database
            .as_ref()
            .and_then(|d| d.url_env.as_deref())
    }

    /// Other variables the code reads the same Redis from (`CELERY_BROKER_URL`).
    pub fn cache_url_aliases(&self) -> &'a [String] {
        self.plan
            .database
            .as_ref()
            .map_or(&[][..], |d| d.cache_url_aliases.as_slice())
    }

    /// The variable the code reads the cache's connection string from.
    pub fn cache_url_env(&self) -> Option<&'a str> {
        self.plan
            .database
            .as_ref()
            .and_then(|d| d.cache_url_env.as_deref())
    }

    /// SQLite's volume, when the generated platform file declares it.
    pub fn sqlite_volume(&self) -> Option<&'a deployplan_core::plan::Volume> {
        self.plan
            .database
            .as_ref()
            .and_then(|d| d.volume.as_ref())
            .filter(|v| v.in_files)
    }

    pub fn has_database(&self) -> bool {
        self.plan.database.is_some()
    }

    pub fn database_engine(&self) -> Option<&'a str> {
        self.plan.database.as_ref().map(|d| d.engine.as_str())
    }

    /// Names of the app's secrets (values never enter deployplan), in plan order, unique.
    pub fn secret_names(&self) -> Vec<&'a str> {
        let mut out: Vec<&str> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for s in &self.plan.secrets.secrets {
            if seen.insert(s.name.as_str()) {
                out.push(&s.name);
            }
        }
        out
    }

    /// Non-secret settings (NODE_ENV, ...) with their production value when it is a plain word
    /// or path (`/data/app.db`, `sqlite3:/data/production.sqlite3`).
    pub fn settings(&self) -> Vec<(&'a str, Option<&'a str>)> {
        let secrets: std::collections::HashSet<&str> = self.secret_names().into_iter().collect();
        self.plan
            .secrets
            .env_vars
            .iter()
            .filter(|r| !r.secret && !secrets.contains(&r.name.as_str()))
            .map(|r| {
                let plain = r.value.as_deref().filter(|v| {
                    v.chars()
                        .all(|c| c.is_ascii_alphanumeric() || "-_.:/".contains(c))
                });
                (r.name.as_str(), plain)
            })
            .collect()
    }

    /// Every variable name the app reads: secrets, then settings.
    pub fn all_env_names(&self) -> Vec<&'a str> {
        let mut out = self.secret_names();
        let mut seen: std::collections::HashSet<&str> = out.iter().copied().collect();
        for (n, _) in self.settings() {
            if seen.insert(n) {
                out.push(n);
            }
        }
        out
    }

    /// The health path as a URL path, when health checks are on.
    pub fn health_path(&self) -> Option<String> {
        self.health.map(|h| names::url_path(&h.path))
    }

    /// The environments the plan deploys to, in order (preview, dev, staging, production).
    pub fn environments(&self) -> Vec<&'a str> {
        self.plan
            .environments
            .iter()
            .map(|e| e.name.as_str())
            .collect()
    }

    /// Whether the platform's own catalog entry says it does this.
    pub fn platform_supports_previews(&self) -> bool {
        self.plan.platform.capabilities.preview_environments.value
            != deployplan_core::catalog::Support::No
    }
}

/// The build context of a monorepo service's image: its folder when everything it needs is
/// there, else the repository root (a workspace's lockfile).
pub fn service_context(service: &ServicePlan) -> &str {
    service.build_context()
}

/// The Dockerfile a service's image is built with, from the repository root: the
/// repository's own, else the one generated in its folder.
pub fn service_dockerfile(service: &ServicePlan) -> String {
    service.runtime.dockerfile.clone().unwrap_or_else(|| {
        if service.path == "." {
            "Dockerfile".into()
        } else {
            format!("{}/Dockerfile", service.path)
        }
    })
}

/// A service's component name (file names, image and object suffixes): a DNS-safe slug.
pub fn service_component(service: &ServicePlan) -> String {
    crate::names::slug(&service.name, 20)
}

/// Whether a service serves HTTP (a web service, or a static frontend's nginx), given its
/// sub-plan's app; a worker service does not.
pub fn serves_http(service: &ServicePlan, sub: &App) -> bool {
    !service.is_worker && (sub.web.is_some() || service.is_static)
}

/// A monorepo service seen as an app of its own: its runtime, its health path, its name
/// (`<project>-<service>`), no services. A service built from the repository root runs its
/// build and start commands in its folder.
pub fn service_plan(plan: &Plan, service: &ServicePlan) -> Plan {
    let mut sub = plan.clone();
    sub.services = Vec::new();
    sub.answers.project.name = format!("{}-{}", plan.project_name(), service.name);
    let mut rt = service.runtime.clone();
    rt.dockerfile = None;
    let from_root = service_context(service) == "." && service.path != ".";
    let in_folder = |c: &str| {
        if from_root {
            format!("cd {} && {c}", service.path)
        } else {
            c.to_string()
        }
    };
    rt.build_command = rt.build_command.as_deref().map(in_folder);
    rt.start_command = rt.start_command.as_deref().map(in_folder);
    for p in &mut rt.processes {
        p.command = p.command.as_deref().map(in_folder);
    }
    if service.is_static {
        rt.processes.retain(|p| p.kind != ProcessKind::Web);
    }
    if service.is_worker {
        for p in &mut rt.processes {
            if p.kind == ProcessKind::Web {
                p.kind = ProcessKind::Worker;
                p.name = "worker".into();
            }
        }
        rt.processes
            .dedup_by(|a, b| a.kind == b.kind && a.name == b.name);
    }
    sub.runtime = rt;
    sub.health = match (&plan.health, &service.health_path) {
        (Some(h), Some(path)) => Some(HealthPlan {
            path: path.clone(),
            endpoint: None,
            ..h.clone()
        }),
        _ => None,
    };
    sub.port_check = None;
    if !service.migrates
        && let Some(db) = &mut sub.database
    {
        db.migrations_auto = false;
    } else if let Some(db) = &mut sub.database
        && let Some(cmd) = &db.migrate_command
        && !from_root
    {
        let prefix = format!("cd {} && ", service.path);
        if let Some(rest) = cmd.strip_prefix(&prefix) {
            db.migrate_command = Some(rest.to_string());
        }
    }
    sub
}

/// One part of a database connection that code reads by its own name (`POSTGRES_HOST`,
/// `DB_NAME`), instead of one URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DbPart {
    Host,
    Port,
    User,
    Password,
    Database,
}

/// The connection part an env name holds: a database prefix (`POSTGRES_`, `PG_`, `DB_`,
/// `DATABASE_`, `MYSQL_`) and the part's usual word.
pub fn db_part(name: &str) -> Option<DbPart> {
    let part = ["POSTGRES_", "PG_", "DB_", "DATABASE_", "MYSQL_"]
        .iter()
        .find_map(|p| name.strip_prefix(p))?;
    Some(match part {
        "HOST" | "HOSTNAME" | "SERVER" => DbPart::Host,
        "PORT" => DbPart::Port,
        "USER" | "USERNAME" => DbPart::User,
        "PASSWORD" | "PASS" => DbPart::Password,
        "DB" | "NAME" | "DATABASE" => DbPart::Database,
        _ => return None,
    })
}

/// A CI variable suffix for a service name (`api` → `API`, `my-web` → `MY_WEB`).
pub fn env_suffix(name: &str) -> String {
    deployplan_core::plan::services::env_suffix(name)
}

/// The first version number in a runtime version string ("node 20" → "20"), when it is plain.
pub fn version_of(runtime_version: Option<&str>, runtime: &str) -> Option<String> {
    let v = runtime_version?;
    let (name, version) = v.split_once(' ')?;
    let ok = name == runtime
        && !version.is_empty()
        && version.len() <= 16
        && version
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == 'x');
    ok.then(|| version.to_string())
}

/// An install that runs where the platform's build sees the service's `NODE_ENV=production`
/// (Render, DigitalOcean's build-time envs): npm, Yarn 1 and pnpm then skip devDependencies,
/// and the build's own tools (`tsc`, `vite`, `next`) are missing. The install runs with
/// `NODE_ENV=development`; the build and the app keep production.
pub fn build_time_install(install: &str) -> String {
    install
        .split(" && ")
        .map(|part| {
            let mut words = part.split_whitespace();
            match (words.next(), words.next()) {
                (Some("npm"), Some("ci" | "install"))
                | (Some("yarn" | "pnpm"), Some("install")) => {
                    format!("NODE_ENV=development {part}")
                }
                _ => part.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" && ")
}

/// The build command of a platform that builds from source: the install (with the build's
/// devDependencies), then the build.
pub fn source_build(install: &str, build: Option<&str>) -> String {
    let install = build_time_install(install);
    match build {
        Some(b) => format!("{install} && {b}"),
        None => install,
    }
}
