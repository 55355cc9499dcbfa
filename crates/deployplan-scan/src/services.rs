//! The deployable services of a repository: workspace members of a monorepo (package.json /
//! pnpm workspaces, lerna, nx, go.work), or apps in subfolders (`services/web`, `backend/` +
//! `frontend/`). Each is scanned as its own app from the same index; the root facts gather
//! what the services found.

use std::collections::{BTreeSet, HashMap};

use deployplan_core::Facts;
use deployplan_core::facts::{Detected, EnvVarFact, Evidence, MigrationFact, Service};

use crate::detectors::{self, monorepo::workspace_globs};
use crate::index::{RepoIndex, depth, file_name, parent};
use crate::record::{add, add_env_evidence};

/// Files that make a folder an app candidate.
const MANIFESTS: &[&str] = &[
    "package.json",
    "project.json",
    "requirements.txt",
    "pyproject.toml",
    "Pipfile",
    "manage.py",
    "Gemfile",
    "composer.json",
    "go.mod",
    "pom.xml",
    "build.gradle",
    "build.gradle.kts",
    "mix.exs",
    "Cargo.toml",
    "Dockerfile",
    "hugo.toml",
    "Procfile",
];

/// Folders that hold tests, docs, examples or tooling, never a deployable service.
const NOT_SERVICES: &[&str] = &[
    "test",
    "tests",
    "spec",
    "e2e",
    "cypress",
    "playwright",
    "docs",
    "doc",
    "example",
    "examples",
    "fixtures",
    "testdata",
    "scripts",
    "tools",
    "benchmarks",
    "bench",
    "demo",
    "demos",
    "samples",
    "sample",
    "templates",
    "template",
    ".github",
    ".devcontainer",
    "node_modules",
];

/// Whether a folder's path rules it out as a service (tests, docs, examples, tooling).
fn excluded(dir: &str) -> bool {
    dir.split('/')
        .any(|c| NOT_SERVICES.contains(&c) || c.ends_with("-e2e"))
}

fn is_manifest(name: &str) -> bool {
    MANIFESTS.contains(&name) || name.ends_with(".csproj")
}

/// The folders (not the root) that hold a manifest directly, sorted: one pass over the files.
fn manifest_dirs(index: &RepoIndex) -> BTreeSet<&str> {
    index
        .files()
        .iter()
        .filter(|f| is_manifest(file_name(&f.path)))
        .map(|f| parent(&f.path))
        .filter(|d| !d.is_empty())
        .collect()
}

/// Whether a proper ancestor folder of `dir` is in `set` (a lookup per level, no scan).
fn has_ancestor_in(set: &BTreeSet<String>, dir: &str) -> bool {
    dir.match_indices('/').any(|(i, _)| set.contains(&dir[..i]))
}

/// Whether a folder path matches a workspace glob (`*` one segment, `**` any number).
fn glob_match(glob: &[&str], path: &[&str]) -> bool {
    match (glob.first(), path.first()) {
        (None, None) => true,
        (Some(&"**"), _) => {
            glob_match(&glob[1..], path) || (!path.is_empty() && glob_match(glob, &path[1..]))
        }
        (Some(g), Some(p)) => segment_match(g, p) && glob_match(&glob[1..], &path[1..]),
        _ => false,
    }
}

fn segment_match(glob: &str, seg: &str) -> bool {
    match glob.split_once('*') {
        None => glob == seg,
        Some((pre, post)) => {
            seg.len() >= pre.len() + post.len() && seg.starts_with(pre) && seg.ends_with(post)
        }
    }
}

