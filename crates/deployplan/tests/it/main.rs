//! deployplan CLI tests: one binary, one module per area.

mod cli;
mod fixtures;
mod interview;
mod rehearse;
mod rehearse_apps;
mod schema;
