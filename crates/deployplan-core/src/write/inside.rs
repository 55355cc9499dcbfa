//! Paths that stay inside the output folder: a generated path is relative and plain, and no
//! component of it on disk is a symbolic link (a link could send a write, or a read for a
//! diff, anywhere on the machine: `.github -> ../outside`, `specs/09_DECISIONS.md ->
//! ~/.aws/credentials`).

use std::io::Read as _;
use std::path::{Component, Path, PathBuf};

use super::WriteError;

/// Existing files larger than this are not read for a diff or a check.
pub const MAX_EXISTING_BYTES: u64 = 64 * 1024 * 1024;

/// The on-disk path of `rel` in `out`, refused when `rel` is not a plain relative path, when
/// any existing component is a symbolic link, or when the target exists and is not a regular
/// file (a folder, a FIFO, a device).
pub fn target(out: &Path, rel: &str) -> Result<PathBuf, WriteError> {
    let p = Path::new(rel);
    if rel.is_empty() || p.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(WriteError::UnsafePath(rel.to_string()));
    }
    let parts: Vec<_> = p.components().collect();
    let mut current = out.to_path_buf();
    let mut shown = PathBuf::new();
    for (i, part) in parts.iter().enumerate() {
        current.push(part);
        shown.push(part);
        let last = i + 1 == parts.len();
        let meta = match std::fs::symlink_metadata(&current) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => break,
            Err(e) => {
                return Err(WriteError::Io {
                    path: current.display().to_string(),
                    source: e,
                });
            }
        };
        let kind = meta.file_type();
        if kind.is_symlink() {
            return Err(WriteError::Symlink {
                rel: rel.to_string(),
                link: shown.to_string_lossy().replace('\\', "/"),
            });
        }
        if last && !kind.is_file() {
            return Err(WriteError::NotAFile(rel.to_string()));
        }
        if !last && !kind.is_dir() {
            return Err(WriteError::NotAFolder(shown.to_string_lossy().into_owned()));
        }
    }
    Ok(out.join(p))
}

/// After the parent folders exist: the parent, with every link resolved, is still inside the
/// output folder (a link swapped in between the check and the write is caught here).
pub fn parent_inside(out: &Path, path: &Path) -> Result<(), WriteError> {
    let io = |p: &Path| {
        let p = p.display().to_string();
        move |source| WriteError::Io { path: p, source }
    };
    let root = out.canonicalize().map_err(io(out))?;
    let parent = path.parent().unwrap_or(out);
    let real = parent.canonicalize().map_err(io(parent))?;
    if !real.starts_with(&root) {
        return Err(WriteError::UnsafePath(path.display().to_string()));
    }
    Ok(())
}

/// The text of `rel` in `out` (None when absent), read only through [`target`] and only up to
/// [`MAX_EXISTING_BYTES`]; invalid UTF-8 is replaced for the comparison.
pub fn read_inside(out: &Path, rel: &str) -> Result<Option<String>, WriteError> {
    let path = target(out, rel)?;
    let file = match std::fs::File::open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(WriteError::Io {
                path: path.display().to_string(),
                source: e,
            });
        }
    };
    let mut bytes = Vec::new();
    file.take(MAX_EXISTING_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| WriteError::Io {
            path: path.display().to_string(),
            source,
        })?;
    if bytes.len() as u64 > MAX_EXISTING_BYTES {
        return Err(WriteError::TooLarge(rel.to_string()));
    }
    Ok(Some(String::from_utf8_lossy(&bytes).into_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_that_leave_the_output() {
        let out = Path::new("/nonexistent-deployplan-test");
        for bad in ["../x", "/etc/passwd", "a/../../b", ""] {
            assert!(target(out, bad).is_err(), "{bad}");
        }
        assert!(target(out, ".github/workflows/deploy.yml").is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn refuses_links_anywhere_on_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join(".github")).unwrap();
        let err = target(dir.path(), ".github/workflows/deploy.yml").unwrap_err();
        assert!(matches!(err, WriteError::Symlink { ref link, .. } if link == ".github"));
        assert!(read_inside(dir.path(), ".github/x").is_err());
    }
}
