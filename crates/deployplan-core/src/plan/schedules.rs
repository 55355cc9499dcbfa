//! Scheduled jobs from the repository's evidence (`facts.scheduled_jobs`) as cron processes
//! of the plan; a declared job whose command or schedule is not clear is a warning, never a
//! guessed cron entry.

use super::model::{Process, ProcessKind, Warning};
use crate::catalog::{Platform, PlatformId};
use crate::facts::Facts;

/// Whether the platform's generated files declare the cron jobs themselves (a Render cron
/// service, a Railway service with `cronSchedule`, a Kubernetes CronJob).
fn files_declare_crons(p: &Platform) -> bool {
    matches!(
        p.id,
        PlatformId::Render | PlatformId::Railway | PlatformId::Kubernetes
    )
}

/// The cron processes, and a warning per job deployplan cannot schedule as declared, or that
/// the platform's files cannot declare (the person creates it, as the catalog says how).
pub fn crons(facts: &Facts, platform: &Platform) -> (Vec<Process>, Vec<Warning>) {
    let mut processes = Vec::new();
    let mut warnings = Vec::new();
    for job in &facts.scheduled_jobs {
        match (&job.command, &job.schedule) {
            (Some(command), Some(schedule)) => processes.push(Process {
                kind: ProcessKind::Cron,
                name: job.name.clone(),
                command: Some(command.clone()),
                schedule: Some(schedule.clone()),
            }),
            (command, schedule) => warnings.push(Warning {
                code: "unclear-schedule".into(),
                message: format!(
                    "{}: a scheduled job whose {} is not clear; no cron job is generated for it: create it on the platform by hand",
                    job.evidence,
                    match (command, schedule) {
                        (None, None) => "command and schedule are",
                        (None, Some(_)) => "command is",
                        _ => "schedule (an `at:` time or an interval cron cannot express) is",
                    }
                ),
            }),
        }
    }
    if !processes.is_empty() && !files_declare_crons(platform) {
        let jobs: Vec<String> = processes
            .iter()
            .map(|p| {
                format!(
                    "`{}` on `{}`",
                    p.command.as_deref().unwrap_or_default(),
                    p.schedule.as_deref().unwrap_or_default()
                )
            })
            .collect();
        warnings.push(Warning {
            code: "schedule-by-hand".into(),
            message: format!(
                "the repository schedules {} ({}); {}'s files cannot declare scheduled jobs: {} ({})",
                jobs.join(", "),
                facts
                    .scheduled_jobs
                    .iter()
                    .map(|j| j.evidence.to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
                platform.name,
                platform.capabilities.cron.note,
                platform.capabilities.cron.source
            ),
        });
    }
    (processes, warnings)
}
