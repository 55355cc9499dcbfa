//! What every CI host needs of the plan's toolchain: the job image, the shell lines that put the
//! package manager in it, and the service containers the tests run against (with the variables
//! the tests read, pointed at them).

use deployplan_core::plan::ServicePlan;
use deployplan_core::plan::asset_node::{AssetNode, NodeTool};
use deployplan_core::plan::toolchain::Toolchain;

use crate::app::App;
use crate::stack;

pub fn of<'a>(app: &App<'a>) -> &'a Toolchain {
    &app.plan.runtime.toolchain
}

/// The image of CI jobs that need the toolchain (GitLab, Bitbucket).
pub fn ci_image(app: &App) -> String {
    let t = of(app);
    if t.runtime == "hugo" || t.runtime == "static" {
        return "debian:bookworm-slim".into();
    }
    if let Some(image) = jvm_tool_image(app) {
        return image;
    }
    match (&t.images, t.package_manager.as_str()) {
        // composer:2 carries Composer, git and unzip beside a current PHP.
        (_, "composer") => "composer:2".into(),
        (Some(i), _) => i.ci.clone(),
        (None, _) => stack::ci_image(app.stack, app.plan.runtime.runtime_version.as_deref()),
    }
}

/// `corepack enable`; Node 25 and later no longer bundle corepack, so it comes from npm first.
pub fn corepack_enable(t: &Toolchain) -> &'static str {
    corepack_enable_for(&t.version)
}

/// The shell line that puts a backend app's Node package manager beside Node (npm comes with
/// it): the pinned version, corepack where `packageManager` pins it.
pub fn asset_node_setup(n: &AssetNode) -> Option<String> {
    let v = n.tool_version.as_deref();
    Some(match n.tool {
        NodeTool::Npm => return None,
        // Corepack's Yarn is 1.x unless `packageManager` names another.
        NodeTool::Yarn | NodeTool::YarnBerry => corepack_enable_for(&n.version).into(),
        NodeTool::Pnpm if n.tool_version_field => corepack_enable_for(&n.version).into(),
        NodeTool::Pnpm => format!("npm install --global pnpm@{}", v.unwrap_or("9")),
        NodeTool::Bun => format!("npm install --global bun@{}", v.unwrap_or("1")),
    })
}

fn corepack_enable_for(node_version: &str) -> &'static str {
    let major = node_version
        .split('.')
        .next()
        .and_then(|m| m.parse::<u32>().ok())
        .unwrap_or(22);
    if major >= 25 {
        "npm install --global corepack && corepack enable"
    } else {
        "corepack enable"
    }
}

/// A JVM project that runs `mvn`/`gradle` (no committed wrapper) needs the tool on the image.
pub fn jvm_tool_image(app: &App) -> Option<String> {
    let t = of(app);
    let first = app.install().split_whitespace().next().unwrap_or("");
    let tool = match (t.runtime.as_str(), first) {
        ("java", "mvn") => "maven",
        ("java", "gradle") => "gradle",
        _ => return None,
    };
    let java = t.images.as_ref().map_or("21", |i| i.version.as_str());
    deployplan_core::catalog::images::build_tool_image(tool, java)
}

/// Shell lines that install the package manager (or the site generator) in the job image,
/// before the install command.
pub fn shell_setup(app: &App) -> Vec<String> {
    let t = of(app);
    let v = t.package_manager_version.as_deref();
    let lines: Vec<String> = match t.package_manager.as_str() {
        "pnpm" if t.package_manager_field => vec![corepack_enable(t).into()],
        "pnpm" => vec![format!("npm install --global pnpm@{}", v.unwrap_or("9"))],
        "yarn-berry" => vec![corepack_enable(t).into()],
        "bun" => vec![match v {
            Some(v) => format!("npm install --global bun@{v}"),
            None => "npm install --global bun".into(),
        }],
        "uv" | "poetry" | "pipenv" | "pdm" => {
            vec![format!("pip install {}", t.package_manager)]
        }
        "mix" => vec![
            "mix local.hex --force".into(),
            "mix local.rebar --force".into(),
        ],
        "hugo" => hugo_install(t.hugo_version.as_deref()),
        _ => Vec::new(),
    };
    let mut lines = lines;
    if let Some(n) = &t.asset_node {
        // The job image is the backend's (Debian, or Alpine for composer:2): its
        // distribution's Node, then the package manager.
        lines.push("if command -v apk >/dev/null; then apk add --no-cache nodejs npm; else apt-get update && apt-get install -y --no-install-recommends nodejs npm; fi".into());
        // Debian's nodejs has no corepack of its own.
        lines.extend(asset_node_setup(n).map(|l| match l.as_str() {
            "corepack enable" => "npm install --global corepack && corepack enable".into(),
            _ => l,
        }));
    }
    lines
}

