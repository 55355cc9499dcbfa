//! The typed model of `catalog/platforms/*.toml`. Unknown keys are refused, so a typo in the
//! knowledge base fails the build's tests instead of silently dropping a fact.

use serde::{Deserialize, Serialize};

use crate::answers::choice::choice_enum;
use crate::answers::choices::{Expertise, Scale};

use super::platform_id::PlatformId;

choice_enum! {
    /// The deployment philosophy a platform stands for; options must span at least two.
    Philosophy, key = "philosophy" {
        ManagedPaas => ("managed-paas", "Fully managed PaaS", "git push and the platform builds, runs and scales it"),
        FrontendServerless => ("frontend-serverless", "Frontend / serverless", "static assets on a CDN plus functions at the edge"),
        ContainerPaas => ("container-paas", "Container PaaS", "your Docker image on managed machines, more control than a PaaS"),
        ServerlessContainers => ("serverless-containers", "Serverless containers", "containers billed per request, scaling to zero"),
        CloudContainers => ("cloud-containers", "Cloud infrastructure (containers)", "containers on a major cloud, wired with infrastructure as code"),
        Orchestrator => ("orchestrator", "Container orchestrator", "Kubernetes: maximum control, maximum operations work"),
        SelfHosted => ("self-hosted", "Self-hosted", "your own server (VPS) with a deploy tool on top"),
    }
}

choice_enum! {
    /// How much work a deployment takes to set up and keep running.
    Complexity, key = "complexity" {
        VeryLow => ("very-low", "Very low", "git push = deploy"),
        Low => ("low", "Low", "a config file or a few dashboard settings"),
        Medium => ("medium", "Medium", "a Dockerfile and a CLI"),
        High => ("high", "High", "infrastructure as code, IAM, networking"),
        VeryHigh => ("very-high", "Very high", "a cluster to run and upgrade"),
    }
}

choice_enum! {
    /// Whether a platform has a capability.
    Support, key = "support" {
        Yes => ("yes", "Yes", ""),
        Partial => ("partial", "Partial", ""),
        No => ("no", "No", ""),
    }
}

choice_enum! {
    /// A machine-checkable condition under which a platform should be avoided.
    Condition, key = "condition" {
        NeedsWorkers => ("needs-workers", "the app runs background workers", ""),
        NeedsCron => ("needs-cron", "the app runs scheduled jobs", ""),
        NeedsWebsockets => ("needs-websockets", "the app holds websockets open", ""),
        NeedsLongRunning => ("needs-long-running", "the app is a long-running server", ""),
        NeedsPersistentDisk => ("needs-persistent-disk", "the app keeps data on local disk (SQLite)", ""),
        BudgetFree => ("budget-free", "the budget is $0", ""),
        BudgetSmall => ("budget-small", "the budget is $10-50/month", ""),
        ScaleLow => ("scale-low", "traffic is low", ""),
        ScaleHigh => ("scale-high", "traffic is high or very high", ""),
        ScaleVeryHigh => ("scale-very-high", "traffic is very high", ""),
        ExpertiseBeginner => ("expertise-beginner", "this is a first deployment", ""),
        FrontendOnly => ("frontend-only", "the app is frontend only", ""),
        Microservices => ("microservices", "the app is several services", ""),
    }
}

