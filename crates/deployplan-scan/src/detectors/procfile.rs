//! Procfile: its process types, the web command (what the platform starts), and the worker
//! and clock processes it runs.

use deployplan_core::Facts;
use deployplan_core::facts::{ProcfileEntry, Valued};

use super::Detector;
use crate::index::RepoIndex;
use crate::record::{add, add_env, ev, numbered};

pub struct Procfile;

const ID: &str = "procfile";

/// Worker libraries a process command names.
const WORKERS: &[(&str, &str)] = &[
    ("celery", "celery"),
    ("sidekiq", "sidekiq"),
    ("rq worker", "rq"),
    ("rqworker", "rq"),
    ("resque", "resque"),
    ("good_job", "good_job"),
    ("solid_queue", "solid_queue"),
    ("bin/jobs", "solid_queue"),
    ("jobs:work", "delayed_job"),
    ("horizon", "laravel-horizon"),
    ("queue:work", "laravel-queue"),
    ("dramatiq", "dramatiq"),
    ("messenger:consume", "symfony-messenger"),
];

/// The command without its credentials: a leading `KEY=secret` assignment is dropped (the
/// platform's environment provides KEY; the key is returned), any well-known token shape left
/// is replaced by core's `tokens::REDACTED`.
fn without_credentials(command: &str) -> (String, Vec<&str>) {
    let mut moved = Vec::new();
    let mut kept = String::new();
    let mut rest = command;
    for (key, value) in super::secrets::inline_assignments(command) {
        let word_start = rest.len() - rest.trim_start().len();
        let word_len = key.len() + 1 + value.len();
        let word = &rest[word_start..word_start + word_len];
        if !super::secrets::is_public(key) && super::secrets::is_secret_value(key, value) {
            moved.push(key);
        } else {
            kept.push_str(word);
            kept.push(' ');
        }
        rest = &rest[word_start + word_len..];
    }
    kept.push_str(rest.trim_start());
    let mut out = String::with_capacity(kept.len());
    let mut last = 0;
    for t in deployplan_core::tokens::find_all(&kept) {
        let end = kept[t.offset..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || "_-+/=".contains(c)))
            .map_or(kept.len(), |i| t.offset + i);
        out.push_str(&kept[last..t.offset]);
        out.push_str(deployplan_core::tokens::REDACTED);
        last = end;
    }
    out.push_str(&kept[last..]);
    (out, moved)
}

impl Detector for Procfile {
    fn id(&self) -> &'static str {
        ID
    }

    fn detect(&self, index: &RepoIndex, facts: &mut Facts) {
        let Some(text) = index.text("Procfile") else {
            return;
        };
        for (n, line) in numbered(text) {
            let Some((name, command)) = line.split_once(':') else {
                continue;
            };
            let (name, command) = (name.trim(), command.trim());
            if name.is_empty()
                || name.starts_with('#')
                || !name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
            {
                continue;
            }
            let e = ev("Procfile", Some(n), format!("{ID}/process:{name}"));
            // A credential set inline never reaches the facts, nor any file made from them.
            let (command, moved) = without_credentials(command);
            for key in moved {
                add_env(facts, key, "example", e.clone());
            }
            let command = command.as_str();
            facts.procfile.push(ProcfileEntry {
                name: name.to_string(),
                command: command.to_string(),
                evidence: e.clone(),
            });
            match name {
                "web" => {
                    facts.commands.start = Some(Valued {
                        value: command.to_string(),
                        evidence: vec![e],
                    });
                }
                "release" => {}
                _ => {
                    let beat = command.contains("celery") && command.contains("beat");
                    let clock = beat || matches!(name, "clock" | "scheduler" | "cron" | "beat");
                    if clock {
                        add(
                            &mut facts.schedules,
                            if beat { "celery-beat" } else { "procfile" },
                            e,
                        );
                        continue;
                    }
                    let lib = WORKERS
                        .iter()
                        .find(|(needle, _)| command.contains(needle))
                        .map(|(_, id)| *id);
                    add(&mut facts.workers, lib.unwrap_or("procfile"), e);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_worker_and_beat() {
        let index = RepoIndex::from_texts(&[(
            "Procfile",
            "release: python manage.py migrate\nweb: gunicorn proj.wsgi --bind 0.0.0.0:$PORT\nworker: celery -A proj worker -l info\nbeat: celery -A proj beat\n",
        )]);
        let mut f = Facts::default();
        Procfile.detect(&index, &mut f);
        assert_eq!(f.procfile.len(), 4);
        assert_eq!(
            f.commands.start.unwrap().value,
            "gunicorn proj.wsgi --bind 0.0.0.0:$PORT"
        );
        assert_eq!(f.workers[0].name, "celery");
        assert_eq!(f.workers[0].evidence[0].line, Some(3));
        assert_eq!(f.schedules[0].name, "celery-beat");
    }
}
