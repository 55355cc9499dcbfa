//! deployplan CLI tests: one binary, one module per area.

mod adversarial;
mod cli;
mod docs;
mod env_vars;
mod fixtures;
mod health;
mod interview;
mod migrations;
mod next_steps;
mod provenance;
mod regressions;
mod schema;
mod toolchain;
