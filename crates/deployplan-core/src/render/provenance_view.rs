//! The TDD's "Assumptions to confirm" section: every value that reached a generated file,
//! where it came from, and the ones nobody stated.

use serde::Serialize;

use crate::plan::Plan;
use crate::provenance::{Provenance, Source};

/// One row of the section's tables. Cells are escaped for a Markdown table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValueRow {
    pub what: String,
    pub shown: String,
    pub source: String,
    pub used_in: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AssumptionsView {
    /// Values nobody stated (conventions): the person confirms each.
    pub assumed: Vec<ValueRow>,
    /// The values that were stated (by the person, the repository or the knowledge base).
    pub stated: Vec<ValueRow>,
}

/// Text for a Markdown table cell: no pipe ends the cell, no newline breaks the row, and
/// backticks cannot close the code span the value is shown in.
pub fn cell(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '|' => "\\|".to_string(),
            '`' => "'".to_string(),
            c if c.is_control() => " ".to_string(),
            c => c.to_string(),
        })
        .collect()
}

fn row(p: &Provenance) -> ValueRow {
    let what = match &p.name {
        Some(name) => format!("{} ({name})", p.value.label()),
        None => p.value.label().to_string(),
    };
    // The assumptions table has its own "why" column; the other names the source.
    let source = match &p.source {
        Source::Convention { why } => why.clone(),
        other => other.describe(),
    };
    ValueRow {
        what: cell(&what),
        shown: cell(&p.shown),
        source: cell(&source),
        used_in: p.value.used_in(),
    }
}

pub fn view(plan: &Plan) -> AssumptionsView {
    AssumptionsView {
        assumed: plan.assumptions().map(row).collect(),
        stated: plan
            .provenance
            .iter()
            .filter(|p| !p.source.is_assumption())
            .map(row)
            .collect(),
    }
}
