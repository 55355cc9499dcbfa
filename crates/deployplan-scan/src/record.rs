//! Small helpers to record facts with their evidence, so every detector does it the same way.

use deployplan_core::facts::{Detected, EnvVarFact, Evidence, Facts, Valued};

/// At most this many evidence entries per fact: enough to cite, short enough to read.
pub const MAX_EVIDENCE: usize = 5;

pub fn ev(path: &str, line: Option<u32>, rule: impl Into<String>) -> Evidence {
    Evidence {
        path: path.to_string(),
        line,
        rule: rule.into(),
    }
}

/// Adds `name` to a list of detected things, or more evidence to it when already there.
pub fn add(list: &mut Vec<Detected>, name: &str, evidence: Evidence) {
    match list.iter_mut().find(|d| d.name == name) {
        Some(d) => {
            if d.evidence.len() < MAX_EVIDENCE && !d.evidence.contains(&evidence) {
                d.evidence.push(evidence);
            }
        }
        None => list.push(Detected {
            name: name.to_string(),
            evidence: vec![evidence],
        }),
    }
}

pub fn has(list: &[Detected], name: &str) -> bool {
    list.iter().any(|d| d.name == name)
}

/// Sets a single-valued fact unless something said it already.
pub fn set_once<T>(slot: &mut Option<Valued<T>>, value: T, evidence: Evidence) {
    if slot.is_none() {
        *slot = Some(Valued {
            value,
            evidence: vec![evidence],
        });
    }
}

/// Where a source of env var names ranks: `code` wins over `example` over `framework` over
/// `database`.
fn source_rank(source: &str) -> u8 {
    match source {
        "code" => 0,
        "example" => 1,
        "framework" => 2,
        _ => 3,
    }
}

/// Records an env var name (never a value). One entry per name: the strongest source, with
/// the evidence of every source.
pub fn add_env(facts: &mut Facts, name: &str, source: &str, evidence: Evidence) {
    match facts.env_vars.iter_mut().find(|e| e.name == name) {
        Some(e) => add_env_evidence(e, source, evidence),
        None => facts.env_vars.push(EnvVarFact {
            name: name.to_string(),
            source: source.to_string(),
            evidence: vec![evidence],
        }),
    }
}

/// What [`add_env`] does to the entry of a name already recorded: the stronger source wins,
/// the evidence is added (up to [`MAX_EVIDENCE`]).
pub fn add_env_evidence(e: &mut EnvVarFact, source: &str, evidence: Evidence) {
    if source_rank(source) < source_rank(&e.source) {
        e.source = source.to_string();
    }
    if e.evidence.len() < MAX_EVIDENCE && !e.evidence.contains(&evidence) {
        e.evidence.push(evidence);
    }
}

/// 1-based line of the first occurrence of `needle` in `text`.
pub fn line_of(text: &str, needle: &str) -> Option<u32> {
    let at = text.find(needle)?;
    Some(line_at(text, at))
}

/// 1-based line of byte offset `at`.
pub fn line_at(text: &str, at: usize) -> u32 {
    memchr::memchr_iter(b'\n', &text.as_bytes()[..at]).count() as u32 + 1
}

/// Lines of a text with their 1-based numbers.
pub fn numbered(text: &str) -> impl Iterator<Item = (u32, &str)> {
    text.lines().enumerate().map(|(i, l)| (i as u32 + 1, l))
}

/// Whether `ecosystem` may write `facts.commands`: when nobody did yet, when it did, or when
/// the ecosystem that did found no framework and this one did (a Next.js app with a helper
/// requirements.txt is still a Node app). The commands of a weaker owner are dropped.
pub fn claim_commands(facts: &mut Facts, ecosystem: &str) -> bool {
    let c = &facts.commands;
    let owner = [&c.install, &c.test, &c.build, &c.start]
        .into_iter()
        .flatten()
        .find_map(|v| v.evidence.first())
        .map(|e| e.rule.split('/').next().unwrap_or("").to_string());
    let Some(owner) = owner else { return true };
    if owner == ecosystem {
        return true;
    }
    let has_framework = |eco: &str| {
        facts.frameworks.iter().any(|f| {
            f.evidence
                .iter()
                .any(|e| e.rule.starts_with(&format!("{eco}/")))
        })
    };
    if !has_framework(&owner) && has_framework(ecosystem) {
        facts.commands = Default::default();
        return true;
    }
    false
}
