//! The source patterns: env-var reads, listening ports, websocket and worker code, committed
//! keys. One Aho-Corasick automaton over every pattern's literal finds candidates in a file;
//! only then is the pattern's regex tried, anchored at the literal, on the rest of its line.

use std::sync::{LazyLock, OnceLock};

use aho_corasick::{AhoCorasick, MatchKind};
use regex::bytes::Regex;

use crate::index::Hit;

/// Language families a pattern applies to (bit flags; see `walk::classify`).
pub const JS: u16 = 1;
pub const PY: u16 = 1 << 1;
pub const RB: u16 = 1 << 2;
pub const PHP: u16 = 1 << 3;
pub const JVM: u16 = 1 << 4;
pub const NET: u16 = 1 << 5;
pub const GO: u16 = 1 << 6;
pub const EX: u16 = 1 << 7;
pub const RS: u16 = 1 << 8;
pub const SQL: u16 = 1 << 9;
/// Spring/Quarkus `application*.properties|yml`.
pub const PROPS: u16 = 1 << 10;
/// Every file that is read: committed keys.
pub const SECRETS: u16 = 1 << 11;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// The regex must match; its first non-empty group is the value (may be empty).
    Value,
    /// `const { A, B } = process.env`: names are before the literal.
    Destructure,
    /// The regex must match; the value is the whole line, untrimmed (capped), for a detector
    /// that needs what comes before the literal (a route's receiver, its indentation).
    Line,
}

pub struct Pattern {
    pub literal: &'static str,
    pub rule: &'static str,
    families: u16,
    regex: &'static str,
    kind: Kind,
}

const fn p(
    literal: &'static str,
    rule: &'static str,
    families: u16,
    regex: &'static str,
) -> Pattern {
    Pattern {
        literal,
        rule,
        families,
        regex,
        kind: Kind::Value,
    }
}

/// A route-table line: the value is the whole line (see [`Kind::Line`]).
const fn route(
    literal: &'static str,
    rule: &'static str,
    families: u16,
    regex: &'static str,
) -> Pattern {
    Pattern {
        literal,
        rule,
        families,
        regex,
        kind: Kind::Line,
    }
}

/// Longest line kept by a [`Kind::Line`] hit.
const MAX_LINE: usize = 400;

mod table;

pub use table::PATTERNS;

/// One automaton per family set, holding only the patterns that apply (a Python file is never
/// searched for `process.env`): fewer, more selective literals keep Aho-Corasick on its SIMD
/// (Teddy) prefilter, which handles at most 64 patterns.
struct Searcher {
    automaton: AhoCorasick,
    /// Local pattern id → index in [`PATTERNS`].
    ids: Vec<usize>,
}

impl Searcher {
    fn new(families: u16) -> Searcher {
        let ids: Vec<usize> = (0..PATTERNS.len())
            .filter(|i| PATTERNS[*i].families & families != 0)
            .collect();
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(ids.iter().map(|i| PATTERNS[*i].literal))
            .expect("the pattern literals build an automaton");
        Searcher { automaton, ids }
    }
}

/// Family sets seen in practice: one language family (or none), with or without SECRETS.
const SLOTS: usize = 2 * 13;
static SEARCHERS: [OnceLock<Searcher>; SLOTS] = [const { OnceLock::new() }; SLOTS];
static ANY: LazyLock<Searcher> = LazyLock::new(|| Searcher::new(u16::MAX));

fn searcher(families: u16) -> &'static Searcher {
    let lang = families & !SECRETS;
    let slot = match lang.count_ones() {
        0 => 12,
        1 => lang.trailing_zeros() as usize,
        _ => return &ANY,
    };
    let slot = slot * 2 + usize::from(families & SECRETS != 0);
    SEARCHERS[slot].get_or_init(|| Searcher::new(families))
}

/// Compiled on first use: a repository without Go never compiles the Go regexes.
static REGEXES: [OnceLock<Option<Regex>>; 160] = [const { OnceLock::new() }; 160];

