//! The application object a Python app server loads, as the code defines it (Django's
//! `<project>/wsgi.py` from `manage.py`'s `DJANGO_SETTINGS_MODULE`, `app = FastAPI(`, a Flask
//! app or its factory `create_app()`), and the app servers the repository depends on.

use deployplan_core::Facts;
use deployplan_core::facts::{AppEntry, AppInterface};

use super::ID;
use crate::deps::Deps;
use crate::index::{RepoIndex, depth, file_name, parent};
use crate::record::{ev, line_of};
use crate::rules::{Rule, When::*, apply, rule};

static APP_SERVERS: &[Rule] = &[
    rule("gunicorn", Dep("gunicorn")),
    rule("uvicorn", Dep("uvicorn")),
    rule("hypercorn", Dep("hypercorn")),
    rule("daphne", Dep("daphne")),
    rule("granian", Dep("granian")),
    rule("waitress", Dep("waitress")),
];

/// The dotted module of a Python file (`shop/__init__.py` is the package `shop`).
pub(super) fn module(path: &str) -> String {
    let dotted = path.trim_end_matches(".py").replace('/', ".");
    match dotted.strip_suffix(".__init__") {
        Some(package) => package.to_string(),
        None => dotted,
    }
}

pub(super) fn detect(index: &RepoIndex, facts: &mut Facts, deps: &Deps, manage: Option<&str>) {
    apply(ID, APP_SERVERS, deps, index, &mut facts.app_servers);
    facts.app_entry = if facts.has_framework("django") {
        manage.and_then(|m| django(index, m))
    } else if facts.has_framework("fastapi") {
        object(index, "app:fastapi", AppInterface::Asgi).map(|e| src_layout(index, e))
    } else if facts.has_framework("flask") {
        object(index, "app:flask", AppInterface::Wsgi).map(|e| src_layout(index, e))
    } else {
        None
    };
}

/// The src layout (`src/<package>/main.py`, `src/` not a package itself): the package is
/// `<package>`, imported from `src/` (the server's `--chdir`/`--app-dir`), not `src.<package>`
/// (which breaks its absolute imports, `from <package>.config import ...`).
fn src_layout(index: &RepoIndex, mut entry: AppEntry) -> AppEntry {
    if let Some(rest) = entry.target.strip_prefix("src.")
        && !index.has("src/__init__.py")
        && entry.chdir.is_none()
    {
        entry.target = rest.to_string();
        entry.chdir = Some("src".into());
    }
    entry
}

/// `DJANGO_SETTINGS_MODULE` as `manage.py` sets it, with its line.
fn settings_module(text: &str) -> Option<(String, u32)> {
    let line = line_of(text, "DJANGO_SETTINGS_MODULE")?;
    let l = text.lines().nth(line as usize - 1)?;
    let after = &l[l.find("DJANGO_SETTINGS_MODULE")? + "DJANGO_SETTINGS_MODULE".len()..];
    // `"DJANGO_SETTINGS_MODULE", "config.settings"`: the next quoted value.
    let quoted: Vec<&str> = after.split(['"', '\'']).collect();
    let value = quoted.get(2).copied().unwrap_or("").trim();
    let valid = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
    valid.then(|| (value.to_string(), line))
}

