//! Where a family's endpoint file goes and the line that mounts it, from the app's own layout
//! ([`AppLayout`]): beside the file that creates the app, in its module system, naming its
//! own variable; the probe's path with the prefix the app adds to every route.

use super::VERSION_ENV;
use super::endpoint::{EndpointFamily as F, HealthEndpoint, SourceLanguage as L};
use crate::facts::{AppLayout, NextRouter};
use crate::frameworks::Framework;

/// The probe's path and the endpoint, or why deployplan cannot write one for this app.
pub fn endpoint(
    fw: &Framework,
    family: F,
    layout: &AppLayout,
    answered: Option<&str>,
    database: bool,
) -> Result<(String, HealthEndpoint), String> {
    let family = refine(family, layout);
    let prefix = match &layout.route_prefix {
        Some(p) if matches!(family, F::Nest | F::NextAppRouter | F::NextPagesRouter) => {
            match &p.value {
                Some(v) => v.clone(),
                None => {
                    return Err(format!(
                        "every route gets a prefix set from a variable ({}), so the probe's full path is not known",
                        p.evidence
                    ));
                }
            }
        }
        _ => String::new(),
    };
    let default = match family {
        F::Django => "/health/",
        F::Rails | F::LaravelHealthOption => "/up",
        F::NextAppRouter | F::NextPagesRouter => "/api/health",
        F::SpringActuator => "/actuator/health",
        F::QuarkusHealth => "/q/health",
        F::AspNetHealthChecks => "/healthz",
        _ => "/health",
    };
    let path = match answered {
        Some(a) => a.to_string(),
        None => format!("{prefix}{default}"),
    };
    // The route as the file declares it: the probe's path without the app's prefix.
    let route = match path.strip_prefix(&prefix) {
        Some(r) if r.starts_with('/') => r.to_string(),
        _ => {
            return Err(format!(
                "{path} is outside the prefix {prefix} the app gives every route"
            ));
        }
    };
    let fixed = |want: &str| -> Result<(), String> {
        if route == want {
            Ok(())
        } else {
            Err(format!(
                "{} serves its health check only on {want}",
                fw.name
            ))
        }
    };
    match family {
        F::LaravelHealthOption | F::SpringActuator | F::QuarkusHealth | F::MicronautManagement
            if answered.is_some() =>
        {
            fixed(default)?
        }
        F::NextPagesRouter if !route.starts_with("/api/") => {
            return Err(format!(
                "{route}: the Pages Router serves API routes only under /api/"
            ));
        }
        _ => {}
    }
    let language = language(family, layout);
    let built = build(family, layout, &route, language, database)?;
    Ok((
        path,
        HealthEndpoint {
            family,
            framework: fw.name.to_string(),
            file: built.file,
            language: family.writes_file().then_some(language).flatten(),
            route: built.route.unwrap_or(route),
            mount: built.mount,
            mount_in: built.mount_in,
            version_env: VERSION_ENV.to_string(),
            module: built.module,
            repo_module: built.repo_module,
            checks_database: built.checks_database,
        },
    ))
}

/// The family the layout says: Next.js' router in use, Laravel 11's `health:` option.
fn refine(family: F, layout: &AppLayout) -> F {
    match family {
        F::NextAppRouter
            if layout
                .next_routes
                .as_ref()
                .is_some_and(|r| r.router == NextRouter::Pages) =>
        {
            F::NextPagesRouter
        }
        F::Laravel if layout.laravel_routing.is_some() => F::LaravelHealthOption,
        f => f,
    }
}

fn language(family: F, layout: &AppLayout) -> Option<L> {
    let langs = family.languages();
    let app_file = layout.app.as_ref().map(|a| a.evidence.path.as_str());
    // A server's endpoint is in the language of the file that creates the app (a tsconfig
    // for the editor does not compile a `node src/server.js` app); a file-based route is
    // compiled by the framework, so the tsconfig decides.
    let ts = match app_file {
        Some(p) => p.ends_with(".ts") || p.ends_with(".mts") || p.ends_with(".cts"),
        None => layout.typescript,
    };
    let pick = if langs.contains(&L::TypeScript) && ts {
        L::TypeScript
    } else if langs.contains(&L::EsModule)
        && (layout.es_modules
            || app_file.is_some_and(|p| p.ends_with(".mjs"))
            || !langs.contains(&L::CommonJs))
    {
        L::EsModule
    } else {
        *langs.first()?
    };
    Some(pick)
}

