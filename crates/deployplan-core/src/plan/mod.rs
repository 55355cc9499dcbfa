//! From answers, facts and the catalog to a plan: every decision of the workflow resolved.

pub mod model;

pub use model::*;
pub mod cost;
pub mod needs;
pub mod recommend;
