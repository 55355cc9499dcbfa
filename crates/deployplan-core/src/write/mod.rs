//! The only code that touches the output tree: it compares what would be written with what is
//! there, refuses to overwrite without `force`, and writes each file atomically (a temporary
//! file in the same folder, then a rename), so an interrupted run never leaves half a file.

mod inside;
mod lock;

use std::io::Write as _;
use std::path::Path;

pub use inside::{MAX_EXISTING_BYTES, read_inside, target};
pub use lock::{LOCK_FILE, OutputLock, WAIT, lock};

use crate::file::GeneratedFile;
use crate::text;
use inside::parent_inside;

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
    #[error(
        "refusing to write or read {rel}: {link} is a symbolic link, and deployplan only touches regular files and folders inside the output folder; replace the link with a real file or folder (or choose another --out); nothing was written"
    )]
    Symlink { rel: String, link: String },
    #[error(
        "refusing to write {0}: it exists and is not a regular file (a folder, FIFO or device); move it away; nothing was written"
    )]
    NotAFile(String),
    #[error(
        "refusing to write under {0}: it exists and is not a folder; move it away; nothing was written"
    )]
    NotAFolder(String),
    #[error("{0} is larger than 64 MiB; deployplan does not read it to compare (move it away)")]
    TooLarge(String),
    #[error(
        "another deployplan run is writing to {out}; waited {waited}s for it to finish; nothing was written (run again when it is done)"
    )]
    Locked { out: String, waited: u64 },
    #[error("{} existing file(s) would change (rerun with --force to overwrite, or --dry-run to see the diff):\n{}", .0.len(), .0.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n"))]
    WouldOverwrite(Vec<String>),
    #[error(
        "{failed}: {source}; every file was staged, but renaming stopped here. Written: {}. Not written: {}",
        list(written),
        list(not_written)
    )]
    Partial {
        failed: String,
        #[source]
        source: std::io::Error,
        written: Vec<String>,
        not_written: Vec<String>,
    },
}

impl WriteError {
    /// Whether the error is about what the output folder holds (bad input: a link, a FIFO),
    /// rather than a failed write.
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            WriteError::UnsafePath(_)
                | WriteError::Symlink { .. }
                | WriteError::NotAFile(_)
                | WriteError::NotAFolder(_)
                | WriteError::TooLarge(_)
        )
    }
}

