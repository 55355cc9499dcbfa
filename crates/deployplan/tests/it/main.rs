//! deployplan CLI tests: one binary, one module per area.

mod adversarial;
mod cli;
mod fixtures;
mod interview;
mod schema;
