//! The one error type of artifact generation.

/// Why a file could not be generated.
#[derive(Debug)]
pub enum ArtifactError {
    /// The serializer refused a value (should not happen with the typed structs).
    Serialize { path: String, message: String },
    /// The serialized text did not parse back to the same value.
    RoundTrip { path: String, message: String },
    /// The plan holds a value this format cannot carry safely.
    Unrepresentable { path: String, message: String },
    /// Two artifacts want the same path.
    DuplicatePath(String),
}

impl std::fmt::Display for ArtifactError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ArtifactError::Serialize { path, message } => {
                write!(f, "{path}: could not serialize: {message}")
            }
            ArtifactError::RoundTrip { path, message } => {
                write!(f, "{path}: generated text does not parse back: {message}")
            }
            ArtifactError::Unrepresentable { path, message } => write!(f, "{path}: {message}"),
            ArtifactError::DuplicatePath(path) => {
                write!(f, "{path}: generated twice by different artifacts")
            }
        }
    }
}

impl std::error::Error for ArtifactError {}
