//! The AWS ECS option through the binary: every fixture app gets a CloudFormation stack the
//! validators accept (cfn-lint and checkov) with GitHub, GitLab and Bitbucket; the plan's
//! workers run as their own services that the pipeline moves; one template serves an
//! existing VPC too, creating no network of its own there.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{deployplan, read, yaml};

fn scan_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../deployplan-scan/tests/fixtures")
        .join(name)
        .join("repo")
}

/// Every app of `tests/apps` (the folders of `services/` and `toolchain/` one by one) and
/// every scan fixture, by a name unique among them.
fn fixture_apps() -> Vec<(String, PathBuf)> {
    let apps = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/apps");
    let mut out = Vec::new();
    for e in std::fs::read_dir(&apps).expect("tests/apps").flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name == "services" || name == "toolchain" {
            for inner in std::fs::read_dir(e.path()).unwrap().flatten() {
                let inner_name = inner.file_name().to_string_lossy().into_owned();
                out.push((format!("{name}-{inner_name}"), inner.path()));
            }
        } else if e.path().is_dir() {
            out.push((format!("app-{name}"), e.path()));
        }
    }
    let scans = Path::new(env!("CARGO_MANIFEST_DIR")).join("../deployplan-scan/tests/fixtures");
    for e in std::fs::read_dir(scans).expect("scan fixtures").flatten() {
        if e.path().join("repo").is_dir() {
            let name = e.file_name().to_string_lossy().into_owned();
            out.push((format!("scan-{name}"), e.path().join("repo")));
        }
    }
    out.sort();
    out
}

