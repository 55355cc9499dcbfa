//! Where the app is created and named in its own code ([`AppLayout`]): the line that creates
//! the HTTP app and its variable, the module system, Next.js' router folder, a prefix every
//! route gets, and the framework's own names. The planner places a generated health endpoint
//! beside the app and writes its mount line with these names, so it is pasted unchanged.

use std::sync::LazyLock;

use deployplan_core::Facts;
use deployplan_core::facts::{AppLayout, AppObject, NextRouter, RoutePrefix, RoutesDir};
use regex::Regex;

use super::Detector;
use crate::index::{Hit, RepoIndex, depth, file_name};
use crate::record::{ev, numbered};
use crate::walk::is_test_path;

pub struct AppLayoutDetector;

const ID: &str = "app_layout";

fn re(src: &str) -> Regex {
    Regex::new(src).expect("valid")
}

static JS_APP: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(\w+)\s*(?::\s*[\w.<>]+\s*)?=\s*(?:await\s+)?(?:new\s+)?(?:express|Koa|Hono|Fastify|fastify|require\(\s*["']fastify["']\s*\)|NestFactory\.create\w*)\s*[(<]"#,
    )
});
static GO_APP: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(\w+)\s*:?=\s*(?:gin\.Default|gin\.New|echo\.New|fiber\.New|chi\.NewRouter|http\.NewServeMux|mux\.NewRouter)\(",
    )
});
static PY_APP: LazyLock<Regex> =
    LazyLock::new(|| re(r"^\s*(\w+)\s*(?::\s*\w+\s*)?=\s*Starlette\("));
