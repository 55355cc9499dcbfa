//! The throwaway folder of a rehearsal: `app/` (a copy of the repository's tracked and
//! unignored files, never the repository itself), `services/` (server data) and `logs/`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::RehearseError;

/// Folders never copied: history and installed dependencies (the install step recreates them,
/// as on the platform).
const SKIPPED_DIRS: &[&str] = &[".git", "node_modules"];

pub struct Workspace {
    pub root: PathBuf,
    pub app: PathBuf,
    pub services: PathBuf,
    pub logs: PathBuf,
}

impl Workspace {
    /// A new folder under the system's temporary folder.
    pub fn create() -> Result<Workspace, RehearseError> {
        let root = tempfile::Builder::new()
            .prefix("deployplan-rehearse-")
            .tempdir()
            .map_err(|e| RehearseError::io(&std::env::temp_dir(), "creating the workspace", e))?
            .keep();
        let ws = Workspace {
            app: root.join("app"),
            services: root.join("services"),
            logs: root.join("logs"),
            root,
        };
        for dir in [&ws.app, &ws.services, &ws.logs] {
            std::fs::create_dir(dir).map_err(|e| RehearseError::io(dir, "creating", e))?;
        }
        // Servers that run as an unprivileged account (PostgreSQL under root) must be able to
        // pass through the folder to their own data; its listing stays private.
        if crate::process::running_as_root() {
            set_mode(&ws.root, 0o711)?;
            set_mode(&ws.services, 0o711)?;
        }
        Ok(ws)
    }

    pub fn log_path(&self, step_index: usize, name: &str) -> PathBuf {
        let slug: String = name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        self.logs.join(format!("{:02}-{slug}.log", step_index + 1))
    }

    /// Removes the app copy and the server data; the logs too unless `keep_logs`.
    pub fn remove(&self, keep_logs: bool) {
        if keep_logs {
            let _ = std::fs::remove_dir_all(&self.app);
            let _ = std::fs::remove_dir_all(&self.services);
        } else {
            let _ = std::fs::remove_dir_all(&self.root);
        }
    }
}

fn set_mode(path: &Path, mode: u32) -> Result<(), RehearseError> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        .map_err(|e| RehearseError::io(path, "setting permissions on", e))
}

/// Whether every folder above `path` lets other accounts pass (the x bit for others).
pub fn traversable_by_others(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.ancestors()
        .skip(1)
        .all(|dir| std::fs::metadata(dir).is_ok_and(|m| m.permissions().mode() & 0o001 != 0))
}

/// How the files were chosen and how many were copied.
pub struct Copied {
    pub files: usize,
    pub how: &'static str,
}

/// Copies the repository's files into `dest`.
pub fn copy_repository(repo: &Path, dest: &Path) -> Result<Copied, RehearseError> {
    let (files, how) = match git_files(repo) {
        Some(files) => (files, "git ls-files -co --exclude-standard"),
        None => (walked_files(repo), "the folder, respecting .gitignore"),
    };
    let mut copied = 0;
    for rel in files {
        if rel
            .components()
            .any(|c| SKIPPED_DIRS.iter().any(|s| c.as_os_str() == *s))
        {
            continue;
        }
        let from = repo.join(&rel);
        let to = dest.join(&rel);
        let Ok(meta) = std::fs::symlink_metadata(&from) else {
            continue; // tracked but deleted in the working tree
        };
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| RehearseError::io(parent, "creating", e))?;
        }
        if meta.file_type().is_symlink() {
            let target =
                std::fs::read_link(&from).map_err(|e| RehearseError::io(&from, "reading", e))?;
            std::os::unix::fs::symlink(&target, &to)
                .map_err(|e| RehearseError::io(&to, "creating", e))?;
        } else if meta.is_file() {
            std::fs::copy(&from, &to).map_err(|e| RehearseError::io(&from, "copying", e))?;
        } else {
            continue;
        }
        copied += 1;
    }
    Ok(Copied { files: copied, how })
}

/// The tracked and untracked-but-unignored files, when `repo` is inside a git work tree.
fn git_files(repo: &Path) -> Option<Vec<PathBuf>> {
    let output = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(["ls-files", "-z", "-co", "--exclude-standard"])
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    use std::os::unix::ffi::OsStrExt;
    Some(
        output
            .stdout
            .split(|b| *b == 0)
            .filter(|s| !s.is_empty())
            .map(|s| PathBuf::from(std::ffi::OsStr::from_bytes(s)))
            .collect(),
    )
}

/// Outside git: every file, minus what .gitignore files say and the skipped folders.
fn walked_files(repo: &Path) -> Vec<PathBuf> {
    ignore::WalkBuilder::new(repo)
        .hidden(false)
        .git_ignore(true)
        .require_git(false)
        .git_global(false)
        .filter_entry(|e| !SKIPPED_DIRS.iter().any(|s| e.file_name() == *s))
        .build()
        .flatten()
        .filter(|e| e.file_type().is_some_and(|t| t.is_file() || t.is_symlink()))
        .filter_map(|e| e.path().strip_prefix(repo).ok().map(Path::to_path_buf))
        .collect()
}