fn generate(repo: &Path, out: &Path, ci: &str) {
    let output = deployplan()
        .args(["generate", "--date", "2026-11-26", "--no-save", "--repo"])
        .arg(repo)
        .arg("--out")
        .arg(out)
        .args(["--platform", "aws-ecs", "--ci", ci])
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{} ({ci}): {}",
        repo.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn stack(out: &Path) -> Value {
    yaml(&out.join("infra/aws/stack.yaml"))
}

#[test]
fn every_fixture_app_gets_a_stack_the_validators_accept() {
    let tmp = tempfile::tempdir().unwrap();
    let apps = fixture_apps();
    assert!(apps.len() >= 60, "found {} fixture apps", apps.len());
    for (name, repo) in &apps {
        let out = tmp.path().join(name);
        generate(repo, &out, "github");
        let s = stack(&out);
        assert_eq!(
            s["Resources"]["Cluster"]["Type"], "AWS::ECS::Cluster",
            "{name}"
        );
    }
    // GitLab and Bitbucket deploy jobs sign in to the OIDC provider the stack creates.
    for (ci, fixture) in [("gitlab", "flask-rq"), ("bitbucket", "rails-sidekiq")] {
        let out = tmp.path().join(format!("{ci}-{fixture}"));
        generate(&scan_fixture(fixture), &out, ci);
        let s = stack(&out);
        let provider = if ci == "gitlab" {
            "GitLabOidcProvider"
        } else {
            "BitbucketOidcProvider"
        };
        assert_eq!(
            s["Resources"][provider]["Type"], "AWS::IAM::OIDCProvider",
            "{ci}"
        );
        assert!(s["Outputs"]["DeployRoleArn"].is_object(), "{ci}");
    }
    let Some(summary) = crate::support::run_validators(tmp.path()) else {
        return;
    };
    eprintln!("{} fixture apps on aws-ecs: {summary}", apps.len());
}

#[test]
fn gitlab_and_bitbucket_jobs_assume_the_stacks_deploy_role_by_oidc() {
    let tmp = tempfile::tempdir().unwrap();
    let gitlab = tmp.path().join("gitlab");
    generate(&scan_fixture("flask-rq"), &gitlab, "gitlab");
    let s = stack(&gitlab);
    let trust =
        &s["Resources"]["DeployRole"]["Properties"]["AssumeRolePolicyDocument"]["Statement"][0];
    assert_eq!(trust["Action"], "sts:AssumeRoleWithWebIdentity");
    assert_eq!(
        trust["Condition"]["StringEquals"]["gitlab.com:sub"]["Fn::Sub"],
        "project_path:${GitLabProjectPath}:ref_type:branch:ref:${DeployBranch}"
    );
    let provider = &s["Resources"]["GitLabOidcProvider"]["Properties"];
    assert_eq!(provider["Url"], "https://gitlab.com");
    // The audience the job's ID token asks for is the one the provider lists.
    let ci = yaml(&gitlab.join(".gitlab-ci.yml"));
    let deploy = ci
        .as_object()
        .unwrap()
        .iter()
        .find(|(k, _)| k.starts_with("deploy-"))
        .map(|(_, v)| v)
        .expect("a deploy job");
    let aud = &deploy["id_tokens"]["CLOUD_ID_TOKEN"]["aud"];
    assert_eq!(provider["ClientIdList"][0], *aud);
    assert_eq!(trust["Condition"]["StringEquals"]["gitlab.com:aud"], *aud);
    let script = deploy["script"].to_string();
    assert!(
        script.contains("GitLabProjectPath=$CI_PROJECT_PATH"),
        "{script}"
    );
    assert!(script.contains("AWS_WEB_IDENTITY_TOKEN_FILE"), "{script}");

    let bitbucket = tmp.path().join("bitbucket");
    generate(&scan_fixture("rails-sidekiq"), &bitbucket, "bitbucket");
    let s = stack(&bitbucket);
    let provider = &s["Resources"]["BitbucketOidcProvider"]["Properties"];
    assert_eq!(
        provider["Url"]["Fn::Sub"],
        "https://api.bitbucket.org/2.0/workspaces/${BitbucketWorkspace}/pipelines-config/identity/oidc"
    );
    assert_eq!(
        provider["ClientIdList"][0]["Fn::Sub"],
        "ari:cloud:bitbucket::workspace/${BitbucketWorkspaceUuid}"
    );
    // The policy is one Fn::Sub string (its condition keys name the workspace): parse it.
    let document = &s["Resources"]["DeployRole"]["Properties"]["AssumeRolePolicyDocument"];
    let text = document["Fn::Sub"][0].as_str().expect("a policy text");
    let policy: Value = serde_json::from_str(text).expect("the policy is JSON");
    let issuer =
        "api.bitbucket.org/2.0/workspaces/${BitbucketWorkspace}/pipelines-config/identity/oidc";
    let condition = &policy["Statement"][0]["Condition"];
    assert_eq!(
        condition["StringEquals"][format!("{issuer}:aud")],
        "ari:cloud:bitbucket::workspace/${BitbucketWorkspaceUuid}"
    );
    assert_eq!(
        condition["StringLike"][format!("{issuer}:sub")],
        "*${BitbucketRepositoryUuid}*"
    );
    let pipelines = read(&bitbucket.join("bitbucket-pipelines.yml"));
    assert!(pipelines.contains("oidc: true"), "{pipelines}");
    assert!(
        pipelines.contains("BITBUCKET_STEP_OIDC_TOKEN"),
        "{pipelines}"
    );
    assert!(
        pipelines.contains("BitbucketRepositoryUuid=$BITBUCKET_REPO_UUID"),
        "{pipelines}"
    );
}

#[test]
fn each_worker_runs_as_its_own_service_that_the_pipeline_moves() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    generate(&scan_fixture("flask-rq"), &out, "github");
    let s = stack(&out);
    let resources = s["Resources"].as_object().unwrap();
    let web = &resources["TaskDefinition"]["Properties"]["ContainerDefinitions"][0];

    let service = &resources["WorkerService"];
    assert_eq!(service["Type"], "AWS::ECS::Service");
    assert_eq!(service["Condition"], "HasImage");
    let props = &service["Properties"];
    assert!(
        props.get("LoadBalancers").is_none(),
        "a worker has no load balancer"
    );
    assert_eq!(props["DesiredCount"]["Ref"], "WorkerTasks");
    assert!(s["Parameters"]["WorkerTasks"]["Default"].as_u64() >= Some(1));
    assert_eq!(props["TaskDefinition"]["Ref"], "WorkerTaskDefinition");

    let task = &resources["WorkerTaskDefinition"]["Properties"];
    let container = &task["ContainerDefinitions"][0];
    // The Procfile's own command, the web's image and secrets, no port.
    assert_eq!(
        container["Command"],
        serde_json::json!(["/bin/sh", "-c", "rq worker --url $REDIS_URL"])
    );
    assert_eq!(container["Image"], web["Image"]);
    assert_eq!(container["Secrets"], web["Secrets"]);
    assert!(container.get("PortMappings").is_none());
    assert_eq!(
        task["ExecutionRoleArn"],
        resources["TaskDefinition"]["Properties"]["ExecutionRoleArn"]
    );

    // The pipeline moves the stack to the commit (web and workers share ImageTag), then waits
    // for every service.
    let workflow = read(&out.join(".github/workflows/deploy.yml"));
    let image_tag = workflow
        .find("ImageTag=$COMMIT_SHA")
        .expect("ImageTag deploy");
    let wait = workflow
        .find("for service in \"$APP_NAME\" $WORKER_SERVICES")
        .expect("waits for the workers");
    assert!(image_tag < wait);
    let doc = yaml(&out.join(".github/workflows/deploy.yml"));
    let names: BTreeSet<String> = doc["jobs"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|j| j["steps"].as_array().cloned().unwrap_or_default())
        .filter_map(|step| step["env"]["WORKER_SERVICES"].as_str().map(String::from))
        .collect();
    assert!(!names.is_empty(), "WORKER_SERVICES reaches the deploy step");
    for n in &names {
        assert_eq!(n, props["ServiceName"].as_str().unwrap());
    }
    // No loose task definition for the worker: the stack owns its service.
    assert!(!out.join("ecs/worker-task-definition.json").exists());
}

