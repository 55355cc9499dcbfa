//! The install/build/test/start commands of a Node app: its scripts, else its compiled entry
//! point.

use deployplan_core::Facts;
use serde_json::Value;

use super::{ID, script};
use crate::index::RepoIndex;
use crate::record::{ev, line_of, set_once};

pub(super) fn run(pm: &str, script: &str) -> String {
    match (pm, script) {
        ("npm", "test" | "start") => format!("npm {script}"),
        ("npm", _) => format!("npm run {script}"),
        ("bun", _) => format!("bun run {script}"),
        _ => format!("{pm} {script}"),
    }
}

/// The install that keeps to the lockfile, in the package manager's own syntax (Yarn 2+ is
/// `--immutable`, Yarn 1 `--frozen-lockfile`; `npm ci` needs a lockfile).
pub(super) fn install_command(
    index: &RepoIndex,
    pkg: &Value,
    pm: &str,
    locked: bool,
) -> &'static str {
    let berry = index.root_file(".yarnrc.yml").is_some()
        || pkg
            .get("packageManager")
            .and_then(Value::as_str)
            .is_some_and(|p| p.starts_with("yarn@") && !p.starts_with("yarn@1"));
    match (pm, locked) {
        ("pnpm", _) => "pnpm install --frozen-lockfile",
        ("yarn", _) if berry => "yarn install --immutable",
        ("yarn", _) => "yarn install --frozen-lockfile",
        ("bun", _) => "bun install --frozen-lockfile",
        (_, true) => "npm ci",
        _ => "npm install",
    }
}

pub(super) fn commands(
    index: &RepoIndex,
    facts: &mut Facts,
    pkg: &Value,
    text: &str,
    pm: &str,
    locked: bool,
    pm_ev: deployplan_core::facts::Evidence,
) {
    let install = install_command(index, pkg, pm, locked);
    // A server's entry point starts it; a frontend's build is what deploys.
    let server = facts.frameworks.iter().all(|f| {
        matches!(
            f.name.as_str(),
            "express" | "koa" | "hono" | "hapi" | "fastify" | "nestjs"
        )
    });
    let cmds = &mut facts.commands;
    set_once(&mut cmds.install, install.to_string(), pm_ev);
    let script_ev = |name: &str| {
        let line = line_of(text, &format!("\"{name}\":"));
        ev("package.json", line, format!("{ID}/script:{name}"))
    };
    if let Some(test) = script(pkg, "test")
        && !test.contains("no test specified")
    {
        set_once(&mut cmds.test, run(pm, "test"), script_ev("test"));
    }
    if script(pkg, "build").is_some() {
        set_once(&mut cmds.build, run(pm, "build"), script_ev("build"));
    } else if script(pkg, "heroku-postbuild").is_some() {
        // Written for Heroku, which runs it after the install: it builds the client that the
        // server serves (`npm run build --prefix client`). Every other platform runs it as
        // the build.
        set_once(
            &mut cmds.build,
            run(pm, "heroku-postbuild"),
            script_ev("heroku-postbuild"),
        );
    }
    // `start:prod` (NestJS and others) is the production start when `start` is a dev server.
    for name in ["start:prod", "start"] {
        if script(pkg, name).is_some() {
            set_once(&mut cmds.start, run(pm, name), script_ev(name));
        }
    }
    if cmds.start.is_none()
        && server
        && let Some((start, evidence, build)) = entry_point(index, pkg, text)
    {
        if let Some((b, b_ev)) = build {
            set_once(&mut cmds.build, b, b_ev);
        }
        set_once(&mut cmds.start, start, evidence);
    }
}

/// The files a Node queue worker usually starts from.
pub(super) const WORKER_ENTRIES: &[&str] = &[
    "src/worker.ts",
    "src/worker.js",
    "src/workers/index.ts",
    "src/workers/index.js",
    "worker.ts",
    "worker.js",
];

/// TypeScript sources a server starts from, in the order servers usually name them.
const TS_ENTRIES: &[&str] = &[
    "src/server.ts",
    "src/index.ts",
    "src/main.ts",
    "src/app.ts",
    "server.ts",
    "index.ts",
];
const JS_ENTRIES: &[&str] = &["server.js", "index.js", "app.js", "main.js"];

/// `compilerOptions.<key>` of a tsconfig.json (which may hold comments), with its line.
fn tsconfig_option(text: &str, key: &str) -> Option<(String, u32)> {
    let needle = format!("\"{key}\"");
    let at = text.find(&needle)?;
    let rest = text[at + needle.len()..]
        .trim_start()
        .strip_prefix(':')?
        .trim_start();
    let rest = rest.strip_prefix('"')?;
    let value = &rest[..rest.find('"')?];
    let value = value.trim_start_matches("./").trim_end_matches('/');
    (!value.is_empty() && !value.contains(".."))
        .then(|| (value.to_string(), crate::record::line_at(text, at)))
}

/// A start command with its evidence, and the build it needs when the repository has none.
type Entry = (
    String,
    deployplan_core::facts::Evidence,
    Option<(String, deployplan_core::facts::Evidence)>,
);

/// The compiled entry point of a Node server without a `start` script: the package's `main`,
/// else the TypeScript entry compiled to tsconfig's `outDir` (`node dist/server.js`, with
/// `npx tsc` as the build when there is no build script), else a plain `server.js`.
fn entry_point(index: &RepoIndex, pkg: &Value, text: &str) -> Option<Entry> {
    let tsconfig = index.text("tsconfig.json");
    let out_dir = tsconfig.and_then(|t| tsconfig_option(t, "outDir"));
    let has_build = script(pkg, "build").is_some();
    let tsc_build = |line: u32| {
        (!has_build).then(|| {
            (
                "npx tsc".to_string(),
                ev("tsconfig.json", Some(line), format!("{ID}/tsconfig-build")),
            )
        })
    };
    if let Some(main) = pkg.get("main").and_then(Value::as_str) {
        let main = main.trim_start_matches("./");
        let js = main.ends_with(".js") || main.ends_with(".cjs") || main.ends_with(".mjs");
        let built = out_dir
            .as_ref()
            .is_some_and(|(d, _)| main.starts_with(&format!("{d}/")));
        if js && !main.contains("..") && (index.has(main) || built) {
            let e = ev(
                "package.json",
                line_of(text, "\"main\":"),
                format!("{ID}/main"),
            );
            let build = match &out_dir {
                Some((_, line)) if built => tsc_build(*line),
                _ => None,
            };
            return Some((format!("node {main}"), e, build));
        }
    }
    if let Some((dir, line)) = &out_dir {
        let root = tsconfig
            .and_then(|t| tsconfig_option(t, "rootDir"))
            .map(|(r, _)| r);
        let entry = index.first(TS_ENTRIES)?;
        let inside = match &root {
            Some(r) if r != "." => entry.strip_prefix(&format!("{r}/"))?,
            // Without rootDir, tsc roots the output at the sources' common folder.
            _ => entry.strip_prefix("src/").unwrap_or(entry),
        };
        let js = format!("{dir}/{}", inside.trim_end_matches(".ts"));
        let e = ev(
            "tsconfig.json",
            Some(*line),
            format!("{ID}/tsconfig-outdir:{entry}"),
        );
        return Some((format!("node {js}.js"), e, tsc_build(*line)));
    }
    if tsconfig.is_none()
        && let Some(entry) = index.first(JS_ENTRIES)
    {
        let e = ev(entry, None, format!("{ID}/entry-file"));
        return Some((format!("node {entry}"), e, None));
    }
    None
}
