//! The log group every task writes to, and one Secrets Manager secret per secret name of the
//! plan, with no value: a person sets each value once.

use serde_json::json;

use super::cfn::{Resources, if_prod, skip, sub};
use super::secret_name;

pub fn add_log_group(res: &mut Resources) {
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
}

/// `secrets`: (name, logical id) pairs from [`super::secret_ids`].
pub fn add_secrets(res: &mut Resources, secrets: &[(String, String)]) {
    for (name, id) in secrets {
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
            skip(&[(
                "CKV_AWS_149",
                "the AWS managed key (aws/secretsmanager) encrypts it; a customer key adds cost",
            )]),
        );
    }
}
