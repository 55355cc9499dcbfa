//! Control characters in repository-supplied text (a file name with terminal escapes) are
//! shown escaped on the terminal and in the documents, never raw.

#![cfg(unix)]

use super::{deployplan, generate, read};

const NAME: &str = "x\u{1b}]0;pwned\u{7}\u{1b}[2J\u{202e}.pem";

fn has_raw_controls(text: &str) -> bool {
    text.chars()
        .any(|c| (c.is_control() && c != '\n' && c != '\t') || c == '\u{202e}')
}

#[test]
fn a_file_named_with_escape_sequences_is_shown_escaped() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(
        dir.join("package.json"),
        r#"{"name":"x","scripts":{"start":"node s.js"}}"#,
    )
    .unwrap();
    std::fs::write(
        dir.join(NAME),
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA0000000000000000\n-----END RSA PRIVATE KEY-----\n",
    )
    .unwrap();
    let scan = deployplan().arg("scan").arg(dir).output().unwrap();
    let text = String::from_utf8_lossy(&scan.stdout);
    assert!(text.contains("\\u{1b}]0;pwned"), "{text}");
    assert!(
        !has_raw_controls(&text),
        "raw controls on the terminal: {text:?}"
    );

    let out = generate(dir).arg("--repo").arg(dir).output().unwrap();
    assert!(out.status.success());
    assert!(!has_raw_controls(&String::from_utf8_lossy(&out.stdout)));
    assert!(
        !has_raw_controls(&String::from_utf8_lossy(&out.stderr)),
        "warnings"
    );
    for doc in ["specs/DEPLOYMENT_TDD.md", "specs/09_DECISIONS.md"] {
        let text = read(&dir.join(doc));
        assert!(!has_raw_controls(&text), "{doc} holds raw controls");
    }
    assert!(read(&dir.join("specs/DEPLOYMENT_TDD.md")).contains("\\u{1b}"));

    let check = deployplan().arg("check").arg(dir).output().unwrap();
    let text = String::from_utf8_lossy(&check.stdout);
    assert!(text.contains("committed-secret"), "{text}");
    assert!(!has_raw_controls(&text), "{text:?}");
}
