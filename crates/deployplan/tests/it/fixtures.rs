//! End to end on realistic repositories: every scan fixture, through the binary, into files
//! that the offline validators accept (with the platform recommended for it, and with another
//! platform and CI host in turn).

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use deployplan_core::catalog::PLATFORM_FILES as PLATFORMS;

const CI: &[&str] = &["github", "gitlab", "bitbucket"];

fn fixtures() -> Vec<(String, PathBuf)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../deployplan-scan/tests/fixtures");
    let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(&dir)
        .expect("scan fixtures exist")
        .flatten()
        .filter(|e| e.path().join("repo").is_dir())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                e.path().join("repo"),
            )
        })
        .collect();
    out.sort();
    out
}

fn generate(repo: &Path, out: &Path, extra: &[&str]) {
    let output = Command::cargo_bin("deployplan")
        .expect("binary")
        .args(["generate", "--date", "2026-11-26", "--no-save", "--repo"])
        .arg(repo)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{} {extra:?}: {}",
        repo.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn every_scanned_fixture_generates_files_the_validators_accept() {
    let tmp = tempfile::tempdir().unwrap();
    let all = fixtures();
    assert!(
        all.len() >= 30,
        "expected the scan fixtures, found {}",
        all.len()
    );
    for (i, (name, repo)) in all.iter().enumerate() {
        generate(repo, &tmp.path().join(format!("{name}-recommended")), &[]);
        // Two more platforms and CI hosts per fixture, rotating so that every platform meets
        // frontends, APIs, workers and monorepos.
        for turn in [i, i + 7] {
            let platform = PLATFORMS[turn % PLATFORMS.len()].0;
            let ci = CI[turn % CI.len()];
            generate(
                repo,
                &tmp.path().join(format!("{name}-{platform}-{ci}")),
                &["--platform", platform, "--ci", ci],
            );
        }
    }
    let Some(summary) = crate::support::run_validators(tmp.path()) else {
        return;
    };
    eprintln!(
        "{} fixtures, {} designs: {summary}",
        all.len(),
        all.len() * 3
    );
    assert!(!summary.starts_with("0 passed"), "{summary}");
}