/// The image of a monorepo service's CI job: the root's for a service built from the
/// workspace root on the root's runtime (its version pin is the root's).
pub fn service_ci_image(app: &App, service: &ServicePlan, sub: &App) -> String {
    if !service.self_contained && of(app).runtime == of(sub).runtime {
        ci_image(app)
    } else {
        ci_image(sub)
    }
}

/// The setup lines of a monorepo service's CI job: a service built from the workspace root
/// with the root's package manager takes the root's lines (its `packageManager` pin).
pub fn service_shell_setup(app: &App, service: &ServicePlan, sub: &App) -> Vec<String> {
    let root = of(app);
    if !service.self_contained
        && root.runtime == of(sub).runtime
        && root.package_manager == of(sub).package_manager
    {
        shell_setup(app)
    } else {
        shell_setup(sub)
    }
}

/// Lines a fresh CI checkout needs before the tests run: Laravel reads its `.env` (from
/// `.env.example`) and refuses to encrypt without `APP_KEY`. Never run on a developer's
/// machine: the TDD's local steps leave them out.
pub fn test_prepare(app: &App) -> Vec<String> {
    if app.plan.facts.has_framework("laravel") {
        vec![
            "if [ -f .env.example ] && [ ! -f .env ]; then cp .env.example .env; fi; if [ -f .env ]; then php artisan key:generate --force; fi".into(),
        ]
    } else {
        Vec::new()
    }
}

/// A backend app's asset build (Vite for Laravel, jsbundling for Rails, Django's
/// `collectstatic`) runs before its tests: pages that render the assets' manifest (`@vite`,
/// `javascript_include_tag`, `{% static %}` with a manifest storage) fail without it.
pub fn assets_before_tests(app: &App) -> bool {
    of(app).asset_node.is_some()
        || app
            .plan
            .runtime
            .build_command
            .as_deref()
            .is_some_and(|b| b.contains("collectstatic"))
}

/// What a deploy job in the Node image (Debian) installs before a deploy CLI builds the site
/// on the runner: the generator of a Hugo or Jekyll site (a Node app's package manager comes
/// from the image's corepack).
pub fn runner_build_setup(app: &App) -> Vec<String> {
    let t = of(app);
    match t.runtime.as_str() {
        "hugo" => hugo_install(t.hugo_version.as_deref()),
        "ruby" => vec![
            "apt-get update && apt-get install -y --no-install-recommends ruby-full build-essential".into(),
            "gem install bundler".into(),
        ],
        _ => Vec::new(),
    }
}

/// Hugo in a Debian image: the pinned extended release from GitHub, else Debian's package.
pub fn hugo_install(version: Option<&str>) -> Vec<String> {
    let apt = "apt-get update && apt-get install -y --no-install-recommends";
    match version {
        Some(v) => vec![
            format!("{apt} ca-certificates curl git"),
            format!(
                "curl -fsSL -o /tmp/hugo.deb https://github.com/gohugoio/hugo/releases/download/v{v}/hugo_extended_{v}_linux-amd64.deb"
            ),
            "dpkg -i /tmp/hugo.deb".into(),
        ],
        None => vec![format!("{apt} ca-certificates git hugo")],
    }
}

