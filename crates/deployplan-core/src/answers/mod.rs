//! Everything the person decides (steps 1-8 of the workflow): the choices as data, the
//! answers model, loading `deployplan.toml` with positions, and resolving defaults.

pub mod choice;
pub mod choices;
pub mod model;

pub use choice::{Choice, UnknownValue};
pub use choices::*;
pub use model::*;
pub mod load;
pub mod resolve;
pub mod validate;

pub use load::{AnswersError, parse_answers};
pub use resolve::{Defaults, resolve};
