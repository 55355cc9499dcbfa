//! What the generated files really do, read back from each platform's parsed file and the CI
//! workflow: the processes they run, the path they probe, the migration they run before a
//! release, the volume they mount and the Kamal accessories they define.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

/// What one generated output deploys, as its files say.
#[derive(Debug, Default)]
pub struct Deployed {
    /// Every file read, for the messages.
    pub files: Vec<String>,
    /// Names of the non-web processes the platform files run.
    pub workers: BTreeSet<String>,
    /// Paths an HTTP probe (platform check or CI smoke step) requests.
    pub health_paths: BTreeSet<String>,
    /// Commands a release step runs (platform hook, migration job, CI step).
    pub release_commands: Vec<String>,
    /// Every command string a CI step runs or passes on (`run:` and step `env:` values).
    pub ci_commands: Vec<String>,
    /// A persistent volume/disk is declared (render `disk`, fly `[mounts]`, Kamal `volumes`).
    pub volume: bool,
    /// Kamal accessories defined in config/deploy.yml.
    pub accessories: BTreeSet<String>,
}

fn text(out: &Path, rel: &str) -> Option<String> {
    std::fs::read_to_string(out.join(rel)).ok()
}

fn yaml(out: &Path, rel: &str) -> Option<Value> {
    text(out, rel).map(|t| {
        serde_saphyr::from_str(&t).unwrap_or_else(|e| panic!("{}: {e}", out.join(rel).display()))
    })
}

fn yaml_docs(out: &Path, rel: &str) -> Vec<Value> {
    text(out, rel)
        .map(|t| {
            serde_saphyr::from_str_multiple(&t)
                .unwrap_or_else(|e| panic!("{}: {e}", out.join(rel).display()))
        })
        .unwrap_or_default()
}

fn json(out: &Path, rel: &str) -> Option<Value> {
    text(out, rel).map(|t| {
        serde_json::from_str(&t).unwrap_or_else(|e| panic!("{}: {e}", out.join(rel).display()))
    })
}

fn str_of(v: &Value) -> Option<String> {
    v.as_str().map(String::from)
}

fn list(v: &Value) -> Vec<Value> {
    v.as_array().cloned().unwrap_or_default()
}

/// A command given as a string or as an argv list (`["/bin/sh", "-c", "cmd"]`): its last word
/// is the shell command.
fn command_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Array(a) => a.last().and_then(str_of),
        _ => None,
    }
}

/// Reads the outputs of `platform` under `out`.
pub fn read(out: &Path, platform: &str, plan: &Value) -> Deployed {
    let mut d = Deployed::default();
    // A monorepo's services each have their own file in their folder on some platforms.
    let services: Vec<(String, bool)> = list(&plan["services"])
        .iter()
        .map(|s| {
            (
                s["path"].as_str().unwrap_or(".").to_string(),
                s["is_worker"].as_bool().unwrap_or(false),
            )
        })
        .filter(|(p, _)| p != ".")
        .collect();
    for (dir, is_worker) in &services {
        let out = out.join(dir);
        let mut one = Deployed::default();
        match platform {
            "fly" => fly(&out, &mut one),
            "railway" => railway(&out, &mut one),
            _ => continue,
        }
        if *is_worker && !one.files.is_empty() {
            d.workers
                .insert(dir.rsplit('/').next().unwrap_or(dir).to_string());
        }
        d.files
            .extend(one.files.iter().map(|f| format!("{dir}/{f}")));
        d.health_paths.extend(one.health_paths);
        d.release_commands.extend(one.release_commands);
        d.workers.extend(one.workers);
        d.volume |= one.volume;
    }
    match platform {
        "render" => render(out, &mut d),
        "fly" => fly(out, &mut d),
        "railway" => railway(out, &mut d),
        "heroku" => heroku(out, &mut d),
        "kubernetes" => kubernetes(out, &mut d),
        "aws-ecs" => ecs(out, &mut d),
        "cloud-run" => cloud_run(out, &mut d),
        "kamal" => kamal(out, &mut d),
        "digitalocean" => digitalocean(out, &mut d),
        // Static hosts: no processes, probes or release steps to read.
        "vercel" | "netlify" | "cloudflare" => {}
        other => panic!("no reader for platform {other}"),
    }
    workflow(out, &mut d);
    d
}

