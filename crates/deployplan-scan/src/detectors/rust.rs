//! Rust: Cargo.toml dependencies and features; Axum and Actix Web; Diesel and SQLx
//! migrations; websockets via axum's `ws` feature or tungstenite.

use deployplan_core::Facts;
use deployplan_core::facts::{MigrationFact, RuntimeVersion};

use super::Detector;
use crate::deps::Deps;
use crate::index::RepoIndex;
use crate::record::{add, claim_commands, ev, numbered, set_once};
use crate::rules::{Rule, When::*, apply, rule};

pub struct Rust;

const ID: &str = "rust";

static FRAMEWORKS: &[Rule] = &[
    rule("axum", Dep("axum")),
    rule("actix", Dep("actix-web")),
    rule("rocket", Dep("rocket")),
    rule("warp", Dep("warp")),
    rule("poem", Dep("poem")),
];

static DATABASES: &[Rule] = &[
    rule("postgres", Dep("tokio-postgres")),
    rule("postgres", Dep("postgres")),
    rule("postgres", Dep("deadpool-postgres")),
    rule("mysql", Dep("mysql_async")),
    rule("mysql", Dep("mysql")),
    rule("sqlite", Dep("rusqlite")),
    rule("mongodb", Dep("mongodb")),
    rule("redis", Dep("redis")),
    rule("redis", Dep("deadpool-redis")),
];

static OTHERS: &[(&str, Rule)] = &[
    ("worker", rule("apalis", Dep("apalis"))),
    (
        "schedule",
        rule("tokio-cron-scheduler", Dep("tokio-cron-scheduler")),
    ),
    ("ws", rule("tokio-tungstenite", Dep("tokio-tungstenite"))),
    ("ws", rule("actix-ws", Dep("actix-ws"))),
    ("ws", rule("actix-ws", Dep("actix-web-actors"))),
    (
        "ws",
        rule("server-sent-events", Code("ws:server-sent-events")),
    ),
];

/// Dependency names with their line, and each dependency's features.
fn cargo_deps(text: &str, doc: &toml::Table) -> (Deps, Vec<(String, Vec<String>)>) {
    let mut deps = Deps::default();
    let mut features = Vec::new();
    for section in ["dependencies", "dev-dependencies"] {
        let Some(table) = doc.get(section).and_then(toml::Value::as_table) else {
            continue;
        };
        for (name, spec) in table {
            let line = numbered(text)
                .find(|(_, l)| {
                    let l = l.trim_start();
                    l.starts_with(name.as_str())
                        && l[name.len()..].trim_start().starts_with(['=', '.'])
                })
                .map(|(n, _)| n);
            deps.push(name, "Cargo.toml", line, section != "dependencies");
            let f = spec
                .get("features")
                .and_then(toml::Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default();
            features.push((name.clone(), f));
        }
    }
    (deps, features)
}

impl Detector for Rust {
    fn id(&self) -> &'static str {
        ID
    }

    fn frameworks(&self) -> Vec<&'static str> {
        crate::rules::facts_of(FRAMEWORKS).collect()
    }

    fn detect(&self, index: &RepoIndex, facts: &mut Facts) {
        let Some(text) = index.text("Cargo.toml") else {
            return;
        };
        let Ok(doc) = text.parse::<toml::Table>() else {
            return;
        };
        let (deps, features) = cargo_deps(text, &doc);
        let has_feature = |dep: &str, feature: &str| {
            features
                .iter()
                .any(|(d, f)| d == dep && f.iter().any(|x| x.contains(feature)))
        };
        apply(ID, FRAMEWORKS, &deps, index, &mut facts.frameworks);
        apply(ID, DATABASES, &deps, index, &mut facts.databases);
        for (dep, feature, db) in [
            ("sqlx", "postgres", "postgres"),
            ("sqlx", "mysql", "mysql"),
            ("sqlx", "sqlite", "sqlite"),
            ("diesel", "postgres", "postgres"),
            ("diesel", "mysql", "mysql"),
            ("diesel", "sqlite", "sqlite"),
            ("sea-orm", "postgres", "postgres"),
            ("sea-orm", "mysql", "mysql"),
            ("sea-orm", "sqlite", "sqlite"),
        ] {
            if has_feature(dep, feature)
                && let Some(d) = deps.get(dep)
            {
                let mut e = d.evidence(ID);
                e.rule = format!("{ID}/feature:{dep}/{feature}");
                add(&mut facts.databases, db, e);
            }
        }
        for (kind, r) in OTHERS {
            let list = match *kind {
                "worker" => &mut facts.workers,
                "schedule" => &mut facts.schedules,
                _ => &mut facts.websockets,
            };
            apply(ID, std::slice::from_ref(r), &deps, index, list);
        }
        if has_feature("axum", "ws")
            && let Some(d) = deps.get("axum")
        {
            let mut e = d.evidence(ID);
            e.rule = format!("{ID}/feature:axum/ws");
            add(&mut facts.websockets, "axum-ws", e);
        }
        let lock = index
            .root_file("Cargo.lock")
            .unwrap_or_else(|| "Cargo.toml".into());
        let cargo = ev(&lock, None, format!("{ID}/cargo"));
        add(&mut facts.package_managers, "cargo", cargo.clone());
        let package = doc.get("package");
        let bin = doc
            .get("bin")
            .and_then(|b| b.as_array()?.first()?.get("name")?.as_str())
            .or_else(|| package?.get("name")?.as_str());
        if claim_commands(facts, ID) {
            let cmds = &mut facts.commands;
            set_once(&mut cmds.install, "cargo fetch".into(), cargo.clone());
            set_once(&mut cmds.test, "cargo test".into(), cargo.clone());
            set_once(
                &mut cmds.build,
                "cargo build --release".into(),
                cargo.clone(),
            );
            if let Some(bin) = bin
                && !facts.frameworks.is_empty()
            {
                set_once(&mut cmds.start, format!("./target/release/{bin}"), cargo);
            }
        }
        runtime(index, facts, text);
        if facts.migration_tool.is_none() {
            let diesel = index
                .first(&["diesel.toml"])
                .map(|p| ev(p, None, format!("{ID}/file:{p}")));
            let sqlx_code = index
                .hits("mig:sqlx")
                .next()
                .map(|h| ev(&h.path, Some(h.line), format!("{ID}/code:sqlx::migrate!")));
            if let (Some(e), true) = (diesel, deps.has("diesel")) {
                facts.migration_tool = Some(MigrationFact {
                    name: "diesel".into(),
                    command: "diesel migration run".into(),
                    install: None,
                    evidence: vec![e],
                });
            } else if let (Some(e), true) = (sqlx_code, deps.has("sqlx")) {
                facts.migration_tool = Some(MigrationFact {
                    name: "sqlx".into(),
                    command: "sqlx migrate run".into(),
                    install: None,
                    evidence: vec![e],
                });
            } else if let (Some(d), true) = (deps.get("sqlx"), index.has_dir("migrations")) {
                facts.migration_tool = Some(MigrationFact {
                    name: "sqlx".into(),
                    command: "sqlx migrate run".into(),
                    install: None,
                    evidence: vec![d.evidence(ID)],
                });
            }
        }
    }
}

