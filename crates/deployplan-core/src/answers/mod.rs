//! Everything the person decides (steps 1-8 of the workflow): the choices as data, the
//! answers model, loading `deployplan.toml` with positions, and resolving defaults.

pub mod choice;
pub mod choices;
pub mod model;

pub use choice::{Choice, UnknownValue};
pub use choices::*;
pub use model::*;
pub mod load;
pub mod reserved;
pub mod resolve;
pub mod schema;
pub mod validate;

pub use load::{AnswersError, MAX_ANSWERS_BYTES, parse_answers, read_answers_text};
pub use resolve::{Defaults, resolve};

/// The commented example answers file (`deployplan example-answers`, `generate --example`).
pub const EXAMPLE_ANSWERS: &str = include_str!("../../../../examples/deployplan.toml");

/// The resolved answers as a `deployplan.toml`, with a header saying what it is.
pub fn to_toml(answers: &Answers) -> Result<String, toml::ser::Error> {
    let body = toml::to_string(answers)?;
    let body = body.replacen(
        "\n[assumed]\n",
        "\n# Answers nobody gave: the scan suggested them (repository) or they are deployplan's\n\
         # default. The documents call them assumptions; delete a line once you confirm its value.\n\
         [assumed]\n",
        1,
    );
    Ok(format!(
        "# deployplan answers, saved by `deployplan generate`: rerun it to reproduce the same files.\n\
         # Edit any value (see `deployplan example-answers` for every option) and rerun.\n\n{body}"
    ))
}