fn list(paths: &[String]) -> String {
    if paths.is_empty() {
        "none".into()
    } else {
        paths.join(", ")
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.display().to_string(),
        source,
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
/// An existing file that differs only in its line endings (CRLF) is unchanged.
pub fn preview(
    out: &Path,
    files: &[GeneratedFile],
    append: Option<(&str, &Merge<'_>)>,
) -> Result<Vec<Change>, WriteError> {
    let mut changes = Vec::new();
    for f in files {
        let change = match read_inside(out, &f.path)? {
            None => Change {
                path: f.path.clone(),
                action: Action::Create,
                contents: f.contents.clone(),
                diff: None,
            },
            Some(old) if text::same_lines(&old, &f.contents) => Change {
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
        let old = read_inside(out, rel)?;
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
/// overwritten (appending to the decisions log is not an overwrite). Every file is staged
/// first (a temporary file beside its target, written and synced); only when all are ready
/// are they renamed into place, so a failure while staging changes nothing. Returns the stale
/// temporary files of an earlier, killed run that were removed on the way.
///
/// Call it while holding [`lock`] on `out`, taken before [`preview`].
pub fn apply(out: &Path, changes: &[Change], force: bool) -> Result<Vec<String>, WriteError> {
    let blocked: Vec<String> = changes
        .iter()
        .filter(|c| c.action == Action::Overwrite)
        .map(|c| c.path.clone())
        .collect();
    if !force && !blocked.is_empty() {
        return Err(WriteError::WouldOverwrite(blocked));
    }
    let todo: Vec<&Change> = changes
        .iter()
        .filter(|c| c.action != Action::Unchanged)
        .collect();
    let mut stale = Vec::new();
    for c in &todo {
        let path = target(out, &c.path)?;
        if let Some(dir) = path.parent() {
            stale.extend(remove_stale(out, dir));
        }
    }
    let mut staged = Vec::with_capacity(todo.len());
    for c in &todo {
        let path = target(out, &c.path)?;
        let dir = path.parent().unwrap_or(out);
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        parent_inside(out, &path)?;
        let mut builder = tempfile::Builder::new();
        builder.prefix(TEMP_PREFIX);
        if let Some(permissions) = permissions_for(&path) {
            builder.permissions(permissions);
        }
        let mut tmp = builder.tempfile_in(dir).map_err(io(dir))?;
        tmp.write_all(c.contents.as_bytes()).map_err(io(&path))?;
        tmp.as_file().sync_all().map_err(io(&path))?;
        staged.push((c.path.clone(), path, tmp));
    }
    let mut written = Vec::new();
    let mut rest = staged.into_iter();
    while let Some((rel, path, tmp)) = rest.next() {
        // The target may have become a link since it was checked: check again, then rename
        // (a rename replaces a link itself, never what it points to).
        if let Err(e) = target(out, &rel) {
            let not_written = std::iter::once(rel)
                .chain(rest.map(|(r, _, _)| r))
                .collect();
            return Err(partial(e, written, not_written));
        }
        if let Err(e) = tmp.persist(&path) {
            let not_written = std::iter::once(rel.clone())
                .chain(rest.map(|(r, _, _)| r))
                .collect();
            return Err(WriteError::Partial {
                failed: rel,
                source: e.error,
                written,
                not_written,
            });
        }
        written.push(rel);
    }
    stale.sort();
    stale.dedup();
    Ok(stale)
}

fn partial(e: WriteError, written: Vec<String>, not_written: Vec<String>) -> WriteError {
    let failed = not_written.first().cloned().unwrap_or_default();
    WriteError::Partial {
        failed,
        source: std::io::Error::other(e.to_string()),
        written,
        not_written,
    }
}

/// The prefix of the writer's temporary files (`.deployplan-` and 6 random characters).
pub const TEMP_PREFIX: &str = ".deployplan-";

/// A temporary file the writer left when its run was killed between staging and renaming.
fn is_stale_temp(name: &str) -> bool {
    name.strip_prefix(TEMP_PREFIX)
        .is_some_and(|rest| rest.len() == 6 && rest.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Removes the writer's stale temporary files in `dir` (safe: the caller holds the lock, so
/// no other run is staging there). Returns their paths relative to `out`.
fn remove_stale(out: &Path, dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if is_file && is_stale_temp(name) && std::fs::remove_file(entry.path()).is_ok() {
            let rel = entry.path();
            let rel = rel.strip_prefix(out).unwrap_or(&rel);
            removed.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    removed
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
        std::fs::write(dir.path().join("sub/.deployplan-AbC123"), "stale").unwrap();
        std::fs::write(dir.path().join("a.txt"), "new\r\n").unwrap();
        let again = preview(dir.path(), &files, None).unwrap();
        assert!(
            again.iter().all(|c| c.action == Action::Unchanged),
            "CRLF is not a change"
        );
        let mut changed = preview(
            dir.path(),
            &[GeneratedFile::new("sub/b.txt", "c\n", "")],
            None,
        )
        .unwrap();
        changed[0].action = Action::Overwrite;
        let stale = apply(dir.path(), &changed, true).unwrap();
        assert_eq!(stale, ["sub/.deployplan-AbC123"]);
    }

    #[test]
    fn a_failure_while_staging_changes_nothing_and_a_failed_rename_says_what_was_written() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "old\n").unwrap();
        let long = "n".repeat(300);
        let change = |path: &str, action| Change {
            path: path.into(),
            action,
            contents: "new\n".into(),
            diff: None,
        };
        let staged_dir = vec![
            change("a.txt", Action::Overwrite),
            change(&format!("{long}/b.txt"), Action::Create),
        ];
        assert!(apply(dir.path(), &staged_dir, true).is_err());
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a.txt")).unwrap(),
            "old\n"
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file left");

        let renamed = vec![
            change("a.txt", Action::Overwrite),
            change(&format!("sub/{long}"), Action::Create),
        ];
        let err = apply(dir.path(), &renamed, true).unwrap_err().to_string();
        assert!(
            err.contains("Written: a.txt") && err.contains("Not written: sub/nnn"),
            "{err}"
        );
    }
}
