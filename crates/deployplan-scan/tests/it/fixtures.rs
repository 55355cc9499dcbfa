//! Every folder of tests/fixtures is a small app shaped like a real one (`repo/`) with the
//! facts it must produce (`expected.json`), compared exactly. `BLESS=1 cargo test -p
//! deployplan-scan` rewrites the expected files from the current output; review the diff.

use std::path::{Path, PathBuf};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn fixture_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures_dir())
        .expect("tests/fixtures exists")
        .map(|e| {
            e.expect("readable entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

fn facts_json(name: &str) -> String {
    let repo = fixtures_dir().join(name).join("repo");
    let facts = deployplan_scan::scan(&repo).unwrap_or_else(|e| panic!("{name}: {e}"));
    serde_json::to_string_pretty(&facts).expect("facts serialize") + "\n"
}

#[test]
fn every_fixture_matches_its_expected_facts() {
    let bless = std::env::var_os("BLESS").is_some();
    let mut failures = Vec::new();
    for name in fixture_names() {
        let actual = facts_json(&name);
        let expected_path = fixtures_dir().join(&name).join("expected.json");
        if bless {
            std::fs::write(&expected_path, &actual).expect("write expected.json");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != actual {
            // A real line diff: an inserted fact shows as one added line, not as every line
            // after it differing.
            let diff = similar::TextDiff::from_lines(&expected, &actual)
                .unified_diff()
                .context_radius(2)
                .header("expected.json", "scanned")
                .to_string();
            failures.push(format!("{name}:\n{diff}"));
        }
    }
    assert!(
        failures.is_empty(),
        "facts differ from expected.json (BLESS=1 to accept):\n{}",
        failures.join("\n")
    );
}

#[test]
fn there_is_a_fixture_for_every_framework_of_the_issue() {
    let mut seen = std::collections::BTreeSet::new();
    for name in fixture_names() {
        let repo = fixtures_dir().join(&name).join("repo");
        let facts = deployplan_scan::scan(&repo).expect("fixture scans");
        for f in facts.frameworks.iter().chain(
            facts
                .services
                .iter()
                .flat_map(|s| s.facts.frameworks.iter()),
        ) {
            seen.insert(f.name.clone());
        }
    }
    // The frameworks issue 3 names (the planner knows a few more, detected by unit tests).
    const ISSUE: &[&str] = &[
        "nextjs",
        "nuxt",
        "sveltekit",
        "remix",
        "astro",
        "react-spa",
        "vite",
        "angular",
        "vue",
        "express",
        "fastify",
        "nestjs",
        "django",
        "flask",
        "fastapi",
        "rails",
        "sinatra",
        "laravel",
        "symfony",
        "spring-boot",
        "quarkus",
        "aspnet-core",
        "go-nethttp",
        "gin",
        "echo",
        "fiber",
        "phoenix",
        "axum",
        "actix",
        "hugo",
        "jekyll",
        "static-html",
    ];
    let missing: Vec<&str> = ISSUE
        .iter()
        .copied()
        .filter(|id| !seen.contains(*id))
        .collect();
    for id in ISSUE {
        assert!(
            deployplan_core::frameworks::framework(id).is_some(),
            "the planner does not know {id}"
        );
    }
    assert!(missing.is_empty(), "no fixture detects {missing:?}");
}

#[test]
fn migration_tools_are_ids_of_the_answers_enum() {
    use deployplan_core::answers::Choice;
    let ids: Vec<&str> = deployplan_core::answers::MigrationTool::all()
        .iter()
        .map(|m| m.id())
        .collect();
    for name in fixture_names() {
        let facts = deployplan_scan::scan(&fixtures_dir().join(&name).join("repo")).expect("scans");
        for m in facts.migration_tool.iter().chain(
            facts
                .services
                .iter()
                .filter_map(|s| s.facts.migration_tool.as_ref()),
        ) {
            assert!(
                ids.contains(&m.name.as_str()),
                "{name}: {} is not a MigrationTool id",
                m.name
            );
        }
    }
}

#[test]
fn scanning_is_deterministic() {
    for name in ["turborepo", "django-celery"] {
        assert_eq!(facts_json(name), facts_json(name));
    }
}
