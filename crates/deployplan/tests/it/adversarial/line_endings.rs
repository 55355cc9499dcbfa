//! A CRLF checkout of the generated files is not drift and gains no duplicate decision.

use super::{deployplan, generate, read};

fn to_crlf(path: &std::path::Path) {
    let text = read(path).replace('\n', "\r\n");
    std::fs::write(path, text).unwrap();
}

#[test]
fn crlf_files_rerun_and_check_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    generate(out).arg("--repo").arg(out).assert().success();
    for rel in [
        "specs/DEPLOYMENT_TDD.md",
        "specs/09_DECISIONS.md",
        ".github/workflows/deploy.yml",
        ".env.example",
        "deployplan.toml",
    ] {
        to_crlf(&out.join(rel));
    }
    deployplan().arg("check").arg(out).assert().success();
    generate(out).arg("--repo").arg(out).assert().success();
    let decisions = read(&out.join("specs/09_DECISIONS.md"));
    assert_eq!(decisions.matches("## Deployment Infrastructure").count(), 1);
    assert!(decisions.contains("\r\n"), "left as the checkout has it");
    // A different decision appended to a CRLF log keeps its line endings.
    generate(out)
        .args(["--platform", "fly", "--force"])
        .assert()
        .success();
    let decisions = read(&out.join("specs/09_DECISIONS.md"));
    assert_eq!(decisions.matches("## Deployment Infrastructure").count(), 2);
    assert!(
        !decisions.replace("\r\n", "").contains('\n'),
        "mixed line endings"
    );
}
