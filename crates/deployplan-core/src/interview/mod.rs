//! The interview: steps 1-8 of the deployment workflow as a conversation, one question at a
//! time, with Back, a summary where any answer can be changed, and a final confirmation.
//!
//! The flow lives here, behind `trait Prompter`, so it runs the same in a terminal (the
//! binary's cliclack prompter) and in tests (`ScriptedPrompter`). Questions, options and help
//! lines come from the answers model's tables (`answers::choices`), the same ones the answers
//! file and the flags use, so the three input paths cannot drift apart.

mod dialogs;
mod flow;
pub mod prompt;
mod proposal;
pub mod scripted;
mod steps;
mod text;

#[cfg(test)]
mod tests;

pub use prompt::{MultiSelect, Preselect, Prompter, Reply, Select, SelectOption, Text};
pub use proposal::proposal;
pub use scripted::{Act, Asked, ScriptedPrompter};

use crate::answers::{AnswersError, Defaults, PartialAnswers};
use crate::catalog::Catalog;
use crate::facts::Facts;
use crate::plan::{Plan, PlanError};

/// Everything the interview starts from.
pub struct Interview<'a> {
    pub facts: &'a Facts,
    pub catalog: &'a Catalog,
    /// Today, the project name and the author, for resolving answers not asked.
    pub defaults: &'a Defaults,
    /// What an existing `deployplan.toml` says: pre-selects its answers ("from deployplan.toml").
    pub existing: &'a PartialAnswers,
    /// Step 2's text: the three options as the workflow lays them out, the recommendation and
    /// what would change it. The binary passes the renderer `deployplan recommend` uses.
    pub render_options: &'a dyn Fn(&Plan) -> String,
}

/// How the interview ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The person confirmed the summary: the existing answers with the interview's laid over.
    Done(Box<PartialAnswers>),
    /// The person cancelled; nothing may be written.
    Cancelled,
}

#[derive(Debug, thiserror::Error)]
pub enum InterviewError {
    #[error("the terminal failed: {0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Answers(#[from] AnswersError),
    #[error(transparent)]
    Plan(#[from] PlanError),
}

impl Interview<'_> {
    /// Asks steps 1-8 in order, shows the summary, and returns the confirmed answers.
    pub fn run(&self, prompter: &mut dyn Prompter) -> Result<Outcome, InterviewError> {
        flow::run(self, prompter)
    }
}
