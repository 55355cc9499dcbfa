//! The detectors: one file per ecosystem behind [`Detector`], run in the order of
//! [`REGISTRY`] (specific frameworks before generic languages; summaries of what the others
//! found, like env vars and ports, last).

mod app_layout;
mod ci;
mod docker;
mod dotnet;
mod elixir;
pub(crate) mod env_vars;
mod git_submodules;
mod go;
mod health;
mod jvm;
mod languages;
pub(crate) mod monorepo;
mod node;
mod php;
mod platforms;
mod port;
mod procfile;
mod python;
mod ruby;
mod rust;
mod schedules;
pub(crate) mod secrets;
mod sqlite_file;
mod startup_migrations;
mod static_html;
mod static_site;
mod toolchain;

use deployplan_core::Facts;

use crate::index::RepoIndex;

/// One ecosystem's (or one concern's) detection: asks the index, writes facts with evidence.
pub trait Detector: Sync {
    /// Stable id, the name of the detector's file (`node`, `static_site`).
    fn id(&self) -> &'static str;
    fn detect(&self, index: &RepoIndex, facts: &mut Facts);
    /// Every framework id the detector can report (its rule tables' facts): the planner has
    /// a provider for each, which a test checks, and `detect` checks that a detector reports
    /// no other.
    fn frameworks(&self) -> Vec<&'static str> {
        Vec::new()
    }
}

/// Every framework id a detector can report, each once, sorted.
pub fn framework_ids() -> Vec<&'static str> {
    let mut ids: Vec<&'static str> = REGISTRY.iter().flat_map(|d| d.frameworks()).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Every detector, in the order they run. Static-site generators come first (a Hugo site's
/// go.mod is not a Go service, a Jekyll site's Gemfile not a Rails app). Backend ecosystems
/// come before Node, so a Laravel or Rails app with a Vite frontend lists its backend framework
/// first and keeps its own commands. Within each ecosystem, rule tables put specific frameworks
/// before generic ones (Next.js before React, Nuxt before Vue). Docker/Procfile/platforms refine
/// what the ecosystems found; static HTML, languages, env vars, secrets and the port come last.
pub static REGISTRY: &[&dyn Detector] = &[
    &static_site::StaticSite,
    &python::Python,
    &ruby::Ruby,
    &php::Php,
    &jvm::Jvm,
    &dotnet::Dotnet,
    &go::Go,
    &elixir::Elixir,
    &rust::Rust,
    &node::Node,
    &startup_migrations::StartupMigrations,
    &docker::Docker,
    &procfile::Procfile,
    &schedules::Schedules,
    &platforms::Platforms,
    &ci::Ci,
    &git_submodules::GitSubmodules,
    &toolchain::Toolchain,
    &monorepo::Monorepo,
    &static_html::StaticHtml,
    &languages::Languages,
    &env_vars::EnvVars,
    &sqlite_file::SqliteFileDetector,
    &secrets::Secrets,
    &port::Port,
    &health::Health,
    &app_layout::AppLayoutDetector,
];

/// Runs every detector over `index` and puts the facts in their stable order.
pub fn detect(index: &RepoIndex) -> Facts {
    let mut facts = Facts::default();
    for detector in REGISTRY {
        let before = facts.frameworks.len();
        detector.detect(index, &mut facts);
        // A framework id outside the detector's list would have no provider unnoticed.
        debug_assert!(
            facts
                .frameworks
                .get(before..)
                .unwrap_or_default()
                .iter()
                .all(|f| detector.frameworks().contains(&f.name.as_str())),
            "{} reports a framework it does not list: {:?}",
            detector.id(),
            facts.frameworks.get(before..)
        );
    }
    facts.files_scanned = index.files().len() as u64;
    facts.files_read = index.files_read;
    facts.skipped = index.skipped().clone();
    normalize(&mut facts);
    facts
}

/// Sorts every list whose order carries no meaning. Frameworks keep detection order (the
/// first is the most specific); languages go by weight.
pub fn normalize(facts: &mut Facts) {
    let by_name = |a: &deployplan_core::facts::Detected, b: &deployplan_core::facts::Detected| {
        a.name.cmp(&b.name)
    };
    facts.package_managers.sort_by(by_name);
    facts.databases.sort_by(by_name);
    facts.workers.sort_by(by_name);
    facts.schedules.sort_by(by_name);
    facts.websockets.sort_by(by_name);
    facts.ci.sort_by(by_name);
    facts.ci_deploys.sort_by(by_name);
    facts.platform_configs.sort_by(by_name);
    facts.env_vars.sort_by(|a, b| a.name.cmp(&b.name));
    facts.secrets_committed.sort();
    facts.secrets_committed.dedup();
    facts
        .runtime_versions
        .sort_by(|a, b| a.runtime.cmp(&b.runtime));
    facts
        .languages
        .sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.name.cmp(&b.name)));
    facts.services.sort_by(|a, b| a.path.cmp(&b.path));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_detector_file_is_registered_once() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/detectors");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != "mod.rs")
            // A detector is a file, or a folder of modules (`node/mod.rs`).
            .map(|n| n.trim_end_matches(".rs").to_string())
            .collect();
        files.sort();
        // `health.rs` beside its `health/` submodules is one detector.
        files.dedup();
        let mut ids: Vec<String> = REGISTRY.iter().map(|d| d.id().to_string()).collect();
        ids.sort();
        assert_eq!(
            files, ids,
            "each src/detectors/*.rs has one registered detector"
        );
    }

    #[test]
    fn specific_frameworks_run_before_generic_languages() {
        let pos = |id: &str| REGISTRY.iter().position(|d| d.id() == id).unwrap();
        assert!(pos("static_site") < pos("go"));
        assert!(pos("node") < pos("static_html"));
        assert!(pos("ruby") < pos("node") && pos("php") < pos("node"));
        assert!(pos("env_vars") > pos("docker"));
    }
}
