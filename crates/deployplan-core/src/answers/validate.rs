//! Rules for free-text answers, shared by the answers file, the flags and the interview.
//! Each returns the reason a value is refused, phrased for the person who typed it.

/// An environment-variable name: letters, digits and `_`, not starting with a digit.
pub fn secret_name(name: &str) -> Result<(), String> {
    let mut chars = name.chars();
    match chars.next() {
        None => return Err("a secret name cannot be empty".into()),
        Some(c) if !(c.is_ascii_alphabetic() || c == '_') => {
            return Err(format!(
                "secret name `{name}` must start with a letter or `_` (like DATABASE_URL)"
            ));
        }
        _ => {}
    }
    if let Some(bad) = chars.find(|c| !(c.is_ascii_alphanumeric() || *c == '_')) {
        return Err(format!(
            "secret name `{name}` contains {bad:?}; use letters, digits and `_` only (like STRIPE_API_KEY)"
        ));
    }
    Ok(())
}

/// An HTTP path for the health check: starts with `/`, no spaces, query or fragment.
pub fn health_path(path: &str) -> Result<(), String> {
    if !path.starts_with('/') {
        return Err(format!(
            "health path `{path}` must start with `/` (like /health)"
        ));
    }
    if let Some(bad) = path
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "/-_.~".contains(*c)))
    {
        return Err(format!(
            "health path `{path}` contains {bad:?}; use letters, digits and / - _ . ~ only"
        ));
    }
    Ok(())
}

/// A git branch name (the subset of `git check-ref-format` rules that matter here).
pub fn branch(name: &str) -> Result<(), String> {
    let bad = name.is_empty()
        || name.starts_with(['-', '/', '.'])
        || name.ends_with(['/', '.'])
        || name.ends_with(".lock")
        || name.contains("..")
        || name.contains("//")
        || name.contains("@{")
        || name
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "~^:?*[\\".contains(c));
    if bad {
        return Err(format!(
            "`{name}` is not a valid git branch name (no spaces, `..`, or any of ~^:?*[\\)"
        ));
    }
    Ok(())
}

/// A project name or author: printable, one line, not empty, at most 100 characters.
pub fn one_line(what: &str, value: &str) -> Result<(), String> {
    if value.trim().is_empty() {
        return Err(format!("{what} cannot be empty"));
    }
    if value.chars().any(char::is_control) {
        return Err(format!(
            "{what} must be a single line without control characters"
        ));
    }
    if value.chars().count() > 100 {
        return Err(format!("{what} is longer than 100 characters"));
    }
    Ok(())
}

/// A calendar date written YYYY-MM-DD.
pub fn date(value: &str) -> Result<(), String> {
    let err = || format!("date `{value}` is not a calendar date written YYYY-MM-DD");
    let parts: Vec<&str> = value.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(err());
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return Err(err());
    }
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<u32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return Err(err());
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(err()),
    };
    if d == 0 || d > days {
        return Err(err());
    }
    Ok(())
}

/// A shell command (install, test, build, start): not empty, no NUL, at most 1,000 characters.
/// Quotes, `$`, colons and newlines are fine: every generated file quotes it.
pub fn command(what: &str, value: &str) -> Result<(), String> {
    if value.trim().is_empty() {
        return Err(format!("{what} cannot be empty"));
    }
    if value.contains('\0') {
        return Err(format!("{what} contains a NUL character"));
    }
    if value.chars().count() > 1000 {
        return Err(format!("{what} is longer than 1,000 characters"));
    }
    Ok(())
}

/// A TCP port the app listens on.
pub fn port(value: u16) -> Result<(), String> {
    if value == 0 {
        return Err("port 0 is not a port the app can listen on".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names() {
        assert!(secret_name("DATABASE_URL").is_ok());
        assert!(secret_name("_X1").is_ok());
        assert!(secret_name("MY SECRET").unwrap_err().contains("' '"));
        assert!(secret_name("1ABC").is_err());
        assert!(secret_name("").is_err());
    }

    #[test]
    fn health_paths() {
        assert!(health_path("/health").is_ok());
        assert!(health_path("/api/v1/health-check").is_ok());
        assert!(
            health_path("health")
                .unwrap_err()
                .contains("start with `/`")
        );
        assert!(health_path("/he alth").is_err());
        assert!(health_path("/h?x=1").is_err());
    }

    #[test]
    fn branches() {
        assert!(branch("main").is_ok());
        assert!(branch("release/2026-11").is_ok());
        for bad in ["", "a b", "-x", "x..y", "x.lock", "x:y", "x/"] {
            assert!(branch(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates() {
        assert!(date("2026-11-26").is_ok());
        assert!(date("2024-02-29").is_ok());
        for bad in [
            "2025-02-29",
            "2026-13-01",
            "26-11-26",
            "2026-11-31",
            "today",
        ] {
            assert!(date(bad).is_err(), "{bad}");
        }
    }
}
