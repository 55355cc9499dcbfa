//! Route tables read whole: Rails `config/routes.rb`, Phoenix `router.ex`, Django `urls.py`,
//! Laravel `bootstrap/app.php`, and Spring Boot's actuator (its dependency and properties).

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::{Found, Kind, evidence, join_paths, push};
use crate::index::{RepoIndex, file_name, parent};
use crate::record::numbered;
use crate::walk::is_test_path;

pub(super) fn detect(index: &RepoIndex, found: &mut Vec<Found>) {
    for (path, text) in index.texts() {
        if is_test_path(path) {
            continue;
        }
        match file_name(path) {
            "routes.rb" if path.ends_with("config/routes.rb") => rails(path, text, found),
            "router.ex" => phoenix(path, text, found),
            "app.php" if path.ends_with("bootstrap/app.php") => laravel(path, text, found),
            _ => {}
        }
    }
    django(index, found);
    actuator(index, found);
}

fn re(src: &str) -> Regex {
    Regex::new(src).expect("valid")
}

/// `do ... end` blocks as a stack of path prefixes; `None` is a block whose prefix is not a
/// plain string (`resources :users do`, `scope ":locale"`), inside which no route is known.
struct Blocks(Vec<Option<String>>);

impl Blocks {
    fn prefix(&self) -> Option<Vec<&str>> {
        self.0.iter().map(|p| p.as_deref()).collect()
    }
}

static RB_ROUTE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"^(?:get|match)\s*\(?\s*["']([^"']*)["']\s*(?:=>\s*["']([^"']+)["']|,\s*to:\s*["']([^"']+)["'])?"#,
    )
});
static RB_SCOPE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"^(?:scope\s*\(?\s*(?:path:\s*)?["']([^"']*)["']|namespace\s*\(?\s*(?::(\w+)|["']([^"']+)["']))"#,
    )
});
static RB_NEUTRAL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:[\w:]+\.routes\.draw|Rails\.application\.routes\.draw|constraints|scope\s+module:|defaults|concern\b|devise_scope|direct|authenticate)",
    )
});

/// `get "up" => "rails/health#show"` (Rails 7.1+) and any other `get`, inside their
/// `namespace`/`scope` blocks.
fn rails(path: &str, text: &str, found: &mut Vec<Found>) {
    let mut blocks = Blocks(Vec::new());
    for (n, line) in numbered(text) {
        let t = line.trim();
        if t.starts_with('#') {
            continue;
        }
        let opens = t.ends_with(" do") || t.contains(" do |") || t == "do";
        if opens {
            let prefix = if let Some(c) = RB_SCOPE.captures(t) {
                c.get(1)
                    .or(c.get(2))
                    .or(c.get(3))
                    .map(|m| m.as_str().to_string())
                    .filter(|p| !p.contains(':') && !p.contains('('))
            } else if RB_NEUTRAL.is_match(t) {
                Some(String::new())
            } else {
                None
            };
            blocks.0.push(prefix);
            continue;
        }
        if t == "end" || t.starts_with("end ") {
            blocks.0.pop();
            continue;
        }
        let Some(c) = RB_ROUTE.captures(t) else {
            continue;
        };
        let Some(mut parts) = blocks.prefix() else {
            continue;
        };
        let target = c.get(2).or(c.get(3)).map_or("", |m| m.as_str());
        parts.push(&c[1]);
        let kind = if target == "rails/health#show" {
            Kind::Builtin
        } else {
            Kind::Route
        };
        let rule = if kind == Kind::Builtin {
            "rails-health"
        } else {
            "rails-route"
        };
        push(found, join_paths(&parts), kind, evidence(path, n, rule));
    }
}

