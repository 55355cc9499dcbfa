//! Integration tests of the artifact generator (one test binary).

mod aws;
mod dump;
mod hostile;
mod pipelines;
mod registry;
mod snapshots;
mod support;
mod validators;
