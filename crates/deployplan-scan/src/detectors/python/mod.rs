//! Python: requirements*.txt, pyproject.toml (PEP 621 and Poetry), Pipfile; Django, FastAPI,
//! Flask; Celery/RQ/Dramatiq; Django and Alembic migrations; pip/poetry/uv/pipenv commands.

use deployplan_core::Facts;
use deployplan_core::facts::{Evidence, MigrationFact, RuntimeVersion};

mod commands;
mod deps;
mod entry;
mod settings_class;

use commands::commands;
use deps::{parse_deps, requirement_files};

use super::Detector;
use crate::deps::Deps;
use crate::index::{RepoIndex, file_name};
use crate::record::{add, add_env, claim_commands, ev, line_of};
use crate::rules::{Rule, When::*, apply, rule, rule_unless};

pub struct Python;

pub(super) const ID: &str = "python";

static FRAMEWORKS: &[Rule] = &[
    rule("django", Dep("django")),
    rule("django", File("manage.py")),
    rule("fastapi", Dep("fastapi")),
    rule("flask", Dep("flask")),
    rule_unless("starlette", Dep("starlette"), &["fastapi"]),
    rule("litestar", Dep("litestar")),
];

static DATABASES: &[Rule] = &[
    rule("postgres", Dep("psycopg2")),
    rule("postgres", Dep("psycopg2-binary")),
    rule("postgres", Dep("psycopg")),
    rule("postgres", Dep("asyncpg")),
    rule("mysql", Dep("mysqlclient")),
    rule("mysql", Dep("pymysql")),
    rule("mysql", Dep("aiomysql")),
    rule("mysql", Dep("mysql-connector-python")),
    rule("mongodb", Dep("pymongo")),
    rule("mongodb", Dep("motor")),
    rule("mongodb", Dep("mongoengine")),
    rule("mongodb", Dep("beanie")),
    rule("redis", Dep("redis")),
    rule("redis", Dep("django-redis")),
    rule("redis", Dep("rq")),
];

static WORKERS: &[Rule] = &[
    rule("celery", Code("worker:celery")),
    rule("celery", Dep("celery")),
    rule("rq", Dep("rq")),
    rule("rq", Dep("django-rq")),
    rule("dramatiq", Dep("dramatiq")),
    rule("huey", Dep("huey")),
    rule("arq", Dep("arq")),
    rule("django-q", Dep("django-q2")),
    rule("django-q", Dep("django-q")),
];

static SCHEDULES: &[Rule] = &[
    rule("celery-beat", Code("sched:celery-beat")),
    rule("celery-beat", Dep("django-celery-beat")),
    rule("apscheduler", Dep("apscheduler")),
    rule("schedule", Dep("schedule")),
    rule("rq-scheduler", Dep("rq-scheduler")),
];

static WEBSOCKETS: &[Rule] = &[
    rule("django-channels", Dep("channels")),
    rule("asgi-websocket", Code("ws:asgi-websocket")),
    rule("flask-socketio", Dep("flask-socketio")),
    rule("python-socketio", Dep("python-socketio")),
    rule("websockets", Dep("websockets")),
    rule("server-sent-events", Code("ws:server-sent-events")),
];

/// A shallow file by name (root, or one folder down), sorted by path.
fn shallow(index: &RepoIndex, name: &str) -> Option<String> {
    if index.has(name) {
        return Some(name.to_string());
    }
    index
        .subdirs("")
        .map(|d| format!("{d}/{name}"))
        .find(|p| index.has(p))
}