fn regex(i: usize) -> Option<&'static Regex> {
    REGEXES[i]
        .get_or_init(|| {
            let src = PATTERNS[i].regex;
            (!src.is_empty()).then(|| {
                // ASCII classes: smaller, faster to compile than Unicode `\s` and `\d`.
                regex::bytes::RegexBuilder::new(src)
                    .unicode(false)
                    .build()
                    .expect("pattern regexes compile")
            })
        })
        .as_ref()
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Env var names a JS destructuring `{ A, B: b, C = "x" } = process.env` reads; `brace_end`
/// is the offset of its `}`.
fn destructured(bytes: &[u8], brace_end: usize) -> Vec<String> {
    let from = brace_end.saturating_sub(1000);
    let Some(open) = memchr::memrchr(b'{', &bytes[from..brace_end]).map(|i| from + i) else {
        return Vec::new();
    };
    String::from_utf8_lossy(&bytes[open + 1..brace_end])
        .split(',')
        .filter_map(|part| {
            let name = part.split([':', '=']).next()?.trim();
            let ok = !name.is_empty()
                && name.bytes().all(is_ident)
                && !name.as_bytes()[0].is_ascii_digit();
            ok.then(|| name.to_string())
        })
        .collect()
}

/// Whether the line holding `at` is a comment up to `at` (`//`, `#`, `*`, `--`): docs that
/// mention `process.env.PORT || 3000` are not code that reads it. Committed keys and goose's
/// `-- +goose Up` annotations count even there.
fn in_comment(bytes: &[u8], at: usize) -> bool {
    let line_start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
    let before = bytes[line_start..at].trim_ascii_start();
    [&b"//"[..], b"#", b"*", b"/*", b"--", b"<!--"]
        .iter()
        .any(|c| before.starts_with(c))
}