/// The template as CloudFormation evaluates it with the given conditions: resources and
/// outputs whose condition is false are gone, `Fn::If` takes its branch.
fn evaluate(template: &Value, conditions: &[(&str, bool)]) -> Value {
    fn pick(v: &Value, conditions: &[(&str, bool)]) -> Value {
        match v {
            Value::Object(m) => {
                if let Some(Value::Array(args)) = m.get("Fn::If")
                    && let Some(&(_, on)) = conditions
                        .iter()
                        .find(|(c, _)| args.first().and_then(Value::as_str) == Some(*c))
                {
                    return pick(&args[if on { 1 } else { 2 }], conditions);
                }
                Value::Object(
                    m.iter()
                        .map(|(k, v)| (k.clone(), pick(v, conditions)))
                        .collect(),
                )
            }
            Value::Array(a) => Value::Array(a.iter().map(|v| pick(v, conditions)).collect()),
            other => other.clone(),
        }
    }
    let kept = |section: &Value| -> Value {
        Value::Object(
            section
                .as_object()
                .unwrap()
                .iter()
                .filter(|(_, r)| !conditions.iter().any(|(c, on)| !on && r["Condition"] == *c))
                .map(|(k, r)| (k.clone(), pick(r, conditions)))
                .collect(),
        )
    };
    let mut out = template.clone();
    out["Resources"] = kept(&template["Resources"]);
    out["Outputs"] = kept(&template["Outputs"]);
    out
}

/// Every logical id a value points at (`Ref`, `Fn::GetAtt`, `${Name}` in `Fn::Sub`).
fn references(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(id)) = m.get("Ref") {
                out.insert(id.clone());
            }
            if let Some(Value::Array(a)) = m.get("Fn::GetAtt")
                && let Some(id) = a.first().and_then(Value::as_str)
            {
                out.insert(id.to_string());
            }
            let text = match m.get("Fn::Sub") {
                Some(Value::String(s)) => Some(s.as_str()),
                Some(Value::Array(a)) => a.first().and_then(Value::as_str),
                _ => None,
            };
            for part in text.unwrap_or("").split("${").skip(1) {
                let name = part.split('}').next().unwrap_or("");
                out.insert(name.split('.').next().unwrap_or("").to_string());
            }
            m.values().for_each(|v| references(v, out));
        }
        Value::Array(a) => a.iter().for_each(|v| references(v, out)),
        _ => {}
    }
}

