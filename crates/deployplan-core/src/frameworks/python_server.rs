//! The Python app servers: which one serves an application object, the command that starts
//! it where the platform sends traffic, and the server to add to the install when the
//! repository depends on none (a `gunicorn app:app` guess starts nothing: the module is not
//! there, and neither is gunicorn).

use super::{Conventional, Conventions, stack_conventions};
use crate::answers::Stack;
use crate::facts::{AppEntry, AppInterface, Facts};

/// A server the conventional start runs that the repository does not depend on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppServerInstall {
    /// The package to install (`gunicorn`, `uvicorn`).
    pub package: &'static str,
    pub why: String,
}

/// The repository's own server for this interface, if it depends on one.
fn own_server(facts: &Facts, interface: AppInterface) -> Option<&'static str> {
    let servers: &[&'static str] = match interface {
        AppInterface::Wsgi => &["gunicorn"],
        AppInterface::Asgi => &["uvicorn", "hypercorn"],
    };
    servers
        .iter()
        .copied()
        .find(|s| facts.app_servers.iter().any(|d| d.name == *s))
}

/// The server to run: the repository's, else the interface's usual one.
fn server(facts: &Facts, interface: AppInterface) -> &'static str {
    own_server(facts, interface).unwrap_or(match interface {
        AppInterface::Wsgi => "gunicorn",
        AppInterface::Asgi => "uvicorn",
    })
}

/// The command that serves `entry` on every interface, on the platform's port.
pub fn start_command(facts: &Facts, entry: &AppEntry) -> String {
    // A factory call holds parentheses, which the shell must not read.
    let target = if entry.target.contains('(') {
        format!("'{}'", entry.target)
    } else {
        entry.target.clone()
    };
    let env = entry
        .settings_module
        .as_ref()
        .map(|m| format!(" --env DJANGO_SETTINGS_MODULE={m}"))
        .unwrap_or_default();
    // Each server's own flag for the folder it imports the app from.
    let dir = |flag: &str| {
        entry
            .chdir
            .as_ref()
            .map(|d| format!("{flag} {d} "))
            .unwrap_or_default()
    };
    match server(facts, entry.interface) {
        // Hypercorn has no folder flag: it starts in the folder.
        "hypercorn" => format!(
            "{}hypercorn {target} --bind 0.0.0.0:${{PORT:-8000}}",
            entry
                .chdir
                .as_ref()
                .map(|d| format!("cd {d} && "))
                .unwrap_or_default()
        ),
        "uvicorn" => format!(
            "uvicorn {}{target} --host 0.0.0.0 --port ${{PORT:-8000}}",
            dir("--app-dir")
        ),
        _ => format!(
            "gunicorn {}{target}{env} --bind 0.0.0.0:${{PORT:-8000}}",
            dir("--chdir")
        ),
    }
}

/// The conventions of a Python framework: the stack's, with a start that serves the
/// repository's own application object (or `fallback` when the scan found none).
pub fn conventions(
    facts: &Facts,
    framework: &str,
    fallback: Option<(&AppEntry, &str)>,
) -> Conventions {
    let mut c = stack_conventions(Stack::Python);
    let start = match (&facts.app_entry, fallback) {
        (Some(entry), _) => Some(Conventional::new(
            start_command(facts, entry),
            format!(
                "{framework}'s application object as the repository defines it ({}), served by {}",
                entry
                    .evidence
                    .first()
                    .map_or_else(|| entry.target.clone(), |e| e.to_string()),
                server(facts, entry.interface)
            ),
        )),
        (None, Some((entry, why))) => Some(Conventional::new(start_command(facts, entry), why)),
        (None, None) => c.start.take(),
    };
    c.start = start;
    c
}

/// The server the conventional start needs, when the repository does not depend on one.
pub fn missing_server(facts: &Facts, interface: AppInterface) -> Option<AppServerInstall> {
    if own_server(facts, interface).is_some() {
        return None;
    }
    let (package, kind) = match interface {
        AppInterface::Wsgi => ("gunicorn", "WSGI"),
        AppInterface::Asgi => ("uvicorn", "ASGI"),
    };
    Some(AppServerInstall {
        package,
        why: format!(
            "the repository depends on no {kind} server; deployplan installs {package} to serve the app"
        ),
    })
}

/// The interface of the app's entry, or the framework's own.
pub fn interface(facts: &Facts, framework_default: AppInterface) -> AppInterface {
    facts
        .app_entry
        .as_ref()
        .map_or(framework_default, |e| e.interface)
}

/// `install` with `package` added: into pip's own command, else with the package manager's
/// way into the same environment. None when there is no safe way (the person adds it).
pub fn install_with(install: &str, package: &str) -> Option<String> {
    let first = install.split_whitespace().next().unwrap_or("");
    match first {
        "pip" | "pip3"
            if install.starts_with("pip install ") || install.starts_with("pip3 install ") =>
        {
            Some(format!("{install} {package}"))
        }
        "uv" => Some(format!("{install} && uv pip install {package}")),
        "poetry" | "pipenv" => Some(format!("{install} && {first} run pip install {package}")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::{Detected, Evidence};

    fn entry(interface: AppInterface, target: &str) -> AppEntry {
        AppEntry {
            interface,
            target: target.into(),
            settings_module: None,
            chdir: None,
            production_settings: None,
            evidence: vec![Evidence {
                path: "proj/wsgi.py".into(),
                line: None,
                rule: "python/django-wsgi".into(),
            }],
        }
    }

    #[test]
    fn each_interface_gets_its_server_on_the_platform_port() {
        let f = Facts::default();
        assert_eq!(
            start_command(&f, &entry(AppInterface::Wsgi, "proj.wsgi")),
            "gunicorn proj.wsgi --bind 0.0.0.0:${PORT:-8000}"
        );
        assert_eq!(
            start_command(&f, &entry(AppInterface::Wsgi, "shop:create_app()")),
            "gunicorn 'shop:create_app()' --bind 0.0.0.0:${PORT:-8000}"
        );
        assert_eq!(
            start_command(&f, &entry(AppInterface::Asgi, "app.main:app")),
            "uvicorn app.main:app --host 0.0.0.0 --port ${PORT:-8000}"
        );
        let hyper = Facts {
            app_servers: vec![Detected {
                name: "hypercorn".into(),
                evidence: vec![],
            }],
            ..Facts::default()
        };
        assert_eq!(
            start_command(&hyper, &entry(AppInterface::Asgi, "app:app")),
            "hypercorn app:app --bind 0.0.0.0:${PORT:-8000}"
        );
        assert!(missing_server(&hyper, AppInterface::Asgi).is_none());
        assert_eq!(
            missing_server(&hyper, AppInterface::Wsgi).map(|s| s.package),
            Some("gunicorn")
        );
    }

    #[test]
    fn the_server_joins_the_install_in_its_environment() {
        assert_eq!(
            install_with("pip install -r requirements.txt", "gunicorn").as_deref(),
            Some("pip install -r requirements.txt gunicorn")
        );
        assert_eq!(
            install_with("poetry install", "uvicorn").as_deref(),
            Some("poetry install && poetry run pip install uvicorn")
        );
        assert_eq!(install_with("pdm install", "gunicorn"), None);
    }
}
