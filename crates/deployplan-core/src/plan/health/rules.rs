//! What deployplan does about health for each framework id it knows, when the repository
//! serves no health route: write an endpoint of a family, or (for the few it cannot write)
//! the platform's port check with the reason, or nothing to probe for a site built to static
//! files. One table, tested against every framework of [`crate::frameworks::FRAMEWORKS`]:
//! no framework falls through silently.

use super::endpoint::EndpointFamily;

/// The decision for one framework when the repository serves no health route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameworkHealth {
    /// deployplan writes (or advises) an endpoint of this family.
    Endpoint(EndpointFamily),
    /// deployplan writes none, for this reason: the platform checks the port instead.
    PortCheck(&'static str),
    /// Built to static files: the host serves them, no process of the app answers a probe.
    StaticFiles,
}

use EndpointFamily as E;
use FrameworkHealth::*;

/// Every framework id of [`crate::frameworks::FRAMEWORKS`], once.
pub const RULES: &[(&str, FrameworkHealth)] = &[
    ("nextjs", Endpoint(E::NextAppRouter)),
    ("nextjs-export", StaticFiles),
    ("nuxt", Endpoint(E::Nuxt)),
    ("sveltekit", Endpoint(E::SvelteKit)),
    ("remix", Endpoint(E::Remix)),
    ("astro", StaticFiles),
    ("react-spa", StaticFiles),
    ("vite", StaticFiles),
    ("angular", StaticFiles),
    ("vue", StaticFiles),
    ("gatsby", StaticFiles),
    ("docusaurus", StaticFiles),
    ("eleventy", StaticFiles),
    ("svelte", StaticFiles),
    ("express", Endpoint(E::Express)),
    ("koa", Endpoint(E::Koa)),
    ("hono", Endpoint(E::Hono)),
    ("hapi", Endpoint(E::Hapi)),
    ("fastify", Endpoint(E::Fastify)),
    ("nestjs", Endpoint(E::Nest)),
    ("django", Endpoint(E::Django)),
    ("flask", Endpoint(E::Flask)),
    ("fastapi", Endpoint(E::FastApi)),
    (
        "litestar",
        PortCheck(
            "deployplan does not write Litestar handlers yet (a handler is listed in the app's own `route_handlers`)",
        ),
    ),
    ("starlette", Endpoint(E::Starlette)),
    ("rails", Endpoint(E::Rails)),
    ("hanami", Endpoint(E::Rack)),
    ("sinatra", Endpoint(E::Rack)),
    ("laravel", Endpoint(E::Laravel)),
    ("symfony", Endpoint(E::Symfony)),
    (
        "slim",
        PortCheck(
            "deployplan does not write Slim routes yet (a route is added on the app's own `$app` in its bootstrap file)",
        ),
    ),
    ("spring-boot", Endpoint(E::SpringActuator)),
    ("micronaut", Endpoint(E::MicronautManagement)),
    (
        "ktor",
        PortCheck(
            "deployplan does not write Ktor routes yet (a route goes inside the app's own `routing { }` block)",
        ),
    ),
    ("quarkus", Endpoint(E::QuarkusHealth)),
    ("aspnet-core", Endpoint(E::AspNetHealthChecks)),
    ("go-nethttp", Endpoint(E::GoNetHttp)),
    ("gin", Endpoint(E::Gin)),
    ("echo", Endpoint(E::Echo)),
    ("fiber", Endpoint(E::Fiber)),
    ("phoenix", Endpoint(E::Phoenix)),
    (
        "axum",
        PortCheck(
            "deployplan does not write Rust handlers (one is added to the app's own `Router` with its state type)",
        ),
    ),
    (
        "actix",
        PortCheck(
            "deployplan does not write Rust handlers (one is added to the app's own `App::new()` chain)",
        ),
    ),
    (
        "rocket",
        PortCheck(
            "deployplan does not write Rust handlers (one is mounted in the app's own `rocket::build()`)",
        ),
    ),
    (
        "warp",
        PortCheck(
            "deployplan does not write Rust handlers (a filter is combined into the app's own routes)",
        ),
    ),
    (
        "poem",
        PortCheck(
            "deployplan does not write Rust handlers (one is added to the app's own `Route::new()`)",
        ),
    ),
    ("hugo", StaticFiles),
    ("jekyll", StaticFiles),
    ("static-html", StaticFiles),
];

/// The decision for a framework id; `None` only for an id deployplan does not know.
pub fn framework_health(id: &str) -> Option<FrameworkHealth> {
    RULES.iter().find(|(f, _)| *f == id).map(|(_, r)| *r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frameworks::{ALL, Framework, Role};

    /// Every framework of the provider registry.
    fn frameworks() -> impl Iterator<Item = &'static Framework> {
        ALL.iter().flat_map(|p| p.frameworks().iter())
    }

    #[test]
    fn every_known_framework_has_exactly_one_decision() {
        for fw in frameworks() {
            let n = RULES.iter().filter(|(id, _)| *id == fw.id).count();
            assert_eq!(n, 1, "{}: {n} health rules", fw.id);
        }
        for (id, _) in RULES {
            assert!(
                frameworks().any(|f| f.id == *id),
                "{id}: a rule for a framework deployplan does not know"
            );
        }
    }

    #[test]
    fn only_static_frontends_have_nothing_to_probe() {
        for fw in frameworks() {
            let rule = framework_health(fw.id).unwrap();
            assert_eq!(
                rule == StaticFiles,
                fw.role == Role::Frontend,
                "{}: a server gets an endpoint or a stated port check; a static build nothing",
                fw.id
            );
        }
    }
}
