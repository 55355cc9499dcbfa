//! (in progress)

use deployplan_core::{GeneratedFile, Plan};

use crate::{Artifact, ArtifactError};

pub struct GitlabCi;

impl Artifact for GitlabCi {
    fn files(&self, _plan: &Plan) -> Result<Vec<GeneratedFile>, ArtifactError> {
        Ok(Vec::new())
    }
}
