//! Why a scan could not start. Problems with single files never fail a scan: they are counted
//! in `Facts::skipped`.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error("cannot scan {}: no such file or directory", path.display())]
    NotFound { path: PathBuf },
    #[error("cannot scan {}: not a directory (give the repository's folder)", path.display())]
    NotADirectory { path: PathBuf },
    #[error("cannot scan {}: {source}", path.display())]
    Unreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}