/// Django's WSGI (else ASGI) module in the settings' package, or any shallow `wsgi.py`;
/// without either, Django's own `get_wsgi_application()` with the settings module set.
fn django(index: &RepoIndex, manage: &str) -> Option<AppEntry> {
    let base = parent(manage);
    let at = |rel: &str| {
        if base.is_empty() {
            rel.to_string()
        } else {
            format!("{base}/{rel}")
        }
    };
    let settings = index.text(manage).and_then(settings_module);
    // manage.py's folder is the project's Python root: modules are named from there, and the
    // server runs there when it is not the repository root.
    let chdir = (!base.is_empty()).then(|| base.to_string());
    // A `production` (or `prod`) module beside the default settings module is the one to
    // run in production: `config.settings.local` → `config.settings.production`.
    let production_settings = settings.as_ref().and_then(|(m, _)| {
        let (package, last) = m.rsplit_once('.')?;
        if matches!(last, "production" | "prod") {
            return None;
        }
        ["production", "prod"]
            .iter()
            .map(|n| format!("{package}.{n}"))
            .find(|c| index.has(&at(&format!("{}.py", c.replace('.', "/")))))
    });
    let in_root = |path: &str| {
        let rel = if base.is_empty() {
            Some(path)
        } else {
            path.strip_prefix(&format!("{base}/"))
        };
        rel.map(module)
    };
    let mut packages: Vec<String> = Vec::new();
    if let Some((m, _)) = &settings {
        let mut parts: Vec<&str> = m.split('.').collect();
        while parts.len() > 1 {
            parts.pop();
            packages.push(parts.join("/"));
        }
    }
    for (file, interface, object) in [
        ("wsgi.py", AppInterface::Wsgi, ""),
        ("asgi.py", AppInterface::Asgi, ":application"),
    ] {
        let found = packages
            .iter()
            .map(|p| at(&format!("{p}/{file}")))
            .find(|p| index.has(p));
        if let Some(path) = found {
            return Some(AppEntry {
                interface,
                target: format!(
                    "{}{object}",
                    in_root(&path).unwrap_or_else(|| module(&path))
                ),
                settings_module: None,
                chdir: chdir.clone(),
                production_settings: production_settings.clone(),
                evidence: vec![ev(&path, None, format!("{ID}/django-{}", &file[..4]))],
            });
        }
    }
    if let Some(w) = index
        .files()
        .iter()
        .find(|f| file_name(&f.path) == "wsgi.py" && depth(&f.path) <= 2)
    {
        let (target, dir) = match in_root(&w.path) {
            Some(t) => (t, chdir.clone()),
            None => (module(&w.path), None),
        };
        return Some(AppEntry {
            interface: AppInterface::Wsgi,
            target,
            settings_module: None,
            chdir: dir,
            production_settings: production_settings.clone(),
            evidence: vec![ev(&w.path, None, format!("{ID}/django-wsgi"))],
        });
    }
    let (module, line) = settings?;
    Some(AppEntry {
        interface: AppInterface::Wsgi,
        target: "django.core.wsgi:get_wsgi_application()".into(),
        settings_module: Some(module),
        chdir,
        production_settings: production_settings.clone(),
        evidence: vec![ev(
            manage,
            Some(line),
            format!("{ID}/django-settings-module"),
        )],
    })
}

