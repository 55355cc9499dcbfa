//! The toolchain as the repository states it beyond its manifests: the package manager's own
//! version (`packageManager`, pnpm's lockfile), where the tests are, the service containers
//! the tests need (its CI workflow, `config/database.yml`, compose) and the versions and test
//! command of its own CI (GitHub Actions, GitLab CI). Runs after the ecosystems and `ci`.

use deployplan_core::Facts;
use deployplan_core::facts::{Evidence, RuntimeVersion, Valued};
use serde_json::Value;

use super::Detector;
use crate::index::{RepoIndex, file_name};
use crate::record::{ev, line_of, numbered};

mod own_ci;

use own_ci::{add_service, github_workflow, gitlab_ci, service_kind};

pub struct Toolchain;

const ID: &str = "toolchain";

impl Detector for Toolchain {
    fn id(&self) -> &'static str {
        ID
    }

    fn detect(&self, index: &RepoIndex, facts: &mut Facts) {
        package_manager_version(index, facts);
        tests(index, facts);
        for f in index.files_in(".github/workflows") {
            if (f.path.ends_with(".yml") || f.path.ends_with(".yaml"))
                && let Some(text) = index.text(&f.path)
            {
                github_workflow(&f.path, text, facts);
            }
        }
        if let Some(text) = index.text(".gitlab-ci.yml") {
            gitlab_ci(text, facts);
        }
        rails_test_database(index, facts);
        dotenv_test_database(index, facts);
        django_test_database(facts);
        compose(index, facts);
        if facts.tests.is_empty() {
            drop_test_command_without_tests(facts);
        } else if facts.commands.test.is_none()
            && let Some(text) = index.text("Makefile")
            && let Some((n, _)) = numbered(text).find(|(_, l)| l.starts_with("test:"))
        {
            // The repository's own entry point for its tests.
            facts.commands.test = Some(Valued {
                value: "make test".into(),
                evidence: vec![ev("Makefile", Some(n), format!("{ID}/makefile-test"))],
            });
        }
    }
}

/// A release number (`0.134.3`, `9`), not a word like `latest` or a range.
fn is_release(v: &str) -> bool {
    v.starts_with(|c: char| c.is_ascii_digit()) && v.chars().all(|c| c.is_ascii_digit() || c == '.')
}

fn push_tool(facts: &mut Facts, tool: &str, version: &str, e: Evidence) {
    if !facts.tool_versions.iter().any(|t| t.runtime == tool) {
        facts.tool_versions.push(RuntimeVersion {
            runtime: tool.into(),
            version: version.into(),
            evidence: vec![e],
        });
    }
}

/// `"packageManager": "pnpm@9.12.0+sha512..."` → pnpm 9.12.0; else pnpm's lockfile format
/// (`lockfileVersion: '9.0'` is pnpm 9) or Yarn's `yarnPath` release.
fn package_manager_version(index: &RepoIndex, facts: &mut Facts) {
    if let Some(text) = index.text("package.json")
        && let Ok(pkg) = serde_json::from_str::<Value>(text)
        && let Some(pm) = pkg.get("packageManager").and_then(Value::as_str)
        && let Some((name, version)) = pm.split_once('@')
    {
        let version = version.split('+').next().unwrap_or("");
        if is_release(version) {
            let e = ev(
                "package.json",
                line_of(text, "\"packageManager\""),
                format!("{ID}/packageManager"),
            );
            push_tool(facts, name, version, e);
        }
    }
    if let Some(text) = index.text("pnpm-lock.yaml")
        && let Some((n, line)) = numbered(text).find(|(_, l)| l.starts_with("lockfileVersion:"))
    {
        let v = line["lockfileVersion:".len()..]
            .trim()
            .trim_matches(['\'', '"']);
        let pnpm = match v.split('.').next() {
            Some("9") => Some("9"),
            Some("6") => Some("8"),
            Some("5") => Some("7"),
            _ => None,
        };
        if let Some(p) = pnpm {
            push_tool(
                facts,
                "pnpm",
                p,
                ev(
                    "pnpm-lock.yaml",
                    Some(n),
                    format!("{ID}/pnpm-lockfileVersion"),
                ),
            );
        }
    }
    // asdf/mise `.tool-versions`: `erlang 27.1`, `hugo extended_0.134.3`, `pnpm 9.12.3`.
    if let Some(text) = index.text(".tool-versions") {
        for (n, line) in numbered(text) {
            let mut words = line.split_whitespace();
            let (Some(tool), Some(v)) = (words.next(), words.next()) else {
                continue;
            };
            let v = v.trim_start_matches("extended_");
            if ["erlang", "hugo", "pnpm", "yarn", "bun"].contains(&tool) && is_release(v) {
                push_tool(
                    facts,
                    tool,
                    v,
                    ev(".tool-versions", Some(n), format!("{ID}/.tool-versions")),
                );
            }
        }
    }
    // Netlify's build image takes Hugo's version from HUGO_VERSION.
    if let Some(text) = index.text("netlify.toml")
        && let Some((n, line)) =
            numbered(text).find(|(_, l)| l.trim_start().starts_with("HUGO_VERSION"))
        && let Some(v) = line.split('"').nth(1).filter(|v| is_release(v))
    {
        push_tool(
            facts,
            "hugo",
            v,
            ev(
                "netlify.toml",
                Some(n),
                format!("{ID}/netlify-HUGO_VERSION"),
            ),
        );
    }
    if let Some(text) = index.text(".yarnrc.yml") {
        let release = numbered(text).find_map(|(n, l)| {
            let path = l.trim().strip_prefix("yarnPath:")?.trim();
            let v = file_name(path)
                .strip_prefix("yarn-")?
                .strip_suffix(".cjs")?
                .to_string();
            Some((n, v))
        });
        if let Some((n, v)) = release {
            push_tool(
                facts,
                "yarn",
                &v,
                ev(".yarnrc.yml", Some(n), format!("{ID}/yarnPath")),
            );
        }
    }
}