/// A service container and what the tests read to reach it.
pub struct Service {
    pub name: String,
    pub image: String,
    pub port: u16,
    /// The container's own settings (user, password, database).
    pub env: Vec<(&'static str, String)>,
    /// A command that succeeds once the service accepts connections.
    pub health: &'static str,
}

pub const TEST_DB: &str = "app_test";

pub fn services(app: &App) -> Vec<Service> {
    of(app)
        .services
        .iter()
        .filter_map(|s| {
            let (port, env, health): (u16, Vec<(&str, String)>, &str) = match s.name.as_str() {
                "postgres" => (
                    5432,
                    vec![
                        ("POSTGRES_USER", "postgres".into()),
                        ("POSTGRES_PASSWORD", "postgres".into()),
                        ("POSTGRES_DB", TEST_DB.into()),
                    ],
                    "pg_isready -U postgres",
                ),
                "mysql" => (
                    3306,
                    vec![
                        ("MYSQL_ROOT_PASSWORD", "root".into()),
                        ("MYSQL_DATABASE", TEST_DB.into()),
                    ],
                    "mysqladmin ping -h 127.0.0.1 -uroot -proot",
                ),
                "redis" => (6379, Vec::new(), "redis-cli ping"),
                _ => return None,
            };
            Some(Service {
                name: s.name.clone(),
                image: s.image.clone(),
                port,
                env,
                health,
            })
        })
        .collect()
}

/// The variables the tests read to reach the services at `host(name)` (`localhost` on GitHub
/// and Bitbucket, the service's alias on GitLab). Test-only credentials of throwaway
/// containers, never the app's secrets.
pub fn test_env(app: &App, host: impl Fn(&str) -> String) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut put = |k: &str, v: String| {
        if !out.iter().any(|(x, _)| x == k) {
            out.push((k.to_string(), v));
        }
    };
    let ruby = of(app).runtime == "ruby";
    // The code's own name for the database URL (`DB_URL`), beside the conventional one.
    let url_env = app
        .database_url_env()
        .filter(|n| crate::names::is_env_name(n) && *n != "DATABASE_URL");
    for s in services(app) {
        let h = host(&s.name);
        match s.name.as_str() {
            "postgres" => {
                let url = format!("postgres://postgres:postgres@{h}:5432/{TEST_DB}");
                if let Some(n) = url_env {
                    put(n, url.clone());
                }
                put("DATABASE_URL", url);
                put("PGHOST", h.clone());
                put("PGPORT", "5432".into());
                put("PGUSER", "postgres".into());
                put("PGPASSWORD", "postgres".into());
            }
            "mysql" => {
                let scheme = if ruby { "mysql2" } else { "mysql" };
                let url = format!("{scheme}://root:root@{h}:3306/{TEST_DB}");
                if let Some(n) = url_env {
                    put(n, url.clone());
                }
                put("DATABASE_URL", url);
                put("DB_HOST", h.clone());
                put("DB_PORT", "3306".into());
                put("DB_DATABASE", TEST_DB.into());
                put("DB_USERNAME", "root".into());
                put("DB_PASSWORD", "root".into());
            }
            "redis" => {
                let url = format!("redis://{h}:6379/0");
                // The code's own name for it (`CELERY_BROKER_URL`), beside the conventional one.
                if let Some(n) = app
                    .cache_url_env()
                    .filter(|n| crate::names::is_env_name(n) && *n != "REDIS_URL")
                {
                    put(n, url.clone());
                }
                // The other names the code reads the same Redis from (a Celery broker beside
                // the cache's URL): unset, settings that read them fail at import.
                for n in app
                    .cache_url_aliases()
                    .iter()
                    .filter(|n| crate::names::is_env_name(n))
                {
                    put(n, url.clone());
                }
                put("REDIS_URL", url);
            }
            _ => {}
        }
        // The connection parts the code reads by its own names (`POSTGRES_HOST`, `DB_NAME`).
        let (port, user, password) = match s.name.as_str() {
            "postgres" => ("5432", "postgres", "postgres"),
            "mysql" => ("3306", "root", "root"),
            _ => continue,
        };
        for name in app.all_env_names() {
            use crate::app::DbPart;
            let value = match crate::app::db_part(name) {
                Some(DbPart::Host) => h.clone(),
                Some(DbPart::Port) => port.into(),
                Some(DbPart::User) => user.into(),
                Some(DbPart::Password) => password.into(),
                Some(DbPart::Database) => TEST_DB.into(),
                None => continue,
            };
            put(name, value);
        }
    }
    // A framework signing key the settings read unconditionally (`os.environ["DJANGO_SECRET_KEY"]`)
    // must exist for the tests to import them: a fixed test-only value, never the app's.
    // Python settings modules read it at import (Rails and Phoenix make their own in test).
    let python = of(app).runtime == "python";
    for name in app.all_env_names().into_iter().filter(|_| python) {
        if matches!(
            name,
            "SECRET_KEY" | "DJANGO_SECRET_KEY" | "FLASK_SECRET_KEY"
        ) {
            put(name, "ci-test-only-not-a-secret".into());
        }
    }
    out
}

