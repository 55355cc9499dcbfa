//! Scheduled jobs the repository declares, as jobs a platform can run on a schedule: Laravel's
//! scheduler (one `php artisan schedule:run` every minute, as Laravel's docs prescribe, which
//! then runs every task the app schedules) and the `every` blocks of whenever's
//! `config/schedule.rb`, one job per block whose command and interval are clear. A block that
//! is not clear (several commands, an `at:` time, an interval cron cannot express) is recorded
//! without a command or schedule, so the plan warns instead of guessing.

use deployplan_core::Facts;
use deployplan_core::facts::ScheduledJob;

use super::Detector;
use crate::index::RepoIndex;
use crate::record::{ev, numbered};

pub struct Schedules;

const ID: &str = "schedules";

/// Where a Laravel app schedules its tasks: `Schedule::` in routes/console.php (Laravel 11+)
/// or `$schedule->` in app/Console/Kernel.php, as the PHP patterns find them.
const LARAVEL_FILES: &[&str] = &["routes/console.php", "app/Console/Kernel.php"];
const LARAVEL_HIT: &str = "sched:laravel-scheduler";

const WHENEVER: &str = "config/schedule.rb";

impl Detector for Schedules {
    fn id(&self) -> &'static str {
        ID
    }

    fn detect(&self, index: &RepoIndex, facts: &mut Facts) {
        let laravel = index
            .hits(LARAVEL_HIT)
            .find(|h| LARAVEL_FILES.contains(&h.path.as_str()));
        if let Some(hit) = laravel
            && index.has("artisan")
        {
            facts.scheduled_jobs.push(ScheduledJob {
                name: "scheduler".into(),
                command: Some("php artisan schedule:run".into()),
                schedule: Some("* * * * *".into()),
                evidence: ev(&hit.path, Some(hit.line), format!("{ID}/laravel-scheduler")),
            });
        }
        if let Some(text) = index.text(WHENEVER) {
            facts.scheduled_jobs.extend(whenever(text));
        }
    }
}

/// One job per `every ... do ... end` block of a whenever schedule.
fn whenever(text: &str) -> Vec<ScheduledJob> {
    let mut out = Vec::new();
    let mut open: Option<(u32, Option<String>, Vec<Option<String>>)> = None;
    for (n, line) in numbered(text) {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("every ") {
            let Some(spec) = rest.strip_suffix(" do") else {
                continue;
            };
            open = Some((n, cron(spec.trim()), Vec::new()));
        } else if line == "end" {
            if let Some((start, schedule, commands)) = open.take() {
                let command = match commands.as_slice() {
                    [Some(one)] => Some(one.clone()),
                    _ => None,
                };
                out.push(ScheduledJob {
                    name: format!("cron-{}", out.len() + 1),
                    command,
                    schedule,
                    evidence: ev(WHENEVER, Some(start), format!("{ID}/whenever-every")),
                });
            }
        } else if let Some((_, _, commands)) = open.as_mut()
            && !line.is_empty()
            && !line.starts_with('#')
        {
            // A line whose job type is not clear still counts: the block is then unclear.
            commands.push(job_command(line));
        }
    }
    out
}

/// The shell command of a whenever job type: `rake "task"`, `runner "Code"`, `command "sh"`.
fn job_command(line: &str) -> Option<String> {
    let (kind, arg) = line.split_once(' ')?;
    let arg = arg.trim();
    let quoted = arg
        .strip_prefix('"')
        .and_then(|a| a.strip_suffix('"'))
        .or_else(|| arg.strip_prefix('\'').and_then(|a| a.strip_suffix('\'')))?;
    if quoted.contains(['"', '\'', '`', '$', '\\']) {
        return None;
    }
    match kind {
        "rake" => Some(format!("bundle exec rake {quoted}")),
        "runner" => Some(format!("bin/rails runner \"{quoted}\"")),
        "command" => Some(quoted.to_string()),
        _ => None,
    }
}

/// A cron expression for a whenever interval, when it is one without an `at:` time.
fn cron(spec: &str) -> Option<String> {
    if spec.contains("at:") || spec.contains(":at") {
        return None;
    }
    let raw = spec
        .strip_prefix('\'')
        .and_then(|s| s.strip_suffix('\''))
        .or_else(|| spec.strip_prefix('"').and_then(|s| s.strip_suffix('"')));
    if let Some(raw) = raw {
        let fields: Vec<&str> = raw.split_whitespace().collect();
        let cron_field = |f: &&str| f.chars().all(|c| c.is_ascii_digit() || "*/,-".contains(c));
        return (fields.len() == 5 && fields.iter().all(cron_field)).then(|| fields.join(" "));
    }
    match spec {
        ":minute" => return Some("* * * * *".into()),
        ":hour" => return Some("0 * * * *".into()),
        ":day" => return Some("0 0 * * *".into()),
        ":month" => return Some("0 0 1 * *".into()),
        _ => {}
    }
    let (count, unit) = spec.split_once('.')?;
    let count: u32 = count.parse().ok()?;
    match unit {
        "minute" | "minutes" if (1..60).contains(&count) && 60 % count == 0 => {
            Some(if count == 1 {
                "* * * * *".into()
            } else {
                format!("*/{count} * * * *")
            })
        }
        "hour" | "hours" if (1..24).contains(&count) && 24 % count == 0 => Some(if count == 1 {
            "0 * * * *".into()
        } else {
            format!("0 */{count} * * *")
        }),
        "day" | "days" if count == 1 => Some("0 0 * * *".into()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_clear_every_block_is_a_job_and_an_unclear_one_has_no_command() {
        let jobs = whenever(
            "every 3.hours do\n  rake \"reports:send\"\nend\n\n\
             every 1.day, at: '4:30 am' do\n  runner \"Cleanup.run\"\nend\n\n\
             every '*/15 * * * *' do\n  command \"bin/ping\"\nend\n\n\
             every :hour do\n  rake \"a\"\n  rake \"b\"\nend\n\n\
             every 7.minutes do\n  rake \"c\"\nend\n",
        );
        let got: Vec<(Option<&str>, Option<&str>, Option<u32>)> = jobs
            .iter()
            .map(|j| (j.command.as_deref(), j.schedule.as_deref(), j.evidence.line))
            .collect();
        assert_eq!(
            got,
            [
                (
                    Some("bundle exec rake reports:send"),
                    Some("0 */3 * * *"),
                    Some(1)
                ),
                (Some("bin/rails runner \"Cleanup.run\""), None, Some(5)),
                (Some("bin/ping"), Some("*/15 * * * *"), Some(9)),
                (None, Some("0 * * * *"), Some(13)),
                (Some("bundle exec rake c"), None, Some(18)),
            ]
        );
    }

    #[test]
    fn a_job_type_whenever_defines_elsewhere_is_not_clear() {
        let jobs = whenever("every 1.day do\n  custom_job \"x\"\nend\n");
        assert_eq!(jobs.len(), 1);
        assert_eq!(jobs[0].command, None);
    }
}
