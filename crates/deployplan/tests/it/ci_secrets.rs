//! One source for the CI secrets: for every platform of the registry and every CI host, the
//! secrets the generated pipeline really references (`${{ secrets.X }}` on GitHub, `$X` the
//! job does not define itself on GitLab and Bitbucket) are the secrets the TDD lists and the
//! ones `generate --json` puts in `plan.ci.secrets`; what else the pipeline reads from the CI
//! host is the TDD's list of settings.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

use crate::support::{deployplan, read, yaml};

/// Runs `generate --json` for the combination and returns the report.
fn generate(out: &Path, platform: &str, ci: &str) -> Value {
    let o = deployplan()
        .args([
            "generate",
            "--json",
            "--no-save",
            "--date",
            "2026-12-02",
            "--out",
        ])
        .arg(out)
        .args([
            "--project-name",
            "shop-api",
            "--app-type",
            "web-api",
            "--stack",
            "node",
            "--platform",
            platform,
            "--ci",
            ci,
            "--environments",
            "staging-production",
            "--database",
            "postgres",
            "--migrations",
            "auto",
            "--secret",
            "STRIPE_KEY",
        ])
        .assert()
        .success();
    serde_json::from_slice(&o.get_output().stdout).expect("generate --json prints JSON")
}

fn names(list: &Value) -> BTreeSet<String> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|v| v.as_str().expect("a name").to_string())
        .collect()
}

