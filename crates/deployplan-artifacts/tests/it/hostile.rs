//! Hostile strings from the answers or the scanned repository (quotes, newlines, `${{ }}`,
//! colons, `#`, unicode) must reach every file through a serializer: each file parses back,
//! the strings survive intact, nothing new appears in the structure, and no `${{` reaches a
//! GitHub `run:` script.

use deployplan_core::Plan;
use deployplan_core::answers::CiProvider;
use deployplan_core::plan::SecretPlan;
use serde_json::Value;

use crate::support::{Case, platforms};

const NAME: &str = "Evil \"app\": ${{ github.event.issue.title }}\n- injected: true # ☃ ünïcode '";
const INSTALL: &str = "npm ci && echo \"${{ secrets.GITHUB_TOKEN }}\" 'q' : x\ninjected: true";
const START: &str =
    "node server.js --title 'a: b' # not a comment \"${{ env.X }}\"\n$(touch /tmp/pwned)";
const MIGRATE: &str = "npx prisma migrate deploy; echo '${{ github.actor }}': \"\n---\n";
const WORKER: &str = "node worker.js \"--queue=☃\" ${{ inputs.q }}";
const SECRET: &str = "EVIL\"NAME: ${{ x }}\ninjected";

pub fn hostile_plan(platform: &'static str, ci: CiProvider) -> Plan {
    let mut case = Case::new(platform, ci);
    case.workers = true;
    let mut plan = case.plan();
    plan.answers.project.name = NAME.into();
    plan.runtime.install_command = INSTALL.into();
    plan.runtime.test_command = Some(INSTALL.into());
    plan.runtime.build_command = Some(INSTALL.into());
    plan.runtime.start_command = Some(START.into());
    for p in &mut plan.runtime.processes {
        p.command = Some(if p.kind == deployplan_core::plan::ProcessKind::Web {
            START.into()
        } else {
            WORKER.into()
        });
    }
    if let Some(db) = plan.database.as_mut() {
        db.migrate_command = Some(MIGRATE.into());
        db.migrations_auto = true;
    }
    for name in [SECRET, "ÜBER_KEY"] {
        plan.secrets.secrets.push(SecretPlan {
            name: name.into(),
            purpose: "hostile".into(),
            origin: "test".into(),
            generate: None,
        });
    }
    plan
}

fn parse(path: &str, contents: &str) -> Option<Vec<Value>> {
    let base = path.rsplit('/').next().unwrap_or(path);
    if base.ends_with(".yml") || base.ends_with(".yaml") {
        Some(serde_saphyr::from_str_multiple(contents).unwrap_or_else(|e| panic!("{path}: {e}")))
    } else if base.ends_with(".json") {
        Some(vec![
            serde_json::from_str(contents).unwrap_or_else(|e| panic!("{path}: {e}")),
        ])
    } else if base.ends_with(".toml") {
        let v: toml::Value = toml::from_str(contents).unwrap_or_else(|e| panic!("{path}: {e}"));
        Some(vec![serde_json::to_value(v).unwrap()])
    } else {
        None
    }
}

fn strings<'a>(v: &'a Value, out: &mut Vec<&'a str>, keys: &mut Vec<&'a str>) {
    match v {
        Value::String(s) => out.push(s),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out, keys)),
        Value::Object(m) => {
            for (k, x) in m {
                keys.push(k);
                strings(x, out, keys);
            }
        }
        _ => {}
    }
}

/// The value of a Bitbucket `export NAME='...'` line (steps have no variables of their own).
fn exported_value(s: &str) -> Option<String> {
    let rest = s.strip_prefix("export ")?;
    let (_, quoted) = rest.split_once("='")?;
    Some(quoted.strip_suffix('\'')?.replace("'\\''", "'"))
}

/// What GitHub makes of a value once `${{ '${{' }}` (our escape) is evaluated.
fn github_value(s: &str) -> String {
    s.replace("${{ '${{' }}", "${{")
}

