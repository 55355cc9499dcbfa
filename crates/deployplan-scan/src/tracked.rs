//! Files git tracks although `.gitignore` lists them (`git add -f .env`): the walk respects
//! `.gitignore`, so it never sees them, yet they are committed. Read from git's own index
//! (`.git/index`, versions 2 to 4) without running git, and only for the names a committed
//! secret hides in (dotenv files, keys, keystores).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::MAX_FILE_BYTES;
use crate::git::{git_dir, read_limited};

/// The index of the repository at `root` (`.git/index`, or the worktree's `gitdir:`).
fn index_path(root: &Path) -> Option<PathBuf> {
    git_dir(root).map(|d| d.join("index"))
}

/// The paths of a git index file (None when it is not one this reader knows).
fn paths(index: &[u8]) -> Option<Vec<String>> {
    let u32_at = |at: usize| -> Option<u32> {
        Some(u32::from_be_bytes(index.get(at..at + 4)?.try_into().ok()?))
    };
    if index.get(0..4)? != b"DIRC" {
        return None;
    }
    let version = u32_at(4)?;
    let count = u32_at(8)? as usize;
    if !(2..=4).contains(&version) {
        return None;
    }
    let mut out: Vec<String> = Vec::with_capacity(count.min(1 << 20));
    let mut at = 12;
    let mut previous: Vec<u8> = Vec::new();
    for _ in 0..count {
        let start = at;
        let flags = u16::from_be_bytes(index.get(at + 60..at + 62)?.try_into().ok()?);
        at += 62;
        if version >= 3 && flags & 0x4000 != 0 {
            at += 2;
        }
        let name = if version == 4 {
            // Prefix compression: a varint of bytes to drop from the previous name.
            let mut strip: usize = 0;
            loop {
                let b = *index.get(at)?;
                at += 1;
                strip = (strip << 7) | usize::from(b & 0x7f);
                if b & 0x80 == 0 {
                    break;
                }
                strip += 1;
            }
            let end = at + index.get(at..)?.iter().position(|&b| b == 0)?;
            let keep = previous.len().checked_sub(strip)?;
            let mut name = previous[..keep].to_vec();
            name.extend_from_slice(&index[at..end]);
            at = end + 1;
            name
        } else {
            let end = at + index.get(at..)?.iter().position(|&b| b == 0)?;
            let name = index[at..end].to_vec();
            // Entries are NUL-padded to a multiple of 8 bytes.
            at = start + (end - start + 8) / 8 * 8;
            name
        };
        if let Ok(s) = std::str::from_utf8(&name) {
            out.push(s.to_string());
        }
        previous = name;
    }
    Some(out)
}

/// Whether a committed secret may hide in a file of this name.
fn may_hold_secret(path: &str) -> bool {
    let name = crate::index::file_name(path);
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    let dotenv = crate::detectors::env_vars::is_dotenv(name)
        && !crate::detectors::env_vars::is_example(name);
    dotenv
        || matches!(
            ext,
            "pem" | "key" | "p12" | "pfx" | "jks" | "keystore" | "tfstate"
        )
}

/// (path, text) of each file git tracks that the walk did not see, for the secrets check.
pub fn ignored_but_tracked(root: &Path, seen: &HashSet<&str>) -> Vec<(String, String)> {
    let Some(index) = index_path(root).and_then(|p| read_limited(&p, 256 * MAX_FILE_BYTES)) else {
        return Vec::new();
    };
    let Some(paths) = paths(&index) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for path in paths {
        if seen.contains(path.as_str()) || !may_hold_secret(&path) {
            continue;
        }
        if path
            .split('/')
            .any(|c| c.is_empty() || c == "." || c == "..")
        {
            continue;
        }
        // Every folder on the way must be a real folder: a link never leads the read out.
        let mut dir = root.to_path_buf();
        let parts: Vec<&str> = path.split('/').collect();
        let inside = parts[..parts.len() - 1].iter().all(|c| {
            dir.push(c);
            std::fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir())
        });
        if !inside {
            continue;
        }
        if let Some(bytes) = read_limited(&root.join(&path), MAX_FILE_BYTES) {
            out.push((path, String::from_utf8_lossy(&bytes).into_owned()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str) -> Vec<u8> {
        let mut e = vec![0u8; 62];
        let len = name.len() as u16;
        e[60..62].copy_from_slice(&len.to_be_bytes());
        e.extend_from_slice(name.as_bytes());
        let padded = (62 + name.len() + 8) / 8 * 8;
        e.resize(padded, 0);
        e
    }

    #[test]
    fn reads_the_paths_of_a_version_2_index() {
        let mut index = b"DIRC".to_vec();
        index.extend_from_slice(&2u32.to_be_bytes());
        index.extend_from_slice(&2u32.to_be_bytes());
        index.extend(entry(".env"));
        index.extend(entry("src/app.js"));
        assert_eq!(paths(&index).unwrap(), [".env", "src/app.js"]);
        assert!(paths(b"nope").is_none());
    }
}
