//! Turning plan strings into the restricted names platforms accept, and quoting for the few
//! line-based formats (Procfile, dotenv) that have no serializer.

/// A DNS-1123 label from the project name: lowercase letters, digits and `-`, at most
/// `max` characters, starting with a letter. Falls back to `app`.
pub fn slug(name: &str, max: usize) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    let mut out: String = out
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '-')
        .into();
    out.truncate(max);
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "app".into() } else { out }
}

/// Whether `name` can be an environment variable in a shell and a dotenv file.
pub fn is_env_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A one-line, escaped rendering of any string, safe inside a `#` comment: core's one helper
/// for repository-supplied text (controls, newlines and bidi controls escaped), with quotes
/// and backslashes escaped too.
pub fn escaped(value: &str) -> String {
    let quoted = value.replace('\\', "\\\\").replace('"', "\\\"");
    deployplan_core::text::escaped(&quoted).into_owned()
}

/// Whether a command fits on one line of a line-based file as it is.
pub fn is_one_line(command: &str) -> bool {
    !command.chars().any(|c| c.is_control())
}

/// A command for a line-based file (Procfile): as it is when it is one line, otherwise run by
/// bash from an ANSI-C quoted string that keeps every character.
pub fn one_line_command(command: &str) -> String {
    if is_one_line(command) {
        command.to_string()
    } else {
        format!("bash -c {}", ansi_c_quote(command))
    }
}

/// `$'...'` quoting: every byte survives, nothing is expanded.
pub fn ansi_c_quote(value: &str) -> String {
    let mut out = String::from("$'");
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// A URL path with everything outside the unreserved set (and `/`) percent-encoded.
pub fn url_path(path: &str) -> String {
    let mut out = String::new();
    if !path.starts_with('/') {
        out.push('/');
    }
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("My App: \"v2\"", 63), "my-app-v2");
        assert_eq!(slug("123 go", 63), "go");
        assert_eq!(slug("ünïcode ☃", 63), "n-code");
        assert_eq!(slug("---", 63), "app");
        assert_eq!(slug("abcdef-ghi", 7), "abcdef");
    }

    #[test]
    fn env_names() {
        assert!(is_env_name("DATABASE_URL"));
        assert!(is_env_name("_X1"));
        assert!(!is_env_name("1X"));
        assert!(!is_env_name("A B"));
        assert!(!is_env_name("A\"B"));
        assert!(!is_env_name(""));
    }

    #[test]
    fn quoting() {
        assert_eq!(one_line_command("npm start"), "npm start");
        assert_eq!(one_line_command("a\nb 'c'"), "bash -c $'a\\nb \\'c\\''");
        assert_eq!(url_path("/health check"), "/health%20check");
        assert_eq!(url_path("up"), "/up");
    }
}