#[test]
fn one_template_deploys_into_an_existing_vpc_without_creating_a_network() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    // A database and a worker: every kind of resource that lives in the VPC.
    generate(&scan_fixture("flask-rq"), &out, "github");
    let template = stack(&out);
    let p = &template["Parameters"];
    assert_eq!(p["VpcId"]["Default"], "");
    assert_eq!(p["VpcCidr"]["Type"], "String");
    assert_eq!(p["PublicSubnetIds"]["Type"], "CommaDelimitedList");
    assert_eq!(p["PrivateSubnetIds"]["Type"], "CommaDelimitedList");
    assert_eq!(
        template["Conditions"]["CreateVpc"],
        serde_json::json!({ "Fn::Equals": [{ "Ref": "VpcId" }, ""] })
    );
    let network_types = [
        "AWS::EC2::VPC",
        "AWS::EC2::Subnet",
        "AWS::EC2::InternetGateway",
        "AWS::EC2::VPCGatewayAttachment",
        "AWS::EC2::RouteTable",
        "AWS::EC2::Route",
        "AWS::EC2::SubnetRouteTableAssociation",
        "AWS::EC2::NatGateway",
        "AWS::EC2::EIP",
    ];

    for (create_vpc, label) in [(true, "new VPC"), (false, "existing VPC")] {
        let t = evaluate(
            &template,
            &[
                ("CreateVpc", create_vpc),
                ("HasImage", true),
                ("IsProduction", true),
                ("CreateOidcProvider", true),
            ],
        );
        let resources = t["Resources"].as_object().unwrap();
        let network: Vec<&String> = resources
            .iter()
            .filter(|(_, r)| network_types.contains(&r["Type"].as_str().unwrap_or("")))
            .map(|(k, _)| k)
            .collect();
        if create_vpc {
            assert!(network.len() >= 14, "{label}: {network:?}");
        } else {
            assert!(network.is_empty(), "{label}: creates {network:?}");
        }
        // Nothing left points at a resource that is not there.
        let mut refs = BTreeSet::new();
        references(&t["Resources"], &mut refs);
        references(&t["Outputs"], &mut refs);
        for id in refs {
            assert!(
                id.starts_with("AWS::")
                    || resources.contains_key(&id)
                    || t["Parameters"].get(&id).is_some()
                    // Names local to an Fn::Sub variable map.
                    || id == "ProviderArn",
                "{label}: {id} is referenced but not there"
            );
        }
        let lb = &resources["LoadBalancer"]["Properties"]["Subnets"];
        let service = &resources["Service"]["Properties"]["NetworkConfiguration"]["AwsvpcConfiguration"]
            ["Subnets"];
        if create_vpc {
            assert_eq!(lb[0]["Ref"], "PublicSubnetA", "{label}");
            assert_eq!(service[1]["Ref"], "PrivateSubnetB", "{label}");
        } else {
            assert_eq!(lb["Ref"], "PublicSubnetIds", "{label}");
            assert_eq!(service["Ref"], "PrivateSubnetIds", "{label}");
            assert_eq!(
                resources["TargetGroup"]["Properties"]["VpcId"]["Ref"],
                "VpcId"
            );
        }
    }
    // How a person chooses is in the TDD's checklist.
    let tdd = read(&out.join("specs/DEPLOYMENT_TDD.md"));
    assert!(tdd.contains("to use an existing VPC, set VpcId"), "{tdd}");
}

/// A monorepo on ECS: the stack runs its web service from that service's own Dockerfile and
/// build context (the root has no Dockerfile to build), on its port and health path.
#[test]
fn a_monorepo_stack_runs_its_web_service_from_its_own_image() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    let app =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/apps/services/pnpm-vite-nest");
    crate::support::copy_dir(&app, &repo);
    let out = tmp.path().join("out");
    crate::support::generate_on(&repo, &out, "aws-ecs");
    assert!(out.join("apps/api/Dockerfile").is_file());
    let (env, run) = crate::support::staging_deploy_step(&out);
    assert_eq!(env["DOCKERFILE"], "apps/api/Dockerfile");
    assert_eq!(env["CONTEXT"], ".");
    assert!(
        run.contains("docker build --pull -t \"$IMAGE\" -f \"$DOCKERFILE\" \"$CONTEXT\""),
        "{run}"
    );
    let stack = crate::support::read(&out.join("infra/aws/stack.yaml"));
    assert!(stack.contains("HealthCheckPath: /health"), "{stack}");
    assert!(stack.contains("ContainerPort: 3001"), "the api's own port");
    let tdd = crate::support::read(&out.join("specs/DEPLOYMENT_TDD.md"));
    assert!(tdd.contains("the stack deploys the api service"), "{tdd}");
    crate::support::run_validators(&out);
}
