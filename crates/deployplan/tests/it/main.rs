//! deployplan CLI tests: one binary, one module per area.

mod cli;
mod fixtures;
mod interview;
mod provenance;
mod regressions;
mod schema;
mod env_vars;
