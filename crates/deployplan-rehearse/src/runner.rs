//! Runs the steps of [`rehearsal_steps`] in order, stops at the first failure, and always tears
//! down: every process group stopped, every server stopped, the workspace removed (the logs
//! are kept when a step failed, so that the report's log path can be opened).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use deployplan_artifacts::app::App;
use deployplan_core::Plan;

use crate::env::{Environment, ValueFrom, environment};
use crate::probe::{self, HealthCheck, free_port, wait_for_port};
use crate::process::{Group, Outcome, Spawn};
use crate::report::{Report, Status, StepResult, TAIL_LINES, tail};
use crate::services::{self, RunningService, ServerSearch, ServiceContext, ServiceKind};
use crate::static_site::StaticServer;
use crate::steps::{StepKind, StepSpec, rehearsal_steps};
use crate::workspace::{Workspace, copy_repository, traversable_by_others};
use crate::{Cancel, Options, Progress, RehearseError};

/// How long a worker must stay up to pass.
const WORKER_GRACE: Duration = Duration::from_secs(5);

/// Everything started so far; dropping it stops it all (the process groups stop themselves).
struct Run<'a> {
    plan: &'a Plan,
    repo: &'a Path,
    options: &'a Options,
    cancel: &'a Cancel,
    ws: &'a Workspace,
    search: ServerSearch,
    services: Vec<RunningService>,
    env: Option<Environment>,
    /// Long-running processes, with the index of the step that started each.
    processes: Vec<(usize, Group)>,
    /// The index of the step running now.
    current: usize,
    static_server: Option<StaticServer>,
    /// The port the web process (or the static server) answers on.
    web_port: Option<u16>,
    /// Folders outside the workspace to remove at the end (server data under /tmp).
    extra_dirs: Vec<PathBuf>,
    warnings: Vec<String>,
}

/// Rehearses `plan` on a copy of `repo`. Never writes to `repo`.
pub fn rehearse(
    plan: &Plan,
    repo: &Path,
    options: &Options,
    cancel: &Cancel,
    progress: &dyn Progress,
) -> Result<Report, RehearseError> {
    let started = Instant::now();
    let repo = crate::repository(repo)?;
    let steps = rehearsal_steps(plan, options);
    let ws = Workspace::create()?;
    let mut run = Run {
        plan,
        repo: &repo,
        options,
        cancel,
        ws: &ws,
        search: ServerSearch::from_env(),
        services: Vec::new(),
        env: None,
        processes: Vec::new(),
        current: 0,
        static_server: None,
        web_port: None,
        extra_dirs: Vec::new(),
        warnings: Vec::new(),
    };
    let mut results = Vec::new();
    let mut failed = false;
    let mut cancelled = false;
    for (i, spec) in steps.iter().enumerate() {
        if failed || cancelled || cancel.is_cancelled() {
            cancelled |= cancel.is_cancelled();
            results.push(not_run(spec, cancelled));
            continue;
        }
        progress.started(i, steps.len(), spec);
        let t = Instant::now();
        let log = ws.log_path(i, &spec.name);
        run.current = i;
        let (status, detail) = match run.step(spec, &log) {
            Ok(detail) => (Status::Passed, detail),
            Err(RehearseError::Cancelled) => {
                cancelled = true;
                (Status::Skipped, "cancelled".to_string())
            }
            Err(RehearseError::Step(m) | RehearseError::Input(m)) => {
                failed = true;
                (Status::Failed, m)
            }
        };
        let has_log = log.is_file();
        let result = StepResult {
            spec: spec.clone(),
            status,
            elapsed: t.elapsed(),
            detail,
            log_tail: if status == Status::Failed && has_log {
                tail(&log, TAIL_LINES)
            } else {
                Vec::new()
            },
            log: has_log.then_some(log),
        };
        progress.finished(&result);
        results.push(result);
    }
    let environment = run
        .env
        .as_ref()
        .map(|e| e.notes.clone())
        .unwrap_or_default();
    let warnings = std::mem::take(&mut run.warnings);
    let extra_dirs = std::mem::take(&mut run.extra_dirs);
    let teardown_started = Instant::now();
    run.teardown();
    drop(run);
    for dir in extra_dirs {
        let _ = std::fs::remove_dir_all(dir);
    }
    let keep_logs = options.keep || (failed && !cancelled);
    if !options.keep {
        ws.remove(keep_logs);
    }
    if !keep_logs {
        for r in &mut results {
            r.log = None;
        }
    }
    Ok(Report {
        steps: results,
        warnings,
        environment,
        kept_workspace: options.keep.then(|| ws.root.clone()),
        kept_logs: keep_logs.then(|| ws.logs.clone()),
        cancelled,
        teardown: teardown_started.elapsed(),
        elapsed: started.elapsed(),
    })
}