/// Runs every pattern of `families` over `bytes` (a file at `path`) and appends the hits.
pub fn scan(path: &str, families: u16, bytes: &[u8], hits: &mut Vec<Hit>) {
    let mut line = 1u32;
    let mut counted = 0usize;
    let searcher = searcher(families);
    for m in searcher.automaton.find_iter(bytes) {
        let index = searcher.ids[m.pattern().as_usize()];
        let pat = &PATTERNS[index];
        let start = m.start();
        let first = pat.literal.as_bytes()[0];
        if is_ident(first) && start > 0 && is_ident(bytes[start - 1]) {
            continue;
        }
        let keeps_comments = pat.rule.starts_with("secret:") || pat.rule.starts_with("mig:");
        if !keeps_comments && in_comment(bytes, start) {
            continue;
        }
        line += memchr::memchr_iter(b'\n', &bytes[counted..start]).count() as u32;
        counted = start;
        let line_end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        let rest = &bytes[start..line_end];
        let mut push = |value: String| {
            hits.push(Hit {
                path: path.to_string(),
                line,
                rule: pat.rule,
                value,
            })
        };
        if pat.kind == Kind::Destructure {
            destructured(bytes, start).into_iter().for_each(push);
            continue;
        }
        if pat.kind == Kind::Line {
            if regex(index).is_none_or(|re| re.is_match(rest)) {
                let line_start = memchr::memrchr(b'\n', &bytes[..start]).map_or(0, |i| i + 1);
                let end = line_end.min(line_start + MAX_LINE);
                let text = String::from_utf8_lossy(&bytes[line_start..end]);
                push(text.trim_end_matches('\r').to_string());
            }
            continue;
        }
        match regex(index) {
            None => push(String::new()),
            Some(re) => {
                if let Some(caps) = re.captures(rest) {
                    let value = caps
                        .iter()
                        .skip(1)
                        .flatten()
                        .next()
                        .map(|g| String::from_utf8_lossy(g.as_bytes()).into_owned())
                        .unwrap_or_default();
                    push(value);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(families: u16, text: &str) -> Vec<(u32, &'static str, String)> {
        let mut hits = Vec::new();
        scan("f", families, text.as_bytes(), &mut hits);
        hits.into_iter()
            .map(|h| (h.line, h.rule, h.value))
            .collect()
    }

    #[test]
    fn every_family_searcher_fits_the_simd_prefilter() {
        for fam in [JS, PY, RB, PHP, JVM, NET, GO, EX, RS, SQL, PROPS, 0] {
            assert!(
                Searcher::new(fam | SECRETS).ids.len() <= 64,
                "family {fam:b}"
            );
        }
    }

    #[test]
    fn all_regexes_compile_and_literals_fit() {
        assert!(PATTERNS.len() <= REGEXES.len());
        for (i, p) in PATTERNS.iter().enumerate() {
            let _ = regex(i);
            assert!(p.regex.is_empty() || p.regex.starts_with('^'));
        }
    }

    #[test]
    fn node_env_reads_in_every_form() {
        let text = "const a = process.env.API_URL || process.env['B_KEY'];\n\
                    const {\n  STRIPE_KEY,\n  MODE: mode,\n} = process.env;\n\
                    const v = import.meta.env.VITE_API;\n";
        let names: Vec<_> = run(JS, text).into_iter().map(|h| h.2).collect();
        assert_eq!(
            names,
            ["API_URL", "B_KEY", "STRIPE_KEY", "MODE", "VITE_API"]
        );
    }

    #[test]
    fn env_reads_per_language_and_boundaries() {
        assert_eq!(
            run(
                PY,
                "x = os.environ[\"A\"]\ny = os.getenv('B')\nz = os.environ.get(\"C\", 1)"
            )
            .iter()
            .map(|h| h.2.as_str())
            .collect::<Vec<_>>(),
            ["A", "B", "C"]
        );
        assert_eq!(run(GO, "k := os.Getenv(\"GO_KEY\")")[0].2, "GO_KEY");
        assert_eq!(run(RB, "ENV.fetch(\"RB\") { 1 }\nENV['X']").len(), 2);
        assert_eq!(run(PHP, "'key' => env('APP_KEY'),\nmyenv('NOPE')").len(), 1);
        assert_eq!(
            run(
                PROPS,
                "spring.datasource.url=${DATABASE_URL:jdbc:x}\na=${spring.x}"
            )
            .len(),
            1
        );
        assert_eq!(run(RS, "std::env::var(\"RUST_KEY\")")[0].2, "RUST_KEY");
        assert_eq!(
            run(EX, "System.fetch_env!(\"SECRET_KEY_BASE\")")[0].2,
            "SECRET_KEY_BASE"
        );
        assert_eq!(
            run(NET, "Environment.GetEnvironmentVariable(\"NET_KEY\")")[0].2,
            "NET_KEY"
        );
        assert!(
            run(JS, "os.getenv('B')").is_empty(),
            "families filter patterns"
        );
    }

    #[test]
    fn ports_from_code() {
        assert_eq!(
            run(JS, "const port = process.env.PORT || 3000;")[1],
            (1, "port:default", "3000".into())
        );
        assert_eq!(run(JS, "app.listen(8080, () => {})")[0].2, "8080");
        assert_eq!(
            run(JS, "await app.listen({ port: 4000, host: '0.0.0.0' })")[0].2,
            "4000"
        );
        assert_eq!(
            run(GO, "log.Fatal(http.ListenAndServe(\":8081\", mux))")[0].2,
            "8081"
        );
        assert_eq!(
            run(PY, "port = int(os.environ.get(\"PORT\", 5000))")[1].2,
            "5000"
        );
        assert_eq!(run(RB, "port ENV.fetch(\"PORT\") { 3000 }")[1].2, "3000");
        assert_eq!(run(RS, "TcpListener::bind(\"0.0.0.0:3000\")")[0].2, "3000");
        assert!(run(JS, "DB_PORT = 5432").is_empty());
        assert!(
            run(RS, "/// `PORT || 3000` is read").is_empty(),
            "comments are not code"
        );
        assert!(run(PY, "  # os.environ['DOC_ONLY']").is_empty());
    }

    #[test]
    fn secrets_report_lines_not_values() {
        let hits = run(SECRETS, "x\n-----BEGIN RSA PRIVATE KEY-----\nMIIfake\n");
        assert_eq!(hits, [(2, "secret:private-key", String::new())]);
        // The hit keeps the key's last 7 characters in memory only, to tell AWS's doc example.
        assert_eq!(run(SECRETS, "key = AKIAIOSFODNN7EXAMPLE")[0].2, "EXAMPLE");
    }
}
