//! deployplan CLI tests: one binary, one module per area.

mod cli;
mod fixtures;
mod health;
mod interview;
mod schema;
