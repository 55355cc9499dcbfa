//! deployplan's library: the answers model, the platform knowledge base, the planner, the
//! documents and the writer. No CLI, no terminal, no process exit: the binary crate owns those.
//!
//! Data flows one way: `scan` (crate deployplan-scan) → [`Facts`]; [`Answers`] + facts +
//! [`Catalog`] → [`Plan`]; plan → [`GeneratedFile`]s → [`write`].

pub mod answers;
pub mod catalog;
pub mod check;
pub mod facts;
pub mod file;
pub mod frameworks;
pub mod interview;
pub mod next_steps;
pub mod plan;
pub mod provenance;
pub mod render;
pub mod text;
pub mod tokens;
pub mod write;

pub use answers::Answers;
pub use catalog::Catalog;
pub use facts::Facts;
pub use file::GeneratedFile;
pub use plan::Plan;
