//! AwsEcs (in progress).

use deployplan_core::GeneratedFile;

use super::Target;
use crate::ArtifactError;
use crate::app::App;
use crate::deploy::Deploy;

pub struct AwsEcs;

impl Target for AwsEcs {
    fn id(&self) -> &'static str {
        "aws-ecs"
    }
    fn config(&self, _app: &App) -> Result<Vec<GeneratedFile>, ArtifactError> {
        Ok(Vec::new())
    }
    fn deploy(&self, _app: &App, environment: &str) -> Deploy {
        Deploy::new(environment)
    }
    fn needs_image(&self, _app: &App) -> bool {
        true
    }
}
