//! Each question of steps 1-8 and the summary: what is asked, which option is pre-selected
//! and why, and where the answer goes.

use super::prompt::{Prompter, Reply, Select, SelectOption, Text};
use super::{Interview, InterviewError};
use crate::answers::choices as c;
use crate::answers::resolve::engine_from_facts;
use crate::answers::{self, Answers, Choice, PartialAnswers, validate};
use crate::catalog::{Platform, Support};
use crate::frameworks;
use crate::plan::{self, Plan};

/// Why an option is pre-selected when it comes from the answers file.
pub(super) const FROM_TOML: &str = "from deployplan.toml";
pub(super) const YOURS: &str = "your answer";

/// The questions, in the workflow's order (see `flow::ORDER`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Q {
    AppType,
    Stack,
    Expertise,
    Scale,
    Budget,
    Platform,
    Automated,
    CiHost,
    Branch,
    Environments,
    Database,
    Cache,
    DbHosting,
    Migrations,
    MigrationTool,
    SecretsStore,
    SecretNames,
    Rollback,
    Health,
    HealthPath,
    Summary,
}

impl Q {
    /// The workflow step; questions of one step are changed together from the summary.
    pub(super) fn group(self) -> u8 {
        use Q::*;
        match self {
            AppType | Stack | Expertise | Scale | Budget => 1,
            Platform => 2,
            Automated | CiHost | Branch => 3,
            Environments => 4,
            Database | Cache | DbHosting | Migrations | MigrationTool => 5,
            SecretsStore | SecretNames => 6,
            Rollback => 7,
            Health | HealthPath => 8,
            Summary => 9,
        }
    }

    /// The question's id in a `Select` (the answers-file key where there is one).
    pub(super) fn key(self) -> &'static str {
        use Q::*;
        match self {
            AppType => c::AppType::KEY,
            Stack => c::Stack::KEY,
            Expertise => c::Expertise::KEY,
            Scale => c::Scale::KEY,
            Budget => c::Budget::KEY,
            Platform => "platform",
            Automated => "automated",
            CiHost => c::CiProvider::KEY,
            Branch => "branch",
            Environments => c::EnvironmentStrategy::KEY,
            Database => c::DatabaseEngine::KEY,
            Cache => c::Cache::KEY,
            DbHosting => c::DatabaseHosting::KEY,
            Migrations => c::MigrationMode::KEY,
            MigrationTool => c::MigrationTool::KEY,
            SecretsStore => c::SecretsStore::KEY,
            SecretNames => "secret-names",
            Rollback => "rollback",
            Health => "health-checks",
            HealthPath => "health-path",
            Summary => "summary",
        }
    }
}

/// Where the interview goes after an answer.
pub(super) enum Next {
    Continue,
    /// From the summary: change this answer, then come back.
    Change(Q),
    /// The summary was confirmed.
    Finish,
}

type Pre = (Option<&'static str>, Option<String>);

/// The pre-selected option of a closed question: the person's own answer, then the answers
/// file, then what the repository shows, then the workflow's recommendation.
fn pre<C: Choice>(
    given: Option<C>,
    existing: Option<C>,
    detected: Option<(C, String)>,
    fallback: Option<(C, &str)>,
) -> Pre {
    if let Some(v) = given {
        (Some(v.id()), Some(YOURS.into()))
    } else if let Some(v) = existing {
        (Some(v.id()), Some(FROM_TOML.into()))
    } else if let Some((v, why)) = detected {
        (Some(v.id()), Some(format!("detected: {why}")))
    } else if let Some((v, why)) = fallback {
        (Some(v.id()), Some(why.to_string()))
    } else {
        (None, None)
    }
}

fn yes_no(yes_help: &str, no_help: &str) -> [SelectOption; 2] {
    [
        SelectOption::new(c::YesNo::Yes.id(), c::YesNo::Yes.label(), yes_help),
        SelectOption::new(c::YesNo::No.id(), c::YesNo::No.label(), no_help),
    ]
}

fn yes_no_id(v: bool) -> c::YesNo {
    if v { c::YesNo::Yes } else { c::YesNo::No }
}

/// The answers so far and how to ask the rest.
pub(super) struct Session<'a> {
    pub(super) iv: &'a Interview<'a>,
    /// What the person answered in this interview.
    pub(super) given: PartialAnswers,
    /// Step 3's first question; "no" is stored as the `manual` CI provider.
    automated: Option<bool>,
}

