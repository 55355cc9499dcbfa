//! Monthly cost at 1x, 2x and 10x the expected traffic, computed from the catalog's prices.
//! The model is deliberately simple and every assumption is written into the document.

use super::model::{CostAtLoad, CostEstimate, CostItem};
use crate::answers::{
    Answers, AppType, Budget, Cache, DatabaseEngine, DatabaseHosting, EnvironmentStrategy, Scale,
    SecretsStore,
};
use crate::catalog::{Catalog, Platform, Support};

/// App instances that serve the expected traffic (1x).
pub fn instances_for(scale: Scale) -> u32 {
    match scale {
        Scale::Low => 1,
        Scale::Medium => 2,
        Scale::High => 4,
        Scale::VeryHigh => 10,
    }
}

/// The most a budget allows per month (None: no ceiling).
pub fn budget_ceiling(budget: Budget) -> Option<f64> {
    match budget {
        Budget::Free => Some(0.0),
        Budget::Small => Some(50.0),
        Budget::Medium => Some(200.0),
        Budget::Enterprise => None,
    }
}

/// What the cost depends on, besides the platform.
#[derive(Debug, Clone, Copy)]
pub struct CostInputs {
    pub scale: Scale,
    pub budget: Budget,
    pub workers: bool,
    pub engine: DatabaseEngine,
    pub hosting: DatabaseHosting,
    pub cache: Cache,
    pub environments: EnvironmentStrategy,
    pub secrets_manager_secrets: usize,
    /// A frontend-only app with no workers: built files, no process to run.
    pub static_site: bool,
}

impl CostInputs {
    pub fn from_answers(a: &Answers, workers: bool, secret_count: usize) -> CostInputs {
        CostInputs {
            scale: a.context.scale,
            budget: a.context.budget,
            workers,
            engine: a.database.engine,
            hosting: a.database.hosting,
            cache: a.database.cache,
            environments: a.environments.strategy,
            static_site: a.context.app_type == AppType::Frontend && !workers,
            secrets_manager_secrets: if a.secrets.store == SecretsStore::SecretsManager {
                secret_count
            } else {
                0
            },
        }
    }
}

fn round_cents(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// `$7`, `$7.50`, `$1,234`.
pub fn usd(x: f64) -> String {
    let cents = (x * 100.0).round() as i64;
    let whole = cents / 100;
    let mut digits = whole.to_string();
    let mut i = digits.len() as i64 - 3;
    while i > 0 {
        digits.insert(i as usize, ',');
        i -= 3;
    }
    if cents % 100 == 0 {
        format!("${digits}")
    } else {
        format!("${digits}.{:02}", cents % 100)
    }
}

/// `$7–$11`, or `$0` when both ends are the same.
pub fn usd_range(low: f64, high: f64) -> String {
    if usd(low) == usd(high) {
        usd(low)
    } else {
        format!("{}–{}", usd(low), usd(high))
    }
}

/// The monthly price of the database under this hosting choice, and its label.
fn database_price(
    platform: &Platform,
    catalog: &Catalog,
    inputs: &CostInputs,
) -> Option<(String, f64, String)> {
    let engine = inputs.engine;
    if engine == DatabaseEngine::None || engine == DatabaseEngine::Sqlite {
        return None;
    }
    let caps = &platform.capabilities;
    let offered = match engine {
        DatabaseEngine::Postgres => caps.managed_postgres.value != Support::No,
        DatabaseEngine::Mysql | DatabaseEngine::Mariadb => caps.managed_mysql.value != Support::No,
        _ => false,
    };
    let external = |id: &str| {
        catalog
            .service(id)
            .map(|s| (s.name.clone(), s.monthly_usd, s.source.clone()))
    };
    let external_id = match engine {
        DatabaseEngine::Mongodb => "mongodb-atlas",
        DatabaseEngine::Mysql | DatabaseEngine::Mariadb => "managed-mysql",
        _ => "managed-postgres",
    };
    match inputs.hosting {
        // A zero price means the catalog knows no price for the platform's own database:
        // estimate with a managed service instead of pretending it is free.
        DatabaseHosting::SamePlatform if offered && platform.pricing.model.database_usd > 0.0 => {
            Some((
                format!("Database ({} managed)", platform.name),
                platform.pricing.model.database_usd,
                platform.pricing.model.source.clone(),
            ))
        }
        DatabaseHosting::SelfManaged => external("vps-small").map(|(name, price, src)| {
            (
                format!("Database server, self-managed ({name})"),
                price,
                src,
            )
        }),
        _ => external(external_id)
            .map(|(name, price, src)| (format!("Database ({name})"), price, src)),
    }
}

fn redis_price(platform: &Platform, catalog: &Catalog) -> (f64, String) {
    if platform.capabilities.managed_redis.value != Support::No
        && platform.pricing.model.redis_usd > 0.0
    {
        (
            platform.pricing.model.redis_usd,
            platform.pricing.model.source.clone(),
        )
    } else {
        catalog
            .service("managed-redis")
            .map(|s| (s.monthly_usd, s.source.clone()))
            .unwrap_or((
                platform.pricing.model.redis_usd,
                platform.pricing.model.source.clone(),
            ))
    }
}

/// Extra always-on copies for the non-production environments (each one instance of each
/// process and the smallest database).
fn extra_environments(strategy: EnvironmentStrategy) -> Vec<&'static str> {
    match strategy {
        EnvironmentStrategy::Production => vec![],
        EnvironmentStrategy::StagingProduction => vec!["staging"],
        EnvironmentStrategy::DevStagingProduction => vec!["dev", "staging"],
        EnvironmentStrategy::PreviewStagingProduction => vec!["preview (one at a time)", "staging"],
    }
}

