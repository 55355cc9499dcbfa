//! Branch names that CI push filters would read as patterns or expressions are refused with
//! a clear message and exit 2 (a `!main` filter never runs; `feat+x` matches `featx`).

use super::{generate, stderr};

#[test]
fn pattern_and_expression_characters_in_a_branch_are_bad_input() {
    let tmp = tempfile::tempdir().unwrap();
    for branch in ["!main", "feat+x", "main$(id)", "a{b,c}"] {
        let out = generate(tmp.path())
            .args(["--branch", branch])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{branch}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("pattern"),
            "{branch}: {}",
            stderr(&out)
        );
        std::fs::write(
            tmp.path().join("deployplan.toml"),
            format!("[ci]\nbranch = {}\n", toml::Value::from(branch)),
        )
        .unwrap();
        let out = generate(tmp.path()).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{branch}: {}", stderr(&out));
        std::fs::remove_file(tmp.path().join("deployplan.toml")).unwrap();
    }
    assert!(!tmp.path().join(".github").exists());
    generate(tmp.path())
        .args(["--branch", "release/2026-01"])
        .assert()
        .success();
}
