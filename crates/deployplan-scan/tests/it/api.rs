//! The public API: clear errors for paths that cannot be scanned, and the human summary.

use std::path::Path;

use deployplan_scan::{ScanError, scan, summary};

#[test]
fn a_missing_path_is_a_clear_error() {
    let err = scan(Path::new("/definitely/not/here")).unwrap_err();
    assert!(matches!(err, ScanError::NotFound { .. }));
    assert_eq!(
        err.to_string(),
        "cannot scan /definitely/not/here: no such file or directory"
    );
}

#[test]
fn a_file_is_not_a_repository() {
    let file = tempfile::NamedTempFile::new().unwrap();
    let err = scan(file.path()).unwrap_err();
    assert!(matches!(err, ScanError::NotADirectory { .. }));
    assert!(
        err.to_string()
            .ends_with("not a directory (give the repository's folder)")
    );
}

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .join("repo")
}

#[test]
fn summary_cites_the_file_that_proves_each_fact() {
    let facts = scan(&fixture("django-celery")).unwrap();
    insta::assert_snapshot!("summary_django_celery", summary(&facts));
}

#[test]
fn summary_of_a_monorepo_lists_its_services() {
    let facts = scan(&fixture("turborepo")).unwrap();
    insta::assert_snapshot!("summary_turborepo", summary(&facts));
}
