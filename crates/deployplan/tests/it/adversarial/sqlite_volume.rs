//! SQLite on a persistent volume: wherever the TDD says so, the platform file declares it
//! (Render `disk:`, Fly.io `[mounts]`), or the TDD and a warning say it is attached by hand
//! (Railway) or that there is none (serverless), so the design and the files agree.

use super::{generate, read, stderr};

fn sqlite_on(platform: &str) -> (tempfile::TempDir, String, String) {
    let tmp = tempfile::tempdir().unwrap();
    let out = generate(tmp.path())
        .args(["--platform", platform, "--database", "sqlite"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{platform}: {}", stderr(&out));
    let tdd = read(&tmp.path().join("specs/DEPLOYMENT_TDD.md"));
    (tmp, tdd, stderr(&out))
}

#[test]
fn render_and_fly_declare_the_volume_the_tdd_promises() {
    let (dir, tdd, _) = sqlite_on("render");
    assert!(
        tdd.contains("SQLite on a persistent volume on Render at /data (declared in render.yaml"),
        "{tdd}"
    );
    let yaml: serde_json::Value =
        serde_saphyr::from_str(&read(&dir.path().join("render.yaml"))).unwrap();
    let services = yaml["services"].as_array().cloned().unwrap_or_default();
    let projects = yaml["projects"].as_array().cloned().unwrap_or_default();
    let mut webs: Vec<serde_json::Value> = services;
    for p in projects {
        for e in p["environments"].as_array().cloned().unwrap_or_default() {
            webs.extend(e["services"].as_array().cloned().unwrap_or_default());
        }
    }
    let webs: Vec<_> = webs.iter().filter(|s| s["type"] == "web").collect();
    assert!(!webs.is_empty());
    for web in webs {
        assert_eq!(web["disk"]["mountPath"], "/data", "{web:?}");
        assert_eq!(web["disk"]["sizeGB"], 1);
    }

    let (dir, tdd, _) = sqlite_on("fly");
    assert!(
        tdd.contains(
            "SQLite on a persistent volume on Fly.io at /data (declared in fly.toml `[mounts]`"
        ),
        "{tdd}"
    );
    let fly: toml::Value = toml::from_str(&read(&dir.path().join("fly.toml"))).unwrap();
    assert_eq!(fly["mounts"]["source"].as_str(), Some("data"));
    assert_eq!(fly["mounts"]["destination"].as_str(), Some("/data"));
}

#[test]
fn railway_says_the_volume_is_attached_by_hand_and_serverless_that_there_is_none() {
    let (_dir, tdd, err) = sqlite_on("railway");
    let by_hand = "`railway volume add --mount-path /data`";
    assert!(
        tdd.contains(by_hand) && err.contains(by_hand),
        "{err}\n{tdd}"
    );
    assert!(
        err.contains("until then the database is lost on every deploy"),
        "{err}"
    );

    for platform in ["vercel", "netlify"] {
        let (_dir, tdd, err) = sqlite_on(platform);
        let lost =
            "it has no persistent volume, so the SQLite file is lost on every deploy and restart";
        assert!(tdd.contains(lost), "{platform}: {tdd}");
        assert!(err.contains(lost), "{platform}: {err}");
        assert!(!tdd.contains("SQLite on a persistent volume"), "{platform}");
    }
}
