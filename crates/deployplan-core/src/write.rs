//! The only code that touches the output tree: it compares what would be written with what is
//! there, refuses to overwrite without `force`, and writes each file atomically (a temporary
//! file in the same folder, then a rename), so an interrupted run never leaves half a file.

use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

use crate::file::GeneratedFile;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Create,
    Overwrite,
    /// The decisions log gains an entry; what it held is kept byte for byte.
    Append,
    Unchanged,
}

impl Action {
    pub fn label(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Overwrite => "overwrite",
            Action::Append => "append",
            Action::Unchanged => "unchanged",
        }
    }
}

/// One file's fate, with a unified diff when it changes an existing file.
#[derive(Debug, Clone)]
pub struct Change {
    pub path: String,
    pub action: Action,
    pub contents: String,
    pub diff: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("refusing to write outside the output directory: {0}")]
    UnsafePath(String),
    #[error("{} existing file(s) would change (rerun with --force to overwrite, or --dry-run to see the diff):\n{}", .0.len(), .0.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n"))]
    WouldOverwrite(Vec<String>),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Generated paths are relative, `/`-separated and stay inside the output directory.
fn target(out: &Path, rel: &str) -> Result<PathBuf, WriteError> {
    let p = Path::new(rel);
    if rel.is_empty() || p.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(WriteError::UnsafePath(rel.to_string()));
    }
    Ok(out.join(p))
}

fn read_existing(path: &Path) -> Result<Option<String>, WriteError> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io(path)(e)),
    }
}

fn unified_diff(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

/// Builds the new text of an appended file from its current text (None: nothing to add).
pub type Merge<'a> = dyn Fn(Option<&str>) -> Option<String> + 'a;

/// What writing `files` (and appending `append` to the decisions log) would do.
/// `append` is (path, function from the existing text to the new text, None if no change).
pub fn preview(
    out: &Path,
    files: &[GeneratedFile],
    append: Option<(&str, &Merge<'_>)>,
) -> Result<Vec<Change>, WriteError> {
    let mut changes = Vec::new();
    for f in files {
        let path = target(out, &f.path)?;
        let change = match read_existing(&path)? {
            None => Change {
                path: f.path.clone(),
                action: Action::Create,
                contents: f.contents.clone(),
                diff: None,
            },
            Some(old) if old == f.contents => Change {
                path: f.path.clone(),
                action: Action::Unchanged,
                contents: f.contents.clone(),
                diff: None,
            },
            Some(old) => Change {
                path: f.path.clone(),
                action: Action::Overwrite,
                contents: f.contents.clone(),
                diff: Some(unified_diff(&f.path, &old, &f.contents)),
            },
        };
        changes.push(change);
    }
    if let Some((rel, merge)) = append {
        let path = target(out, rel)?;
        let old = read_existing(&path)?;
        let change = match (merge(old.as_deref()), &old) {
            (None, _) => Change {
                path: rel.into(),
                action: Action::Unchanged,
                contents: old.unwrap_or_default(),
                diff: None,
            },
            (Some(new), None) => Change {
                path: rel.into(),
                action: Action::Create,
                contents: new,
                diff: None,
            },
            (Some(new), Some(old_text)) => Change {
                path: rel.into(),
                action: Action::Append,
                diff: Some(unified_diff(rel, old_text, &new)),
                contents: new,
            },
        };
        changes.push(change);
    }
    Ok(changes)
}

/// Writes the changes. Without `force`, nothing is written if any existing file would be
/// overwritten (appending to the decisions log is not an overwrite).
pub fn apply(out: &Path, changes: &[Change], force: bool) -> Result<(), WriteError> {
    let blocked: Vec<String> = changes
        .iter()
        .filter(|c| c.action == Action::Overwrite)
        .map(|c| c.path.clone())
        .collect();
    if !force && !blocked.is_empty() {
        return Err(WriteError::WouldOverwrite(blocked));
    }
    for c in changes.iter().filter(|c| c.action != Action::Unchanged) {
        let path = target(out, &c.path)?;
        let dir = path.parent().unwrap_or(out);
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        let mut builder = tempfile::Builder::new();
        builder.prefix(".deployplan-");
        if let Some(permissions) = permissions_for(&path) {
            builder.permissions(permissions);
        }
        let mut tmp = builder.tempfile_in(dir).map_err(io(dir))?;
        tmp.write_all(c.contents.as_bytes()).map_err(io(&path))?;
        tmp.as_file().sync_all().map_err(io(&path))?;
        tmp.persist(&path).map_err(|e| io(&path)(e.error))?;
    }
    Ok(())
}

/// An overwritten file keeps its mode; a new one is readable by all, like any file a
/// developer creates (the temporary file would otherwise be private to its owner).
fn permissions_for(path: &Path) -> Option<std::fs::Permissions> {
    match std::fs::metadata(path) {
        Ok(meta) => Some(meta.permissions()),
        Err(_) => default_permissions(),
    }
}

#[cfg(unix)]
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_that_leave_the_output() {
        let out = Path::new("/tmp/x");
        for bad in ["../x", "/etc/passwd", "a/../../b", ""] {
            assert!(target(out, bad).is_err(), "{bad}");
        }
        assert!(target(out, ".github/workflows/deploy.yml").is_ok());
    }

    #[test]
    fn no_clobber_then_force() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "old\n").unwrap();
        let files = vec![
            GeneratedFile::new("a.txt", "new\n", ""),
            GeneratedFile::new("sub/b.txt", "b\n", ""),
        ];
        let changes = preview(dir.path(), &files, None).unwrap();
        assert_eq!(changes[0].action, Action::Overwrite);
        assert!(changes[0].diff.as_ref().unwrap().contains("-old\n+new"));
        assert_eq!(changes[1].action, Action::Create);
        let err = apply(dir.path(), &changes, false).unwrap_err();
        assert!(
            matches!(err, WriteError::WouldOverwrite(ref p) if p == &vec!["a.txt".to_string()])
        );
        assert!(
            !dir.path().join("sub/b.txt").exists(),
            "nothing written when refused"
        );
        apply(dir.path(), &changes, true).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a.txt")).unwrap(),
            "new\n"
        );
        let again = preview(dir.path(), &files, None).unwrap();
        assert!(again.iter().all(|c| c.action == Action::Unchanged));
    }
}
