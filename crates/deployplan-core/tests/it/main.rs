//! deployplan-core integration tests: one binary, one module per area.

mod catalog;
mod facts;
mod plan;
