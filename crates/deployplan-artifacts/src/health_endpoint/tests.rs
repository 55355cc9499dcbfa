//! Every family's file is valid code in every language it is written in, checked with the
//! language's own tool where one is cheap offline: `node --check` (CommonJS and ES modules),
//! `python3 -m py_compile`; `ruby -c`, `php -l` and `gofmt -e` in tests ignored unless the tool
//! is installed (they assert it is); TypeScript and Elixir, which no offline tool here checks,
//! get a delimiter check that strings and comments cannot fool, and TypeScript also passes
//! `node --check` once its annotations are the only difference from the checked ES module.

use std::path::Path;
use std::process::Command;

use deployplan_core::plan::{EndpointFamily, SourceLanguage};

use super::{Context, REGISTRY, source_for};

/// Every (family, language, database) a plan can ask for, rendered.
fn rendered() -> Vec<(EndpointFamily, SourceLanguage, bool, String)> {
    let mount = vec![
        "app.get(\"/health\", health());".to_string(),
        "a second line".to_string(),
    ];
    let mut out = Vec::new();
    for &family in EndpointFamily::ALL {
        if !family.writes_file() {
            continue;
        }
        let source = source_for(family).unwrap_or_else(|| panic!("{family:?}: no source"));
        for &language in family.languages() {
            for database in [false, true] {
                let cx = Context {
                    family,
                    language,
                    route: if family == EndpointFamily::Nest {
                        "health"
                    } else {
                        "/health"
                    },
                    path: "/api/health",
                    database,
                    module: Some("ShopWeb.HealthPlug"),
                    repo_module: database.then_some("Shop.Repo"),
                    mount: &mount,
                    mount_in: "src/app.js:3 (where `app` is created)",
                };
                out.push((family, language, database, source.source(&cx)));
            }
        }
    }
    out
}

