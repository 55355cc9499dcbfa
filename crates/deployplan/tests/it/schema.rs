//! The JSON Schema of deployplan.toml: the checked-in copy is what `deployplan schema` prints,
//! and the example and saved answers files validate against it (check-jsonschema, offline).

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn deployplan(args: &[&str]) -> String {
    let out = Command::cargo_bin("deployplan")
        .expect("binary")
        .args(args)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn the_checked_in_schema_is_fresh() {
    let printed = deployplan(&["schema"]);
    let path = repo().join("schema/deployplan.schema.json");
    if std::env::var("BLESS").as_deref() == Ok("1") {
        std::fs::write(&path, &printed).expect("writable");
    }
    let stored = std::fs::read_to_string(&path).expect("schema/deployplan.schema.json exists");
    assert_eq!(
        stored, printed,
        "stale schema: run `BLESS=1 cargo test -p deployplan schema`"
    );
}

#[test]
fn answers_files_validate_against_the_schema() {
    if std::env::var("DEPLOYPLAN_SKIP_VALIDATORS").as_deref() == Ok("1") {
        return;
    }
    let home = std::env::var_os("DEPLOY_VALIDATORS_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default())
                .join(".cache/deploy-validators")
        });
    let checker = home.join("venv/bin/check-jsonschema");
    assert!(
        checker.exists(),
        "the offline validators are not installed: run scripts/validators.sh"
    );
    let tmp = tempfile::tempdir().unwrap();
    let example = tmp.path().join("example.toml");
    std::fs::write(&example, deployplan(&["example-answers"])).unwrap();
    let out = tmp.path().join("out");
    deployplan(&[
        "generate",
        "--example",
        "--date",
        "2026-11-26",
        "--out",
        out.to_str().unwrap(),
    ]);
    let bad = tmp.path().join("bad.toml");
    std::fs::write(&bad, "[context]\nbudget = \"lots\"\n").unwrap();
    let schema = repo().join("schema/deployplan.schema.json");
    let check = |file: &Path| {
        Command::new(&checker)
            .arg("--schemafile")
            .arg(&schema)
            .arg(file)
            .output()
            .expect("runs")
    };
    for good in [example, out.join("deployplan.toml")] {
        let o = check(&good);
        assert!(
            o.status.success(),
            "{}: {}",
            good.display(),
            String::from_utf8_lossy(&o.stdout)
        );
    }
    assert!(
        !check(&bad).status.success(),
        "an unknown budget must fail the schema"
    );
}