/// The backquoted names on the TDD's line starting with `label`; empty when the line is absent
/// or says there are none.
fn tdd_list(tdd: &str, label: &str) -> BTreeSet<String> {
    let Some(line) = tdd.lines().find(|l| l.starts_with(label)) else {
        return BTreeSet::new();
    };
    line.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// Every string in a parsed YAML document.
fn strings<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
    match v {
        Value::String(s) => out.push(s),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(m) => m.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// `${{ secrets.X }}` and `${{ vars.X }}` of a GitHub workflow, by kind.
fn github_references(text: &str, kind: &str) -> BTreeSet<String> {
    let needle = format!("{kind}.");
    let mut out = BTreeSet::new();
    for (i, _) in text.match_indices(&needle) {
        let before = text[..i].chars().next_back();
        if before.is_some_and(is_name_char) {
            continue;
        }
        let name: String = text[i + needle.len()..]
            .chars()
            .take_while(|c| is_name_char(*c))
            .collect();
        if !name.is_empty() {
            out.insert(name);
        }
    }
    out
}

/// The variables a GitLab or Bitbucket pipeline reads from the CI host: every `$X` / `${X}` of
/// its strings, less the host's own (`CI_*`, `BITBUCKET_*`), the job's `variables:` and what
/// the scripts assign themselves (`X=`, `for X in`, `eval "$(ssh-agent -s)"`).
fn host_variables(doc: &Value) -> BTreeSet<String> {
    let mut texts = Vec::new();
    strings(doc, &mut texts);
    let mut defined: BTreeSet<String> = BTreeSet::new();
    collect_variables_keys(doc, &mut defined);
    let mut used = BTreeSet::new();
    for t in &texts {
        for line in t.lines() {
            for word in line.split(|c: char| c.is_whitespace() || c == ';' || c == '(') {
                if let Some((name, _)) = word.split_once('=')
                    && !name.is_empty()
                    && name.chars().all(is_name_char)
                {
                    defined.insert(name.to_string());
                }
            }
            if let Some(rest) = line.trim_start().strip_prefix("for ") {
                defined.insert(rest.chars().take_while(|c| is_name_char(*c)).collect());
            }
            if line.contains("ssh-agent -s") {
                defined.extend(["SSH_AUTH_SOCK".to_string(), "SSH_AGENT_PID".to_string()]);
            }
            for (i, _) in line.match_indices('$') {
                let rest = line[i + 1..].strip_prefix('{').unwrap_or(&line[i + 1..]);
                let name: String = rest.chars().take_while(|c| is_name_char(*c)).collect();
                if name.chars().next().is_some_and(|c| c.is_ascii_uppercase()) {
                    used.insert(name);
                }
            }
        }
    }
    used.into_iter()
        .filter(|n| !defined.contains(n))
        .filter(|n| !n.starts_with("CI_") && !n.starts_with("BITBUCKET_"))
        .filter(|n| !["PWD", "HOME", "PATH"].contains(&n.as_str()))
        .collect()
}

/// The names a GitLab or Bitbucket pipeline's header comment says to create ("... variables to
/// create (...): A, B.").
fn declared_in_header(text: &str) -> BTreeSet<String> {
    let header: Vec<&str> = text
        .lines()
        .take_while(|l| l.starts_with('#'))
        .map(|l| l.trim_start_matches('#').trim())
        .collect();
    let header = header.join(" ");
    let list = header
        .split("variables to create")
        .nth(1)
        .and_then(|rest| rest.split("): ").nth(1))
        .and_then(|rest| rest.split('.').next())
        .unwrap_or_else(|| panic!("no list of variables to create in the header:\n{header}"));
    if list == "none" {
        return BTreeSet::new();
    }
    list.split(", ").map(str::to_string).collect()
}

fn collect_variables_keys(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                // The job's own variables, and the OIDC tokens GitLab mints into it (`id_tokens:`).
                if (k == "variables" || k == "id_tokens")
                    && let Value::Object(vars) = x
                {
                    out.extend(vars.keys().cloned());
                }
                collect_variables_keys(x, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect_variables_keys(x, out)),
        _ => {}
    }
}

#[test]
fn the_pipeline_the_tdd_and_the_plan_name_the_same_ci_secrets() {
    let tmp = tempfile::tempdir().unwrap();
    let mut checked = 0;
    for platform in deployplan_artifacts::platforms::ids() {
        for ci in ["github", "gitlab", "bitbucket"] {
            let out = tmp.path().join(format!("{platform}-{ci}"));
            let report = generate(&out, platform, ci);
            let plan_secrets = names(&report["plan"]["ci"]["secrets"]);
            let path = report["plan"]["ci"]["pipeline_path"]
                .as_str()
                .expect("a pipeline");
            let tdd = read(&out.join("specs/DEPLOYMENT_TDD.md"));
            let tdd_secrets = tdd_list(&tdd, "- Secrets required (CI):");
            let tdd_settings = tdd_list(&tdd, "- Settings (CI variables, not secret):");
            let case = format!("{platform} × {ci}");
            assert_eq!(
                tdd_secrets, plan_secrets,
                "{case}: the TDD's CI secrets against plan.ci.secrets"
            );
            if ci == "github" {
                let text = read(&out.join(path));
                let mut referenced = github_references(&text, "secrets");
                // The runner's own token, never one a person sets.
                referenced.remove("GITHUB_TOKEN");
                assert_eq!(
                    referenced, plan_secrets,
                    "{case}: ${{{{ secrets.* }}}} in {path}"
                );
                assert_eq!(
                    github_references(&text, "vars"),
                    tdd_settings,
                    "{case}: ${{{{ vars.* }}}} in {path}"
                );
            } else {
                // GitLab and Bitbucket hand every CI variable to the job's environment, so
                // the CLIs read most of them without a `$` in the file: the pipeline declares
                // what to create in its header, and reads nothing it does not declare.
                let text = read(&out.join(path));
                let inputs: BTreeSet<String> = plan_secrets.union(&tdd_settings).cloned().collect();
                assert_eq!(
                    declared_in_header(&text),
                    inputs,
                    "{case}: the variables {path} says to create"
                );
                let read_from_host = host_variables(&yaml(&out.join(path)));
                assert!(
                    read_from_host.is_subset(&inputs),
                    "{case}: {path} reads {read_from_host:?}, more than its inputs {inputs:?}"
                );
            }
            checked += 1;
        }
    }
    assert_eq!(checked, deployplan_artifacts::platforms::ids().len() * 3);
}

/// The catalog's `deploy.ci_secrets` (what the comparison and `explain` show) names only what
/// the pipeline reads: a token the pipeline does not use would send a person to create it.
#[test]
fn the_catalog_names_no_ci_secret_the_pipeline_does_not_read() {
    let tmp = tempfile::tempdir().unwrap();
    let catalog = deployplan_core::Catalog::embedded().expect("catalog");
    for platform in deployplan_artifacts::platforms::ids() {
        let out = tmp.path().join(platform);
        let report = generate(&out, platform, "github");
        let tdd = read(&out.join("specs/DEPLOYMENT_TDD.md"));
        let mut read_by_pipeline = names(&report["plan"]["ci"]["secrets"]);
        read_by_pipeline.extend(tdd_list(&tdd, "- Settings (CI variables, not secret):"));
        for name in &catalog
            .platform(platform)
            .expect("in the catalog")
            .deploy
            .ci_secrets
        {
            assert!(
                read_by_pipeline.contains(name),
                "catalog/platforms/{platform}.toml lists CI secret {name}; the pipeline reads {read_by_pipeline:?}"
            );
        }
    }
}