const TEST_DIRS: &[&str] = &["tests", "test", "spec", "__tests__", "src/test", "t"];

fn is_test_file(path: &str) -> bool {
    let name = file_name(path);
    let stem = name.split('.').next().unwrap_or(name);
    let code = [
        ".py", ".rb", ".go", ".js", ".ts", ".jsx", ".tsx", ".mjs", ".cjs", ".java", ".kt", ".cs",
        ".fs", ".php", ".exs", ".ex", ".rs", ".vue", ".svelte",
    ]
    .iter()
    .any(|e| name.ends_with(e));
    code && (name.contains(".test.")
        || name.contains(".spec.")
        || stem.ends_with("_test")
        || stem.ends_with("_spec")
        || stem.starts_with("test_")
        || stem == "tests"
        || stem.ends_with("Test")
        || stem.ends_with("Tests"))
}

/// The first test files (by name, or in a test folder), at most three.
fn tests(index: &RepoIndex, facts: &mut Facts) {
    let mut found: Vec<Evidence> = Vec::new();
    for f in index.files() {
        if found.len() == 3 {
            break;
        }
        let in_dir = TEST_DIRS
            .iter()
            .any(|d| f.path.starts_with(&format!("{d}/")));
        if is_test_file(&f.path) || (in_dir && f.lang.is_some()) {
            found.push(ev(&f.path, None, format!("{ID}/test-file")));
        }
    }
    facts.tests = found;
}

/// A test command the repository never runs fails, or tests nothing: without tests there is
/// no test step (the repository's own CI command stays: it runs it).
fn drop_test_command_without_tests(facts: &mut Facts) {
    let keep = facts.commands.test.as_ref().is_some_and(|t| {
        t.evidence.iter().any(|e| {
            e.rule.starts_with(&format!("{ID}/ci"))
                || e.rule.starts_with("dotnet/test-project")
                || e.rule.starts_with("rust/")
        })
    });
    if !keep {
        facts.commands.test = None;
    }
}

/// Rails: the `test:` database of config/database.yml (SQLite needs no service).
fn rails_test_database(index: &RepoIndex, facts: &mut Facts) {
    let path = "config/database.yml";
    let Some(text) = index.text(path) else { return };
    let Some(test_line) = numbered(text)
        .find(|(_, l)| l.starts_with("test:"))
        .map(|(n, _)| n)
    else {
        return;
    };
    let adapter = numbered(text).find_map(|(_, l)| {
        let a = l.trim().strip_prefix("adapter:")?.trim();
        Some(a.trim_matches(['"', '\'']).to_string())
    });
    let kind = match adapter.as_deref() {
        Some("postgresql" | "postgis") => "postgres",
        Some("mysql2" | "trilogy") => "mysql",
        _ => return,
    };
    add_service(
        facts,
        kind,
        None,
        ev(path, Some(test_line), format!("{ID}/database.yml-test")),
    );
}

