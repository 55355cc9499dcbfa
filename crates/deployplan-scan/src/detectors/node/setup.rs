//! The runtime version, the migrations and the secrets a Node app needs.

use deployplan_core::Facts;
use deployplan_core::facts::{MigrationFact, RuntimeVersion};
use serde_json::Value;

use super::ID;
use super::commands::run;
use crate::deps::Deps;
use crate::index::RepoIndex;
use crate::record::{add_env, ev, line_of};

pub(super) fn runtime(index: &RepoIndex, facts: &mut Facts, pkg: &Value, text: &str) {
    let mut found = None;
    for file in [".nvmrc", ".node-version"] {
        if let Some(v) = index.text(file).map(str::trim).filter(|v| !v.is_empty()) {
            found = Some((
                v.trim_start_matches('v').to_string(),
                ev(file, Some(1), format!("{ID}/{file}")),
            ));
            break;
        }
    }
    if found.is_none()
        && let Some(tv) = index.text(".tool-versions")
    {
        found = crate::record::numbered(tv).find_map(|(n, l)| {
            let v = l
                .strip_prefix("nodejs ")
                .or_else(|| l.strip_prefix("node "))?;
            Some((
                v.trim().to_string(),
                ev(".tool-versions", Some(n), format!("{ID}/.tool-versions")),
            ))
        });
    }
    if found.is_none()
        && let Some(v) = pkg.pointer("/engines/node").and_then(Value::as_str)
    {
        let line = line_of(text, "\"engines\"");
        found = Some((
            v.to_string(),
            ev("package.json", line, format!("{ID}/engines.node")),
        ));
    }
    if let Some((version, e)) = found {
        facts.runtime_versions.push(RuntimeVersion {
            runtime: "node".into(),
            version,
            evidence: vec![e],
        });
    }
}

pub(super) fn migrations(index: &RepoIndex, facts: &mut Facts, deps: &Deps, pkg: &Value, pm: &str) {
    if facts.migration_tool.is_some() {
        return;
    }
    let exec = match pm {
        "pnpm" => "pnpm exec",
        "yarn" => "yarn",
        "bun" => "bunx",
        _ => "npx",
    };
    let file_ev = |paths: &[&str]| {
        index
            .first(paths)
            .map(|p| ev(p, None, format!("{ID}/file:{p}")))
    };
    let dep_ev = |name: &str| deps.get(name).map(|d| d.evidence(ID));
    let mut found: Option<(&str, String, Vec<_>)> = None;
    if deps.has("prisma") || deps.has("@prisma/client") {
        let evidence: Vec<_> = [
            file_ev(&["prisma/schema.prisma", "schema.prisma"]),
            dep_ev("prisma"),
            dep_ev("@prisma/client"),
        ]
        .into_iter()
        .flatten()
        .collect();
        found = Some(("prisma", format!("{exec} prisma migrate deploy"), evidence));
    } else if deps.has("drizzle-kit") {
        let cfg = file_ev(&[
            "drizzle.config.ts",
            "drizzle.config.js",
            "drizzle.config.mjs",
        ]);
        let evidence = [cfg, dep_ev("drizzle-kit")].into_iter().flatten().collect();
        found = Some(("drizzle", format!("{exec} drizzle-kit migrate"), evidence));
    } else if deps.has("knex")
        && (index
            .first(&["knexfile.js", "knexfile.ts", "knexfile.cjs"])
            .is_some()
            || index.has_dir("migrations"))
    {
        let cfg = file_ev(&["knexfile.js", "knexfile.ts", "knexfile.cjs"]);
        let evidence = [cfg, dep_ev("knex")].into_iter().flatten().collect();
        found = Some(("knex", format!("{exec} knex migrate:latest"), evidence));
    } else if deps.has("typeorm") {
        let scripts = pkg.get("scripts").and_then(Value::as_object);
        let named = scripts.and_then(|s| {
            s.iter()
                .find(|(_, v)| v.as_str().is_some_and(|v| v.contains("migration:run")))
                .map(|(k, _)| k.clone())
        });
        let command = match named {
            Some(name) => run(pm, &name),
            None => format!("{exec} typeorm migration:run -d src/data-source.ts"),
        };
        found = Some(("typeorm", command, dep_ev("typeorm").into_iter().collect()));
    } else if deps.has("sequelize-cli") || index.has(".sequelizerc") {
        let evidence = [file_ev(&[".sequelizerc"]), dep_ev("sequelize-cli")]
            .into_iter()
            .flatten()
            .collect();
        found = Some((
            "sequelize",
            format!("{exec} sequelize-cli db:migrate"),
            evidence,
        ));
    }
    if let Some((name, command, evidence)) = found {
        facts.migration_tool = Some(MigrationFact {
            name: name.into(),
            command,
            install: None,
            evidence,
        });
    }
}

pub(super) fn secrets(index: &RepoIndex, facts: &mut Facts, deps: &Deps) {
    let mut require = |name: &str, e| add_env(facts, name, "framework", e);
    for dep in ["express-session", "cookie-session"] {
        if let Some(d) = deps.get(dep) {
            require("SESSION_SECRET", d.evidence(ID));
        }
    }
    if let Some(h) = index.hits("session:storage").next() {
        require(
            "SESSION_SECRET",
            ev(&h.path, Some(h.line), format!("{ID}/code:session-storage")),
        );
    }
    if let Some(d) = deps.get("next-auth") {
        require("NEXTAUTH_SECRET", d.evidence(ID));
    }
    if let Some(d) = deps.with_prefix("@auth/") {
        require("AUTH_SECRET", d.evidence(ID));
    }
}
