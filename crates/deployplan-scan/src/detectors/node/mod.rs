//! Node.js / TypeScript: package.json dependencies and scripts, lockfiles, framework configs,
//! Prisma/Drizzle/Knex/TypeORM/Sequelize, BullMQ and friends, socket.io/ws.

use deployplan_core::Facts;
use serde_json::Value;

mod commands;
mod legacy;
mod output;
mod setup;

use commands::{WORKER_ENTRIES, commands, run};
use setup::{migrations, runtime, secrets};

use super::Detector;
use crate::deps::Deps;
use crate::index::RepoIndex;
use crate::record::{add, claim_commands, ev, line_of, set_once};
use crate::rules::{Rule, When::*, apply, rule, rule_unless};

pub struct Node;

pub(super) const ID: &str = "node";

/// Frameworks that render a page per route (or run a server): not a single-page app, and
/// their router's paths are files or requests the framework answers.
const META: &[&str] = &[
    "nextjs",
    "nuxt",
    "sveltekit",
    "remix",
    "astro",
    "gatsby",
    "docusaurus",
    "eleventy",
];
/// A bare Vite is the app's framework only when nothing else is: not a Laravel, Rails or
/// Django app's asset pipeline, not an SPA framework's bundler.
const VITE_UNLESS: &[&str] = &[
    "nextjs",
    "nuxt",
    "sveltekit",
    "remix",
    "astro",
    "gatsby",
    "docusaurus",
    "eleventy",
    "angular",
    "react-spa",
    "vue",
    "svelte",
    "laravel",
    "symfony",
    "rails",
    "django",
    "flask",
    "phoenix",
    "spring-boot",
];

/// Specific meta-frameworks first, then SPAs, then generic servers.
static FRAMEWORKS: &[Rule] = &[
    rule("nextjs", Dep("next")),
    rule("nuxt", Dep("nuxt")),
    rule("nuxt", Dep("nuxt3")),
    rule("sveltekit", Dep("@sveltejs/kit")),
    rule("remix", DepPrefix("@remix-run/")),
    rule("remix", Dep("@react-router/dev")),
    rule("astro", Dep("astro")),
    rule("gatsby", Dep("gatsby")),
    rule("docusaurus", Dep("@docusaurus/core")),
    rule("eleventy", Dep("@11ty/eleventy")),
    rule("nestjs", Dep("@nestjs/core")),
    rule("angular", Dep("@angular/core")),
    rule_unless("react-spa", Dep("react-scripts"), META),
    rule_unless("react-spa", Both("react", "vite"), META),
    rule_unless("react-spa", Both("react", "parcel"), META),
    rule_unless("react-spa", Both("react", "webpack"), META),
    rule_unless("react-spa", Both("react", "@rsbuild/core"), META),
    rule_unless("vue", Dep("vue"), META),
    rule_unless("svelte", Dep("svelte"), META),
    rule_unless("vite", Dep("vite"), VITE_UNLESS),
    rule("express", Dep("express")),
    rule("fastify", Dep("fastify")),
    rule("koa", Dep("koa")),
    rule("hono", Dep("hono")),
    rule("hapi", Dep("@hapi/hapi")),
];

static DATABASES: &[Rule] = &[
    rule("postgres", Dep("pg")),
    rule("postgres", Dep("postgres")),
    rule("postgres", Dep("@neondatabase/serverless")),
    rule("postgres", Dep("@vercel/postgres")),
    rule("mysql", Dep("mysql2")),
    rule("mysql", Dep("mysql")),
    rule("mysql", Dep("@planetscale/database")),
    rule("sqlite", Dep("sqlite3")),
    rule("sqlite", Dep("better-sqlite3")),
    rule("sqlite", Dep("@libsql/client")),
    rule("mongodb", Dep("mongoose")),
    rule("mongodb", Dep("mongodb")),
    rule("redis", Dep("redis")),
    rule("redis", Dep("ioredis")),
    rule("redis", Dep("@upstash/redis")),
    rule("redis", Dep("bullmq")),
    rule("redis", Dep("bull")),
    rule("redis", Dep("bee-queue")),
];

static WORKERS: &[Rule] = &[
    rule("bullmq", Dep("bullmq")),
    rule("bull", Dep("bull")),
    rule("bee-queue", Dep("bee-queue")),
    rule("agenda", Dep("agenda")),
    rule("graphile-worker", Dep("graphile-worker")),
    rule("pg-boss", Dep("pg-boss")),
    rule("temporal", Dep("@temporalio/worker")),
];

