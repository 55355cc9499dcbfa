//! Bytes that are not UTF-8 in a repository command are refused clearly, never turned into
//! U+FFFD in a regenerated Procfile.

use super::{generate, stderr};

#[test]
fn a_non_utf8_procfile_command_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(
        dir.join("package.json"),
        r#"{"name":"x","scripts":{"start":"node s.js"}}"#,
    )
    .unwrap();
    std::fs::write(dir.join("Procfile"), b"web: node s.js --name caf\xe9\n").unwrap();
    let out = generate(dir)
        .arg("--repo")
        .arg(dir)
        .args(["--platform", "heroku"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Procfile:1") && stderr(&out).contains("UTF-8"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read(dir.join("Procfile")).unwrap(),
        b"web: node s.js --name caf\xe9\n"
    );
}
