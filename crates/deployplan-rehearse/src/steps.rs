//! What a rehearsal runs, decided from the plan alone: the steps, their commands, where each
//! command came from, the folder it runs in and how long it may take. Pure: no process, no
//! file, so it is tested without running anything.

use std::time::Duration;

use deployplan_artifacts::app::App;
use deployplan_core::Plan;
use deployplan_core::answers::Stack;
use deployplan_core::provenance::PlanValue;
use serde::Serialize;

use crate::Options;
use crate::services::ServiceKind;

/// What a step does; the runner has one arm per kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepKind {
    /// Copy the repository's tracked files into the throwaway workspace.
    Workspace,
    /// Start an empty throwaway server (or use the person's own, `--service`).
    Service(ServiceKind),
    /// Settings, throwaway secrets, connection variables, PORT.
    Environment,
    /// A virtualenv in the workspace, first on PATH, so installs stay inside it.
    PythonVenv,
    /// The CI test job's install command.
    TestInstall,
    /// The CI test job's test command.
    Test,
    Install,
    Build,
    /// The release (pre-deploy) command: migrations.
    Release,
    /// The web process: started, then the port must accept connections.
    StartWeb,
    /// The plan's health check against the running web process.
    Health,
    /// A request to `/`: any status below 500 passes.
    Smoke,
    /// A background worker: passes when still running after a grace period.
    StartWorker,
    /// A static site: its build output served as the platform's CDN would.
    ServeStatic,
}

impl StepKind {
    /// Steps that leave a process running until the teardown.
    pub fn is_long_running(self) -> bool {
        matches!(
            self,
            StepKind::StartWeb | StepKind::StartWorker | StepKind::ServeStatic
        )
    }
}

/// One step of the rehearsal, as the report shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepSpec {
    pub kind: StepKind,
    /// Short name for the table (`install`, `release`, `worker celery`).
    pub name: String,
    /// The shell command, for steps that run one.
    pub command: Option<String>,
    /// Where the command (or the value) came from, in the plan's words.
    pub source: String,
    /// Relative to the workspace root (`.` today; a service's folder in a monorepo later).
    pub working_dir: String,
    #[serde(serialize_with = "secs", rename = "timeout_s")]
    pub timeout: Duration,
}

fn secs<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(d.as_secs())
}

/// Default time limits by kind, before `--step-timeout`.
fn default_timeout(kind: StepKind) -> Duration {
    let secs = match kind {
        StepKind::Workspace | StepKind::Environment => 120,
        StepKind::Service(_) => 60,
        StepKind::PythonVenv => 120,
        StepKind::TestInstall | StepKind::Install | StepKind::Build => 900,
        StepKind::Test => 900,
        StepKind::Release => 300,
        StepKind::StartWeb | StepKind::ServeStatic => 60,
        StepKind::Health | StepKind::Smoke => 60,
        StepKind::StartWorker => 30,
    };
    Duration::from_secs(secs)
}

/// The services the plan needs, in start order.
pub fn needed_services(plan: &Plan) -> Vec<ServiceKind> {
    let mut out = Vec::new();
    match plan.database.as_ref().map(|d| d.engine.as_str()) {
        Some("postgres") => out.push(ServiceKind::Postgres),
        Some("mysql") => out.push(ServiceKind::Mysql),
        _ => {}
    }
    let redis_cache = plan.answers.database.cache == deployplan_core::answers::Cache::Redis;
    // These worker libraries need a Redis broker even when no cache was asked for.
    let redis_broker = plan.has_workers()
        && plan.facts.workers.iter().any(|w| {
            matches!(
                w.name.as_str(),
                "celery" | "rq" | "bullmq" | "bull" | "sidekiq" | "resque"
            )
        });
    if redis_cache || redis_broker {
        out.push(ServiceKind::Redis);
    }
    out
}

/// Where the value used by a step came from. ONE place, because the plan's provenance is
/// becoming typed: today it reads `plan.runtime.evidence` strings ("install command from
/// package.json scripts.install").
pub fn source_of(plan: &Plan, kind: StepKind) -> String {
    // The plan's own provenance: "the repository shows (Procfile:1)", "you said",
    // "assumed: …".
    let of = |value: PlanValue| {
        plan.provenance
            .iter()
            .find(|p| p.value == value)
            .map(|p| p.source.describe())
            .unwrap_or_else(|| "the plan".to_string())
    };
    match kind {
        StepKind::Workspace => "the repository (tracked and unignored files)".into(),
        StepKind::Service(s) => format!("plan: {}", s.needed_because()),
        StepKind::Environment => "plan: secrets and settings".into(),
        StepKind::PythonVenv => "the platform's isolated Python environment".into(),
        StepKind::Install | StepKind::TestInstall => of(PlanValue::InstallCommand),
        StepKind::Build => of(PlanValue::BuildCommand),
        StepKind::Test => of(PlanValue::TestCommand),
        StepKind::StartWeb => of(PlanValue::StartCommand),
        StepKind::StartWorker => of(PlanValue::WorkerCommand),
        StepKind::Release => of(PlanValue::MigrationCommand),
        StepKind::Health => of(PlanValue::HealthPath),
        StepKind::Smoke => "rehearsal: any status below 500".into(),
        StepKind::ServeStatic => "plan: static site, served from its build output".into(),
    }
}

/// The steps of a rehearsal, in the platform's order: workspace, services, environment, (the
/// CI test job), install, build, release, start, health, smoke, workers.
pub fn rehearsal_steps(plan: &Plan, options: &Options) -> Vec<StepSpec> {
    let app = App::new(plan);
    let root = ".".to_string();
    let mut steps = Vec::new();
    let mut push = |kind: StepKind, name: &str, command: Option<&str>| {
        steps.push(StepSpec {
            kind,
            name: name.to_string(),
            command: command.map(str::to_string),
            source: source_of(plan, kind),
            working_dir: root.clone(),
            timeout: options
                .step_timeout
                .unwrap_or_else(|| default_timeout(kind)),
        });
    };
    push(StepKind::Workspace, "workspace", None);
    for service in needed_services(plan) {
        push(StepKind::Service(service), service.id(), None);
    }
    push(StepKind::Environment, "environment", None);
    if plan.runtime.stack == Stack::Python {
        push(StepKind::PythonVenv, "python venv", None);
    }
    // A repository without tests has no CI test job to rehearse.
    if options.with_tests
        && let Some(test) = plan.runtime.test_command.as_deref()
    {
        push(StepKind::TestInstall, "test: install", Some(app.install()));
        push(StepKind::Test, "test", Some(test));
    }
    push(StepKind::Install, "install", Some(app.install()));
    if let Some(build) = app.build() {
        push(StepKind::Build, "build", Some(&build));
    }
    if let Some(migrate) = app.auto_migrate() {
        push(StepKind::Release, "release", Some(migrate));
    }
    if app.is_static() {
        push(
            StepKind::ServeStatic,
            &format!("serve {}", app.static_output_dir()),
            None,
        );
        push(StepKind::Smoke, "smoke /", None);
        return steps;
    }
    push(StepKind::StartWeb, "start web", app.start_command());
    if let Some(h) = &plan.health {
        push(StepKind::Health, &format!("health {}", h.path), None);
    }
    push(StepKind::Smoke, "smoke /", None);
    for worker in &app.workers {
        let name = if worker.name == "worker" {
            "worker".to_string()
        } else {
            format!("worker {}", worker.name)
        };
        push(StepKind::StartWorker, &name, worker.command.as_deref());
    }
    steps
}
