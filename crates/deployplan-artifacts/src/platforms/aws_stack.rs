//! The AWS CloudFormation stack of an ECS/Fargate plan, `infra/aws/stack.yaml`: one template,
//! one stack per environment (`<app>-<environment>`) told apart by parameters. It creates the
//! network (a VPC with public and private subnets in two zones and one NAT gateway), the
//! internet-facing load balancer with its HTTPS listener and the plan's health check, the ECS
//! cluster and service (circuit breaker with rollback, autoscaling from the plan's scale), the
//! roles, log group, image repository, one Secrets Manager secret per secret name (no values),
//! the database and cache the plan chose, and the GitHub OIDC deploy role.
//!
//! Built as a `serde_json::Value` in CloudFormation's long form (`Ref`, `Fn::GetAtt`,
//! `Fn::Sub`), written as YAML and parsed back. A checkov check that does not apply is
//! skipped on its resource, with the reason, in `Metadata: checkov: skip`.

use deployplan_core::answers::CiProvider;
use serde_json::{Map, Value, json};

use crate::app::App;

pub const PATH: &str = "infra/aws/stack.yaml";

/// The web container's name in the task definition.
pub const CONTAINER: &str = "web";

/// Fargate size of one task (vCPU units and MiB), shared with `ecs/task-definition.json`.
pub const TASK_CPU: &str = "512";
pub const TASK_MEMORY: &str = "1024";

/// The tasks' autoscaling bounds by the plan's scale (defaults of `MinTasks`/`MaxTasks`),
/// shared with the TDD's cost.
pub use deployplan_core::plan::cost::ecs_task_bounds as task_bounds;

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

fn r(name: &str) -> Value {
    json!({ "Ref": name })
}
fn att(resource: &str, attribute: &str) -> Value {
    json!({ "Fn::GetAtt": [resource, attribute] })
}
fn sub(text: &str) -> Value {
    json!({ "Fn::Sub": text })
}
fn if_prod(yes: Value, no: Value) -> Value {
    json!({ "Fn::If": ["IsProduction", yes, no] })
}
fn az(i: u32) -> Value {
    json!({ "Fn::Select": [i, { "Fn::GetAZs": "" }] })
}
fn tags(name: &str) -> Value {
    json!([{ "Key": "Name", "Value": sub(name) }])
}
/// `Metadata: checkov: skip` with the reason of each skipped check.
fn skip(checks: &[(&str, &str)]) -> Value {
    let list: Vec<Value> = checks
        .iter()
        .map(|(id, why)| json!({ "id": id, "comment": why }))
        .collect();
    json!({ "checkov": { "skip": list } })
}

struct Resources(Map<String, Value>);

impl Resources {
    fn add(&mut self, id: &str, kind: &str, properties: Value) -> &mut Map<String, Value> {
        self.0
            .insert(id.into(), json!({ "Type": kind, "Properties": properties }));
        self.0
            .get_mut(id)
            .and_then(Value::as_object_mut)
            .expect("just inserted")
    }
}

fn role_trust(service: &str) -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": { "Service": service },
            "Action": "sts:AssumeRole",
            "Condition": { "StringEquals": { "aws:SourceAccount": r("AWS::AccountId") } }
        }]
    })
}