struct Built {
    file: Option<String>,
    route: Option<String>,
    mount: Vec<String>,
    mount_in: String,
    module: Option<String>,
    repo_module: Option<String>,
    checks_database: bool,
}

impl Built {
    fn new(file: Option<String>, mount: Vec<String>, mount_in: String) -> Built {
        Built {
            file,
            route: None,
            mount,
            mount_in,
            module: None,
            repo_module: None,
            checks_database: false,
        }
    }
}

fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// `dir/name`, or `name` at the root.
fn beside(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

fn dir_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}

/// The URL segments of a route (`/api/health` → `["api", "health"]`).
fn segments(route: &str) -> Vec<&str> {
    route.split('/').filter(|s| !s.is_empty()).collect()
}

fn build(
    family: F,
    layout: &AppLayout,
    route: &str,
    lang: Option<L>,
    database: bool,
) -> Result<Built, String> {
    let app = layout.app.as_ref();
    let var = app
        .map(|a| a.variable.as_str())
        .filter(|v| !v.is_empty())
        .unwrap_or("app");
    // The framework's own paths are relative to the app's folder; the layout's evidence
    // already includes it.
    let own = |p: &str| beside(&layout.root, p);
    let app_dir = app.map_or(layout.root.as_str(), |a| dir_of(&a.evidence.path));
    let at = |what: &str| match app {
        Some(a) => format!("{} (where `{var}` is created), {what}", a.evidence),
        None => format!("the file that creates the app, {what}"),
    };
    let js_ext = match lang {
        Some(L::TypeScript) => "ts",
        Some(L::EsModule) => "mjs",
        _ => "cjs",
    };
    // What the mount file imports: TypeScript resolves `./health` (`./health.js` under
    // ES modules), JavaScript names the file.
    let js_import = |stem: &str| -> (String, String) {
        let spec = match lang {
            Some(L::TypeScript) if layout.es_modules => format!("./{stem}.js"),
            Some(L::TypeScript) => format!("./{stem}"),
            _ => format!("./{stem}.{js_ext}"),
        };
        let line = match lang {
            Some(L::CommonJs) => format!("const health = require('{spec}');"),
            _ => format!("import health from '{spec}';"),
        };
        (spec, line)
    };
    // The lines work as pasted: the database check is the app's own client, which
    // deployplan cannot name, so it is a note, never a line that fails on an unknown name.
    let db_note = if database {
        " (to report the database too, pass the app's own ping: `health(() => db.query('SELECT 1'))`, or `check:` in the options)"
    } else {
        ""
    };
    let js_file = beside(app_dir, &format!("health.{js_ext}"));
    let file_route = |file: String, served: &str| {
        let mut b = Built::new(
            Some(file.clone()),
            Vec::new(),
            format!(
                "nothing to add: the framework serves {file} as {served} (keep the path out of any middleware that requires a login)"
            ),
        );
        b.checks_database = false;
        b
    };
    let segs = segments(route);
    let ext = if lang == Some(L::TypeScript) {
        "ts"
    } else {
        "js"
    };
    Ok(match family {
        F::Express => {
            let (_, import) = js_import("health");
            Built::new(
                Some(js_file),
                vec![import, format!("{var}.get({}, health());", q(route))],
                at(&format!("after it is created, before its routes{db_note}")),
            )
        }
        F::Koa => {
            let (_, import) = js_import("health");
            Built::new(
                Some(js_file),
                vec![import, format!("{var}.use(health({}));", q(route))],
                at(&format!("before the router{db_note}")),
            )
        }
        F::Fastify => {
            let (_, import) = js_import("health");
            Built::new(
                Some(js_file),
                vec![
                    import,
                    format!("{var}.register(health, {{ path: {} }});", q(route)),
                ],
                at(&format!("before listen(){db_note}")),
            )
        }
        F::Hono => {
            let (_, import) = js_import("health");
            Built::new(
                Some(js_file),
                vec![import, format!("{var}.get({}, health());", q(route))],
                at(&format!("before its other routes{db_note}")),
            )
        }
        F::Hapi => {
            let (_, import) = js_import("health");
            Built::new(
                Some(js_file),
                vec![
                    import,
                    format!(
                        "await server.register({{ plugin: health, options: {{ path: {} }} }});",
                        q(route)
                    ),
                ],
                format!("the file that creates the hapi server, before server.start(){db_note}"),
            )
        }
        F::Nest => {
            let module = layout
                .root_module
                .as_ref()
                .map_or_else(|| own("src/app.module.ts"), |e| e.path.clone());
            let dir = dir_of(&module);
            let mut b = Built::new(
                Some(beside(dir, "health/health.controller.ts")),
                vec![
                    "import { HealthController } from './health/health.controller';".to_string(),
                    "controllers: [HealthController], // add it to the @Module's existing controllers array".to_string(),
                ],
                format!("{module} (the root module: the import at the top, HealthController in @Module's controllers)"),
            );
            // `@Controller('health')`: the route without its leading slash.
            b.route = Some(route.trim_start_matches('/').to_string());
            b
        }
        F::NextAppRouter => {
            let dir = layout
                .next_routes
                .as_ref()
                .filter(|r| r.router == NextRouter::App)
                .map_or_else(|| own("app"), |r| r.dir.clone());
            file_route(format!("{dir}/{}/route.{ext}", segs.join("/")), route)
        }
        F::NextPagesRouter => {
            let dir = layout
                .next_routes
                .as_ref()
                .filter(|r| r.router == NextRouter::Pages)
                .map_or_else(|| own("pages"), |r| r.dir.clone());
            file_route(format!("{dir}/{}.{ext}", segs.join("/")), route)
        }
        F::SvelteKit => file_route(own(&format!("src/routes/{}/+server.{ext}", segs.join("/"))), route),
        F::Nuxt => file_route(own(&format!("server/routes/{}.{ext}", segs.join("/"))), route),
        F::Remix => file_route(own(&format!("app/routes/{}.{ext}", segs.join("."))), route),
        F::Flask | F::FastApi | F::Starlette => {
            let file = beside(app_dir, "health.py");
            // The import is from the app's folder, where its start command runs.
            let module = file
                .strip_prefix(&format!("{}/", layout.root))
                .unwrap_or(&file)
                .trim_end_matches(".py")
                .replace('/', ".");
            let (import, line) = match family {
                F::Flask => (
                    format!("from {module} import health_bp"),
                    format!("{var}.register_blueprint(health_bp)"),
                ),
                F::FastApi => (
                    format!("from {module} import router as health_router"),
                    format!("{var}.include_router(health_router)"),
                ),
                _ => (
                    format!("from {module} import health"),
                    format!("{var}.add_route({}, health, methods=[\"GET\", \"HEAD\"])", q(route)),
                ),
            };
            let mut b = Built::new(Some(file), vec![import, line], at("after it is created"));
            b.checks_database = database && family == F::Flask;
            b
        }
        F::Django => {
            let mut b = Built::new(
                Some(own("health.py")),
                vec![
                    "import health".to_string(),
                    format!("path({}, health.health),", q(route.trim_start_matches('/'))),
                ],
                "the project's root urls.py (the import at the top, the path() in urlpatterns)".to_string(),
            );
            b.checks_database = database;
            b
        }
        F::Rails => {
            let mut b = Built::new(
                Some(own("app/controllers/health_controller.rb")),
                vec![format!("get {} => \"health#show\"", q(route.trim_start_matches('/')))],
                "config/routes.rb, inside Rails.application.routes.draw (on Rails 7.1+ `get \"up\" => \"rails/health#show\"` also works, without the database check)".to_string(),
            );
            b.checks_database = database;
            b
        }
        F::Rack => {
            Built::new(
                Some(own("health_check.rb")),
                vec![
                    "require_relative \"health_check\"".to_string(),
                    format!("use HealthCheck, path: {}", q(route)),
                ],
                format!(
                    "{}{}",
                    match &layout.rack_run {
                        Some(run) => format!("config.ru, before `run` ({run})"),
                        None => "config.ru before `run` (a classic Sinatra app without one: at the top of the app file, after `require \"sinatra\"`)".to_string(),
                    },
                    if database {
                        " (to report the database too, add the app's own ping: `check: -> { DB.test_connection }`)"
                    } else {
                        ""
                    }
                ),
            )
        }
        F::Laravel => {
            let mut b = Built::new(
                Some(own("app/Http/Controllers/HealthController.php")),
                vec![format!(
                    "Route::get('{route}', \\App\\Http\\Controllers\\HealthController::class);"
                )],
                "routes/web.php".to_string(),
            );
            b.checks_database = database;
            b
        }
        F::LaravelHealthOption => Built::new(
            None,
            vec!["health: '/up',".to_string()],
            match &layout.laravel_routing {
                Some(e) => format!("bootstrap/app.php, among the arguments of ->withRouting( ({e}); Laravel then serves /up itself"),
                None => "bootstrap/app.php, among the arguments of ->withRouting(".to_string(),
            },
        ),
        F::Symfony => {
            let mut b = Built::new(
                Some(own("src/Controller/HealthController.php")),
                vec![
                    "deployplan_health:".to_string(),
                    format!("    path: {route}"),
                    "    controller: App\\Controller\\HealthController".to_string(),
                    "    methods: [GET, HEAD]".to_string(),
                ],
                "config/routes.yaml".to_string(),
            );
            b.checks_database = database;
            b
        }
        F::GoNetHttp | F::Gin | F::Echo | F::Fiber => {
            let module = layout.go_module.as_deref().unwrap_or("<your module path>");
            let handler = "health.Handler(nil)".to_string();
            let mut imports = vec![format!("import \"{module}/internal/health\"")];
            let line = match family {
                F::Gin => format!("{var}.GET({}, gin.WrapF({handler}))", q(route)),
                F::Echo => format!("{var}.GET({}, echo.WrapHandler({handler}))", q(route)),
                F::Fiber => {
                    imports.push("import \"github.com/gofiber/fiber/v2/middleware/adaptor\" // fiber/v3: .../v3/middleware/adaptor".to_string());
                    format!("{var}.Get({}, adaptor.HTTPHandlerFunc({handler}))", q(route))
                }
                _ => format!("{var}.HandleFunc({}, {handler})", q(route)),
            };
            imports.push(line);
            let note = if database {
                " (to report the database too, pass the app's own ping instead of nil: `db.PingContext` for a *sql.DB)"
            } else {
                ""
            };
            Built::new(Some(own("internal/health/health.go")), imports, at(&format!("before it serves{note}")))
        }
        F::Phoenix => {
            let Some(web) = &layout.web_module else {
                return Err("no Phoenix router module (`defmodule …Web.Router`) was found to name the plug after".to_string());
            };
            let dir = layout
                .router_plug
                .as_ref()
                .map_or_else(|| own(&format!("lib/{}", snake(web))), |e| dir_of(&e.path).to_string());
            let module = format!("{web}.HealthPlug");
            let mut b = Built::new(
                Some(format!("{dir}/health_plug.ex")),
                vec![format!("plug {module}")],
                match &layout.router_plug {
                    Some(e) => format!("{}, before `plug {web}.Router` ({e}), so the probe skips the router's pipelines", e.path),
                    None => format!("the endpoint module ({web}.Endpoint), before `plug {web}.Router`"),
                },
            );
            b.module = Some(module);
            b.repo_module = layout.repo_module.clone().filter(|_| database);
            b.checks_database = b.repo_module.is_some();
            b
        }
        F::SpringActuator => Built::new(
            None,
            vec![
                "<dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-actuator</artifactId></dependency>".to_string(),
                "implementation 'org.springframework.boot:spring-boot-starter-actuator' (Gradle)".to_string(),
            ],
            "pom.xml <dependencies> (or build.gradle); actuator serves /actuator/health under server.servlet.context-path and includes the database when a DataSource is configured".to_string(),
        ),
        F::MicronautManagement => Built::new(
            None,
            vec![
                "<dependency><groupId>io.micronaut</groupId><artifactId>micronaut-management</artifactId></dependency>".to_string(),
                "implementation(\"io.micronaut:micronaut-management\") (Gradle)".to_string(),
            ],
            "pom.xml <dependencies> (or build.gradle); the management dependency serves /health on the app's port, with the database when a DataSource is configured".to_string(),
        ),
        F::QuarkusHealth => Built::new(
            None,
            vec![
                "<dependency><groupId>io.quarkus</groupId><artifactId>quarkus-smallrye-health</artifactId></dependency>".to_string(),
                "implementation 'io.quarkus:quarkus-smallrye-health' (Gradle)".to_string(),
            ],
            "pom.xml <dependencies> (or build.gradle); SmallRye Health serves /q/health (and /q/health/live, /q/health/ready), with the datasource's check when one is configured".to_string(),
        ),
        F::AspNetHealthChecks => Built::new(
            None,
            vec![
                "builder.Services.AddHealthChecks();".to_string(),
                format!("app.MapHealthChecks({});", q(route)),
            ],
            "Program.cs (AddHealthChecks before Build, MapHealthChecks after)".to_string(),
        ),
    })
}

/// `ShopWeb` → `shop_web`.
fn snake(module: &str) -> String {
    let mut out = String::new();
    for (i, c) in module.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}
