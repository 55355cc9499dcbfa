//! The platform registry (`platforms::ALL`) is the one list of platforms: it must name the
//! catalog's platforms in the catalog's order, and each platform must have every part the
//! others have — its knowledge-base file, its secrets how-to for the next steps, a snapshot of
//! its files. The lists are derived from the registry, so removing a platform from it, or
//! adding one without its parts, fails here.

use std::collections::HashSet;
use std::path::Path;

use deployplan_artifacts::platforms;
use deployplan_core::Catalog;
use deployplan_core::catalog::{PLATFORM_FILES, PlatformId};

#[test]
fn the_registry_is_the_catalog_in_its_order() {
    let registry = platforms::ids();
    let unique: HashSet<&str> = registry.iter().copied().collect();
    assert_eq!(
        unique.len(),
        registry.len(),
        "duplicate ids in platforms::ALL: {registry:?}"
    );
    let catalog = Catalog::embedded().expect("catalog");
    assert_eq!(
        registry,
        catalog.ids(),
        "platforms::ALL against catalog/platforms/*.toml"
    );
    let typed: Vec<&str> = PlatformId::all().iter().map(|p| p.as_str()).collect();
    assert_eq!(registry, typed, "platforms::ALL against PlatformId");
    let files: Vec<&str> = PLATFORM_FILES.iter().map(|(id, _)| *id).collect();
    assert_eq!(
        registry, files,
        "platforms::ALL against the embedded catalog files"
    );
    for id in &registry {
        assert!(
            platforms::target(id).is_some_and(|t| t.id() == *id),
            "platforms::target({id}) does not find its module"
        );
    }
}

/// Every platform tells the person how to set a secret on it (the next steps after writing
/// and the TDD's secrets section read it).
#[test]
fn every_platform_has_its_knowledge_base_file_and_secrets_how_to() {
    let catalog = Catalog::embedded().expect("catalog");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../catalog/platforms");
    for id in platforms::ids() {
        assert!(
            root.join(format!("{id}.toml")).is_file(),
            "catalog/platforms/{id}.toml is missing"
        );
        let p = catalog.platform(id).expect("in the catalog");
        let how = p
            .secrets
            .as_ref()
            .unwrap_or_else(|| panic!("catalog/platforms/{id}.toml has no [secrets] how-to"));
        assert!(
            how.command.is_some() || how.dashboard.is_some(),
            "{id}: [secrets] names neither a command nor a dashboard page"
        );
        if let Some(c) = &how.command {
            assert!(
                c.contains("NAME"),
                "{id}: the secrets command `{c}` has no NAME placeholder"
            );
        }
    }
}

/// The platform a snapshot file is of: `it__snapshots__cloud_run_bitbucket.snap` is of
/// `cloud-run` (its name is the platform id, `-` as `_`, then the CI host).
fn snapshot_platform<'a>(file: &str, ids: &[&'a str]) -> Option<&'a str> {
    let name = file
        .strip_prefix("it__snapshots__")?
        .strip_suffix(".snap")?;
    ids.iter()
        .copied()
        .filter(|id| name.starts_with(&format!("{}_", id.replace('-', "_"))))
        .max_by_key(|id| id.len())
}

#[test]
fn every_platform_has_a_snapshot_and_every_snapshot_a_platform() {
    let ids = platforms::ids();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/snapshots");
    let mut covered = HashSet::new();
    for entry in std::fs::read_dir(&dir).expect("snapshots folder") {
        let file = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if !file.ends_with(".snap") {
            continue;
        }
        let platform = snapshot_platform(&file, &ids)
            .unwrap_or_else(|| panic!("snapshot {file} is of no platform of the registry"));
        covered.insert(platform);
    }
    let missing: Vec<&str> = ids
        .iter()
        .copied()
        .filter(|id| !covered.contains(id))
        .collect();
    assert!(
        missing.is_empty(),
        "platforms without a snapshot in tests/it/snapshots: {missing:?}"
    );
}
