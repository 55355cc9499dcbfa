//! The health endpoint deployplan writes when the app serves none: its family (how the
//! framework serves a route), the file, the language it is written in, the route as the
//! framework declares it, and the lines the person adds to their own code to mount it.

use serde::Serialize;

/// How an endpoint is served: one per way a framework takes a route. The artifact crate has
/// one source per family that writes a file; the others are a line or a dependency only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EndpointFamily {
    Express,
    Koa,
    Fastify,
    Hono,
    Hapi,
    /// A NestJS controller listed in the root module.
    Nest,
    /// Next.js App Router: `app/api/health/route.ts`.
    NextAppRouter,
    /// Next.js Pages Router: `pages/api/health.ts`.
    NextPagesRouter,
    /// `src/routes/health/+server.ts`.
    #[serde(rename = "sveltekit")]
    SvelteKit,
    /// `server/routes/health.ts`.
    Nuxt,
    /// A resource route `app/routes/health.ts`.
    Remix,
    Flask,
    #[serde(rename = "fastapi")]
    FastApi,
    Starlette,
    Django,
    Rails,
    /// A Rack middleware used in config.ru (Sinatra, Hanami).
    Rack,
    /// A controller and its route in routes/web.php (Laravel before the `health:` option).
    Laravel,
    /// Laravel 11+'s built-in `/up`: the `health:` option of `withRouting()`.
    LaravelHealthOption,
    Symfony,
    #[serde(rename = "go-nethttp")]
    GoNetHttp,
    Gin,
    Echo,
    Fiber,
    /// A plug in the endpoint, before the router.
    Phoenix,
    /// The actuator starter (no file).
    SpringActuator,
    /// The management dependency (no file).
    MicronautManagement,
    /// The SmallRye Health extension (no file).
    QuarkusHealth,
    /// `AddHealthChecks` + `MapHealthChecks` (no file).
    AspNetHealthChecks,
}

impl EndpointFamily {
    /// Every family, for the tests that each one that writes a file has a source.
    pub const ALL: &'static [EndpointFamily] = &[
        Self::Express,
        Self::Koa,
        Self::Fastify,
        Self::Hono,
        Self::Hapi,
        Self::Nest,
        Self::NextAppRouter,
        Self::NextPagesRouter,
        Self::SvelteKit,
        Self::Nuxt,
        Self::Remix,
        Self::Flask,
        Self::FastApi,
        Self::Starlette,
        Self::Django,
        Self::Rails,
        Self::Rack,
        Self::Laravel,
        Self::LaravelHealthOption,
        Self::Symfony,
        Self::GoNetHttp,
        Self::Gin,
        Self::Echo,
        Self::Fiber,
        Self::Phoenix,
        Self::SpringActuator,
        Self::MicronautManagement,
        Self::QuarkusHealth,
        Self::AspNetHealthChecks,
    ];

    /// Whether deployplan writes a source file for this family (else only lines to add).
    pub fn writes_file(self) -> bool {
        !matches!(
            self,
            Self::LaravelHealthOption
                | Self::SpringActuator
                | Self::MicronautManagement
                | Self::QuarkusHealth
                | Self::AspNetHealthChecks
        )
    }

    /// The languages a file of this family can be written in.
    pub fn languages(self) -> &'static [SourceLanguage] {
        use SourceLanguage::*;
        match self {
            Self::Express | Self::Koa | Self::Fastify | Self::Hono | Self::Hapi => {
                &[CommonJs, EsModule, TypeScript]
            }
            Self::Nest => &[TypeScript],
            Self::NextAppRouter
            | Self::NextPagesRouter
            | Self::SvelteKit
            | Self::Nuxt
            | Self::Remix => &[EsModule, TypeScript],
            Self::Flask | Self::FastApi | Self::Starlette | Self::Django => &[Python],
            Self::Rails | Self::Rack => &[Ruby],
            Self::Laravel | Self::Symfony => &[Php],
            Self::GoNetHttp | Self::Gin | Self::Echo | Self::Fiber => &[Go],
            Self::Phoenix => &[Elixir],
            Self::LaravelHealthOption
            | Self::SpringActuator
            | Self::MicronautManagement
            | Self::QuarkusHealth
            | Self::AspNetHealthChecks => &[],
        }
    }
}

/// The language (and module system) a generated file is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceLanguage {
    /// `require`/`module.exports` (`.cjs`, or `.js` without `"type": "module"`).
    #[serde(rename = "commonjs")]
    CommonJs,
    /// `import`/`export` JavaScript.
    #[serde(rename = "esm")]
    EsModule,
    #[serde(rename = "typescript")]
    TypeScript,
    Python,
    Ruby,
    Php,
    Go,
    Elixir,
}

/// A health endpoint deployplan writes because the app has none: the file, and what the
/// person adds to their own code to serve it (deployplan never edits the app's files).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HealthEndpoint {
    pub family: EndpointFamily,
    pub framework: String,
    /// The file written (relative to the repository root), none when the framework only
    /// needs a line or a dependency (Spring actuator, ASP.NET health checks).
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<SourceLanguage>,
    /// The route as the framework declares it in the file, without the prefix the app adds
    /// (Next.js `basePath`, NestJS `setGlobalPrefix`): `/health`, `health` for a controller.
    pub route: String,
    /// The lines the person adds, and where; empty when the file itself is the route
    /// (Next.js, SvelteKit, Nuxt, Remix, Symfony attribute routes).
    pub mount: Vec<String>,
    pub mount_in: String,
    /// The environment variable the endpoint reports as `version`.
    pub version_env: String,
    /// The module the file defines, when the framework names it (`ShopWeb.HealthPlug`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub module: Option<String>,
    /// The app's own database module the endpoint pings (`Shop.Repo`), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repo_module: Option<String>,
    /// Whether the generated code pings the database (the plan has one and the family can
    /// reach it without the app's own client); else the mount line takes the app's check.
    pub checks_database: bool,
}
