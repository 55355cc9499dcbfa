//! The plan: every decision resolved. A pure function of (Answers, Facts, Catalog) builds it;
//! the documents and the artifacts only read it.

use serde::Serialize;

use crate::answers::{Answers, CiProvider, Stack};
use crate::catalog::{Complexity, Philosophy, Platform};
use crate::facts::Facts;
use crate::provenance::{Provenance, Source};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

impl Confidence {
    pub fn label(self) -> &'static str {
        match self {
            Confidence::Low => "Low",
            Confidence::Medium => "Medium",
            Confidence::High => "High",
        }
    }
}

/// One of the three platform options of step 2.
#[derive(Debug, Clone, Serialize)]
pub struct PlatformOption {
    /// A, B or C.
    pub letter: char,
    pub platform: Platform,
    pub score: i32,
    pub confidence: Confidence,
    /// "High for full-stack apps, Medium if traffic grows past medium": when it would differ.
    pub confidence_condition: String,
    /// Why, quoting the person's answers and the repository's facts.
    pub reasons: Vec<String>,
    /// Conditions from the catalog that hold for this app, with their text.
    pub avoid_if_matched: Vec<String>,
    /// A hard incompatibility that keeps the platform out of first place.
    pub blockers: Vec<String>,
    pub cost: CostEstimate,
}

#[derive(Debug, Clone, Serialize)]
pub struct Recommendation {
    pub platform_id: String,
    pub because: String,
    /// "confident", "moderately confident" or "uncertain", with why.
    pub certainty: String,
    pub certainty_reason: String,
    /// Factors that would change the recommendation.
    pub would_change: Vec<String>,
}

/// One line of a cost breakdown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostItem {
    pub label: String,
    pub monthly_usd: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostAtLoad {
    /// 1, 2 or 10 (times the expected traffic).
    pub multiplier: u32,
    pub items: Vec<CostItem>,
    pub total_usd: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostEstimate {
    /// At the expected traffic, then 2x and 10x.
    pub at_load: Vec<CostAtLoad>,
    /// The `$X-Y/month` range of the executive summary.
    pub range_low_usd: f64,
    pub range_high_usd: f64,
    /// App instances assumed at 1x.
    pub instances: u32,
    pub assumptions: Vec<String>,
    pub sources: Vec<String>,
}

/// What a process is for: it decides which platform object runs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProcessKind {
    /// Serves HTTP on the platform's port.
    Web,
    /// Runs continuously, serves no port (queue consumers).
    Worker,
    /// Runs on a schedule and exits.
    Cron,
}

/// A process the platform runs (web, worker, cron).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Process {
    pub kind: ProcessKind,
    pub name: String,
    pub command: Option<String>,
    /// Cron expression for scheduled processes.
    pub schedule: Option<String>,
}

/// What runs and how it is built: from the scan, or defaults of the stack.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Runtime {
    pub stack: Stack,
    /// Human name of the framework(s), when known ("Next.js", "Django").
    pub frameworks: Vec<String>,
    pub install_command: String,
    /// None when the repository has no tests: the pipeline then has no test step.
    pub test_command: Option<String>,
    pub build_command: Option<String>,
    pub start_command: Option<String>,
    pub port: u16,
    pub dockerfile: Option<String>,
    /// Where deployplan's own Dockerfile goes when the platform runs an image and the
    /// repository has none to reuse: `Dockerfile`, or `Dockerfile.deployplan` beside a root
    /// `Dockerfile` of the person's that does not build for production (never replaced).
    pub generated_dockerfile: String,
    pub processes: Vec<Process>,
    pub websockets: bool,
    /// `node 20`, `python 3.12`: pinned runtime versions, for CI setup steps and Dockerfiles.
    pub runtime_version: Option<String>,
    /// Where each of the above came from ("package.json scripts.test").
    pub evidence: Vec<String>,
    /// The same, typed: every value above that reaches a file, with its source.
    pub sources: Vec<Provenance>,
    /// What CI and the image install, and the services the tests need.
    pub toolchain: super::toolchain::Toolchain,
}

