//! The steps of a rehearsal, decided from the plan alone: no process is started here.

use std::time::Duration;

use deployplan_core::answers::{self, Defaults};
use deployplan_core::{Catalog, Facts, Plan};
use deployplan_rehearse::{Options, ServiceKind, StepKind, rehearsal_steps, source_of};

fn plan(toml: &str) -> Plan {
    let catalog = Catalog::embedded().expect("catalog");
    let partial = answers::parse_answers("test", toml, &catalog.ids()).expect("answers parse");
    let facts = Facts::default();
    let defaults = Defaults {
        today: "2026-12-01".into(),
        project_name: "app".into(),
        author: "test".into(),
    };
    let answers = answers::resolve(&partial, &facts, catalog, &defaults).expect("resolve");
    deployplan_core::plan::build(&answers, &facts, catalog).expect("plan")
}

fn kinds(plan: &Plan, options: &Options) -> Vec<StepKind> {
    rehearsal_steps(plan, options)
        .iter()
        .map(|s| s.kind)
        .collect()
}

const API: &str = r#"
[context]
app_type = "web-api"
[database]
engine = "postgres"
cache = "redis"
migrations = "auto"
tool = "alembic"
[app]
stack = "python"
install_command = "pip install -r requirements.txt"
start_command = "gunicorn app:app"
workers = true
"#;

#[test]
fn an_api_with_a_database_cache_and_worker_runs_in_the_platforms_order() {
    let p = plan(API);
    assert_eq!(
        kinds(&p, &Options::default()),
        vec![
            StepKind::Workspace,
            StepKind::Service(ServiceKind::Postgres),
            StepKind::Service(ServiceKind::Redis),
            StepKind::Environment,
            StepKind::PythonVenv,
            StepKind::Install,
            StepKind::Release,
            StepKind::StartWeb,
            StepKind::Health,
            StepKind::Smoke,
            StepKind::StartWorker,
        ]
    );
    let steps = rehearsal_steps(&p, &Options::default());
    let release = steps.iter().find(|s| s.kind == StepKind::Release).unwrap();
    assert_eq!(release.command.as_deref(), Some("alembic upgrade head"));
    let start = steps.iter().find(|s| s.kind == StepKind::StartWeb).unwrap();
    assert_eq!(start.command.as_deref(), Some("gunicorn app:app"));
    assert_eq!(start.source, "you said");
    assert!(steps.iter().all(|s| s.working_dir == "."));
}

#[test]
fn with_tests_runs_the_ci_test_job_before_the_platforms_steps() {
    let p = plan(API);
    let steps = rehearsal_steps(
        &p,
        &Options {
            with_tests: true,
            ..Options::default()
        },
    );
    let at = |k: StepKind| steps.iter().position(|s| s.kind == k).unwrap();
    assert!(at(StepKind::TestInstall) < at(StepKind::Test));
    assert!(at(StepKind::Test) < at(StepKind::Install));
    assert!(at(StepKind::Service(ServiceKind::Postgres)) < at(StepKind::Test));
    assert_eq!(steps[at(StepKind::Test)].command.as_deref(), Some("pytest"));
    assert_eq!(
        steps[at(StepKind::Test)].source,
        source_of(&p, StepKind::Test)
    );
}

#[test]
fn manual_migrations_have_no_release_step_and_no_database_means_no_server() {
    let p = plan(
        r#"
[context]
app_type = "web-api"
[database]
engine = "none"
[app]
stack = "node"
"#,
    );
    let k = kinds(&p, &Options::default());
    assert!(!k.contains(&StepKind::Release));
    assert!(!k.iter().any(|k| matches!(k, StepKind::Service(_))));
    assert!(!k.contains(&StepKind::PythonVenv));
    let p = plan(&API.replace("migrations = \"auto\"", "migrations = \"manual\""));
    assert!(!kinds(&p, &Options::default()).contains(&StepKind::Release));
}

#[test]
fn a_static_site_is_built_and_served_without_a_web_process() {
    let p = plan(
        r#"
[context]
app_type = "frontend"
[database]
engine = "none"
[app]
stack = "node"
build_command = "npm run build"
"#,
    );
    let steps = rehearsal_steps(&p, &Options::default());
    let k: Vec<StepKind> = steps.iter().map(|s| s.kind).collect();
    assert!(k.contains(&StepKind::ServeStatic) && k.contains(&StepKind::Smoke));
    assert!(!k.contains(&StepKind::StartWeb) && !k.contains(&StepKind::Health));
    let serve = steps
        .iter()
        .find(|s| s.kind == StepKind::ServeStatic)
        .unwrap();
    assert_eq!(serve.name, "serve dist");
}

#[test]
fn step_timeout_overrides_every_default() {
    let p = plan(API);
    let defaults = rehearsal_steps(&p, &Options::default());
    let install = defaults
        .iter()
        .find(|s| s.kind == StepKind::Install)
        .unwrap();
    let start = defaults
        .iter()
        .find(|s| s.kind == StepKind::StartWeb)
        .unwrap();
    assert!(
        install.timeout > start.timeout,
        "installs get longer than a start"
    );
    let steps = rehearsal_steps(
        &p,
        &Options {
            step_timeout: Some(Duration::from_secs(7)),
            ..Options::default()
        },
    );
    assert!(steps.iter().all(|s| s.timeout == Duration::from_secs(7)));
}

#[test]
fn mysql_is_a_service_with_the_package_to_install() {
    let p = plan(&API.replace("engine = \"postgres\"", "engine = \"mysql\""));
    assert!(kinds(&p, &Options::default()).contains(&StepKind::Service(ServiceKind::Mysql)));
    assert_eq!(ServiceKind::Mysql.debian_package(), "mariadb-server");
    assert_eq!(ServiceKind::Postgres.debian_package(), "postgresql");
    assert_eq!(ServiceKind::Redis.debian_package(), "redis-server");
}