/// The app object a `NAME = Framework(` line makes: at the top of its module, `module:NAME`;
/// inside the factory `create_app()`, the module-level object a root `wsgi.py` makes with it,
/// else the factory itself (`module:create_app()`, which gunicorn calls; WSGI only).
fn object(index: &RepoIndex, rule: &str, interface: AppInterface) -> Option<AppEntry> {
    let hit = index.hits(rule).next()?;
    let name = hit.value.split('=').next()?.trim();
    let top_level = !hit.value.starts_with([' ', '\t']);
    let entry = |target: String, path: &str, line: u32, what: &str| AppEntry {
        interface,
        target,
        settings_module: None,
        chdir: None,
        production_settings: None,
        evidence: vec![ev(path, Some(line), format!("{ID}/{what}"))],
    };
    if top_level && is_identifier(name) {
        return Some(entry(
            format!("{}:{name}", module(&hit.path)),
            &hit.path,
            hit.line,
            &format!("code:{rule}"),
        ));
    }
    let in_factory = index
        .hits("app:factory")
        .any(|f| f.path == hit.path && f.line < hit.line && !f.value.starts_with([' ', '\t']));
    if !in_factory {
        return None;
    }
    // The module-level object made by calling the factory: in the factory's own module
    // first (`app = create_app()` at its end), else in an entry file (`wsgi.py`).
    let calls: Vec<_> = index
        .hits("app:factory-call")
        .filter(|c| !c.value.starts_with([' ', '\t']))
        .filter_map(|c| {
            let var = c.value.split('=').next()?.trim();
            is_identifier(var).then(|| (c, var.to_string()))
        })
        .collect();
    let call = calls.iter().find(|(c, _)| c.path == hit.path).or_else(|| {
        calls
            .iter()
            .min_by_key(|(c, _)| (depth(&c.path), c.path.clone()))
    });
    if let Some((c, var)) = call {
        return Some(entry(
            format!("{}:{var}", module(&c.path)),
            &c.path,
            c.line,
            "app-factory-call",
        ));
    }
    // uvicorn takes a factory only with its `--factory` flag.
    (interface == AppInterface::Wsgi).then(|| {
        entry(
            format!("{}:create_app()", module(&hit.path)),
            &hit.path,
            hit.line,
            "app-factory",
        )
    })
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with(|c: char| c.is_ascii_digit())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(files: &[(&str, &str)], framework: &str) -> Option<AppEntry> {
        let index = RepoIndex::from_texts(files);
        let mut facts = Facts::default();
        facts.frameworks.push(deployplan_core::facts::Detected {
            name: framework.into(),
            evidence: vec![],
        });
        let manage = files
            .iter()
            .map(|(p, _)| *p)
            .find(|p| file_name(p) == "manage.py");
        detect(&index, &mut facts, &Deps::default(), manage);
        facts.app_entry
    }

    const MANAGE: &str =
        "import os\nos.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"config.settings\")\n";

    #[test]
    fn django_serves_the_wsgi_module_of_its_settings_package() {
        let e = entry(
            &[
                ("manage.py", MANAGE),
                ("config/settings.py", ""),
                ("config/wsgi.py", "application = get_wsgi_application()\n"),
                ("other/wsgi.py", ""),
            ],
            "django",
        )
        .unwrap();
        assert_eq!(e.target, "config.wsgi");
        assert_eq!(e.interface, AppInterface::Wsgi);
    }

    #[test]
    fn django_without_a_wsgi_file_uses_its_own_application_with_the_settings() {
        let e = entry(
            &[("manage.py", MANAGE), ("config/settings.py", "")],
            "django",
        )
        .unwrap();
        assert_eq!(e.target, "django.core.wsgi:get_wsgi_application()");
        assert_eq!(e.settings_module.as_deref(), Some("config.settings"));
        assert_eq!(e.evidence[0].line, Some(2));
    }

    #[test]
    fn flask_apps_and_factories() {
        let module_level = entry(
            &[("app.py", "from flask import Flask\napp = Flask(__name__)\n")],
            "flask",
        )
        .unwrap();
        assert_eq!(module_level.target, "app:app");
        let factory = "from flask import Flask\n\ndef create_app():\n    app = Flask(__name__)\n    return app\n";
        let served = entry(
            &[
                ("shop/__init__.py", factory),
                (
                    "wsgi.py",
                    "from shop import create_app\n\napp = create_app()\n",
                ),
            ],
            "flask",
        )
        .unwrap();
        assert_eq!(served.target, "wsgi:app");
        assert_eq!(served.evidence[0].to_string(), "wsgi.py:3");
        let own = format!("{factory}\n\napp = create_app()\n");
        let in_module = entry(
            &[
                ("app.py", own.as_str()),
                (
                    "wsgi.py",
                    "from app import create_app\napplication = create_app()\n",
                ),
            ],
            "flask",
        )
        .unwrap();
        assert_eq!(in_module.target, "app:app");
        let bare = entry(&[("shop/__init__.py", factory)], "flask").unwrap();
        assert_eq!(bare.target, "shop:create_app()");
    }

    #[test]
    fn module_names_packages_by_their_folder() {
        assert_eq!(module("shop/__init__.py"), "shop");
        assert_eq!(module("app/main.py"), "app.main");
    }
}