pub fn estimate(platform: &Platform, catalog: &Catalog, inputs: &CostInputs) -> CostEstimate {
    let model = &platform.pricing.model;
    let base_instances = instances_for(inputs.scale);
    let free =
        inputs.budget == Budget::Free && model.free_for_low_traffic && inputs.scale == Scale::Low;
    let db = database_price(platform, catalog, inputs);
    let redis = (inputs.cache == Cache::Redis).then(|| redis_price(platform, catalog));
    let extra_envs = extra_environments(inputs.environments);
    let secrets_price = catalog.service("secrets-manager");
    let mut sources = vec![model.source.clone()];

    let mut at_load = Vec::new();
    for multiplier in [1u32, 2, 10] {
        let mut items = Vec::new();
        let web = base_instances * multiplier;
        let free_now = free && multiplier == 1;
        if model.base_usd > 0.0 {
            items.push(CostItem {
                label: "Platform base fee".into(),
                monthly_usd: model.base_usd,
            });
        }
        match model.static_site.as_ref().filter(|_| inputs.static_site) {
            // A static site is one site on the CDN whatever the traffic, not instances.
            Some(site) => {
                items.push(CostItem {
                    label: "App: static site".into(),
                    monthly_usd: round_cents(site.monthly_usd),
                });
                if !sources.contains(&site.source) {
                    sources.push(site.source.clone());
                }
            }
            None => {
                let web_price = if free_now { 0.0 } else { model.instance_usd };
                items.push(CostItem {
                    label: format!("App: {web} instance{}", if web == 1 { "" } else { "s" }),
                    monthly_usd: round_cents(web as f64 * web_price),
                });
            }
        }
        if inputs.workers {
            let workers = (web / 2).max(1);
            items.push(CostItem {
                label: format!(
                    "Workers: {workers} instance{}",
                    if workers == 1 { "" } else { "s" }
                ),
                monthly_usd: round_cents(
                    workers as f64 * if free_now { 0.0 } else { model.worker_usd },
                ),
            });
        }
        if let Some((label, price, source)) = &db {
            // A bigger database tier at 10x: roughly four times the entry price.
            let factor = if multiplier >= 10 { 4.0 } else { 1.0 };
            items.push(CostItem {
                label: label.clone(),
                monthly_usd: round_cents(price * factor),
            });
            if !sources.contains(source) {
                sources.push(source.clone());
            }
        }
        if let Some((price, source)) = &redis {
            let factor = if multiplier >= 10 { 4.0 } else { 1.0 };
            items.push(CostItem {
                label: "Redis".into(),
                monthly_usd: round_cents(price * factor),
            });
            if !sources.contains(source) {
                sources.push(source.clone());
            }
        }
        for env in &extra_envs {
            let mut price = 0.0;
            if let Some(site) = model.static_site.as_ref().filter(|_| inputs.static_site) {
                price += site.monthly_usd;
            } else if !model.environments_included {
                price += model.instance_usd;
                if inputs.workers {
                    price += model.worker_usd;
                }
            }
            if let Some((_, db_price, _)) = &db {
                price += db_price;
            }
            items.push(CostItem {
                label: format!("Environment: {env}"),
                monthly_usd: round_cents(if free_now { 0.0 } else { price }),
            });
        }
        if inputs.secrets_manager_secrets > 0
            && let Some(s) = secrets_price
        {
            items.push(CostItem {
                label: format!(
                    "Secrets manager: {} secrets",
                    inputs.secrets_manager_secrets
                ),
                monthly_usd: round_cents(s.monthly_usd * inputs.secrets_manager_secrets as f64),
            });
            if !sources.contains(&s.source) {
                sources.push(s.source.clone());
            }
        }
        items.push(CostItem {
            label: "CI/CD".into(),
            monthly_usd: 0.0,
        });
        let total_usd = round_cents(items.iter().map(|i| i.monthly_usd).sum());
        at_load.push(CostAtLoad {
            multiplier,
            items,
            total_usd,
        });
    }
    let low = at_load[0].total_usd;
    let mut assumptions = vec![
        format!(
            "{base_instances} app instance{} at the expected traffic; 2x traffic doubles the instances, 10x multiplies them by ten",
            if base_instances == 1 { "" } else { "s" }
        ),
        format!("one instance is {}", model.note),
        "the upper end of the range adds 50% for bandwidth, build minutes, storage and overages"
            .into(),
    ];
    if inputs.workers {
        assumptions.push("one worker instance per two app instances (at least one)".into());
    }
    if db.is_some() {
        assumptions.push(
            "the entry database tier at 1x and 2x; a tier about four times the price at 10x".into(),
        );
    }
    if !extra_envs.is_empty() && model.environments_included {
        assumptions.push(format!(
            "non-production environments are deployments of the same {} project, included in its price; each has its own small database",
            platform.name
        ));
    } else if !extra_envs.is_empty() {
        assumptions.push("each non-production environment runs one small instance of each process (and its own small database)".into());
    }

    if free {
        assumptions.push(format!(
            "the free tier covers the app at low traffic on {}, with its limits (see Cons)",
            platform.name
        ));
    }
    assumptions.push("CI minutes within the CI host's free allowance".into());
    CostEstimate {
        at_load,
        range_low_usd: low,
        range_high_usd: round_cents((low * 1.5).ceil()),
        instances: base_instances,
        assumptions,
        sources,
    }
}

/// The ECS stack's autoscaling bounds (`MinTasks`, `MaxTasks` of `infra/aws/stack.yaml`) by
/// the plan's scale; the stack and the TDD's cost read the same numbers.
pub fn ecs_task_bounds(scale: Scale) -> (u32, u32) {
    match scale {
        Scale::Low => (1, 2),
        Scale::Medium => (2, 4),
        Scale::High => (3, 20),
        Scale::VeryHigh => (3, 50),
    }
}

/// Tasks of each ECS worker service (`WorkerTasks` of `infra/aws/stack.yaml`): half the web
/// floor, at least one, as the cost estimate counts workers.
pub fn ecs_worker_tasks(scale: Scale) -> u32 {
    (ecs_task_bounds(scale).0 / 2).max(1)
}

#[cfg(test)]
mod tests {
    use super::usd;

    #[test]
    fn dollars() {
        assert_eq!(usd(7.0), "$7");
        assert_eq!(usd(7.5), "$7.50");
        assert_eq!(usd(1234.0), "$1,234");
        assert_eq!(usd(0.0), "$0");
    }
}
