//! The install/test/build/start commands a Python repository states.

use deployplan_core::Facts;
use deployplan_core::facts::{AppInterface, Evidence};

use super::ID;
use super::deps::requirement_files;
use crate::deps::Deps;
use crate::index::{RepoIndex, file_name};
use crate::record::{ev, line_of, set_once};

pub(super) fn commands(
    index: &RepoIndex,
    facts: &mut Facts,
    deps: &Deps,
    pm: (&str, Evidence),
    manage: Option<&str>,
) {
    let (pm, pm_ev) = pm;
    let wrap = |cmd: &str| match pm {
        "uv" => format!("uv run {cmd}"),
        "poetry" => format!("poetry run {cmd}"),
        "pipenv" => format!("pipenv run {cmd}"),
        "pdm" => format!("pdm run {cmd}"),
        _ => cmd.to_string(),
    };
    let reqs = requirement_files(index);
    let install = match pm {
        "uv" => "uv sync --frozen".to_string(),
        "poetry" => "poetry install".to_string(),
        "pipenv" => "pipenv install --dev --deploy".to_string(),
        "pdm" => "pdm install".to_string(),
        _ => {
            let main = [
                "requirements.txt",
                "requirements/production.txt",
                "requirements/prod.txt",
                "requirements/base.txt",
            ]
            .into_iter()
            .find(|r| reqs.contains(r));
            let dev = [
                "requirements-dev.txt",
                "requirements/dev.txt",
                "requirements/test.txt",
                "requirements/local.txt",
                "requirements-test.txt",
            ]
            .into_iter()
            .find(|r| reqs.contains(r));
            match (main, dev) {
                (Some(m), Some(d)) => format!("pip install -r {m} -r {d}"),
                (Some(m), None) => format!("pip install -r {m}"),
                (None, Some(d)) => format!("pip install -r {d}"),
                (None, None) => match super::deps::test_extra(index) {
                    Some(extra) => format!("pip install \".[{extra}]\""),
                    None => "pip install .".to_string(),
                },
            }
        }
    };
    set_once(&mut facts.commands.install, install, pm_ev);
    let pyproject = index.text("pyproject.toml").unwrap_or("");
    // pytest's config in a subfolder (Django's project folder, `src/pytest.ini`) is where
    // pytest runs: its rootdir, settings module and import paths are set from there.
    let config = index
        .files()
        .iter()
        .filter(|f| {
            matches!(file_name(&f.path), "pytest.ini" | "conftest.py")
                && crate::index::depth(&f.path) <= 2
                && !f.path.split('/').any(|d| d == "node_modules")
        })
        .min_by_key(|f| (crate::index::depth(&f.path), f.path.clone()))
        .map(|f| f.path.clone());
    // Only a `pytest.ini` fixes the rootdir (a `tests/conftest.py` does not).
    let pytest_dir = config
        .as_deref()
        .filter(|p| file_name(p) == "pytest.ini")
        .and_then(|p| p.rsplit_once('/'))
        .map(|(dir, _)| dir.to_string())
        .filter(|_| {
            !index.has("pytest.ini") && line_of(pyproject_text(index), "[tool.pytest").is_none()
        });
    let pytest = deps
        .get("pytest")
        .or(deps.get("pytest-django"))
        .map(|d| d.evidence(ID))
        .or_else(|| {
            config
                .as_deref()
                .map(|p| ev(p, None, format!("{ID}/file:{}", file_name(p))))
        })
        .or_else(|| {
            line_of(pyproject, "[tool.pytest")
                .map(|l| ev("pyproject.toml", Some(l), format!("{ID}/tool.pytest")))
        });
    let django = facts.has_framework("django");
    if let Some(e) = pytest {
        let cmd = match &pytest_dir {
            Some(dir) => format!("cd {dir} && {}", wrap("pytest")),
            None => wrap("pytest"),
        };
        set_once(&mut facts.commands.test, cmd, e);
    } else if let (Some(m), true) = (manage, django) {
        set_once(
            &mut facts.commands.test,
            wrap(&format!("python {m} test")),
            ev(m, None, format!("{ID}/file:manage.py")),
        );
    } else if let Some((command, path)) = unittest_suite(index) {
        // Test modules without pytest: the standard library's runner finds them.
        set_once(
            &mut facts.commands.test,
            wrap(command),
            ev(&path, None, format!("{ID}/unittest")),
        );
    }
    if let (Some(m), true) = (manage, django) {
        let e = ev(m, None, format!("{ID}/file:manage.py"));
        set_once(
            &mut facts.commands.build,
            wrap(&format!("python {m} collectstatic --noinput")),
            e,
        );
    }
    // The repository states its start when it depends on the server that loads its app
    // object (gunicorn for WSGI, uvicorn for ASGI). Without one, the planner's framework
    // provider adds the server to the install, as an assumption.
    if let Some(entry) = facts
        .app_entry
        .clone()
        .filter(|e| e.settings_module.is_none())
    {
        let (server, host) = match entry.interface {
            AppInterface::Wsgi => ("gunicorn", ""),
            AppInterface::Asgi => ("uvicorn", " --host 0.0.0.0"),
        };
        if let Some(d) = deps.get(server) {
            // A factory call holds parentheses, which the shell must not read.
            let target = if entry.target.contains('(') {
                format!("'{}'", entry.target)
            } else {
                entry.target.clone()
            };
            let e = match (django, entry.evidence.first()) {
                (false, Some(e)) => e.clone(),
                _ => d.evidence(ID),
            };
            let dir = match (&entry.chdir, server) {
                (Some(d), "gunicorn") => format!("--chdir {d} "),
                (Some(d), _) => format!("--app-dir {d} "),
                (None, _) => String::new(),
            };
            set_once(
                &mut facts.commands.start,
                format!("{server} {dir}{target}{host}"),
                e,
            );
        }
    }
}

fn pyproject_text(index: &RepoIndex) -> &str {
    index.text("pyproject.toml").unwrap_or("")
}

/// `test*.py` modules for `python -m unittest`: in `tests/` (discovered from there) or at the
/// root.
fn unittest_suite(index: &RepoIndex) -> Option<(&'static str, String)> {
    let is_test = |p: &str| file_name(p).starts_with("test") && p.ends_with(".py");
    if let Some(f) = index.files_under("tests").iter().find(|f| is_test(&f.path)) {
        return Some(("python -m unittest discover -s tests", f.path.clone()));
    }
    index
        .files_in("")
        .find(|f| is_test(&f.path))
        .map(|f| ("python -m unittest", f.path.clone()))
}
