//! Who may assume the stack's deploy role: the CI host's OIDC provider in IAM, the trust
//! policy that limits it to this repository (and branch, where the token says it), and the
//! stack parameters that name them.
//!
//! Sources, checked 2026-12-02:
//! - GitHub: provider `https://token.actions.githubusercontent.com`, audience
//!   `sts.amazonaws.com`, `sub` `repo:<owner/name>:environment:<env>` or
//!   `repo:<owner/name>:ref:refs/heads/<branch>`
//!   (docs.github.com/en/actions/how-tos/secure-your-work/security-harden-deployments/oidc-in-aws).
//! - GitLab: provider `https://gitlab.com`; a job's `id_tokens:` sets the audience itself (the
//!   deploy job asks for `sts.amazonaws.com`, so the provider lists that client id); `sub` is
//!   `project_path:<group>/<project>:ref_type:branch:ref:<branch>`, condition key
//!   `gitlab.com:sub` (docs.gitlab.com/ci/cloud_services/aws/, docs.gitlab.com/ci/secrets/id_token_authentication/).
//! - Bitbucket: provider `https://api.bitbucket.org/2.0/workspaces/<workspace>/pipelines-config/identity/oidc`,
//!   audience `ari:cloud:bitbucket::workspace/<workspace-uuid>`, token in
//!   `BITBUCKET_STEP_OIDC_TOKEN` of a step with `oidc: true`
//!   (support.atlassian.com/bitbucket-cloud/docs/deploy-on-aws-using-bitbucket-pipelines-openid-connect/,
//!   .../integrate-pipelines-with-resource-servers-using-oidc/). Its `sub` is built from the
//!   repository, step and environment UUIDs, in an order that sources disagree on, so the
//!   trust policy only requires the repository's UUID somewhere in it.
//! - AWS: the condition keys of an OIDC provider are `<provider URL without https://>:aud`
//!   and `:sub`, and a provider whose URL has a path is named with that path in its ARN
//!   (docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html,
//!   .../id_roles_providers_create_oidc.html).

use deployplan_core::answers::CiProvider;
use serde_json::{Value, json};

use super::cfn::{r, sub};

/// The CI host whose jobs sign in to AWS by OIDC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CiIdentity {
    GitHub,
    GitLab,
    Bitbucket,
}

const BITBUCKET_ISSUER: &str =
    "api.bitbucket.org/2.0/workspaces/${BitbucketWorkspace}/pipelines-config/identity/oidc";

impl CiIdentity {
    pub fn of(provider: CiProvider) -> Option<Self> {
        match provider {
            CiProvider::Github => Some(CiIdentity::GitHub),
            CiProvider::Gitlab => Some(CiIdentity::GitLab),
            CiProvider::Bitbucket => Some(CiIdentity::Bitbucket),
            _ => None,
        }
    }

