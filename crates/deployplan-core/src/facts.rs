//! What a repository says about itself. Produced by the scanner (crate `deployplan-scan`),
//! read by the planner. Every fact carries the evidence that proves it, so the documents can
//! cite it ("the repo runs Celery workers (proj/celery.py)").
//!
//! The JSON form of this struct is `deployplan scan --json`: field names are stable.

use serde::{Deserialize, Serialize};

mod layout;
pub use layout::{AppLayout, AppObject, NextRouter, RoutePrefix, RoutesDir};

/// Where a fact was seen: a path relative to the scanned root (always `/`-separated), the line
/// when it helps, and the id of the detection rule that matched.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Evidence {
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    pub rule: String,
}

impl std::fmt::Display for Evidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}", self.path, line),
            None => f.write_str(&self.path),
        }
    }
}

/// A named thing that was detected (a framework, a worker library, a CI system, ...).
/// `name` is a stable lowercase id (`nextjs`, `django`, `celery`, `github-actions`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Detected {
    pub name: String,
    pub evidence: Vec<Evidence>,
}

/// One scheduled job of the repository: its name, its command and its cron expression (UTC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduledJob {
    pub name: String,
    pub command: Option<String>,
    pub schedule: Option<String>,
    pub evidence: Evidence,
}

/// A language and its weight in the repository.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LanguageShare {
    pub name: String,
    pub files: u64,
    pub bytes: u64,
}

/// A single value with its evidence (a port, a runtime version, a command).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Valued<T> {
    pub value: T,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuntimeVersion {
    /// `node`, `python`, `ruby`, `go`, `java`, ...
    pub runtime: String,
    pub version: String,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Compose {
    pub path: String,
    /// Service names as declared, in file order.
    pub services: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcfileEntry {
    pub name: String,
    pub command: String,
    pub evidence: Evidence,
}

/// The migration tool and the command that applies pending migrations at deploy time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MigrationFact {
    /// An id of `MigrationTool` (`prisma`, `alembic`, `django`, ...).
    pub name: String,
    pub command: String,
    /// What puts the command's program in place first, when the repository has it only as a
    /// library (goose's CLI from the version go.mod requires, into `./bin`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub install: Option<String>,
    pub evidence: Vec<Evidence>,
}

/// An environment variable the code reads (a name, never a value).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct EnvVarFact {
    pub name: String,
    /// `code` (read by the code), `example` (.env.example), `framework` (required by the
    /// framework even if read indirectly), `database` (implied by a detected database).
    pub source: String,
    pub evidence: Vec<Evidence>,
}

/// The production SQLite file: its path, or the variable the app reads it from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SqliteFile {
    /// The file, relative to the app's folder (`storage/production.sqlite3`), when the
    /// repository names it (also as the default of `variable`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The variable the app reads the file's location from (`DATABASE_URL`, `DB_DATABASE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variable: Option<String>,
    /// How that variable's value is written.
    pub form: SqliteForm,
    /// The file's folder holds the repository's own files (Rails 7's `db/` has the
    /// migrations) or is the app's root: a volume mounted there would hide them.
    #[serde(default)]
    pub folder_shared: bool,
}

/// How a variable names a SQLite file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SqliteForm {
    /// A plain path (`/data/database.sqlite`): Laravel's `DB_DATABASE`, Phoenix's `DATABASE_PATH`.
    Path,
    /// SQLAlchemy's and dj-database-url's URL (`sqlite:////data/app.db`, four slashes).
    SqlalchemyUrl,
    /// Rails' URL (`sqlite3:/data/production.sqlite3`).
    RailsUrl,
    /// Prisma's and Drizzle's URL (`file:/data/app.db`).
    FileUrl,
}

