//! Where every decision came from. An answer is the person's, the repository's (the scan
//! suggested it) or deployplan's default; a value that reaches a generated file (a command, a
//! port, a version, the health path, the migration command) is the person's, the repository's
//! (with the file and line), the knowledge base's (with its URL) or a convention. Conventions
//! are what nobody stated: the TDD lists them under "Assumptions to confirm" and `check`
//! reports them, so a guess never passes for a fact.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::facts::Evidence;

/// An answer of `deployplan.toml` that can be left to the repository or a default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum AnswerKey {
    #[serde(rename = "context.app_type")]
    AppType,
    #[serde(rename = "context.expertise")]
    Expertise,
    #[serde(rename = "context.scale")]
    Scale,
    #[serde(rename = "context.budget")]
    Budget,
    #[serde(rename = "ci.provider")]
    CiProvider,
    #[serde(rename = "environments.strategy")]
    Environments,
    #[serde(rename = "database.engine")]
    DatabaseEngine,
    #[serde(rename = "database.cache")]
    Cache,
    #[serde(rename = "database.tool")]
    MigrationTool,
}

impl AnswerKey {
    pub const ALL: &'static [AnswerKey] = &[
        AnswerKey::AppType,
        AnswerKey::Expertise,
        AnswerKey::Scale,
        AnswerKey::Budget,
        AnswerKey::CiProvider,
        AnswerKey::Environments,
        AnswerKey::DatabaseEngine,
        AnswerKey::Cache,
        AnswerKey::MigrationTool,
    ];

    /// The key as it is written in `deployplan.toml` (`context.expertise`).
    pub fn path(self) -> &'static str {
        match self {
            AnswerKey::AppType => "context.app_type",
            AnswerKey::Expertise => "context.expertise",
            AnswerKey::Scale => "context.scale",
            AnswerKey::Budget => "context.budget",
            AnswerKey::CiProvider => "ci.provider",
            AnswerKey::Environments => "environments.strategy",
            AnswerKey::DatabaseEngine => "database.engine",
            AnswerKey::Cache => "database.cache",
            AnswerKey::MigrationTool => "database.tool",
        }
    }
}

/// Who supplied an answer that the person did not give.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unsaid {
    /// The repository scan suggested it.
    Repository,
    /// deployplan's default for a question nobody answered.
    Default,
}

/// The answers nobody gave, by key. Saved in `deployplan.toml` (`[assumed]`) so that a rerun
/// from the saved file still knows them from the person's own answers.
pub type AnswerOrigins = BTreeMap<AnswerKey, Unsaid>;

/// How a reason cites an answer: "you said “Beginner”", "the repository suggests “Web
/// API”", or "assumed “Small” (the default; say otherwise with --budget)".
pub fn cite(origins: &AnswerOrigins, key: AnswerKey, label: &str) -> String {
    let quoted = format!("\u{201c}{label}\u{201d}");
    match origins.get(&key) {
        None => format!("you said {quoted}"),
        Some(Unsaid::Repository) => format!("the repository suggests {quoted}"),
        Some(Unsaid::Default) => format!("{quoted} is assumed (nobody said otherwise)"),
    }
}

/// Where a plan value came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Source {
    /// The person said it (a flag, the answers file or the interview).
    Person,
    /// The repository states it.
    Repository { evidence: Evidence },
    /// The knowledge base, with the page it was checked against.
    Catalog { url: String },
    /// deployplan writes it (a health endpoint the app lacked); the person wires it in.
    Generated { what: String },
    /// Nobody stated it: a convention of the framework or the platform, with why it was used.
    Convention { why: String },
}

impl Source {
    pub fn convention(why: impl Into<String>) -> Source {
        Source::Convention { why: why.into() }
    }
    pub fn is_assumption(&self) -> bool {
        matches!(self, Source::Convention { .. })
    }
    /// The source in the document's words ("you said", "the repository shows (Procfile:1)").
    pub fn describe(&self) -> String {
        match self {
            Source::Person => "you said".to_string(),
            Source::Repository { evidence } => format!("the repository shows ({evidence})"),
            Source::Catalog { url } => format!("the knowledge base ({url})"),
            Source::Generated { what } => format!("deployplan writes {what}"),
            Source::Convention { why } => format!("assumed: {why}"),
        }
    }
}

/// A plan value that reaches a generated file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlanValue {
    InstallCommand,
    TestCommand,
    BuildCommand,
    StartCommand,
    WorkerCommand,
    Port,
    RuntimeVersion,
    HealthPath,
    MigrationTool,
    MigrationCommand,
    /// A tool of the build beside the runtime (the package manager, Hugo, Erlang/OTP).
    Toolchain,
    /// The folder a static build writes its files to (a monorepo's frontend).
    OutputDir,
    /// The repository on its code host (`owner/name`), where the platform pulls the code from.
    SourceRepository,
    /// The page a single-page app's host answers unknown paths with (its router's routes).
    SpaFallback,
}

impl PlanValue {
    pub fn label(self) -> &'static str {
        match self {
            PlanValue::InstallCommand => "Install command",
            PlanValue::TestCommand => "Test command",
            PlanValue::BuildCommand => "Build command",
            PlanValue::StartCommand => "Start command",
            PlanValue::WorkerCommand => "Worker command",
            PlanValue::Port => "Port",
            PlanValue::RuntimeVersion => "Runtime version",
            PlanValue::HealthPath => "Health check path",
            PlanValue::MigrationTool => "Migration tool",
            PlanValue::MigrationCommand => "Migration command",
            PlanValue::Toolchain => "Toolchain",
            PlanValue::OutputDir => "Build output folder",
            PlanValue::SourceRepository => "Source repository",
            PlanValue::SpaFallback => "Single-page app fallback",
        }
    }
    /// Where the value goes, so that the person knows what to look at when confirming it.
    pub fn used_in(self) -> &'static str {
        match self {
            PlanValue::InstallCommand => "the CI test job, the build and the Dockerfile",
            PlanValue::TestCommand => "the CI test job",
            PlanValue::BuildCommand => "the CI test job, the platform's build and the Dockerfile",
            PlanValue::StartCommand => "the platform's web process",
            PlanValue::WorkerCommand => "the platform's worker process",
            PlanValue::Port => "the platform's port and the health probe",
            PlanValue::RuntimeVersion => "the CI setup steps and the Dockerfile's base image",
            PlanValue::HealthPath => "the platform's health check",
            PlanValue::MigrationTool => "the release step",
            PlanValue::MigrationCommand => "the release step (before the new version serves)",
            PlanValue::Toolchain => "the CI setup steps and the Dockerfile",
            PlanValue::OutputDir => "the static site's publish folder",
            PlanValue::SourceRepository => "the platform's git source",
            PlanValue::SpaFallback => "the static host's rewrite of unknown paths",
        }
    }
}

/// One value with its source; `name` tells apart several values of one kind (workers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Provenance {
    pub value: PlanValue,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The value as written in the files.
    pub shown: String,
    pub source: Source,
}

impl Provenance {
    pub fn new(value: PlanValue, shown: impl Into<String>, source: Source) -> Self {
        Provenance {
            value,
            name: None,
            shown: shown.into(),
            source,
        }
    }
    pub fn named(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }
}

/// The source of a repository fact, from its first evidence.
pub fn from_evidence(evidence: &[Evidence], otherwise: &str) -> Source {
    match evidence.first() {
        Some(e) => Source::Repository {
            evidence: e.clone(),
        },
        None => Source::convention(otherwise),
    }
}