static SCHEDULES: &[Rule] = &[
    rule("node-cron", Code("sched:node-cron")),
    rule("node-cron", Dep("node-cron")),
    rule("cron", Dep("cron")),
    rule("node-schedule", Dep("node-schedule")),
    rule("agenda", Dep("agenda")),
    rule("nestjs-schedule", Dep("@nestjs/schedule")),
    rule("croner", Dep("croner")),
];

static WEBSOCKETS: &[Rule] = &[
    rule("socket.io", Dep("socket.io")),
    rule("ws", Code("ws:ws")),
    rule("ws", Dep("ws")),
    rule("nestjs-websockets", Code("ws:nestjs-websockets")),
    rule("nestjs-websockets", Dep("@nestjs/websockets")),
    rule("fastify-websocket", Dep("@fastify/websocket")),
    rule("express-ws", Dep("express-ws")),
    rule("uwebsockets", Dep("uWebSockets.js")),
    rule("server-sent-events", Code("ws:server-sent-events")),
];

/// The package manager, from `packageManager`, then lockfiles (here or at the monorepo root).
fn package_manager(index: &RepoIndex, pkg: &Value) -> (&'static str, Option<String>) {
    if let Some(pm) = pkg.get("packageManager").and_then(Value::as_str) {
        for name in ["pnpm", "yarn", "bun", "npm"] {
            if pm.starts_with(&format!("{name}@")) {
                return (name, Some("package.json".into()));
            }
        }
    }
    let locks = [
        ("pnpm-lock.yaml", "pnpm"),
        ("yarn.lock", "yarn"),
        ("bun.lock", "bun"),
        ("bun.lockb", "bun"),
        ("package-lock.json", "npm"),
        ("npm-shrinkwrap.json", "npm"),
    ];
    for (lock, pm) in locks {
        if let Some(path) = index.root_file(lock) {
            return (pm, Some(path));
        }
    }
    ("npm", None)
}

fn deps_of(text: &str, pkg: &Value) -> Deps {
    let mut deps = Deps::default();
    for (section, dev) in [
        ("dependencies", false),
        ("devDependencies", true),
        ("peerDependencies", false),
        ("optionalDependencies", false),
    ] {
        let Some(map) = pkg.get(section).and_then(Value::as_object) else {
            continue;
        };
        let from = text.find(&format!("\"{section}\"")).unwrap_or(0);
        for name in map.keys() {
            let line = text[from..]
                .find(&format!("\"{name}\""))
                .map(|at| crate::record::line_at(text, from + at));
            deps.push(name, "package.json", line, dev);
        }
    }
    deps
}

pub(super) fn script<'a>(pkg: &'a Value, name: &str) -> Option<&'a str> {
    pkg.get("scripts")?.get(name)?.as_str()
}

impl Detector for Node {
    fn id(&self) -> &'static str {
        ID
    }

    fn frameworks(&self) -> Vec<&'static str> {
        let nx = NX_EXECUTORS.iter().map(|(_, fw)| *fw);
        crate::rules::facts_of(FRAMEWORKS)
            .chain(nx)
            .chain(["nestjs", "nextjs-export"])
            .collect()
    }

    fn detect(&self, index: &RepoIndex, facts: &mut Facts) {
        let Some(text) = index.text("package.json") else {
            nx_project(index, facts);
            return;
        };
        let Ok(pkg) = serde_json::from_str::<Value>(text) else {
            return;
        };
        let deps = deps_of(text, &pkg);
        legacy::detect(index, facts);
        apply(ID, FRAMEWORKS, &deps, index, &mut facts.frameworks);
        for (fw, configs) in [
            (
                "nextjs",
                &["next.config.js", "next.config.mjs", "next.config.ts"][..],
            ),
            ("nuxt", &["nuxt.config.ts", "nuxt.config.js"]),
            ("sveltekit", &["svelte.config.js", "svelte.config.ts"]),
            ("remix", &["remix.config.js", "react-router.config.ts"]),
            ("astro", &["astro.config.mjs", "astro.config.ts"]),
            ("angular", &["angular.json"]),
        ] {
            if let (true, Some(path)) = (facts.has_framework(fw), index.first(configs)) {
                add(
                    &mut facts.frameworks,
                    fw,
                    ev(path, None, format!("{ID}/file:{path}")),
                );
            }
        }
        apply(ID, DATABASES, &deps, index, &mut facts.databases);
        apply(ID, WORKERS, &deps, index, &mut facts.workers);
        // The file that starts the worker, first among its evidence: the worker process runs it.
        if let Some(entry) = index.first(WORKER_ENTRIES) {
            for w in facts
                .workers
                .iter_mut()
                .filter(|w| w.evidence.iter().all(|e| e.path != entry))
            {
                w.evidence
                    .insert(0, ev(entry, None, format!("{ID}/worker-entry")));
            }
        }
        apply(ID, SCHEDULES, &deps, index, &mut facts.schedules);
        apply(ID, WEBSOCKETS, &deps, index, &mut facts.websockets);
        prisma_provider(index, facts);

        let (pm, lock) = package_manager(index, &pkg);
        let pm_ev = ev(
            lock.as_deref().unwrap_or("package.json"),
            None,
            format!(
                "{ID}/{}",
                if lock.is_some() {
                    "lockfile"
                } else {
                    "default-npm"
                }
            ),
        );
        add(&mut facts.package_managers, pm, pm_ev.clone());
        if claim_commands(facts, ID) {
            commands(index, facts, &pkg, text, pm, lock.is_some(), pm_ev);
        } else if script(&pkg, "build").is_some() {
            // A Laravel/Rails/Django app's asset build: the backend owns the other commands,
            // and its own build step (`assets:precompile`, `collectstatic`) runs after the
            // assets exist.
            let install = commands::install_command(index, &pkg, pm, lock.is_some());
            let line = line_of(text, "\"build\":");
            let e = ev("package.json", line, format!("{ID}/script:build"));
            let assets = format!("{install} && {}", run(pm, "build"));
            match facts.commands.build.take() {
                None => set_once(&mut facts.commands.build, assets, e),
                Some(mut backend) => {
                    backend.value = format!("{assets} && {}", backend.value);
                    backend.evidence.insert(0, e);
                    facts.commands.build = Some(backend);
                }
            }
        }
        runtime(index, facts, &pkg, text);
        output::detect(index, facts);
        client_router(&deps, facts);
        migrations(index, facts, &deps, &pkg, pm);
        secrets(index, facts, &deps);
    }
}

