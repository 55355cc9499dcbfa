//! Routes declared in code, from the whole-line `route:` hits of the walk: Express, Koa,
//! Fastify, Hono, hapi and NestJS; Flask and FastAPI; Go (net/http, gin, echo, chi, fiber);
//! Spring `@GetMapping`; ASP.NET `MapHealthChecks`/`MapGet`; Laravel `Route::get`. A route
//! counts only when its receiver is the app or a router whose mount is found with a literal
//! prefix.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use deployplan_core::Facts;
use regex::Regex;

use super::{Found, Kind, evidence, join_paths, push, tables};
use crate::index::{Hit, RepoIndex, file_name, parent};

/// The `route:` hits of one file, in line order.
type FileHits<'a> = BTreeMap<&'a str, Vec<&'a Hit>>;

pub(super) fn detect(index: &RepoIndex, facts: &Facts, found: &mut Vec<Found>) {
    let mut by_file: FileHits = BTreeMap::new();
    for h in index.hits_with_prefix("route:") {
        by_file.entry(h.path.as_str()).or_default().push(h);
    }
    let ext = |p: &str| p.rsplit_once('.').map_or("", |(_, e)| e).to_string();
    let (mut js, mut py, mut other) = (FileHits::new(), FileHits::new(), FileHits::new());
    for (path, hits) in by_file {
        match ext(path).as_str() {
            "js" | "jsx" | "mjs" | "cjs" | "ts" | "tsx" | "mts" | "cts" => js.insert(path, hits),
            "py" => py.insert(path, hits),
            _ => other.insert(path, hits),
        };
    }
    javascript(&js, facts, found);
    file_routes(index, facts, found);
    python(index, &py, found);
    for (path, hits) in &other {
        match ext(path).as_str() {
            "go" => go(path, hits, found),
            "java" | "kt" | "scala" | "groovy" => jvm(index, path, hits, found),
            "cs" | "fs" => dotnet(path, hits, found),
            "php" => laravel_routes(index, path, hits, found),
            _ => {}
        }
    }
}

