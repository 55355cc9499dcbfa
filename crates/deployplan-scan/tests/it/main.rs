//! deployplan-scan's one integration-test binary: fixture apps asserted exactly against their
//! checked-in facts, the robustness of the walk, the public API's errors and summary, and a
//! many-package monorepo's services.

mod api;
mod fixtures;
mod many_services;
mod providers;
mod robustness;
