//! Temporary files left by a killed run are cleaned up (and said) by the next one.

use super::{generate, stderr};

#[test]
fn stale_temporary_files_of_a_killed_run_are_removed_and_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    generate(out).assert().success();
    let stale = out.join("specs/.deployplan-Xy12Zq");
    std::fs::write(&stale, "half a TDD").unwrap();
    let mine = out.join("specs/.deployplan-notes.txt");
    std::fs::write(&mine, "not ours").unwrap();
    let o = generate(out)
        .args(["--platform", "fly", "--force"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stale.exists(), "stale temporary file kept");
    assert!(mine.exists(), "a file that is not ours was removed");
    assert!(
        stderr(&o).contains("specs/.deployplan-Xy12Zq"),
        "{}",
        stderr(&o)
    );
}
