//! Rules for free-text answers, shared by the answers file, the flags and the interview.
//! Each returns the reason a value is refused, phrased for the person who typed it.

/// A name as it may be shown back in a message: up to its first character that cannot be in
/// a name. Whatever follows (`STRIPE_KEY=sk_live_...`) may be a secret's value, never echoed.
pub fn shown_name(name: &str) -> String {
    let end = name
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_'))
        .map_or(name.len(), |(i, _)| i);
    if end == name.len() {
        name.to_string()
    } else {
        format!("{}…", &name[..end])
    }
}

/// An environment-variable name: letters, digits and `_`, not starting with a digit, and not a
/// variable the CI runner or the shell sets itself (see [`reserved`](crate::answers::reserved)).
/// A refused name is shown only up to its first bad character: what follows may be a value.
pub fn secret_name(name: &str) -> Result<(), String> {
    let shown = shown_name(name);
    let mut chars = name.chars();
    match chars.next() {
        None => return Err("a secret name cannot be empty".into()),
        Some(c) if !(c.is_ascii_alphabetic() || c == '_') => {
            return Err(format!(
                "secret name `{shown}` must start with a letter or `_` (like DATABASE_URL)"
            ));
        }
        _ => {}
    }
    if let Some(bad) = chars.find(|c| !(c.is_ascii_alphanumeric() || *c == '_')) {
        if bad == '=' {
            return Err(format!(
                "secret name `{shown}` is followed by `=` and a value; give the name only, \
                 since values never go in flags or deployplan.toml (the value was not shown)"
            ));
        }
        return Err(format!(
            "secret name `{shown}` contains {bad:?}; use letters, digits and `_` only (like STRIPE_API_KEY)"
        ));
    }
    if let Some(token) = crate::tokens::find(name) {
        return Err(format!(
            "a secret name looks like a secret's value (a {}); give the variable's name \
             (like STRIPE_API_KEY), never its value (the value was not shown)",
            token.kind
        ));
    }
    if let Some(owner) = crate::answers::reserved::owner(name) {
        return Err(format!(
            "`{name}` is set by {owner} itself, not a secret of the app; choose the app's own name (like APP_{name})"
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

/// A git branch name (the subset of `git check-ref-format` rules that matter here), that a CI
/// push filter matches literally: no filter pattern characters (GitHub's "Filter pattern
/// cheat sheet": `*`, `?`, `+`, `[`, `!` at the start; Bitbucket's `{}` globs) and no `$`, which
/// GitHub and GitLab expressions would read.
pub fn branch(name: &str) -> Result<(), String> {
    if name.starts_with('!') || name.chars().any(|c| "+{}$".contains(c)) {
        return Err(format!(
            "branch `{}` holds a character CI push filters read as a pattern or expression \
             (`!` at the start, `+`, `{{`, `}}`, `$`, `*`, `?`, `[`): the workflow would not run \
             for it; rename the branch (`git branch -m`) or deploy from another",
            crate::text::escaped(name)
        ));
    }
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
            "`{}` is not a valid git branch name (no spaces, `..`, or any of ~^:?*[\\)",
            crate::text::escaped(name)
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
    if value.chars().any(crate::text::is_bidi_control) {
        return Err(format!(
            "{what} holds a bidirectional control character (like U+202E), which makes text \
             read differently from how it is stored; remove it"
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
    if let Some(token) = crate::tokens::find(value) {
        return Err(format!(
            "{what} holds a credential (a {}); generated files never copy a secret: read it \
             from the environment instead (the value was not shown)",
            token.kind
        ));
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
        let e = secret_name("STRIPE_KEY=sk_live_abc").unwrap_err();
        assert!(e.contains("STRIPE_KEY…") && !e.contains("sk_live"), "{e}");
        assert!(secret_name("GITHUB_TOKEN").is_err());
        assert!(secret_name("GITHUB_CLIENT_SECRET").is_ok());
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
        for bad in [
            "",
            "a b",
            "-x",
            "x..y",
            "x.lock",
            "x:y",
            "x/",
            "!main",
            "feat+x",
            "main$(id)",
        ] {
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
