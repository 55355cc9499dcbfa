//! deployplan's repository scanner: one parallel walk into a [`RepoIndex`], then one detector
//! per ecosystem asking cheap questions of it, in an ordered registry (specific frameworks
//! before generic languages). Every fact carries the evidence (file, line, rule) that proves it.
//!
//! ```no_run
//! let facts = deployplan_scan::scan(std::path::Path::new(".")).unwrap();
//! println!("{}", deployplan_scan::summary(&facts));
//! ```

mod deps;
pub mod detectors;
mod error;
mod git;
mod index;
mod keep;
mod patterns;
mod record;
mod rules;
mod services;
mod summary;
mod tracked;
mod walk;

use std::path::Path;

use deployplan_core::Facts;

pub use detectors::{Detector, REGISTRY, framework_ids};
pub use error::ScanError;
pub use index::RepoIndex;
pub use summary::summary;
pub use walk::is_generated_by_deployplan;

/// Files larger than this are counted in `skipped.too_large` and never read.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Scans the repository at `root`: walks it once, runs every detector, finds the deployable
/// services of a monorepo. Deterministic: the same tree gives byte-identical facts.
pub fn scan(root: &Path) -> Result<Facts, ScanError> {
    scan_excluding(root, &std::collections::HashSet::new())
}

/// Scans as if the files at `exclude` (relative, `/`-separated) were already replaced by
/// files deployplan generates (which the walk skips): the facts `check` will see after
/// `generate` writes them.
pub fn scan_excluding(
    root: &Path,
    exclude: &std::collections::HashSet<String>,
) -> Result<Facts, ScanError> {
    let index = walk::walk_excluding(root, exclude)?;
    let mut facts = scan_index(&index);
    // Committed although .gitignore lists them (`git add -f .env`): the walk never saw them.
    let seen: std::collections::HashSet<&str> =
        index.files().iter().map(|f| f.path.as_str()).collect();
    let forced = tracked::ignored_but_tracked(root, &seen);
    detectors::secrets::tracked_findings(&mut facts, &forced);
    facts.code_host = git::code_host(root);
    Ok(facts)
}

/// Runs the detectors and the service discovery over an index already built.
pub fn scan_index(index: &RepoIndex) -> Facts {
    let mut facts = detectors::detect(index);
    services::discover(index, &mut facts);
    facts
}
