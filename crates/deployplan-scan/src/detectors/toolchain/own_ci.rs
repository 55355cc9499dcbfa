//! The repository's own CI files (GitHub Actions workflows, `.gitlab-ci.yml`): the versions its
//! setup steps install, the service containers its tests use and its test command.

use deployplan_core::Facts;
use deployplan_core::facts::{Evidence, RuntimeVersion, TestService, Valued};
use serde_json::Value;

use super::{ID, is_release, push_tool};
use crate::record::{ev, line_of};

/// What an image is, as a test service.
pub(super) fn service_kind(image: &str) -> Option<&'static str> {
    let name = image.rsplit('/').next().unwrap_or(image);
    let name = name.split([':', '@']).next().unwrap_or(name);
    Some(match name {
        "postgres" | "postgis" | "pgvector" => "postgres",
        "mysql" | "mariadb" => "mysql",
        "redis" | "valkey" => "redis",
        _ => return None,
    })
}

pub(super) fn add_service(facts: &mut Facts, kind: &str, image: Option<&str>, e: Evidence) {
    match facts.test_services.iter_mut().find(|s| s.name == kind) {
        Some(s) => {
            if s.image.is_none() {
                s.image = image.map(String::from);
            }
            if s.evidence.len() < crate::record::MAX_EVIDENCE {
                s.evidence.push(e);
            }
        }
        None => facts.test_services.push(TestService {
            name: kind.into(),
            image: image.map(String::from),
            evidence: vec![e],
        }),
    }
}

fn as_text(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    let s = s.trim().to_string();
    (!s.is_empty() && !s.contains("${{") && !s.contains('$') && s != "latest").then_some(s)
}

/// Programs whose run lines can be the test command.
const RUNNERS: &[&str] = &[
    "npm",
    "pnpm",
    "yarn",
    "bun",
    "npx",
    "pytest",
    "python",
    "python3",
    "uv",
    "poetry",
    "pipenv",
    "bundle",
    "bin/rails",
    "rails",
    "rake",
    "go",
    "mvn",
    "./mvnw",
    "gradle",
    "./gradlew",
    "dotnet",
    "mix",
    "php",
    "vendor/bin/phpunit",
    "vendor/bin/pest",
    "composer",
    "cargo",
    "make",
];
const TEST_WORDS: &[&str] = &["test", "spec", "pytest", "phpunit", "pest", "unittest"];

fn test_line(line: &str) -> Option<String> {
    let l = line.trim();
    let first = l.split_whitespace().next()?;
    let ok = RUNNERS.contains(&first)
        && TEST_WORDS.iter().any(|w| l.contains(w))
        && !l.contains('$')
        && !l.contains('`')
        && !l.contains("install")
        && !l.contains("lint")
        && l.len() <= 200;
    ok.then(|| l.to_string())
}

fn set_ci_test(facts: &mut Facts, command: String, e: Evidence) {
    let from_ci = facts.commands.test.as_ref().is_some_and(|t| {
        t.evidence
            .iter()
            .any(|x| x.rule.starts_with(&format!("{ID}/ci")))
    });
    if !from_ci {
        facts.commands.test = Some(Valued {
            value: command,
            evidence: vec![e],
        });
    }
}

/// Setup actions and the inputs that carry the version.
const SETUP: &[(&str, &str, &str, bool)] = &[
    ("actions/setup-node", "node-version", "node", true),
    ("actions/setup-python", "python-version", "python", true),
    ("ruby/setup-ruby", "ruby-version", "ruby", true),
    ("actions/setup-go", "go-version", "go", true),
    ("actions/setup-java", "java-version", "java", true),
    ("actions/setup-dotnet", "dotnet-version", "dotnet", true),
    ("shivammathur/setup-php", "php-version", "php", true),
    ("erlef/setup-beam", "elixir-version", "elixir", true),
    ("erlef/setup-beam", "otp-version", "erlang", false),
    ("peaceiris/actions-hugo", "hugo-version", "hugo", false),
    ("pnpm/action-setup", "version", "pnpm", false),
    ("oven-sh/setup-bun", "bun-version", "bun", false),
];

