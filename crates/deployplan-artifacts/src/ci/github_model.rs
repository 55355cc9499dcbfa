//! Typed GitHub Actions workflow (the subset deployplan writes), serialized with serde-saphyr.

use std::collections::BTreeMap;

use serde::{Serialize, Serializer};
use serde_json::Value;

use super::pins::Pin;
use crate::format;

/// A map that keeps insertion order (jobs read top to bottom in pipeline order).
#[derive(Debug, Clone, Default)]
pub struct Ordered<V>(pub Vec<(String, V)>);

impl<V: Serialize> Serialize for Ordered<V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Workflow {
    pub name: String,
    pub on: Triggers,
    pub permissions: BTreeMap<String, String>,
    pub jobs: Ordered<Job>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Triggers {
    pub push: Push,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pull_request: Option<PullRequest>,
    pub workflow_dispatch: Empty,
}

#[derive(Debug, Clone, Serialize)]
pub struct Empty {}

#[derive(Debug, Clone, Serialize)]
pub struct Push {
    pub branches: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PullRequest {
    pub branches: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Job {
    pub name: String,
    pub runs_on: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub needs: Vec<String>,
    #[serde(rename = "if", skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub concurrency: Option<Concurrency>,
    pub permissions: BTreeMap<String, String>,
    pub timeout_minutes: u32,
    /// Service containers beside the job (the test databases).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub services: BTreeMap<String, Service>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub env: BTreeMap<String, String>,
    pub steps: Vec<Step>,
}

/// A service container of a job, with a health check so steps start once it accepts
/// connections.
#[derive(Debug, Clone, Serialize)]
pub struct Service {
    pub image: String,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub env: BTreeMap<String, String>,
    pub ports: Vec<String>,
    pub options: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Concurrency {
    pub group: String,
    pub cancel_in_progress: bool,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Step {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uses: Option<Uses>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub with: BTreeMap<String, Value>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub env: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shell: Option<String>,
    /// The folder a `run:` step runs in (a monorepo service's), from the repository root.
    #[serde(rename = "working-directory", skip_serializing_if = "Option::is_none")]
    pub working_directory: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run: Option<Script>,
}

/// `uses: owner/repo@<sha> # vX.Y.Z`.
#[derive(Debug, Clone)]
pub struct Uses(pub Pin);

impl Serialize for Uses {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if format::plain() {
            s.serialize_str(&self.0.reference())
        } else {
            serde_saphyr::Commented(self.0.reference(), self.0.version.to_string()).serialize(s)
        }
    }
}

/// A `run:` script: a literal block when it has several lines.
#[derive(Debug, Clone)]
pub struct Script(pub String);

impl Serialize for Script {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0.contains('\n') {
            serde_saphyr::LitStr(&self.0).serialize(s)
        } else {
            s.serialize_str(&self.0)
        }
    }
}

impl Step {
    pub fn uses(name: &str, pin: Pin) -> Step {
        Step {
            name: name.into(),
            uses: Some(Uses(pin)),
            ..Step::default()
        }
    }
    pub fn run(name: &str, script: impl Into<String>) -> Step {
        Step {
            name: name.into(),
            run: Some(Script(script.into())),
            shell: Some("bash".into()),
            ..Step::default()
        }
    }
    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Step {
        self.with.insert(key.into(), value.into());
        self
    }
    /// Runs in `dir` (none for the repository root).
    pub fn in_dir(mut self, dir: &str) -> Step {
        self.working_directory = (dir != ".").then(|| dir.to_string());
        self
    }
    pub fn env(mut self, key: &str, value: impl Into<String>) -> Step {
        self.env.insert(key.into(), value.into());
        self
    }
}
