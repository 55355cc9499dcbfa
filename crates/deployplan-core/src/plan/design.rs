//! Steps 3-8 once the platform is chosen: CI/CD, environments, database and migrations,
//! secrets, rollback and health checks.

use super::env;
use super::model::*;
use super::needs::Needs;
use crate::answers::{
    Answers, Choice, CiProvider, DatabaseEngine, DatabaseHosting, EnvironmentStrategy,
    MigrationMode, MigrationTool,
};
use crate::catalog::{Catalog, Platform, Support};
use crate::facts::Facts;
use crate::provenance::{AnswerKey, Source, Unsaid, from_evidence};

/// Where deployplan's pipeline goes: the CI host's usual file, unless the repository has its
/// own file there (the scan skips deployplan's, so any it found is the person's). Then it goes
/// beside it: another workflow on GitHub, which runs every file in `.github/workflows/`; a
/// `.deployplan-new` file on GitLab and Bitbucket, which read only one file, to merge by hand.
pub fn pipeline_path(provider: CiProvider, facts: &Facts) -> Option<String> {
    let persons = |path: &str| {
        facts
            .ci
            .iter()
            .any(|d| d.evidence.iter().any(|e| e.path == path))
    };
    let usual = match provider {
        CiProvider::Github => ".github/workflows/deploy.yml",
        CiProvider::Gitlab => ".gitlab-ci.yml",
        CiProvider::Bitbucket => "bitbucket-pipelines.yml",
        CiProvider::Other | CiProvider::Manual => return None,
    };
    Some(match provider {
        _ if !persons(usual) => usual.to_string(),
        CiProvider::Github => GITHUB_BESIDE.to_string(),
        _ => format!("{usual}{NEW_SUFFIX}"),
    })
}

/// deployplan's workflow when the repository has its own `.github/workflows/deploy.yml`.
pub const GITHUB_BESIDE: &str = ".github/workflows/deployplan-deploy.yml";
/// The suffix of deployplan's pipeline when the CI host reads one file the person wrote.
pub const NEW_SUFFIX: &str = ".deployplan-new";

