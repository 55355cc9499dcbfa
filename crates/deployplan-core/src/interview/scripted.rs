//! A `Prompter` that answers from a script: tests drive the whole interview with it, no
//! terminal needed. Each step names the question it expects, so a test reads like the
//! conversation and fails at the first question that differs.

use std::collections::VecDeque;
use std::io;

use super::prompt::{MultiSelect, Prompter, Reply, Select, Text};

/// One scripted reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Act {
    /// Choose the option with this id.
    Pick(String),
    /// Accept the pre-selected option (the first when none is pre-selected).
    Enter,
    /// Type this text (refused values are recorded and the next step answers the re-ask).
    Type(String),
    /// Keep exactly these ids checked.
    Keep(Vec<String>),
    Back,
    Cancel,
}

pub fn pick(id: &str) -> Act {
    Act::Pick(id.to_string())
}

pub fn type_text(text: &str) -> Act {
    Act::Type(text.to_string())
}

pub fn keep(ids: &[&str]) -> Act {
    Act::Keep(ids.iter().map(|s| s.to_string()).collect())
}

/// What was asked, for assertions on defaults and order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asked {
    pub key: String,
    pub step: u8,
    pub prompt: String,
    pub options: Vec<String>,
    /// The pre-selected option's id and why it was pre-selected.
    pub preselected: Option<(String, Option<String>)>,
}

#[derive(Debug, Default)]
pub struct ScriptedPrompter {
    script: VecDeque<(String, Act)>,
    /// Every question asked, in order.
    pub asked: Vec<Asked>,
    /// Every block shown: (title, body).
    pub shown: Vec<(String, String)>,
    /// Reasons given for refused text answers.
    pub refused: Vec<String>,
}

impl ScriptedPrompter {
    /// `script` is a list of (question key, reply).
    pub fn new<K: Into<String>>(script: impl IntoIterator<Item = (K, Act)>) -> Self {
        ScriptedPrompter {
            script: script.into_iter().map(|(k, a)| (k.into(), a)).collect(),
            ..Default::default()
        }
    }

    /// Steps of the script not used yet.
    pub fn remaining(&self) -> usize {
        self.script.len()
    }

    pub fn keys(&self) -> Vec<&str> {
        self.asked.iter().map(|a| a.key.as_str()).collect()
    }

    /// The last time the question `key` was asked.
    pub fn last(&self, key: &str) -> Option<&Asked> {
        self.asked.iter().rev().find(|a| a.key == key)
    }

    fn next(&mut self, key: &str) -> Act {
        let Some((expected, act)) = self.script.pop_front() else {
            panic!(
                "the script ended, but the interview asked `{key}` (asked so far: {:?})",
                self.keys()
            );
        };
        assert_eq!(
            expected,
            key,
            "the script expected question `{expected}` but the interview asked `{key}` (asked so far: {:?})",
            self.keys()
        );
        act
    }
}

impl Prompter for ScriptedPrompter {
    fn select(&mut self, q: &Select) -> io::Result<Reply<usize>> {
        self.asked.push(Asked {
            key: q.key.clone(),
            step: q.step,
            prompt: q.prompt.clone(),
            options: q.options.iter().map(|o| o.id.clone()).collect(),
            preselected: q
                .preselect
                .as_ref()
                .map(|p| (q.options[p.index].id.clone(), p.why.clone())),
        });
        Ok(match self.next(&q.key) {
            Act::Pick(id) => Reply::Answer(q.index_of(&id).unwrap_or_else(|| {
                panic!("`{}` has no option `{id}`; options: {:?}", q.key, q.options)
            })),
            Act::Enter => Reply::Answer(q.preselect.as_ref().map_or(0, |p| p.index)),
            Act::Back if q.back => Reply::Back,
            Act::Back => panic!("`{}` offers no way back", q.key),
            Act::Cancel => Reply::Cancel,
            other => panic!("`{}` is a select; the script says {other:?}", q.key),
        })
    }

    fn multiselect(&mut self, q: &MultiSelect) -> io::Result<Reply<Vec<usize>>> {
        self.asked.push(Asked {
            key: q.key.clone(),
            step: q.step,
            prompt: q.prompt.clone(),
            options: q.options.iter().map(|o| o.id.clone()).collect(),
            preselected: None,
        });
        Ok(match self.next(&q.key) {
            Act::Keep(ids) => Reply::Answer(
                ids.iter()
                    .map(|id| {
                        q.options
                            .iter()
                            .position(|o| &o.id == id)
                            .unwrap_or_else(|| panic!("`{}` has no option `{id}`", q.key))
                    })
                    .collect(),
            ),
            Act::Enter => Reply::Answer(q.checked.clone()),
            Act::Back => Reply::Back,
            Act::Cancel => Reply::Cancel,
            other => panic!("`{}` is a multi-select; the script says {other:?}", q.key),
        })
    }

    fn text(&mut self, q: &Text) -> io::Result<Reply<String>> {
        self.asked.push(Asked {
            key: q.key.clone(),
            step: q.step,
            prompt: q.prompt.clone(),
            options: Vec::new(),
            preselected: None,
        });
        loop {
            match self.next(&q.key) {
                Act::Type(text) if text.is_empty() => return Ok(Reply::Back),
                // Like the terminal: a refused value is said why and asked again.
                Act::Type(text) => match (q.validate)(&text) {
                    Ok(()) => return Ok(Reply::Answer(text)),
                    Err(reason) => self.refused.push(reason),
                },
                Act::Back => return Ok(Reply::Back),
                Act::Cancel => return Ok(Reply::Cancel),
                other => panic!("`{}` is a text question; the script says {other:?}", q.key),
            }
        }
    }

    fn show(&mut self, title: &str, body: &str) -> io::Result<()> {
        self.shown.push((title.to_string(), body.to_string()));
        Ok(())
    }
}
