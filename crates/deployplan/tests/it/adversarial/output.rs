//! A closed pipe ends a command quietly; a full disk is an error; neither is a panic.

#![cfg(target_os = "linux")]

use std::process::Stdio;

use super::generate;

fn deployplan() -> std::process::Command {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("deployplan"))
}

fn closed_stdout(args: &[&str], dir: &std::path::Path) -> std::process::Output {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("deployplan"))
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

#[test]
fn a_closed_stdout_is_success_in_every_command() {
    let tmp = tempfile::tempdir().unwrap();
    generate(tmp.path()).assert().success();
    let out = tmp.path().to_str().unwrap();
    let commands: &[&[&str]] = &[
        &["platforms"],
        &["platforms", "--json"],
        &["explain", "render"],
        &["scan", "."],
        &["scan", "--json", "."],
        &["check", "."],
        &["check", "--json", "."],
        &["recommend", "--app-type", "web-api"],
        &["schema"],
        &["example-answers"],
        &["completions", "bash"],
        &["man"],
        &["generate", "--out", out, "--dry-run"],
        &["generate", "--out", out],
        &["--help"],
        &["generate", "--help"],
        &["--version"],
    ];
    for args in commands {
        let o = closed_stdout(args, tmp.path());
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(o.status.code(), Some(0), "{args:?}: {err}");
    }
}

#[test]
fn a_full_disk_is_a_clear_error_not_a_panic() {
    let full = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    for args in [
        &["platforms"][..],
        &["schema"],
        &["explain", "fly"],
        &["--help"],
    ] {
        let o = deployplan()
            .args(args)
            .stdout(full())
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains("No space left on device") && !err.contains("panicked"),
            "{err}"
        );
    }
    // Nowhere to report: stderr full too, or an error to a full stderr.
    let o = deployplan()
        .args(["explain", "nope"])
        .stderr(full())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let o = deployplan()
        .arg("platforms")
        .stdout(full())
        .stderr(full())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
}