pub fn ci(
    a: &Answers,
    facts: &Facts,
    p: &Platform,
    envs: &[EnvironmentPlan],
    runtime: &Runtime,
) -> CiPlan {
    let provider = a.ci.provider;
    let automated = provider != CiProvider::Manual;
    let branch = a.ci.branch.clone();
    let pipeline_path = pipeline_path(provider, facts);
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
    let production_release = if !automated {
        ProductionRelease::ByHand
    } else if staged {
        ProductionRelease::Approval
    } else {
        ProductionRelease::OnPush
    };
    let production_trigger = match production_release {
        ProductionRelease::OnPush => {
            format!("automatic on every push to `{branch}` once the tests pass")
        }
        ProductionRelease::VersionTag => "on a pushed version tag (`v*`)".to_string(),
        ProductionRelease::Approval | ProductionRelease::ByHand => approval.to_string(),
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
        provider,
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
        production_release,
        production_trigger,
        submodules: facts
            .git_submodules
            .iter()
            .map(|d| d.name.clone())
            .collect(),
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

/// Managed services that host the engine: each vendor named only for an engine it serves
/// (Neon and Supabase are Postgres, PlanetScale here MySQL, Atlas MongoDB).
fn managed_services(e: DatabaseEngine) -> &'static str {
    match e {
        DatabaseEngine::Postgres => "AWS RDS for PostgreSQL, Neon or Supabase",
        DatabaseEngine::Mysql => "AWS RDS for MySQL or PlanetScale",
        DatabaseEngine::Mariadb => "AWS RDS for MariaDB",
        DatabaseEngine::Mongodb => "MongoDB Atlas",
        // A file next to the app, not a service: only reached if the person asks for one.
        DatabaseEngine::Sqlite | DatabaseEngine::None => "a hosted database",
    }
}

/// The cache's words: the platform's own Redis, or a managed provider's. Also used when the
/// app has a cache but no database.
pub fn cache_name(a: &Answers, p: &Platform) -> Option<String> {
    (a.database.cache == crate::answers::Cache::Redis).then(|| {
        if p.capabilities.managed_redis.value != Support::No {
            format!("Redis on {}", p.name)
        } else {
            "Redis from a managed provider (e.g. Upstash or Redis Cloud)".to_string()
        }
    })
}

pub fn database(
    a: &Answers,
    p: &Platform,
    catalog: &Catalog,
    facts: &Facts,
    runtime: &Runtime,
) -> Option<DatabasePlan> {
    let d = &a.database;
    if d.engine == DatabaseEngine::None {
        return None;
    }
    let (engine_name, version) = engine_name(d.engine);
    let volume = (d.engine == DatabaseEngine::Sqlite)
        .then(|| super::sqlite::volume(p, facts, runtime))
        .flatten();
    let version = match (&volume, d.engine) {
        (None, DatabaseEngine::Sqlite) => "SQLite 3 (no persistent volume)",
        _ => version,
    };
    let offered = match d.engine {
        DatabaseEngine::Postgres => p.capabilities.managed_postgres.value != Support::No,
        DatabaseEngine::Mysql | DatabaseEngine::Mariadb => {
            p.capabilities.managed_mysql.value != Support::No
        }
        _ => false,
    };
    let hosting_name = match d.hosting {
        DatabaseHosting::SamePlatform if d.engine == DatabaseEngine::Sqlite => match &volume {
            Some(v) => {
                let base = format!(
                    "a persistent volume on {} at {} ({})",
                    p.name, v.mount_path, v.how
                );
                match &v.file {
                    Some(file) => format!("{base}, with the file at {file}: {}", v.placement),
                    // The volume exists, but nothing the files set moves the app's file onto
                    // it: the TDD says so rather than promise a persistent database.
                    None => format!("{base}; {}", v.placement),
                }
            }
            None => format!(
                "{}'s temporary disk: it has no persistent volume, so the SQLite file is lost on every deploy and restart (choose a platform with disks, or a hosted database)",
                p.name
            ),
        },
        DatabaseHosting::SamePlatform if offered => format!("{} (managed by the platform)", p.name),
        // The catalog says whether the platform hosts Postgres or MySQL; of other engines
        // (MongoDB: App Platform has clusters of its own) it knows only that the generated
        // files provision none.
        DatabaseHosting::SamePlatform => format!(
            "a managed {engine_name} service such as {} ({})",
            managed_services(d.engine),
            match d.engine {
                DatabaseEngine::Postgres | DatabaseEngine::Mysql | DatabaseEngine::Mariadb =>
                    format!("{} offers none of its own", p.name),
                _ => format!("the generated files provision none on {}", p.name),
            }
        ),
        DatabaseHosting::Managed => format!(
            "a managed {engine_name} service such as {}",
            managed_services(d.engine)
        ),
        DatabaseHosting::SelfManaged => {
            "a self-managed server (you run backups, upgrades and security)".to_string()
        }
    };
    let tool = (d.tool != MigrationTool::None)
        .then(|| catalog.migration_tool(d.tool.id()))
        .flatten();
    // An app that migrates itself at startup needs no release step (unless the person chose
    // the tool, and so the step, themselves).
    let tool_from_person = !a.assumed.contains_key(&AnswerKey::MigrationTool);
    let at_startup = facts
        .migrates_at_startup
        .as_ref()
        .filter(|_| !tool_from_person);
    let mut migrate = tool
        .filter(|_| at_startup.is_none())
        .map(|t| super::migrate::migrate_command(t, facts));
    let mut migrate_build = None;
    if let Some((cmd, source)) = &mut migrate
        && let Some((build, run)) = super::migrate::ef_bundle(cmd, facts)
    {
        *source = Source::convention(format!(
            "EF Core migration bundle built into the image (the runtime image has no SDK for `{cmd}`; https://learn.microsoft.com/ef/core/managing-schemas/migrations/applying#bundles)"
        ));
        *cmd = run;
        migrate_build = Some(build);
    } else if let (Some((cmd, _)), Some(m)) = (&migrate, &facts.migration_tool)
        && *cmd == m.command
    {
        // The repository's tool as a library only (goose's CLI built into ./bin).
        migrate_build = m.install.clone();
    }
    let cache = cache_name(a, p);
    let backups = match d.hosting {
        DatabaseHosting::SelfManaged => "Daily dumps (pg_dump/mysqldump/mongodump) to object storage, 7-day retention; test a restore monthly".to_string(),
        _ => "Daily automated backups by the provider, 7-day retention at least; test a restore before launch".to_string(),
    };
    let db_words: &[&str] = &[
        "DATABASE", "DB", "POSTGRES", "PG", "MYSQL", "MARIADB", "MONGO",
    ];
    let url_env = match env::connection_name(facts, db_words, "DATABASE_URL") {
        // A JDBC URL (`jdbc:postgresql://…`) is not the platform's connection string: the
        // person sets it, as a secret.
        Some(n) if n.contains("JDBC") => None,
        Some(n) => Some(n.to_string()),
        None if env::reads_connection_parts(facts) => None,
        None => Some("DATABASE_URL".to_string()),
    };
    let cache_url_env = cache.as_ref().map(|_| {
        env::connection_name(facts, &["REDIS", "BROKER", "CACHE", "CELERY"], "REDIS_URL")
            .unwrap_or("REDIS_URL")
            .to_string()
    });
    let cache_url_aliases = cache_url_env
        .as_deref()
        .map(|primary| env::redis_aliases(facts, primary))
        .unwrap_or_default();
    Some(DatabasePlan {
        volume,
        url_env: (d.engine != DatabaseEngine::Sqlite)
            .then_some(url_env)
            .flatten(),
        cache_url_env,
        cache_url_aliases,
        engine: d.engine.id().into(),
        engine_name: engine_name.into(),
        version: version.into(),
        hosting: d.hosting.id().into(),
        hosting_name,
        cache,
        migrations_auto: d.migrations == MigrationMode::Auto,
        tool: tool.map(|t| t.id.clone()),
        tool_name: tool.map(|t| t.name.clone()),
        migrate_command: migrate.as_ref().map(|(c, _)| c.clone()),
        migrate_build,
        migrate_source: migrate.map(|(_, s)| s),
        tool_source: tool.map(|_| match a.assumed.get(&AnswerKey::MigrationTool) {
            None => Source::Person,
            Some(Unsaid::Repository) => from_evidence(
                facts
                    .migration_tool
                    .as_ref()
                    .map_or(&[][..], |m| m.evidence.as_slice()),
                "suggested by the repository",
            ),
            Some(Unsaid::Default) => Source::convention(format!(
                "the usual migration tool of the framework; the repository shows none ({})",
                "say otherwise with --migration-tool"
            )),
        }),
        status_command: tool.map(|t| t.status_command.clone()),
        revert: tool.map(|t| t.revert.clone()),
        tool_docs: tool.map(|t| t.docs_url.clone()),
        migrates_at_startup: at_startup.map(|v| {
            let at = v
                .evidence
                .first()
                .map(|e| e.to_string())
                .unwrap_or_default();
            format!("{} ({at})", v.value)
        }),
        hook: if at_startup.is_some() {
            "none needed: the app applies its migrations when it starts".into()
        } else if p.migrations.mechanism == "none" {
            "none on this platform: the pipeline runs migrations as a step before the deploy".into()
        } else {
            p.migrations.mechanism.clone()
        },
        hook_caveats: match at_startup {
            Some(v) => vec![format!(
                "No release step: {} ({}); a second run from a release step would need the tool's CLI in the image",
                v.value,
                v.evidence
                    .first()
                    .map(|e| e.to_string())
                    .unwrap_or_default()
            )],
            None => p.migrations.caveats.clone(),
        },
        backups,
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
