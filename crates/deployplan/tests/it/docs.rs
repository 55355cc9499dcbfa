//! `deployplan completions SHELL` and `deployplan man`, generated from the clap definitions.

use assert_cmd::Command;
use predicates::str::contains;

fn deployplan() -> Command {
    Command::cargo_bin("deployplan").expect("binary built")
}

fn stdout(args: &[&str]) -> String {
    let out = deployplan().args(args).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).expect("UTF-8")
}

/// Every subcommand the parser knows, from `deployplan --help`.
const SUBCOMMANDS: &[&str] = &[
    "init",
    "generate",
    "recommend",
    "platforms",
    "explain",
    "scan",
    "check",
    "example-answers",
    "schema",
    "completions",
    "man",
];

#[test]
fn bash_completions_define_the_function_and_name_the_subcommands() {
    let script = stdout(&["completions", "bash"]);
    assert!(script.contains("_deployplan()"), "{script}");
    assert!(script.contains("complete -F _deployplan"), "{script}");
    for sub in SUBCOMMANDS {
        assert!(script.contains(sub), "bash completions lack {sub}");
    }
    // A flag of a subcommand is completed too.
    assert!(script.contains("--dry-run"), "{script}");
}

#[test]
fn every_shell_gets_a_script() {
    for (shell, marker) in [
        ("zsh", "#compdef deployplan"),
        ("fish", "complete -c deployplan"),
        ("elvish", "edit:completion:arg-completer[deployplan]"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let script = stdout(&["completions", shell]);
        assert!(
            script.contains(marker),
            "{shell}: no {marker:?} in\n{script}"
        );
        assert!(script.contains("generate"), "{shell}: no generate");
    }
}

#[test]
fn an_unknown_shell_is_bad_input() {
    deployplan()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(contains("bash"));
}

#[test]
fn the_man_page_is_roff_and_names_every_subcommand() {
    let page = stdout(&["man"]);
    assert!(page.contains(".TH deployplan 1"), "{page}");
    for sub in SUBCOMMANDS {
        let section = format!(".SH \"DEPLOYPLAN {}\"", sub.to_uppercase());
        assert!(page.contains(&section), "the man page lacks {section}");
    }
    // The subcommands' options are there, with their help.
    assert!(page.contains("\\-\\-dry\\-run"), "{page}");
    // Help headings of a subcommand are subsections, not new top-level sections.
    assert!(!page.contains(".SH APP"), "{page}");
}