/// `DATABASE_URL` / `REDIS_URL` of the test environment's dotenv file.
fn dotenv_test_database(index: &RepoIndex, facts: &mut Facts) {
    for path in [".env.test", ".env.testing", ".env.ci"] {
        let Some(text) = index.text(path) else {
            continue;
        };
        for (n, line) in numbered(text) {
            let Some((key, value)) = line.split_once('=') else {
                continue;
            };
            let value = value.trim().trim_matches(['"', '\'']);
            let kind = match key.trim() {
                "DATABASE_URL" | "TEST_DATABASE_URL" => {
                    if value.starts_with("postgres") {
                        "postgres"
                    } else if value.starts_with("mysql") {
                        "mysql"
                    } else {
                        continue;
                    }
                }
                "REDIS_URL" if value.starts_with("redis") => "redis",
                _ => continue,
            };
            add_service(
                facts,
                kind,
                None,
                ev(path, Some(n), format!("{ID}/dotenv-test")),
            );
        }
    }
}

/// Django's test runner creates its test database on the server `DATABASES` names.
fn django_test_database(facts: &mut Facts) {
    if facts.tests.is_empty() || !facts.frameworks.iter().any(|f| f.name == "django") {
        return;
    }
    let engines: Vec<(String, Evidence)> = facts
        .databases
        .iter()
        .filter(|d| d.name == "postgres" || d.name == "mysql")
        .filter_map(|d| {
            let e = d
                .evidence
                .iter()
                .find(|e| e.rule.ends_with("code:django-engine"))?;
            Some((d.name.clone(), e.clone()))
        })
        .collect();
    for (kind, mut e) in engines {
        e.rule = format!("{ID}/django-test-database");
        add_service(facts, &kind, None, e);
    }
}

/// Database images of the compose file, for the databases the app uses (its tests run against
/// the same engine).
fn compose(index: &RepoIndex, facts: &mut Facts) {
    let files = [
        "compose.yaml",
        "compose.yml",
        "docker-compose.yml",
        "docker-compose.yaml",
        "docker-compose.test.yml",
    ];
    for path in files {
        let Some(text) = index.text(path) else {
            continue;
        };
        for (_, _, image) in super::docker::compose_services(text) {
            let Some((line, image)) = image else { continue };
            let Some(kind) = service_kind(&image) else {
                continue;
            };
            let used = facts.databases.iter().any(|d| d.name == kind);
            if used && !image.contains('$') && !facts.tests.is_empty() {
                add_service(
                    facts,
                    kind,
                    Some(&image),
                    ev(path, Some(line), format!("{ID}/compose-service")),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect(files: &[(&str, &str)]) -> Facts {
        let mut facts = Facts::default();
        Toolchain.detect(&RepoIndex::from_texts(files), &mut facts);
        facts
    }

    #[test]
    fn workflow_services_versions_and_test_command() {
        let wf = "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    services:\n      postgres:\n        image: postgres:16\n        ports: ['5432:5432']\n      redis:\n        image: redis:7\n    steps:\n      - uses: actions/checkout@v4\n      - uses: ruby/setup-ruby@v1\n        with:\n          ruby-version: '3.3.4'\n          bundler-cache: true\n      - uses: peaceiris/actions-hugo@v3\n        with:\n          hugo-version: '0.134.0'\n      - run: |\n          bin/rails db:setup\n          bin/rails test\n";
        let f = detect(&[
            (".github/workflows/ci.yml", wf),
            ("test/models/user_test.rb", ""),
        ]);
        let names: Vec<_> = f.test_services.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["postgres", "redis"]);
        assert_eq!(f.test_services[0].image.as_deref(), Some("postgres:16"));
        assert_eq!(f.runtime_versions[0].version, "3.3.4");
        assert_eq!(f.tool_versions[0].version, "0.134.0");
        assert_eq!(f.commands.test.unwrap().value, "bin/rails test");
    }

    #[test]
    fn makefile_test_target_when_nothing_else_says() {
        let f = detect(&[
            (
                "Makefile",
                "build:\n\tcc -o app main.c\n\ntest: build\n\t./run-tests.sh\n",
            ),
            ("tests/run_test.py", ""),
        ]);
        let t = f.commands.test.unwrap();
        assert_eq!(t.value, "make test");
        assert_eq!(t.evidence[0].to_string(), "Makefile:4");
    }

    #[test]
    fn package_manager_versions_and_no_tests() {
        let mut facts = Facts::default();
        facts.commands.test = Some(Valued {
            value: "go test ./...".into(),
            evidence: vec![ev("go.mod", None, "go/go.mod")],
        });
        let index = RepoIndex::from_texts(&[
            (
                "package.json",
                r#"{"packageManager":"pnpm@9.12.3+sha512.abc"}"#,
            ),
            ("main.go", "package main"),
        ]);
        Toolchain.detect(&index, &mut facts);
        assert_eq!(facts.tool_versions[0].version, "9.12.3");
        assert!(facts.tests.is_empty());
        assert!(facts.commands.test.is_none());
    }
}