pub(super) fn github_workflow(path: &str, text: &str, facts: &mut Facts) {
    let Ok(doc) = serde_saphyr::from_str::<Value>(text) else {
        return;
    };
    let Some(jobs) = doc.get("jobs").and_then(Value::as_object) else {
        return;
    };
    // The Hugo starter workflow pins the release it downloads in `env: HUGO_VERSION`.
    for env in std::iter::once(&doc).chain(jobs.values()) {
        if let Some(v) = env.pointer("/env/HUGO_VERSION").and_then(as_text)
            && is_release(&v)
        {
            let e = ev(
                path,
                line_of(text, "HUGO_VERSION"),
                format!("{ID}/ci-env:HUGO_VERSION"),
            );
            push_tool(facts, "hugo", &v, e);
        }
    }
    for job in jobs.values() {
        if let Some(services) = job.get("services").and_then(Value::as_object) {
            for svc in services.values() {
                let image = svc
                    .get("image")
                    .and_then(Value::as_str)
                    .or_else(|| svc.as_str());
                if let Some(image) = image.filter(|i| !i.contains("${{"))
                    && let Some(kind) = service_kind(image)
                {
                    let e = ev(path, line_of(text, image), format!("{ID}/ci-service"));
                    add_service(facts, kind, Some(image), e);
                }
            }
        }
        let steps = job.get("steps").and_then(Value::as_array);
        for step in steps.into_iter().flatten() {
            if let Some(uses) = step.get("uses").and_then(Value::as_str) {
                let action = uses.split('@').next().unwrap_or("");
                for (a, input, runtime, is_runtime) in SETUP {
                    if action != *a {
                        continue;
                    }
                    let Some(v) = step.pointer(&format!("/with/{input}")).and_then(as_text) else {
                        continue;
                    };
                    let v = v.trim_end_matches(".x").to_string();
                    // `hugo-version: latest` pins nothing a download URL could name.
                    if *runtime == "hugo" && !is_release(&v) {
                        continue;
                    }
                    let e = ev(path, line_of(text, input), format!("{ID}/ci-setup:{a}"));
                    if *is_runtime {
                        if !facts.runtime_versions.iter().any(|r| r.runtime == *runtime) {
                            facts.runtime_versions.push(RuntimeVersion {
                                runtime: runtime.to_string(),
                                version: v,
                                evidence: vec![e],
                            });
                        }
                    } else {
                        push_tool(facts, runtime, &v, e);
                    }
                }
            }
            if let Some(run) = step.get("run").and_then(Value::as_str)
                && let Some(cmd) = run.lines().find_map(test_line)
            {
                let e = ev(path, line_of(text, &cmd), format!("{ID}/ci-test-command"));
                set_ci_test(facts, cmd, e);
            }
        }
    }
}

pub(super) fn gitlab_ci(text: &str, facts: &mut Facts) {
    let path = ".gitlab-ci.yml";
    let Ok(doc) = serde_saphyr::from_str::<Value>(text) else {
        return;
    };
    let Some(top) = doc.as_object() else { return };
    let services = |v: &Value| -> Vec<String> {
        v.get("services")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|s| {
                s.as_str()
                    .or_else(|| s.get("name").and_then(Value::as_str))
                    .map(String::from)
            })
            .collect()
    };
    let mut images: Vec<String> = services(&doc);
    for (name, job) in top {
        if name.starts_with('.') && name != ".tests" || !job.is_object() {
            continue;
        }
        images.extend(services(job));
        let script = job.get("script").and_then(Value::as_array);
        for line in script.into_iter().flatten().filter_map(Value::as_str) {
            if let Some(cmd) = test_line(line) {
                let e = ev(path, line_of(text, &cmd), format!("{ID}/ci-test-command"));
                set_ci_test(facts, cmd, e);
            }
        }
    }
    for image in images {
        if let Some(kind) = service_kind(&image).filter(|_| !image.contains('$')) {
            let e = ev(path, line_of(text, &image), format!("{ID}/ci-service"));
            add_service(facts, kind, Some(&image), e);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hugo(wf: &str) -> Option<String> {
        let mut f = Facts::default();
        github_workflow(".github/workflows/hugo.yml", wf, &mut f);
        f.tool_versions
            .iter()
            .find(|t| t.runtime == "hugo")
            .map(|t| t.version.clone())
    }

    #[test]
    fn hugo_release_from_the_starter_workflows_env() {
        let wf = "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    env:\n      HUGO_VERSION: 0.128.0\n    steps:\n      - run: wget -O hugo.deb https://github.com/gohugoio/hugo/releases/download/v${HUGO_VERSION}/hugo_extended_${HUGO_VERSION}_linux-amd64.deb\n";
        assert_eq!(hugo(wf).as_deref(), Some("0.128.0"));
    }

    #[test]
    fn hugo_latest_is_no_pin() {
        let wf = "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: peaceiris/actions-hugo@v3\n        with:\n          hugo-version: latest\n";
        assert_eq!(hugo(wf), None);
    }
}
