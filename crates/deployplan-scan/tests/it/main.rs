//! deployplan-scan's one integration-test binary: fixture apps asserted exactly against their
//! checked-in facts, the robustness of the walk, and the public API's errors and summary.

mod api;
mod fixtures;
mod robustness;
