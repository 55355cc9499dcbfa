//! From answers, facts and the catalog to a plan: every decision of the workflow resolved.

pub mod advice;
pub mod asset_node;
mod build;
pub mod cost;
pub mod design;
pub mod env;
pub mod health;
pub mod migrate;
pub mod model;
pub mod needs;
pub mod recommend;
pub mod runtime;
mod schedules;
pub mod secrets;
pub mod services;
pub mod sqlite;
pub mod start;
pub mod toolchain;

pub use build::{PlanError, build};
pub use health::{EndpointFamily, HealthEndpoint, HealthSource, PortCheck, SourceLanguage};
pub use model::*;
pub use services::ServicePlan;
