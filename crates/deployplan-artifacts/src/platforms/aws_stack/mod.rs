//! The AWS CloudFormation stack of an ECS/Fargate plan, `infra/aws/stack.yaml`: one template,
//! one stack per environment (`<app>-<environment>`) told apart by parameters. It creates the
//! network (a VPC with public and private subnets in two zones and one NAT gateway, or none
//! in existing-VPC mode), the internet-facing load balancer with its HTTPS listener and the
//! plan's health check, the ECS cluster, the web service (circuit breaker with rollback,
//! autoscaling from the plan's scale) and one service per worker, the roles, log group, image
//! repository, one Secrets Manager secret per secret name (no values), the database and cache
//! the plan chose, and the OIDC provider and deploy role of the CI host (GitHub, GitLab or
//! Bitbucket).
//!
//! Built as a `serde_json::Value` in CloudFormation's long form (`Ref`, `Fn::GetAtt`,
//! `Fn::Sub`), written as YAML and parsed back. A checkov check that does not apply is
//! skipped on its resource, with the reason, in `Metadata: checkov: skip`.

use serde_json::{Map, Value, json};

use crate::app::App;

mod cfn;
mod ci_identity;
mod data;
mod interface;
mod load_balancer;
mod logs_secrets;
mod network;
mod roles;
mod service;

pub const PATH: &str = "infra/aws/stack.yaml";

/// The web container's name in the task definition.
pub const CONTAINER: &str = "web";

/// Fargate size of one task (vCPU units and MiB), shared with `ecs/task-definition.json`.
pub const TASK_CPU: &str = "512";
pub const TASK_MEMORY: &str = "1024";

/// The tasks' autoscaling bounds by the plan's scale (defaults of `MinTasks`/`MaxTasks`),
/// shared with the TDD's cost.
pub use deployplan_core::plan::cost::ecs_task_bounds as task_bounds;
pub use deployplan_core::plan::cost::ecs_worker_tasks as worker_tasks;
pub use service::{Worker, workers};

/// The database the stack creates: RDS engine, port and the log types it exports.
pub struct Database {
    pub engine: &'static str,
    pub port: u16,
    pub logs: &'static [&'static str],
}

/// The RDS database of the plan, when the app's own platform hosts it (`same-platform`).
pub fn database(app: &App) -> Option<Database> {
    let d = app.plan.database.as_ref()?;
    if d.hosting != "same-platform" {
        return None;
    }
    match d.engine.as_str() {
        "postgres" => Some(Database {
            engine: "postgres",
            port: 5432,
            logs: &["postgresql"],
        }),
        "mysql" => Some(Database {
            engine: "mysql",
            port: 3306,
            logs: &["error", "general", "slowquery"],
        }),
        "mariadb" => Some(Database {
            engine: "mariadb",
            port: 3306,
            logs: &["error", "general", "slowquery"],
        }),
        _ => None,
    }
}

/// Whether the stack creates a cache (ElastiCache Serverless for Valkey).
pub fn cache(app: &App) -> bool {
    app.plan
        .database
        .as_ref()
        .is_some_and(|d| d.cache_url_env.is_some() && d.hosting == "same-platform")
}

/// The logical id of a secret's resource, and of its ARN's output (`<id>Arn`).
pub fn secret_ids(app: &App) -> Vec<(String, String)> {
    let mut seen = std::collections::HashSet::new();
    app.secret_names()
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let alnum: String = name.chars().filter(char::is_ascii_alphanumeric).collect();
            let mut id = format!("Secret{alnum}");
            if !seen.insert(id.clone()) || id.len() > 200 {
                id = format!("Secret{i}");
                seen.insert(id.clone());
            }
            (name.to_string(), id)
        })
        .collect()
}

/// The health check the target group runs: the plan's path, interval, timeout and thresholds,
/// within what an ALB accepts (interval 5-300 s, timeout 2-120 s and below the interval,
/// thresholds 2-10). Without a health path, `/` with any answer below 500 (a port check).
pub struct TargetHealth {
    pub path: String,
    pub interval_s: u32,
    pub timeout_s: u32,
    pub healthy: u32,
    pub unhealthy: u32,
    pub matcher: &'static str,
}

pub fn target_health(app: &App) -> TargetHealth {
    match (app.health_path(), app.health) {
        (Some(path), Some(h)) => {
            let interval_s = h.interval_s.clamp(5, 300);
            TargetHealth {
                path,
                interval_s,
                timeout_s: h.timeout_s.clamp(2, 120).min(interval_s - 1),
                healthy: 2,
                unhealthy: h.unhealthy_threshold.clamp(2, 10),
                matcher: "200-399",
            }
        }
        _ => TargetHealth {
            path: "/".into(),
            interval_s: 30,
            timeout_s: 5,
            healthy: 2,
            unhealthy: 3,
            matcher: "200-499",
        },
    }
}

/// `<stack>/<NAME>`, the secret's name in Secrets Manager.
pub fn secret_name(name: &str) -> Value {
    json!({ "Fn::Join": ["", [{ "Ref": "AWS::StackName" }, format!("/{name}")]] })
}

/// The stack parameters a deploy job passes from its CI host's variables (the repository the
/// deploy role trusts), when the CI host signs in by OIDC.
pub fn ci_overrides(app: &App) -> Option<&'static str> {
    ci_identity::CiIdentity::of(app.plan.ci.provider).map(ci_identity::CiIdentity::overrides)
}

/// What every part of the stack reads from the plan, derived once.
pub(crate) struct Stack {
    pub db: Option<Database>,
    pub with_cache: bool,
    /// The CI host whose deploy jobs assume the stack's deploy role, when it has OIDC.
    pub ci: Option<ci_identity::CiIdentity>,
    pub secrets: Vec<(String, String)>,
    pub min_tasks: u32,
    pub max_tasks: u32,
    /// `WorkerTasks`, when the plan has workers.
    pub worker_tasks: Option<u32>,
}

impl Stack {
    fn new(app: &App) -> Self {
        let (min_tasks, max_tasks) = task_bounds(app.plan.answers.context.scale);
        Stack {
            db: database(app),
            with_cache: cache(app),
            ci: ci_identity::CiIdentity::of(app.plan.ci.provider),
            secrets: secret_ids(app),
            min_tasks,
            max_tasks,
            worker_tasks: (!app.workers.is_empty())
                .then(|| worker_tasks(app.plan.answers.context.scale)),
        }
    }
}

/// The whole template.
pub fn template(app: &App) -> Value {
    let port = app.container_port();
    let s = Stack::new(app);
    let mut res = cfn::Resources(Map::new());
    network::add(&mut res);
    load_balancer::add_security_groups(&mut res, port, s.db.as_ref(), s.with_cache);
    load_balancer::add(&mut res, port, &target_health(app));
    service::add_cluster_and_repository(&mut res);
    logs_secrets::add_log_group(&mut res);
    logs_secrets::add_secrets(&mut res, &s.secrets);
    roles::add_task_roles(&mut res, &s.secrets);
    service::add_web(&mut res, app, port, &s.secrets);
    service::add_workers(&mut res, app, &s.secrets);
    data::add(&mut res, s.db.as_ref(), s.with_cache);
    if let Some(ci) = s.ci {
        roles::add_deploy_roles(&mut res, ci);
    }
    let (parameters, conditions) = interface::parameters(&s);
    json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": format!("{} on ECS Fargate: network, load balancer, service, database, roles (generated by deployplan)", app.slug),
        "Parameters": parameters,
        "Conditions": conditions,
        "Resources": Value::Object(res.0),
        "Outputs": interface::outputs(&s)
    })
}
