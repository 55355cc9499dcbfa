//! The ECS task definition and the CloudFormation stack agree: the roles, secrets and log group
//! the task definition names are the stack's outputs, the target group checks the plan's health
//! path, and the pipeline deploys the stack before the image, the migrations and the service.

use deployplan_core::answers::CiProvider;
use serde_json::{Value, json};

use crate::support::Case;

fn files(case: &Case) -> (deployplan_core::Plan, Vec<deployplan_core::GeneratedFile>) {
    let plan = case.plan();
    let files = deployplan_artifacts::render(&plan).expect("renders");
    (plan, files)
}

fn yaml(files: &[deployplan_core::GeneratedFile], path: &str) -> Value {
    let f = files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no {path}"));
    serde_saphyr::from_str(&f.contents).expect("parses")
}

/// `${Name}` → `Name`.
fn token(v: &Value) -> &str {
    let s = v.as_str().expect("a string");
    s.strip_prefix("${")
        .and_then(|s| s.strip_suffix('}'))
        .unwrap_or_else(|| panic!("not a stack output: {s}"))
}

#[test]
fn aws_task_definition_uses_the_stacks_roles_secrets_and_log_group() {
    let mut case = Case::new("aws-ecs", CiProvider::Github);
    case.database = true;
    case.health = true;
    let (plan, files) = files(&case);
    let stack = yaml(&files, "infra/aws/stack.yaml");
    let task: Value = serde_json::from_str(
        &files
            .iter()
            .find(|f| f.path == "ecs/task-definition.json")
            .expect("task definition")
            .contents,
    )
    .unwrap();
    let outputs = &stack["Outputs"];
    let resources = &stack["Resources"];
    let output = |v: &Value| outputs[token(v)]["Value"].clone();

    assert_eq!(
        output(&task["executionRoleArn"]),
        json!({"Fn::GetAtt": ["ExecutionRole", "Arn"]})
    );
    assert_eq!(
        output(&task["taskRoleArn"]),
        json!({"Fn::GetAtt": ["TaskRole", "Arn"]})
    );
    let container = &task["containerDefinitions"][0];
    assert_eq!(
        output(&container["logConfiguration"]["options"]["awslogs-group"]),
        json!({"Ref": "LogGroup"})
    );
    assert_eq!(resources["LogGroup"]["Type"], "AWS::Logs::LogGroup");

    // Every secret of the plan is a stack secret of the same name, by its ARN.
    let secrets = container["secrets"].as_array().expect("secrets");
    let names: Vec<&str> = plan
        .secrets
        .secrets
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(secrets.len(), names.len());
    for s in secrets {
        let name = s["name"].as_str().unwrap();
        let Value::Object(r) = output(&s["valueFrom"]) else {
            panic!("{name}: no output")
        };
        let id = r["Ref"].as_str().expect("a Ref");
        assert_eq!(resources[id]["Type"], "AWS::SecretsManager::Secret");
        assert_eq!(
            resources[id]["Properties"]["Name"],
            deployplan_artifacts::platforms::aws_stack::secret_name(name)
        );
        assert!(names.contains(&name));
    }
    // The stack's own task definition uses the same roles and log group.
    let props = &resources["TaskDefinition"]["Properties"];
    assert_eq!(
        props["ExecutionRoleArn"],
        outputs["ExecutionRoleArn"]["Value"]
    );
    assert_eq!(props["TaskRoleArn"], outputs["TaskRoleArn"]["Value"]);
    assert_eq!(
        props["ContainerDefinitions"][0]["LogConfiguration"]["Options"]["awslogs-group"],
        json!({"Ref": "LogGroup"})
    );

    // Nothing left for a person to replace in the files the stack can fill in.
    for f in &files {
        assert!(!f.contents.contains("REPLACE_WITH"), "{}", f.path);
    }
}

#[test]
fn aws_target_group_checks_the_plans_health_path() {
    let mut case = Case::new("aws-ecs", CiProvider::Github);
    case.health = true;
    let (plan, files) = files(&case);
    let h = plan.health.as_ref().expect("health checks on");
    let tg = &yaml(&files, "infra/aws/stack.yaml")["Resources"]["TargetGroup"]["Properties"];
    assert_eq!(
        tg["HealthCheckPath"],
        deployplan_artifacts::names::url_path(&h.path)
    );
    assert_eq!(tg["HealthCheckIntervalSeconds"], h.interval_s);
    assert_eq!(tg["HealthCheckTimeoutSeconds"], h.timeout_s);
    assert_eq!(tg["UnhealthyThresholdCount"], h.unhealthy_threshold);
}

#[test]
fn aws_pipeline_deploys_the_stack_then_image_migrations_and_service() {
    let mut case = Case::new("aws-ecs", CiProvider::Github);
    case.database = true;
    let (_, files) = files(&case);
    let workflow = &files
        .iter()
        .find(|f| f.path == ".github/workflows/deploy.yml")
        .expect("workflow")
        .contents;
    let at = |needle: &str| {
        workflow
            .find(needle)
            .unwrap_or_else(|| panic!("no {needle} in the workflow"))
    };
    let stack = at("aws cloudformation deploy");
    let push = at("docker push");
    let migrate = at("aws ecs run-task");
    let service = at("ImageTag=$COMMIT_SHA");
    assert!(stack < push && push < migrate && migrate < service);
    assert!(!workflow.contains(":latest"));
}
