//! What deployplan knows about a framework id the scanner reports: its name, its role in the
//! app (which suggests the app type) and its stack.

use crate::answers::{AppType, Stack};
use crate::facts::Facts;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Built to static files (or a client-only bundle).
    Frontend,
    /// Serves pages and an API from one server.
    FullStack,
    /// A backend HTTP server.
    Api,
}

#[derive(Debug, Clone, Copy)]
pub struct Framework {
    pub id: &'static str,
    pub name: &'static str,
    pub role: Role,
    pub stack: Stack,
}

const fn fw(id: &'static str, name: &'static str, role: Role, stack: Stack) -> Framework {
    Framework {
        id,
        name,
        role,
        stack,
    }
}

use Role::*;

pub const FRAMEWORKS: &[Framework] = &[
    fw("nextjs", "Next.js", FullStack, Stack::Node),
    fw("nuxt", "Nuxt", FullStack, Stack::Node),
    fw("sveltekit", "SvelteKit", FullStack, Stack::Node),
    fw("remix", "Remix", FullStack, Stack::Node),
    fw("astro", "Astro", Frontend, Stack::Node),
    fw("react-spa", "React (SPA)", Frontend, Stack::Node),
    fw("vite", "Vite", Frontend, Stack::Node),
    fw("angular", "Angular", Frontend, Stack::Node),
    fw("vue", "Vue", Frontend, Stack::Node),
    fw("gatsby", "Gatsby", Frontend, Stack::Node),
    fw("svelte", "Svelte", Frontend, Stack::Node),
    fw("express", "Express", Api, Stack::Node),
    fw("koa", "Koa", Api, Stack::Node),
    fw("hono", "Hono", Api, Stack::Node),
    fw("hapi", "hapi", Api, Stack::Node),
    fw("fastify", "Fastify", Api, Stack::Node),
    fw("nestjs", "NestJS", Api, Stack::Node),
    fw("django", "Django", FullStack, Stack::Python),
    fw("flask", "Flask", Api, Stack::Python),
    fw("fastapi", "FastAPI", Api, Stack::Python),
    fw("litestar", "Litestar", Api, Stack::Python),
    fw("starlette", "Starlette", Api, Stack::Python),
    fw("rails", "Ruby on Rails", FullStack, Stack::Ruby),
    fw("hanami", "Hanami", FullStack, Stack::Ruby),
    fw("sinatra", "Sinatra", Api, Stack::Ruby),
    fw("laravel", "Laravel", FullStack, Stack::Php),
    fw("symfony", "Symfony", FullStack, Stack::Php),
    fw("slim", "Slim", Api, Stack::Php),
    fw("spring-boot", "Spring Boot", Api, Stack::Java),
    fw("micronaut", "Micronaut", Api, Stack::Java),
    fw("ktor", "Ktor", Api, Stack::Java),
    fw("quarkus", "Quarkus", Api, Stack::Java),
    fw("aspnet-core", "ASP.NET Core", Api, Stack::Dotnet),
    fw("go-nethttp", "Go net/http", Api, Stack::Go),
    fw("gin", "Gin", Api, Stack::Go),
    fw("echo", "Echo", Api, Stack::Go),
    fw("fiber", "Fiber", Api, Stack::Go),
    fw("phoenix", "Phoenix", FullStack, Stack::Elixir),
    fw("axum", "Axum", Api, Stack::Rust),
    fw("actix", "Actix Web", Api, Stack::Rust),
    fw("rocket", "Rocket", Api, Stack::Rust),
    fw("warp", "warp", Api, Stack::Rust),
    fw("poem", "Poem", Api, Stack::Rust),
    fw("hugo", "Hugo", Frontend, Stack::Static),
    fw("jekyll", "Jekyll", Frontend, Stack::Static),
    fw("static-html", "Static HTML", Frontend, Stack::Static),
];

pub fn framework(id: &str) -> Option<&'static Framework> {
    FRAMEWORKS.iter().find(|f| f.id == id)
}

/// The frameworks of the facts that deployplan knows, in the facts' order.
pub fn known(facts: &Facts) -> Vec<&'static Framework> {
    facts
        .frameworks
        .iter()
        .filter_map(|d| framework(&d.name))
        .collect()
}

/// The stack the facts point to: a known framework's, else the heaviest language's.
pub fn stack_of(facts: &Facts) -> Option<Stack> {
    if let Some(f) = known(facts).first() {
        return Some(f.stack);
    }
    facts
        .languages
        .iter()
        .find_map(|l| match l.name.to_ascii_lowercase().as_str() {
            "javascript" | "typescript" => Some(Stack::Node),
            "python" => Some(Stack::Python),
            "ruby" => Some(Stack::Ruby),
            "go" => Some(Stack::Go),
            "java" | "kotlin" | "scala" => Some(Stack::Java),
            "php" => Some(Stack::Php),
            "c#" | "csharp" | "f#" => Some(Stack::Dotnet),
            "elixir" => Some(Stack::Elixir),
            "rust" => Some(Stack::Rust),
            "html" => Some(Stack::Static),
            _ => None,
        })
}

/// The app type the repository suggests, with the reason in words.
pub fn suggest_app_type(facts: &Facts) -> Option<(AppType, String)> {
    if let Some(suggestion) = suggest_from_services(facts) {
        return Some(suggestion);
    }
    let fws = known(facts);
    let first = |role: Role| fws.iter().find(|f| f.role == role);
    let evidence = |id: &str| {
        facts
            .frameworks
            .iter()
            .find(|d| d.name == id)
            .and_then(|d| d.evidence.first())
            .map(|e| e.path.clone())
            .unwrap_or_default()
    };
    if let Some(f) = first(FullStack) {
        return Some((
            AppType::FullStack,
            format!("{} ({})", f.name, evidence(f.id)),
        ));
    }
    match (first(Frontend), first(Api)) {
        (Some(front), Some(api)) => Some((
            AppType::FullStack,
            format!("{} frontend and {} backend", front.name, api.name),
        )),
        (None, Some(api)) => Some((
            AppType::WebApi,
            format!("{} ({})", api.name, evidence(api.id)),
        )),
        (Some(front), None) if facts.workers.is_empty() => Some((
            AppType::Frontend,
            format!("{} and no server code ({})", front.name, evidence(front.id)),
        )),
        _ if !facts.workers.is_empty() => {
            let w = &facts.workers[0];
            Some((
                AppType::Workers,
                format!("{} workers and no web framework", w.name),
            ))
        }
        _ => None,
    }
}

/// Several deployable services: a frontend plus one backend is still one full-stack app;
/// two or more backends are microservices.
/// Whether every framework of the facts builds to static files (a SPA, a static site).
pub fn frontend_only(facts: &Facts) -> bool {
    let fws = known(facts);
    !fws.is_empty() && fws.iter().all(|fw| fw.role == Role::Frontend)
}

fn suggest_from_services(facts: &Facts) -> Option<(AppType, String)> {
    if facts.services.len() < 2 {
        return None;
    }
    let paths: Vec<&str> = facts.services.iter().map(|s| s.path.as_str()).collect();
    let backends = facts
        .services
        .iter()
        .filter(|s| !frontend_only(&s.facts))
        .count();
    if backends <= 1 {
        return Some((
            AppType::FullStack,
            format!(
                "a frontend and a backend deployed together ({})",
                paths.join(", ")
            ),
        ));
    }
    Some((
        AppType::Microservices,
        format!(
            "{} deployable services ({})",
            facts.services.len(),
            paths.join(", ")
        ),
    ))
}
