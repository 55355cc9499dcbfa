//! Everything the binary prints goes through here. Writes return errors instead of panicking
//! (println! panics on a closed pipe or a full disk): a closed stdout ends the command quietly
//! (`deployplan platforms | head -1` succeeds, as ripgrep and uv do), any other failure is an
//! error; stderr failures are ignored, since there is nowhere left to report them.

use std::io::Write as _;

use crate::error::CliError;

fn stdout_error(e: std::io::Error) -> CliError {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        CliError::Closed
    } else {
        CliError::Failed(format!("writing to standard output failed: {e}"))
    }
}

/// Prints `text` as it is to stdout.
pub fn print(text: &str) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes()).map_err(stdout_error)?;
    out.flush().map_err(stdout_error)
}

/// Prints `text` and a newline to stdout.
pub fn line(text: &str) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes()).map_err(stdout_error)?;
    out.write_all(b"\n").map_err(stdout_error)?;
    out.flush().map_err(stdout_error)
}

/// Prints a JSON value, pretty, to stdout.
pub fn json(value: &impl serde::Serialize) -> Result<(), CliError> {
    let text = serde_json::to_string_pretty(value).map_err(|e| CliError::Failed(e.to_string()))?;
    line(&text)
}

/// A note, warning or error line on stderr, with any control character from repository text
/// escaped; a failure to write it is ignored.
pub fn note(text: &str) {
    let text = deployplan_core::text::escaped_block(text);
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes());
    let _ = err.write_all(b"\n");
    let _ = err.flush();
}
