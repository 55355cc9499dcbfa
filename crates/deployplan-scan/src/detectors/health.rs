//! Health routes the app really serves: a probe already in the repository (Dockerfile
//! `HEALTHCHECK`, compose `healthcheck:`, a platform config), a framework's own endpoint that
//! the repository switches on (Rails `/up`, Laravel `health:`, Spring Boot actuator, ASP.NET
//! `MapHealthChecks`), or a health-like route in the code with its prefixes resolved. A route
//! whose full path cannot be known (a prefix from a variable, a mount not found) is left out:
//! a probe on a wrong path fails every deploy.

mod code;
mod tables;

use std::sync::LazyLock;

use deployplan_core::Facts;
use deployplan_core::facts::{Evidence, HealthRoute};
use regex::Regex;

use super::Detector;
use super::docker;
use crate::index::{RepoIndex, depth, file_name};
use crate::record::{MAX_EVIDENCE, ev, numbered};

pub struct Health;

const ID: &str = "health";

/// One candidate before ranking.
struct Found {
    path: String,
    kind: Kind,
    evidence: Evidence,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Healthcheck,
    Builtin,
    Route,
}

impl Kind {
    fn id(self) -> &'static str {
        match self {
            Kind::Healthcheck => "healthcheck",
            Kind::Builtin => "builtin",
            Kind::Route => "route",
        }
    }
}

impl Detector for Health {
    fn id(&self) -> &'static str {
        ID
    }

    fn detect(&self, index: &RepoIndex, facts: &mut Facts) {
        let mut found = Vec::new();
        probes(index, &mut found);
        tables::detect(index, &mut found);
        code::detect(index, facts, &mut found);
        facts.health_routes = rank(found);
    }
}

/// Evidence with this detector's rule id.
fn evidence(path: &str, line: u32, rule: &str) -> Evidence {
    ev(path, Some(line), format!("{ID}/{rule}"))
}

fn push(found: &mut Vec<Found>, path: String, kind: Kind, evidence: Evidence) {
    if crate::walk::is_test_path(&evidence.path) {
        return;
    }
    if let Some(path) = clean(&path) {
        found.push(Found {
            path,
            kind,
            evidence,
        });
    }
}

/// A URL path as a probe can use it: leading `/`, no doubled slashes, no parameters,
/// wildcards or regex left in it. `None` when it is not a plain path.
fn clean(path: &str) -> Option<String> {
    let mut out = String::from("/");
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        let plain = seg
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.~".contains(c));
        if !plain || seg.starts_with(':') {
            return None;
        }
        if out.len() > 1 {
            out.push('/');
        }
        out.push_str(seg);
    }
    if path.ends_with('/') && out.len() > 1 {
        out.push('/');
    }
    Some(out)
}

/// Joins route prefixes and a route path (`/api` + `v1/` + `/health` → `/api/v1/health`),
/// keeping the last part's trailing slash (Django serves `/health/`, not `/health`).
fn join_paths(parts: &[&str]) -> String {
    let mut out = String::new();
    for p in parts {
        let p = p.trim_matches('/');
        if !p.is_empty() {
            out.push('/');
            out.push_str(p);
        }
    }
    if parts
        .last()
        .is_some_and(|p| p.ends_with('/') && p.len() > 1)
    {
        out.push('/');
    }
    if out.is_empty() { "/".into() } else { out }
}

/// Names that say "health check", best (plain liveness) first; `None` for any other name.
fn name_rank(segment: &str) -> Option<u8> {
    let s = segment.trim_start_matches('_').to_ascii_lowercase();
    Some(match s.as_str() {
        "health" | "healthz" | "healthcheck" | "health-check" | "health_check" | "livez"
        | "live" | "liveness" => 0,
        "up" | "ping" | "alive" => 1,
        "status" => 2,
        "ready" | "readyz" | "readiness" => 3,
        _ => return None,
    })
}

/// Segments that may come before a non-`health` name (`/api/v1/ping`, `/_/up`).
fn prefix_like(segment: &str) -> bool {
    let s = segment.to_ascii_lowercase();
    matches!(
        s.as_str(),
        "api" | "_" | "internal" | "system" | "sys" | "monitoring" | "ops" | "meta" | "health"
    ) || (s.starts_with('v') && s.len() > 1 && s[1..].chars().all(|c| c.is_ascii_digit()))
}

