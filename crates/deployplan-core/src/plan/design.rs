//! Steps 3-8 once the platform is chosen: CI/CD, environments, database and migrations,
//! secrets, rollback and health checks.

use super::model::*;
use super::needs::Needs;
use crate::answers::{
    Answers, Choice, CiProvider, DatabaseEngine, DatabaseHosting, EnvironmentStrategy,
    MigrationMode, MigrationTool, SecretsStore, Stack,
};
use crate::catalog::{Catalog, Platform, Support};
use crate::facts::Facts;

pub fn ci(a: &Answers, p: &Platform, envs: &[EnvironmentPlan], runtime: &Runtime) -> CiPlan {
    let provider = a.ci.provider;
    let automated = provider != CiProvider::Manual;
    let branch = a.ci.branch.clone();
    let pipeline_path = match provider {
        CiProvider::Github => Some(".github/workflows/deploy.yml".to_string()),
        CiProvider::Gitlab => Some(".gitlab-ci.yml".to_string()),
        CiProvider::Bitbucket => Some("bitbucket-pipelines.yml".to_string()),
        CiProvider::Other | CiProvider::Manual => None,
    };
    let staged = envs.iter().any(|e| e.name == "staging");
    let approval = match provider {
        CiProvider::Github => {
            "manual approval (a required reviewer on the GitHub `production` environment)"
        }
        CiProvider::Gitlab => {
            "manual approval (a `when: manual` job on the `production` environment)"
        }
        CiProvider::Bitbucket => {
            "manual approval (a `trigger: manual` step on the Production deployment)"
        }
        CiProvider::Other => "manual approval in your CI",
        CiProvider::Manual => "a person running the deploy command",
    };
    let production_trigger = if !automated || staged {
        approval.to_string()
    } else {
        format!("automatic on every push to `{branch}` once the tests pass")
    };
    let mut stages = vec![Stage {
        name: "test".into(),
        description: match &runtime.test_command {
            Some(test) => format!(
                "install (`{}`) and run the tests (`{test}`)",
                runtime.install_command
            ),
            None => format!(
                "install (`{}`); no test step: the repository has no tests",
                runtime.install_command
            ),
        },
    }];
    if let Some(build) = &runtime.build_command {
        stages.push(Stage {
            name: "build".into(),
            description: format!("build the release (`{build}`)"),
        });
    }
    if envs.iter().any(|e| e.name == "preview") {
        stages.push(Stage {
            name: "preview".into(),
            description: if p.capabilities.preview_environments.value == Support::No {
                format!(
                    "{} has no preview deployments; deploy pull requests to a shared preview app",
                    p.name
                )
            } else {
                format!(
                    "a preview deployment per pull request ({})",
                    p.capabilities.preview_environments.note
                )
            },
        });
    }
    if staged {
        stages.push(Stage {
            name: "deploy-staging".into(),
            description: format!("deploy to staging on every push to `{branch}`"),
        });
    }
    stages.push(Stage {
        name: "deploy-production".into(),
        description: format!("deploy to production: {production_trigger}"),
    });
    CiPlan {
        provider: provider.id().to_string(),
        provider_name: match provider {
            CiProvider::Github => "GitHub Actions",
            CiProvider::Gitlab => "GitLab CI",
            CiProvider::Bitbucket => "Bitbucket Pipelines",
            CiProvider::Other => "your CI",
            CiProvider::Manual => "manual deploys",
        }
        .to_string(),
        automated,
        branch,
        pipeline_path,
        stages,
        secrets: ci_secrets(a, p),
        production_trigger,
    }
}

/// The secrets the deploy job needs: the platform's, plus the database URL when the
/// pipeline itself runs the migrations (the platform has no release hook).
fn ci_secrets(a: &Answers, p: &Platform) -> Vec<String> {
    let mut names = p.deploy.ci_secrets.clone();
    let pipeline_migrates = a.database.engine != DatabaseEngine::None
        && a.database.migrations == MigrationMode::Auto
        && a.database.tool != MigrationTool::None
        && p.migrations.mechanism == "none";
    if pipeline_migrates && !names.iter().any(|n| n == "DATABASE_URL") {
        names.push("DATABASE_URL".to_string());
    }
    names
}

