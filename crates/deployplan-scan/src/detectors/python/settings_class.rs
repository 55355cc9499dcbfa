//! pydantic-settings: a `class Settings(BaseSettings):` reads each field from the env var of
//! its name (case-insensitive, after the class's `env_prefix`). A field without a default is
//! required: the app fails at import when the variable is missing, so each is an env var the
//! deploy must provide.

use deployplan_core::Facts;

use super::ID;
use crate::index::{RepoIndex, file_name};
use crate::record::{add_env, ev};

/// The files settings classes usually live in (`app/core/config.py`, `settings.py`).
pub(super) const FILES: &[&str] = &["config.py", "settings.py"];

pub(super) fn detect(index: &RepoIndex, facts: &mut Facts) {
    let mut found: Vec<(String, u32, String)> = Vec::new();
    for (path, text) in index.texts() {
        if !FILES.contains(&file_name(path)) || !text.contains("BaseSettings") {
            continue;
        }
        for (line, name) in fields(text) {
            found.push((path.to_string(), line, name));
        }
    }
    for (path, line, name) in found {
        add_env(
            facts,
            &name,
            "code",
            ev(&path, Some(line), format!("{ID}/pydantic-settings")),
        );
    }
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// `(line, ENV_NAME)` of each field of each `BaseSettings` class in `text`.
fn fields(text: &str) -> Vec<(u32, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i].trim_start();
        let is_settings = l.starts_with("class ")
            && l.split_once('(')
                .is_some_and(|(_, bases)| bases.contains("BaseSettings"));
        if !is_settings {
            i += 1;
            continue;
        }
        let class_indent = indent(lines[i]);
        let mut body = Vec::new();
        let mut j = i + 1;
        while j < lines.len() {
            let b = lines[j];
            if !b.trim().is_empty() && indent(b) <= class_indent {
                break;
            }
            body.push((j as u32 + 1, b));
            j += 1;
        }
        let field_indent = body
            .iter()
            .find(|(_, b)| !b.trim().is_empty() && !b.trim_start().starts_with('#'))
            .map(|(_, b)| indent(b));
        let prefix = body
            .iter()
            .find_map(|(_, b)| quoted_after(b, "env_prefix"))
            .unwrap_or_default();
        for (n, b) in &body {
            if Some(indent(b)) != field_indent {
                continue;
            }
            let Some((name, _)) = b.trim().split_once(':') else {
                continue;
            };
            let name = name.trim();
            let field = !name.is_empty()
                && name != "model_config"
                && !name.starts_with('_')
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !name.starts_with(|c: char| c.is_ascii_digit());
            if field {
                out.push((*n, format!("{prefix}{name}").to_ascii_uppercase()));
            }
        }
        i = j;
    }
    out
}

/// `env_prefix="APP_"` → `APP_`.
fn quoted_after(line: &str, key: &str) -> Option<String> {
    let rest = &line[line.find(key)? + key.len()..];
    let rest = rest.trim_start().strip_prefix(['=', ':'])?.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value: String = rest[1..].chars().take_while(|c| *c != quote).collect();
    value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_')
        .then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_with_the_prefix_and_nothing_else() {
        let text = r#"
from pydantic_settings import BaseSettings, SettingsConfigDict

class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_prefix="APP_")
    # the database
    database_url: str
    secret_key: str = "change-me"
    debug: bool = False

    def url(self) -> str:
        x: int = 1
        return self.database_url

settings = Settings()

class Other:
    name: str
"#;
        let names: Vec<String> = fields(text).into_iter().map(|(_, n)| n).collect();
        assert_eq!(names, ["APP_DATABASE_URL", "APP_SECRET_KEY", "APP_DEBUG"]);
    }
}