impl<'a> Session<'a> {
    pub(super) fn new(iv: &'a Interview<'a>) -> Self {
        Session {
            iv,
            given: PartialAnswers::default(),
            automated: None,
        }
    }

    /// The answers file with the interview's answers laid over it.
    pub(super) fn merged(&self) -> PartialAnswers {
        self.iv.existing.clone().merge(&self.given)
    }

    pub(super) fn resolved(&self, platform: Option<&str>) -> Result<Answers, InterviewError> {
        let mut merged = self.merged();
        if let Some(id) = platform {
            merged.platform.id = Some(id.to_string());
        }
        let f = self.iv.facts;
        Ok(answers::resolve(
            &merged,
            f,
            self.iv.catalog,
            self.iv.defaults,
        )?)
    }

    pub(super) fn plan(&self, platform: Option<&str>) -> Result<Plan, InterviewError> {
        let answers = self.resolved(platform)?;
        Ok(plan::build(&answers, self.iv.facts, self.iv.catalog)?)
    }

    pub(super) fn chosen_platform(&self) -> Option<&'a Platform> {
        let id = self.merged().platform.id?;
        self.iv.catalog.platform(&id)
    }

    pub(super) fn automated(&self) -> bool {
        self.automated
            .unwrap_or(self.merged().ci.provider != Some(c::CiProvider::Manual))
    }

    pub(super) fn engine(&self) -> c::DatabaseEngine {
        let m = self.merged();
        m.database
            .engine
            .or_else(|| engine_from_facts(self.iv.facts))
            .unwrap_or(c::DatabaseEngine::None)
    }

    /// Whether a question is asked, given the answers so far.
    pub(super) fn applies(&self, q: Q) -> bool {
        let m = self.merged();
        match q {
            Q::Stack => frameworks::stack_of(self.iv.facts).is_none(),
            Q::CiHost | Q::Branch => self.automated(),
            Q::Cache => {
                let app = m
                    .context
                    .app_type
                    .or_else(|| frameworks::suggest_app_type(self.iv.facts).map(|(t, _)| t));
                !(app == Some(c::AppType::Frontend) && self.engine() == c::DatabaseEngine::None)
            }
            Q::DbHosting | Q::Migrations | Q::MigrationTool => {
                self.engine() != c::DatabaseEngine::None
            }
            Q::HealthPath => m.health.enabled.unwrap_or(true),
            _ => true,
        }
    }

    /// Whether the person answered a question in this interview.
    pub(super) fn answered(&self, q: Q) -> bool {
        let g = &self.given;
        match q {
            Q::AppType => g.context.app_type.is_some(),
            Q::Stack => g.app.stack.is_some(),
            Q::Expertise => g.context.expertise.is_some(),
            Q::Scale => g.context.scale.is_some(),
            Q::Budget => g.context.budget.is_some(),
            Q::Platform => g.platform.id.is_some(),
            Q::Automated => self.automated.is_some(),
            Q::CiHost => g.ci.provider.is_some_and(|p| p != c::CiProvider::Manual),
            Q::Branch => g.ci.branch.is_some(),
            Q::Environments => g.environments.strategy.is_some(),
            Q::Database => g.database.engine.is_some(),
            Q::Cache => g.database.cache.is_some(),
            Q::DbHosting => g.database.hosting.is_some(),
            Q::Migrations => g.database.migrations.is_some(),
            Q::MigrationTool => g.database.tool.is_some(),
            Q::SecretsStore => g.secrets.store.is_some(),
            Q::SecretNames => g.secrets.names.is_some(),
            Q::Health => g.health.enabled.is_some(),
            Q::HealthPath => g.health.path.is_some(),
            Q::Rollback | Q::Summary => false,
        }
    }

    /// Asks a closed question and stores the answer with `set`.
    fn choose<C: Choice>(
        &mut self,
        p: &mut dyn Prompter,
        select: Select,
        (id, why): Pre,
        back: bool,
        set: impl FnOnce(&mut Self, C),
    ) -> Result<Reply<Next>, InterviewError> {
        let select = select.preselect(id, why);
        let select = if back { select } else { select.no_back() };
        Ok(match p.select(&select)? {
            Reply::Answer(i) => {
                let value = C::parse(&select.options[i].id)
                    .expect("the options come from the question's own table");
                set(self, value);
                Reply::Answer(Next::Continue)
            }
            Reply::Back => Reply::Back,
            Reply::Cancel => Reply::Cancel,
        })
    }

    pub(super) fn ask(
        &mut self,
        q: Q,
        p: &mut dyn Prompter,
        back: bool,
    ) -> Result<Reply<Next>, InterviewError> {
        let g = self.given.clone();
        let e = self.iv.existing;
        let facts = self.iv.facts;
        let key = q.key();
        match q {
            Q::AppType => {
                let detected = frameworks::suggest_app_type(facts);
                let s = Select::of::<c::AppType>(key, 1, "What type of application is this?");
                let pre = pre(g.context.app_type, e.context.app_type, detected, None);
                self.choose(p, s, pre, back, |s, v| s.given.context.app_type = Some(v))
            }
            Q::Stack => {
                let s = Select::of::<c::Stack>(key, 1, "What is the app written in?");
                let pre = pre(g.app.stack, e.app.stack, None, None);
                self.choose(p, s, pre, back, |s, v| s.given.app.stack = Some(v))
            }
            Q::Expertise => {
                let s =
                    Select::of::<c::Expertise>(key, 1, "What is your deployment expertise level?");
                let pre = pre(g.context.expertise, e.context.expertise, None, None);
                self.choose(p, s, pre, back, |s, v| s.given.context.expertise = Some(v))
            }
            Q::Scale => {
                let s = Select::of::<c::Scale>(key, 1, "What are your scale/traffic expectations?");
                let pre = pre(g.context.scale, e.context.scale, None, None);
                self.choose(p, s, pre, back, |s, v| s.given.context.scale = Some(v))
            }
            Q::Budget => {
                let s = Select::of::<c::Budget>(key, 1, "What is your budget for infrastructure?");
                let pre = pre(g.context.budget, e.context.budget, None, None);
                self.choose(p, s, pre, back, |s, v| s.given.context.budget = Some(v))
            }
            Q::Platform => self.ask_platform(p, back),
            Q::Automated => {
                let s = Select::new(
                    key,
                    3,
                    "Do you want automated deployments when code is pushed?",
                )
                .options(yes_no(
                    "auto-deploy on push to the deploy branch, after the tests pass (recommended)",
                    "manual deployments only: a person runs the deploy command",
                ));
                let from_file = e.ci.provider.map(|p| yes_no_id(p != c::CiProvider::Manual));
                let recommended = Some((c::YesNo::Yes, "recommended"));
                let pre = pre(self.automated.map(yes_no_id), from_file, None, recommended);
                self.choose(p, s, pre, back, |s, v: c::YesNo| {
                    let yes = v == c::YesNo::Yes;
                    s.automated = Some(yes);
                    if !yes {
                        s.given.ci.provider = Some(c::CiProvider::Manual);
                    } else if s.given.ci.provider == Some(c::CiProvider::Manual) {
                        s.given.ci.provider = None;
                    }
                })
            }
            Q::CiHost => {
                let hosts = c::CiProvider::all()
                    .iter()
                    .filter(|h| **h != c::CiProvider::Manual)
                    .map(|h| SelectOption::of(*h));
                let s = Select::new(key, 3, "Where is your code hosted?").options(hosts);
                let auto = |v: Option<c::CiProvider>| v.filter(|p| *p != c::CiProvider::Manual);
                let pre = pre(
                    auto(g.ci.provider),
                    auto(e.ci.provider),
                    ci_from_facts(facts),
                    None,
                );
                self.choose(p, s, pre, back, |s, v| s.given.ci.provider = Some(v))
            }
            Q::Branch => {
                let (current, why) = match (&g.ci.branch, &e.ci.branch) {
                    (Some(b), _) => (b.clone(), YOURS),
                    (None, Some(b)) => (b.clone(), FROM_TOML),
                    (None, None) => ("main".to_string(), "the usual default branch"),
                };
                let select = Select::new(key, 3, "Which branch deploys to production?");
                let text = Text {
                    key: "branch-name".into(),
                    step: 3,
                    prompt: "Type the branch name (empty to go back)".into(),
                    placeholder: "release".into(),
                    validate: validate::branch,
                };
                let reply = self.current_or_typed(p, select, back, (current, why), text)?;
                Ok(reply.map(|b| {
                    self.given.ci.branch = Some(b);
                    Next::Continue
                }))
            }
            Q::Environments => {
                let s = Select::of::<c::EnvironmentStrategy>(
                    key,
                    4,
                    "How many environments do you need?",
                );
                let rec = (
                    c::EnvironmentStrategy::StagingProduction,
                    "recommended minimum",
                );
                let pre = pre(
                    g.environments.strategy,
                    e.environments.strategy,
                    None,
                    Some(rec),
                );
                self.choose(p, s, pre, back, |s, v| {
                    s.given.environments.strategy = Some(v)
                })
            }
            Q::Database => {
                let s = Select::of::<c::DatabaseEngine>(
                    key,
                    5,
                    "Does the app use a database? Which one?",
                );
                let detected = engine_from_facts(facts).map(|v| (v, evidence_of_db(facts, v)));
                let frontend =
                    g.context.app_type.or(e.context.app_type) == Some(c::AppType::Frontend);
                let fallback = frontend.then_some((
                    c::DatabaseEngine::None,
                    "a frontend-only app keeps no data of its own",
                ));
                let pre = pre(g.database.engine, e.database.engine, detected, fallback);
                self.choose(p, s, pre, back, |s, v| {
                    s.given.database.engine = Some(v);
                    if v == c::DatabaseEngine::None {
                        s.given.database.tool = Some(c::MigrationTool::None);
                    } else if s.given.database.tool == Some(c::MigrationTool::None) {
                        s.given.database.tool = None;
                    }
                })
            }
            Q::Cache => {
                let s = Select::of::<c::Cache>(
                    key,
                    5,
                    "Does the app need Redis (cache, sessions or a job queue)?",
                );
                let detected = facts
                    .databases
                    .iter()
                    .find(|d| d.name == "redis")
                    .map(|d| (c::Cache::Redis, first_path(&d.evidence, "redis")));
                let pre = pre(g.database.cache, e.database.cache, detected, None);
                self.choose(p, s, pre, back, |s, v| s.given.database.cache = Some(v))
            }
            Q::DbHosting => {
                let s = Select::of::<c::DatabaseHosting>(
                    key,
                    5,
                    "Where should the database be hosted?",
                );
                let why = self.hosting_fallback();
                let fallback = why.as_ref().map(|(v, w)| (*v, w.as_str()));
                let pre = pre(g.database.hosting, e.database.hosting, None, fallback);
                self.choose(p, s, pre, back, |s, v| s.given.database.hosting = Some(v))
            }
            Q::Migrations => {
                let s = Select::of::<c::MigrationMode>(
                    key,
                    5,
                    "How will database migrations be handled?",
                );
                let rec = Some((c::MigrationMode::Auto, "recommended for most apps"));
                let pre = pre(g.database.migrations, e.database.migrations, None, rec);
                self.choose(p, s, pre, back, |s, v| {
                    s.given.database.migrations = Some(v)
                })
            }
            Q::MigrationTool => {
                let s = Select::of::<c::MigrationTool>(
                    key,
                    5,
                    "Which tool manages the database schema?",
                );
                let detected = facts.migration_tool.as_ref().and_then(|m| {
                    let tool = m.name.parse().ok()?;
                    Some((tool, first_path(&m.evidence, &m.name)))
                });
                let usual = self.resolved(None)?.database.tool;
                let usual = (usual != c::MigrationTool::None)
                    .then_some((usual, "the usual tool for this stack"));
                let pre = pre(g.database.tool, e.database.tool, detected, usual);
                self.choose(p, s, pre, back, |s, v| s.given.database.tool = Some(v))
            }
            Q::SecretsStore => {
                let s = Select::of::<c::SecretsStore>(
                    key,
                    6,
                    "Where should secrets/credentials be stored?",
                );
                let rec = Some((c::SecretsStore::PlatformEnv, "recommended for most apps"));
                let pre = pre(g.secrets.store, e.secrets.store, None, rec);
                self.choose(p, s, pre, back, |s, v| s.given.secrets.store = Some(v))
            }
            Q::SecretNames => self.ask_secret_names(p, back),
            Q::Health => {
                let s = Select::new(
                    key,
                    8,
                    "Should we include monitoring/health check setup in the deployment TDD?",
                )
                .options(yes_no(
                    "a health-check endpoint and the platform's probe (every deployment needs one)",
                    "handle it in a separate monitoring TDD",
                ));
                let rec = Some((c::YesNo::Yes, "recommended"));
                let given = g.health.enabled.map(yes_no_id);
                let pre = pre(given, e.health.enabled.map(yes_no_id), None, rec);
                self.choose(p, s, pre, back, |s, v: c::YesNo| {
                    s.given.health.enabled = Some(v == c::YesNo::Yes)
                })
            }
            Q::HealthPath => {
                let (current, why) = match (&g.health.path, &e.health.path) {
                    (Some(v), _) => (v.clone(), YOURS),
                    (None, Some(v)) => (v.clone(), FROM_TOML),
                    (None, None) => match self.iv.facts.health_route() {
                        Some(r) => (r.path.clone(), "the route the repository serves"),
                        None => ("/health".to_string(), "the workflow's default"),
                    },
                };
                let select = Select::new(key, 8, "Which path answers the health check?");
                let text = Text {
                    key: "health-path-text".into(),
                    step: 8,
                    prompt: "Type the health-check path (empty to go back)".into(),
                    placeholder: "/api/health".into(),
                    validate: validate::health_path,
                };
                let reply = self.current_or_typed(p, select, back, (current, why), text)?;
                Ok(reply.map(|v| {
                    self.given.health.path = Some(v);
                    Next::Continue
                }))
            }
            Q::Summary => self.ask_summary(p, back),
            Q::Rollback => Ok(Reply::Answer(Next::Continue)),
        }
    }

    /// Same platform when it hosts the engine; a managed service when it does not.
    fn hosting_fallback(&self) -> Option<(c::DatabaseHosting, String)> {
        use c::DatabaseEngine as E;
        use c::DatabaseHosting as H;
        let engine = self.engine();
        let platform = self.chosen_platform();
        let same = (H::SamePlatform, "recommended for most apps".to_string());
        let managed_cap = match (engine, platform) {
            (E::Postgres, Some(p)) => Some((&p.capabilities.managed_postgres, p)),
            (E::Mysql | E::Mariadb, Some(p)) => Some((&p.capabilities.managed_mysql, p)),
            (E::Mongodb, _) => {
                return Some((H::Managed, "MongoDB is usually hosted on Atlas".into()));
            }
            _ => None,
        };
        match managed_cap {
            Some((cap, p)) if cap.value == Support::No => Some((
                H::Managed,
                format!("{} has no managed {}", p.name, engine.label()),
            )),
            _ => Some(same),
        }
    }
}

