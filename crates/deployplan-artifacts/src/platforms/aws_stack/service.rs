//! The ECS cluster, the image repository, the web task definition and its service (circuit
//! breaker with rollback, autoscaling from the plan's scale), and one service per worker.

use serde_json::{Value, json};

use super::cfn::{Resources, att, r, skip, sub};
use super::network::{allow_empty_subnet_default, private_subnets};
use super::{CONTAINER, TASK_CPU, TASK_MEMORY};
use crate::app::App;
use crate::names;

pub fn add_cluster_and_repository(res: &mut Resources) {
    res.add(
        "Cluster",
        "AWS::ECS::Cluster",
        json!({
            "ClusterName": sub("${AWS::StackName}"),
            "ClusterSettings": [{ "Name": "containerInsights", "Value": "enabled" }]
        }),
    );
    res.add(
        "Repository",
        "AWS::ECR::Repository",
        json!({
            "RepositoryName": sub("${AWS::StackName}"),
            "ImageTagMutability": "IMMUTABLE",
            "ImageScanningConfiguration": { "ScanOnPush": true },
            "EmptyOnDelete": false,
            "LifecyclePolicy": {
                "LifecyclePolicyText": serde_json::to_string(&json!({
                    "rules": [{
                        "rulePriority": 1,
                        "description": "Keep the last 100 images (rollback targets)",
                        "selection": { "tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 100 },
                        "action": { "type": "expire" }
                    }]
                })).expect("a JSON value serializes")
            }
        }),
    )
    .insert(
        "Metadata".into(),
        skip(&[(
            "CKV_AWS_136",
            "images are encrypted at rest with AES-256 by default; a customer key adds cost and a key policy",
        )]),
    );
}

/// A container of the app's image: the plan's settings, the stack's secrets by ARN, logs to
/// the stack's log group under `name`, a read-only root filesystem with `/tmp` writable.
pub fn container(app: &App, name: &str, secrets: &[(String, String)]) -> Value {
    let environment: Vec<Value> = app
        .settings()
        .into_iter()
        .filter_map(|(n, v)| v.map(|v| json!({ "Name": n, "Value": v })))
        .collect();
    json!({
        "Name": name,
        "Image": sub("${Repository.RepositoryUri}:${ImageTag}"),
        "Essential": true,
        "ReadonlyRootFilesystem": true,
        "MountPoints": [{ "SourceVolume": "tmp", "ContainerPath": "/tmp" }],
        "Environment": environment,
        "Secrets": secrets.iter().map(|(name, id)| json!({ "Name": name, "ValueFrom": r(id) })).collect::<Vec<_>>(),
        "LogConfiguration": {
            "LogDriver": "awslogs",
            "Options": {
                "awslogs-group": r("LogGroup"),
                "awslogs-region": r("AWS::Region"),
                "awslogs-stream-prefix": name
            }
        }
    })
}

/// A Fargate task definition of one container, with the stack's roles; it exists once the
/// pipeline has pushed an image (`HasImage`).
pub fn task_definition(res: &mut Resources, id: &str, family: &str, container: Value) {
    res.add(
        id,
        "AWS::ECS::TaskDefinition",
        json!({
            "Family": sub(family),
            "Cpu": TASK_CPU,
            "Memory": TASK_MEMORY,
            "NetworkMode": "awsvpc",
            "RequiresCompatibilities": ["FARGATE"],
            "ExecutionRoleArn": att("ExecutionRole", "Arn"),
            "TaskRoleArn": att("TaskRole", "Arn"),
            "Volumes": [{ "Name": "tmp" }],
            "ContainerDefinitions": [container]
        }),
    )
    .insert("Condition".into(), json!("HasImage"));
}

/// The web task definition, its service behind the load balancer, and its autoscaling.
pub fn add_web(res: &mut Resources, app: &App, port: u16, secrets: &[(String, String)]) {
    let mut container = container(app, CONTAINER, secrets);
    container["PortMappings"] = json!([{ "ContainerPort": port, "Protocol": "tcp" }]);
    if let Some(check) = super::super::aws_ecs::container_health(app) {
        container["HealthCheck"] = json!({
            "Command": check.command,
            "Interval": check.interval,
            "Timeout": check.timeout,
            "Retries": check.retries,
            "StartPeriod": check.start_period
        });
    }
    task_definition(res, "TaskDefinition", "${AWS::StackName}", container);
    let service = res.add(
        "Service",
        "AWS::ECS::Service",
        json!({
            "ServiceName": app.slug,
            "Cluster": r("Cluster"),
            "LaunchType": "FARGATE",
            "TaskDefinition": r("TaskDefinition"),
            "DesiredCount": r("MinTasks"),
            "HealthCheckGracePeriodSeconds": 30,
            "PropagateTags": "SERVICE",
            "EnableECSManagedTags": true,
            "DeploymentConfiguration": {
                "DeploymentCircuitBreaker": { "Enable": true, "Rollback": true },
                "MinimumHealthyPercent": 100,
                "MaximumPercent": 200
            },
            "NetworkConfiguration": {
                "AwsvpcConfiguration": {
                    "AssignPublicIp": "DISABLED",
                    "Subnets": private_subnets(),
                    "SecurityGroups": [r("TaskSecurityGroup")]
                }
            },
            "LoadBalancers": [{
                "ContainerName": CONTAINER,
                "ContainerPort": port,
                "TargetGroupArn": r("TargetGroup")
            }]
        }),
    );
    service.insert("Condition".into(), json!("HasImage"));
    service.insert("DependsOn".into(), json!(["HttpsListener"]));
    allow_empty_subnet_default(service);
    res.add(
        "ScalableTarget",
        "AWS::ApplicationAutoScaling::ScalableTarget",
        json!({
            "ServiceNamespace": "ecs",
            "ScalableDimension": "ecs:service:DesiredCount",
            "ResourceId": sub("service/${Cluster}/${Service.Name}"),
            "MinCapacity": r("MinTasks"),
            "MaxCapacity": r("MaxTasks")
        }),
    )
    .insert("Condition".into(), json!("HasImage"));
    res.add(
        "CpuScaling",
        "AWS::ApplicationAutoScaling::ScalingPolicy",
        json!({
            "PolicyName": sub("${AWS::StackName}-cpu"),
            "PolicyType": "TargetTrackingScaling",
            "ScalingTargetId": r("ScalableTarget"),
            "TargetTrackingScalingPolicyConfiguration": {
                "PredefinedMetricSpecification": { "PredefinedMetricType": "ECSServiceAverageCPUUtilization" },
                "TargetValue": 70,
                "ScaleInCooldown": 300,
                "ScaleOutCooldown": 60
            }
        }),
    )
    .insert("Condition".into(), json!("HasImage"));
}

/// A worker of the plan as the stack runs it: its service name and the logical ids of its
/// task definition and service.
pub struct Worker<'a> {
    pub name: String,
    pub service_name: String,
    pub command: Option<&'a str>,
    id: String,
}