static LITERAL: LazyLock<Regex> = LazyLock::new(|| re(r#"^["'`](/?[A-Za-z0-9/_.~-]*)["'`]$"#));
static NEST_PREFIX: LazyLock<Regex> = LazyLock::new(|| re(r#"setGlobalPrefix\(\s*([^,)]*)"#));

impl Detector for AppLayoutDetector {
    fn id(&self) -> &'static str {
        ID
    }

    fn detect(&self, index: &RepoIndex, facts: &mut Facts) {
        let mut l = AppLayout {
            app: app_object(index),
            es_modules: es_modules(index),
            typescript: index.has("tsconfig.json"),
            ..AppLayout::default()
        };
        if facts.has_framework("nextjs") {
            l.next_routes = next_routes(index);
            l.route_prefix = prefix(index, "app:next-base-path", |h| {
                file_name(&h.path).starts_with("next.config")
            });
        }
        if facts.has_framework("nestjs") {
            l.route_prefix = nest_prefix(index);
            l.root_module = shallowest(index, |name| {
                matches!(name, "app.module.ts" | "app.module.js")
            })
            .map(|p| ev(&p, None, format!("{ID}/nest-root-module")));
        }
        if facts.has_framework("phoenix") {
            phoenix(index, &mut l);
        }
        l.go_module = index.text("go.mod").and_then(|t| {
            t.lines()
                .find_map(|line| line.trim().strip_prefix("module "))
                .map(|m| m.trim().trim_matches('"').to_string())
        });
        l.laravel_routing = index.text("bootstrap/app.php").and_then(|t| {
            numbered(t)
                .find(|(_, line)| line.contains("->withRouting("))
                .map(|(n, _)| {
                    ev(
                        "bootstrap/app.php",
                        Some(n),
                        format!("{ID}/laravel-routing"),
                    )
                })
        });
        l.rack_run = index.text("config.ru").and_then(|t| {
            numbered(t)
                .find(|(_, line)| line.trim_start().starts_with("run "))
                .map(|(n, _)| ev("config.ru", Some(n), format!("{ID}/rack-run")))
        });
        facts.app_layout = l;
    }
}

/// The first line that creates the app and binds it, shallowest file first (the entry point
/// before a module that builds a second app for its tests).
fn app_object(index: &RepoIndex) -> Option<AppObject> {
    let mut candidates: Vec<(usize, &Hit, String)> = Vec::new();
    for h in index
        .hits("route:app")
        .chain(index.hits("app:nest"))
        .chain(index.hits("app:go"))
        .chain(index.hits("app:starlette"))
    {
        if is_test_path(&h.path) {
            continue;
        }
        let var = [&*JS_APP, &*GO_APP, &*PY_APP]
            .iter()
            .find_map(|r| r.captures(&h.value).map(|c| c[1].to_string()));
        if let Some(var) = var {
            candidates.push((depth(&h.path), h, var));
        }
    }
    // Python's `= FastAPI(` / `= Flask(` hits carry no variable: the file and line still say
    // where the app is created.
    for h in index.hits("app:fastapi").chain(index.hits("app:flask")) {
        if !is_test_path(&h.path) {
            candidates.push((depth(&h.path), h, String::new()));
        }
    }
    candidates.sort_by(|a, b| (a.0, &a.1.path, a.1.line).cmp(&(b.0, &b.1.path, b.1.line)));
    candidates
        .into_iter()
        .next()
        .map(|(_, h, variable)| AppObject {
            variable,
            evidence: ev(&h.path, Some(h.line), format!("{ID}/{}", h.rule)),
        })
}

fn es_modules(index: &RepoIndex) -> bool {
    index
        .text("package.json")
        .and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok())
        .is_some_and(|v| v["type"] == "module")
}

/// The shallowest non-test file whose name satisfies `pred`.
fn shallowest(index: &RepoIndex, pred: impl Fn(&str) -> bool) -> Option<String> {
    index
        .files()
        .iter()
        .filter(|f| pred(file_name(&f.path)) && !is_test_path(&f.path))
        .min_by_key(|f| (depth(&f.path), f.path.clone()))
        .map(|f| f.path.clone())
}

/// Next.js: the App Router when `app/` (or `src/app/`) holds a page, layout or route file,
/// else the Pages Router's `pages/` (or `src/pages/`).
fn next_routes(index: &RepoIndex) -> Option<RoutesDir> {
    let app_file = |name: &str| {
        ["page.", "layout.", "route."]
            .iter()
            .any(|p| name.starts_with(p))
    };
    for dir in ["src/app", "app"] {
        if index
            .files_under(dir)
            .iter()
            .any(|f| app_file(file_name(&f.path)))
        {
            return Some(RoutesDir {
                router: NextRouter::App,
                dir: dir.to_string(),
            });
        }
    }
    ["src/pages", "pages"]
        .iter()
        .find(|d| !index.files_under(d).is_empty())
        .map(|d| RoutesDir {
            router: NextRouter::Pages,
            dir: d.to_string(),
        })
}

/// A prefix set by a `key: value` hit (its value the expression after the colon).
fn prefix(index: &RepoIndex, rule: &str, keep: impl Fn(&Hit) -> bool) -> Option<RoutePrefix> {
    let h = index
        .hits(rule)
        .find(|h| keep(h) && !is_test_path(&h.path))?;
    Some(RoutePrefix {
        value: literal(&h.value),
        evidence: ev(&h.path, Some(h.line), format!("{ID}/{rule}")),
    })
}

fn literal(expr: &str) -> Option<String> {
    LITERAL
        .captures(expr.trim())
        .map(|c| format!("/{}", c[1].trim_matches('/')))
        .map(|p| if p == "/" { String::new() } else { p })
}

fn nest_prefix(index: &RepoIndex) -> Option<RoutePrefix> {
    let h = index
        .hits("route:nest-prefix")
        .find(|h| !is_test_path(&h.path))?;
    let expr = NEST_PREFIX
        .captures(&h.value)
        .map_or("", |c| c.get(1).map_or("", |m| m.as_str()));
    Some(RoutePrefix {
        value: literal(expr),
        evidence: ev(&h.path, Some(h.line), format!("{ID}/nest-global-prefix")),
    })
}

/// Phoenix: the web module from `defmodule ShopWeb.Router`, the endpoint's
/// `plug ShopWeb.Router` line, and the module of the file that names an Ecto adapter.
fn phoenix(index: &RepoIndex, l: &mut AppLayout) {
    let modules: Vec<&Hit> = index
        .hits("app:ex-module")
        .filter(|h| !is_test_path(&h.path))
        .collect();
    let router = modules
        .iter()
        .filter(|h| file_name(&h.path) == "router.ex")
        .find_map(|h| h.value.strip_suffix(".Router"));
    if let Some(web) = router {
        l.web_module = Some(web.to_string());
        let target = format!("{web}.Router");
        l.router_plug = index
            .hits("app:ex-plug")
            .find(|h| h.value == target && !is_test_path(&h.path))
            .map(|h| ev(&h.path, Some(h.line), format!("{ID}/phoenix-router-plug")));
    }
    l.repo_module = index
        .hits("db:ecto-adapter")
        .filter(|h| !is_test_path(&h.path))
        .find_map(|a| {
            modules
                .iter()
                .find(|m| m.path == a.path)
                .map(|m| m.value.clone())
        });
}

/// For tests: the evidence of `path:line` under this detector.
#[cfg(test)]
fn at(e: &Option<deployplan_core::facts::Evidence>) -> Option<String> {
    e.as_ref().map(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(files: &[(&str, &str)]) -> AppLayout {
        let index = RepoIndex::from_texts(files);
        crate::detectors::detect(&index).app_layout
    }

    #[test]
    fn the_app_object_and_module_system() {
        let l = layout(&[
            (
                "package.json",
                r#"{"type":"module","dependencies":{"express":"4"}}"#,
            ),
            (
                "src/server.js",
                "import express from 'express';\nconst server = express();\n",
            ),
            ("test/app.test.js", "const app = express();\n"),
        ]);
        let app = l.app.expect("app");
        assert_eq!(app.variable, "server");
        assert_eq!(app.evidence.to_string(), "src/server.js:2");
        assert!(l.es_modules && !l.typescript);
    }

    #[test]
    fn next_router_and_base_path() {
        let l = layout(&[
            ("package.json", r#"{"dependencies":{"next":"15"}}"#),
            (
                "next.config.mjs",
                "export default {\n  basePath: '/docs',\n};\n",
            ),
            ("src/app/layout.tsx", "export default function L() {}\n"),
            ("pages/legacy.tsx", "export default function P() {}\n"),
            ("tsconfig.json", "{}"),
        ]);
        assert_eq!(
            l.next_routes,
            Some(RoutesDir {
                router: NextRouter::App,
                dir: "src/app".into()
            })
        );
        assert_eq!(l.route_prefix.unwrap().value.as_deref(), Some("/docs"));
        assert!(l.typescript);
        let l = layout(&[
            ("package.json", r#"{"dependencies":{"next":"13"}}"#),
            (
                "next.config.js",
                "module.exports = { basePath: process.env.BASE };\n",
            ),
            ("pages/index.js", "export default function P() {}\n"),
        ]);
        assert_eq!(l.next_routes.unwrap().router, NextRouter::Pages);
        assert_eq!(l.route_prefix.unwrap().value, None);
    }

    #[test]
    fn nest_phoenix_go_and_laravel_names() {
        let l = layout(&[
            ("package.json", r#"{"dependencies":{"@nestjs/core":"10"}}"#),
            (
                "src/main.ts",
                "async function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  app.setGlobalPrefix('api/v1');\n}\n",
            ),
            (
                "src/app.module.ts",
                "@Module({})\nexport class AppModule {}\n",
            ),
        ]);
        assert_eq!(l.app.unwrap().variable, "app");
        assert_eq!(l.route_prefix.unwrap().value.as_deref(), Some("/api/v1"));
        assert_eq!(at(&l.root_module).as_deref(), Some("src/app.module.ts"));
        let l = layout(&[
            (
                "mix.exs",
                "defp deps do\n  [{:phoenix, \"~> 1.7\"}, {:ecto_sql, \"~> 3.10\"}]\nend\n",
            ),
            (
                "lib/shop_web/router.ex",
                "defmodule ShopWeb.Router do\n  use ShopWeb, :router\nend\n",
            ),
            (
                "lib/shop_web/endpoint.ex",
                "defmodule ShopWeb.Endpoint do\n  plug Plug.Head\n  plug ShopWeb.Router\nend\n",
            ),
            (
                "lib/shop/repo.ex",
                "defmodule Shop.Repo do\n  use Ecto.Repo, otp_app: :shop, adapter: Ecto.Adapters.Postgres\nend\n",
            ),
        ]);
        assert_eq!(l.web_module.as_deref(), Some("ShopWeb"));
        assert_eq!(
            at(&l.router_plug).as_deref(),
            Some("lib/shop_web/endpoint.ex:3")
        );
        assert_eq!(l.repo_module.as_deref(), Some("Shop.Repo"));
        let l = layout(&[
            ("go.mod", "module github.com/acme/api\n\ngo 1.22\n"),
            (
                "cmd/api/main.go",
                "func main() {\n\tr := gin.Default()\n}\n",
            ),
            (
                "bootstrap/app.php",
                "<?php\nreturn Application::configure()\n    ->withRouting(\n        web: __DIR__,\n    )->create();\n",
            ),
        ]);
        assert_eq!(l.go_module.as_deref(), Some("github.com/acme/api"));
        assert_eq!(l.app.unwrap().variable, "r");
        assert_eq!(
            at(&l.laravel_routing).as_deref(),
            Some("bootstrap/app.php:3")
        );
    }
}