fn check_line_based(path: &str, contents: &str) {
    let base = path.rsplit('/').next().unwrap_or(path);
    for line in contents.lines() {
        let ok = match base {
            "Procfile" => {
                line.starts_with('#')
                    || line.split_once(": ").is_some_and(|(k, _)| {
                        k.chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                    })
            }
            ".env.example" => {
                line.is_empty()
                    || line.starts_with('#')
                    || line.ends_with('=') && !line.contains(' ')
            }
            b if b.starts_with("secrets") => {
                line.starts_with('#') || line.split_once("=$").is_some_and(|(k, v)| k == v)
            }
            "Dockerfile" => {
                line.is_empty()
                    || line.starts_with('#')
                    || line
                        .split_whitespace()
                        .next()
                        .is_some_and(|w| w.chars().all(|c| c.is_ascii_uppercase()))
            }
            _ => true,
        };
        assert!(ok, "{path}: unexpected line {line:?}");
    }
}

#[test]
fn hostile_strings_survive_every_serializer() {
    for platform in platforms() {
        for ci in [
            CiProvider::Github,
            CiProvider::Gitlab,
            CiProvider::Bitbucket,
        ] {
            let plan = hostile_plan(platform, ci);
            let files = deployplan_artifacts::render(&plan)
                .unwrap_or_else(|e| panic!("{platform}/{ci}: {e}"));
            let mut all: Vec<String> = Vec::new();
            for f in &files {
                let Some(docs) = parse(&f.path, &f.contents) else {
                    check_line_based(&f.path, &f.contents);
                    continue;
                };
                let mut values = Vec::new();
                let mut keys = Vec::new();
                docs.iter().for_each(|d| strings(d, &mut values, &mut keys));
                assert!(
                    !keys.contains(&"injected"),
                    "{}: a plan string became structure",
                    f.path
                );
                let github = f.path.starts_with(".github/");
                if github {
                    for job in docs[0]["jobs"].as_object().unwrap().values() {
                        for step in job["steps"].as_array().unwrap() {
                            if let Some(run) = step.get("run").and_then(Value::as_str) {
                                assert!(
                                    !run.contains("${{"),
                                    "{}: ${{{{ in a run: script:\n{run}",
                                    f.path
                                );
                            }
                        }
                    }
                }
                all.extend(values.iter().map(|v| {
                    if github {
                        github_value(v)
                    } else {
                        v.to_string()
                    }
                }));
                all.extend(values.iter().filter_map(|v| exported_value(v)));
            }
            let has = |s: &str| all.iter().any(|v| v == s || v.contains(s));
            // Every CI file carries the install command intact.
            assert!(has(INSTALL), "{platform}/{ci}: install command lost");
            // The migration command survives wherever the plan runs migrations.
            if plan.database.is_some() {
                let in_line_file = files.iter().any(|f| f.path == "Procfile");
                assert!(
                    has(MIGRATE) || in_line_file,
                    "{platform}/{ci}: migrate command lost"
                );
            }
        }
    }
}

#[test]
fn project_name_survives_where_free_text_is_allowed() {
    let heroku = deployplan_artifacts::render(&hostile_plan("heroku", CiProvider::Github)).unwrap();
    let app_json = heroku.iter().find(|f| f.path == "app.json").unwrap();
    let v: Value = serde_json::from_str(&app_json.contents).unwrap();
    assert_eq!(v["name"], NAME);
    let procfile = heroku.iter().find(|f| f.path == "Procfile").unwrap();
    // Multi-line commands are run by bash from one ANSI-C quoted line.
    assert!(
        procfile.contents.contains("web: bash -c $'node server.js"),
        "{}",
        procfile.contents
    );

    let render = deployplan_artifacts::render(&hostile_plan("render", CiProvider::Gitlab)).unwrap();
    let yaml = render.iter().find(|f| f.path == "render.yaml").unwrap();
    let v: Value = serde_saphyr::from_str(&yaml.contents).unwrap();
    assert_eq!(v["projects"][0]["name"], NAME);
    assert_eq!(
        v["projects"][0]["environments"][0]["services"][0]["startCommand"],
        START
    );
}

#[test]
fn invalid_secret_names_stay_out_of_line_based_files() {
    let files = deployplan_artifacts::render(&hostile_plan("kamal", CiProvider::Github)).unwrap();
    for f in files
        .iter()
        .filter(|f| f.path.starts_with(".kamal/") || f.path == ".env.example")
    {
        assert!(
            !f.contents.contains("EVIL\"NAME"),
            "{}:\n{}",
            f.path,
            f.contents
        );
        check_line_based(&f.path, &f.contents);
    }
}