impl SqliteForm {
    /// The variable's value that puts the file at `absolute`.
    pub fn value(self, absolute: &str) -> String {
        match self {
            SqliteForm::Path => absolute.to_string(),
            SqliteForm::SqlalchemyUrl => format!("sqlite:///{absolute}"),
            SqliteForm::RailsUrl => format!("sqlite3:{absolute}"),
            SqliteForm::FileUrl => format!("file:{absolute}"),
        }
    }
}

/// A secret committed to the repository. The value is never read into the facts.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SecretFinding {
    /// `dotenv-with-values`, `private-key`, `cloud-credentials`, ...
    pub kind: String,
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

/// The commands that install, test, build and start the app, as the stack runs them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commands {
    pub install: Option<Valued<String>>,
    pub test: Option<Valued<String>>,
    pub build: Option<Valued<String>>,
    pub start: Option<Valued<String>>,
}

/// An HTTP route the app serves for health checks, with the evidence that it serves it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthRoute {
    /// The URL path exactly as the app serves it (`/up`, `/api/v1/health-check/`).
    pub path: String,
    /// How the repository states it, strongest first: `healthcheck` (a Dockerfile
    /// `HEALTHCHECK`, a compose `healthcheck:` or a platform config already probing it),
    /// `builtin` (a framework's own endpoint switched on: Rails `/up`, Laravel `health:`,
    /// Spring Boot actuator, ASP.NET `MapHealthChecks`), `route` (a route in the app's code).
    pub kind: String,
    pub evidence: Vec<Evidence>,
}

/// A service container the repository's tests need (`postgres`, `mysql`, `redis`), as its own
/// CI workflow, its test settings or its compose file states it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TestService {
    /// `postgres`, `mysql`, `redis`.
    pub name: String,
    /// The image the repository names (`postgres:16`), when it names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    pub evidence: Vec<Evidence>,
}

/// A deployable service of a monorepo, with its own facts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Service {
    pub name: String,
    /// Path relative to the scanned root (`.` for the root itself).
    pub path: String,
    pub facts: Box<Facts>,
}

/// Files the walk did not read, by reason.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    /// Permission denied, special files (FIFOs, sockets), dangling symlinks, I/O errors.
    pub unreadable: u64,
    /// A file a detector wanted whose first 8 KiB hold a NUL byte.
    pub binary: u64,
    /// A file a detector wanted that is over the scanner's per-file size cap (1 MiB).
    pub too_large: u64,
    /// Symlinks that resolve to themselves or to a folder above them (never followed).
    pub symlink_loops: u64,
    /// Files and folders whose name is not valid UTF-8 (left out of the facts).
    #[serde(default)]
    pub non_utf8_names: u64,
    /// Files deployplan itself generated (they carry its marker), left out so that a rerun
    /// sees the repository as the person wrote it.
    #[serde(default)]
    pub generated: u64,
}

/// The protocol a Python application object speaks, which decides its server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AppInterface {
    /// WSGI (Django's `wsgi.py`, Flask): gunicorn serves it.
    Wsgi,
    /// ASGI (FastAPI, Starlette, Django's `asgi.py`): uvicorn serves it.
    Asgi,
}

/// The application object a Python app server loads: Django's `proj.wsgi`, FastAPI's
/// `app.main:app`, a Flask factory's `shop:create_app()`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppEntry {
    pub interface: AppInterface,
    /// The server's argument: `module` or `module:object`, a factory call ending in `()`.
    pub target: String,
    /// `DJANGO_SETTINGS_MODULE` when the target does not set it itself (Django's own
    /// `get_wsgi_application()` where the repository has no `wsgi.py`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings_module: Option<String>,
    /// The folder the server runs from when it is not the repository root: Django's project
    /// folder (where `manage.py` is, on `sys.path`), so `config.wsgi` imports `config.settings`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chdir: Option<String>,
    /// Django's production settings module when the repository has one beside the default
    /// `manage.py` sets (`config.settings.production` next to `config.settings.local`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub production_settings: Option<String>,
    pub evidence: Vec<Evidence>,
}