/// The plan's workers, each with ids unique in the template.
pub fn workers<'a>(app: &App<'a>) -> Vec<Worker<'a>> {
    let mut seen = std::collections::HashSet::new();
    app.workers
        .iter()
        .copied()
        .enumerate()
        .map(|(i, w)| {
            let name = names::slug(&w.name, 20);
            let camel: String = name
                .split('-')
                .map(|part| {
                    let mut c = part.chars();
                    c.next()
                        .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                        .unwrap_or_default()
                })
                .collect();
            let mut id = if camel.starts_with("Worker") {
                camel
            } else {
                format!("Worker{camel}")
            };
            if !seen.insert(id.clone()) {
                id = format!("Worker{i}");
                seen.insert(id.clone());
            }
            Worker {
                service_name: format!("{}-{name}", app.slug),
                name,
                command: w.command.as_deref(),
                id,
            }
        })
        .collect()
}

/// Each worker: its own task definition (same image, its own command, the same settings and
/// secrets, no port) and its own service without a load balancer, `WorkerTasks` tasks, in
/// the private subnets with the tasks' security group (nothing reaches a worker: it listens
/// on no port). The stack's `ImageTag` moves them with the web service.
pub fn add_workers(res: &mut Resources, app: &App, secrets: &[(String, String)]) {
    for w in workers(app) {
        let mut container = container(app, &w.name, secrets);
        if let Some(command) = w.command {
            container["Command"] = json!(["/bin/sh", "-c", command]);
        }
        let task = format!("{}TaskDefinition", w.id);
        task_definition(
            res,
            &task,
            &format!("${{AWS::StackName}}-{}", w.name),
            container,
        );
        let service = res.add(
            &format!("{}Service", w.id),
            "AWS::ECS::Service",
            json!({
                "ServiceName": w.service_name,
                "Cluster": r("Cluster"),
                "LaunchType": "FARGATE",
                "TaskDefinition": r(&task),
                "DesiredCount": r("WorkerTasks"),
                "PropagateTags": "SERVICE",
                "EnableECSManagedTags": true,
                "DeploymentConfiguration": {
                    "DeploymentCircuitBreaker": { "Enable": true, "Rollback": true },
                    "MinimumHealthyPercent": 100,
                    "MaximumPercent": 200
                },
                "NetworkConfiguration": {
                    "AwsvpcConfiguration": {
                        "AssignPublicIp": "DISABLED",
                        "Subnets": private_subnets(),
                        "SecurityGroups": [r("TaskSecurityGroup")]
                    }
                }
            }),
        );
        service.insert("Condition".into(), json!("HasImage"));
        allow_empty_subnet_default(service);
    }
}
