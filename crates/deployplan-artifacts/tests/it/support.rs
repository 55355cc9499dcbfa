//! Plans for tests, built the way the CLI builds them: answers resolved against the embedded
//! catalog, then the planner.

use deployplan_core::answers::resolve::{Defaults, resolve};
use deployplan_core::answers::{
    Cache, CiProvider, DatabaseEngine, EnvironmentStrategy, MigrationMode, PartialAnswers, Scale,
    Stack,
};
use deployplan_core::{Catalog, Facts, Plan};

#[derive(Debug, Clone, Copy)]
pub struct Case {
    pub platform: &'static str,
    pub ci: CiProvider,
    pub environments: EnvironmentStrategy,
    pub database: bool,
    pub workers: bool,
    pub health: bool,
    pub stack: Stack,
}

impl Case {
    pub fn new(platform: &'static str, ci: CiProvider) -> Case {
        Case {
            platform,
            ci,
            environments: EnvironmentStrategy::StagingProduction,
            database: true,
            workers: false,
            health: true,
            stack: Stack::Node,
        }
    }

    /// A folder name for this combination.
    pub fn slug(&self) -> String {
        format!(
            "{}-{}-{}{}{}{}-{}",
            self.platform,
            self.ci,
            self.environments,
            if self.database { "-db" } else { "" },
            if self.workers { "-workers" } else { "" },
            if self.health { "-health" } else { "" },
            self.stack,
        )
    }

    pub fn partial(&self) -> PartialAnswers {
        let mut p = PartialAnswers::default();
        p.project.name = Some("shop-api".into());
        p.project.author = Some("Test Author".into());
        p.project.date = Some("2026-11-26".into());
        p.platform.id = Some(self.platform.into());
        p.ci.provider = Some(self.ci);
        p.ci.branch = Some("main".into());
        p.environments.strategy = Some(self.environments);
        p.context.scale = Some(if self.platform == "kubernetes" {
            Scale::High
        } else {
            Scale::Medium
        });
        if self.database {
            p.database.engine = Some(DatabaseEngine::Postgres);
            p.database.cache = Some(if self.workers {
                Cache::Redis
            } else {
                Cache::None
            });
            p.database.migrations = Some(MigrationMode::Auto);
        } else {
            p.database.engine = Some(DatabaseEngine::None);
        }
        p.secrets.names = Some(vec!["SECRET_KEY".into(), "STRIPE_API_KEY".into()]);
        p.health.enabled = Some(self.health);
        p.app.stack = Some(self.stack);
        p.app.workers = Some(self.workers);
        p
    }

    pub fn plan(&self) -> Plan {
        plan_from(&self.partial())
    }
}

pub fn plan_from(partial: &PartialAnswers) -> Plan {
    let catalog = Catalog::embedded().expect("embedded catalog");
    let facts = Facts::default();
    let defaults = Defaults {
        today: "2026-11-26".into(),
        project_name: "shop-api".into(),
        author: "Test Author".into(),
    };
    let answers = resolve(partial, &facts, catalog, &defaults).expect("answers resolve");
    deployplan_artifacts::plan(&answers, &facts, catalog).expect("plan builds")
}

/// Every platform of the registry, in its order: a platform added to `platforms::ALL` is in
/// every matrix of these tests without a line here.
pub fn platforms() -> Vec<&'static str> {
    deployplan_artifacts::platforms::ids()
}