impl Detector for Python {
    fn id(&self) -> &'static str {
        ID
    }

    fn frameworks(&self) -> Vec<&'static str> {
        crate::rules::facts_of(FRAMEWORKS).collect()
    }

    fn detect(&self, index: &RepoIndex, facts: &mut Facts) {
        let deps = parse_deps(index);
        // src/manage.py beside a root requirements.txt is this app's; backend/manage.py alone
        // is a service in a subfolder, found by the service discovery.
        let manage = if deps.is_empty() {
            index.first(&["manage.py"]).map(String::from)
        } else {
            shallow(index, "manage.py")
        };
        let has_python = !deps.is_empty()
            || manage.is_some()
            || index.has("pyproject.toml")
            || index.has("Pipfile")
            || index.has("setup.py");
        if !has_python {
            return;
        }
        apply(ID, FRAMEWORKS, &deps, index, &mut facts.frameworks);
        if let (Some(m), false) = (&manage, facts.has_framework("django")) {
            add(
                &mut facts.frameworks,
                "django",
                ev(m, None, format!("{ID}/file:manage.py")),
            );
        }
        apply(ID, DATABASES, &deps, index, &mut facts.databases);
        for h in index.hits("db:django-engine") {
            let db = match h.value.as_str() {
                "postgresql" | "postgresql_psycopg2" => "postgres",
                "mysql" => "mysql",
                "sqlite3" => "sqlite",
                _ => continue,
            };
            add(
                &mut facts.databases,
                db,
                ev(&h.path, Some(h.line), format!("{ID}/code:django-engine")),
            );
        }
        apply(ID, WORKERS, &deps, index, &mut facts.workers);
        apply(ID, SCHEDULES, &deps, index, &mut facts.schedules);
        apply(ID, WEBSOCKETS, &deps, index, &mut facts.websockets);

        let pm = package_manager(index);
        add(&mut facts.package_managers, pm.0, pm.1.clone());
        entry::detect(index, facts, &deps, manage.as_deref());
        if claim_commands(facts, ID) {
            commands(index, facts, &deps, pm, manage.as_deref());
        }
        runtime(index, facts);
        settings_class::detect(index, facts);
        if facts.migration_tool.is_none() {
            facts.migration_tool = migration(index, facts, &deps, manage.as_deref());
        }
        if let Some(fw) = facts.frameworks.iter().find(|f| f.name == "django") {
            let e = Evidence {
                rule: format!("{ID}/framework-secret:django"),
                ..fw.evidence[0].clone()
            };
            add_env(facts, "SECRET_KEY", "framework", e);
        }
    }
}

fn package_manager(index: &RepoIndex) -> (&'static str, Evidence) {
    let pyproject = index.text("pyproject.toml").unwrap_or("");
    let found = [
        ("uv.lock", "uv"),
        ("poetry.lock", "poetry"),
        ("Pipfile.lock", "pipenv"),
        ("Pipfile", "pipenv"),
        ("pdm.lock", "pdm"),
    ]
    .into_iter()
    .find(|(f, _)| index.root_file(f).is_some());
    if let Some((file, pm)) = found {
        let path = index.root_file(file).unwrap_or_default();
        return (pm, ev(&path, None, format!("{ID}/lockfile")));
    }
    if pyproject.contains("[tool.poetry") {
        return (
            "poetry",
            ev(
                "pyproject.toml",
                line_of(pyproject, "[tool.poetry"),
                format!("{ID}/tool.poetry"),
            ),
        );
    }
    let reqs = requirement_files(index);
    let path = reqs
        .iter()
        .find(|p| **p == "requirements.txt")
        .or(reqs.first())
        .map_or("pyproject.toml".to_string(), |p| p.to_string());
    ("pip", ev(&path, None, format!("{ID}/requirements")))
}

fn runtime(index: &RepoIndex, facts: &mut Facts) {
    let mut found = None;
    if let Some(v) = index
        .text(".python-version")
        .map(str::trim)
        .filter(|v| !v.is_empty())
    {
        found = Some((
            v.to_string(),
            ev(".python-version", Some(1), format!("{ID}/.python-version")),
        ));
    } else if let Some(v) = index
        .text("runtime.txt")
        .map(str::trim)
        .and_then(|v| v.strip_prefix("python-"))
    {
        found = Some((
            v.to_string(),
            ev("runtime.txt", Some(1), format!("{ID}/runtime.txt")),
        ));
    } else if let Some(text) = index.text("pyproject.toml")
        && let Some(line) = line_of(text, "requires-python")
    {
        let v = text
            .lines()
            .nth(line as usize - 1)
            .and_then(|l| l.split('"').nth(1))
            .unwrap_or("");
        found = Some((
            v.to_string(),
            ev(
                "pyproject.toml",
                Some(line),
                format!("{ID}/requires-python"),
            ),
        ));
    }
    if let Some((version, e)) = found.filter(|(v, _)| !v.is_empty()) {
        facts.runtime_versions.push(RuntimeVersion {
            runtime: "python".into(),
            version,
            evidence: vec![e],
        });
    }
}

