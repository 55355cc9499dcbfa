//! The folder a static build writes, when the build tool's config moves it from the
//! default: Vite's `build: { outDir: 'build' }`, Eleventy's `dir: { output: 'dist' }`.

use deployplan_core::Facts;
use deployplan_core::facts::Valued;

use super::ID;
use crate::index::RepoIndex;
use crate::record::{ev, numbered};

const CONFIGS: &[(&str, &str)] = &[
    ("vite.config.ts", "outDir"),
    ("vite.config.js", "outDir"),
    ("vite.config.mts", "outDir"),
    ("vite.config.mjs", "outDir"),
    ("eleventy.config.js", "output"),
    ("eleventy.config.mjs", "output"),
    ("eleventy.config.cjs", "output"),
    (".eleventy.js", "output"),
];

/// Next.js's static export (`output: 'export'` in next.config): `next build` writes plain
/// files to `out/` (or its `distDir`), `next start` refuses to serve them, so the app is a
/// static site. Its framework id becomes `nextjs-export`.
/// Source: https://nextjs.org/docs/app/guides/static-exports (checked 2026-12-03).
fn next_export(index: &RepoIndex, facts: &mut Facts) {
    let configs = ["next.config.js", "next.config.mjs", "next.config.ts"];
    let Some((file, text)) = configs.iter().find_map(|f| index.text(f).map(|t| (*f, t))) else {
        return;
    };
    let Some(line) = numbered(text)
        .find(|(_, l)| value(l, "output").as_deref() == Some("export"))
        .map(|(n, _)| n)
    else {
        return;
    };
    let Some(next) = facts.frameworks.iter_mut().find(|f| f.name == "nextjs") else {
        return;
    };
    next.name = "nextjs-export".into();
    let (dir, at, rule) = match numbered(text).find_map(|(n, l)| Some((n, value(l, "distDir")?))) {
        Some((n, dir)) => (dir, n, "distDir"),
        None => ("out".to_string(), line, "next-export"),
    };
    facts.build_output = Some(Valued {
        value: dir,
        evidence: vec![ev(file, Some(at), format!("{ID}/output:{rule}"))],
    });
}

pub(super) fn detect(index: &RepoIndex, facts: &mut Facts) {
    next_export(index, facts);
    if facts.build_output.is_some() {
        return;
    }
    for (file, key) in CONFIGS {
        let Some(text) = index.text(file) else {
            continue;
        };
        if let Some((line, dir)) = numbered(text).find_map(|(n, l)| Some((n, value(l, key)?))) {
            facts.build_output = Some(Valued {
                value: dir,
                evidence: vec![ev(file, Some(line), format!("{ID}/output:{key}"))],
            });
            return;
        }
    }
}

/// `outDir: 'build'` (or `"outDir": "build"`) → `build`: a relative folder inside the
/// repository, without `./` or a trailing slash; anything computed is not read.
fn value(line: &str, key: &str) -> Option<String> {
    let code = line.split("//").next().unwrap_or("");
    code.match_indices(key).find_map(|(at, _)| {
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            return None;
        }
        let rest = code[at + key.len()..].trim_start_matches(['"', '\'']);
        literal(rest.trim_start().strip_prefix(':')?.trim_start())
    })
}

fn literal(rest: &str) -> Option<String> {
    let quote = rest
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\'' | '`'))?;
    let inner = &rest[1..];
    let end = inner.find(quote)?;
    let dir = inner[..end].trim_start_matches("./").trim_end_matches('/');
    let safe = !dir.is_empty()
        && !dir.starts_with('/')
        && !dir.split('/').any(|p| p == ".." || p.is_empty())
        && dir
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'));
    safe.then(|| dir.to_string())
}

#[cfg(test)]
mod tests {
    use super::value;

    #[test]
    fn a_literal_relative_folder_only() {
        assert_eq!(
            value("    outDir: 'build',", "outDir").as_deref(),
            Some("build")
        );
        assert_eq!(
            value(r#"  "outDir": "./www/""#, "outDir").as_deref(),
            Some("www")
        );
        assert_eq!(value("output: \"dist\"", "output").as_deref(), Some("dist"));
        assert_eq!(value("outDir: resolve(__dirname, 'x')", "outDir"), None);
        assert_eq!(value("outDir: '../public'", "outDir"), None);
        assert_eq!(value("outDir: '/tmp/x'", "outDir"), None);
        assert_eq!(value("// outDir is dist", "outDir"), None);
        assert_eq!(
            value(r#"return {dir:{input:"src",output:"public"}}"#, "output").as_deref(),
            Some("public")
        );
        assert_eq!(value("buildOutput: 'x'", "output"), None);
    }
}