/// The candidate service folders, and whether a workspace declared members. Linear: one pass
/// over the files finds the folders with a manifest (only they can be candidates); each is
/// matched against the workspace globs (a literal member path is one set lookup), and nesting
/// is found by looking up each folder's ancestors, never by comparing folders pairwise.
fn candidates(index: &RepoIndex) -> (BTreeSet<String>, bool) {
    let globs = workspace_globs(index);
    let (wild, literal): (Vec<&String>, Vec<&String>) = globs.iter().partition(|g| g.contains('*'));
    let literal: BTreeSet<&str> = literal.into_iter().map(String::as_str).collect();
    let wild: Vec<Vec<&str>> = wild.into_iter().map(|g| g.split('/').collect()).collect();
    let with_manifest: Vec<&str> = manifest_dirs(index)
        .into_iter()
        .filter(|d| !excluded(d))
        .collect();
    let mut found = BTreeSet::new();
    for &dir in &with_manifest {
        let declared = literal.contains(dir) || {
            let path: Vec<&str> = dir.split('/').collect();
            wild.iter().any(|g| glob_match(g, &path))
        };
        if declared {
            found.insert(dir.to_string());
        }
    }
    let declared = !globs.is_empty();
    // Apps in subfolders: one or two levels down, the shallowest manifest folder wins.
    for &dir in with_manifest.iter().filter(|d| depth(d) <= 1) {
        if !has_ancestor_in(&found, dir) {
            found.insert(dir.to_string());
        }
    }
    let nested: Vec<String> = found
        .iter()
        .filter(|d| has_ancestor_in(&found, d))
        .cloned()
        .collect();
    for d in nested {
        found.remove(&d);
    }
    (found, declared)
}

/// A package that is published, not deployed (`exports`, `types`, `publishConfig`, no start).
fn is_library(index: &RepoIndex) -> bool {
    let Some(pkg) = index
        .text("package.json")
        .and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok())
    else {
        return false;
    };
    let lib = ["exports", "types", "typings", "module", "publishConfig"]
        .iter()
        .any(|k| pkg.get(k).is_some());
    lib && pkg.pointer("/scripts/start").is_none() && !index.has("Dockerfile")
}

/// Whether the root is an app of its own. A JS monorepo root's package.json lists hoisted
/// dependencies (Nx puts every app's there): frameworks found only there make no app, unless a
/// framework config sits at the root too.
fn is_root_app(index: &RepoIndex, facts: &Facts) -> bool {
    if facts.frameworks.is_empty() {
        return false;
    }
    let hoisted_only = facts
        .frameworks
        .iter()
        .all(|f| f.evidence.iter().all(|e| e.path == "package.json"));
    let configs = [
        "next.config.js",
        "next.config.mjs",
        "next.config.ts",
        "nuxt.config.ts",
        "svelte.config.js",
        "astro.config.mjs",
        "remix.config.js",
        "vite.config.ts",
        "vite.config.js",
    ];
    !(facts.monorepo.is_some() && hoisted_only && index.first(&configs).is_none())
}

fn deployable(facts: &Facts) -> bool {
    !facts.frameworks.is_empty()
        || facts.dockerfile.is_some()
        || !facts.procfile.is_empty()
        || !facts.workers.is_empty()
}

/// A folder with a Dockerfile and no code of its own (`docker/Dockerfile` beside the root
/// app): it builds the root app, it is no service.
fn build_config_only(facts: &Facts) -> bool {
    facts.frameworks.is_empty()
        && facts.procfile.is_empty()
        && facts.workers.is_empty()
        && facts.languages.is_empty()
}

/// The ecosystems (`node`, `python` ...) whose rules found a framework.
fn ecosystems(facts: &Facts) -> BTreeSet<String> {
    facts
        .frameworks
        .iter()
        .flat_map(|f| f.evidence.iter())
        .map(|e| e.rule.split('/').next().unwrap_or("").to_string())
        .collect()
}

