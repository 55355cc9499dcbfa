//! `check`: a repository against its design. Pure: the caller reads the files; this compares
//! them with what the plan generates and with what the scan found in the code.

use serde::Serialize;

use crate::file::GeneratedFile;
use crate::plan::Plan;
use crate::render::DECISIONS_PATH;
use crate::text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look; does not fail the check.
    Warning,
    /// The repository and its design disagree; fails the check (exit 1).
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// A stable id: `missing-file`, `drift`, `undeclared-env-var`, `committed-secret`,
    /// `placeholder`, `no-decision-record`, `assumption`, `unsafe-file` (a link or special
    /// file where a generated file belongs).
    pub code: &'static str,
    pub path: Option<String>,
    pub message: String,
}

fn finding(severity: Severity, code: &'static str, path: Option<&str>, message: String) -> Finding {
    Finding {
        severity,
        code,
        path: path.map(String::from),
        message,
    }
}

/// Reads a file of the repository: its text, None when absent, Err(reason) when it may not be
/// read (a symbolic link, not a regular file).
pub type Reader<'a> = dyn Fn(&str) -> Result<Option<String>, String> + 'a;

/// Compares the files a plan generates with what the repository holds, line endings aside
/// (a CRLF checkout is not drift), and the code's facts with the design.
pub fn findings(plan: &Plan, expected: &[GeneratedFile], read: &Reader<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    // A file that may not be read is one finding, not also a missing or drifted file.
    let existing = |path: &str, out: &mut Vec<Finding>| match read(path) {
        Ok(text) => Some(text),
        Err(reason) => {
            out.push(finding(Severity::Error, "unsafe-file", Some(path), reason));
            None
        }
    };
    for file in expected {
        let Some(text) = existing(&file.path, &mut out) else {
            continue;
        };
        match text {
            None => out.push(finding(
                Severity::Error,
                "missing-file",
                Some(&file.path),
                format!("the design generates {} ({}), but it is not in the repository", file.path, file.description),
            )),
            Some(text) if !text::same_lines(&text, &file.contents) => out.push(finding(
                Severity::Error,
                "drift",
                Some(&file.path),
                format!(
                    "{} differs from what the design generates now; review with `deployplan generate --dry-run`",
                    file.path
                ),
            )),
            Some(text) => {
                if text.contains("REPLACE_WITH_") {
                    out.push(finding(
                        Severity::Warning,
                        "placeholder",
                        Some(&file.path),
                        format!("{} still has REPLACE_WITH_ placeholders to fill in before the first deploy", file.path),
                    ));
                }
            }
        }
    }
    match existing(DECISIONS_PATH, &mut out) {
        Some(Some(text)) if text.contains("## Deployment Infrastructure") => {}
        None => {}
        _ => out.push(finding(
            Severity::Error,
            "no-decision-record",
            Some(DECISIONS_PATH),
            format!("{DECISIONS_PATH} has no \"Deployment Infrastructure\" entry"),
        )),
    }
    let declared: std::collections::HashSet<&str> = plan
        .secrets
        .env_vars
        .iter()
        .map(|r| r.name.as_str())
        .chain(plan.ci.secrets.iter().map(String::as_str))
        .collect();
    for var in &plan.facts.env_vars {
        if var.source == "code"
            && !declared.contains(&var.name.as_str())
            && !is_platform_provided(&var.name)
        {
            let at = var
                .evidence
                .first()
                .map(|e| e.to_string())
                .unwrap_or_default();
            out.push(finding(
                Severity::Error,
                "undeclared-env-var",
                var.evidence.first().map(|e| e.path.as_str()),
                format!("the code reads {} ({at}), but the design's secrets and variables do not list it", var.name),
            ));
        }
    }
    for a in plan.assumptions() {
        let what = match &a.name {
            Some(name) => format!("{} ({name})", a.value.label()),
            None => a.value.label().to_string(),
        };
        let why = match &a.source {
            crate::provenance::Source::Convention { why } => why.as_str(),
            _ => "",
        };
        out.push(finding(
            Severity::Warning,
            "assumption",
            None,
            format!(
                "{what} `{}` is assumed ({why}); it reaches {}. Confirm it, or state it in deployplan.toml",
                a.shown,
                a.value.used_in()
            ),
        ));
    }
    for s in &plan.facts.secrets_committed {
        out.push(finding(
            Severity::Error,
            "committed-secret",
            Some(&s.path),
            format!(
                "{} committed in {}: remove it, rotate it, and keep it in {}",
                s.kind, s.path, plan.secrets.store_name
            ),
        ));
    }
    out.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(a.path.cmp(&b.path))
            .then(a.code.cmp(b.code))
    });
    out
}

/// Variables every platform or runtime sets by itself; the design need not list them.
fn is_platform_provided(name: &str) -> bool {
    matches!(
        name,
        "PORT" | "HOST" | "HOSTNAME" | "NODE_ENV" | "CI" | "HOME" | "PATH" | "PWD" | "TZ"
    )
}
