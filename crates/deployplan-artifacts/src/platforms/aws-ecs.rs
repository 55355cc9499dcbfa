//! AWS ECS on Fargate: `ecs/task-definition.json` (one per process: container health check,
//! awslogs, secrets from Secrets Manager by ARN) and `ecs/service.json` (rolling deploys with
//! the circuit breaker). The pipeline signs in by OIDC, pushes the image to ECR, registers the
//! task definition, runs migrations as a one-off task, then updates the service.

use deployplan_core::GeneratedFile;
use deployplan_core::answers::Stack;
use serde::Serialize;

use super::{Target, file, migrations};
use crate::app::App;
use crate::deploy::{Cloud, Deploy, Migrations, Tool};
use crate::{ArtifactError, dockerfile, format, names};

pub const TASK_PATH: &str = "ecs/task-definition.json";
pub const SERVICE_PATH: &str = "ecs/service.json";

/// Placeholders to replace, named so they are found and cannot be mistaken for real values.
const ACCOUNT: &str = "REPLACE_WITH_AWS_ACCOUNT_ID";
const REGION: &str = "REPLACE_WITH_AWS_REGION";

pub struct AwsEcs;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TaskDefinition {
    family: String,
    network_mode: &'static str,
    requires_compatibilities: Vec<&'static str>,
    cpu: &'static str,
    memory: &'static str,
    execution_role_arn: String,
    task_role_arn: String,
    container_definitions: Vec<ContainerDefinition>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ContainerDefinition {
    name: String,
    image: String,
    essential: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    command: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    port_mappings: Vec<PortMapping>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    environment: Vec<KeyValue>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    secrets: Vec<Secret>,
    #[serde(skip_serializing_if = "Option::is_none")]
    health_check: Option<HealthCheck>,
    log_configuration: LogConfiguration,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PortMapping {
    container_port: u16,
    protocol: &'static str,
}

#[derive(Serialize)]
struct KeyValue {
    name: String,
    value: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Secret {
    name: String,
    value_from: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct HealthCheck {
    command: Vec<String>,
    interval: u32,
    timeout: u32,
    retries: u32,
    start_period: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogConfiguration {
    log_driver: &'static str,
    options: std::collections::BTreeMap<String, String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ServiceDefinition {
    service_name: String,
    task_definition: String,
    desired_count: u32,
    launch_type: &'static str,
    deployment_configuration: DeploymentConfiguration,
    network_configuration: NetworkConfiguration,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    load_balancers: Vec<LoadBalancer>,
    #[serde(skip_serializing_if = "Option::is_none")]
    health_check_grace_period_seconds: Option<u32>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DeploymentConfiguration {
    deployment_circuit_breaker: CircuitBreaker,
    minimum_healthy_percent: u32,
    maximum_percent: u32,
}

#[derive(Serialize)]
struct CircuitBreaker {
    enable: bool,
    rollback: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NetworkConfiguration {
    awsvpc_configuration: AwsVpc,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AwsVpc {
    subnets: Vec<&'static str>,
    security_groups: Vec<&'static str>,
    assign_public_ip: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LoadBalancer {
    target_group_arn: String,
    container_name: &'static str,
    container_port: u16,
}

fn task(app: &App, family: String, name: &str, command: Option<&str>, web: bool) -> TaskDefinition {
    let stack = if app.is_static() {
        Stack::Static
    } else {
        app.stack
    };
    let port = app.container_port();
    let health_check = match (web, app.health_path(), app.health) {
        (true, Some(path), Some(h)) => Some(HealthCheck {
            command: std::iter::once("CMD".to_string())
                .chain(dockerfile::probe(stack, port, &path))
                .collect(),
            interval: h.interval_s,
            timeout: h.timeout_s,
            retries: h.unhealthy_threshold,
            start_period: 10,
        }),
        _ => None,
    };
    let secrets = app
        .secret_names()
        .into_iter()
        .map(|n| Secret {
            name: n.into(),
            value_from: format!(
                "arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:{}/{n}",
                app.slug
            ),
        })
        .collect();
    let environment = app
        .settings()
        .into_iter()
        .filter_map(|(n, v)| {
            v.map(|v| KeyValue {
                name: n.into(),
                value: v.into(),
            })
        })
        .collect();
    TaskDefinition {
        execution_role_arn: format!("arn:aws:iam::{ACCOUNT}:role/{}-ecs-execution", app.slug),
        task_role_arn: format!("arn:aws:iam::{ACCOUNT}:role/{}-ecs-task", app.slug),
        network_mode: "awsvpc",
        requires_compatibilities: vec!["FARGATE"],
        cpu: "512",
        memory: "1024",
        container_definitions: vec![ContainerDefinition {
            name: name.into(),
            image: format!(
                "{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/{}:latest",
                app.slug
            ),
            essential: true,
            command: command
                .map(|c| vec!["/bin/sh".into(), "-c".into(), c.into()])
                .unwrap_or_default(),
            port_mappings: if web {
                vec![PortMapping {
                    container_port: port,
                    protocol: "tcp",
                }]
            } else {
                Vec::new()
            },
            environment,
            secrets,
            health_check,
            log_configuration: LogConfiguration {
                log_driver: "awslogs",
                options: [
                    ("awslogs-group", format!("/ecs/{}", app.slug)),
                    ("awslogs-region", REGION.to_string()),
                    ("awslogs-stream-prefix", name.to_string()),
                    ("awslogs-create-group", "true".to_string()),
                ]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
            },
        }],
        family,
    }
}

impl Target for AwsEcs {
    fn id(&self) -> &'static str {
        "aws-ecs"
    }

    fn config(&self, app: &App) -> Result<Vec<GeneratedFile>, ArtifactError> {
        let mut out = Vec::new();
        let web = task(app, app.slug.clone(), "web", None, true);
        out.push(file(
            TASK_PATH,
            format::json(TASK_PATH, &web)?,
            "ECS task definition (Fargate): container health check, awslogs, secrets from Secrets Manager by ARN (replace the REPLACE_WITH_ placeholders; use each secret's full ARN)",
        ));
        for w in &app.workers {
            let name = names::slug(&w.name, 20);
            let path = format!("ecs/{name}-task-definition.json");
            let t = task(
                app,
                format!("{}-{name}", app.slug),
                &name,
                w.command.as_deref(),
                false,
            );
            out.push(file(
                &path,
                format::json(&path, &t)?,
                "ECS task definition for a worker (run it as its own ECS service)",
            ));
        }
        let service = ServiceDefinition {
            service_name: app.slug.clone(),
            task_definition: app.slug.clone(),
            desired_count: 2,
            launch_type: "FARGATE",
            deployment_configuration: DeploymentConfiguration {
                deployment_circuit_breaker: CircuitBreaker {
                    enable: true,
                    rollback: true,
                },
                minimum_healthy_percent: 100,
                maximum_percent: 200,
            },
            network_configuration: NetworkConfiguration {
                awsvpc_configuration: AwsVpc {
                    subnets: vec![
                        "REPLACE_WITH_PRIVATE_SUBNET_ID_A",
                        "REPLACE_WITH_PRIVATE_SUBNET_ID_B",
                    ],
                    security_groups: vec!["REPLACE_WITH_SECURITY_GROUP_ID"],
                    assign_public_ip: "DISABLED",
                },
            },
            load_balancers: vec![LoadBalancer {
                target_group_arn: format!(
                    "arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:targetgroup/{}/REPLACE_WITH_TARGET_GROUP_ID",
                    names::slug(app.name(), 32)
                ),
                container_name: "web",
                container_port: app.container_port(),
            }],
            health_check_grace_period_seconds: app.health.map(|_| 30),
        };
        out.push(file(
            SERVICE_PATH,
            format::json(SERVICE_PATH, &service)?,
            "ECS service (aws ecs create-service --cli-input-json): circuit breaker with rollback, load balancer",
        ));
        Ok(out)
    }

    fn deploy(&self, app: &App, environment: &str) -> Deploy {
        let m = migrations(app, Migrations::InScript);
        let mut d = Deploy::new(environment)
            .cloud(Cloud::Aws)
            .tools(&[Tool::AwsCli, Tool::Docker, Tool::Templating])
            .settings(&["ECS_CLUSTER", "ECR_REPOSITORY"])
            .value("ECS_SERVICE", &app.slug)
            .migrations(m)
            .script(&[
                "ECR_REGISTRY=\"$(aws sts get-caller-identity --query Account --output text).dkr.ecr.$AWS_REGION.amazonaws.com\"",
                "IMAGE=\"$ECR_REGISTRY/$ECR_REPOSITORY:$COMMIT_SHA\"",
                "aws ecr get-login-password --region \"$AWS_REGION\" | docker login --username AWS --password-stdin \"$ECR_REGISTRY\"",
                "docker build --pull -t \"$IMAGE\" .",
                "docker push \"$IMAGE\"",
                "jq --arg image \"$IMAGE\" '.containerDefinitions[0].image = $image' ecs/task-definition.json > task-definition.rendered.json",
                "TASK_DEFINITION=\"$(aws ecs register-task-definition --cli-input-json file://task-definition.rendered.json --query taskDefinition.taskDefinitionArn --output text)\"",
            ]);
        if m == Migrations::InScript {
            d = d.value("MIGRATE_COMMAND", app.auto_migrate().unwrap_or_default()).script(&[
                "# Migrations run as a one-off task of the new task definition, before the rollout.",
                "OVERRIDES=\"$(jq -nc --arg cmd \"$MIGRATE_COMMAND\" '{containerOverrides: [{name: \"web\", command: [\"/bin/sh\", \"-c\", $cmd]}]}')\"",
                "NETWORK=\"$(jq -c '.networkConfiguration' ecs/service.json)\"",
                "TASK=\"$(aws ecs run-task --cluster \"$ECS_CLUSTER\" --launch-type FARGATE --task-definition \"$TASK_DEFINITION\" --network-configuration \"$NETWORK\" --overrides \"$OVERRIDES\" --query 'tasks[0].taskArn' --output text)\"",
                "aws ecs wait tasks-stopped --cluster \"$ECS_CLUSTER\" --tasks \"$TASK\"",
                "EXIT_CODE=\"$(aws ecs describe-tasks --cluster \"$ECS_CLUSTER\" --tasks \"$TASK\" --query 'tasks[0].containers[0].exitCode' --output text)\"",
                "if [ \"$EXIT_CODE\" != \"0\" ]; then echo \"migrations failed (exit $EXIT_CODE)\" >&2; exit 1; fi",
            ]);
        }
        if let (Some(path), Some(h)) = (app.health_path(), app.health) {
            // The ALB target group probes `/` unless told otherwise: point it at the path
            // the app serves, with the plan's interval, timeout and threshold.
            d = d
                .value("HEALTH_PATH", &path)
                .value("HEALTH_INTERVAL", &h.interval_s.to_string())
                .value("HEALTH_TIMEOUT", &h.timeout_s.to_string())
                .value("HEALTH_THRESHOLD", &h.unhealthy_threshold.to_string())
                .script(&[
                    "TARGET_GROUP=\"$(jq -r '.loadBalancers[0].targetGroupArn' ecs/service.json)\"",
                    "aws elbv2 modify-target-group --target-group-arn \"$TARGET_GROUP\" --health-check-path \"$HEALTH_PATH\" --health-check-interval-seconds \"$HEALTH_INTERVAL\" --health-check-timeout-seconds \"$HEALTH_TIMEOUT\" --unhealthy-threshold-count \"$HEALTH_THRESHOLD\"",
                ]);
        }
        d.script(&[
            "aws ecs update-service --cluster \"$ECS_CLUSTER\" --service \"$ECS_SERVICE\" --task-definition \"$TASK_DEFINITION\"",
            "aws ecs wait services-stable --cluster \"$ECS_CLUSTER\" --services \"$ECS_SERVICE\"",
        ])
    }

    fn needs_image(&self, _app: &App) -> bool {
        true
    }
}