/// A fact with where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Capability {
    pub value: Support,
    pub note: String,
    pub source: String,
    /// YYYY-MM-DD the source was read.
    pub checked: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Regions {
    pub count: u32,
    pub note: String,
    pub source: String,
    pub checked: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Capabilities {
    pub long_running: Capability,
    pub workers: Capability,
    pub cron: Capability,
    pub websockets: Capability,
    pub docker: Capability,
    pub managed_postgres: Capability,
    pub managed_mysql: Capability,
    pub managed_redis: Capability,
    pub persistent_disk: Capability,
    pub preview_environments: Capability,
    pub autoscaling: Capability,
    pub scale_to_zero: Capability,
    pub free_tier: Capability,
    pub cold_starts: Capability,
    pub regions: Regions,
}

impl Capabilities {
    /// Every capability with its stable JSON name, in the catalog's order (regions apart).
    pub fn named(&self) -> [(&'static str, &Capability); 14] {
        [
            ("long_running", &self.long_running),
            ("workers", &self.workers),
            ("cron", &self.cron),
            ("websockets", &self.websockets),
            ("docker", &self.docker),
            ("managed_postgres", &self.managed_postgres),
            ("managed_mysql", &self.managed_mysql),
            ("managed_redis", &self.managed_redis),
            ("persistent_disk", &self.persistent_disk),
            ("preview_environments", &self.preview_environments),
            ("autoscaling", &self.autoscaling),
            ("scale_to_zero", &self.scale_to_zero),
            ("free_tier", &self.free_tier),
            ("cold_starts", &self.cold_starts),
        ]
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AvoidIf {
    pub when: Condition,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceTier {
    pub name: String,
    pub monthly_usd: f64,
    pub note: String,
    pub source: String,
    pub checked: String,
}

/// The numbers the cost estimate multiplies. Each is a monthly USD price of the smallest
/// production-worthy unit; `note` says which unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CostModel {
    /// Fixed monthly fee (plan subscription, cluster control plane, load balancer).
    pub base_usd: f64,
    /// One always-on web instance.
    pub instance_usd: f64,
    /// One background-worker instance.
    pub worker_usd: f64,
    /// The smallest production database on the platform (when it offers one).
    pub database_usd: f64,
    /// The smallest managed Redis on the platform (or a marketplace add-on).
    pub redis_usd: f64,
    /// Whether a low-traffic app can run at $0 (possibly with cold starts).
    pub free_for_low_traffic: bool,
    /// Whether staging/dev/preview are deployments of the same project, covered by the plan's
    /// price (their databases are still separate).
    #[serde(default)]
    pub environments_included: bool,
    /// What a static site (built files on the platform's CDN, no process) costs, when the
    /// platform prices it apart from instances.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub static_site: Option<StaticSitePrice>,
    pub note: String,
    pub source: String,
    pub checked: String,
}

/// The monthly price of one static site, with its source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaticSitePrice {
    pub monthly_usd: f64,
    pub note: String,
    pub source: String,
    pub checked: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pricing {
    pub summary: String,
    pub tiers: Vec<PriceTier>,
    pub model: CostModel,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deploy {
    /// The commands a CI job or a person runs to deploy, in order.
    pub commands: Vec<String>,
    /// Names of the CI secrets those commands need.
    pub ci_secrets: Vec<String>,
    /// Whether the platform can deploy on push by itself (no CI job needed).
    pub git_integration: bool,
    pub notes: Vec<String>,
    pub source: String,
    pub checked: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rollback {
    pub commands: Vec<String>,
    pub dashboard: String,
    /// Traps: what a rollback does not restore, what it turns off.
    pub caveats: Vec<String>,
    pub source: String,
    pub checked: String,
}

/// Which of the plan's probe settings a platform lets you set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settable {
    pub path: bool,
    pub interval: bool,
    pub timeout: bool,
    pub threshold: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HealthCheck {
    /// Where it is configured (`render.yaml healthCheckPath`, `fly.toml [[http_service.checks]]`).
    pub configured_in: String,
    /// The platform's defaults, in words.
    pub defaults: String,
    pub settable: Settable,
    /// What the platform checks when the app has no health path (its port), in words; absent
    /// when it has no such check.
    #[serde(default)]
    pub port_check: Option<String>,
    pub notes: Vec<String>,
    pub source: String,
    pub checked: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MigrationHook {
    /// The platform's own pre-release hook, or `none` when migrations run from CI.
    pub mechanism: String,
    pub summary: String,
    pub caveats: Vec<String>,
    pub source: String,
    pub checked: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Platform {
    /// Checked against the known platforms when the file is parsed.
    pub id: PlatformId,
    pub name: String,
    pub philosophy: Philosophy,
    pub summary: String,
    pub docs_url: String,
    pub complexity: Complexity,
    /// The least expertise the platform is a good fit for.
    pub min_expertise: Expertise,
    /// The largest traffic it serves comfortably.
    pub max_scale: Scale,
    /// Typical time of one deploy, in words ("30-60 seconds").
    pub deploy_time: String,
    /// Short status line when the platform's future matters (closed to new customers, ...).
    #[serde(default)]
    pub status: Option<String>,
    pub config_files: Vec<String>,
    pub best_for: Vec<String>,
    pub pros: Vec<String>,
    pub cons: Vec<String>,
    pub avoid_if: Vec<AvoidIf>,
    pub capabilities: Capabilities,
    pub pricing: Pricing,
    pub deploy: Deploy,
    pub rollback: Rollback,
    pub health_check: HealthCheck,
    pub migrations: MigrationHook,
    /// Where a secret's value is set on the platform, for the next steps after writing.
    #[serde(default)]
    pub secrets: Option<SecretsHowTo>,
}

/// How a person sets one secret on the platform: a command (with `NAME` where the secret's
/// name goes) and/or the dashboard page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecretsHowTo {
    #[serde(default)]
    pub command: Option<String>,
    #[serde(default)]
    pub dashboard: Option<String>,
    pub source: String,
    pub checked: String,
}

/// A migration tool: the commands of step 5 and section 5 of the document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MigrationToolInfo {
    pub id: String,
    pub name: String,
    /// Applies pending migrations; safe to run on every deploy.
    pub deploy_command: String,
    /// Shows which migrations are applied.
    pub status_command: String,
    /// How a single migration is reverted by hand (never automatically on rollback).
    pub revert: String,
    pub docs_url: String,
    pub checked: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MigrationTools {
    pub tool: Vec<MigrationToolInfo>,
}

/// A managed service outside the app platform, used for `database hosting = managed` costs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExternalService {
    pub id: String,
    pub name: String,
    pub monthly_usd: f64,
    pub note: String,
    pub source: String,
    pub checked: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExternalServices {
    pub service: Vec<ExternalService>,
}
