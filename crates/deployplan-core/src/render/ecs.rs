//! The TDD's view of the AWS ECS stack (`infra/aws/stack.yaml`): its monthly cost from the
//! resources it creates, each price with its source; how a stack update is rolled back; and
//! the parameters only the person knows. For Cloud Run and Azure Container Apps, which get no
//! infrastructure as code, the one-time setup as commands.

use serde::Serialize;

use super::commands::{self, CommandBlock};
use crate::answers::CiProvider;
use crate::catalog::{Catalog, PlatformId};
use crate::plan::Plan;
use crate::plan::ProcessKind;
use crate::plan::cost::{ecs_task_bounds, ecs_worker_tasks, usd};

/// One priced resource of the stack.
#[derive(Serialize)]
pub struct EcsItem {
    pub label: String,
    pub what: String,
    pub usd: String,
    pub note: String,
    pub source: String,
    pub checked: String,
}

#[derive(Serialize)]
pub struct EcsView {
    pub items: Vec<EcsItem>,
    pub total: String,
    pub rollback: [&'static str; 6],
    pub parameters: Vec<&'static str>,
    pub first_deploy: CommandBlock,
}

/// The stack's view, for an ECS plan only.
pub fn view(plan: &Plan) -> Option<EcsView> {
    if plan.platform.id != PlatformId::AwsEcs {
        return None;
    }
    let catalog = Catalog::embedded().ok()?;
    let (min_tasks, max_tasks) = ecs_task_bounds(plan.answers.context.scale);
    let db = plan.database.as_ref().filter(|d| {
        d.hosting == "same-platform"
            && matches!(d.engine.as_str(), "postgres" | "mysql" | "mariadb")
    });
    let cache = plan
        .database
        .as_ref()
        .is_some_and(|d| d.hosting == "same-platform" && d.cache_url_env.is_some());
    let secrets = plan.secrets.secrets.len();
    let mut items = Vec::new();
    let mut total = 0.0;
    let mut add = |id: &str, quantity: f64, what: String| {
        if let Some(s) = catalog.service(id) {
            let monthly = s.monthly_usd * quantity;
            total += monthly;
            items.push(EcsItem {
                label: s.name.clone(),
                what,
                usd: usd(monthly),
                note: s.note.clone(),
                source: s.source.clone(),
                checked: s.checked.clone(),
            });
        }
    };
    add(
        "aws-fargate-task",
        f64::from(min_tasks),
        format!("{min_tasks} web task(s) at the autoscaling floor (MinTasks; up to {max_tasks})"),
    );
    // One service per worker, each `WorkerTasks` tasks of the same size (the stack's numbers).
    let workers = plan
        .runtime
        .processes
        .iter()
        .filter(|p| p.kind == ProcessKind::Worker)
        .count();
    if workers > 0 {
        let per = ecs_worker_tasks(plan.answers.context.scale);
        let tasks = per * workers as u32;
        add(
            "aws-fargate-task",
            f64::from(tasks),
            format!("{tasks} worker task(s): {workers} worker service(s) of {per} (WorkerTasks)"),
        );
    }
    add("aws-alb", 1.0, "1 load balancer".into());
    add(
        "aws-nat-gateway",
        1.0,
        "1 NAT gateway (none in existing-VPC mode: your VPC's egress instead)".into(),
    );
    add(
        "aws-public-ipv4",
        1.0,
        "3 addresses (2 in existing-VPC mode)".into(),
    );
    add("aws-ecr-storage", 1.0, "1 image repository".into());
    if db.is_some() {
        add(
            "aws-rds-micro",
            1.0,
            "1 instance (Multi-AZ in production doubles it)".into(),
        );
    }
    add("aws-cloudwatch-logs", 1.0, "1 log group".into());
    add(
        "secrets-manager",
        secrets as f64,
        format!("{secrets} secret(s)"),
    );
    if cache {
        // ElastiCache Serverless for Valkey: the platform's own minimum (pricing.model.redis_usd).
        let redis = plan.platform.pricing.model.redis_usd;
        total += redis;
        let model = &plan.platform.pricing.model;
        items.push(EcsItem {
            label: "ElastiCache Serverless for Valkey".into(),
            what: "minimum".into(),
            usd: usd(redis),
            note: model.note.clone(),
            source: model.source.clone(),
            checked: model.checked.clone(),
        });
    }
    let mut parameters = vec![
        "CertificateArn: the ACM certificate of the environment's domain, in the stack's region (CI variable AWS_CERTIFICATE_ARN per environment)",
        "The AWS account and region: AWS_REGION per environment; AWS_ROLE_ARN is the role the pipeline assumes",
    ];
    parameters.extend(match plan.ci.provider {
        CiProvider::Github => vec![
            "GitHubRepository (owner/name) and DeployBranch: who may assume the stack's deploy role; AWS_ROLE_ARN is its DeployRoleArn output after the first deploy",
            "GitHubOidcProviderArn: the account's existing GitHub OIDC provider, when another stack in the account created it (only one per account)",
        ],
        CiProvider::Gitlab => vec![
            "GitLabProjectPath (group/project, the pipeline passes CI_PROJECT_PATH) and DeployBranch: the deploy role trusts ID tokens whose sub is project_path:<group/project>:ref_type:branch:ref:<branch>; AWS_ROLE_ARN is its DeployRoleArn output after the first deploy",
            "GitLabOidcProviderArn: the account's existing https://gitlab.com OIDC provider, when another stack created it (one per account); it must list sts.amazonaws.com, the audience the deploy job's id_tokens asks for",
        ],
        CiProvider::Bitbucket => vec![
            "BitbucketWorkspace, BitbucketWorkspaceUuid and BitbucketRepositoryUuid (Repository settings > Pipelines > OpenID Connect shows the workspace's identity provider URL and Audience): the deploy role trusts that workspace's OIDC tokens for this repository; AWS_ROLE_ARN is its DeployRoleArn output after the first deploy",
            "BitbucketOidcProviderArn: the account's existing OIDC provider for the workspace, when another stack created it (one per URL and account)",
        ],
        _ => vec![
            "AWS_ROLE_ARN: a role the pipeline can assume, made outside this stack (the stack creates an OIDC deploy role only for GitHub, GitLab and Bitbucket)",
        ],
    });
    parameters.push(
        "Network: leave VpcId empty and the stack creates a VPC (10.0.0.0/16, two zones, one NAT gateway); to use an existing VPC, set VpcId, VpcCidr (its IPv4 range), PublicSubnetIds (two public subnets in two zones) and PrivateSubnetIds (two private subnets with egress: a NAT gateway or VPC endpoints for ECR, CloudWatch Logs and Secrets Manager) on the first deploy; later deploys keep them",
    );
    if workers > 0 {
        parameters.push(
            "WorkerTasks: the tasks of each worker service (default from the plan's scale); a worker listens on no port and has no load balancer",
        );
    }
    parameters.extend([
        "The domain: point a CNAME (or Route 53 alias) at the LoadBalancerDnsName output",
        "Secret values: `aws secretsmanager put-secret-value --secret-id <stack>/<NAME> --secret-string ...` once per secret before the first deploy",
    ]);
    let first_deploy = format!(
        "aws cloudformation deploy --stack-name <app>-<environment> --template-file infra/aws/stack.yaml --capabilities CAPABILITY_NAMED_IAM --parameter-overrides Environment=<environment> CertificateArn=<acm-arn>{}",
        match plan.ci.provider {
            CiProvider::Github => " GitHubRepository=<owner/name>",
            CiProvider::Gitlab => " GitLabProjectPath=<group/project>",
            CiProvider::Bitbucket => {
                " BitbucketWorkspace=<workspace> BitbucketWorkspaceUuid=<workspace-uuid> BitbucketRepositoryUuid=<{repository-uuid}>"
            }
            _ => "",
        }
    );
    Some(EcsView {
        items,
        total: usd(total),
        rollback: [
            "A failed stack update rolls itself back to the last working template and parameters; watch it with `aws cloudformation describe-stack-events --stack-name <app>-<environment>`.",
            "A change set is reviewed before it runs: `aws cloudformation deploy ... --no-execute-changeset`, then `aws cloudformation describe-change-set --stack-name <stack> --change-set-name <name>`; `aws cloudformation delete-change-set` drops it.",
            "An update that hangs (a service that never gets stable): `aws cloudformation cancel-update-stack --stack-name <stack>` rolls it back.",
            "A rollback that fails (UPDATE_ROLLBACK_FAILED, e.g. a resource changed by hand): fix the resource, then `aws cloudformation continue-update-rollback --stack-name <stack>` (add `--resources-to-skip <LogicalId>` for one that cannot return).",
            "The service itself: set ImageTag back to the previous commit (`aws cloudformation deploy --stack-name <stack> --template-file infra/aws/stack.yaml --capabilities CAPABILITY_NAMED_IAM --parameter-overrides ImageTag=<previous-sha>`); the deployment circuit breaker already returns a deployment that never gets healthy to the last working one.",
            "The database has DeletionPolicy and UpdateReplacePolicy Snapshot and deletion protection in production: a rolled-back or deleted stack never drops it without a snapshot.",
        ],
        parameters,
        first_deploy: commands::block(&[first_deploy]),
    })
}

/// The one-time setup of the platforms without a generated stack, as commands (`<...>` is what
/// the person knows: the document turns it into a variable to set). Empty for the others.
pub fn setup(plan: &Plan) -> Vec<&'static str> {
    match plan.platform.id {
        PlatformId::CloudRun => vec![
            "gcloud services enable run.googleapis.com artifactregistry.googleapis.com cloudbuild.googleapis.com secretmanager.googleapis.com iamcredentials.googleapis.com --project <project>",
            "gcloud artifacts repositories create <repository> --repository-format=docker --location <region> --project <project>",
            "gcloud iam service-accounts create deployer --project <project>",
            "gcloud projects add-iam-policy-binding <project> --member=serviceAccount:deployer@<project>.iam.gserviceaccount.com --role=roles/run.admin",
            "gcloud projects add-iam-policy-binding <project> --member=serviceAccount:deployer@<project>.iam.gserviceaccount.com --role=roles/cloudbuild.builds.editor",
            "gcloud projects add-iam-policy-binding <project> --member=serviceAccount:deployer@<project>.iam.gserviceaccount.com --role=roles/artifactregistry.writer",
            "gcloud projects add-iam-policy-binding <project> --member=serviceAccount:deployer@<project>.iam.gserviceaccount.com --role=roles/iam.serviceAccountUser",
            "gcloud projects add-iam-policy-binding <project> --member=serviceAccount:deployer@<project>.iam.gserviceaccount.com --role=roles/secretmanager.secretAccessor",
            "gcloud iam workload-identity-pools create github --location=global --project <project>",
            "gcloud iam workload-identity-pools providers create-oidc github --location=global --workload-identity-pool=github --issuer-uri=https://token.actions.githubusercontent.com --attribute-mapping=google.subject=assertion.sub,attribute.repository=assertion.repository --attribute-condition=\"assertion.repository=='<owner/name>'\" --project <project>",
            "gcloud iam service-accounts add-iam-policy-binding deployer@<project>.iam.gserviceaccount.com --role=roles/iam.workloadIdentityUser --member=principalSet://iam.googleapis.com/projects/<project-number>/locations/global/workloadIdentityPools/github/attribute.repository/<owner/name>",
            "# once per secret of section 6 (NAME is the secret's name, VALUE its value):",
            "printf '%s' '<value>' | gcloud secrets create <NAME> --data-file=- --project <project>",
        ],
        PlatformId::AzureContainerApps => vec![
            "az group create --name <resource-group> --location <region>",
            "az acr create --resource-group <resource-group> --name <registry> --sku Basic",
            "az containerapp env create --name <environment> --resource-group <resource-group> --location <region>",
            "az ad app create --display-name <app>-deploy",
            "# APPID is the appId that the command above prints:",
            "az ad sp create --id <appId>",
            "az ad app federated-credential create --id <appId> --parameters '{\"name\": \"github-<environment>\", \"issuer\": \"https://token.actions.githubusercontent.com\", \"subject\": \"repo:<owner/name>:environment:<environment>\", \"audiences\": [\"api://AzureADTokenExchange\"]}'",
            "az role assignment create --assignee <appId> --role Contributor --scope /subscriptions/<subscription>/resourceGroups/<resource-group>",
            "az role assignment create --assignee <appId> --role AcrPush --scope $(az acr show --name <registry> --query id --output tsv)",
        ],
        _ => Vec::new(),
    }
}

/// Why a platform's infrastructure is (or is not) generated as code, for the future section.
pub fn future(plan: &Plan) -> Option<&'static str> {
    match plan.platform.id {
        PlatformId::CloudRun | PlatformId::AzureContainerApps => Some(
            "Infrastructure as code: the one-time setup above is commands, not a generated Terraform or Bicep file, because neither can be validated offline here (no provider schemas without the network); write one when the setup needs repeating",
        ),
        PlatformId::AwsEcs => Some(
            "Infrastructure as code: infra/aws/stack.yaml is CloudFormation, checked offline by cfn-lint and checkov; Terraform or CDK are not generated because they cannot be validated offline here",
        ),
        _ => None,
    }
}
