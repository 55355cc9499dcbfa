//! The stack's roles: the execution role (pulls the image, writes logs, reads the app's
//! secrets), the task role (the app's own AWS identity, no permissions until the app needs
//! some), and the CI's OIDC provider with the deploy role it assumes and the role
//! CloudFormation uses to change the stack.

use serde_json::json;

use super::cfn::{Resources, att, r, role_trust, skip, sub};
use super::ci_identity::CiIdentity;

pub fn add_task_roles(res: &mut Resources, secrets: &[(String, String)]) {
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
}

/// The CI host's OIDC provider, the role its deploy jobs assume (scoped to the repository,
/// and its environment or deploy branch where the token names them), and the role
/// CloudFormation uses to change the stack.
pub fn add_deploy_roles(res: &mut Resources, ci: CiIdentity) {
    res.add(ci.provider_id(), "AWS::IAM::OIDCProvider", ci.provider())
        .insert("Condition".into(), json!("CreateOidcProvider"));
    let stack_arn = sub(
        "arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}:stack/${AWS::StackName}/*",
    );
    res.add(
        "DeployRole",
        "AWS::IAM::Role",
        json!({
            "RoleName": sub("${AWS::StackName}-deploy"),
            "AssumeRolePolicyDocument": ci.trust(),
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
                            "Sid": ci.provider_id(),
                            "Effect": "Allow",
                            "Action": [
                                "iam:CreateOpenIDConnectProvider", "iam:DeleteOpenIDConnectProvider",
                                "iam:GetOpenIDConnectProvider", "iam:TagOpenIDConnectProvider",
                                "iam:UpdateOpenIDConnectProviderThumbprint",
                                "iam:AddClientIDToOpenIDConnectProvider"
                            ],
                            "Resource": ci.provider_arn_pattern()
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