/// The whole template.
pub fn template(app: &App) -> Value {
    let port = app.container_port();
    let (min_tasks, max_tasks) = task_bounds(app.plan.answers.context.scale);
    let health = target_health(app);
    let db = database(app);
    let with_cache = cache(app);
    let github = app.plan.ci.provider == CiProvider::Github;
    let secrets = secret_ids(app);
    let mut res = Resources(Map::new());

    // Network: two zones, public subnets for the load balancer and the NAT gateway, private
    // ones for the tasks and the database. One NAT gateway (about $33/month) is cheaper than
    // the four interface endpoints the tasks would need (ECR API, ECR images, logs, secrets:
    // about $58/month in two zones), and it also reaches the APIs the app calls.
    res.add(
        "Vpc",
        "AWS::EC2::VPC",
        json!({
            "CidrBlock": "10.0.0.0/16",
            "EnableDnsSupport": true,
            "EnableDnsHostnames": true,
            "Tags": tags("${AWS::StackName}")
        }),
    );
    res.add(
        "InternetGateway",
        "AWS::EC2::InternetGateway",
        json!({ "Tags": tags("${AWS::StackName}") }),
    );
    res.add(
        "GatewayAttachment",
        "AWS::EC2::VPCGatewayAttachment",
        json!({ "VpcId": r("Vpc"), "InternetGatewayId": r("InternetGateway") }),
    );
    for (i, (id, cidr, kind)) in [
        ("PublicSubnetA", "10.0.0.0/24", "public"),
        ("PublicSubnetB", "10.0.1.0/24", "public"),
        ("PrivateSubnetA", "10.0.10.0/24", "private"),
        ("PrivateSubnetB", "10.0.11.0/24", "private"),
    ]
    .into_iter()
    .enumerate()
    {
        res.add(
            id,
            "AWS::EC2::Subnet",
            json!({
                "VpcId": r("Vpc"),
                "CidrBlock": cidr,
                "AvailabilityZone": az((i % 2) as u32),
                "Tags": tags(&format!("${{AWS::StackName}}-{kind}-{}", i % 2)),
            }),
        );
    }
    res.add(
        "PublicRouteTable",
        "AWS::EC2::RouteTable",
        json!({ "VpcId": r("Vpc"), "Tags": tags("${AWS::StackName}-public") }),
    );
    res.add(
        "PublicRoute",
        "AWS::EC2::Route",
        json!({
            "RouteTableId": r("PublicRouteTable"),
            "DestinationCidrBlock": "0.0.0.0/0",
            "GatewayId": r("InternetGateway")
        }),
    )
    .insert("DependsOn".into(), json!("GatewayAttachment"));
    res.add(
        "NatAddress",
        "AWS::EC2::EIP",
        json!({ "Domain": "vpc", "Tags": tags("${AWS::StackName}-nat") }),
    )
    .insert("DependsOn".into(), json!("GatewayAttachment"));
    res.add(
        "NatGateway",
        "AWS::EC2::NatGateway",
        json!({
            "AllocationId": att("NatAddress", "AllocationId"),
            "SubnetId": r("PublicSubnetA"),
            "Tags": tags("${AWS::StackName}")
        }),
    );
    res.add(
        "PrivateRouteTable",
        "AWS::EC2::RouteTable",
        json!({ "VpcId": r("Vpc"), "Tags": tags("${AWS::StackName}-private") }),
    );
    res.add(
        "PrivateRoute",
        "AWS::EC2::Route",
        json!({
            "RouteTableId": r("PrivateRouteTable"),
            "DestinationCidrBlock": "0.0.0.0/0",
            "NatGatewayId": r("NatGateway")
        }),
    );
    for (id, subnet, table) in [
        ("PublicSubnetARoutes", "PublicSubnetA", "PublicRouteTable"),
        ("PublicSubnetBRoutes", "PublicSubnetB", "PublicRouteTable"),
        (
            "PrivateSubnetARoutes",
            "PrivateSubnetA",
            "PrivateRouteTable",
        ),
        (
            "PrivateSubnetBRoutes",
            "PrivateSubnetB",
            "PrivateRouteTable",
        ),
    ] {
        res.add(
            id,
            "AWS::EC2::SubnetRouteTableAssociation",
            json!({ "SubnetId": r(subnet), "RouteTableId": r(table) }),
        );
    }

    // Security groups: the internet reaches the load balancer only, the load balancer the
    // tasks only, the tasks the database and cache only.
    res.add(
        "LoadBalancerSecurityGroup",
        "AWS::EC2::SecurityGroup",
        json!({
            "GroupDescription": "Load balancer: HTTPS from anywhere, HTTP only to redirect",
            "VpcId": r("Vpc"),
            "SecurityGroupIngress": [
                { "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0", "Description": "HTTPS from the internet" },
                { "IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "CidrIp": "0.0.0.0/0", "Description": "HTTP, redirected to HTTPS" }
            ],
            "SecurityGroupEgress": [
                { "IpProtocol": "tcp", "FromPort": port, "ToPort": port, "CidrIp": "10.0.0.0/16", "Description": "To the tasks in the VPC" }
            ]
        }),
    )
    .insert(
        "Metadata".into(),
        skip(&[(
            "CKV_AWS_260",
            "an internet-facing load balancer: port 80 only answers with a redirect to HTTPS",
        )]),
    );
    let mut task_egress = vec![json!({
        "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0",
        "Description": "HTTPS: ECR, Secrets Manager, CloudWatch Logs and the APIs the app calls"
    })];
    if let Some(d) = &db {
        task_egress.push(json!({
            "IpProtocol": "tcp", "FromPort": d.port, "ToPort": d.port, "CidrIp": "10.0.0.0/16",
            "Description": "To the database in the VPC"
        }));
    }
    if with_cache {
        task_egress.push(json!({
            "IpProtocol": "tcp", "FromPort": 6379, "ToPort": 6380, "CidrIp": "10.0.0.0/16",
            "Description": "To the cache in the VPC"
        }));
    }
    res.add(
        "TaskSecurityGroup",
        "AWS::EC2::SecurityGroup",
        json!({
            "GroupDescription": "Tasks: the app port from the load balancer only",
            "VpcId": r("Vpc"),
            "SecurityGroupIngress": [{
                "IpProtocol": "tcp", "FromPort": port, "ToPort": port,
                "SourceSecurityGroupId": r("LoadBalancerSecurityGroup"),
                "Description": "From the load balancer"
            }],
            "SecurityGroupEgress": task_egress
        }),
    );

    // The load balancer, its listeners and the target group with the plan's health check.
    res.add(
        "LoadBalancer",
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        json!({
            "Type": "application",
            "Scheme": "internet-facing",
            "Subnets": [r("PublicSubnetA"), r("PublicSubnetB")],
            "SecurityGroups": [r("LoadBalancerSecurityGroup")],
            "LoadBalancerAttributes": [
                { "Key": "routing.http.drop_invalid_header_fields.enabled", "Value": "true" },
                { "Key": "deletion_protection.enabled", "Value": if_prod(json!("true"), json!("false")) }
            ]
        }),
    )
    .insert(
        "Metadata".into(),
        skip(&[
            (
                "CKV_AWS_91",
                "access logs need an S3 bucket and its policy; turn them on when you need them",
            ),
        ]),
    );
    res.add(
        "TargetGroup",
        "AWS::ElasticLoadBalancingV2::TargetGroup",
        json!({
            "TargetType": "ip",
            "Protocol": "HTTP",
            "Port": port,
            "VpcId": r("Vpc"),
            "HealthCheckEnabled": true,
            "HealthCheckProtocol": "HTTP",
            "HealthCheckPath": health.path,
            "HealthCheckIntervalSeconds": health.interval_s,
            "HealthCheckTimeoutSeconds": health.timeout_s,
            "HealthyThresholdCount": health.healthy,
            "UnhealthyThresholdCount": health.unhealthy,
            "Matcher": { "HttpCode": health.matcher },
            "TargetGroupAttributes": [
                { "Key": "deregistration_delay.timeout_seconds", "Value": "30" }
            ]
        }),
    );
    res.add(
        "HttpsListener",
        "AWS::ElasticLoadBalancingV2::Listener",
        json!({
            "LoadBalancerArn": r("LoadBalancer"),
            "Port": 443,
            "Protocol": "HTTPS",
            "SslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
            "Certificates": [{ "CertificateArn": r("CertificateArn") }],
            "DefaultActions": [{ "Type": "forward", "TargetGroupArn": r("TargetGroup") }]
        }),
    );
    res.add(
        "HttpListener",
        "AWS::ElasticLoadBalancingV2::Listener",
        json!({
            "LoadBalancerArn": r("LoadBalancer"),
            "Port": 80,
            "Protocol": "HTTP",
            "DefaultActions": [{
                "Type": "redirect",
                "RedirectConfig": { "Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301" }
            }]
        }),
    );

    // The cluster, logs and the image repository.
    res.add(
        "Cluster",
        "AWS::ECS::Cluster",
        json!({
            "ClusterName": sub("${AWS::StackName}"),
            "ClusterSettings": [{ "Name": "containerInsights", "Value": "enabled" }]
        }),
    );
    res.add(
        "LogGroup",
        "AWS::Logs::LogGroup",
        json!({
            "LogGroupName": sub("/ecs/${AWS::StackName}"),
            "RetentionInDays": if_prod(json!(90), json!(30))
        }),
    )
    .insert(
        "Metadata".into(),
        skip(&[(
            "CKV_AWS_158",
            "CloudWatch Logs encrypts log data at rest already; a customer key adds $1/month and a key policy",
        )]),
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

    // One secret per name, with no value: a person sets each value once.
    for (name, id) in &secrets {
        res.add(
            id,
            "AWS::SecretsManager::Secret",
            json!({
                // Join, not Sub: a name from the plan is never parsed by CloudFormation.
                "Name": secret_name(name),
                "Description": format!("{name} of the app; set its value with aws secretsmanager put-secret-value")
            }),
        )
        .insert(
            "Metadata".into(),
            skip(&[
                (
                    "CKV_AWS_149",
                    "the AWS managed key (aws/secretsmanager) encrypts it; a customer key adds cost",
                ),
            ]),
        );
    }

    // Roles: the execution role pulls the image, writes logs and reads the app's secrets; the
    // task role (the app's own AWS identity) has no permissions until the app needs some.
    let mut execution = json!({
        "RoleName": sub("${AWS::StackName}-exec"),
        "AssumeRolePolicyDocument": role_trust("ecs-tasks.amazonaws.com"),
        "ManagedPolicyArns": [sub("arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy")]
    });
    if !secrets.is_empty() {
        execution["Policies"] = json!([{
            "PolicyName": "read-app-secrets",
            "PolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [{
                    "Effect": "Allow",
                    "Action": "secretsmanager:GetSecretValue",
                    "Resource": secrets.iter().map(|(_, id)| r(id)).collect::<Vec<_>>()
                }]
            }
        }]);
    }
    res.add("ExecutionRole", "AWS::IAM::Role", execution);
    res.add(
        "TaskRole",
        "AWS::IAM::Role",
        json!({
            "RoleName": sub("${AWS::StackName}-task"),
            "AssumeRolePolicyDocument": role_trust("ecs-tasks.amazonaws.com")
        }),
    );

    // The task definition and service exist once the pipeline has pushed an image (ImageTag).
    let environment: Vec<Value> = app
        .settings()
        .into_iter()
        .filter_map(|(n, v)| v.map(|v| json!({ "Name": n, "Value": v })))
        .collect();
    let mut container = json!({
        "Name": CONTAINER,
        "Image": sub("${Repository.RepositoryUri}:${ImageTag}"),
        "Essential": true,
        "ReadonlyRootFilesystem": true,
        "MountPoints": [{ "SourceVolume": "tmp", "ContainerPath": "/tmp" }],
        "PortMappings": [{ "ContainerPort": port, "Protocol": "tcp" }],
        "Environment": environment,
        "Secrets": secrets.iter().map(|(name, id)| json!({ "Name": name, "ValueFrom": r(id) })).collect::<Vec<_>>(),
        "LogConfiguration": {
            "LogDriver": "awslogs",
            "Options": {
                "awslogs-group": r("LogGroup"),
                "awslogs-region": r("AWS::Region"),
                "awslogs-stream-prefix": CONTAINER
            }
        }
    });
    if let Some(check) = super::aws_ecs::container_health(app) {
        container["HealthCheck"] = json!({
            "Command": check.command,
            "Interval": check.interval,
            "Timeout": check.timeout,
            "Retries": check.retries,
            "StartPeriod": check.start_period
        });
    }
    res.add(
        "TaskDefinition",
        "AWS::ECS::TaskDefinition",
        json!({
            "Family": sub("${AWS::StackName}"),
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
                    "Subnets": [r("PrivateSubnetA"), r("PrivateSubnetB")],
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

    if let Some(d) = &db {
        res.add(
            "DatabaseSecurityGroup",
            "AWS::EC2::SecurityGroup",
            json!({
                "GroupDescription": "Database: from the tasks only",
                "VpcId": r("Vpc"),
                "SecurityGroupIngress": [{
                    "IpProtocol": "tcp", "FromPort": d.port, "ToPort": d.port,
                    "SourceSecurityGroupId": r("TaskSecurityGroup"),
                    "Description": "From the tasks"
                }],
                "SecurityGroupEgress": [{
                    "IpProtocol": "-1", "CidrIp": "127.0.0.1/32",
                    "Description": "None: the database starts no connections"
                }]
            }),
        );
        res.add(
            "DatabaseSubnets",
            "AWS::RDS::DBSubnetGroup",
            json!({
                "DBSubnetGroupDescription": "The private subnets",
                "SubnetIds": [r("PrivateSubnetA"), r("PrivateSubnetB")]
            }),
        );
        let database = res.add(
            "Database",
            "AWS::RDS::DBInstance",
            json!({
                "Engine": d.engine,
                "DBInstanceClass": r("DatabaseInstanceClass"),
                "AllocatedStorage": "20",
                "StorageType": "gp3",
                "StorageEncrypted": true,
                "MasterUsername": "app",
                "ManageMasterUserPassword": true,
                "DBSubnetGroupName": r("DatabaseSubnets"),
                "VPCSecurityGroups": [r("DatabaseSecurityGroup")],
                "PubliclyAccessible": false,
                "MultiAZ": if_prod(json!(true), json!(false)),
                "BackupRetentionPeriod": 7,
                "DeletionProtection": if_prod(json!(true), json!(false)),
                "AutoMinorVersionUpgrade": true,
                "CopyTagsToSnapshot": true,
                "EnableIAMDatabaseAuthentication": true,
                "EnableCloudwatchLogsExports": d.logs
            }),
        );
        database.insert("DeletionPolicy".into(), json!("Snapshot"));
        database.insert("UpdateReplacePolicy".into(), json!("Snapshot"));
        database.insert(
            "Metadata".into(),
            skip(&[
                (
                    "CKV_AWS_157",
                    "Multi-AZ is on in production (the IsProduction condition), off elsewhere to halve the cost",
                ),
                (
                    "CKV_AWS_118",
                    "enhanced monitoring is billed as CloudWatch Logs; Container Insights and RDS metrics cover the start",
                ),
            ]),
        );
    }
    if with_cache {
        res.add(
            "CacheSecurityGroup",
            "AWS::EC2::SecurityGroup",
            json!({
                "GroupDescription": "Cache: from the tasks only",
                "VpcId": r("Vpc"),
                "SecurityGroupIngress": [{
                    "IpProtocol": "tcp", "FromPort": 6379, "ToPort": 6380,
                    "SourceSecurityGroupId": r("TaskSecurityGroup"),
                    "Description": "From the tasks"
                }],
                "SecurityGroupEgress": [{
                    "IpProtocol": "-1", "CidrIp": "127.0.0.1/32",
                    "Description": "None: the cache starts no connections"
                }]
            }),
        );
        res.add(
            "Cache",
            "AWS::ElastiCache::ServerlessCache",
            json!({
                "ServerlessCacheName": sub("${AWS::StackName}"),
                "Engine": "valkey",
                "SecurityGroupIds": [r("CacheSecurityGroup")],
                "SubnetIds": [r("PrivateSubnetA"), r("PrivateSubnetB")]
            }),
        );
    }

    if github {
        deploy_roles(&mut res, &secrets);
    }

    let mut outputs = Map::new();
    let mut output = |id: &str, value: Value, condition: Option<&str>| {
        let mut o = json!({ "Value": value });
        if let Some(c) = condition {
            o["Condition"] = json!(c);
        }
        outputs.insert(id.into(), o);
    };
    output("ClusterName", r("Cluster"), None);
    output("ServiceName", att("Service", "Name"), Some("HasImage"));
    output("RepositoryUri", att("Repository", "RepositoryUri"), None);
    output("ExecutionRoleArn", att("ExecutionRole", "Arn"), None);
    output("TaskRoleArn", att("TaskRole", "Arn"), None);
    output("LogGroupName", r("LogGroup"), None);
    output("TaskSecurityGroupId", r("TaskSecurityGroup"), None);
    output(
        "PrivateSubnetIds",
        json!({ "Fn::Join": [",", [r("PrivateSubnetA"), r("PrivateSubnetB")]] }),
        None,
    );
    output("TargetGroupArn", r("TargetGroup"), None);
    output("LoadBalancerDnsName", att("LoadBalancer", "DNSName"), None);
    for (_, id) in &secrets {
        output(&format!("{id}Arn"), r(id), None);
    }
    if db.is_some() {
        output(
            "DatabaseEndpoint",
            att("Database", "Endpoint.Address"),
            None,
        );
        output(
            "DatabaseMasterSecretArn",
            att("Database", "MasterUserSecret.SecretArn"),
            None,
        );
    }
    if with_cache {
        output("CacheEndpoint", att("Cache", "Endpoint.Address"), None);
    }
    if github {
        output("DeployRoleArn", att("DeployRole", "Arn"), None);
        output(
            "CloudFormationRoleArn",
            att("CloudFormationRole", "Arn"),
            None,
        );
    }

    let mut parameters = json!({
        "Environment": {
            "Type": "String",
            "Description": "The environment this stack serves",
            "AllowedValues": ["preview", "dev", "staging", "production"]
        },
        "CertificateArn": {
            "Type": "String",
            "Description": "ARN of the ACM certificate of the environment's domain (same region)",
            "AllowedPattern": "arn:aws[a-z-]*:acm:.+"
        },
        "ImageTag": {
            "Type": "String",
            "Default": "",
            "Description": "The image tag (commit) the service runs; empty until the pipeline's first push"
        },
        "MinTasks": {
            "Type": "Number",
            "Default": min_tasks,
            "MinValue": 1,
            "Description": "Fewest web tasks (autoscaling floor)"
        },
        "MaxTasks": {
            "Type": "Number",
            "Default": max_tasks,
            "MinValue": 1,
            "Description": "Most web tasks (autoscaling ceiling)"
        }
    });
    if db.is_some() {
        parameters["DatabaseInstanceClass"] = json!({
            "Type": "String",
            "Default": "db.t4g.micro",
            "Description": "RDS instance class"
        });
    }
    if github {
        parameters["GitHubRepository"] = json!({
            "Type": "String",
            "Description": "owner/name of the GitHub repository whose workflow deploys",
            "AllowedPattern": "[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+"
        });
        parameters["DeployBranch"] = json!({
            "Type": "String",
            "Default": "main",
            "Description": "The branch whose workflow runs may deploy"
        });
        parameters["GitHubOidcProviderArn"] = json!({
            "Type": "String",
            "Default": "",
            "Description": "ARN of the account's GitHub OIDC provider when another stack made it; empty creates it"
        });
    }
    let mut conditions = json!({
        "IsProduction": { "Fn::Equals": [r("Environment"), "production"] },
        "HasImage": { "Fn::Not": [{ "Fn::Equals": [r("ImageTag"), ""] }] }
    });
    if github {
        conditions["CreateOidcProvider"] =
            json!({ "Fn::Equals": [r("GitHubOidcProviderArn"), ""] });
    }
    json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": format!("{} on ECS Fargate: network, load balancer, service, database, roles (generated by deployplan)", app.slug),
        "Parameters": parameters,
        "Conditions": conditions,
        "Resources": Value::Object(res.0),
        "Outputs": Value::Object(outputs)
    })
}