/// (name rank, deep check, segments, length): lower is better.
type Score = (u8, u8, usize, usize);

/// How good a route is as the probe's path; `None` when it does not look like a health route.
/// (name rank, deep check, segments, length): `/health` before `/health/db` before `/status`.
fn route_score(path: &str) -> Option<Score> {
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let last = segs.last()?;
    if let Some(rank) = name_rank(last) {
        // `status` is also a resource's field (`/orders/status`): only under an API prefix.
        let anywhere = rank != 2;
        if anywhere || segs[..segs.len() - 1].iter().all(|s| prefix_like(s)) {
            return Some((rank, 0, segs.len(), path.len()));
        }
    }
    // A deep check under a health folder (`/health/db`): served, but it fails with a
    // dependency, so it ranks after every plain one.
    let under_health = segs[..segs.len() - 1]
        .iter()
        .any(|s| s.to_ascii_lowercase().contains("health"));
    under_health.then_some((4, 1, segs.len(), path.len()))
}

/// Best first: probes already in the repository, then built-in endpoints, then routes by
/// name. Routes that are not health-like are dropped; the same path keeps all its evidence.
fn rank(found: Vec<Found>) -> Vec<HealthRoute> {
    let mut scored: Vec<((Kind, Score), Found)> = found
        .into_iter()
        .filter_map(|f| {
            let score = match f.kind {
                Kind::Route => route_score(&f.path)?,
                _ => route_score(&f.path).unwrap_or((5, 0, 0, f.path.len())),
            };
            Some(((f.kind, score), f))
        })
        .collect();
    scored.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| a.1.path.cmp(&b.1.path))
            .then_with(|| a.1.evidence.cmp(&b.1.evidence))
    });
    let mut out: Vec<HealthRoute> = Vec::new();
    for (_, f) in scored {
        match out.iter_mut().find(|r| r.path == f.path) {
            Some(r) => {
                if r.evidence.len() < MAX_EVIDENCE && !r.evidence.contains(&f.evidence) {
                    r.evidence.push(f.evidence);
                }
            }
            None => out.push(HealthRoute {
                path: f.path,
                kind: f.kind.id().to_string(),
                evidence: vec![f.evidence],
            }),
        }
    }
    out
}

/// `http://localhost:3000/_health` in a probe command → `/_health` (the root when no path).
static LOCAL_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"https?://(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?::[^/\s"'\\]+)?(/[A-Za-z0-9/_.~-]*)?"#,
    )
    .expect("valid")
});

fn url_path(text: &str) -> Option<String> {
    LOCAL_URL
        .captures(text)
        .map(|c| c.get(1).map_or("/".to_string(), |m| m.as_str().to_string()))
}

/// Probes the repository already runs: the Dockerfile's `HEALTHCHECK`, a compose service's
/// `healthcheck:`, the health path of a platform config it already has.
fn probes(index: &RepoIndex, found: &mut Vec<Found>) {
    if let Some(path) = docker::dockerfile(index)
        && let Some(text) = index.text(path)
    {
        let lines: Vec<(u32, &str)> = numbered(text).collect();
        let mut i = 0;
        while i < lines.len() {
            let (n, line) = lines[i];
            let mut instruction = line.trim().to_string();
            while instruction.ends_with('\\') && i + 1 < lines.len() {
                instruction.pop();
                i += 1;
                instruction.push(' ');
                instruction.push_str(lines[i].1.trim());
            }
            i += 1;
            let upper = instruction.to_ascii_uppercase();
            if upper.starts_with("HEALTHCHECK")
                && !upper["HEALTHCHECK".len()..].trim().starts_with("NONE")
                && let Some(p) = url_path(&instruction)
            {
                push(
                    found,
                    p,
                    Kind::Healthcheck,
                    evidence(path, n, "dockerfile-healthcheck"),
                );
            }
        }
    }
    for (path, text) in index.texts() {
        let name = file_name(path);
        if depth(path) != 0 {
            continue;
        }
        if name.starts_with("docker-compose") || name.starts_with("compose.") {
            compose(path, text, found);
        }
        match name {
            "railway.json" | "railway.toml" | "render.yaml" => {
                for (n, line) in numbered(text) {
                    if let Some(c) = PLATFORM_PATH.captures(line) {
                        push(
                            found,
                            c[1].to_string(),
                            Kind::Healthcheck,
                            evidence(path, n, &format!("platform-config:{name}")),
                        );
                    }
                }
            }
            "fly.toml" => {
                let mut in_checks = false;
                for (n, line) in numbered(text) {
                    let t = line.trim();
                    if t.starts_with('[') {
                        in_checks = t.contains("checks");
                    } else if in_checks && let Some(c) = TOML_PATH.captures(t) {
                        push(
                            found,
                            c[1].to_string(),
                            Kind::Healthcheck,
                            evidence(path, n, "platform-config:fly.toml"),
                        );
                    }
                }
            }
            _ => {}
        }
    }
}

