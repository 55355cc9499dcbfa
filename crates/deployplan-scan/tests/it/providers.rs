//! The scanner and the planner agree on frameworks: every id a detector can report has a
//! provider in `deployplan_core::frameworks::ALL` (removing one fails here), and every
//! fixture's frameworks are among the ids the detectors list.

use std::collections::BTreeSet;

#[test]
fn every_framework_the_scanner_can_report_has_a_provider() {
    let ids = deployplan_scan::framework_ids();
    // The detectors' own tables: a registry that lost them would make this test vacuous.
    for id in [
        "nextjs",
        "django",
        "rails",
        "phoenix",
        "hugo",
        "aspnet-core",
        "starlette",
    ] {
        assert!(ids.contains(&id), "the scanner's list lost {id}");
    }
    let missing: Vec<&str> = ids
        .iter()
        .copied()
        .filter(|id| deployplan_core::frameworks::provider(id).is_none())
        .collect();
    assert!(
        missing.is_empty(),
        "no framework provider answers to {missing:?}"
    );
}

#[test]
fn every_provider_id_is_one_the_scanner_can_report() {
    let scanner: BTreeSet<&str> = deployplan_scan::framework_ids().into_iter().collect();
    let unreachable: Vec<&str> = deployplan_core::frameworks::ids()
        .filter(|id| !scanner.contains(id))
        .collect();
    assert!(
        unreachable.is_empty(),
        "providers no detector reports (dead code): {unreachable:?}"
    );
}

#[test]
fn the_fixtures_report_only_listed_frameworks() {
    let listed: BTreeSet<&str> = deployplan_scan::framework_ids().into_iter().collect();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).expect("fixtures") {
        let repo = entry.expect("entry").path().join("repo");
        let facts = deployplan_scan::scan(&repo).expect("fixture scans");
        for f in facts.frameworks.iter().chain(
            facts
                .services
                .iter()
                .flat_map(|s| s.facts.frameworks.iter()),
        ) {
            seen += 1;
            assert!(listed.contains(f.name.as_str()), "{} is not listed", f.name);
        }
    }
    assert!(seen > 30, "the fixtures report frameworks");
}