/// Routers that navigate in the browser (history API): a deep link or a reload asks the host
/// for a path only the router knows.
const CLIENT_ROUTERS: &[&str] = &[
    "react-router-dom",
    "react-router",
    "vue-router",
    "@angular/router",
    "@tanstack/react-router",
    "@tanstack/vue-router",
    "@solidjs/router",
    "svelte-spa-router",
    "svelte-routing",
    "preact-router",
    "wouter",
];

fn client_router(deps: &Deps, facts: &mut Facts) {
    // `nextjs-export` is Next.js after its static export was seen.
    if META
        .iter()
        .chain(&["nextjs-export"])
        .any(|f| facts.has_framework(f))
    {
        return;
    }
    if let Some(d) = CLIENT_ROUTERS.iter().find_map(|r| deps.get(r)) {
        set_once(
            &mut facts.client_router,
            d.name.clone(),
            ev(&d.path, d.line, format!("{ID}/client-router:{}", d.name)),
        );
    }
}

/// Nx executors that say which framework an application project is.
const NX_EXECUTORS: &[(&str, &str)] = &[
    ("@nx/next", "nextjs"),
    ("@nrwl/next", "nextjs"),
    ("@nx/remix", "remix"),
    ("@nx/nuxt", "nuxt"),
    ("@nx/angular", "angular"),
    ("@angular-devkit/build-angular", "angular"),
    ("@angular/build", "angular"),
    ("@nx/vite", "vite"),
];

/// An Nx application project (`project.json`, dependencies hoisted to the workspace root):
/// the framework from its executors, the build and test commands through `nx` (its `serve`
/// target is a dev server, not the production start).
fn nx_project(index: &RepoIndex, facts: &mut Facts) {
    let Some(text) = index.text("project.json") else {
        return;
    };
    let Ok(project) = serde_json::from_str::<Value>(text) else {
        return;
    };
    if project.get("projectType").and_then(Value::as_str) != Some("application") {
        return;
    }
    let found = NX_EXECUTORS.iter().find_map(|(exec, fw)| {
        let at = text.find(&format!("\"{exec}"))?;
        Some((*fw, crate::record::line_at(text, at)))
    });
    let server = [
        "@nx/js:node",
        "@nx/node:",
        "@nx/webpack:webpack",
        "@nx/esbuild",
    ]
    .iter()
    .any(|e| text.contains(e));
    let nest = index
        .files()
        .iter()
        .any(|f| f.path.ends_with(".controller.ts"));
    let framework = match found {
        Some(fw) => Some(fw),
        None if server && nest => line_of(text, "\"executor\"").map(|l| ("nestjs", l)),
        None => None,
    };
    if let Some((fw, line)) = framework {
        add(
            &mut facts.frameworks,
            fw,
            ev("project.json", Some(line), format!("{ID}/nx-executor")),
        );
    }
    let name = project.get("name").and_then(Value::as_str).unwrap_or("app");
    let e = ev(
        "project.json",
        line_of(text, "\"targets\""),
        format!("{ID}/nx-targets"),
    );
    let target = |t: &str| project.pointer(&format!("/targets/{t}")).is_some();
    let cmds = &mut facts.commands;
    if let Some(lock) = index.root_file("package-lock.json") {
        set_once(
            &mut cmds.install,
            "npm ci".into(),
            ev(&lock, None, format!("{ID}/lockfile")),
        );
    }
    for (t, slot) in [("build", &mut cmds.build), ("test", &mut cmds.test)] {
        if target(t) {
            set_once(slot, format!("npx nx {t} {name}"), e.clone());
        }
    }
}

