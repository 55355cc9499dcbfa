//! Reading `deployplan.toml`: every error names the file, line and column, the bad value and
//! what is valid.

use std::fmt;
use std::io::Read as _;
use std::path::Path;

use super::model::{PartialAnswers, RECOMMENDED};
use super::validate;

/// A problem in one answers source. `file` is None for flags and the interview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswersError {
    pub file: Option<String>,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for AnswersError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.file {
            Some(file) => write!(
                f,
                "{}:{}:{}: {}",
                file, self.line, self.column, self.message
            ),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for AnswersError {}

/// 1-based line and column of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Where `[section] key = value` puts its value, found by reading the lines (the file is a
/// flat two-level table). Falls back to the section header, then to the top of the file.
fn value_position(text: &str, section: &str, key: &str) -> (usize, usize) {
    let mut current = String::new();
    let mut header = None;
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim_start();
        let indent = raw.len() - line.len();
        if let Some(rest) = line.strip_prefix('[') {
            current = rest.split(']').next().unwrap_or("").trim().to_string();
            if current == section {
                header = Some((n + 1, indent + 1));
            }
            continue;
        }
        if current != section {
            continue;
        }
        if let Some(after) = line.strip_prefix(key) {
            let after_key = after.trim_start();
            if let Some(value) = after_key.strip_prefix('=') {
                let value_start = line.len() - value.trim_start().len();
                return (n + 1, line[..value_start].chars().count() + indent + 1);
            }
        }
    }
    header.unwrap_or((1, 1))
}

/// A serde message without the string it quotes (`invalid type: string "sk_live_..."`): a
/// value typed where a name belongs may be a secret, and is never echoed.
fn without_strings(message: &str) -> String {
    let Some(at) = message.find("string \"") else {
        return message.to_string();
    };
    let rest = &message[at + "string \"".len()..];
    let end = rest.find("\", expected").or_else(|| rest.rfind('"'));
    match end {
        Some(end) => format!("{}a string{}", &message[..at], &rest[end + 1..]),
        None => format!("{}a string", &message[..at]),
    }
}

/// Serde names the Rust type it expected (`struct PartialProject`); say `a [project] table`.
fn readable(message: &str) -> String {
    let message = &without_strings(message);
    let Some(at) = message.find("struct Partial") else {
        return message.to_string();
    };
    let name: String = message[at + "struct Partial".len()..]
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    let end = at + "struct Partial".len() + name.len();
    let section = match name.as_str() {
        "Answers" => "the answers file".to_string(),
        "Ci" => "a [ci] table".to_string(),
        other => format!("a [{}] table", other.to_lowercase()),
    };
    format!("{}{section}{}", &message[..at], &message[end..])
}

/// The largest answers file read (a file of 100,000 secret names is about 1.6 MB).
pub const MAX_ANSWERS_BYTES: u64 = 4 * 1024 * 1024;

fn file_error(path: &Path, message: String) -> AnswersError {
    AnswersError {
        file: Some(path.display().to_string()),
        line: 1,
        column: 1,
        message,
    }
}

/// Reads an answers file: only a regular file (a link only when it stays in the file's own
/// folder; never a FIFO, a device or a folder), of at most [`MAX_ANSWERS_BYTES`], in UTF-8.
pub fn read_answers_text(path: &Path) -> Result<String, AnswersError> {
    let err = |m: String| file_error(path, m);
    let meta = std::fs::symlink_metadata(path)
        .map_err(|e| err(format!("cannot read the answers file: {e}")))?;
    if meta.file_type().is_symlink() {
        let folder = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let inside = match (folder.canonicalize(), path.canonicalize()) {
            (Ok(folder), Ok(real)) => real.starts_with(folder),
            _ => false,
        };
        if !inside {
            return Err(err(
                "the answers file is a symbolic link that leads out of its folder (or nowhere); \
                 deployplan reads only a regular file there: replace the link with the file"
                    .into(),
            ));
        }
    }
    let meta =
        std::fs::metadata(path).map_err(|e| err(format!("cannot read the answers file: {e}")))?;
    if !meta.is_file() {
        return Err(err(
            "the answers file is not a regular file (a folder, FIFO or device); give a TOML file"
                .into(),
        ));
    }
    let limit = format!(
        "the answers file is larger than the limit of {} MiB; deployplan.toml holds answers and names only",
        MAX_ANSWERS_BYTES / (1024 * 1024)
    );
    if meta.len() > MAX_ANSWERS_BYTES {
        return Err(err(limit));
    }
    let file =
        std::fs::File::open(path).map_err(|e| err(format!("cannot read the answers file: {e}")))?;
    let mut bytes = Vec::new();
    file.take(MAX_ANSWERS_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| err(format!("cannot read the answers file: {e}")))?;
    if bytes.len() as u64 > MAX_ANSWERS_BYTES {
        return Err(err(limit));
    }
    String::from_utf8(bytes).map_err(|e| {
        let text =
            String::from_utf8_lossy(&e.as_bytes()[..e.utf8_error().valid_up_to()]).into_owned();
        let (line, column) = line_column(&text, text.len());
        AnswersError {
            file: Some(path.display().to_string()),
            line,
            column,
            message: "the answers file is not UTF-8 text (TOML files are UTF-8)".into(),
        }
    })
}