pub fn environments(a: &Answers, p: &Platform) -> Vec<EnvironmentPlan> {
    let branch = &a.ci.branch;
    let manual = a.ci.provider == CiProvider::Manual;
    let url = |env: &str| {
        format!(
            "assigned by {} for the {env} service (add a custom domain later)",
            p.name
        )
    };
    let env = |name: &str, purpose: &str, trigger: String| EnvironmentPlan {
        name: name.into(),
        purpose: purpose.into(),
        trigger,
        url: url(name),
    };
    let push = |what: &str| {
        if manual {
            format!("a person runs the deploy command for {what}")
        } else {
            format!("every push to `{branch}`")
        }
    };
    let strategy = a.environments.strategy;
    let mut out = Vec::new();
    if strategy == EnvironmentStrategy::PreviewStagingProduction {
        out.push(env(
            "preview",
            "one short-lived deployment per pull request, to test each change alone",
            "every pull request (removed when it closes)".into(),
        ));
    }
    if strategy == EnvironmentStrategy::DevStagingProduction {
        out.push(env(
            "dev",
            "shared development environment for integration work",
            if manual {
                "a person deploys any branch".into()
            } else {
                "every push to a non-main branch".into()
            },
        ));
    }
    let staged = strategy != EnvironmentStrategy::Production;
    if staged {
        out.push(env(
            "staging",
            "pre-production copy of production, for testing releases",
            push("staging"),
        ));
    }
    out.push(env(
        "production",
        "live users",
        if staged {
            if manual {
                "a person promotes a release tested on staging".into()
            } else {
                "manual approval after staging is verified".into()
            }
        } else {
            push("production")
        },
    ));
    out
}

fn engine_name(e: DatabaseEngine) -> (&'static str, &'static str) {
    match e {
        DatabaseEngine::Postgres => (
            "PostgreSQL",
            "PostgreSQL (pin the major version, e.g. 17, in the platform config)",
        ),
        DatabaseEngine::Mysql => (
            "MySQL",
            "MySQL 8.x (pin the version in the platform config)",
        ),
        DatabaseEngine::Mariadb => (
            "MariaDB",
            "MariaDB (pin the version in the platform config)",
        ),
        DatabaseEngine::Mongodb => ("MongoDB", "MongoDB (Atlas, current major version)"),
        DatabaseEngine::Sqlite => ("SQLite", "SQLite 3 on a persistent volume"),
        DatabaseEngine::None => ("none", "none"),
    }
}

pub fn database(a: &Answers, p: &Platform, catalog: &Catalog) -> Option<DatabasePlan> {
    let d = &a.database;
    if d.engine == DatabaseEngine::None {
        return None;
    }
    let (engine_name, version) = engine_name(d.engine);
    let offered = match d.engine {
        DatabaseEngine::Postgres => p.capabilities.managed_postgres.value != Support::No,
        DatabaseEngine::Mysql | DatabaseEngine::Mariadb => {
            p.capabilities.managed_mysql.value != Support::No
        }
        _ => false,
    };
    let hosting_name = match d.hosting {
        DatabaseHosting::SamePlatform if d.engine == DatabaseEngine::Sqlite => {
            format!("a persistent volume on {}", p.name)
        }
        DatabaseHosting::SamePlatform if offered => format!("{} (managed by the platform)", p.name),
        DatabaseHosting::SamePlatform => format!(
            "a managed {engine_name} service such as {} ({} offers none of its own)",
            if d.engine == DatabaseEngine::Mongodb {
                "MongoDB Atlas"
            } else {
                "AWS RDS, Neon or Supabase"
            },
            p.name
        ),
        DatabaseHosting::Managed => {
            "a managed database service (AWS RDS, Neon, Supabase, PlanetScale or MongoDB Atlas)"
                .to_string()
        }
        DatabaseHosting::SelfManaged => {
            "a self-managed server (you run backups, upgrades and security)".to_string()
        }
    };
    let tool = (d.tool != MigrationTool::None)
        .then(|| catalog.migration_tool(d.tool.id()))
        .flatten();
    let cache = (d.cache == crate::answers::Cache::Redis).then(|| {
        if p.capabilities.managed_redis.value != Support::No {
            format!("Redis on {}", p.name)
        } else {
            "Redis from a managed provider (e.g. Upstash or Redis Cloud)".to_string()
        }
    });
    let backups = match d.hosting {
        DatabaseHosting::SelfManaged => "Daily dumps (pg_dump/mysqldump/mongodump) to object storage, 7-day retention; test a restore monthly".to_string(),
        _ => "Daily automated backups by the provider, 7-day retention at least; test a restore before launch".to_string(),
    };
    Some(DatabasePlan {
        engine: d.engine.id().into(),
        engine_name: engine_name.into(),
        version: version.into(),
        hosting: d.hosting.id().into(),
        hosting_name,
        cache,
        migrations_auto: d.migrations == MigrationMode::Auto,
        tool: tool.map(|t| t.id.clone()),
        tool_name: tool.map(|t| t.name.clone()),
        migrate_command: tool.map(|t| t.deploy_command.clone()),
        status_command: tool.map(|t| t.status_command.clone()),
        revert: tool.map(|t| t.revert.clone()),
        tool_docs: tool.map(|t| t.docs_url.clone()),
        hook: if p.migrations.mechanism == "none" {
            "none on this platform: the pipeline runs migrations as a step before the deploy".into()
        } else {
            p.migrations.mechanism.clone()
        },
        hook_caveats: p.migrations.caveats.clone(),
        backups,
    })
}

