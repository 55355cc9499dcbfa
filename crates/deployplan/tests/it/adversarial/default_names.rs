//! Defaults are validated like typed values: a folder name that is no valid project name
//! becomes a slug (said in a note); bidi controls are refused in every name.

#![cfg(unix)]

use super::{generate, read, stderr};

#[test]
fn a_multi_line_folder_name_becomes_a_slug_and_reruns_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("evil\nname");
    let o = generate(&out).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("using `evil-name`"), "{}", stderr(&o));
    assert!(read(&out.join("deployplan.toml")).contains("name = \"evil-name\""));
    let again = generate(&out).output().unwrap();
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        !String::from_utf8_lossy(&again.stdout).contains("evil\nname"),
        "path shown raw"
    );
}

#[test]
fn bidi_controls_are_refused_in_names() {
    let tmp = tempfile::tempdir().unwrap();
    let evil = "shop\u{202e}lmth.exe";
    let o = generate(tmp.path())
        .args(["--project-name", evil])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bidirectional") && !stderr(&o).contains('\u{202e}'));
    std::fs::write(
        tmp.path().join("deployplan.toml"),
        format!("[project]\nauthor = \"{evil}\"\n"),
    )
    .unwrap();
    let o = generate(tmp.path()).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("deployplan.toml:2:"), "{}", stderr(&o));
    std::fs::remove_file(tmp.path().join("deployplan.toml")).unwrap();
    // A folder named with one: a slug, not a name that reaches render.yaml or app.json.
    let out = tmp.path().join(evil);
    let o = generate(&out)
        .args(["--platform", "heroku"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    for file in ["app.json", "deployplan.toml", "specs/DEPLOYMENT_TDD.md"] {
        assert!(!read(&out.join(file)).contains('\u{202e}'), "{file}");
    }
}
