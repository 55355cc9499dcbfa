//! The answers file is a regular file under a stated limit: no FIFO, device, outside link or
//! giant file is read, and every refusal says why (exit 2).

#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::time::Duration;

use super::{deployplan, generate, stderr};

fn refused(cmd: &mut assert_cmd::Command, what: &str) {
    let out = cmd.timeout(Duration::from_secs(20)).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{what}: {}", stderr(&out));
    assert!(
        stderr(&out).contains("deployplan.toml:1:1:"),
        "{what}: {}",
        stderr(&out)
    );
}

#[test]
fn fifo_device_outside_link_and_giant_files_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("fifo");
    std::fs::create_dir(&fifo).unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(fifo.join("deployplan.toml"))
        .status()
        .unwrap();
    assert!(status.success());
    refused(
        generate(&fifo)
            .arg("--answers")
            .arg(fifo.join("deployplan.toml")),
        "fifo",
    );
    refused(deployplan().arg("check").arg(&fifo), "fifo check");

    let zero = tmp.path().join("zero");
    std::fs::create_dir(&zero).unwrap();
    symlink("/dev/zero", zero.join("deployplan.toml")).unwrap();
    refused(
        generate(&zero)
            .arg("--answers")
            .arg(zero.join("deployplan.toml")),
        "/dev/zero",
    );

    let passwd = tmp.path().join("passwd");
    std::fs::create_dir(&passwd).unwrap();
    symlink("/etc/passwd", passwd.join("deployplan.toml")).unwrap();
    refused(deployplan().arg("check").arg(&passwd), "/etc/passwd");

    let big = tmp.path().join("big");
    std::fs::create_dir(&big).unwrap();
    let f = std::fs::File::create(big.join("deployplan.toml")).unwrap();
    f.set_len(2 * 1024 * 1024 * 1024).unwrap();
    let out = generate(&big)
        .arg("--answers")
        .arg(big.join("deployplan.toml"))
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("limit of 4 MiB"), "{}", stderr(&out));
}

#[test]
fn a_link_inside_the_folder_is_read() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("answers.toml"),
        "[context]\nscale = \"low\"\n",
    )
    .unwrap();
    symlink("answers.toml", tmp.path().join("deployplan.toml")).unwrap();
    generate(&tmp.path().join("out"))
        .arg("--answers")
        .arg(tmp.path().join("deployplan.toml"))
        .assert()
        .success();
}
