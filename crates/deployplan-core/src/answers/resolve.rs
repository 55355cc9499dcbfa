//! From what the person said (possibly nothing) plus what the repository says, to a complete
//! `Answers`. The person's explicit answers always win over facts; facts win over defaults.

use super::choices::*;
use super::load::{AnswersError, check};
use super::model::*;
use crate::catalog::Catalog;
use crate::facts::Facts;
use crate::frameworks;
use crate::provenance::{AnswerKey, AnswerOrigins, Unsaid};

/// Values that come from outside the answers: the edges (CLI, interview) supply them.
#[derive(Debug, Clone)]
pub struct Defaults {
    /// YYYY-MM-DD of today.
    pub today: String,
    /// Usually the output directory's name.
    pub project_name: String,
    pub author: String,
}

/// The database engine the facts point to, first match in the repository's order.
pub fn engine_from_facts(facts: &Facts) -> Option<DatabaseEngine> {
    facts.databases.iter().find_map(|d| match d.name.as_str() {
        "postgres" | "postgresql" => Some(DatabaseEngine::Postgres),
        "mysql" => Some(DatabaseEngine::Mysql),
        "mariadb" => Some(DatabaseEngine::Mariadb),
        "mongodb" => Some(DatabaseEngine::Mongodb),
        "sqlite" => Some(DatabaseEngine::Sqlite),
        _ => None,
    })
}

fn cache_from_facts(facts: &Facts) -> Option<Cache> {
    facts
        .databases
        .iter()
        .any(|d| d.name == "redis")
        .then_some(Cache::Redis)
}

fn migration_tool_from_facts(facts: &Facts) -> Option<MigrationTool> {
    facts
        .migration_tool
        .as_ref()
        .and_then(|m| m.name.parse().ok())
}

/// The secrets the repository's code reads, in a stable order (as the facts list them):
/// credentials only, not its settings (ports, modes, public build values).
pub fn secret_names_from_facts(facts: &Facts) -> Vec<String> {
    use crate::plan::env::{EnvClass, classify, framework_switches};
    let switches = framework_switches(frameworks::stack_of(facts), facts);
    let mut names: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for v in &facts.env_vars {
        // Runner and shell variables (GITHUB_TOKEN, LD_PRELOAD, ...) are refused here too;
        // settings (ports, modes, public build values) are no secrets.
        if super::validate::secret_name(&v.name).is_ok()
            && classify(&v.name, &switches) == EnvClass::Secret
            && seen.insert(v.name.as_str())
        {
            names.push(v.name.clone());
        }
    }
    names
}

pub fn resolve(
    partial: &PartialAnswers,
    facts: &Facts,
    catalog: &Catalog,
    defaults: &Defaults,
) -> Result<Answers, AnswersError> {
    let ids = catalog.ids();
    if let Some((section, key, message)) = check(partial, &ids).into_iter().next() {
        return Err(AnswersError {
            file: None,
            line: 0,
            column: 0,
            message: format!("{section}.{key}: {message}"),
        });
    }
    let p = partial;
    let suggested_type = frameworks::suggest_app_type(facts).map(|(t, _)| t);
    let engine = p
        .database
        .engine
        .or_else(|| engine_from_facts(facts))
        .unwrap_or(DatabaseEngine::None);
    let tool = p.database.tool.or_else(|| migration_tool_from_facts(facts));
    let tool = match (engine, tool) {
        (_, Some(tool)) => tool,
        (DatabaseEngine::None, None) => MigrationTool::None,
        (_, None) => {
            default_migration_tool(p.app.stack.or_else(|| frameworks::stack_of(facts)), facts)
        }
    };
    let workers = p.app.workers.or_else(|| {
        let from_facts = !facts.workers.is_empty()
            || facts
                .procfile
                .iter()
                .any(|e| e.name != "web" && e.name != "release");
        from_facts.then_some(true)
    });
    let websockets = p
        .app
        .websockets
        .or_else(|| (!facts.websockets.is_empty()).then_some(true));
    let assumed = origins(p, facts);
    Ok(Answers {
        assumed,
        project: Project {
            name: p
                .project
                .name
                .clone()
                .unwrap_or_else(|| defaults.project_name.clone()),
            author: p
                .project
                .author
                .clone()
                .unwrap_or_else(|| defaults.author.clone()),
            date: p
                .project
                .date
                .clone()
                .unwrap_or_else(|| defaults.today.clone()),
        },
        context: Context {
            app_type: p
                .context
                .app_type
                .or(suggested_type)
                .unwrap_or(AppType::FullStack),
            expertise: p.context.expertise.unwrap_or(Expertise::Intermediate),
            scale: p.context.scale.unwrap_or(Scale::Low),
            budget: p.context.budget.unwrap_or(Budget::Small),
        },
        platform: PlatformAnswer {
            id: p
                .platform
                .id
                .clone()
                .unwrap_or_else(|| RECOMMENDED.to_string()),
        },
        ci: CiAnswer {
            provider: p.ci.provider.unwrap_or_else(|| ci_from_facts(facts)),
            branch: p.ci.branch.clone().unwrap_or_else(|| "main".to_string()),
        },
        environments: EnvironmentsAnswer {
            strategy: p
                .environments
                .strategy
                .unwrap_or(EnvironmentStrategy::StagingProduction),
        },
        database: DatabaseAnswer {
            engine,
            cache: p
                .database
                .cache
                .or_else(|| cache_from_facts(facts))
                .unwrap_or(Cache::None),
            hosting: p.database.hosting.unwrap_or(DatabaseHosting::SamePlatform),
            migrations: p.database.migrations.unwrap_or(MigrationMode::Auto),
            tool,
        },
        secrets: SecretsAnswer {
            store: p.secrets.store.unwrap_or(SecretsStore::PlatformEnv),
            names: p
                .secrets
                .names
                .clone()
                .unwrap_or_else(|| secret_names_from_facts(facts)),
        },
        health: HealthAnswer {
            enabled: p.health.enabled.unwrap_or(true),
            path: p.health.path.clone(),
        },
        app: AppAnswer {
            stack: p.app.stack.or_else(|| frameworks::stack_of(facts)),
            port: p.app.port.or_else(|| facts.port.as_ref().map(|v| v.value)),
            workers,
            websockets,
            install_command: p.app.install_command.clone(),
            test_command: p.app.test_command.clone(),
            build_command: p.app.build_command.clone(),
            start_command: p.app.start_command.clone(),
        },
    })
}

