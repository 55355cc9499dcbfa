//! One error type for the binary, and the one place that maps errors to exit codes:
//! 0 success (and a closed stdout), 1 refused overwrite, failed write or failed rehearsal
//! step, 2 bad input, 130 cancelled.

use std::process::ExitCode;

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Bad input: an answers file, a value, a path that does not exist.
    #[error("{0}")]
    BadInput(String),
    /// Existing files would be overwritten without --force.
    #[error("{0}")]
    Refused(String),
    /// Something failed while writing or reading what was valid input.
    #[error("{0}")]
    Failed(String),
    /// The person pressed Ctrl-C or Esc at the first question.
    #[error("cancelled; nothing was written")]
    Cancelled,
    /// Whoever read stdout stopped reading (`| head`): not a failure, nothing more to say.
    #[error("standard output was closed")]
    Closed,
    /// Ctrl-C (or SIGTERM) during work that was then undone; the message says what was.
    #[error("{0}")]
    Interrupted(String),
}

impl CliError {
    /// The process exit status for this error (also reported in `check --json`).
    pub fn code(&self) -> u8 {
        match self {
            CliError::BadInput(_) => 2,
            CliError::Refused(_) | CliError::Failed(_) => 1,
            CliError::Cancelled | CliError::Interrupted(_) => 130,
            CliError::Closed => 0,
        }
    }

    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(self.code())
    }
}

impl From<deployplan_core::write::WriteError> for CliError {
    fn from(e: deployplan_core::write::WriteError) -> Self {
        match e {
            deployplan_core::write::WriteError::WouldOverwrite(_)
            | deployplan_core::write::WriteError::PersonsFiles(_) => {
                CliError::Refused(e.to_string())
            }
            e if e.is_bad_input() => CliError::BadInput(e.to_string()),
            other => CliError::Failed(other.to_string()),
        }
    }
}

impl From<deployplan_core::catalog::CatalogError> for CliError {
    fn from(e: deployplan_core::catalog::CatalogError) -> Self {
        CliError::Failed(format!("the built-in knowledge base is broken: {e}"))
    }
}

impl From<deployplan_core::answers::AnswersError> for CliError {
    fn from(e: deployplan_core::answers::AnswersError) -> Self {
        CliError::BadInput(e.to_string())
    }
}

impl From<deployplan_core::plan::PlanError> for CliError {
    fn from(e: deployplan_core::plan::PlanError) -> Self {
        CliError::BadInput(e.to_string())
    }
}

impl From<deployplan_core::render::RenderError> for CliError {
    fn from(e: deployplan_core::render::RenderError) -> Self {
        CliError::Failed(e.to_string())
    }
}
