//! `deployplan completions SHELL` and `deployplan man`: generated from the same clap
//! definitions as the parser, so they cannot drift from the flags.

use std::process::ExitCode;

use clap::CommandFactory;

use crate::cli::Cli;
use crate::error::CliError;

fn printed(bytes: Vec<u8>, what: &str) -> Result<ExitCode, CliError> {
    let text = String::from_utf8(bytes)
        .map_err(|e| CliError::Failed(format!("the {what} is not UTF-8: {e}")))?;
    crate::output::print(&text)?;
    Ok(ExitCode::SUCCESS)
}

pub fn completions(shell: clap_complete::Shell) -> Result<ExitCode, CliError> {
    let mut cmd = Cli::command();
    let mut bytes = Vec::new();
    clap_complete::generate(shell, &mut cmd, "deployplan", &mut bytes);
    printed(bytes, "completion script")
}

/// One page: the top-level command, then a section per subcommand with its options.
pub fn man() -> Result<ExitCode, CliError> {
    let cmd = Cli::command();
    let mut bytes = Vec::new();
    let page = clap_mangen::Man::new(cmd.clone());
    let failed = |e: std::io::Error| CliError::Failed(format!("rendering the man page: {e}"));
    page.render(&mut bytes).map_err(failed)?;
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = sub.get_name();
        let sub_man = clap_mangen::Man::new(sub.clone());
        let mut section = format!(".SH \"DEPLOYPLAN {}\"\n", name.to_uppercase());
        if let Some(about) = sub.get_long_about().or(sub.get_about()) {
            section.push_str(&format!("{}\n", roff_escape(&about.to_string())));
        }
        bytes.extend_from_slice(section.as_bytes());
        let mut opts = Vec::new();
        sub_man.render_options_section(&mut opts).map_err(failed)?;
        // The options section and each help heading start a `.SH`: make them subsections.
        let opts = String::from_utf8_lossy(&opts)
            .replace(".SH OPTIONS", ".SS Options")
            .replace(".SH ", ".SS ");
        bytes.extend_from_slice(opts.as_bytes());
    }
    printed(bytes, "man page")
}

/// Text that roff would otherwise read as a request or an escape.
fn roff_escape(text: &str) -> String {
    text.lines()
        .map(|l| {
            let l = l.replace('\\', "\\e");
            if l.starts_with('.') || l.starts_with('\'') {
                format!("\\&{l}")
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}