    /// The logical id of the OIDC provider the stack creates.
    pub fn provider_id(self) -> &'static str {
        match self {
            CiIdentity::GitHub => "GitHubOidcProvider",
            CiIdentity::GitLab => "GitLabOidcProvider",
            CiIdentity::Bitbucket => "BitbucketOidcProvider",
        }
    }

    /// The parameter naming a provider another stack already made (one per URL and account).
    pub fn provider_arn_parameter(self) -> &'static str {
        match self {
            CiIdentity::GitHub => "GitHubOidcProviderArn",
            CiIdentity::GitLab => "GitLabOidcProviderArn",
            CiIdentity::Bitbucket => "BitbucketOidcProviderArn",
        }
    }

    /// The provider's `Url` and `ClientIdList`.
    pub fn provider(self) -> Value {
        match self {
            CiIdentity::GitHub => json!({
                "Url": "https://token.actions.githubusercontent.com",
                "ClientIdList": ["sts.amazonaws.com"]
            }),
            CiIdentity::GitLab => json!({
                "Url": "https://gitlab.com",
                "ClientIdList": ["sts.amazonaws.com"]
            }),
            CiIdentity::Bitbucket => json!({
                "Url": sub(&format!("https://{BITBUCKET_ISSUER}")),
                "ClientIdList": [sub("ari:cloud:bitbucket::workspace/${BitbucketWorkspaceUuid}")]
            }),
        }
    }

    /// The provider's ARN pattern, for the IAM actions CloudFormation needs on it.
    pub fn provider_arn_pattern(self) -> Value {
        let path = match self {
            CiIdentity::GitHub => "token.actions.githubusercontent.com",
            CiIdentity::GitLab => "gitlab.com",
            CiIdentity::Bitbucket => BITBUCKET_ISSUER,
        };
        sub(&format!(
            "arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:oidc-provider/{path}"
        ))
    }

    /// The deploy role's trust policy: this provider, this repository (and branch).
    pub fn trust(self) -> Value {
        let federated = json!({ "Fn::If": [
            "CreateOidcProvider",
            r(self.provider_id()),
            r(self.provider_arn_parameter())
        ] });
        let statement = |condition: Value| {
            json!({
                "Version": "2012-10-17",
                "Statement": [{
                    "Effect": "Allow",
                    "Principal": { "Federated": federated },
                    "Action": "sts:AssumeRoleWithWebIdentity",
                    "Condition": condition
                }]
            })
        };
        match self {
            CiIdentity::GitHub => statement(json!({
                "StringEquals": { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
                "StringLike": { "token.actions.githubusercontent.com:sub": [
                    sub("repo:${GitHubRepository}:environment:${Environment}"),
                    sub("repo:${GitHubRepository}:ref:refs/heads/${DeployBranch}")
                ] }
            })),
            CiIdentity::GitLab => statement(json!({
                "StringEquals": {
                    "gitlab.com:aud": "sts.amazonaws.com",
                    "gitlab.com:sub": sub("project_path:${GitLabProjectPath}:ref_type:branch:ref:${DeployBranch}")
                }
            })),
            CiIdentity::Bitbucket => {
                // The condition keys contain the workspace, a parameter, and a key cannot be
                // an intrinsic function: the whole policy is one `Fn::Sub` string instead.
                let key = |claim: &str| format!("{BITBUCKET_ISSUER}:{claim}");
                let text = serde_json::to_string(&json!({
                    "Version": "2012-10-17",
                    "Statement": [{
                        "Effect": "Allow",
                        "Principal": { "Federated": "${ProviderArn}" },
                        "Action": "sts:AssumeRoleWithWebIdentity",
                        "Condition": {
                            "StringEquals": { key("aud"): "ari:cloud:bitbucket::workspace/${BitbucketWorkspaceUuid}" },
                            "StringLike": { key("sub"): "*${BitbucketRepositoryUuid}*" }
                        }
                    }]
                }))
                .expect("a JSON value serializes");
                json!({ "Fn::Sub": [text, { "ProviderArn": federated }] })
            }
        }
    }

    /// The stack parameters that name the repository (and branch).
    pub fn parameters(self) -> Vec<(&'static str, Value)> {
        let provider_arn = (
            self.provider_arn_parameter(),
            json!({
                "Type": "String",
                "Default": "",
                "Description": "ARN of the account's OIDC provider for this CI host when another stack made it; empty creates it"
            }),
        );
        let branch = (
            "DeployBranch",
            json!({
                "Type": "String",
                "Default": "main",
                "Description": "The branch whose pipelines may deploy"
            }),
        );
        match self {
            CiIdentity::GitHub => vec![
                (
                    "GitHubRepository",
                    json!({
                        "Type": "String",
                        "Description": "owner/name of the GitHub repository whose workflow deploys",
                        "AllowedPattern": "[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+"
                    }),
                ),
                (
                    "DeployBranch",
                    json!({
                        "Type": "String",
                        "Default": "main",
                        "Description": "The branch whose workflow runs may deploy"
                    }),
                ),
                (
                    provider_arn.0,
                    json!({
                        "Type": "String",
                        "Default": "",
                        "Description": "ARN of the account's GitHub OIDC provider when another stack made it; empty creates it"
                    }),
                ),
            ],
            CiIdentity::GitLab => vec![
                (
                    "GitLabProjectPath",
                    json!({
                        "Type": "String",
                        "Description": "group/project path of the GitLab project whose pipelines deploy (CI_PROJECT_PATH)",
                        "AllowedPattern": "[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+"
                    }),
                ),
                branch,
                provider_arn,
            ],
            CiIdentity::Bitbucket => vec![
                (
                    "BitbucketWorkspace",
                    json!({
                        "Type": "String",
                        "Description": "The Bitbucket workspace (BITBUCKET_WORKSPACE), part of its OIDC provider URL",
                        "AllowedPattern": "[A-Za-z0-9_.-]+"
                    }),
                ),
                (
                    "BitbucketWorkspaceUuid",
                    json!({
                        "Type": "String",
                        "Description": "The workspace UUID, without braces: the end of the Audience on Repository settings > Pipelines > OpenID Connect",
                        "AllowedPattern": "[0-9A-Fa-f-]+"
                    }),
                ),
                (
                    "BitbucketRepositoryUuid",
                    json!({
                        "Type": "String",
                        "Description": "The repository UUID (BITBUCKET_REPO_UUID) whose pipelines may deploy",
                        "AllowedPattern": "[{]?[0-9A-Fa-f-]+[}]?"
                    }),
                ),
                provider_arn,
            ],
        }
    }

    /// What the pipeline passes on every stack deploy, from the CI host's own variables.
    pub fn overrides(self) -> &'static str {
        match self {
            CiIdentity::GitHub => "\"GitHubRepository=$GITHUB_REPOSITORY\"",
            CiIdentity::GitLab => "\"GitLabProjectPath=$CI_PROJECT_PATH\"",
            CiIdentity::Bitbucket => {
                "\"BitbucketWorkspace=$BITBUCKET_WORKSPACE\" \"BitbucketRepositoryUuid=$BITBUCKET_REPO_UUID\""
            }
        }
    }
}