fn runtime(index: &RepoIndex, facts: &mut Facts, cargo: &str) {
    let found = if let Some(t) = index.text("rust-toolchain.toml") {
        numbered(t).find_map(|(n, l)| {
            let v = l
                .trim()
                .strip_prefix("channel")?
                .trim_start()
                .strip_prefix('=')?
                .trim()
                .trim_matches('"');
            Some((
                v.to_string(),
                ev(
                    "rust-toolchain.toml",
                    Some(n),
                    format!("{ID}/rust-toolchain"),
                ),
            ))
        })
    } else if let Some(t) = index
        .text("rust-toolchain")
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        Some((
            t.to_string(),
            ev("rust-toolchain", Some(1), format!("{ID}/rust-toolchain")),
        ))
    } else {
        numbered(cargo).find_map(|(n, l)| {
            let v = l
                .trim()
                .strip_prefix("rust-version")?
                .trim_start()
                .strip_prefix('=')?
                .trim()
                .trim_matches('"');
            Some((
                v.to_string(),
                ev("Cargo.toml", Some(n), format!("{ID}/rust-version")),
            ))
        })
    };
    if let Some((version, e)) = found {
        facts.runtime_versions.push(RuntimeVersion {
            runtime: "rust".into(),
            version,
            evidence: vec![e],
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axum_with_sqlx_postgres_and_ws() {
        let cargo = "[package]\nname = \"api\"\nrust-version = \"1.80\"\n\n[dependencies]\naxum = { version = \"0.8\", features = [\"ws\"] }\nsqlx = { version = \"0.8\", features = [\"runtime-tokio\", \"postgres\", \"migrate\"] }\ntokio = \"1\"\n";
        let index = RepoIndex::from_texts(&[
            ("Cargo.toml", cargo),
            (
                "src/main.rs",
                "sqlx::migrate!().run(&pool).await?;\nlet listener = TcpListener::bind(\"0.0.0.0:3000\").await?;",
            ),
            ("migrations/0001_init.sql", "create table t();"),
        ]);
        let mut f = Facts::default();
        Rust.detect(&index, &mut f);
        assert_eq!(f.frameworks[0].name, "axum");
        assert_eq!(f.frameworks[0].evidence[0].line, Some(6));
        assert_eq!(f.databases[0].name, "postgres");
        assert_eq!(f.websockets[0].name, "axum-ws");
        assert_eq!(f.migration_tool.unwrap().command, "sqlx migrate run");
        assert_eq!(f.commands.start.unwrap().value, "./target/release/api");
        assert_eq!(f.runtime_versions[0].version, "1.80");
    }
}