fn first_path(evidence: &[crate::facts::Evidence], fallback: &str) -> String {
    evidence
        .first()
        .map_or_else(|| fallback.to_string(), |e| e.path.clone())
}

fn evidence_of_db(facts: &crate::facts::Facts, engine: c::DatabaseEngine) -> String {
    facts
        .databases
        .iter()
        .find(|d| engine_from_facts_one(&d.name) == Some(engine))
        .map_or_else(
            || engine.label().to_string(),
            |d| format!("{} ({})", engine.label(), first_path(&d.evidence, &d.name)),
        )
}

fn engine_from_facts_one(name: &str) -> Option<c::DatabaseEngine> {
    let mut facts = crate::facts::Facts::default();
    facts.databases.push(crate::facts::Detected {
        name: name.to_string(),
        evidence: Vec::new(),
    });
    engine_from_facts(&facts)
}

/// The CI host the repository already uses, with its evidence.
fn ci_from_facts(facts: &crate::facts::Facts) -> Option<(c::CiProvider, String)> {
    facts.ci.iter().find_map(|d| {
        let host = match d.name.as_str() {
            "github-actions" => c::CiProvider::Github,
            "gitlab-ci" => c::CiProvider::Gitlab,
            "bitbucket-pipelines" => c::CiProvider::Bitbucket,
            _ => return None,
        };
        Some((host, first_path(&d.evidence, &d.name)))
    })
}