/// The GitHub OIDC provider, the role the workflow assumes (scoped to the repository's
/// environment and deploy branch), and the role CloudFormation uses to change the stack.
fn deploy_roles(res: &mut Resources, secrets: &[(String, String)]) {
    res.add(
        "GitHubOidcProvider",
        "AWS::IAM::OIDCProvider",
        json!({
            "Url": "https://token.actions.githubusercontent.com",
            "ClientIdList": ["sts.amazonaws.com"]
        }),
    )
    .insert("Condition".into(), json!("CreateOidcProvider"));
    let stack_arn = sub(
        "arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}:stack/${AWS::StackName}/*",
    );
    let _ = secrets;
    res.add(
        "DeployRole",
        "AWS::IAM::Role",
        json!({
            "RoleName": sub("${AWS::StackName}-deploy"),
            "AssumeRolePolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [{
                    "Effect": "Allow",
                    "Principal": { "Federated": { "Fn::If": ["CreateOidcProvider", r("GitHubOidcProvider"), r("GitHubOidcProviderArn")] } },
                    "Action": "sts:AssumeRoleWithWebIdentity",
                    "Condition": {
                        "StringEquals": { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
                        "StringLike": { "token.actions.githubusercontent.com:sub": [
                            sub("repo:${GitHubRepository}:environment:${Environment}"),
                            sub("repo:${GitHubRepository}:ref:refs/heads/${DeployBranch}")
                        ] }
                    }
                }]
            },
            "Policies": [{
                "PolicyName": "deploy",
                "PolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Sid": "ChangeThisStack",
                            "Effect": "Allow",
                            "Action": [
                                "cloudformation:CreateChangeSet", "cloudformation:DescribeChangeSet",
                                "cloudformation:ExecuteChangeSet", "cloudformation:DeleteChangeSet",
                                "cloudformation:DescribeStacks", "cloudformation:DescribeStackEvents",
                                "cloudformation:GetTemplateSummary", "cloudformation:CancelUpdateStack",
                                "cloudformation:ContinueUpdateRollback"
                            ],
                            "Resource": stack_arn
                        },
                        {
                            "Sid": "ValidateTemplate",
                            "Effect": "Allow",
                            "Action": "cloudformation:ValidateTemplate",
                            "Resource": "*"
                        },
                        {
                            "Sid": "HandRolesOn",
                            "Effect": "Allow",
                            "Action": "iam:PassRole",
                            "Resource": [
                                att("CloudFormationRole", "Arn"),
                                att("ExecutionRole", "Arn"),
                                att("TaskRole", "Arn")
                            ]
                        },
                        {
                            "Sid": "RegistrySignIn",
                            "Effect": "Allow",
                            "Action": "ecr:GetAuthorizationToken",
                            "Resource": "*"
                        },
                        {
                            "Sid": "PushImages",
                            "Effect": "Allow",
                            "Action": [
                                "ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage",
                                "ecr:CompleteLayerUpload", "ecr:DescribeImages",
                                "ecr:GetDownloadUrlForLayer", "ecr:InitiateLayerUpload",
                                "ecr:PutImage", "ecr:UploadLayerPart"
                            ],
                            "Resource": att("Repository", "Arn")
                        },
                        {
                            "Sid": "RegisterTaskDefinitions",
                            "Effect": "Allow",
                            "Action": ["ecs:RegisterTaskDefinition", "ecs:DescribeTaskDefinition"],
                            "Resource": "*"
                        },
                        {
                            "Sid": "RunMigrations",
                            "Effect": "Allow",
                            "Action": ["ecs:RunTask", "ecs:DescribeTasks", "ecs:DescribeServices"],
                            "Resource": "*",
                            "Condition": { "ArnEquals": { "ecs:cluster": att("Cluster", "Arn") } }
                        }
                    ]
                }
            }]
        }),
    )
    .insert(
        "Metadata".into(),
        skip(&[
            (
                "CKV_AWS_111",
                "ecs:RegisterTaskDefinition and ecr:GetAuthorizationToken take no resource ARN; RunTask is limited to this cluster",
            ),
            (
                "CKV_AWS_107",
                "ecr:GetAuthorizationToken is how the workflow signs in to push the image",
            ),
        ]),
    );
    res.add(
        "CloudFormationRole",
        "AWS::IAM::Role",
        json!({
            "RoleName": sub("${AWS::StackName}-cfn"),
            "AssumeRolePolicyDocument": role_trust("cloudformation.amazonaws.com"),
            "ManagedPolicyArns": [sub("arn:${AWS::Partition}:iam::aws:policy/PowerUserAccess")],
            "Policies": [{
                "PolicyName": "this-stacks-roles",
                "PolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Sid": "RolesOfThisStack",
                            "Effect": "Allow",
                            "Action": [
                                "iam:CreateRole", "iam:DeleteRole", "iam:GetRole", "iam:UpdateRole",
                                "iam:UpdateAssumeRolePolicy", "iam:TagRole", "iam:UntagRole",
                                "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:GetRolePolicy",
                                "iam:AttachRolePolicy", "iam:DetachRolePolicy", "iam:PassRole",
                                "iam:ListRolePolicies", "iam:ListAttachedRolePolicies"
                            ],
                            "Resource": sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${AWS::StackName}-*")
                        },
                        {
                            "Sid": "GitHubOidcProvider",
                            "Effect": "Allow",
                            "Action": [
                                "iam:CreateOpenIDConnectProvider", "iam:DeleteOpenIDConnectProvider",
                                "iam:GetOpenIDConnectProvider", "iam:TagOpenIDConnectProvider",
                                "iam:UpdateOpenIDConnectProviderThumbprint",
                                "iam:AddClientIDToOpenIDConnectProvider"
                            ],
                            "Resource": sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com")
                        },
                        {
                            "Sid": "ServiceLinkedRoles",
                            "Effect": "Allow",
                            "Action": "iam:CreateServiceLinkedRole",
                            "Resource": sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/*")
                        }
                    ]
                }
            }]
        }),
    )
    .insert(
        "Metadata".into(),
        skip(&[(
            "CKV_AWS_110",
            "CloudFormation creates this stack's roles: IAM writes are limited to roles named after the stack",
        )]),
    );
}