fn migration(
    index: &RepoIndex,
    facts: &Facts,
    deps: &Deps,
    manage: Option<&str>,
) -> Option<MigrationFact> {
    if let (Some(m), true) = (manage, facts.has_framework("django")) {
        return Some(MigrationFact {
            name: "django".into(),
            command: format!("python {m} migrate --noinput"),
            install: None,
            evidence: vec![ev(m, None, format!("{ID}/file:manage.py"))],
        });
    }
    // The shallowest alembic.ini: at the root, or in the backend's folder (`backend/`).
    let ini = index
        .files()
        .iter()
        .filter(|f| file_name(&f.path) == "alembic.ini" && crate::index::depth(&f.path) <= 2)
        .min_by_key(|f| (crate::index::depth(&f.path), f.path.clone()))
        .map(|f| ev(&f.path, None, format!("{ID}/file:alembic.ini")));
    if let Some(d) = deps.get("flask-migrate") {
        return Some(MigrationFact {
            name: "alembic".into(),
            command: "flask db upgrade".into(),
            install: None,
            evidence: vec![d.evidence(ID)],
        });
    }
    let dep = deps.get("alembic").map(|d| d.evidence(ID));
    if ini.is_some() || dep.is_some() {
        // Alembic resolves `script_location` from the folder it runs in: the ini's own.
        let command = match ini.as_ref().and_then(|e| e.path.rsplit_once('/')) {
            Some((dir, _)) => format!("cd {dir} && alembic upgrade head"),
            None => "alembic upgrade head".into(),
        };
        return Some(MigrationFact {
            name: "alembic".into(),
            command,
            install: None,
            evidence: [ini, dep].into_iter().flatten().collect(),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect(files: &[(&str, &str)]) -> Facts {
        let mut facts = Facts::default();
        Python.detect(&RepoIndex::from_texts(files), &mut facts);
        facts
    }

    #[test]
    fn django_with_celery_postgres_and_pytest() {
        let f = detect(&[
            (
                "requirements.txt",
                "Django>=5.0\ncelery[redis]==5.4\npsycopg[binary]\ngunicorn\n",
            ),
            (
                "requirements-dev.txt",
                "-r requirements.txt\npytest-django\npytest\n",
            ),
            ("manage.py", "import os"),
            ("proj/wsgi.py", ""),
            ("proj/celery.py", "app = Celery(\"proj\")\n"),
        ]);
        assert_eq!(f.frameworks[0].name, "django");
        assert_eq!(f.workers[0].name, "celery");
        assert_eq!(f.workers[0].evidence[0].path, "proj/celery.py");
        assert_eq!(f.databases[0].name, "postgres");
        let m = f.migration_tool.unwrap();
        assert_eq!(
            (m.name.as_str(), m.command.as_str()),
            ("django", "python manage.py migrate --noinput")
        );
        assert_eq!(
            f.commands.install.unwrap().value,
            "pip install -r requirements.txt -r requirements-dev.txt"
        );
        assert_eq!(f.commands.test.unwrap().value, "pytest");
        assert_eq!(f.commands.start.unwrap().value, "gunicorn proj.wsgi");
        assert_eq!(f.env_vars[0].name, "SECRET_KEY");
    }

    #[test]
    fn fastapi_with_poetry_and_alembic() {
        let f = detect(&[
            (
                "pyproject.toml",
                "[tool.poetry]\nname='x'\n[tool.poetry.dependencies]\npython='^3.12'\nfastapi='*'\nasyncpg='*'\nalembic='*'\n",
            ),
            ("poetry.lock", ""),
            ("alembic.ini", ""),
            ("app/main.py", "app = FastAPI(title='x')\n"),
        ]);
        assert_eq!(f.frameworks[0].name, "fastapi");
        assert_eq!(f.package_managers[0].name, "poetry");
        assert_eq!(f.migration_tool.unwrap().command, "alembic upgrade head");
        assert_eq!(f.commands.install.unwrap().value, "poetry install");
        // The app object is found; without uvicorn in the dependencies the repository states
        // no start (the planner adds the server).
        assert_eq!(f.app_entry.unwrap().target, "app.main:app");
        assert_eq!(f.commands.start, None);
        let served = detect(&[
            (
                "pyproject.toml",
                "[project]\nname='x'\ndependencies = [\"fastapi[standard]>=0.114\"]\n",
            ),
            ("app/main.py", "app = FastAPI(title='x')\n"),
        ]);
        assert_eq!(served.app_servers[0].name, "uvicorn");
        assert_eq!(
            served.commands.start.unwrap().value,
            "uvicorn app.main:app --host 0.0.0.0"
        );
    }

    #[test]
    fn server_sent_events_are_long_lived_connections() {
        let f = detect(&[
            ("requirements.txt", "flask\n"),
            (
                "app.py",
                "return Response(gen(), mimetype=\"text/event-stream\")\n",
            ),
        ]);
        assert_eq!(f.websockets[0].name, "server-sent-events");
        assert_eq!(f.websockets[0].evidence[0].to_string(), "app.py:1");
    }
}
