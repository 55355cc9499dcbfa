//! The answers model: `PartialAnswers` is what one source (file, flags, interview) said;
//! `Answers` is every decision resolved, which is what the planner reads and what is saved.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::choices::*;
use crate::provenance::{AnswerKey, AnswerOrigins};

/// `recommended`, or a platform id from the catalog.
pub const RECOMMENDED: &str = "recommended";

/// Everything a person decides, resolved. Field order is the workflow's step order, and is
/// also the order of `deployplan.toml` when it is saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answers {
    pub project: Project,
    pub context: Context,
    pub platform: PlatformAnswer,
    pub ci: CiAnswer,
    pub environments: EnvironmentsAnswer,
    pub database: DatabaseAnswer,
    pub secrets: SecretsAnswer,
    pub health: HealthAnswer,
    pub app: AppAnswer,
    /// The answers nobody gave (left to the repository scan or the default), so that the
    /// documents never say "you said" about them, even on a rerun from the saved file.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub assumed: AnswerOrigins,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    pub name: String,
    pub author: String,
    /// YYYY-MM-DD; fixed so that a rerun reproduces the same files.
    pub date: String,
}

/// Step 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Context {
    pub app_type: AppType,
    pub expertise: Expertise,
    pub scale: Scale,
    pub budget: Budget,
}

/// Step 2.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlatformAnswer {
    /// A catalog id, or `recommended`.
    pub id: String,
}

/// Step 3.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CiAnswer {
    pub provider: CiProvider,
    pub branch: String,
}

/// Step 4.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvironmentsAnswer {
    pub strategy: EnvironmentStrategy,
}

/// Step 5.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseAnswer {
    pub engine: DatabaseEngine,
    pub cache: Cache,
    pub hosting: DatabaseHosting,
    pub migrations: MigrationMode,
    pub tool: MigrationTool,
}

/// Step 6. Names only: a value never enters deployplan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecretsAnswer {
    pub store: SecretsStore,
    pub names: Vec<String>,
}

/// Step 8.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HealthAnswer {
    pub enabled: bool,
    /// The path the person gave; none lets the repository decide (its health route, else an
    /// endpoint deployplan writes, else the platform's port check).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

/// What the app is made of. A repository scan fills these; the person may override them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct AppAnswer {
    pub stack: Option<Stack>,
    pub port: Option<u16>,
    pub workers: Option<bool>,
    pub websockets: Option<bool>,
    /// Commands that override the scan's and the stack's conventional ones.
    pub install_command: Option<String>,
    pub test_command: Option<String>,
    pub build_command: Option<String>,
    pub start_command: Option<String>,
}

/// What one source said. Every field is optional; `merge` lays one source over another.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartialAnswers {
    #[serde(default)]
    pub project: PartialProject,
    #[serde(default)]
    pub context: PartialContext,
    #[serde(default)]
    pub platform: PartialPlatform,
    #[serde(default)]
    pub ci: PartialCi,
    #[serde(default)]
    pub environments: PartialEnvironments,
    #[serde(default)]
    pub database: PartialDatabase,
    #[serde(default)]
    pub secrets: PartialSecrets,
    #[serde(default)]
    pub health: PartialHealth,
    #[serde(default)]
    pub app: AppAnswer,
    /// Which of the values above nobody gave (as saved by `generate`).
    #[serde(default)]
    pub assumed: AnswerOrigins,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartialProject {
    pub name: Option<String>,
    pub author: Option<String>,
    pub date: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartialContext {
    pub app_type: Option<AppType>,
    pub expertise: Option<Expertise>,
    pub scale: Option<Scale>,
    pub budget: Option<Budget>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartialPlatform {
    pub id: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartialCi {
    pub provider: Option<CiProvider>,
    pub branch: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartialEnvironments {
    pub strategy: Option<EnvironmentStrategy>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartialDatabase {
    pub engine: Option<DatabaseEngine>,
    pub cache: Option<Cache>,
    pub hosting: Option<DatabaseHosting>,
    pub migrations: Option<MigrationMode>,
    pub tool: Option<MigrationTool>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartialSecrets {
    pub store: Option<SecretsStore>,
    pub names: Option<Vec<String>>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartialHealth {
    pub enabled: Option<bool>,
    pub path: Option<String>,
}

macro_rules! overlay {
    ($base:expr, $top:expr; $($field:ident),+) => {
        $( if $top.$field.is_some() { $base.$field = $top.$field.clone(); } )+
    };
}

impl PartialAnswers {
    /// Lays `top` over `self`: every field `top` sets wins.
    pub fn merge(mut self, top: &PartialAnswers) -> PartialAnswers {
        overlay!(self.project, top.project; name, author, date);
        overlay!(self.context, top.context; app_type, expertise, scale, budget);
        overlay!(self.platform, top.platform; id);
        overlay!(self.ci, top.ci; provider, branch);
        overlay!(self.environments, top.environments; strategy);
        overlay!(self.database, top.database; engine, cache, hosting, migrations, tool);
        overlay!(self.secrets, top.secrets; store, names);
        overlay!(self.health, top.health; enabled, path);
        overlay!(self.app, top.app; stack, port, workers, websockets, install_command, test_command, build_command, start_command);
        // What `top` says, it says itself; what it left to others keeps their origin.
        self.assumed.retain(|key, _| !top.sets(*key));
        for (key, origin) in &top.assumed {
            self.assumed.insert(*key, *origin);
        }
        self
    }

    /// Whether this source gives a value for `key`.
    pub fn sets(&self, key: AnswerKey) -> bool {
        match key {
            AnswerKey::AppType => self.context.app_type.is_some(),
            AnswerKey::Expertise => self.context.expertise.is_some(),
            AnswerKey::Scale => self.context.scale.is_some(),
            AnswerKey::Budget => self.context.budget.is_some(),
            AnswerKey::CiProvider => self.ci.provider.is_some(),
            AnswerKey::Environments => self.environments.strategy.is_some(),
            AnswerKey::DatabaseEngine => self.database.engine.is_some(),
            AnswerKey::Cache => self.database.cache.is_some(),
            AnswerKey::MigrationTool => self.database.tool.is_some(),
        }
    }
}

impl From<&Answers> for PartialAnswers {
    fn from(a: &Answers) -> Self {
        PartialAnswers {
            project: PartialProject {
                name: Some(a.project.name.clone()),
                author: Some(a.project.author.clone()),
                date: Some(a.project.date.clone()),
            },
            context: PartialContext {
                app_type: Some(a.context.app_type),
                expertise: Some(a.context.expertise),
                scale: Some(a.context.scale),
                budget: Some(a.context.budget),
            },
            platform: PartialPlatform {
                id: Some(a.platform.id.clone()),
            },
            ci: PartialCi {
                provider: Some(a.ci.provider),
                branch: Some(a.ci.branch.clone()),
            },
            environments: PartialEnvironments {
                strategy: Some(a.environments.strategy),
            },
            database: PartialDatabase {
                engine: Some(a.database.engine),
                cache: Some(a.database.cache),
                hosting: Some(a.database.hosting),
                migrations: Some(a.database.migrations),
                tool: Some(a.database.tool),
            },
            secrets: PartialSecrets {
                store: Some(a.secrets.store),
                names: Some(a.secrets.names.clone()),
            },
            health: PartialHealth {
                enabled: Some(a.health.enabled),
                path: a.health.path.clone(),
            },
            app: a.app.clone(),
            assumed: a.assumed.clone(),
        }
    }
}