/// Finds the services and records them (and what they found) in the root facts.
pub fn discover(index: &RepoIndex, facts: &mut Facts) {
    let (dirs, declared) = candidates(index);
    let root_app = is_root_app(index, facts);
    let root_ecosystems = ecosystems(facts);
    let mut services = Vec::new();
    let mut modules = Vec::new();
    for dir in dirs {
        let sub = index.subtree(&dir);
        if is_library(&sub) {
            continue;
        }
        let mut sub_facts = detectors::detect(&sub);
        if !deployable(&sub_facts) || root_app && build_config_only(&sub_facts) {
            continue;
        }
        prefix_paths(&mut sub_facts, &dir);
        inherit_root_versions(&mut sub_facts, facts, &sub);
        // A module of the root app's own build (a Maven module, an Express server's client/
        // SPA) is part of it, unless the workspace declares it or it ships its own Dockerfile:
        // what it uses counts for the root app, but it is no service of its own.
        if root_app
            && !declared
            && sub_facts.dockerfile.is_none()
            && ecosystems(&sub_facts).is_subset(&root_ecosystems)
        {
            modules.push((dir, sub_facts));
            continue;
        }
        services.push((dir, sub_facts));
    }
    let mut env_at = EnvIndex::of(facts);
    for (dir, m) in &modules {
        merge(facts, &mut env_at, m, false, dir);
    }
    if services.is_empty() {
        detectors::normalize(facts);
        return;
    }
    // The root app beside the services (`.`): what the root holds once the services' folders
    // are taken out, not the whole repository again (the root facts already gather that).
    let root_own = root_app.then(|| {
        let taken: BTreeSet<String> = services.iter().map(|(d, _)| d.clone()).collect();
        let mut own = detectors::detect(&index.without(&taken));
        let mut own_env = EnvIndex::of(&own);
        for (dir, m) in &modules {
            merge(&mut own, &mut own_env, m, false, dir);
        }
        detectors::normalize(&mut own);
        own
    });
    if !root_app && services.len() > 1 {
        // The root is no app: a port its code scan found belongs to some service.
        facts.port = None;
    }
    let single = services.len() == 1 && !root_app;
    for (dir, s) in &services {
        merge(facts, &mut env_at, s, single, dir);
    }
    if let Some(root) = root_own {
        facts.services.push(Service {
            name: ".".into(),
            path: ".".into(),
            facts: Box::new(root),
        });
    }
    let mut uses: HashMap<String, usize> = HashMap::new();
    for (d, _) in &services {
        *uses.entry(file_name(d).to_string()).or_default() += 1;
    }
    for (dir, s) in services {
        let name = file_name(&dir).to_string();
        let name = if uses[&name] > 1 {
            dir.replace('/', "-")
        } else {
            name
        };
        facts.services.push(Service {
            name,
            path: dir,
            facts: Box::new(s),
        });
    }
    detectors::normalize(facts);
}

/// The manifest that shows a folder builds with a runtime: a service inherits the
/// repository's pin of that runtime only when it has one of these of its own.
const RUNTIME_MANIFESTS: &[(&str, &[&str])] = &[
    ("node", &["package.json"]),
    (
        "python",
        &["pyproject.toml", "requirements.txt", "Pipfile", "manage.py"],
    ),
    ("ruby", &["Gemfile"]),
    ("go", &["go.mod"]),
    ("java", &["pom.xml", "build.gradle", "build.gradle.kts"]),
    ("php", &["composer.json"]),
    ("elixir", &["mix.exs"]),
];

/// A workspace pins its runtime once, at the root (`.nvmrc`, `.python-version`,
/// `.tool-versions`, the root `package.json`'s `engines`, the CI's setup step), and every
/// member builds with it: a service that pins none of its own inherits the root's pin, with
/// the root file as evidence, instead of falling back to a convention.
fn inherit_root_versions(service: &mut Facts, root: &Facts, index: &RepoIndex) {
    for pin in &root.runtime_versions {
        let uses = RUNTIME_MANIFESTS
            .iter()
            .find(|(runtime, _)| *runtime == pin.runtime)
            .is_some_and(|(_, manifests)| manifests.iter().any(|m| index.has(m)));
        if uses
            && !service
                .runtime_versions
                .iter()
                .any(|r| r.runtime == pin.runtime)
        {
            service.runtime_versions.push(pin.clone());
        }
    }
}