fn render(out: &Path, d: &mut Deployed) {
    let Some(file) = yaml(out, "render.yaml") else {
        return;
    };
    d.files.push("render.yaml".into());
    let mut services = list(&file["services"]);
    for project in list(&file["projects"]) {
        for env in list(&project["environments"]) {
            services.extend(list(&env["services"]));
        }
    }
    for s in services {
        match s["type"].as_str() {
            Some("web") => {
                d.health_paths.extend(str_of(&s["healthCheckPath"]));
                d.release_commands.extend(str_of(&s["preDeployCommand"]));
                d.volume |= s.get("disk").is_some_and(|x| !x.is_null());
            }
            Some("worker") => {
                let name = s["name"].as_str().unwrap_or("");
                // Services are named `<project>[-<environment>]-<process>`.
                d.workers
                    .insert(name.rsplit('-').next().unwrap_or(name).to_string());
            }
            _ => {}
        }
    }
}

fn fly(out: &Path, d: &mut Deployed) {
    let Some(t) = text(out, "fly.toml") else {
        return;
    };
    d.files.push("fly.toml".into());
    let file: Value = toml::from_str(&t).expect("fly.toml parses");
    if let Some(p) = file["processes"].as_object() {
        d.workers
            .extend(p.keys().filter(|k| *k != "app" && *k != "web").cloned());
    }
    for c in list(&file["http_service"]["checks"]) {
        d.health_paths.extend(str_of(&c["path"]));
    }
    for s in list(&file["services"]) {
        for c in list(&s["http_checks"]) {
            d.health_paths.extend(str_of(&c["path"]));
        }
    }
    d.release_commands
        .extend(str_of(&file["deploy"]["release_command"]));
    d.volume |= file.get("mounts").is_some_and(|m| !m.is_null());
}

fn railway(out: &Path, d: &mut Deployed) {
    if let Some(file) = json(out, "railway.json") {
        d.files.push("railway.json".into());
        d.health_paths
            .extend(str_of(&file["deploy"]["healthcheckPath"]));
        let pre = &file["deploy"]["preDeployCommand"];
        d.release_commands.extend(
            str_of(pre)
                .into_iter()
                .chain(list(pre).iter().filter_map(str_of)),
        );
    }
    // One service config per worker: `railway/<name>/railway.json`.
    for e in std::fs::read_dir(out.join("railway"))
        .into_iter()
        .flatten()
        .flatten()
    {
        // A service with a cron schedule is a scheduled job, not a worker.
        let scheduled = std::fs::read_to_string(e.path().join("railway.json"))
            .ok()
            .and_then(|t| serde_json::from_str::<Value>(&t).ok())
            .is_some_and(|f| !f["deploy"]["cronSchedule"].is_null());
        if e.path().join("railway.json").is_file() && !scheduled {
            d.workers
                .insert(e.file_name().to_string_lossy().into_owned());
        }
    }
}

/// A monorepo's container deploy (no Procfile): the workflow pushes each service's images as
/// `registry.heroku.com/$HEROKU_APP_NAME_<SERVICE>/<process-type>` and passes the release
/// image's command as `HEROKU_RELEASE_COMMAND_<SERVICE>`.
fn heroku_images(out: &Path, d: &mut Deployed) {
    let Some(file) = yaml(out, ".github/workflows/deploy.yml") else {
        return;
    };
    for job in file["jobs"]
        .as_object()
        .into_iter()
        .flat_map(|j| j.values())
    {
        for step in list(&job["steps"]) {
            for (k, v) in step["env"].as_object().into_iter().flatten() {
                if k.starts_with("HEROKU_RELEASE_COMMAND_") {
                    d.release_commands.extend(str_of(v));
                }
            }
            let run = str_of(&step["run"]).unwrap_or_default();
            for push in run.lines().filter_map(|l| l.strip_prefix("docker push ")) {
                let image = push.trim_matches('"');
                let Some(rest) = image.strip_prefix("registry.heroku.com/$HEROKU_APP_NAME_") else {
                    continue;
                };
                let Some((suffix, kind)) = rest.split_once('/') else {
                    continue;
                };
                match kind {
                    "web" | "release" => {}
                    "worker" => {
                        d.workers.insert(suffix.to_lowercase().replace('_', "-"));
                    }
                    other => {
                        d.workers.insert(other.to_string());
                    }
                }
            }
        }
    }
}

