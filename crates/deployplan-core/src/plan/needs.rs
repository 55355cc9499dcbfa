//! What the app needs from a platform, from the answers and the repository, each with the
//! words that justify it (quoted in the reasons).

use crate::answers::{Answers, AppType, Choice, DatabaseEngine};
use crate::catalog::Condition;
use crate::facts::Facts;
use crate::frameworks::{self, Framework};
use crate::provenance::AnswerKey;

#[derive(Debug, Clone, Default)]
pub struct Needs {
    pub workers: Option<String>,
    pub websockets: Option<String>,
    pub long_running: Option<String>,
    pub persistent_disk: Option<String>,
    pub cron: Option<String>,
    pub dockerfile: Option<String>,
    pub frameworks: Vec<&'static Framework>,
}

/// How every reason cites an answer: `you said “Beginner”` when the person said it, else
/// whether the repository suggested it or it is a default.
pub fn said<C: Choice>(answers: &Answers, key: AnswerKey, choice: C) -> String {
    crate::provenance::cite(&answers.assumed, key, choice.label())
}

impl Needs {
    pub fn of(answers: &Answers, facts: &Facts) -> Needs {
        let app_type = answers.context.app_type;
        let workers = if let Some((name, ev)) = facts.worker_evidence() {
            Some(format!("the repo runs {name} workers ({ev})"))
        } else if let Some(entry) = facts
            .procfile
            .iter()
            .find(|e| e.name != "web" && e.name != "release")
        {
            Some(format!(
                "the repo's Procfile declares a `{}` process ({})",
                entry.name, entry.evidence
            ))
        } else if app_type == AppType::Workers {
            Some(format!(
                "{} for the app type",
                said(answers, AnswerKey::AppType, app_type)
            ))
        } else if answers.app.workers == Some(true) {
            Some("you said the app runs background workers".to_string())
        } else {
            None
        };
        let workers = if answers.app.workers == Some(false) && app_type != AppType::Workers {
            None
        } else {
            workers
        };
        let websockets = match (answers.app.websockets, facts.websocket_evidence()) {
            (Some(false), _) => None,
            (_, Some((name, ev))) => {
                Some(format!("the repo holds websockets open with {name} ({ev})"))
            }
            (Some(true), None) => Some("you said the app holds websockets open".to_string()),
            _ => None,
        };
        let fws = frameworks::known(facts);
        let server_fw = fws.iter().find(|f| {
            f.role != frameworks::Role::Frontend
                && !frameworks::provider(f.id).is_some_and(|p| p.renders_on_demand(f.id))
        });
        let long_running = match app_type {
            AppType::WebApi | AppType::Monolith | AppType::Microservices | AppType::Workers => {
                Some(format!(
                    "{} for the app type",
                    said(answers, AnswerKey::AppType, app_type)
                ))
            }
            _ => server_fw.map(|f| {
                let ev = facts
                    .frameworks
                    .iter()
                    .find(|d| d.name == f.id)
                    .and_then(|d| d.evidence.first())
                    .map(|e| e.to_string())
                    .unwrap_or_default();
                format!("the repo is a {} server ({ev})", f.name)
            }),
        };
        let persistent_disk = (answers.database.engine == DatabaseEngine::Sqlite).then(|| {
            format!(
                "{} for the database: SQLite keeps data on local disk",
                said(answers, AnswerKey::DatabaseEngine, DatabaseEngine::Sqlite)
            )
        });
        let cron = facts.schedules.iter().find_map(|d| {
            d.evidence
                .first()
                .map(|e| format!("the repo schedules jobs with {} ({e})", d.name))
        });
        let dockerfile = facts
            .dockerfile
            .as_ref()
            .map(|d| format!("the repo has a Dockerfile ({})", d.value));
        Needs {
            workers,
            websockets,
            long_running,
            persistent_disk,
            cron,
            dockerfile,
            frameworks: fws,
        }
    }

    /// Whether a catalog condition holds for this app.
    pub fn holds(&self, condition: Condition, answers: &Answers) -> bool {
        use crate::answers::{Budget, Expertise, Scale};
        let c = &answers.context;
        match condition {
            Condition::NeedsWorkers => self.workers.is_some(),
            Condition::NeedsCron => self.cron.is_some(),
            Condition::NeedsWebsockets => self.websockets.is_some(),
            Condition::NeedsLongRunning => self.long_running.is_some(),
            Condition::NeedsPersistentDisk => self.persistent_disk.is_some(),
            Condition::BudgetFree => c.budget == Budget::Free,
            Condition::BudgetSmall => c.budget == Budget::Small,
            Condition::ScaleLow => c.scale == Scale::Low,
            Condition::ScaleHigh => c.scale >= Scale::High,
            Condition::ScaleVeryHigh => c.scale == Scale::VeryHigh,
            Condition::ExpertiseBeginner => c.expertise == Expertise::Beginner,
            Condition::FrontendOnly => c.app_type == AppType::Frontend,
            Condition::Microservices => c.app_type == AppType::Microservices,
        }
    }
}