static PLATFORM_PATH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)^\s*"?healthcheckPath"?\s*[:=]\s*["']?(/[A-Za-z0-9/_.~-]*)"#).expect("valid")
});
static TOML_PATH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"^path\s*=\s*["'](/[^"']*)["']"#).expect("valid"));

/// A compose service's `healthcheck:` block that probes a local URL.
fn compose(path: &str, text: &str, found: &mut Vec<Found>) {
    let mut block: Option<usize> = None;
    for (n, line) in numbered(text) {
        let t = line.trim_start();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let indent = line.len() - t.len();
        if let Some(at) = block
            && indent <= at
        {
            block = None;
        }
        if t.starts_with("healthcheck:") {
            block = Some(indent);
            continue;
        }
        if block.is_some()
            && let Some(p) = url_path(t)
        {
            push(
                found,
                p,
                Kind::Healthcheck,
                evidence(path, n, "compose-healthcheck"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn routes(files: &[(&str, &str)]) -> Vec<(String, String)> {
        let index = RepoIndex::from_texts(files);
        let facts = crate::detectors::detect(&index);
        facts
            .health_routes
            .iter()
            .map(|r| (r.path.clone(), r.kind.clone()))
            .collect()
    }

    fn paths(files: &[(&str, &str)]) -> Vec<String> {
        routes(files).into_iter().map(|r| r.0).collect()
    }

    #[test]
    fn names_and_ranking() {
        assert!(route_score("/healthz").is_some());
        assert!(route_score("/api/v1/health-check/").is_some());
        assert!(route_score("/orders/status").is_none());
        assert!(route_score("/api/v1/utils/ping").is_some());
        assert!(route_score("/api/v1/health-check/") < route_score("/api/v1/ping"));
        assert!(route_score("/users").is_none());
        assert!(route_score("/health") < route_score("/health/db"));
        assert!(route_score("/health") < route_score("/readyz"));
        assert_eq!(clean("/users/:id/health"), None);
        assert_eq!(clean("health/"), Some("/health/".into()));
        assert_eq!(
            join_paths(&["/api", "v1/", "/health-check/"]),
            "/api/v1/health-check/"
        );
    }

    #[test]
    fn dockerfile_and_compose_probes_win() {
        let r = routes(&[
            ("package.json", r#"{"dependencies":{"express":"4"}}"#),
            (
                "src/app.js",
                "const app = express();\napp.get('/healthz', h);\napp.get('/_health', h);\n",
            ),
            (
                "Dockerfile",
                "FROM node:20\nHEALTHCHECK --interval=30s \\\n  CMD curl -f http://localhost:3000/_health || exit 1\n",
            ),
        ]);
        assert_eq!(r[0], ("/_health".into(), "healthcheck".into()));
        assert_eq!(r[1], ("/healthz".into(), "route".into()));
        let c = paths(&[(
            "docker-compose.yml",
            "services:\n  web:\n    build: .\n    healthcheck:\n      test: [\"CMD\", \"wget\", \"-qO-\", \"http://127.0.0.1:8000/ping\"]\n  db:\n    image: postgres\n",
        )]);
        assert_eq!(c, ["/ping"]);
    }

    #[test]
    fn express_routers_and_mounts() {
        let p = paths(&[
            (
                "src/server.ts",
                "import express from 'express';\nimport healthRouter from './routes/health';\nconst app = express();\napp.use('/api', healthRouter);\napp.use('/internal', require('./routes/ops'));\n",
            ),
            (
                "src/routes/health.ts",
                "const router = express.Router();\nrouter.get('/healthz', (req, res) => res.send('ok'));\nexport default router;\n",
            ),
            (
                "src/routes/ops.js",
                "const router = require('express').Router();\nrouter.get('/ping', h);\nmodule.exports = router;\n",
            ),
            (
                "web/src/api.ts",
                "// app.get('/health')\nexport const check = () => axios.get('/health');\nfetch('/status');\n",
            ),
            (
                "test/app.test.js",
                "request(app).get('/health').expect(200);\n",
            ),
        ]);
        assert_eq!(p, ["/api/healthz", "/internal/ping"]);
    }

    #[test]
    fn koa_routers_gin_groups_and_rails_namespaces() {
        let p = paths(&[
            (
                "src/index.js",
                "const app = new Koa();\nconst router = new Router({ prefix: '/api' });\nrouter.get('/healthz', h);\napp.use(router.routes());\n",
            ),
            (
                "main.go",
                "func main() {\n\tr := gin.Default()\n\tv1 := r.Group(\"/api/v1\")\n\tv1.GET(\"/ping\", ping)\n}\n",
            ),
            (
                "config/routes.rb",
                "Rails.application.routes.draw do\n  namespace :api do\n    namespace :v1 do\n      get \"health\", to: \"health#show\"\n    end\n  end\nend\n",
            ),
        ]);
        assert_eq!(p, ["/api/healthz", "/api/v1/health", "/api/v1/ping"]);
    }

    #[test]
    fn file_based_routes() {
        let p = paths(&[
            ("package.json", r#"{"dependencies":{"next":"15"}}"#),
            (
                "src/app/(ops)/api/healthz/route.ts",
                "export async function GET() {}\n",
            ),
            (
                "src/app/api/users/[id]/status/route.ts",
                "export async function GET() {}\n",
            ),
            (
                "pages/api/ping.ts",
                "export default function handler() {}\n",
            ),
            ("src/app/page.tsx", "export default function Page() {}\n"),
        ]);
        assert_eq!(p, ["/api/healthz", "/api/ping"]);
        let p = paths(&[
            (
                "package.json",
                r#"{"devDependencies":{"@sveltejs/kit":"2"}}"#,
            ),
            (
                "src/routes/health/+server.ts",
                "export const GET = () => new Response('ok');\n",
            ),
        ]);
        assert_eq!(p, ["/health"]);
    }

    #[test]
    fn fastify_created_with_require() {
        let p = paths(&[(
            "server.js",
            "const fastify = require('fastify')({ logger: true });\nfastify.get('/healthz', async () => ({ ok: true }));\n",
        )]);
        assert_eq!(p, ["/healthz"]);
        let p = paths(&[(
            "src/app.ts",
            "const app: Express = express();\nconst ops: Router = express.Router();\nops.get('/ping', h);\napp.use('/ops', ops);\n",
        )]);
        assert_eq!(p, ["/ops/ping"]);
    }

    #[test]
    fn decoys_are_not_routes() {
        let p = paths(&[
            // A Vue router table is not hapi; an unregistered blueprint serves nothing.
            (
                "web/src/router.js",
                "const routes = [{ path: '/status', component: S }];\n",
            ),
            (
                "app/ops.py",
                "bp = Blueprint(\"ops\", __name__)\n@bp.route(\"/health\")\ndef health():\n    return \"ok\"\n",
            ),
            // Laravel: a route inside a prefixed group (indented) has a path we do not know.
            (
                "routes/web.php",
                "<?php\nRoute::prefix('admin')->group(function () {\n    Route::get('/health', fn () => 'ok');\n});\n",
            ),
            ("src/client.ts", "api.get('/health').then(render);\n"),
        ]);
        assert!(p.is_empty(), "{p:?}");
    }

    #[test]
    fn unresolved_prefixes_are_left_out() {
        let p = paths(&[
            (
                "app/main.py",
                "app = FastAPI()\napp.include_router(health.router, prefix=settings.API_PREFIX)\n",
            ),
            (
                "app/health.py",
                "router = APIRouter()\n@router.get(\"/health\")\ndef health():\n    return {}\n",
            ),
        ]);
        assert!(p.is_empty(), "{p:?}");
    }
}