/// The code host a repository's `origin` remote points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CodeHost {
    Github,
    Gitlab,
    Bitbucket,
}

/// The repository on its code host, as its git config names it: `owner/name` (GitLab groups
/// may nest: `group/sub/name`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeHostRepo {
    pub host: CodeHost,
    pub slug: String,
    pub evidence: Evidence,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    pub languages: Vec<LanguageShare>,
    pub frameworks: Vec<Detected>,
    pub package_managers: Vec<Detected>,
    pub runtime_versions: Vec<RuntimeVersion>,
    /// Path of the Dockerfile, with evidence.
    pub dockerfile: Option<Valued<String>>,
    /// The repository's Dockerfiles that do not build the commit for production (dev-only, a
    /// prebuilt artifact, an ENTRYPOINT that ignores the command): `name` is the file, each
    /// evidence's rule says why (`docker/unfit:dev-command:npm run dev`). deployplan
    /// generates one instead, and says why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dockerfiles_unfit: Vec<Detected>,
    /// The final stage's `WORKDIR` of that Dockerfile: where the app's relative paths start
    /// in its image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dockerfile_workdir: Option<Valued<String>>,
    pub compose: Option<Compose>,
    pub procfile: Vec<ProcfileEntry>,
    pub databases: Vec<Detected>,
    pub migration_tool: Option<MigrationFact>,
    /// The code applies its migrations itself when it starts (`goose.Up(`, `Database.Migrate()`,
    /// Spring Boot with Flyway): a release step would run them a second time, with a tool the
    /// image may not have.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub migrates_at_startup: Option<Valued<String>>,
    /// Where the production SQLite file lives, as the repository states it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sqlite_file: Option<Valued<SqliteFile>>,
    pub workers: Vec<Detected>,
    /// The web server runs the job worker in its own process (Puma's `plugin :solid_queue`):
    /// the value is the variable that switches it on (`SOLID_QUEUE_IN_PUMA`), None when the
    /// plugin is always on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker_in_web: Option<Valued<Option<String>>>,
    pub schedules: Vec<Detected>,
    /// The scheduled jobs the repository declares, one per job, when the scheduler says what
    /// runs and when (Laravel's scheduler, whenever's `every` blocks). `command` or `schedule`
    /// is None when the declaration is not clear enough to run: the plan then warns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scheduled_jobs: Vec<ScheduledJob>,
    pub websockets: Vec<Detected>,
    pub port: Option<Valued<u16>>,
    pub env_vars: Vec<EnvVarFact>,
    pub secrets_committed: Vec<SecretFinding>,
    pub ci: Vec<Detected>,
    /// The repository's own CI files that deploy (a deploy or release job, a platform's CLI,
    /// a deploy action): `name` is the file, the evidence the line that deploys. deployplan's
    /// pipeline is written beside them, and both deploy until one is removed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ci_deploys: Vec<Detected>,
    /// The repository's git submodules (`.gitmodules`), one per path: every CI checkout
    /// fetches them, or the build misses their files.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub git_submodules: Vec<Detected>,
    pub platform_configs: Vec<Detected>,
    pub commands: Commands,
    /// The folder the static build writes, as the build tool's config states it (Vite's
    /// `build.outDir`, Eleventy's `dir.output`); absent when the config keeps the default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub build_output: Option<Valued<String>>,
    /// The client-side router a single-page app navigates with (`react-router-dom`,
    /// `vue-router`, `@angular/router`): its paths exist only in the browser, so the host must
    /// answer every unknown path with `index.html`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_router: Option<Valued<String>>,
    /// A build on webpack 4 (`react-scripts 3.4.3`), which Node 17 and later refuse without
    /// OpenSSL's legacy provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy_openssl_build: Option<Valued<String>>,
    /// The application object a Python app server loads, as the code defines it; absent
    /// from the JSON when none was found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_entry: Option<AppEntry>,
    /// The Python app servers the repository depends on (`gunicorn`, `uvicorn`, `hypercorn`,
    /// `daphne`, `granian`, `waitress`); a conventional start adds one when this is empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub app_servers: Vec<Detected>,
    /// Health routes the app serves, best first (see [`HealthRoute::kind`]); absent from the
    /// JSON when none was found.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub health_routes: Vec<HealthRoute>,
    /// Tools the build needs beside the runtime, with the version the repository pins: `pnpm`
    /// 9.12.0 (`packageManager`), `yarn` 4.5.3, `bun`, `hugo` 0.134.0 (its CI workflow), `erlang`.
    #[serde(default)]
    pub tool_versions: Vec<RuntimeVersion>,
    /// Where the repository's tests are (the first test files or folders found); empty when it
    /// has none, and then the pipeline has no test step.
    #[serde(default)]
    pub tests: Vec<Evidence>,
    /// Service containers the tests need, from the repository's CI workflow or test settings.
    #[serde(default)]
    pub test_services: Vec<TestService>,
    /// Deployable services, sorted by path: every workspace member of a monorepo that deploys
    /// (a framework, a Dockerfile, a Procfile or workers), or the apps found in subfolders
    /// (`.` is the root when it is an app beside them). One entry when the only app lives in a
    /// subfolder (`services/web`). Empty for a single app at the root.
    pub services: Vec<Service>,
    /// The repository on GitHub, GitLab or Bitbucket, from the `origin` remote of its
    /// `.git/config`; absent for a folder that is no clone of one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_host: Option<CodeHostRepo>,
    /// The monorepo tool when a workspace/turborepo/nx/go.work root was found: `turborepo`,
    /// `nx`, `lerna`, `pnpm-workspaces`, `yarn-workspaces`, `npm-workspaces`, `go-work`.
    pub monorepo: Option<Valued<String>>,
    /// Files the walk saw (after .gitignore and the vendored/build folders it skips).
    pub files_scanned: u64,
    /// Of those, the files whose contents a detector needed and that were read.
    #[serde(default)]
    pub files_read: u64,
    pub skipped: Skipped,
    /// Where the app is created and named in its code, for a generated health endpoint;
    /// absent from the JSON when nothing was found.
    #[serde(default, skip_serializing_if = "AppLayout::is_empty")]
    pub app_layout: AppLayout,
}