fn heroku(out: &Path, d: &mut Deployed) {
    let Some(procfile) = text(out, "Procfile") else {
        heroku_images(out, d);
        return;
    };
    d.files.push("Procfile".into());
    for line in procfile
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
    {
        let Some((name, command)) = line.split_once(':') else {
            continue;
        };
        match name.trim() {
            "web" => {}
            "release" => d.release_commands.push(command.trim().to_string()),
            other => {
                d.workers.insert(other.to_string());
            }
        }
    }
}

fn kubernetes(out: &Path, d: &mut Deployed) {
    d.files.push("k8s/".into());
    for doc in yaml_docs(out, "k8s/deployment.yaml") {
        if doc["kind"] != "Deployment" {
            continue;
        }
        for c in list(&doc["spec"]["template"]["spec"]["containers"]) {
            let name = c["name"].as_str().unwrap_or("").to_string();
            // A worker serves no port; web services and static frontends (nginx) do.
            let serves = !list(&c["ports"]).is_empty();
            if name != "web" && !serves {
                d.workers.insert(name);
            }
            for probe in ["startupProbe", "readinessProbe", "livenessProbe"] {
                d.health_paths.extend(str_of(&c[probe]["httpGet"]["path"]));
            }
        }
    }
    for doc in yaml_docs(out, "k8s/migrate-job.yaml") {
        for c in list(&doc["spec"]["template"]["spec"]["containers"]) {
            d.release_commands.extend(command_of(&c["command"]));
        }
    }
}

fn ecs(out: &Path, d: &mut Deployed) {
    for e in std::fs::read_dir(out.join("ecs"))
        .into_iter()
        .flatten()
        .flatten()
    {
        let file = e.file_name().to_string_lossy().into_owned();
        if let Some(worker) = file.strip_suffix("-task-definition.json") {
            d.files.push(format!("ecs/{file}"));
            d.workers.insert(worker.to_string());
        }
    }
    if let Some(t) = text(out, "infra/aws/stack.yaml") {
        d.files.push("infra/aws/stack.yaml".into());
        // CloudFormation short tags (`!Ref`) are not plain YAML: read the keys by line. A
        // resource starts at a two-space key; an ECS service without a load balancer is a
        // worker's.
        let mut blocks: Vec<Vec<&str>> = Vec::new();
        for line in t.lines() {
            let resource_key = line.starts_with("  ")
                && !line.starts_with("   ")
                && line.trim_end().ends_with(':');
            if resource_key || blocks.is_empty() {
                blocks.push(Vec::new());
            }
            blocks.last_mut().expect("a block").push(line);
        }
        for b in &blocks {
            let ecs_service = b.iter().any(|l| l.trim() == "Type: AWS::ECS::Service");
            let balanced = b.iter().any(|l| l.trim() == "LoadBalancers:");
            if ecs_service && !balanced {
                let name = b
                    .iter()
                    .find_map(|l| l.trim().strip_prefix("ServiceName:"))
                    .map(|n| n.trim().trim_matches('"').to_string());
                d.workers.extend(name);
            }
        }
        for line in t.lines() {
            if let Some(path) = line.trim().strip_prefix("HealthCheckPath:") {
                d.health_paths
                    .insert(path.trim().trim_matches('"').to_string());
            }
        }
    }
}

fn cloud_run(out: &Path, d: &mut Deployed) {
    // The root app's service, or one per monorepo service under cloud-run/.
    let mut manifests = vec!["service.yaml".to_string()];
    for e in std::fs::read_dir(out.join("cloud-run"))
        .into_iter()
        .flatten()
        .flatten()
    {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.ends_with(".yaml") && name != "cloudbuild.yaml" {
            manifests.push(format!("cloud-run/{name}"));
        }
    }
    for path in manifests {
        let Some(file) = yaml(out, &path) else {
            continue;
        };
        d.files.push(path);
        for c in list(&file["spec"]["template"]["spec"]["containers"]) {
            for probe in ["startupProbe", "livenessProbe", "readinessProbe"] {
                d.health_paths.extend(str_of(&c[probe]["httpGet"]["path"]));
            }
        }
    }
}

