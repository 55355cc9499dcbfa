//! Every value that reaches a file knows where it came from: the TDD says "you said" only for
//! what the person said, lists what nobody stated under "Assumptions to confirm", `check`
//! reports those, and `generate --json` shows each source.

use crate::support::{deployplan, read};

fn section<'a>(doc: &'a str, heading: &str) -> &'a str {
    let start = doc.find(heading).unwrap_or_else(|| panic!("no {heading}"));
    let rest = &doc[start + heading.len()..];
    &rest[..rest.find("\n## ").unwrap_or(rest.len())]
}

#[test]
fn a_run_with_only_defaults_lists_every_assumed_value_and_never_says_you_said() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("app");
    deployplan()
        .args(["generate", "--date", "2026-12-01", "--out"])
        .arg(&out)
        .assert()
        .success();
    let tdd = read(&out.join("specs/DEPLOYMENT_TDD.md"));
    assert!(!tdd.contains("you said"), "nobody said anything");
    assert!(tdd.contains("is assumed (nobody said otherwise)"));
    let assumptions = section(&tdd, "## Assumptions to confirm");
    for (value, used_in) in [
        ("Install command", "the CI test job"),
        ("Start command", "the platform's web process"),
        ("Port", "the platform's port"),
        ("Health check path", "the platform's health check"),
        ("Runtime version", "the CI setup steps"),
    ] {
        let row = assumptions
            .lines()
            .find(|l| l.starts_with(&format!("| {value} |")))
            .unwrap_or_else(|| panic!("{value} not listed:\n{assumptions}"));
        assert!(row.contains(used_in), "{row}");
    }

    // A rerun from the saved answers still knows what nobody said.
    let saved = read(&out.join("deployplan.toml"));
    assert!(saved.contains("[assumed]"), "{saved}");
    assert!(saved.contains("\"context.expertise\" = \"default\""));
    deployplan()
        .args(["generate", "--out"])
        .arg(&out)
        .assert()
        .success();
    assert_eq!(
        read(&out.join("specs/DEPLOYMENT_TDD.md")),
        tdd,
        "rerun is identical"
    );

    // check reports each assumption as a warning, not an error.
    let check = deployplan().arg("check").arg(&out).assert().success();
    let text = String::from_utf8_lossy(&check.get_output().stdout).into_owned()
        + &String::from_utf8_lossy(&check.get_output().stderr);
    assert!(
        text.contains("warning[assumption]: Start command `npm start` is assumed"),
        "{text}"
    );
    assert!(!text.contains("error[assumption]"), "{text}");
}

#[test]
fn what_the_person_says_is_cited_as_theirs_and_leaves_the_assumptions() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("app");
    deployplan()
        .args([
            "generate",
            "--date",
            "2026-12-01",
            "--expertise",
            "beginner",
            "--health-path",
            "/healthz",
            "--start-command",
            "node server.js",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let tdd = read(&out.join("specs/DEPLOYMENT_TDD.md"));
    assert!(
        tdd.contains("you said \u{201c}Beginner\u{201d}"),
        "expertise is theirs"
    );
    assert!(
        !tdd.contains("you said \u{201c}Small\u{201d}"),
        "budget is not"
    );
    let assumptions = section(&tdd, "## Assumptions to confirm");
    let assumed_table = &assumptions[..assumptions.find("**Values that were stated**").unwrap()];
    assert!(
        !assumed_table.contains("| Health check path |"),
        "{assumptions}"
    );
    assert!(
        !assumed_table.contains("| Start command |"),
        "{assumptions}"
    );
    assert!(assumptions.contains("| Start command | `node server.js` | you said |"));
    let saved = read(&out.join("deployplan.toml"));
    assert!(!saved.contains("\"context.expertise\""), "{saved}");
    assert!(!saved.contains("\"health.path\""), "{saved}");
}

#[test]
fn generate_json_shows_the_source_of_every_value_from_the_repository() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("api");
    std::fs::create_dir_all(&repo).unwrap();
    std::fs::write(repo.join("Procfile"), "web: node src/server.js\n").unwrap();
    std::fs::create_dir_all(repo.join("test")).unwrap();
    std::fs::write(
        repo.join("test/server.test.js"),
        "const test = require('node:test');\ntest('up', () => {});\n",
    )
    .unwrap();
    std::fs::write(
        repo.join("package.json"),
        r#"{"name":"api","scripts":{"test":"node --test"},"dependencies":{"express":"^4.21.0"}}"#,
    )
    .unwrap();
    let out = tmp.path().join("out");
    let run = deployplan()
        .args(["generate", "--json", "--date", "2026-12-01", "--repo"])
        .arg(&repo)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&run.get_output().stdout).unwrap();
    let provenance = json["plan"]["provenance"].as_array().unwrap();
    let of = |value: &str| {
        provenance
            .iter()
            .find(|p| p["value"] == value)
            .unwrap_or_else(|| panic!("no {value}"))
            .clone()
    };
    let start = of("start-command");
    assert_eq!(start["shown"], "node src/server.js");
    assert_eq!(start["source"]["kind"], "repository");
    assert_eq!(start["source"]["evidence"]["path"], "Procfile");
    assert_eq!(of("test-command")["source"]["kind"], "repository");
    // An Express app with no health route gets one written for it.
    assert_eq!(of("health-path")["source"]["kind"], "generated");
    assert!(
        json["assumptions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["source"]["kind"] == "convention")
    );
    assert!(
        json["files"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["path"] == "specs/DEPLOYMENT_TDD.md" && f["action"] == "create")
    );
}
