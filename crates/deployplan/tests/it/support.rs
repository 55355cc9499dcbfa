//! Helpers the binary tests share: the binary itself, and reading and writing the real files
//! of a test's repository.

use std::path::Path;

use assert_cmd::Command;

/// The binary, without colour.
pub fn deployplan() -> Command {
    let mut cmd = Command::cargo_bin("deployplan").expect("binary built");
    cmd.env("NO_COLOR", "1");
    cmd
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Writes `text` at `rel` under `root`, creating its folders.
pub fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("a relative path")).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A YAML file parsed back into JSON values.
pub fn yaml(path: &Path) -> serde_json::Value {
    serde_saphyr::from_str(&read(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
