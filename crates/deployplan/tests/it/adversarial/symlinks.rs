//! Links in the output folder never carry a write or a read outside it.

#![cfg(unix)]

use std::os::unix::fs::symlink;

use super::{deployplan, generate, read, stderr};

#[test]
fn a_linked_folder_is_refused_and_nothing_is_written_through_it() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    let outside = tmp.path().join("outside");
    std::fs::create_dir_all(&repo).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    symlink("../outside", repo.join(".github")).unwrap();
    let out = generate(&repo).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(".github is a symbolic link"),
        "{}",
        stderr(&out)
    );
    assert!(
        std::fs::read_dir(&outside).unwrap().next().is_none(),
        "written outside"
    );
    assert!(!repo.join("specs").exists(), "nothing written at all");
}

#[test]
fn a_linked_decision_log_is_never_read_copied_or_diffed() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    std::fs::create_dir_all(repo.join("specs")).unwrap();
    let secret = tmp.path().join("credentials");
    std::fs::write(
        &secret,
        "[default]\naws_secret_access_key = TOPSECRETVALUE\n",
    )
    .unwrap();
    generate(&repo).assert().success();
    std::fs::remove_file(repo.join("specs/09_DECISIONS.md")).unwrap();
    symlink(&secret, repo.join("specs/09_DECISIONS.md")).unwrap();

    let out = generate(&repo).arg("--force").output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        std::fs::symlink_metadata(repo.join("specs/09_DECISIONS.md"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        read(&secret),
        "[default]\naws_secret_access_key = TOPSECRETVALUE\n"
    );

    let dry = generate(&repo).arg("--dry-run").output().unwrap();
    assert_eq!(dry.status.code(), Some(2));
    assert!(!String::from_utf8_lossy(&dry.stdout).contains("TOPSECRET"));

    let check = deployplan().arg("check").arg(&repo).output().unwrap();
    assert_eq!(check.status.code(), Some(1), "check must not say ok");
    let text = String::from_utf8_lossy(&check.stdout);
    assert!(
        text.contains("unsafe-file") && !text.contains("TOPSECRET"),
        "{text}"
    );
}