/// Where each env var name sits in the root's `env_vars`, so that merging many services costs a
/// lookup per variable, not a scan of every name found so far.
struct EnvIndex(HashMap<String, usize>);

impl EnvIndex {
    fn of(facts: &Facts) -> EnvIndex {
        EnvIndex(
            facts
                .env_vars
                .iter()
                .enumerate()
                .map(|(i, e)| (e.name.clone(), i))
                .collect(),
        )
    }

    /// `record::add_env`, with the lookup through the index.
    fn add(&mut self, root: &mut Facts, name: &str, source: &str, evidence: Evidence) {
        match self.0.get(name) {
            Some(&i) => add_env_evidence(&mut root.env_vars[i], source, evidence),
            None => {
                self.0.insert(name.to_string(), root.env_vars.len());
                root.env_vars.push(EnvVarFact {
                    name: name.to_string(),
                    source: source.to_string(),
                    evidence: vec![evidence],
                });
            }
        }
    }
}

/// Adds a service's facts to the root's. With `single` (the only app lives in a subfolder)
/// the single-valued facts move up too.
fn merge(root: &mut Facts, env_at: &mut EnvIndex, s: &Facts, single: bool, dir: &str) {
    // A service's commands run in its folder; at the root they say so.
    let cd = |cmd: &str| format!("cd {dir} && {cmd}");
    let lists: [(&mut Vec<Detected>, &Vec<Detected>); 7] = [
        (&mut root.frameworks, &s.frameworks),
        (&mut root.package_managers, &s.package_managers),
        (&mut root.databases, &s.databases),
        (&mut root.workers, &s.workers),
        (&mut root.schedules, &s.schedules),
        (&mut root.websockets, &s.websockets),
        (&mut root.platform_configs, &s.platform_configs),
    ];
    for (to, from) in lists {
        for d in from {
            for e in &d.evidence {
                add(to, &d.name, e.clone());
            }
        }
    }
    for e in &s.env_vars {
        for ev in &e.evidence {
            env_at.add(root, &e.name, &e.source, ev.clone());
        }
    }
    for r in &s.runtime_versions {
        if !root.runtime_versions.iter().any(|x| x.runtime == r.runtime) {
            root.runtime_versions.push(r.clone());
        }
    }
    for r in &s.tool_versions {
        if !root.tool_versions.iter().any(|x| x.runtime == r.runtime) {
            root.tool_versions.push(r.clone());
        }
    }
    for t in &s.test_services {
        if !root.test_services.iter().any(|x| x.name == t.name) {
            root.test_services.push(t.clone());
        }
    }
    if root.migration_tool.is_none()
        && let Some(m) = &s.migration_tool
    {
        root.migration_tool = Some(MigrationFact {
            command: cd(&m.command),
            ..m.clone()
        });
    }
    if single {
        // The app's layout, with its folder: a generated endpoint goes in the app.
        if root.app_layout.app.is_none() && !s.app_layout.is_empty() {
            root.app_layout = s.app_layout.clone();
            root.app_layout.root = dir.to_string();
        }
        root.dockerfile = root.dockerfile.take().or_else(|| s.dockerfile.clone());
        root.port = root.port.take().or_else(|| s.port.clone());
        root.compose = root.compose.take().or_else(|| s.compose.clone());
        if root.procfile.is_empty() {
            root.procfile = s.procfile.clone();
        }
        let c = &root.commands;
        if c.install.is_none() && c.test.is_none() && c.build.is_none() && c.start.is_none() {
            root.commands = s.commands.clone();
            let c = &mut root.commands;
            for v in [&mut c.install, &mut c.test, &mut c.build, &mut c.start]
                .into_iter()
                .flatten()
            {
                v.value = cd(&v.value);
            }
        }
    }
}

