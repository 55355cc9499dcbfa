//! `deployplan rehearse`: the plan run locally the way the platform will, before the first
//! push: a throwaway copy of the repository, throwaway services, the plan's install, build,
//! release and start commands, the health check, then everything stopped and deleted.
//!
//! [`rehearsal_steps`] decides the steps from the plan alone (pure); [`rehearse`] runs them.
//! Unix only: processes run in their own process groups (setsid-like) and are stopped with
//! `killpg`; servers that refuse root run as an unprivileged account (setuid).

pub mod env;
pub mod probe;
pub mod process;
pub mod report;
mod runner;
pub mod services;
mod static_site;
pub mod steps;
pub mod workspace;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

pub use report::{Report, Status, StepResult};
pub use runner::rehearse;
pub use services::ServiceKind;
pub use steps::{StepKind, StepSpec, rehearsal_steps, source_of};

/// What the person asked for.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Also the CI test job's install and test commands.
    pub with_tests: bool,
    /// Leave the workspace and the logs (stopped) for a look.
    pub keep: bool,
    /// The person's own servers instead of throwaway ones (`--service postgres=URL`).
    pub external_services: Vec<(ServiceKind, String)>,
    /// One limit for every step, instead of the per-step defaults.
    pub step_timeout: Option<Duration>,
}

/// Set by the Ctrl-C handler; every wait checks it, and the teardown runs as on a failure.
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    pub fn new() -> Cancel {
        Cancel::default()
    }
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// Live progress, for a spinner or a line per step.
pub trait Progress {
    fn started(&self, index: usize, total: usize, step: &StepSpec);
    fn finished(&self, result: &StepResult);
}

/// A progress that shows nothing (JSON output, tests).
pub struct Silent;

impl Progress for Silent {
    fn started(&self, _: usize, _: usize, _: &StepSpec) {}
    fn finished(&self, _: &StepResult) {}
}

#[derive(Debug, thiserror::Error)]
pub enum RehearseError {
    /// A step could not do its work (the message says what and why).
    #[error("{0}")]
    Step(String),
    /// Ctrl-C or SIGTERM.
    #[error("cancelled")]
    Cancelled,
    /// The rehearsal cannot start: bad input (a repository that does not exist).
    #[error("{0}")]
    Input(String),
}

impl RehearseError {
    pub fn io(path: &Path, doing: &str, e: std::io::Error) -> RehearseError {
        RehearseError::Step(format!("{doing} {}: {e}", path.display()))
    }
}

/// The repository to rehearse, checked before anything is created.
pub fn repository(dir: &Path) -> Result<PathBuf, RehearseError> {
    std::fs::canonicalize(dir)
        .ok()
        .filter(|p| p.is_dir())
        .ok_or_else(|| {
            RehearseError::Input(format!(
                "{}: not a folder; give the repository to rehearse (default: .)",
                dir.display()
            ))
        })
}
