//! The internet-facing load balancer, its listeners (HTTPS, HTTP redirected), the target group
//! with the plan's health check, and the security groups of the path internet → load balancer
//! → tasks → database and cache.

use serde_json::{Value, json};

use super::cfn::{Resources, if_prod, r, skip};
use super::network::{allow_empty_subnet_default, public_subnets, vpc_cidr, vpc_id};
use super::{Database, TargetHealth};

/// The security groups: the internet reaches the load balancer only, the load balancer the
/// tasks only, the tasks the database and cache only.
pub fn add_security_groups(
    res: &mut Resources,
    port: u16,
    db: Option<&Database>,
    with_cache: bool,
) {
    res.add(
        "LoadBalancerSecurityGroup",
        "AWS::EC2::SecurityGroup",
        json!({
            "GroupDescription": "Load balancer: HTTPS from anywhere, HTTP only to redirect",
            "VpcId": vpc_id(),
            "SecurityGroupIngress": [
                { "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0", "Description": "HTTPS from the internet" },
                { "IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "CidrIp": "0.0.0.0/0", "Description": "HTTP, redirected to HTTPS" }
            ],
            "SecurityGroupEgress": [
                { "IpProtocol": "tcp", "FromPort": port, "ToPort": port, "CidrIp": vpc_cidr(), "Description": "To the tasks in the VPC" }
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
    if let Some(d) = db {
        task_egress.push(json!({
            "IpProtocol": "tcp", "FromPort": d.port, "ToPort": d.port, "CidrIp": vpc_cidr(),
            "Description": "To the database in the VPC"
        }));
    }
    if with_cache {
        task_egress.push(json!({
            "IpProtocol": "tcp", "FromPort": 6379, "ToPort": 6380, "CidrIp": vpc_cidr(),
            "Description": "To the cache in the VPC"
        }));
    }
    res.add(
        "TaskSecurityGroup",
        "AWS::EC2::SecurityGroup",
        json!({
            "GroupDescription": "Tasks: the app port from the load balancer only",
            "VpcId": vpc_id(),
            "SecurityGroupIngress": [{
                "IpProtocol": "tcp", "FromPort": port, "ToPort": port,
                "SourceSecurityGroupId": r("LoadBalancerSecurityGroup"),
                "Description": "From the load balancer"
            }],
            "SecurityGroupEgress": task_egress
        }),
    );
}

/// The load balancer, its listeners and the target group with the plan's health check.
pub fn add(res: &mut Resources, port: u16, health: &TargetHealth) {
    res.add(
        "LoadBalancer",
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        json!({
            "Type": "application",
            "Scheme": "internet-facing",
            "Subnets": public_subnets(),
            "SecurityGroups": [r("LoadBalancerSecurityGroup")],
            "LoadBalancerAttributes": [
                { "Key": "routing.http.drop_invalid_header_fields.enabled", "Value": "true" },
                { "Key": "deletion_protection.enabled", "Value": if_prod(json!("true"), json!("false")) }
            ]
        }),
    )
    .insert(
        "Metadata".into(),
        skip(&[(
            "CKV_AWS_91",
            "access logs need an S3 bucket and its policy; turn them on when you need them",
        )]),
    );
    allow_empty_subnet_default(
        res.0
            .get_mut("LoadBalancer")
            .and_then(Value::as_object_mut)
            .expect("added"),
    );
    res.add(
        "TargetGroup",
        "AWS::ElasticLoadBalancingV2::TargetGroup",
        json!({
            "TargetType": "ip",
            "Protocol": "HTTP",
            "Port": port,
            "VpcId": vpc_id(),
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
}