fn re(src: &str) -> Regex {
    Regex::new(src).expect("valid")
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// Candidate files for a relative import (`./routes/health` from `src/server.ts`).
fn resolve_import(from: &str, spec: &str) -> Vec<String> {
    let mut parts: Vec<&str> = parent(from).split('/').filter(|s| !s.is_empty()).collect();
    for seg in spec.split('/') {
        match seg {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let base = parts.join("/");
    let stem = base
        .strip_suffix(".js")
        .or_else(|| base.strip_suffix(".mjs"))
        .or_else(|| base.strip_suffix(".cjs"))
        .unwrap_or(&base)
        .to_string();
    let mut out = vec![base.clone()];
    for e in ["js", "ts", "mjs", "cjs", "jsx", "tsx", "mts"] {
        out.push(format!("{stem}.{e}"));
        out.push(format!("{stem}/index.{e}"));
    }
    out
}

static JS_APP: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(\w+)\s*(?::\s*[\w.<>]+\s*)?=\s*(?:await\s+)?(?:new\s+)?(?:express|Koa|Hono|Fastify|fastify|require\(\s*["']fastify["']\s*\))\s*\((?:[^)]*\))?(?:\s*\.basePath\(\s*["'`](/[^"'`]*)["'`])?"#,
    )
});
static JS_ROUTER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(\w+)\s*(?::\s*[\w.<>]+\s*)?=\s*(?:new\s+)?(?:require\(\s*["']express["']\s*\)\.|express\.)?Router\s*\(\s*(?:\{[^}]*prefix\s*:\s*["'`](/[^"'`]*)["'`])?"#,
    )
});
static JS_CALL: LazyLock<Regex> = LazyLock::new(|| {
    re(r#"(\w+)\s*\.\s*(?:get|all|head|route)\(\s*["'`](/[^"'`]*)["'`]\s*(,\s*(\w+)\s*\))?"#)
});
/// `app.use('/api', router)`, `app.use(router)`, `app.use(router.routes())` (koa-router),
/// `app.use('/x', require('./x'))`.
static JS_USE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(\w+)\s*\.\s*use\(\s*(?:["'`](/[^"'`]*)["'`]\s*,\s*)?(?:require\(\s*["'`](\.[^"'`]+)["'`]\s*\)|(\w+)(?:\.routes\(\))?\s*\))?"#,
    )
});
static JS_REGISTER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(\w+)\s*\.\s*register\(\s*(?:import\(\s*["'`](\.[^"'`]+)["'`]\s*\)|require\(\s*["'`](\.[^"'`]+)["'`]\s*\)|(\w+))[^)]*?prefix\s*:\s*["'`](/[^"'`]*)["'`]"#,
    )
});
static JS_IMPORT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?:import\s+(\w+)\s*(?:,\s*\{[^}]*\})?\s+from|(?:const|let|var)\s+(\w+)\s*=\s*require\()\s*\(?\s*["'`](\.[^"'`]+)["'`]"#,
    )
});
static NEST_CONTROLLER: LazyLock<Regex> = LazyLock::new(|| {
    re(r#"@Controller\(\s*(?:["'`]([^"'`]*)["'`]|\{[^}]*path\s*:\s*["'`]([^"'`]*)["'`])?"#)
});
static NEST_GET: LazyLock<Regex> =
    LazyLock::new(|| re(r#"@Get\(\s*(?:["'`]([^"'`]*)["'`])?\s*\)"#));
static NEST_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    re(r#"setGlobalPrefix\(\s*["'`]([^"'`]+)["'`](?:\s*,\s*\{[^}]*exclude\s*:\s*\[([^\]]*)\])?"#)
});
static QUOTED: LazyLock<Regex> = LazyLock::new(|| re(r#"["'`]([^"'`]*)["'`]"#));
static HAPI_PATH: LazyLock<Regex> = LazyLock::new(|| re(r#"path:\s*["'`](/[^"'`]*)["'`]"#));

/// A mount of a router into an app: where (file, receiver), at which prefix.
struct Mount<'a> {
    file: &'a str,
    receiver: String,
    prefix: String,
    /// The mounted thing: a file (require/import) or a local identifier.
    target_files: Vec<String>,
    target_ident: Option<String>,
    line: u32,
    /// Mounted at a path (`use('/x', ...)`), not at the root.
    at_path: bool,
}

#[derive(Default)]
struct JsFile<'a> {
    apps: BTreeMap<String, String>,
    routers: BTreeMap<String, String>,
    imports: BTreeMap<String, Vec<String>>,
    routes: Vec<(&'a Hit, String, String)>,
}

fn javascript(files: &FileHits, facts: &Facts, found: &mut Vec<Found>) {
    let mut parsed: BTreeMap<&str, JsFile> = BTreeMap::new();
    let mut mounts: Vec<Mount> = Vec::new();
    for (path, hits) in files {
        let mut f = JsFile::default();
        for h in hits {
            let line = h.value.as_str();
            match h.rule {
                "route:app" => {
                    if let Some(c) = JS_APP.captures(line) {
                        let base = c.get(2).map_or("", |m| m.as_str()).to_string();
                        f.apps.insert(c[1].to_string(), base);
                    }
                }
                "route:router" => {
                    if let Some(c) = JS_ROUTER.captures(line) {
                        let own = c.get(2).map_or("", |m| m.as_str()).to_string();
                        f.routers.insert(c[1].to_string(), own);
                    }
                }
                "route:import" => {
                    if let Some(c) = JS_IMPORT.captures(line) {
                        let name = c.get(1).or(c.get(2)).map_or("", |m| m.as_str());
                        f.imports
                            .insert(name.to_string(), resolve_import(path, &c[3]));
                    }
                }
                "route:mount" => {
                    if let Some(c) = JS_USE.captures(line)
                        && (c.get(2).is_some() || c.get(3).is_some() || c.get(4).is_some())
                    {
                        mounts.push(Mount {
                            file: path,
                            receiver: c[1].to_string(),
                            prefix: c.get(2).map_or("", |m| m.as_str()).to_string(),
                            at_path: c.get(2).is_some(),
                            target_files: c
                                .get(3)
                                .map(|m| resolve_import(path, m.as_str()))
                                .unwrap_or_default(),
                            target_ident: c.get(4).map(|m| m.as_str().to_string()),
                            line: h.line,
                        });
                    } else if let Some(c) = JS_REGISTER.captures(line) {
                        mounts.push(Mount {
                            file: path,
                            receiver: c[1].to_string(),
                            prefix: c[5].to_string(),
                            at_path: true,
                            target_files: c
                                .get(2)
                                .or(c.get(3))
                                .map(|m| resolve_import(path, m.as_str()))
                                .unwrap_or_default(),
                            target_ident: c.get(4).map(|m| m.as_str().to_string()),
                            line: h.line,
                        });
                    }
                }
                "route:call" => {
                    if let Some(c) = JS_CALL.captures(line) {
                        // Hono's `app.route('/api', api)` mounts a sub-app.
                        if let Some(ident) = c.get(4) {
                            mounts.push(Mount {
                                file: path,
                                receiver: c[1].to_string(),
                                prefix: c[2].to_string(),
                                at_path: true,
                                target_files: Vec::new(),
                                target_ident: Some(ident.as_str().to_string()),
                                line: h.line,
                            });
                        } else {
                            f.routes.push((h, c[1].to_string(), c[2].to_string()));
                        }
                    }
                }
                _ => {}
            }
        }
        // An imported identifier mounted later names a file.
        for m in mounts.iter_mut().filter(|m| m.file == *path) {
            if let Some(files) = m.target_ident.as_ref().and_then(|i| f.imports.get(i)) {
                m.target_files = files.clone();
            }
        }
        parsed.insert(path, f);
    }

    // The prefix at which (file, receiver) is served, following mounts up to an app.
    fn served_at(
        parsed: &BTreeMap<&str, JsFile>,
        mounts: &[Mount],
        file: &str,
        receiver: &str,
        depth: u8,
    ) -> Option<String> {
        let f = parsed.get(file)?;
        if let Some(base) = f.apps.get(receiver) {
            return Some(base.clone());
        }
        if depth > 3 {
            return None;
        }
        let own = f.routers.get(receiver).cloned();
        // A plugin/router file: its routes hang off whatever mounts the file.
        let exported = own.is_some() || (f.apps.is_empty() && f.routers.is_empty());
        for m in mounts {
            let here = m.file == file && m.target_ident.as_deref() == Some(receiver);
            let there = exported && m.target_files.iter().any(|t| t == file);
            if (here || there)
                && let Some(up) = served_at(parsed, mounts, m.file, &m.receiver, depth + 1)
            {
                return Some(join_paths(&[&up, &m.prefix, own.as_deref().unwrap_or("")]));
            }
        }
        None
    }

    for (path, f) in &parsed {
        for (hit, receiver, route) in &f.routes {
            if let Some(prefix) = served_at(&parsed, &mounts, path, receiver, 0) {
                push(
                    found,
                    join_paths(&[&prefix, route]),
                    Kind::Route,
                    evidence(path, hit.line, "js-route"),
                );
            }
        }
    }
    // A health-like path mounted on the app with middleware (`app.use('/healthz', check())`).
    for m in &mounts {
        let local = m
            .target_files
            .iter()
            .any(|t| parsed.contains_key(t.as_str()))
            || m.target_ident.as_ref().is_some_and(|i| {
                parsed
                    .get(m.file)
                    .is_some_and(|f| f.routers.contains_key(i) || f.imports.contains_key(i))
            });
        if !local
            && m.at_path
            && let Some(prefix) = served_at(&parsed, &mounts, m.file, &m.receiver, 0)
        {
            push(
                found,
                join_paths(&[&prefix, &m.prefix]),
                Kind::Route,
                evidence(m.file, m.line, "js-mount"),
            );
        }
    }
    nest(files, found);
    if facts.has_framework("hapi") {
        for (path, hits) in files {
            let routes = hits
                .iter()
                .any(|h| h.rule == "route:call" && h.value.contains(".route("));
            for h in hits.iter().filter(|h| h.rule == "route:hapi-path") {
                if let Some(c) = HAPI_PATH.captures(&h.value)
                    && routes
                {
                    push(
                        found,
                        c[1].to_string(),
                        Kind::Route,
                        evidence(path, h.line, "hapi-route"),
                    );
                }
            }
        }
    }
}

/// NestJS: `@Controller('health')` and its `@Get()` methods, under `setGlobalPrefix`.
fn nest(files: &FileHits, found: &mut Vec<Found>) {
    let mut global: Option<(String, Vec<String>)> = None;
    for hits in files.values() {
        for h in hits.iter().filter(|h| h.rule == "route:nest-prefix") {
            if let Some(c) = NEST_PREFIX.captures(&h.value) {
                let exclude = c.get(2).map_or(Vec::new(), |m| {
                    QUOTED
                        .captures_iter(m.as_str())
                        .map(|q| q[1].trim_matches('/').to_string())
                        .collect()
                });
                global = Some((c[1].to_string(), exclude));
            }
        }
    }
    for (path, hits) in files {
        let mut controller: Option<String> = None;
        for h in hits.iter() {
            match h.rule {
                "route:nest-controller" => {
                    controller = NEST_CONTROLLER
                        .captures(&h.value)
                        .map(|c| c.get(1).or(c.get(2)).map_or("", |m| m.as_str()).to_string());
                }
                "route:nest-get" => {
                    let (Some(ctrl), Some(c)) = (&controller, NEST_GET.captures(&h.value)) else {
                        continue;
                    };
                    let route = c.get(1).map_or("", |m| m.as_str());
                    let own = join_paths(&[ctrl, route]);
                    let prefix = match &global {
                        Some((p, exclude))
                            if !exclude.iter().any(|e| *e == own.trim_matches('/')) =>
                        {
                            p.as_str()
                        }
                        _ => "",
                    };
                    push(
                        found,
                        join_paths(&[prefix, &own]),
                        Kind::Route,
                        evidence(path, h.line, "nest-route"),
                    );
                }
                _ => {}
            }
        }
    }
}

static PY_ROUTE: LazyLock<Regex> =
    LazyLock::new(|| re(r#"^\s*@(\w+)\.(?:get|route|api_route|head)\(\s*["']([^"']*)["']"#));
static PY_ROUTER: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^\s*(\w+)\s*(?::\s*\w+\s*)?=\s*(?:[\w.]+\.)?(APIRouter|Blueprint)\((.*)")
});
static PY_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| re(r#"\b(?:url_)?prefix\s*=\s*(?:["']([^"']*)["']|(\S))"#));
static PY_MOUNT: LazyLock<Regex> =
    LazyLock::new(|| re(r"^\s*(\w+)\.(include_router|register_blueprint)\(\s*([\w.]+)(.*)"));
static PY_IMPORT: LazyLock<Regex> =
    LazyLock::new(|| re(r"^\s*from\s+([\w.]+)\s+import\s+\(?([^)#]*)"));

/// The module name a Python file is imported by (`app/api/health.py` → `health`).
fn py_stem(path: &str) -> &str {
    let name = file_name(path).trim_end_matches(".py");
    if name == "__init__" {
        file_name(parent(path))
    } else {
        name
    }
}

/// A prefix keyword: `Some(Some(p))` a literal, `Some(None)` set from a variable, `None` absent.
fn py_prefix(args: &str) -> Option<Option<String>> {
    PY_PREFIX
        .captures(args)
        .map(|c| c.get(1).map(|m| m.as_str().to_string()))
}

fn python(index: &RepoIndex, files: &FileHits, found: &mut Vec<Found>) {
    struct PyFile {
        /// Router/blueprint variable → its own prefix (None: from a variable).
        routers: BTreeMap<String, Option<String>>,
        /// Local name → (module's last component, imported name).
        imports: BTreeMap<String, (String, String)>,
        is_app: bool,
    }
    struct PyMount<'a> {
        file: &'a str,
        receiver: String,
        target: String,
        prefix: Option<Option<String>>,
        /// Flask's `register_blueprint`: its `url_prefix` replaces the blueprint's own.
        replaces: bool,
    }
    let mut parsed: BTreeMap<&str, PyFile> = BTreeMap::new();
    let mut mounts: Vec<PyMount> = Vec::new();
    let app_files: Vec<&str> = index
        .hits("app:fastapi")
        .chain(index.hits("app:flask"))
        .map(|h| h.path.as_str())
        .collect();
    for (path, hits) in files {
        let mut f = PyFile {
            routers: BTreeMap::new(),
            imports: BTreeMap::new(),
            is_app: app_files.contains(path),
        };
        for h in hits {
            match h.rule {
                "route:router" => {
                    if let Some(c) = PY_ROUTER.captures(&h.value) {
                        let own = py_prefix(&c[3]).unwrap_or(Some(String::new()));
                        f.routers.insert(c[1].to_string(), own);
                    }
                }
                "route:import" => {
                    if let Some(c) = PY_IMPORT.captures(&h.value) {
                        let module = c[1].rsplit('.').next().unwrap_or("").to_string();
                        for item in c[2].split(',') {
                            let mut words = item.split_whitespace();
                            let (Some(name), alias) = (words.next(), words.nth(1)) else {
                                continue;
                            };
                            f.imports.insert(
                                alias.unwrap_or(name).to_string(),
                                (module.clone(), name.to_string()),
                            );
                        }
                    }
                }
                "route:mount" => {
                    if let Some(c) = PY_MOUNT.captures(&h.value) {
                        mounts.push(PyMount {
                            file: path,
                            receiver: c[1].to_string(),
                            target: c[3].to_string(),
                            prefix: py_prefix(&c[4]),
                            replaces: &c[2] == "register_blueprint",
                        });
                    }
                }
                _ => {}
            }
        }
        parsed.insert(path, f);
    }
    // Whether `target` written in `m_file` names variable `var` of file `file`.
    let names = |m_file: &str, target: &str, file: &str, var: &str| -> bool {
        let Some(mf) = parsed.get(m_file) else {
            return false;
        };
        match target.rsplit_once('.') {
            Some((module, name)) => {
                let module = module.rsplit('.').next().unwrap_or(module);
                let real = mf.imports.get(module).map_or(module, |(_, n)| n.as_str());
                name == var && real == py_stem(file)
            }
            None if m_file == file => target == var,
            None => mf
                .imports
                .get(target)
                .is_some_and(|(module, name)| name == var && module == py_stem(file)),
        }
    };
    fn served_at(
        parsed: &BTreeMap<&str, PyFile>,
        mounts: &[PyMount],
        names: &dyn Fn(&str, &str, &str, &str) -> bool,
        file: &str,
        var: &str,
        depth: u8,
    ) -> Option<String> {
        let f = parsed.get(file)?;
        let Some(own) = f.routers.get(var) else {
            return f.is_app.then(String::new);
        };
        if depth > 4 {
            return None;
        }
        let own = own.clone()?;
        // The first mount whose full prefix is known (a prefix from a variable is not).
        mounts
            .iter()
            .filter(|m| names(m.file, &m.target, file, var))
            .find_map(|m| {
                let mount_prefix = match &m.prefix {
                    Some(Some(p)) => p.clone(),
                    Some(None) => return None,
                    None => String::new(),
                };
                let up = served_at(parsed, mounts, names, m.file, &m.receiver, depth + 1)?;
                // register_blueprint's url_prefix replaces the blueprint's; include_router's adds.
                let own_part = if m.replaces && m.prefix.is_some() {
                    ""
                } else {
                    own.as_str()
                };
                Some(join_paths(&[&up, &mount_prefix, own_part]))
            })
    }
    for (path, hits) in files {
        for h in hits.iter().filter(|h| h.rule == "route:call") {
            let Some(c) = PY_ROUTE.captures(&h.value) else {
                continue;
            };
            if let Some(prefix) = served_at(&parsed, &mounts, &names, path, &c[1], 0) {
                push(
                    found,
                    join_paths(&[&prefix, &c[2]]),
                    Kind::Route,
                    evidence(path, h.line, "python-route"),
                );
            }
        }
    }
}

static GO_ROUTE: LazyLock<Regex> =
    LazyLock::new(|| re(r#"(\w+)\.(?:HandleFunc|Handle|GET|Get)\(\s*"(?:[A-Z]+ )?(/[^"]*)""#));
static GO_GROUP: LazyLock<Regex> =
    LazyLock::new(|| re(r#"(\w+)\s*:?=\s*(\w+)\.Group\(\s*"(/[^"]*)""#));
static GO_ROUTE_BLOCK: LazyLock<Regex> = LazyLock::new(|| re(r#"\.Route\(\s*"(/[^"]*)""#));

/// Go: routes on the mux/engine, on `Group` variables, or inside chi's `r.Route("/x", ...)`.
fn go(path: &str, hits: &[&Hit], found: &mut Vec<Found>) {
    let mut groups: BTreeMap<String, String> = BTreeMap::new();
    let mut blocks: Vec<(usize, String)> = Vec::new();
    for h in hits {
        let line = h.value.as_str();
        let ind = indent(line);
        while blocks.last().is_some_and(|(i, _)| *i >= ind) {
            blocks.pop();
        }
        if let Some(c) = GO_GROUP.captures(line) {
            let parent = groups.get(&c[2]).cloned().unwrap_or_default();
            groups.insert(c[1].to_string(), join_paths(&[&parent, &c[3]]));
        } else if let Some(c) = GO_ROUTE_BLOCK.captures(line) {
            blocks.push((ind, c[1].to_string()));
        } else if let Some(c) = GO_ROUTE.captures(line) {
            let mut parts: Vec<&str> = blocks.iter().map(|(_, p)| p.as_str()).collect();
            if let Some(g) = groups.get(&c[1]) {
                parts.push(g);
            }
            parts.push(&c[2]);
            push(
                found,
                join_paths(&parts),
                Kind::Route,
                evidence(path, h.line, "go-route"),
            );
        }
    }
}

static JVM_MAPPING: LazyLock<Regex> = LazyLock::new(|| {
    re(r#"@(?:Get|Request)Mapping\(\s*(?:(?:value|path)\s*=\s*)?\{?\s*"([^"]*)""#)
});

/// Spring MVC: `@GetMapping("/health")` under the class's `@RequestMapping` and the
/// servlet context path.
fn jvm(index: &RepoIndex, path: &str, hits: &[&Hit], found: &mut Vec<Found>) {
    let props = tables::spring_properties(index);
    let Ok(context) = tables::spring_context_path(&props) else {
        return;
    };
    let mut class_prefix = String::new();
    for h in hits {
        let Some(c) = JVM_MAPPING.captures(&h.value) else {
            continue;
        };
        let top_level = indent(&h.value) == 0;
        if h.rule == "route:prefix" && top_level {
            class_prefix = c[1].to_string();
        } else if h.rule == "route:call" {
            push(
                found,
                join_paths(&[&context, &class_prefix, &c[1]]),
                Kind::Route,
                evidence(path, h.line, "spring-mapping"),
            );
        }
    }
}

static NET_HEALTH: LazyLock<Regex> = LazyLock::new(|| re(r#"MapHealthChecks\(\s*"(/[^"]*)""#));
static NET_GET: LazyLock<Regex> =
    LazyLock::new(|| re(r#"\b(app|endpoints)\.MapGet\(\s*"(/[^"]*)""#));

fn dotnet(path: &str, hits: &[&Hit], found: &mut Vec<Found>) {
    for h in hits {
        if let Some(c) = NET_HEALTH.captures(&h.value) {
            push(
                found,
                c[1].to_string(),
                Kind::Builtin,
                evidence(path, h.line, "aspnet-health-checks"),
            );
        } else if let Some(c) = NET_GET.captures(&h.value) {
            push(
                found,
                c[2].to_string(),
                Kind::Route,
                evidence(path, h.line, "aspnet-route"),
            );
        }
    }
}

static PHP_ROUTE: LazyLock<Regex> =
    LazyLock::new(|| re(r#"^Route::(?:get|any|match)\(\s*(?:\[[^\]]*\]\s*,\s*)?["']([^"']*)["']"#));

/// Laravel `routes/web.php` and `routes/api.php` (under its `api` prefix), top-level routes
/// only: a route inside `Route::prefix(...)->group(...)` is indented.
fn laravel_routes(index: &RepoIndex, path: &str, hits: &[&Hit], found: &mut Vec<Found>) {
    let prefix = match path {
        "routes/web.php" => String::new(),
        "routes/api.php" => tables::laravel_api_prefix(index).unwrap_or_else(|| "api".into()),
        _ => return,
    };
    for h in hits.iter().filter(|h| indent(&h.value) == 0) {
        if let Some(c) = PHP_ROUTE.captures(&h.value) {
            push(
                found,
                join_paths(&[&prefix, &c[1]]),
                Kind::Route,
                evidence(path, h.line, "laravel-route"),
            );
        }
    }
}

/// Routes that are files: Next.js (`app/api/health/route.ts`, `pages/api/health.ts`),
/// SvelteKit (`src/routes/health/+server.ts`), Nuxt (`server/api/health.ts`,
/// `server/routes/health.ts`) and Remix flat routes (`app/routes/api.health.ts`).
fn file_routes(index: &RepoIndex, facts: &Facts, found: &mut Vec<Found>) {
    fn js_ext(name: &str) -> Option<&str> {
        ["ts", "js", "mts", "mjs", "tsx", "jsx"]
            .iter()
            .find_map(|e| name.strip_suffix(e)?.strip_suffix('.'))
    }
    // URL segments of folders: route groups `(marketing)` and `_private` folders are no
    // segment; a dynamic `[id]` is no plain path.
    let segments = |dir: &str| -> Option<Vec<String>> {
        let mut out = Vec::new();
        for seg in dir.split('/').filter(|s| !s.is_empty()) {
            if seg.starts_with('(') && seg.ends_with(')') {
                continue;
            }
            if seg.starts_with('[') || seg.starts_with('_') || seg.starts_with('@') {
                return None;
            }
            out.push(seg.to_string());
        }
        Some(out)
    };
    let mut emit = |path: &str, parts: Vec<String>, rule: &str| {
        let url = format!("/{}", parts.join("/"));
        // The file itself is the route: no line to cite.
        let e = crate::record::ev(path, None, format!("{}/{rule}", super::ID));
        push(found, url, Kind::Route, e);
    };
    let next = facts.has_framework("nextjs");
    let svelte = facts.has_framework("sveltekit");
    let nuxt = facts.has_framework("nuxt");
    let remix = facts.has_framework("remix");
    if !(next || svelte || nuxt || remix) {
        return;
    }
    for f in index.files() {
        let path = f.path.as_str();
        let name = file_name(path);
        let Some(stem) = js_ext(name) else {
            continue;
        };
        let dir = parent(path);
        if next {
            for root in ["app", "src/app"] {
                if let Some(rest) = dir.strip_prefix(root).filter(|_| stem == "route")
                    && (rest.is_empty() || rest.starts_with('/'))
                    && let Some(parts) = segments(rest)
                {
                    emit(path, parts, "nextjs-route-handler");
                }
            }
            for root in ["pages/api", "src/pages/api"] {
                if let Some(rest) = dir.strip_prefix(root)
                    && (rest.is_empty() || rest.starts_with('/'))
                    && let Some(mut parts) = segments(&format!("api{rest}"))
                {
                    if stem != "index" {
                        parts.push(stem.to_string());
                    }
                    emit(path, parts, "nextjs-api-route");
                }
            }
        }
        if svelte
            && stem == "+server"
            && let Some(rest) = dir.strip_prefix("src/routes")
            && let Some(parts) = segments(rest)
        {
            emit(path, parts, "sveltekit-endpoint");
        }
        if nuxt {
            for (root, prefix) in [("server/api", "api"), ("server/routes", "")] {
                if let Some(rest) = dir.strip_prefix(root)
                    && (rest.is_empty() || rest.starts_with('/'))
                    && let Some(mut parts) = segments(&format!("{prefix}{rest}"))
                {
                    // `health.get.ts` answers GET only; `index` is the folder itself.
                    let base = stem.split('.').next().unwrap_or(stem);
                    if base != "index" {
                        parts.push(base.to_string());
                    }
                    emit(path, parts, "nuxt-server-route");
                }
            }
        }
        if remix && dir == "app/routes" && !stem.contains('$') && !stem.starts_with('_') {
            let parts: Vec<String> = stem
                .split('.')
                .filter(|s| !s.is_empty() && !s.starts_with('_'))
                .map(str::to_string)
                .collect();
            emit(path, parts, "remix-route");
        }
    }
}
