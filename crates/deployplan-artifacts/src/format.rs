//! Serializers for the generated formats. Every document is written by serde from a typed
//! struct and parsed back before it is returned: the parsed value must equal the struct's own
//! value, so no user string can change the structure of a file.

use std::cell::Cell;

use serde::Serialize;
use serde_json::Value;

use crate::ArtifactError;

thread_local! {
    /// True while a document is turned into its plain data value for the round-trip check:
    /// presentation wrappers (a `# vX.Y.Z` comment after a pinned action) serialize plainly.
    static PLAIN: Cell<bool> = const { Cell::new(false) };
}

/// Whether the value is being serialized for comparison rather than for output.
pub(crate) fn plain() -> bool {
    PLAIN.with(Cell::get)
}

fn data_value<T: Serialize>(value: &T, path: &str) -> Result<Value, ArtifactError> {
    PLAIN.with(|p| p.set(true));
    let out = serde_json::to_value(value);
    PLAIN.with(|p| p.set(false));
    out.map_err(|e| ArtifactError::Serialize {
        path: path.into(),
        message: e.to_string(),
    })
}

fn check_same(path: &str, expected: &Value, parsed: &Value) -> Result<(), ArtifactError> {
    if expected == parsed {
        Ok(())
    } else {
        Err(ArtifactError::RoundTrip {
            path: path.into(),
            message: format!("expected {expected}, parsed {parsed}"),
        })
    }
}

fn yaml_options() -> serde_saphyr::SerializerOptions {
    // Long one-line strings stay on one line (no folded `>` blocks) so commands read as
    // written; multi-line scripts still use literal `|` blocks (see `Script`).
    serde_saphyr::ser_options! { compact_list_indent: false, prefer_block_scalars: false }
}

/// The parser's limits guard against hostile input; this text is our own, so they grow with it
/// (30,000 env vars make a render.yaml of more than the default 250,000 nodes).
fn parse_back_options(text: &str) -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    let n = text.len();
    budget.max_nodes = budget.max_nodes.max(n);
    budget.max_events = budget.max_events.max(n.saturating_mul(2));
    budget.max_total_scalar_bytes = budget.max_total_scalar_bytes.max(n);
    budget.max_reader_input_bytes = budget.max_reader_input_bytes.map(|m| m.max(n));
    serde_saphyr::options! { budget: Some(budget) }
}

/// One YAML document, with `header` (comment lines, no user data) on top.
pub(crate) fn yaml<T: Serialize>(
    path: &str,
    header: &str,
    value: &T,
) -> Result<String, ArtifactError> {
    yaml_documents(path, header, std::slice::from_ref(value))
}

/// Several YAML documents separated by `---`.
pub(crate) fn yaml_documents<T: Serialize>(
    path: &str,
    header: &str,
    values: &[T],
) -> Result<String, ArtifactError> {
    let body =
        serde_saphyr::to_string_multiple_with_options(values, yaml_options()).map_err(|e| {
            ArtifactError::Serialize {
                path: path.into(),
                message: e.to_string(),
            }
        })?;
    let text = format!("{}{body}", comment_block("#", header));
    let parsed: Vec<Value> =
        serde_saphyr::from_str_multiple_with_options(&text, parse_back_options(&text)).map_err(
            |e| ArtifactError::RoundTrip {
                path: path.into(),
                message: e.to_string(),
            },
        )?;
    let expected = values
        .iter()
        .map(|v| data_value(v, path))
        .collect::<Result<Vec<_>, _>>()?;
    check_same(path, &Value::Array(expected), &Value::Array(parsed))?;
    Ok(text)
}

/// Pretty JSON (JSON has no comments, so no header).
pub(crate) fn json<T: Serialize>(path: &str, value: &T) -> Result<String, ArtifactError> {
    let mut text = serde_json::to_string_pretty(value).map_err(|e| ArtifactError::Serialize {
        path: path.into(),
        message: e.to_string(),
    })?;
    text.push('\n');
    let parsed: Value = serde_json::from_str(&text).map_err(|e| ArtifactError::RoundTrip {
        path: path.into(),
        message: e.to_string(),
    })?;
    check_same(path, &data_value(value, path)?, &parsed)?;
    Ok(text)
}

/// TOML with `header` comment lines on top.
pub(crate) fn toml<T: Serialize>(
    path: &str,
    header: &str,
    value: &T,
) -> Result<String, ArtifactError> {
    let body = toml::to_string_pretty(value).map_err(|e| ArtifactError::Serialize {
        path: path.into(),
        message: e.to_string(),
    })?;
    let text = format!("{}{body}", comment_block("#", header));
    let parsed: toml::Value = toml::from_str(&text).map_err(|e| ArtifactError::RoundTrip {
        path: path.into(),
        message: e.to_string(),
    })?;
    let parsed = serde_json::to_value(parsed).map_err(|e| ArtifactError::RoundTrip {
        path: path.into(),
        message: e.to_string(),
    })?;
    check_same(path, &data_value(value, path)?, &parsed)?;
    Ok(text)
}

/// `header` as comment lines; it is always our own fixed text, never user data.
pub(crate) fn comment_block(marker: &str, header: &str) -> String {
    header
        .lines()
        .map(|l| {
            if l.is_empty() {
                format!("{marker}\n")
            } else {
                format!("{marker} {l}\n")
            }
        })
        .collect()
}
