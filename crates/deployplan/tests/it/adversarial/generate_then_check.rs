//! `generate` into the repository it scanned, then `check`: no drift, on apps shaped like the
//! scanner's fixtures (whose .env.example, render.yaml or workflow generate replaces).

use std::path::Path;

use super::{deployplan, generate, stderr};

fn copy(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn generate_then_check_reports_no_drift() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../deployplan-scan/tests/fixtures");
    for name in [
        "django-celery",
        "laravel",
        "nextjs-prisma",
        "express-api",
        "rails-sidekiq",
        "static-html",
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let repo = tmp.path();
        copy(&fixtures.join(name).join("repo"), repo);
        let out = generate(repo)
            .arg("--repo")
            .arg(repo)
            // The fixtures' own render.yaml and workflows are the person's: replacing them
            // takes --force-all.
            .arg("--force-all")
            .output()
            .unwrap();
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        let check = deployplan().arg("check").arg(repo).output().unwrap();
        let text = String::from_utf8_lossy(&check.stdout);
        assert!(check.status.success(), "{name}:\n{text}");
        // And a rerun changes nothing.
        let again = generate(repo).arg("--repo").arg(repo).output().unwrap();
        assert!(again.status.success(), "{name} rerun: {}", stderr(&again));
        assert!(
            !String::from_utf8_lossy(&again.stdout).contains("overwrite"),
            "{name}"
        );
    }
}
