//! A file the tool generates: where it goes and what it holds. Rendering produces these;
//! only the writer touches the disk.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GeneratedFile {
    /// Relative to the output directory, `/`-separated.
    pub path: String,
    pub contents: String,
    /// One line for the TDD's artifacts table ("GitHub Actions: test, then deploy to Render").
    pub description: String,
}

impl GeneratedFile {
    pub fn new(
        path: impl Into<String>,
        contents: impl Into<String>,
        description: impl Into<String>,
    ) -> Self {
        GeneratedFile {
            path: path.into(),
            contents: contents.into(),
            description: description.into(),
        }
    }
}