fn tool(name: &str, arg: &str) -> bool {
    Command::new(name)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

fn check(cmd: &str, args: &[&str], file: &Path, text: &str) {
    std::fs::write(file, text).unwrap();
    let out = Command::new(cmd)
        .args(args)
        .arg(file)
        .output()
        .unwrap_or_else(|e| panic!("{cmd}: {e}"));
    assert!(
        out.status.success(),
        "{cmd} {}:\n{}\n--- file ---\n{text}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn run_tool(lang: SourceLanguage, ext: &str, cmd: &str, args: &[&str]) -> usize {
    let tmp = tempfile::tempdir().unwrap();
    let mut n = 0;
    for (i, (family, l, db, text)) in rendered().into_iter().enumerate() {
        if l == lang {
            let file = tmp.path().join(format!("f{i}_{family:?}_{db}.{ext}"));
            check(cmd, args, &file, &text);
            n += 1;
        }
    }
    n
}

#[test]
fn every_family_that_writes_a_file_has_one_source() {
    for &family in EndpointFamily::ALL {
        let n = REGISTRY
            .iter()
            .filter(|s| s.families().contains(&family))
            .count();
        assert_eq!(n, usize::from(family.writes_file()), "{family:?}");
        assert_eq!(
            family.writes_file(),
            !family.languages().is_empty(),
            "{family:?}"
        );
    }
}

#[test]
fn javascript_endpoints_pass_node_check() {
    assert!(tool("node", "--version"), "node is needed for this test");
    let cjs = run_tool(SourceLanguage::CommonJs, "cjs", "node", &["--check"]);
    let esm = run_tool(SourceLanguage::EsModule, "mjs", "node", &["--check"]);
    assert!(
        cjs >= 10 && esm >= 18,
        "{cjs} CommonJS, {esm} ES module files"
    );
}

#[test]
fn python_endpoints_compile() {
    assert!(
        tool("python3", "--version"),
        "python3 is needed for this test"
    );
    let n = run_tool(
        SourceLanguage::Python,
        "py",
        "python3",
        &["-m", "py_compile"],
    );
    assert_eq!(n, 8);
}

#[test]
#[ignore = "needs ruby on PATH (ruby -c); run with -- --ignored where it is installed"]
fn ruby_endpoints_pass_ruby_check() {
    assert!(tool("ruby", "--version"), "ruby is not installed");
    assert_eq!(run_tool(SourceLanguage::Ruby, "rb", "ruby", &["-c"]), 4);
}

#[test]
#[ignore = "needs php on PATH (php -l); run with -- --ignored where it is installed"]
fn php_endpoints_pass_php_lint() {
    assert!(tool("php", "--version"), "php is not installed");
    assert_eq!(run_tool(SourceLanguage::Php, "php", "php", &["-l"]), 4);
}

#[test]
#[ignore = "needs gofmt on PATH; run with -- --ignored where Go is installed"]
fn go_endpoints_pass_gofmt() {
    assert!(
        tool("gofmt", "-h")
            || Command::new("gofmt")
                .arg("-l")
                .arg("/dev/null")
                .output()
                .is_ok(),
        "gofmt is not installed"
    );
    assert_eq!(
        run_tool(SourceLanguage::Go, "go", "gofmt", &["-e", "-l"]),
        8
    );
}

/// Brackets balance and strings close, outside comments: what a stray `{{` in a format
/// string or an unclosed quote would break.
fn balanced(text: &str, line_comments: &[&str]) -> Result<(), String> {
    let chars: Vec<char> = text.chars().collect();
    let mut stack: Vec<char> = Vec::new();
    let mut i = 0;
    let starts = |i: usize, s: &str| chars[i..].iter().take(s.len()).copied().eq(s.chars());
    while i < chars.len() {
        let c = chars[i];
        if starts(i, "/*") {
            let end = (i + 2..chars.len().saturating_sub(1))
                .find(|&j| starts(j, "*/"))
                .ok_or("unclosed /* comment")?;
            i = end + 2;
            continue;
        }
        if line_comments.iter().any(|m| starts(i, m)) {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
            continue;
        }
        match c {
            '"' | '\'' | '`' => {
                let mut j = i + 1;
                while j < chars.len() && chars[j] != c {
                    if chars[j] == '\\' {
                        j += 1;
                    }
                    if chars[j] == '\n' && c != '`' {
                        return Err(format!("string opened at char {i} runs past its line"));
                    }
                    j += 1;
                }
                if j >= chars.len() {
                    return Err(format!("unclosed string at char {i}"));
                }
                i = j + 1;
                continue;
            }
            '(' | '[' | '{' => stack.push(c),
            ')' | ']' | '}' => {
                let open = stack.pop().ok_or(format!("unopened {c} at char {i}"))?;
                let want = match open {
                    '(' => ')',
                    '[' => ']',
                    _ => '}',
                };
                if c != want {
                    return Err(format!("{open} closed by {c} at char {i}"));
                }
            }
            _ => {}
        }
        i += 1;
    }
    match stack.last() {
        Some(open) => Err(format!("unclosed {open}")),
        None => Ok(()),
    }
}

#[test]
fn typescript_elixir_ruby_php_and_go_endpoints_are_balanced() {
    let mut n = 0;
    for (family, l, db, text) in rendered() {
        let comments: &[&str] = match l {
            SourceLanguage::TypeScript | SourceLanguage::Go | SourceLanguage::Php => &["//"],
            SourceLanguage::Elixir | SourceLanguage::Ruby => &["#"],
            _ => continue,
        };
        if let Err(e) = balanced(&text, comments) {
            panic!("{family:?} {l:?} database={db}: {e}\n{text}");
        }
        n += 1;
    }
    assert!(n >= 30, "{n} files checked");
    // The checker itself fails on what it is for.
    assert!(balanced("f({)", &["//"]).is_err());
    assert!(balanced("x = 'a", &["//"]).is_err());
    assert!(balanced("// (\nf()", &["//"]).is_ok());
}

/// A TypeScript file minus its annotations is the ES module that `node --check` passed: the
/// annotations are the only TypeScript in it.
#[test]
fn typescript_endpoints_are_their_checked_es_module_plus_annotations() {
    let all = rendered();
    let mut n = 0;
    for (family, l, db, ts) in &all {
        if *l != SourceLanguage::TypeScript {
            continue;
        }
        let Some((_, _, _, js)) = all
            .iter()
            .find(|(f, l2, d, _)| f == family && *l2 == SourceLanguage::EsModule && d == db)
        else {
            continue;
        };
        // Every line of the ES module is in the TypeScript file, in order, or is that line
        // with annotations removed.
        let ts_lines: Vec<&str> = ts.lines().collect();
        let mut at = 0;
        for line in js.lines() {
            let found = ts_lines[at..]
                .iter()
                .position(|t| *t == line || strip_annotations(t) == line);
            match found {
                Some(k) => at += k + 1,
                None => panic!("{family:?} database={db}: `{line}` has no TypeScript counterpart"),
            }
        }
        n += 1;
    }
    assert!(n >= 8, "{n} TypeScript files compared");
}

/// Removes the annotations `js::ty` adds (`: string`, `?: Check`, `: Promise<...>`, ...).
fn strip_annotations(line: &str) -> String {
    let mut out = line.replace(
        "(globalThis as unknown as { process?: { env: Env } })",
        "globalThis",
    );
    for a in [
        ": Promise<[number, Record<string, unknown>]>",
        ": ReturnType<typeof setTimeout> | undefined",
        ": { path?: string; check?: Check }",
        ": Record<string, unknown>",
        ": Promise<unknown>",
        ": Promise<Response>",
        ": Promise<void>",
        ": Check | undefined",
        "?: Check",
        ": NextApiRequest",
        ": NextApiResponse",
        ": FastifyInstance",
        ": HonoContext",
        ": Request",
        ": Response",
        ": Context",
        ": Server",
        ": string",
        ": Next",
        ": Env",
        ": Check",
        ": any",
        " as 200 | 503",
    ] {
        out = out.replace(a, "");
    }
    out
}
