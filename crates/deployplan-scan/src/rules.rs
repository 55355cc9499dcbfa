//! Declarative rule tables: "this fact holds when this dependency / file / folder / code
//! pattern is present", evaluated in table order. The matching rule becomes the evidence's
//! `rule` (`node/dependency:next`, `python/file:manage.py`, `go/code:port:listen`).

use deployplan_core::facts::{Detected, Evidence};

use crate::deps::Deps;
use crate::index::RepoIndex;
use crate::record::{MAX_EVIDENCE, add, ev, has};

#[derive(Debug, Clone, Copy)]
pub enum When {
    /// A dependency with exactly this name (case-insensitive).
    Dep(&'static str),
    /// A dependency whose name starts with this.
    DepPrefix(&'static str),
    /// Both dependencies (React *and* Vite make a React SPA).
    Both(&'static str, &'static str),
    /// A file at this path (relative to the app's root).
    File(&'static str),
    /// A folder at this path holding at least one file.
    Dir(&'static str),
    /// A hit of this `patterns` rule anywhere in the app.
    Code(&'static str),
}

#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// The fact's id (`nextjs`, `postgres`, `celery`).
    pub fact: &'static str,
    pub when: When,
    /// Skip the rule when one of these facts was already found (Nuxt before Vue).
    pub unless: &'static [&'static str],
}

pub const fn rule(fact: &'static str, when: When) -> Rule {
    Rule {
        fact,
        when,
        unless: &[],
    }
}

pub const fn rule_unless(fact: &'static str, when: When, unless: &'static [&'static str]) -> Rule {
    Rule { fact, when, unless }
}

impl When {
    pub fn evidence(&self, detector: &str, deps: &Deps, index: &RepoIndex) -> Vec<Evidence> {
        match *self {
            When::Dep(name) => deps
                .get(name)
                .map(|d| d.evidence(detector))
                .into_iter()
                .collect(),
            When::DepPrefix(prefix) => deps
                .with_prefix(prefix)
                .map(|d| d.evidence(detector))
                .into_iter()
                .collect(),
            When::Both(a, b) => match (deps.get(a), deps.get(b)) {
                (Some(a), Some(b)) => vec![a.evidence(detector), b.evidence(detector)],
                _ => Vec::new(),
            },
            When::File(path) => index
                .has(path)
                .then(|| ev(path, None, format!("{detector}/file:{path}")))
                .into_iter()
                .collect(),
            When::Dir(dir) => index
                .files_under(dir)
                .first()
                .map(|f| ev(&f.path, None, format!("{detector}/dir:{dir}")))
                .into_iter()
                .collect(),
            When::Code(rule) => index
                .hits(rule)
                .take(MAX_EVIDENCE)
                .map(|h| ev(&h.path, Some(h.line), format!("{detector}/code:{rule}")))
                .collect(),
        }
    }
}

/// Evaluates `rules` in order, adding each fact that holds to `list` with its evidence.
pub fn apply(
    detector: &str,
    rules: &[Rule],
    deps: &Deps,
    index: &RepoIndex,
    list: &mut Vec<Detected>,
) {
    for r in rules {
        if r.unless.iter().any(|u| has(list, u)) {
            continue;
        }
        for e in r.when.evidence(detector, deps, index) {
            add(list, r.fact, e);
        }
    }
}

/// The facts a rule table can report, in table order (repeats included).
pub fn facts_of(rules: &[Rule]) -> impl Iterator<Item = &'static str> + '_ {
    rules.iter().map(|r| r.fact)
}
