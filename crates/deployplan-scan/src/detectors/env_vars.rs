//! Env var names the app needs: read by the code (every language's idiom), listed in
//! .env.example-style files, required by the framework (added by the ecosystem detectors), or
//! implied by a detected database or cache. Also infers databases from connection-URL schemes
//! and names. Names only: values are never recorded.

use deployplan_core::Facts;

use super::Detector;
use crate::index::{RepoIndex, file_name};
use crate::record::{add, add_env, ev};

pub struct EnvVars;

const ID: &str = "env_vars";

/// Built-in `import.meta.env` keys Vite sets itself.
const VITE_BUILTINS: &[&str] = &["MODE", "DEV", "PROD", "SSR", "BASE_URL"];

/// Variables the OS, the shell, npm or the CI runner set: never the app's config to provide.
/// The runner's and the shell's own names are core's one list
/// ([`reserved`](deployplan_core::answers::reserved)); these are the few it leaves to the scan.
fn is_ambient(name: &str) -> bool {
    const NAMES: &[&str] = &["TEMP", "TMP", "EDITOR"];
    const PREFIXES: &[&str] = &["npm_"];
    deployplan_core::answers::reserved::is_reserved(name)
        || NAMES.contains(&name)
        || PREFIXES.iter().any(|p| name.starts_with(p))
}

/// A dotenv-shaped file: `.env`, `.env.production`, `.env.example`, `prod.env`, `env.example`.
pub fn is_dotenv(name: &str) -> bool {
    name == ".env" || name.starts_with(".env.") || name.ends_with(".env") || name == "env.example"
}

/// `.env.example` and friends: committed on purpose, with placeholder values.
pub fn is_example(name: &str) -> bool {
    [
        "example", "sample", "template", "dist", "defaults", "schema",
    ]
    .iter()
    .any(|k| name.contains(k))
}

/// `(line, key, value)` of each assignment in a dotenv text.
pub fn assignments(text: &str) -> impl Iterator<Item = (u32, &str, &str)> {
    crate::record::numbered(text).filter_map(|(n, line)| {
        let l = line.trim();
        let l = l.strip_prefix("export ").unwrap_or(l);
        let (key, value) = l.split_once('=')?;
        let key = key.trim();
        let valid = !key.is_empty()
            && !key.starts_with(|c: char| c.is_ascii_digit())
            && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        valid.then_some((n, key, value.trim()))
    })
}

fn scheme_database(value: &str) -> Option<&'static str> {
    let v = value.trim_matches(['"', '\'']);
    let scheme = v
        .split_once("://")
        .map(|(s, _)| s)
        .or_else(|| v.strip_prefix("file:").map(|_| "file"))?;
    Some(match scheme.split('+').next().unwrap_or(scheme) {
        "postgres" | "postgresql" => "postgres",
        "mysql" | "mariadb" | "mysql2" => "mysql",
        "sqlite" | "file" => "sqlite",
        "mongodb" => "mongodb",
        "redis" | "rediss" => "redis",
        _ => return None,
    })
}

fn name_database(name: &str) -> Option<&'static str> {
    Some(match name {
        "REDIS_URL" | "REDIS_TLS_URL" | "REDIS_HOST" | "UPSTASH_REDIS_REST_URL" | "KV_URL" => {
            "redis"
        }
        "MONGODB_URI" | "MONGODB_URL" | "MONGO_URL" | "MONGO_URI" => "mongodb",
        "POSTGRES_URL" | "POSTGRES_PRISMA_URL" | "PGHOST" | "PGDATABASE" => "postgres",
        "MYSQL_URL" | "MYSQL_HOST" => "mysql",
        _ => return None,
    })
}