/// `config/deploy.yml`, else a monorepo's `config/deploy.<service>.yml` (one per service;
/// `config/deploy.<service>.<env>.yml` are their destinations).
fn kamal(out: &Path, d: &mut Deployed) {
    let mut paths = vec!["config/deploy.yml".to_string()];
    if !out.join("config/deploy.yml").exists() {
        let mut each: Vec<String> = std::fs::read_dir(out.join("config"))
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| {
                n.strip_prefix("deploy.")
                    .and_then(|r| r.strip_suffix(".yml"))
                    .is_some_and(|svc| !svc.contains('.'))
            })
            .map(|n| format!("config/{n}"))
            .collect();
        each.sort();
        paths = each;
    }
    for path in paths {
        let Some(file) = yaml(out, &path) else {
            continue;
        };
        d.files.push(path);
        if let Some(servers) = file["servers"].as_object() {
            d.workers
                .extend(servers.keys().filter(|k| *k != "web").cloned());
        }
        d.health_paths
            .extend(str_of(&file["proxy"]["healthcheck"]["path"]));
        if let Some(a) = file["accessories"].as_object() {
            d.accessories.extend(a.keys().cloned());
        }
        d.volume |= file["volumes"].as_array().is_some_and(|v| !v.is_empty());
    }
}

fn digitalocean(out: &Path, d: &mut Deployed) {
    let Some(file) = yaml(out, ".do/app.yaml") else {
        return;
    };
    d.files.push(".do/app.yaml".into());
    for s in list(&file["services"]) {
        d.health_paths
            .extend(str_of(&s["health_check"]["http_path"]));
    }
    for w in list(&file["workers"]) {
        d.workers.extend(str_of(&w["name"]));
    }
    for j in list(&file["jobs"]) {
        if j["kind"] == "PRE_DEPLOY" {
            d.release_commands.extend(str_of(&j["run_command"]));
        }
    }
}

/// deployplan's CI workflow (beside the repository's own `deploy.yml` when it has one): the
/// commands its steps run and the paths its smoke steps request.
fn workflow(out: &Path, d: &mut Deployed) {
    let dir = out.join(".github/workflows");
    let Some(rel) = ["deployplan-deploy.yml", "deploy.yml"]
        .iter()
        .find(|f| dir.join(f).is_file())
    else {
        return;
    };
    let file = yaml(&dir, rel).expect("workflow exists");
    d.files.push(format!(".github/workflows/{rel}"));
    for job in file["jobs"]
        .as_object()
        .into_iter()
        .flat_map(|j| j.values())
    {
        for step in list(&job["steps"]) {
            let run = str_of(&step["run"]);
            let env: Vec<String> = step["env"]
                .as_object()
                .into_iter()
                .flat_map(|e| e.values().filter_map(str_of))
                .collect();
            if let Some(run) = &run {
                // A smoke step: `curl … "$URL/path"`.
                for word in run.split_whitespace().filter(|_| run.contains("curl")) {
                    let w = word.trim_matches(|c| c == '"' || c == '\'');
                    if let Some(i) = w.find("}/").or_else(|| w.find("URL/")) {
                        let path = &w[w[i..].find('/').map_or(w.len(), |j| i + j)..];
                        d.health_paths.insert(path.to_string());
                    }
                }
            }
            // The command a step migrates with: its `MIGRATE_COMMAND`, or the `run:` of a
            // step named for the migrations.
            match str_of(&step["env"]["MIGRATE_COMMAND"]) {
                Some(c) => d.release_commands.push(c),
                None if step["name"]
                    .as_str()
                    .is_some_and(|n| n.to_lowercase().contains("migrat")) =>
                {
                    d.release_commands.extend(run.iter().cloned())
                }
                None => {}
            }
            d.ci_commands.extend(run);
            d.ci_commands.extend(env);
        }
    }
}