impl Runtime {
    /// A static single-page app with a client-side router: the host answers every path that
    /// is no file with `index.html` (else a deep link or a reload is a 404). Its source is
    /// among `sources`.
    pub fn spa_fallback(&self) -> bool {
        self.sources
            .iter()
            .any(|p| p.value == crate::provenance::PlanValue::SpaFallback)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stage {
    pub name: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CiPlan {
    pub provider: CiProvider,
    pub provider_name: String,
    pub automated: bool,
    pub branch: String,
    /// Where the pipeline file goes (`.github/workflows/deploy.yml`), none for manual/other.
    pub pipeline_path: Option<String>,
    pub stages: Vec<Stage>,
    /// Names of the secrets the pipeline needs (deploy tokens).
    pub secrets: Vec<String>,
    /// How production is released, as a value the pipelines act on.
    pub production_release: ProductionRelease,
    /// The same in the document's words ("manual approval (a required reviewer ...)").
    pub production_trigger: String,
    /// The repository's git submodules (their paths): every checkout fetches them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub submodules: Vec<String>,
}

/// How a production deploy starts. The pipelines decide their jobs from this value, never
/// from the prose beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProductionRelease {
    /// After staging, behind a required reviewer / manual job.
    Approval,
    /// Every push to the main branch once the tests pass (no staging).
    OnPush,
    /// A pushed version tag (`v*`).
    VersionTag,
    /// A person runs the deploy command; no pipeline deploys.
    ByHand,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnvironmentPlan {
    /// `preview`, `dev`, `staging`, `production`.
    pub name: String,
    pub purpose: String,
    pub trigger: String,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DatabasePlan {
    /// A `DatabaseEngine` id.
    pub engine: String,
    pub engine_name: String,
    pub version: String,
    pub hosting: String,
    /// "Render Postgres", "AWS RDS for PostgreSQL", ...
    pub hosting_name: String,
    pub cache: Option<String>,
    /// The variable the code reads the database's connection string from (`DATABASE_URL`
    /// unless the code reads another); none when it reads the parts (`DB_HOST`, ...).
    pub url_env: Option<String>,
    /// The same for the cache (`REDIS_URL`, `REDIS_TLS_URL`, `CELERY_BROKER_URL`).
    pub cache_url_env: Option<String>,
    /// Other variables the code reads the same Redis from (Celery's `CELERY_BROKER_URL` beside
    /// the cache's `REDIS_URL`): the platform wires them to the same instance.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cache_url_aliases: Vec<String>,
    pub migrations_auto: bool,
    /// A `MigrationTool` id, none when the app has no migrations.
    pub tool: Option<String>,
    pub tool_name: Option<String>,
    pub migrate_command: Option<String>,
    /// What builds the migration command's program before it can run (EF Core's migration
    /// bundle): the image's build stage and a pipeline that migrates run it first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub migrate_build: Option<String>,
    /// The app applies its migrations itself when it starts (what shows it): no release step.
    pub migrates_at_startup: Option<String>,
    /// Where the migration command came from.
    pub migrate_source: Option<Source>,
    /// Where the migration tool came from (the person, the scan, or a convention).
    pub tool_source: Option<Source>,
    pub status_command: Option<String>,
    pub revert: Option<String>,
    pub tool_docs: Option<String>,
    /// SQLite's persistent volume: where it is mounted and who creates it; none for other
    /// engines and on platforms without disks (the hosting then says the file is lost).
    pub volume: Option<Volume>,
    /// How the platform runs the migration before release ("fly.toml [deploy] release_command").
    pub hook: String,
    pub hook_caveats: Vec<String>,
    pub backups: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SecretPlan {
    pub name: String,
    pub purpose: String,
    /// Where the name came from: "answers", "code: src/db.ts:3", "framework: Django".
    pub origin: String,
    /// How to generate a value, when the app generates it (`openssl rand -hex 32`).
    pub generate: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnvVarRow {
    pub name: String,
    pub staging: String,
    pub production: String,
    pub stored_in: String,
    pub secret: bool,
    /// A setting's production value, when it is known (`MIX_ENV=prod`); never a secret's.
    pub value: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SecretsPlan {
    /// A `SecretsStore` id.
    pub store: String,
    pub store_name: String,
    pub secrets: Vec<SecretPlan>,
    pub env_vars: Vec<EnvVarRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HealthPlan {
    pub path: String,
    /// Where the path came from: the person, the repository (evidence) or deployplan.
    pub source: super::health::HealthSource,
    /// The endpoint deployplan writes when the app has none.
    pub endpoint: Option<super::health::HealthEndpoint>,
    pub interval_s: u32,
    pub timeout_s: u32,
    pub unhealthy_threshold: u32,
    /// Where the chosen platform takes these, and which it cannot set.
    pub platform_config: String,
    pub not_settable: Vec<String>,
    pub platform_defaults: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RollbackPlan {
    pub commands: Vec<String>,
    pub dashboard: String,
    pub caveats: Vec<String>,
    /// How rollback and migrations coexist (expand/contract).
    pub with_migrations: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Risk {
    pub title: String,
    pub probability: String,
    pub impact: String,
    pub mitigation: String,
}

/// A DO/DON'T of the workflow that this plan breaks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Warning {
    pub code: String,
    pub message: String,
}

/// A persistent volume for the SQLite file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Volume {
    /// Where the volume is mounted in the app's container: keep the SQLite file under it.
    pub mount_path: String,
    /// The generated platform file declares it (render.yaml `disk:`, fly.toml `[mounts]`);
    /// otherwise the person attaches it by hand, as `how` says.
    pub in_files: bool,
    pub how: String,
    /// The SQLite file on the volume, when the files put it there; None when the app keeps
    /// it where no volume can reach (see `placement`).
    pub file: Option<String>,
    /// The variable (and its value) that points the app at the file on the volume.
    pub setting: Option<(String, String)>,
    /// How the file reaches the volume, with the repository's evidence.
    pub placement: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    pub answers: Answers,
    pub facts: Facts,
    pub options: Vec<PlatformOption>,
    pub recommendation: Recommendation,
    /// The chosen platform (the recommendation unless the person picked another).
    pub platform: Platform,
    /// True when the person chose a platform other than the recommendation.
    pub overridden: bool,
    pub philosophy: Philosophy,
    pub complexity: Complexity,
    pub runtime: Runtime,
    /// Every deployable service of a monorepo (two or more), each with its own runtime;
    /// empty for a single app, whose runtime is `runtime`.
    pub services: Vec<super::services::ServicePlan>,
    pub ci: CiPlan,
    pub environments: Vec<EnvironmentPlan>,
    pub database: Option<DatabasePlan>,
    pub secrets: SecretsPlan,
    /// The HTTP health check; none when there is no path the app serves.
    pub health: Option<HealthPlan>,
    /// Without an HTTP check: why, and the platform's port check instead.
    pub port_check: Option<super::health::PortCheck>,
    pub rollback: RollbackPlan,
    pub cost: CostEstimate,
    pub risks: Vec<Risk>,
    pub warnings: Vec<Warning>,
    /// Why the chosen platform was chosen, in the document's words.
    pub reasons: Vec<String>,
    /// The alternatives (the other options) and why not.
    pub alternatives: Vec<(String, String)>,
    /// Every value that reaches a generated file, with its source.
    pub provenance: Vec<Provenance>,
}

impl Plan {
    pub fn has_workers(&self) -> bool {
        self.runtime
            .processes
            .iter()
            .any(|p| p.kind == ProcessKind::Worker)
    }
    pub fn has_cron(&self) -> bool {
        self.runtime
            .processes
            .iter()
            .any(|p| p.kind == ProcessKind::Cron)
    }
    pub fn environment_names(&self) -> Vec<&str> {
        self.environments.iter().map(|e| e.name.as_str()).collect()
    }
    pub fn has_environment(&self, name: &str) -> bool {
        self.environments.iter().any(|e| e.name == name)
    }
    pub fn project_name(&self) -> &str {
        &self.answers.project.name
    }
    /// The values nobody stated, which the person should confirm.
    pub fn assumptions(&self) -> impl Iterator<Item = &Provenance> {
        self.provenance.iter().filter(|p| p.source.is_assumption())
    }
}