impl Detector for EnvVars {
    fn id(&self) -> &'static str {
        ID
    }

    fn detect(&self, index: &RepoIndex, facts: &mut Facts) {
        for h in index.hits_with_prefix("env:") {
            if h.rule == "env:import.meta.env" && VITE_BUILTINS.contains(&h.value.as_str()) {
                continue;
            }
            if is_ambient(&h.value) {
                continue;
            }
            add_env(
                facts,
                &h.value,
                "code",
                ev(&h.path, Some(h.line), format!("{ID}/code:{}", &h.rule[4..])),
            );
        }
        let dotenvs = index.texts().filter(|(p, _)| {
            is_dotenv(file_name(p))
                && !p
                    .split('/')
                    .any(|d| matches!(d, "test" | "tests" | "fixtures" | "docs"))
        });
        for (path, text) in dotenvs {
            // Names deployplan appended to the person's file are the design's, not evidence.
            let text = deployplan_core::file::before_added_block(text);
            for (n, key, value) in assignments(text) {
                add_env(
                    facts,
                    key,
                    "example",
                    ev(path, Some(n), format!("{ID}/dotenv-key")),
                );
                let is_url_key =
                    key.ends_with("_URL") || key.ends_with("_URI") || key.ends_with("_DSN");
                if is_url_key && let Some(db) = scheme_database(value) {
                    add(
                        &mut facts.databases,
                        db,
                        ev(path, Some(n), format!("{ID}/connection-url:{key}")),
                    );
                }
            }
        }
        let by_name: Vec<_> = facts
            .env_vars
            .iter()
            .filter(|e| e.source == "code")
            .filter_map(|e| {
                Some((
                    name_database(&e.name)?,
                    e.evidence[0].clone(),
                    e.name.clone(),
                ))
            })
            .collect();
        for (db, mut e, name) in by_name {
            e.rule = format!("{ID}/connection-var:{name}");
            add(&mut facts.databases, db, e);
        }
        platform_declared(index, facts);
        implied(facts);
        namespaced_framework_names(facts);
    }
}

/// A framework's conventional name (`SECRET_KEY` for Django) that the code reads under its
/// own prefix (`DJANGO_SECRET_KEY`, assigned to the setting in settings.py): the code's name
/// is the one to set, so the convention is dropped rather than invented beside it.
fn namespaced_framework_names(facts: &mut Facts) {
    let read: Vec<String> = facts
        .env_vars
        .iter()
        .filter(|e| e.source == "code" || e.source == "example")
        .map(|e| e.name.clone())
        .collect();
    facts.env_vars.retain(|e| {
        e.source != "framework"
            || !read
                .iter()
                .any(|n| n != &e.name && n.ends_with(&format!("_{}", e.name)))
    });
}

/// Names a platform config declares for the app: Heroku app.json `env`, render.yaml `envVars`.
fn platform_declared(index: &RepoIndex, facts: &mut Facts) {
    if let Some(text) = index.text("app.json")
        && let Ok(doc) = serde_json::from_str::<serde_json::Value>(text)
        && let Some(env) = doc.get("env").and_then(|e| e.as_object())
    {
        for key in env.keys() {
            let line = crate::record::line_of(text, &format!("\"{key}\""));
            add_env(
                facts,
                key,
                "example",
                ev("app.json", line, format!("{ID}/app.json-env")),
            );
        }
    }
    for path in ["render.yaml", "render.yml"] {
        let Some(text) = index.text(path) else {
            continue;
        };
        for (n, line) in crate::record::numbered(text) {
            let t = line.trim().trim_start_matches("- ");
            if let Some(key) = t
                .strip_prefix("key:")
                .map(|k| k.trim().trim_matches(['"', '\'']))
            {
                add_env(
                    facts,
                    key,
                    "example",
                    ev(path, Some(n), format!("{ID}/render-envVars")),
                );
            }
        }
    }
}