/// What a secret is for, from its name.
fn purpose(name: &str) -> (String, Option<String>) {
    let gen_key = Some("openssl rand -hex 32".to_string());
    match name {
        "DATABASE_URL" => ("database connection string".into(), None),
        "REDIS_URL" => ("Redis connection string".into(), None),
        "SECRET_KEY" | "SECRET_KEY_BASE" | "APP_KEY" | "SESSION_SECRET" | "JWT_SECRET"
        | "NEXTAUTH_SECRET" | "AUTH_SECRET" => {
            ("application signing / encryption key".into(), gen_key)
        }
        "RAILS_MASTER_KEY" => (
            "decrypts config/credentials.yml.enc (from config/master.key, never committed)".into(),
            None,
        ),
        n if n.ends_with("_API_KEY") || n.ends_with("_KEY") || n.ends_with("_TOKEN") => (
            format!(
                "credential for {}",
                n.split('_').next().unwrap_or(n).to_lowercase()
            ),
            None,
        ),
        n if n.ends_with("_SECRET") || n.ends_with("_PASSWORD") => ("credential".into(), None),
        n if n.ends_with("_URL") || n.ends_with("_HOST") => ("service address".into(), None),
        _ => ("configuration value".into(), None),
    }
}

fn is_secret(name: &str) -> bool {
    [
        "KEY",
        "SECRET",
        "TOKEN",
        "PASSWORD",
        "DATABASE_URL",
        "REDIS_URL",
        "DSN",
        "CREDENTIALS",
    ]
    .iter()
    .any(|w| name.contains(w))
}