fn not_run(spec: &StepSpec, cancelled: bool) -> StepResult {
    StepResult {
        spec: spec.clone(),
        status: Status::Skipped,
        elapsed: Duration::ZERO,
        detail: if cancelled {
            "cancelled".into()
        } else {
            "not run: an earlier step failed".into()
        },
        log: None,
        log_tail: Vec::new(),
    }
}

impl Run<'_> {
    fn step(&mut self, spec: &StepSpec, log: &Path) -> Result<String, RehearseError> {
        match spec.kind {
            StepKind::Workspace => {
                let copied = copy_repository(self.repo, &self.ws.app)?;
                let plural = if copied.files == 1 { "" } else { "s" };
                Ok(format!("{} file{plural} ({})", copied.files, copied.how))
            }
            StepKind::Service(kind) => self.start_service(kind, spec, log),
            StepKind::Environment => self.environment(),
            StepKind::PythonVenv => self.python_venv(spec, log),
            StepKind::TestInstall | StepKind::Test => {
                let env = self.env()?.for_tests(&self.services);
                self.run_command(spec, &env, log)
            }
            StepKind::Install | StepKind::Build if App::new(self.plan).is_static() => {
                // A static site's settings reach what the CDN serves, not its build (Pages
                // `[vars]`, Netlify's runtime env): NODE_ENV=production there would make
                // `npm ci` leave out the bundler.
                let env = self.env()?.without(ValueFrom::PlanSetting);
                self.run_command(spec, &env, log)
            }
            StepKind::Install | StepKind::Build | StepKind::Release => {
                let env = self.env()?.without_notes();
                self.run_command(spec, &env, log)
            }
            StepKind::StartWeb => self.start_web(spec, log),
            StepKind::Health => self.health(spec),
            StepKind::Smoke => self.smoke(),
            StepKind::StartWorker => self.start_worker(spec, log),
            StepKind::ServeStatic => {
                let dir = App::new(self.plan).static_output_dir();
                let server = StaticServer::start(&self.ws.app.join(&spec.working_dir).join(&dir))?;
                self.web_port = Some(server.port);
                let detail = format!("{dir}/ on 127.0.0.1:{}", server.port);
                self.static_server = Some(server);
                Ok(detail)
            }
        }
    }

    fn env(&self) -> Result<&Environment, RehearseError> {
        self.env
            .as_ref()
            .ok_or_else(|| RehearseError::Step("the environment step did not run".into()))
    }

    fn start_service(
        &mut self,
        kind: ServiceKind,
        spec: &StepSpec,
        log: &Path,
    ) -> Result<String, RehearseError> {
        if let Some((_, url)) = self
            .options
            .external_services
            .iter()
            .find(|(k, _)| *k == kind)
        {
            let s = services::external(kind, url);
            let detail = s.detail.clone();
            self.services.push(s);
            return Ok(detail);
        }
        let mut data_dir = self.ws.services.join(kind.id());
        // An unprivileged server account cannot reach a folder under a private TMPDIR.
        if crate::process::running_as_root() && !traversable_by_others(&data_dir) {
            let dir = tempfile::Builder::new()
                .prefix("deployplan-rehearse-")
                .tempdir_in("/tmp")
                .map_err(|e| RehearseError::io(Path::new("/tmp"), "creating a folder in", e))?
                .keep();
            std::fs::set_permissions(&dir, std::os::unix::fs::PermissionsExt::from_mode(0o711))
                .map_err(|e| RehearseError::io(&dir, "setting permissions on", e))?;
            self.extra_dirs.push(dir.clone());
            data_dir = dir.join(kind.id());
        }
        let ctx = ServiceContext {
            data_dir,
            log,
            search: &self.search,
            cancel: self.cancel,
            timeout: spec.timeout,
        };
        let running = services::server(kind).start(&ctx)?;
        let detail = running.detail.clone();
        self.services.push(running);
        Ok(detail)
    }

    fn environment(&mut self) -> Result<String, RehearseError> {
        let port = free_port()?;
        let env = environment(self.plan, &self.services, port)?;
        let names = |wanted: fn(ValueFrom) -> bool| -> Vec<&str> {
            env.notes
                .iter()
                .filter(|n| wanted(n.value_from))
                .map(|n| n.name.as_str())
                .collect()
        };
        let mut parts = Vec::new();
        type Wanted = fn(ValueFrom) -> bool;
        let kinds: [(&str, Wanted); 3] = [
            ("settings", |v| v == ValueFrom::PlanSetting),
            ("throwaway secrets", |v| v == ValueFrom::ThrowawaySecret),
            ("services", |v| matches!(v, ValueFrom::Service(_))),
        ];
        for (label, wanted) in kinds {
            let list = names(wanted);
            if !list.is_empty() {
                parts.push(format!("{label} {}", list.join(", ")));
            }
        }
        parts.push(format!("PORT={port}"));
        self.warnings.extend(toolchain_warnings(self.plan, &env));
        self.env = Some(env);
        Ok(parts.join("; "))
    }

    fn python_venv(&mut self, spec: &StepSpec, log: &Path) -> Result<String, RehearseError> {
        let venv = self.ws.root.join("venv");
        let env = self.env()?;
        let mut group = Spawn::shell("python3 -m venv \"$1\"")
            .arg("venv")
            .arg(&venv)
            .envs(&env.vars)
            .cwd(&self.ws.app)
            .start(log)?;
        expect_success(&mut group, spec, self.cancel, "python3 -m venv")?;
        let env = self.env.as_mut().ok_or(RehearseError::Cancelled)?;
        env.prepend_path(&venv.join("bin"));
        let venv_text = venv.display().to_string();
        env.set_by_rehearsal("VIRTUAL_ENV", venv_text.clone());
        Ok(format!("{venv_text} first on PATH"))
    }

    fn run_command(
        &mut self,
        spec: &StepSpec,
        env: &Environment,
        log: &Path,
    ) -> Result<String, RehearseError> {
        let command = spec.command.as_deref().unwrap_or("true");
        let mut group = Spawn::shell(command)
            .envs(&env.vars)
            .cwd(&self.ws.app.join(&spec.working_dir))
            .start(log)?;
        expect_success(&mut group, spec, self.cancel, "the command")
    }

    fn start_web(&mut self, spec: &StepSpec, log: &Path) -> Result<String, RehearseError> {
        let Some(command) = spec.command.as_deref() else {
            return Err(RehearseError::Step(
                "the plan has no start command for the web process; set `[app] start_command` in deployplan.toml".into(),
            ));
        };
        let env = self.env()?;
        let port: u16 = env.get("PORT").and_then(|p| p.parse().ok()).unwrap_or(0);
        let group = Spawn::shell(command)
            .envs(&env.vars)
            .cwd(&self.ws.app.join(&spec.working_dir))
            .start(log)?;
        self.processes.push((self.current, group));
        let (_, group) = self.processes.last_mut().ok_or(RehearseError::Cancelled)?;
        wait_for_port(port, spec.timeout, self.cancel, group, "the web process")?;
        self.web_port = Some(port);
        Ok(format!("listening on port {port} (pid {})", group.pid()))
    }

    fn health(&mut self, spec: &StepSpec) -> Result<String, RehearseError> {
        let (Some(health), Some(port)) = (self.plan.health.as_ref(), self.web_port) else {
            return Err(RehearseError::Step("the web process is not running".into()));
        };
        let check = HealthCheck {
            path: &health.path,
            timeout: Duration::from_secs(u64::from(health.timeout_s.max(1))),
            unhealthy_threshold: health.unhealthy_threshold,
            within: spec.timeout,
        };
        let web = self
            .processes
            .first_mut()
            .map(|(_, g)| g)
            .ok_or_else(|| RehearseError::Step("the web process is not running".into()))?;
        probe::probe_health(port, &check, self.cancel, web)
    }

    fn smoke(&mut self) -> Result<String, RehearseError> {
        let port = self
            .web_port
            .ok_or_else(|| RehearseError::Step("nothing is serving the app".into()))?;
        match probe::http_status(port, "/", Duration::from_secs(10)) {
            Ok(status) if status < 500 => Ok(format!("GET / answered {status}")),
            Ok(status) => Err(RehearseError::Step(format!("GET / answered {status}"))),
            Err(e) => Err(RehearseError::Step(format!("GET /: {e}"))),
        }
    }

    fn start_worker(&mut self, spec: &StepSpec, log: &Path) -> Result<String, RehearseError> {
        let command = spec.command.as_deref().unwrap_or("true");
        let env = self.env()?;
        let group = Spawn::shell(command)
            .envs(&env.vars)
            .cwd(&self.ws.app.join(&spec.working_dir))
            .start(log)?;
        self.processes.push((self.current, group));
        let (_, group) = self.processes.last_mut().ok_or(RehearseError::Cancelled)?;
        match group.wait(WORKER_GRACE, self.cancel)? {
            Outcome::TimedOut => Ok(format!(
                "still running after {} s (pid {})",
                WORKER_GRACE.as_secs(),
                group.pid()
            )),
            ended => Err(RehearseError::Step(format!(
                "the worker {} within {} s of starting",
                ended.describe(),
                WORKER_GRACE.as_secs()
            ))),
        }
    }

    /// App processes first (they hold connections to the servers), then the servers.
    fn teardown(&mut self) {
        self.static_server = None;
        while let Some((_, mut p)) = self.processes.pop() {
            p.stop();
        }
        while let Some(mut s) = self.services.pop() {
            if let Some(p) = &mut s.process {
                // PostgreSQL's fast shutdown is SIGINT; the others stop on SIGTERM.
                let first = if s.kind == ServiceKind::Postgres {
                    libc::SIGINT
                } else {
                    libc::SIGTERM
                };
                p.stop_with(first);
            }
        }
    }
}

