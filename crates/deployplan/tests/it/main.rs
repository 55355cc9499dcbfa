//! deployplan CLI tests: one binary, one module per area.

mod adversarial;
mod ci_secrets;
mod cli;
mod deploy_ready;
mod docs;
mod env_vars;
mod fixtures;
mod health;
mod interview;
mod migrations;
mod next_steps;
mod provenance;
mod regressions;
mod rehearse;
mod rehearse_apps;
mod schedules;
mod schema;
mod services;
mod support;
mod toolchain;
