//! What a rehearsal found: one row per step (command, where it came from, time, result, the
//! tail of a failed step's log), warnings, and where things were left. As a table or JSON.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Serialize;

use crate::steps::StepSpec;

/// How many lines of a failed step's log the report shows.
pub const TAIL_LINES: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Passed,
    Failed,
    /// Not run: an earlier step failed, or Ctrl-C.
    Skipped,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Passed => "ok",
            Status::Failed => "FAILED",
            Status::Skipped => "skipped",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct StepResult {
    #[serde(flatten)]
    pub spec: StepSpec,
    pub status: Status,
    #[serde(serialize_with = "millis", rename = "elapsed_ms")]
    pub elapsed: Duration,
    /// One line: what happened (`GET /health answered 200`, `exited with status 1`).
    pub detail: String,
    /// The full log of the step's command, when it ran one.
    pub log: Option<PathBuf>,
    /// The last lines of the log, for a failed step.
    pub log_tail: Vec<String>,
}

fn millis<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(d.as_millis() as u64)
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub steps: Vec<StepResult>,
    /// Differences from the platform that do not fail the rehearsal (toolchain versions).
    pub warnings: Vec<String>,
    /// The environment's variable names and where each value came from (never secret values).
    pub environment: Vec<crate::env::VarNote>,
    /// The workspace, when `--keep` left it.
    pub kept_workspace: Option<PathBuf>,
    /// The logs folder, when it was kept (`--keep`, or a step failed).
    pub kept_logs: Option<PathBuf>,
    pub cancelled: bool,
    /// Stopping every process and server and removing the workspace.
    #[serde(serialize_with = "millis", rename = "teardown_ms")]
    pub teardown: Duration,
    #[serde(serialize_with = "millis", rename = "elapsed_ms")]
    pub elapsed: Duration,
}

impl Report {
    pub fn passed(&self) -> bool {
        !self.cancelled && self.steps.iter().all(|s| s.status == Status::Passed)
    }

    pub fn failed_step(&self) -> Option<&StepResult> {
        self.steps.iter().find(|s| s.status == Status::Failed)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }

    /// The table and, for a failed step, its log's tail.
    pub fn to_text(&self) -> String {
        let headers = ["step", "command", "source", "time", "result"];
        let rows: Vec<[String; 5]> = self
            .steps
            .iter()
            .map(|s| {
                [
                    s.spec.name.clone(),
                    shorten(s.spec.command.as_deref().unwrap_or("-"), 48),
                    shorten(&s.spec.source, 44),
                    if s.status == Status::Skipped {
                        "-".into()
                    } else {
                        format!("{:.1}s", s.elapsed.as_secs_f64())
                    },
                    if s.detail.is_empty() {
                        s.status.label().to_string()
                    } else {
                        format!("{} {}", s.status.label(), shorten(&s.detail, 70))
                    },
                ]
            })
            .collect();
        let mut widths = headers.map(str::len);
        for row in &rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let mut out = String::new();
        let line = |cells: &[String], out: &mut String| {
            let mut l = String::new();
            for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
                if i + 1 == cells.len() {
                    l.push_str(cell);
                } else {
                    let _ = write!(l, "{cell:<w$}  ");
                }
            }
            out.push_str(l.trim_end());
            out.push('\n');
        };
        line(&headers.map(String::from), &mut out);
        for row in &rows {
            line(row, &mut out);
        }
        for w in &self.warnings {
            let _ = writeln!(out, "warning: {w}");
        }
        if let Some(failed) = self.failed_step() {
            let _ = writeln!(
                out,
                "\nstep `{}` failed: {}",
                failed.spec.name, failed.detail
            );
            if let Some(cmd) = &failed.spec.command {
                let _ = writeln!(out, "  command: {cmd}  (from {})", failed.spec.source);
            }
            if !failed.log_tail.is_empty() {
                let _ = writeln!(out, "  last {} lines of its log:", failed.log_tail.len());
                for l in &failed.log_tail {
                    let _ = writeln!(out, "  | {l}");
                }
            }
            if let Some(log) = &failed.log {
                let _ = writeln!(out, "  full log: {}", log.display());
            }
        }
        if let Some(ws) = &self.kept_workspace {
            let _ = writeln!(out, "workspace kept: {}", ws.display());
        }
        if let Some(logs) = &self.kept_logs {
            let _ = writeln!(out, "logs kept: {}", logs.display());
        }
        let passed = self
            .steps
            .iter()
            .filter(|s| s.status == Status::Passed)
            .count();
        let _ = writeln!(
            out,
            "{}: {passed} of {} steps passed in {:.1}s",
            if self.cancelled {
                "cancelled"
            } else if self.passed() {
                "rehearsal passed"
            } else {
                "rehearsal failed"
            },
            self.steps.len(),
            self.elapsed.as_secs_f64()
        );
        out
    }
}

fn shorten(s: &str, max: usize) -> String {
    let one_line = s.replace('\n', " ");
    if one_line.chars().count() <= max {
        one_line
    } else {
        let cut: String = one_line.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

/// The last `n` lines of a log file (lossy UTF-8, control characters dropped).
pub fn tail(path: &Path, n: usize) -> Vec<String> {
    let Ok(bytes) = std::fs::read(path) else {
        return Vec::new();
    };
    let text = String::from_utf8_lossy(&bytes);
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..]
        .iter()
        .map(|l| {
            l.chars()
                .filter(|c| !c.is_control() || *c == '\t')
                .collect()
        })
        .collect()
}