fn expect_success(
    group: &mut Group,
    spec: &StepSpec,
    cancel: &Cancel,
    what: &str,
) -> Result<String, RehearseError> {
    match group.wait(spec.timeout, cancel)? {
        Outcome::Exited(0) => Ok("exit 0".into()),
        Outcome::TimedOut => {
            group.stop();
            Err(RehearseError::Step(format!(
                "{what} did not finish within {} s (change the limit with --step-timeout)",
                spec.timeout.as_secs()
            )))
        }
        ended => Err(RehearseError::Step(format!("{what} {}", ended.describe()))),
    }
}

/// A warning when the machine's toolchain differs from the version the plan pins.
fn toolchain_warnings(plan: &Plan, env: &Environment) -> Vec<String> {
    let Some(pinned) = plan.runtime.runtime_version.as_deref() else {
        return Vec::new();
    };
    let Some((runtime, version)) = pinned.split_once(' ') else {
        return Vec::new();
    };
    let program = match runtime {
        "node" => "node",
        "python" => "python3",
        _ => return Vec::new(),
    };
    let output = std::process::Command::new("/bin/sh")
        .args(["-c", &format!("{program} --version")])
        .env_clear()
        .envs(env.vars.iter().map(|(k, v)| (k, v)))
        .stdin(std::process::Stdio::null())
        .output();
    let local = output
        .ok()
        .map(|o| {
            format!(
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            )
        })
        .and_then(|s| {
            s.split_whitespace()
                .last()
                .map(|v| v.trim_start_matches('v').to_string())
        });
    let Some(local) = local.filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_digit())) else {
        return vec![format!(
            "the plan pins {pinned} but `{program}` was not found on PATH"
        )];
    };
    let wanted: Vec<&str> = version
        .trim_start_matches(|c: char| !c.is_ascii_digit())
        .split('.')
        .filter(|p| p.chars().all(|c| c.is_ascii_digit()) && !p.is_empty())
        .collect();
    let have: Vec<&str> = local.split('.').collect();
    let same = !wanted.is_empty() && wanted.iter().zip(&have).all(|(w, h)| w == h);
    if same {
        Vec::new()
    } else {
        vec![format!(
            "the plan pins {pinned}; this machine runs {program} {local}, so the rehearsal used a different version than the platform will"
        )]
    }
}