/// The answers the person did not give, and whether the repository or a default filled each.
/// A value saved with its origin (`[assumed]` in `deployplan.toml`) keeps that origin.
fn origins(p: &PartialAnswers, facts: &Facts) -> AnswerOrigins {
    let from_repo = |key: AnswerKey| match key {
        AnswerKey::AppType => frameworks::suggest_app_type(facts).is_some(),
        AnswerKey::CiProvider => ci_from_facts_opt(facts).is_some(),
        AnswerKey::DatabaseEngine => engine_from_facts(facts).is_some(),
        AnswerKey::Cache => cache_from_facts(facts).is_some(),
        AnswerKey::MigrationTool => migration_tool_from_facts(facts).is_some(),
        AnswerKey::Expertise | AnswerKey::Scale | AnswerKey::Budget | AnswerKey::Environments => {
            false
        }
    };
    AnswerKey::ALL
        .iter()
        .filter_map(|&key| {
            if p.sets(key) {
                return p.assumed.get(&key).map(|o| (key, *o));
            }
            let origin = if from_repo(key) {
                Unsaid::Repository
            } else {
                Unsaid::Default
            };
            Some((key, origin))
        })
        .collect()
}

fn ci_from_facts_opt(facts: &Facts) -> Option<CiProvider> {
    facts.ci.iter().find_map(|d| match d.name.as_str() {
        "github-actions" => Some(CiProvider::Github),
        "gitlab-ci" => Some(CiProvider::Gitlab),
        "bitbucket-pipelines" => Some(CiProvider::Bitbucket),
        _ => None,
    })
}

/// The CI host the repository already uses, else GitHub.
fn ci_from_facts(facts: &Facts) -> CiProvider {
    ci_from_facts_opt(facts).unwrap_or(CiProvider::Github)
}

/// The usual migration tool of a stack (and framework), when the app has a database but
/// nobody said which tool manages its schema. A framework with migrations built in (Django,
/// Rails, Laravel, Phoenix) has its own. For a scanned repository that shows no tool, none:
/// guessing one (Prisma for a Drizzle app, goose for an app that migrates at startup) writes
/// a release step that cannot pass. Without a scan, the stack's usual tool is the assumption.
fn default_migration_tool(stack: Option<Stack>, facts: &Facts) -> MigrationTool {
    let has = |id| facts.has_framework(id);
    match stack {
        _ if has("django") => MigrationTool::Django,
        _ if has("rails") => MigrationTool::Rails,
        _ if has("laravel") => MigrationTool::Laravel,
        _ if has("symfony") => MigrationTool::Doctrine,
        _ if has("phoenix") => MigrationTool::Ecto,
        _ if !facts.is_empty() => MigrationTool::None,
        Some(Stack::Node) | None => MigrationTool::Prisma,
        Some(Stack::Python) => MigrationTool::Alembic,
        Some(Stack::Ruby) => MigrationTool::Rails,
        Some(Stack::Php) => MigrationTool::Laravel,
        Some(Stack::Java) => MigrationTool::Flyway,
        Some(Stack::Go) => MigrationTool::Goose,
        Some(Stack::Dotnet) => MigrationTool::EfCore,
        Some(Stack::Elixir) => MigrationTool::Ecto,
        Some(Stack::Rust) => MigrationTool::Sqlx,
        Some(Stack::Static) => MigrationTool::None,
    }
}