fn fix(path: &mut String, prefix: &str) {
    *path = match path.strip_prefix('/') {
        Some(repo_relative) => repo_relative.to_string(),
        None => format!("{prefix}/{path}"),
    };
}

fn fix_all<'a>(evidence: impl IntoIterator<Item = &'a mut Evidence>, prefix: &str) {
    for e in evidence {
        fix(&mut e.path, prefix);
    }
}

/// Makes a service's paths relative to the scanned root (`package.json` → `apps/web/package.json`;
/// `/pnpm-lock.yaml`, a file at the monorepo root, → `pnpm-lock.yaml`).
pub fn prefix_paths(f: &mut Facts, prefix: &str) {
    for list in [
        &mut f.frameworks,
        &mut f.package_managers,
        &mut f.databases,
        &mut f.workers,
        &mut f.schedules,
        &mut f.websockets,
        &mut f.ci,
        &mut f.platform_configs,
    ] {
        list.iter_mut()
            .for_each(|d| fix_all(&mut d.evidence, prefix));
    }
    f.runtime_versions
        .iter_mut()
        .chain(f.tool_versions.iter_mut())
        .for_each(|r| fix_all(&mut r.evidence, prefix));
    f.test_services
        .iter_mut()
        .for_each(|t| fix_all(&mut t.evidence, prefix));
    fix_all(&mut f.tests, prefix);
    f.env_vars
        .iter_mut()
        .for_each(|e| fix_all(&mut e.evidence, prefix));
    f.procfile
        .iter_mut()
        .for_each(|p| fix(&mut p.evidence.path, prefix));
    f.secrets_committed
        .iter_mut()
        .for_each(|s| fix(&mut s.path, prefix));
    if let Some(d) = &mut f.dockerfile {
        fix(&mut d.value, prefix);
        fix_all(&mut d.evidence, prefix);
    }
    if let Some(c) = &mut f.compose {
        fix(&mut c.path, prefix);
    }
    if let Some(m) = &mut f.migration_tool {
        fix_all(&mut m.evidence, prefix);
    }
    if let Some(p) = &mut f.port {
        fix_all(&mut p.evidence, prefix);
    }
    if let Some(m) = &mut f.monorepo {
        fix_all(&mut m.evidence, prefix);
    }
    for path in f.app_layout.paths_mut() {
        fix(path, prefix);
    }
    f.health_routes
        .iter_mut()
        .for_each(|r| fix_all(&mut r.evidence, prefix));
    f.app_servers
        .iter_mut()
        .for_each(|d| fix_all(&mut d.evidence, prefix));
    f.scheduled_jobs
        .iter_mut()
        .for_each(|j| fix(&mut j.evidence.path, prefix));
    if let Some(m) = &mut f.migrates_at_startup {
        fix_all(&mut m.evidence, prefix);
    }
    for v in [
        &mut f.build_output,
        &mut f.client_router,
        &mut f.dockerfile_workdir,
        &mut f.legacy_openssl_build,
    ]
    .into_iter()
    .flatten()
    {
        fix_all(&mut v.evidence, prefix);
    }
    let c = &mut f.commands;
    for v in [&mut c.install, &mut c.test, &mut c.build, &mut c.start]
        .into_iter()
        .flatten()
    {
        fix_all(&mut v.evidence, prefix);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        let m = |g: &str, p: &str| {
            glob_match(
                &g.split('/').collect::<Vec<_>>(),
                &p.split('/').collect::<Vec<_>>(),
            )
        };
        assert!(m("apps/*", "apps/web"));
        assert!(!m("apps/*", "apps/web/src"));
        assert!(m("packages/**", "packages/a/b"));
        assert!(m("api", "api"));
        assert!(m("apps/web-*", "apps/web-admin"));
    }
}