/// `cmd` run inside the project's environment when the package manager keeps one of its own
/// (uv, Poetry, Pipenv): after `uv sync` the tools are in `.venv`, not on the PATH. A leading
/// `cd <dir> && ` stays in front.
pub fn in_project_env(package_manager: &str, cmd: &str) -> String {
    let runner = match package_manager {
        "uv" => "uv run",
        "poetry" => "poetry run",
        "pipenv" => "pipenv run",
        _ => return cmd.to_string(),
    };
    let (cd, rest) = match cmd.split_once(" && ") {
        Some((cd, rest)) if cd.starts_with("cd ") && !cd.contains(['&', ';', '|']) => {
            (format!("{cd} && "), rest)
        }
        _ => (String::new(), cmd),
    };
    if rest.starts_with(runner) {
        return cmd.to_string();
    }
    format!("{cd}{runner} {rest}")
}

/// Where a pipeline runs the plan's migrations, with what: for a monorepo, the migrating
/// service's toolchain, its install in its build context and the command in its folder;
/// else the app's own.
pub struct MigrationRun<'a> {
    /// The App whose toolchain sets up the job (the service's, or the root's for a
    /// workspace service on the root's runtime).
    pub toolchain_app: App<'a>,
    pub install: String,
    /// The folder the install runs in (`.`: the checkout root).
    pub install_dir: String,
    pub command: String,
    /// The folder the command runs in.
    pub dir: String,
}

/// The migration run of `app` (which auto-migrates), given the plan of each service.
pub fn migration_run<'a>(
    app: &App<'a>,
    subs: &'a [(ServicePlan, deployplan_core::Plan)],
) -> Option<MigrationRun<'a>> {
    let migrate = app.auto_migrate()?;
    if app.services().is_empty() {
        // A bundle (EF Core) is built after the install, from the sources.
        let install = match app.migrate_build() {
            Some(b) => format!("{} && {b}", app.install()),
            None => app.install().to_string(),
        };
        return Some(MigrationRun {
            toolchain_app: App::new(app.plan),
            install,
            install_dir: ".".into(),
            command: in_project_env(&of(app).package_manager, migrate),
            dir: ".".into(),
        });
    }
    let (s, sub_plan) = subs.iter().find(|(s, _)| s.migrates)?;
    let sub = App::new(sub_plan);
    let command = app.service_migrate(s, true)?;
    let pm = of(&sub).package_manager.clone();
    let toolchain_app = if !s.self_contained && of(app).runtime == of(&sub).runtime {
        App::new(app.plan)
    } else {
        sub
    };
    Some(MigrationRun {
        toolchain_app,
        install: s.runtime.install_command.clone(),
        install_dir: crate::app::service_context(s).to_string(),
        command: in_project_env(&pm, &command),
        dir: s.path.clone(),
    })
}

/// Each service of the plan with its own plan (see [`crate::app::service_plan`]).
pub fn service_plans(app: &App) -> Vec<(ServicePlan, deployplan_core::Plan)> {
    app.services()
        .iter()
        .map(|s| (s.clone(), crate::app::service_plan(app.plan, s)))
        .collect()
}
