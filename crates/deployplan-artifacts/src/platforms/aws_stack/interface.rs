//! What the stack takes and gives: its parameters (what only the person knows, and the
//! plan's defaults), conditions, and the outputs the pipeline reads.

use serde_json::{Map, Value, json};

use super::Stack;
use super::cfn::{att, r};

pub fn outputs(s: &Stack) -> Value {
    let Stack {
        db,
        with_cache,
        github,
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
    output(
        "PrivateSubnetIds",
        json!({ "Fn::Join": [",", [r("PrivateSubnetA"), r("PrivateSubnetB")]] }),
        None,
    );
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
    if *github {
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
        github,
        min_tasks,
        max_tasks,
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
    if *github {
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
    if *github {
        conditions["CreateOidcProvider"] =
            json!({ "Fn::Equals": [r("GitHubOidcProviderArn"), ""] });
    }
    (parameters, conditions)
}
