//! Python dependencies: requirements*.txt, pyproject.toml (PEP 621, dependency groups,
//! Poetry) and Pipfile.

use crate::deps::Deps;
use crate::index::{RepoIndex, file_name, parent};
use crate::record::{line_of, numbered};

/// The name of a PEP 508 requirement (`Django>=5.0 ; python_version > "3"` → `django`).
fn requirement_name(spec: &str) -> Option<String> {
    let spec = spec.trim();
    if spec.is_empty() || spec.starts_with(['-', '#', '.', '/']) || spec.contains("://") {
        return None;
    }
    let end = spec
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'))
        .unwrap_or(spec.len());
    let name = spec[..end].to_ascii_lowercase().replace('_', "-");
    (!name.is_empty()).then_some(name)
}

/// A server a requirement's extras bring along: `fastapi[standard]` installs uvicorn.
fn implied_server(spec: &str) -> Option<&'static str> {
    let spec = spec.trim().to_ascii_lowercase();
    let extras = spec.strip_prefix("fastapi[")?.split(']').next()?;
    extras
        .split(',')
        .any(|x| matches!(x.trim(), "standard" | "all"))
        .then_some("uvicorn")
}

fn is_dev_file(path: &str) -> bool {
    let n = path.to_ascii_lowercase();
    ["dev", "test", "local", "lint", "ci"]
        .iter()
        .any(|k| n.contains(k))
}

pub(super) fn requirement_files(index: &RepoIndex) -> Vec<&str> {
    let mut files: Vec<&str> = index
        .texts()
        .map(|(p, _)| p)
        .filter(|p| {
            let (dir, name) = (parent(p), file_name(p));
            name.ends_with(".txt")
                && ((dir.is_empty() && name.starts_with("requirements")) || dir == "requirements")
        })
        .collect();
    files.sort();
    files
}

pub(super) fn parse_deps(index: &RepoIndex) -> Deps {
    let mut deps = Deps::default();
    for path in requirement_files(index) {
        let text = index.text(path).unwrap_or("");
        for (n, line) in numbered(text) {
            let spec = line.split('#').next().unwrap_or("");
            if let Some(name) = requirement_name(spec) {
                deps.push(&name, path, Some(n), is_dev_file(path));
            }
            if let Some(server) = implied_server(spec) {
                deps.push(server, path, Some(n), is_dev_file(path));
            }
        }
    }
    for path in ["pyproject.toml", "Pipfile"] {
        let Some(text) = index.text(path) else {
            continue;
        };
        let Ok(doc) = text.parse::<toml::Table>() else {
            continue;
        };
        let mut push = |name: &str, dev: bool| {
            if let Some(n) = requirement_name(name)
                && n != "python"
            {
                deps.push(
                    &n,
                    path,
                    line_of(
                        text,
                        name.split(['>', '<', '=', '[', ' ', ';', '~', '!'])
                            .next()
                            .unwrap_or(name),
                    ),
                    dev,
                );
                if let Some(server) = implied_server(name) {
                    let line = line_of(text, name.split('[').next().unwrap_or(name));
                    deps.push(server, path, line, dev);
                }
            }
        };
        let strings = |v: Option<&toml::Value>| -> Vec<String> {
            v.and_then(toml::Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|s| s.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default()
        };
        let keys = |v: Option<&toml::Value>| -> Vec<String> {
            v.and_then(toml::Value::as_table)
                .map(|t| t.keys().cloned().collect())
                .unwrap_or_default()
        };
        let project = doc.get("project");
        for d in strings(project.and_then(|p| p.get("dependencies"))) {
            push(&d, false);
        }
        for group in [
            project.and_then(|p| p.get("optional-dependencies")),
            doc.get("dependency-groups"),
        ] {
            for (_, list) in group.and_then(toml::Value::as_table).into_iter().flatten() {
                for d in strings(Some(list)) {
                    push(&d, true);
                }
            }
        }
        let poetry = doc.get("tool").and_then(|t| t.get("poetry"));
        for d in keys(poetry.and_then(|p| p.get("dependencies"))) {
            push(&d, false);
        }
        for d in keys(poetry.and_then(|p| p.get("dev-dependencies"))) {
            push(&d, true);
        }
        for (_, g) in poetry
            .and_then(|p| p.get("group"))
            .and_then(toml::Value::as_table)
            .into_iter()
            .flatten()
        {
            for d in keys(g.get("dependencies")) {
                push(&d, true);
            }
        }
        for d in keys(doc.get("packages")) {
            push(&d, false);
        }
        for d in keys(doc.get("dev-packages")) {
            push(&d, true);
        }
    }
    deps
}

/// The `[project.optional-dependencies]` extra that holds the test runner (`dev`, `test`):
/// `pip install .` alone leaves pytest out, so the tests could not run.
pub(super) fn test_extra(index: &RepoIndex) -> Option<String> {
    let doc = index.text("pyproject.toml")?.parse::<toml::Table>().ok()?;
    let extras = doc
        .get("project")?
        .get("optional-dependencies")?
        .as_table()?;
    let has_pytest = |v: &toml::Value| {
        v.as_array().is_some_and(|a| {
            a.iter().filter_map(toml::Value::as_str).any(|req| {
                let name: String = req
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
                    .collect();
                name.eq_ignore_ascii_case("pytest")
            })
        })
    };
    let mut names: Vec<&String> = extras
        .iter()
        .filter(|(_, v)| has_pytest(v))
        .map(|(k, _)| k)
        .collect();
    // The smallest extra that has it: `test` over `all`.
    names.sort_by_key(|n| (n.as_str() == "all", n.len()));
    names
        .first()
        .filter(|n| {
            n.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        })
        .map(|n| n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requirement_names() {
        assert_eq!(
            requirement_name("Flask_SQLAlchemy>=3"),
            Some("flask-sqlalchemy".into())
        );
        assert_eq!(requirement_name("-r base.txt"), None);
        assert_eq!(requirement_name("git+https://x/y"), None);
    }

    #[test]
    fn fastapi_standard_brings_uvicorn() {
        assert_eq!(implied_server("fastapi[standard]>=0.114"), Some("uvicorn"));
        assert_eq!(implied_server("FastAPI[all]"), Some("uvicorn"));
        assert_eq!(implied_server("fastapi>=0.114"), None);
    }
}
