//! deployplan CLI tests: one binary, one module per area.

mod adversarial;
mod aws;
mod ci_secrets;
mod cli;
mod code_host;
mod deploy_ready;
mod docs;
mod env_vars;
mod fixtures;
mod health;
mod health_endpoints;
mod interview;
mod migrations;
mod next_steps;
mod provenance;
mod regressions;
mod rehearse;
mod rehearse_apps;
mod schedules;
mod schema;
mod service_health;
mod services;
mod support;
mod tdd_claims;
mod toolchain;
mod workspace_pins;