fn prisma_provider(index: &RepoIndex, facts: &mut Facts) {
    let schema = index
        .texts_named(|n| n.ends_with(".prisma"))
        .find(|(p, _)| p.starts_with("prisma/") || !p.contains('/'));
    let Some((path, text)) = schema else {
        return;
    };
    let Some(at) = text.find("datasource") else {
        return;
    };
    let block = &text[at..];
    let Some(prov) = block.find("provider") else {
        return;
    };
    let value = block[prov..].split('"').nth(1).unwrap_or("");
    let db = match value {
        "postgresql" | "postgres" | "cockroachdb" => "postgres",
        "mysql" => "mysql",
        "sqlite" => "sqlite",
        "mongodb" => "mongodb",
        _ => return,
    };
    let line = crate::record::line_at(text, at + prov);
    add(
        &mut facts.databases,
        db,
        ev(path, Some(line), format!("{ID}/prisma-provider")),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect(files: &[(&str, &str)]) -> Facts {
        let mut facts = Facts::default();
        Node.detect(&RepoIndex::from_texts(files), &mut facts);
        facts
    }

    fn names(list: &[deployplan_core::facts::Detected]) -> Vec<&str> {
        list.iter().map(|d| d.name.as_str()).collect()
    }

    #[test]
    fn nextjs_is_not_a_react_spa_nor_plain_node() {
        let f = detect(&[
            (
                "package.json",
                r#"{"scripts":{"build":"next build","start":"next start"},"dependencies":{"next":"15","react":"19","@prisma/client":"6"},"devDependencies":{"prisma":"6"}}"#,
            ),
            ("pnpm-lock.yaml", ""),
            ("next.config.mjs", ""),
            (
                "prisma/schema.prisma",
                "datasource db {\n  provider = \"postgresql\"\n}",
            ),
        ]);
        assert_eq!(names(&f.frameworks), ["nextjs"]);
        assert_eq!(f.frameworks[0].evidence[0].rule, "node/dependency:next");
        assert_eq!(names(&f.package_managers), ["pnpm"]);
        assert_eq!(names(&f.databases), ["postgres"]);
        let m = f.migration_tool.unwrap();
        assert_eq!(
            (m.name.as_str(), m.command.as_str()),
            ("prisma", "pnpm exec prisma migrate deploy")
        );
        assert_eq!(
            f.commands.install.unwrap().value,
            "pnpm install --frozen-lockfile"
        );
        assert!(f.commands.test.is_none(), "no test script, no test command");
        assert_eq!(f.commands.build.unwrap().value, "pnpm build");
    }

    #[test]
    fn vite_react_spa_and_express_api() {
        let f = detect(&[
            (
                "package.json",
                r#"{"dependencies":{"react":"18","express":"4","express-session":"1","bullmq":"5","socket.io":"4"},"devDependencies":{"vite":"5"},"scripts":{"test":"vitest"}}"#,
            ),
            ("package-lock.json", "{}"),
        ]);
        assert_eq!(names(&f.frameworks), ["react-spa", "express"]);
        assert_eq!(names(&f.workers), ["bullmq"]);
        assert_eq!(names(&f.websockets), ["socket.io"]);
        assert_eq!(f.env_vars[0].name, "SESSION_SECRET");
        assert_eq!(f.commands.install.unwrap().value, "npm ci");
        assert_eq!(f.commands.test.unwrap().value, "npm test");
    }

    #[test]
    fn nuxt_is_not_vue_and_default_test_script_is_ignored() {
        let f = detect(&[(
            "package.json",
            r#"{"dependencies":{"nuxt":"3","vue":"3"},"scripts":{"test":"echo \"Error: no test specified\" && exit 1"}}"#,
        )]);
        assert_eq!(names(&f.frameworks), ["nuxt"]);
        assert!(f.commands.test.is_none());
        assert_eq!(f.commands.install.unwrap().value, "npm install");
    }
}