impl Facts {
    /// Whether the scan found nothing about the app. The walk's counters do not count: a
    /// folder holding only deployplan's own files says as little as an empty one.
    pub fn is_empty(&self) -> bool {
        let mut about_the_app = self.clone();
        about_the_app.files_scanned = 0;
        about_the_app.files_read = 0;
        about_the_app.skipped = Skipped::default();
        about_the_app == Facts::default()
    }
    pub fn has_framework(&self, name: &str) -> bool {
        self.frameworks.iter().any(|f| f.name == name)
    }
    /// The first evidence of the first detected worker or schedule, for quoting.
    pub fn worker_evidence(&self) -> Option<(&str, &Evidence)> {
        self.workers
            .iter()
            .find_map(|d| d.evidence.first().map(|e| (d.name.as_str(), e)))
    }
    pub fn websocket_evidence(&self) -> Option<(&str, &Evidence)> {
        self.websockets
            .iter()
            .find_map(|d| d.evidence.first().map(|e| (d.name.as_str(), e)))
    }
    pub fn dockerfile_path(&self) -> Option<&str> {
        self.dockerfile.as_ref().map(|d| d.value.as_str())
    }
    /// The health route a probe should use: the best one the repository states.
    pub fn health_route(&self) -> Option<&HealthRoute> {
        self.health_routes.first()
    }
    /// The language with the most bytes, if any.
    pub fn primary_language(&self) -> Option<&str> {
        self.languages.first().map(|l| l.name.as_str())
    }
}
