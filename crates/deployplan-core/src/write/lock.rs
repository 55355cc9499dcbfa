//! One run at a time per output folder: an exclusive advisory lock (flock on Unix, LockFileEx
//! on Windows, through `std::fs::File::try_lock`) held from reading the existing files to the
//! last rename, so two runs cannot both read the old decision log and each write their own.
//!
//! On Unix the lock is taken on the output folder itself (flock works on a folder's
//! descriptor), so no lock file is left behind for git to see. Elsewhere it is taken on
//! `.deployplan.lock` in the folder, which is kept (deleting it would let a third run lock a
//! new file while a second still holds the old one).

#[cfg(not(unix))]
use std::fs::OpenOptions;
use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::WriteError;

/// The lock file's name, in the output folder (where a folder cannot be locked).
pub const LOCK_FILE: &str = ".deployplan.lock";

/// How long a second run waits for the first before it gives up.
pub const WAIT: Duration = Duration::from_secs(30);

/// Held while the output folder is being read and written; released on drop.
#[derive(Debug)]
pub struct OutputLock {
    _file: File,
    pub path: PathBuf,
}

#[cfg(unix)]
fn open(out: &Path) -> std::io::Result<(File, PathBuf)> {
    Ok((File::open(out)?, out.to_path_buf()))
}

#[cfg(not(unix))]
fn open(out: &Path) -> std::io::Result<(File, PathBuf)> {
    let path = out.join(LOCK_FILE);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)?;
    Ok((file, path))
}

/// Waits up to `wait` for the exclusive lock on `out` (created if missing).
pub fn lock(out: &Path, wait: Duration) -> Result<OutputLock, WriteError> {
    let io = |p: &Path| {
        let p = p.display().to_string();
        move |source| WriteError::Io { path: p, source }
    };
    std::fs::create_dir_all(out).map_err(io(out))?;
    let (file, path) = open(out).map_err(io(out))?;
    let start = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(OutputLock { _file: file, path }),
            Err(TryLockError::WouldBlock) if start.elapsed() < wait => {
                std::thread::sleep(Duration::from_millis(25));
            }
            Err(TryLockError::WouldBlock) => {
                return Err(WriteError::Locked {
                    out: out.display().to_string(),
                    waited: wait.as_secs(),
                });
            }
            Err(TryLockError::Error(e)) => return Err(io(&path)(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_waits_then_fails() {
        let dir = tempfile::tempdir().unwrap();
        let first = lock(dir.path(), WAIT).unwrap();
        let err = lock(dir.path(), Duration::from_millis(100)).unwrap_err();
        assert!(err.to_string().contains("another deployplan run"), "{err}");
        drop(first);
        lock(dir.path(), Duration::from_millis(100)).unwrap();
    }
}
