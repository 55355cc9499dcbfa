//! Hostile inputs found in review, one module per defect class, each a test through the real
//! binary on real files: it failed before its fix and passes after. Grows with every such bug.

mod answers_file;
mod branches;
mod committed_secrets;
mod concurrency;
mod default_names;
mod escapes;
mod generate_then_check;
mod limits;
mod line_endings;
mod non_utf8;
mod output;
mod own_files;
mod reserved_names;
mod secret_values;
mod sqlite_volume;
mod staging;
mod symlinks;

use std::path::Path;

use assert_cmd::Command;

pub fn deployplan() -> Command {
    let mut cmd = Command::cargo_bin("deployplan").expect("binary built");
    cmd.env("NO_COLOR", "1");
    cmd
}

/// `generate` with the four context answers and a fixed date, into `out`.
pub fn generate(out: &Path) -> Command {
    let mut cmd = deployplan();
    cmd.args([
        "generate",
        "--app-type",
        "web-api",
        "--expertise",
        "beginner",
        "--scale",
        "low",
        "--budget",
        "free",
        "--date",
        "2026-01-02",
        "--out",
    ])
    .arg(out);
    cmd
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