/// Parses an answers file. `valid_platforms` are the catalog ids; `recommended` is always valid.
pub fn parse_answers(
    file: &str,
    text: &str,
    valid_platforms: &[&str],
) -> Result<PartialAnswers, AnswersError> {
    let partial: PartialAnswers = toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map_or((1, 1), |s| line_column(text, s.start));
        AnswersError {
            file: Some(file.to_string()),
            line,
            column,
            message: readable(e.message().trim()),
        }
    })?;
    if let Some((section, key, message)) = check(&partial, valid_platforms).into_iter().next() {
        let (line, column) = value_position(text, section, key);
        return Err(AnswersError {
            file: Some(file.to_string()),
            line,
            column,
            message,
        });
    }
    Ok(partial)
}

/// The free-text rules, as (section, key, reason) for each value that breaks one.
pub fn check(
    partial: &PartialAnswers,
    valid_platforms: &[&str],
) -> Vec<(&'static str, &'static str, String)> {
    let mut problems = Vec::new();
    let mut push = |section, key, result: Result<(), String>| {
        if let Err(message) = result {
            problems.push((section, key, message));
        }
    };
    if let Some(name) = &partial.project.name {
        push("project", "name", validate::one_line("project name", name));
    }
    if let Some(author) = &partial.project.author {
        push("project", "author", validate::one_line("author", author));
    }
    if let Some(date) = &partial.project.date {
        push("project", "date", validate::date(date));
    }
    if let Some(id) = &partial.platform.id
        && id != RECOMMENDED
        && !valid_platforms.contains(&id.as_str())
    {
        push(
            "platform",
            "id",
            Err(format!(
                "unknown platform `{id}`; valid values: {RECOMMENDED}, {}",
                valid_platforms.join(", ")
            )),
        );
    }
    if let Some(branch) = &partial.ci.branch {
        push("ci", "branch", validate::branch(branch));
    }
    for name in partial.secrets.names.iter().flatten() {
        push("secrets", "names", validate::secret_name(name));
    }
    if let Some(path) = &partial.health.path {
        push("health", "path", validate::health_path(path));
    }
    for (key, value) in [
        ("install_command", &partial.app.install_command),
        ("test_command", &partial.app.test_command),
        ("build_command", &partial.app.build_command),
        ("start_command", &partial.app.start_command),
    ] {
        if let Some(v) = value {
            push("app", key, validate::command(key, v));
        }
    }
    if let Some(port) = partial.app.port {
        push("app", "port", validate::port(port));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    const IDS: &[&str] = &["render", "fly"];

    #[test]
    fn unknown_key_has_its_position() {
        let err = parse_answers(
            "d.toml",
            "[context]\nscale = \"low\"\ncolour = \"red\"\n",
            IDS,
        )
        .unwrap_err();
        assert_eq!((err.line, err.column), (3, 1));
        assert!(err.message.contains("colour"), "{}", err.message);
    }

    #[test]
    fn unknown_value_lists_valid_ones() {
        let err = parse_answers("d.toml", "[context]\nbudget = \"huge\"\n", IDS).unwrap_err();
        assert_eq!((err.line, err.column), (2, 10));
        assert!(
            err.message.contains("free, small, medium, enterprise"),
            "{}",
            err.message
        );
        assert!(err.to_string().starts_with("d.toml:2:10: "));
    }

    #[test]
    fn a_value_where_a_table_belongs_is_named_in_the_files_terms() {
        let err = parse_answers("d.toml", "project = 3\n", IDS).unwrap_err();
        assert!(
            err.message.contains("expected a [project] table"),
            "{}",
            err.message
        );
        assert!(!err.message.contains("Partial"));
    }

    #[test]
    fn unknown_platform_points_at_the_value() {
        let err = parse_answers("d.toml", "[platform]\n  id = \"heroku2\"\n", IDS).unwrap_err();
        assert_eq!((err.line, err.column), (2, 8));
        assert!(err.message.contains("recommended, render, fly"));
    }

    #[test]
    fn bad_free_text_is_refused() {
        let err = parse_answers("d.toml", "[health]\npath = \"health\"\n", IDS).unwrap_err();
        assert_eq!((err.line, err.column), (2, 8));
        let err =
            parse_answers("d.toml", "[secrets]\nnames = [\"OK\", \"NOT OK\"]\n", IDS).unwrap_err();
        assert!(err.message.contains("`NOT…`"), "{}", err.message);
    }
}