pub fn secrets(a: &Answers, facts: &Facts, db: Option<&DatabasePlan>) -> SecretsPlan {
    let mut names: Vec<(String, String)> = a
        .secrets
        .names
        .iter()
        .map(|n| {
            let origin = facts
                .env_vars
                .iter()
                .find(|v| &v.name == n)
                .and_then(|v| v.evidence.first().map(|e| format!("{}: {e}", v.source)))
                .unwrap_or_else(|| "answers".to_string());
            (n.clone(), origin)
        })
        .collect();
    let mut implied = |name: &str, why: &str| {
        if !names.iter().any(|(n, _)| n == name) {
            names.push((name.to_string(), why.to_string()));
        }
    };
    if let Some(db) = db
        && db.engine != "sqlite"
    {
        implied(
            "DATABASE_URL",
            &format!("implied: {} database", db.engine_name),
        );
    }
    if db.is_some_and(|d| d.cache.is_some()) || a.database.cache == crate::answers::Cache::Redis {
        implied("REDIS_URL", "implied: Redis cache");
    }
    let store_name = a.secrets.store.label().to_string();
    let stored_in = match a.secrets.store {
        SecretsStore::PlatformEnv => "Platform env vars",
        SecretsStore::SecretsManager => "Secrets manager",
    };
    let secrets: Vec<SecretPlan> = names
        .iter()
        .map(|(name, origin)| {
            let (purpose, generate) = purpose(name);
            SecretPlan {
                name: name.clone(),
                purpose,
                origin: origin.clone(),
                generate,
            }
        })
        .collect();
    let mut env_vars: Vec<EnvVarRow> = secrets
        .iter()
        .map(|s| {
            let secret = is_secret(&s.name);
            EnvVarRow {
                name: s.name.clone(),
                staging: if secret {
                    format!("staging {} (test credentials)", s.purpose)
                } else {
                    format!("staging {}", s.purpose)
                },
                production: if secret {
                    format!("production {} (live credentials)", s.purpose)
                } else {
                    format!("production {}", s.purpose)
                },
                stored_in: stored_in.to_string(),
                secret,
            }
        })
        .collect();
    let env_name = match a.app.stack {
        Some(Stack::Node) | None => Some("NODE_ENV"),
        Some(Stack::Ruby) => Some("RAILS_ENV"),
        Some(Stack::Php) => Some("APP_ENV"),
        Some(Stack::Elixir) => Some("MIX_ENV"),
        Some(Stack::Dotnet) => Some("ASPNETCORE_ENVIRONMENT"),
        _ => None,
    };
    if let Some(n) = env_name
        && !env_vars.iter().any(|r| r.name == n)
    {
        // Rails, Node and Phoenix use "production" in staging too: staging should behave like
        // production, and is told apart by its own database and credentials.
        env_vars.push(EnvVarRow {
            name: n.into(),
            staging: "production".into(),
            production: "production".into(),
            stored_in: "Platform config (not secret)".into(),
            secret: false,
        });
    }
    SecretsPlan {
        store: a.secrets.store.id().into(),
        store_name,
        secrets,
        env_vars,
    }
}

pub fn health(a: &Answers, p: &Platform) -> Option<HealthPlan> {
    if !a.health.enabled {
        return None;
    }
    let s = p.health_check.settable;
    let not_settable: Vec<String> = [
        ("path", s.path),
        ("interval", s.interval),
        ("timeout", s.timeout),
        ("unhealthy threshold", s.threshold),
    ]
    .iter()
    .filter(|(_, ok)| !ok)
    .map(|(n, _)| n.to_string())
    .collect();
    Some(HealthPlan {
        path: a.health.path.clone(),
        interval_s: 30,
        timeout_s: 5,
        unhealthy_threshold: 3,
        platform_config: p.health_check.configured_in.clone(),
        not_settable,
        platform_defaults: p.health_check.defaults.clone(),
    })
}

pub fn rollback(p: &Platform, db: Option<&DatabasePlan>) -> RollbackPlan {
    let mut with_migrations = vec![
        "Rolling back the app never rolls back the database: the previous release must run against the new schema.".to_string(),
        "Write every migration expand/contract: first add (new columns nullable or with defaults, new tables), deploy code that works with both shapes, and only in a later release drop or rename what the old code used.".to_string(),
        "Never run down-migrations automatically on rollback; a down-migration that drops a column destroys the data written since the deploy.".to_string(),
    ];
    if let Some(db) = db {
        if let Some(revert) = &db.revert {
            with_migrations.push(format!(
                "If a migration itself must be undone, a person does it deliberately after the app rollback: {revert}"
            ));
        }
        if let Some(status) = &db.status_command {
            with_migrations.push(format!(
                "Check which migrations are applied with `{status}` before and after."
            ));
        }
        with_migrations.push("Take (or confirm) a database backup right before every deploy that migrates, so a destructive mistake can be restored.".to_string());
    }
    RollbackPlan {
        commands: p.rollback.commands.clone(),
        dashboard: p.rollback.dashboard.clone(),
        caveats: p.rollback.caveats.clone(),
        with_migrations,
    }
}

pub fn needs_summary(needs: &Needs) -> Vec<String> {
    [
        &needs.workers,
        &needs.websockets,
        &needs.long_running,
        &needs.persistent_disk,
        &needs.cron,
        &needs.dockerfile,
    ]
    .into_iter()
    .flatten()
    .cloned()
    .collect()
}
