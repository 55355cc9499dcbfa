//! What the stack takes and gives: its parameters (what only the person knows, and the
//! plan's defaults), conditions, and the outputs the pipeline reads.

use serde_json::{Map, Value, json};

use super::Stack;
use super::cfn::{att, r};
use super::network::private_subnets_joined;

pub fn outputs(s: &Stack) -> Value {
    let Stack {
        db,
        with_cache,
        ci,
        secrets,
        ..
    } = s;
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
    output("PrivateSubnetIds", private_subnets_joined(), None);
    output("TargetGroupArn", r("TargetGroup"), None);
    output("LoadBalancerDnsName", att("LoadBalancer", "DNSName"), None);
    for (_, id) in secrets {
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
    if *with_cache {
        output("CacheEndpoint", att("Cache", "Endpoint.Address"), None);
    }
    if ci.is_some() {
        output("DeployRoleArn", att("DeployRole", "Arn"), None);
        output(
            "CloudFormationRoleArn",
            att("CloudFormationRole", "Arn"),
            None,
        );
    }

    Value::Object(outputs)
}

/// The parameters and conditions.
pub fn parameters(s: &Stack) -> (Value, Value) {
    let Stack {
        db,
        ci,
        min_tasks,
        max_tasks,
        worker_tasks,
        ..
    } = s;
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
    // Existing-VPC mode: a VpcId makes the stack use that VPC and its subnets and create no
    // network of its own. CommaDelimitedList, not List<AWS::EC2::Subnet::Id>: an AWS-specific
    // list type cannot be empty, and empty is how the default mode (create the VPC) says so.
    parameters["VpcId"] = json!({
        "Type": "String",
        "Default": "",
        "Description": "An existing VPC to deploy into; empty creates a VPC (two zones, public and private subnets, one NAT gateway)",
        "AllowedPattern": "(vpc-[0-9a-f]+)?"
    });
    parameters["VpcCidr"] = json!({
        "Type": "String",
        "Default": "10.0.0.0/16",
        "Description": "The existing VPC's IPv4 range, which the security groups allow traffic within (existing-VPC mode only)",
        "AllowedPattern": "[0-9]{1,3}([.][0-9]{1,3}){3}/[0-9]{1,2}"
    });
    parameters["PublicSubnetIds"] = json!({
        "Type": "CommaDelimitedList",
        "Default": "",
        "Description": "Existing-VPC mode: two public subnets in two zones (a route to an internet gateway), for the load balancer"
    });
    parameters["PrivateSubnetIds"] = json!({
        "Type": "CommaDelimitedList",
        "Default": "",
        "Description": "Existing-VPC mode: two private subnets in two zones with egress (NAT gateway or VPC endpoints for ECR, CloudWatch Logs and Secrets Manager), for the tasks and the database"
    });
    if let Some(n) = worker_tasks {
        parameters["WorkerTasks"] = json!({
            "Type": "Number",
            "Default": n,
            "MinValue": 0,
            "Description": "Tasks of each worker service"
        });
    }
    if let Some(ci) = ci {
        for (name, parameter) in ci.parameters() {
            parameters[name] = parameter;
        }
    }
    let mut conditions = json!({
        "IsProduction": { "Fn::Equals": [r("Environment"), "production"] },
        "HasImage": { "Fn::Not": [{ "Fn::Equals": [r("ImageTag"), ""] }] },
        "CreateVpc": { "Fn::Equals": [r("VpcId"), ""] }
    });
    if let Some(ci) = ci {
        conditions["CreateOidcProvider"] =
            json!({ "Fn::Equals": [r(ci.provider_arn_parameter()), ""] });
    }
    (parameters, conditions)
}