static EX_SCOPE: LazyLock<Regex> = LazyLock::new(|| re(r#"^scope\s*\(?\s*"([^"]*)""#));
static EX_ROUTE: LazyLock<Regex> = LazyLock::new(|| re(r#"^(?:get|forward)\s*\(?\s*"([^"]*)""#));

/// Phoenix: `get "/health", HealthController, :index` inside `scope "/api", ... do`.
fn phoenix(path: &str, text: &str, found: &mut Vec<Found>) {
    let mut blocks = Blocks(Vec::new());
    for (n, line) in numbered(text) {
        let t = line.trim();
        if t.starts_with('#') {
            continue;
        }
        if t.ends_with(" do") {
            let prefix = match EX_SCOPE.captures(t) {
                Some(c) => Some(c[1].to_string()),
                None if t.starts_with("scope") => None,
                None => Some(String::new()),
            };
            blocks.0.push(prefix);
            continue;
        }
        if t == "end" {
            blocks.0.pop();
            continue;
        }
        if let Some(c) = EX_ROUTE.captures(t)
            && let Some(mut parts) = blocks.prefix()
        {
            parts.push(&c[1]);
            push(
                found,
                join_paths(&parts),
                Kind::Route,
                evidence(path, n, "phoenix-route"),
            );
        }
    }
}

static PHP_HEALTH: LazyLock<Regex> =
    LazyLock::new(|| re(r#"^\s*health:\s*['"](/?[A-Za-z0-9/_.~-]*)['"]"#));

/// Laravel 11+: `->withRouting(..., health: '/up')` in bootstrap/app.php.
fn laravel(path: &str, text: &str, found: &mut Vec<Found>) {
    for (n, line) in numbered(text) {
        let t = line.trim_start();
        if t.starts_with("//") || t.starts_with('#') {
            continue;
        }
        // The argument is often on its own line, or inline: `withRouting(web: ..., health: '/up')`.
        let at = t.find("health:").map(|i| &t[i..]);
        if let Some(c) = at.and_then(|s| PHP_HEALTH.captures(s)) {
            push(
                found,
                join_paths(&[&c[1]]),
                Kind::Builtin,
                evidence(path, n, "laravel-health"),
            );
        }
    }
}

/// The `apiPrefix:` of Laravel's bootstrap/app.php (`api` unless it says otherwise).
pub(super) fn laravel_api_prefix(index: &RepoIndex) -> Option<String> {
    let text = index.text("bootstrap/app.php")?;
    let c = re(r#"apiPrefix:\s*['"]([^'"]*)['"]"#).captures(text)?;
    Some(c[1].to_string())
}

static DJ_PATH: LazyLock<Regex> = LazyLock::new(|| {
    re(r#"\b(re_path|path|url)\(\s*(r?)["']([^"']*)["']\s*,\s*(include\(\s*["']([\w.]+)["'])?"#)
});

/// A Django regex route made plain (`^ping/?$` → `ping`), or `None` when it is a real regex.
fn plain_regex(pattern: &str) -> Option<String> {
    let mut p = pattern.trim_start_matches('^').to_string();
    for end in ["/?$", "$", "\\Z"] {
        if let Some(s) = p.strip_suffix(end) {
            p = s.to_string();
            if end == "$" || end == "\\Z" {
                break;
            }
            break;
        }
    }
    let plain = p
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_/~".contains(c));
    plain.then_some(p)
}

/// Django: every `urls.py`, its routes, and the `include("x.urls")` chains that prefix them.
fn django(index: &RepoIndex, found: &mut Vec<Found>) {
    struct UrlFile<'a> {
        path: &'a str,
        routes: Vec<(u32, String)>,
        includes: Vec<(String, String)>,
    }
    let mut files: Vec<UrlFile> = Vec::new();
    for (path, text) in index.texts_named(|n| n == "urls.py") {
        if is_test_path(path) {
            continue;
        }
        let mut f = UrlFile {
            path,
            routes: Vec::new(),
            includes: Vec::new(),
        };
        for (n, line) in numbered(text) {
            if line.trim_start().starts_with('#') {
                continue;
            }
            for c in DJ_PATH.captures_iter(line) {
                let regex = &c[1] != "path" || !c[2].is_empty();
                let Some(pattern) = (if regex {
                    plain_regex(&c[3])
                } else {
                    Some(c[3].to_string())
                }) else {
                    continue;
                };
                match c.get(5) {
                    Some(module) => f.includes.push((pattern, module.as_str().to_string())),
                    None if c.get(4).is_none() => f.routes.push((n, pattern)),
                    None => {}
                }
            }
        }
        files.push(f);
    }
    // The file a module name points to: `api.urls` → `api/urls.py` (or deeper, `src/api/urls.py`).
    let file_of = |module: &str| -> Option<usize> {
        let rel = format!("{}.py", module.replace('.', "/"));
        files
            .iter()
            .position(|f| f.path == rel || f.path.ends_with(&format!("/{rel}")))
    };
    let mut includer: BTreeMap<usize, (usize, String)> = BTreeMap::new();
    for (i, f) in files.iter().enumerate() {
        for (prefix, module) in &f.includes {
            if let Some(j) = file_of(module)
                && j != i
            {
                includer.entry(j).or_insert((i, prefix.clone()));
            }
        }
    }
    for (i, f) in files.iter().enumerate() {
        // Prefixes from the root URLconf down to this file; a loop gives up.
        let mut prefixes = Vec::new();
        let mut at = i;
        let mut hops = 0;
        while let Some((up, prefix)) = includer.get(&at) {
            prefixes.push(prefix.as_str());
            at = *up;
            hops += 1;
            if hops > 8 {
                break;
            }
        }
        if hops > 8 {
            continue;
        }
        prefixes.reverse();
        for (n, route) in &f.routes {
            let mut parts = prefixes.clone();
            parts.push(route);
            let full = join_paths(&parts);
            // `path("health/")` serves `/health/`: keep the slash Django redirects to.
            push(
                found,
                full,
                Kind::Route,
                evidence(f.path, *n, "django-path"),
            );
        }
    }
}

/// Spring Boot properties of the default profile, flattened (`management.endpoints.web.base-path`).
pub(super) fn spring_properties(index: &RepoIndex) -> BTreeMap<String, (String, String, u32)> {
    let mut out = BTreeMap::new();
    for (path, text) in index.texts() {
        let name = file_name(path);
        if is_test_path(path) || !parent(path).ends_with("resources") {
            continue;
        }
        match name {
            "application.properties" => {
                for (n, line) in numbered(text) {
                    let t = line.trim();
                    if t.starts_with('#') || t.starts_with('!') {
                        continue;
                    }
                    if let Some((k, v)) = t.split_once(['=', ':']) {
                        out.insert(
                            k.trim().to_string(),
                            (v.trim().to_string(), path.to_string(), n),
                        );
                    }
                }
            }
            "application.yml" | "application.yaml" => {
                let mut stack: Vec<(usize, String)> = Vec::new();
                for (n, line) in numbered(text) {
                    let t = line.trim_start();
                    if t.is_empty() || t.starts_with('#') || t.starts_with('-') {
                        continue;
                    }
                    if t.starts_with("---") {
                        break;
                    }
                    let indent = line.len() - t.len();
                    let Some((k, v)) = t.split_once(':') else {
                        continue;
                    };
                    while stack.last().is_some_and(|(i, _)| *i >= indent) {
                        stack.pop();
                    }
                    let v = v.split(" #").next().unwrap_or("").trim();
                    let key: Vec<&str> = stack
                        .iter()
                        .map(|(_, k)| k.as_str())
                        .chain([k.trim()])
                        .collect();
                    if v.is_empty() {
                        stack.push((indent, k.trim().to_string()));
                    } else {
                        out.insert(
                            key.join("."),
                            (v.trim_matches(['"', '\'']).to_string(), path.to_string(), n),
                        );
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// `server.servlet.context-path` when it is a plain path; `Err` when it is set from a
/// placeholder (the full path cannot be known).
pub(super) fn spring_context_path(
    props: &BTreeMap<String, (String, String, u32)>,
) -> Result<String, ()> {
    match props.get("server.servlet.context-path") {
        Some((v, _, _)) if v.contains("${") => Err(()),
        Some((v, _, _)) => Ok(v.clone()),
        None => Ok(String::new()),
    }
}

/// Spring Boot actuator: the starter on the classpath serves `/actuator/health`, under the
/// configured base path and context path. Not when health is on a separate management port
/// (the platform probes the app's port) or switched off.
fn actuator(index: &RepoIndex, found: &mut Vec<Found>) {
    let dependency = index.texts().find_map(|(path, text)| {
        let manifest = matches!(
            file_name(path),
            "pom.xml" | "build.gradle" | "build.gradle.kts" | "libs.versions.toml"
        );
        (manifest && !is_test_path(path))
            .then(|| {
                numbered(text)
                    .find(|(_, l)| l.contains("spring-boot-starter-actuator"))
                    .map(|(n, _)| (path, n))
            })
            .flatten()
    });
    let Some((dep_path, dep_line)) = dependency else {
        return;
    };
    let props = spring_properties(index);
    let get = |k: &str| props.get(k).map(|(v, _, _)| v.as_str());
    if get("management.server.port").is_some()
        || get("management.endpoint.health.enabled") == Some("false")
        || get("management.endpoints.web.exposure.exclude").is_some_and(|v| v.contains("health"))
        || get("management.endpoints.enabled-by-default") == Some("false")
    {
        return;
    }
    let Ok(context) = spring_context_path(&props) else {
        return;
    };
    let base = get("management.endpoints.web.base-path").unwrap_or("/actuator");
    let health = get("management.endpoints.web.path-mapping.health").unwrap_or("health");
    if base.contains("${") || health.contains("${") {
        return;
    }
    let path = join_paths(&[&context, base, health]);
    push(
        found,
        path.clone(),
        Kind::Builtin,
        evidence(dep_path, dep_line, "spring-actuator"),
    );
    for key in [
        "management.endpoints.web.base-path",
        "server.servlet.context-path",
    ] {
        if let Some((_, p, n)) = props.get(key) {
            push(
                found,
                path.clone(),
                Kind::Builtin,
                evidence(p, *n, "spring-actuator"),
            );
        }
    }
}