/// `DATABASE_URL` for a SQL database, `MONGODB_URI` for MongoDB, `REDIS_URL` for Redis, unless
/// the app already names its connection another way.
fn implied(facts: &mut Facts) {
    let names: Vec<String> = facts.env_vars.iter().map(|e| e.name.clone()).collect();
    let has = |pred: &dyn Fn(&str) -> bool| names.iter().any(|n| pred(n));
    let sql_named = has(&|n| {
        n == "DATABASE_URL"
            || n == "DB_URL"
            || n == "DB_HOST"
            || n == "DATABASE_HOST"
            || n == "PGHOST"
            || n.ends_with("_DATABASE_URL")
            || n.starts_with("POSTGRES_")
            || n.starts_with("MYSQL_")
            || n.starts_with("ConnectionStrings")
    });
    let implied = [
        ("postgres", "DATABASE_URL", sql_named),
        ("mysql", "DATABASE_URL", sql_named),
        ("sqlserver", "DATABASE_URL", sql_named),
        (
            "mongodb",
            "MONGODB_URI",
            has(&|n| n.starts_with("MONGO") || n == "DATABASE_URL"),
        ),
        (
            "redis",
            "REDIS_URL",
            // A Celery broker or cache URL the code reads is the Redis connection.
            has(&|n| {
                n.contains("REDIS")
                    || n.starts_with("KV_")
                    || n.contains("BROKER_URL")
                    || n == "CACHE_URL"
            }),
        ),
    ];
    for (db, var, named) in implied {
        if named {
            continue;
        }
        let Some(d) = facts.databases.iter().find(|d| d.name == db) else {
            continue;
        };
        let mut e = d.evidence[0].clone();
        e.rule = format!("{ID}/implied-by:{db}");
        add_env(facts, var, "database", e);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_example_and_implied_vars() {
        let index = RepoIndex::from_texts(&[
            (
                "src/app.ts",
                "const key = process.env.STRIPE_KEY;\nconst m = import.meta.env.MODE;\nconst r = process.env.REDIS_URL;",
            ),
            (
                ".env.example",
                "# comment\nexport DATABASE_URL=postgresql://user:pass@localhost:5432/app\nSTRIPE_KEY=\n",
            ),
            ("src/app.test.ts", "process.env.TEST_ONLY"),
        ]);
        let mut f = Facts::default();
        f.databases.push(deployplan_core::facts::Detected {
            name: "redis".into(),
            evidence: vec![ev("package.json", Some(3), "node/dependency:ioredis")],
        });
        EnvVars.detect(&index, &mut f);
        let vars: Vec<_> = f
            .env_vars
            .iter()
            .map(|e| (e.name.as_str(), e.source.as_str()))
            .collect();
        assert_eq!(
            vars,
            [
                ("STRIPE_KEY", "code"),
                ("REDIS_URL", "code"),
                ("DATABASE_URL", "example")
            ]
        );
        let dbs: Vec<_> = f.databases.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(dbs, ["redis", "postgres"]);
    }

    #[test]
    fn ambient_and_test_runner_variables_are_not_app_config() {
        let index = RepoIndex::from_texts(&[
            (
                "jest.config.js",
                "module.exports = { ci: process.env.CI_MODE };",
            ),
            (
                "src/a.js",
                "process.env.CI; process.env.npm_package_version; process.env.GITHUB_ID;",
            ),
        ]);
        let mut f = Facts::default();
        EnvVars.detect(&index, &mut f);
        let names: Vec<_> = f.env_vars.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["GITHUB_ID"]);
    }

    #[test]
    fn platform_configs_declare_names() {
        let index = RepoIndex::from_texts(&[
            ("app.json", r#"{"env": {"MONGO_URI": {"required": true}}}"#),
            (
                "render.yaml",
                "services:\n  - type: web\n    envVars:\n      - key: API_TOKEN\n        sync: false\n",
            ),
        ]);
        let mut f = Facts::default();
        EnvVars.detect(&index, &mut f);
        let names: Vec<_> = f
            .env_vars
            .iter()
            .map(|e| (e.name.as_str(), e.evidence[0].line))
            .collect();
        assert_eq!(names, [("MONGO_URI", Some(1)), ("API_TOKEN", Some(4))]);
    }

    #[test]
    fn database_implies_its_url() {
        let mut f = Facts::default();
        f.databases.push(deployplan_core::facts::Detected {
            name: "postgres".into(),
            evidence: vec![ev("requirements.txt", Some(2), "python/dependency:psycopg")],
        });
        EnvVars.detect(&RepoIndex::default(), &mut f);
        assert_eq!(
            (f.env_vars[0].name.as_str(), f.env_vars[0].source.as_str()),
            ("DATABASE_URL", "database")
        );
        assert_eq!(
            f.env_vars[0].evidence[0].rule,
            "env_vars/implied-by:postgres"
        );
    }
}
