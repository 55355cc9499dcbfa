//! What the interview asks of a terminal (or of a script): one question at a time, as data.
//! The binary's terminal `Prompter` draws these; `ScriptedPrompter` answers them in tests.

use std::io;

use crate::answers::Choice;

/// What the person did with a question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply<T> {
    Answer(T),
    /// Go back to the previous question.
    Back,
    /// Stop the interview; nothing is written.
    Cancel,
}

impl<T> Reply<T> {
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Reply<U> {
        match self {
            Reply::Answer(v) => Reply::Answer(f(v)),
            Reply::Back => Reply::Back,
            Reply::Cancel => Reply::Cancel,
        }
    }
}

/// One option of a select question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectOption {
    /// Stable id: the answers-file value for closed questions (`full-stack`), else a name of
    /// the action (`other`, `continue`).
    pub id: String,
    pub label: String,
    /// One line saying what the option means.
    pub help: String,
}

impl SelectOption {
    pub fn new(id: impl Into<String>, label: impl Into<String>, help: impl Into<String>) -> Self {
        SelectOption {
            id: id.into(),
            label: label.into(),
            help: help.into(),
        }
    }

    /// The option of a closed question, with the id, label and help of its table.
    pub fn of<C: Choice>(c: C) -> Self {
        SelectOption::new(c.id(), c.label(), c.help())
    }
}

/// The pre-selected option and why it is pre-selected ("detected: Dockerfile present",
/// "from deployplan.toml", "recommended").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preselect {
    pub index: usize,
    pub why: Option<String>,
}

/// Choose one of several options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Select {
    /// Stable id of the question: the answers-file key where there is one (`app-type`).
    pub key: String,
    /// The workflow step (1-8), or 9 for the summary.
    pub step: u8,
    pub prompt: String,
    pub options: Vec<SelectOption>,
    pub preselect: Option<Preselect>,
    /// Whether going back to the previous question is offered.
    pub back: bool,
    /// The first options are labelled `A: …`, `B: …`, `C: …`, and typing the letter picks
    /// that option (never Back, never another option).
    pub letters: bool,
}

impl Select {
    pub fn new(key: &str, step: u8, prompt: impl Into<String>) -> Self {
        Select {
            key: key.to_string(),
            step,
            prompt: prompt.into(),
            options: Vec::new(),
            preselect: None,
            back: true,
            letters: false,
        }
    }

    /// Every option of a closed question, in its table's order.
    pub fn of<C: Choice>(key: &str, step: u8, prompt: impl Into<String>) -> Self {
        Select::new(key, step, prompt).options(C::all().iter().map(|c| SelectOption::of(*c)))
    }

    pub fn options(mut self, options: impl IntoIterator<Item = SelectOption>) -> Self {
        self.options.extend(options);
        self
    }

    pub fn option(mut self, option: SelectOption) -> Self {
        self.options.push(option);
        self
    }

    /// Pre-selects the option with this id, saying why; ignored when no option has it.
    pub fn preselect(mut self, id: Option<&str>, why: Option<String>) -> Self {
        if let Some(index) = id.and_then(|id| self.index_of(id)) {
            self.preselect = Some(Preselect { index, why });
        }
        self
    }

    /// Typing an option's letter (`A: …`) picks it.
    pub fn letters(mut self) -> Self {
        self.letters = true;
        self
    }

    pub fn no_back(mut self) -> Self {
        self.back = false;
        self
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.options.iter().position(|o| o.id == id)
    }

    pub fn preselected_id(&self) -> Option<&str> {
        self.preselect
            .as_ref()
            .map(|p| self.options[p.index].id.as_str())
    }
}

/// Check any number of options (used to keep or remove listed names).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultiSelect {
    pub key: String,
    pub step: u8,
    pub prompt: String,
    pub options: Vec<SelectOption>,
    /// Indexes checked at the start.
    pub checked: Vec<usize>,
}

/// Type one line. An empty answer means "back"; anything else must pass `validate`, and a
/// refused value is asked again with the reason.
#[derive(Debug, Clone)]
pub struct Text {
    pub key: String,
    pub step: u8,
    pub prompt: String,
    /// An example shown greyed in the empty field.
    pub placeholder: String,
    pub validate: fn(&str) -> Result<(), String>,
}

/// The questions a terminal, a test script or any other front end must be able to ask.
pub trait Prompter {
    /// Returns the index of the chosen option.
    fn select(&mut self, question: &Select) -> io::Result<Reply<usize>>;
    /// Returns the indexes that are checked when the person accepts.
    fn multiselect(&mut self, question: &MultiSelect) -> io::Result<Reply<Vec<usize>>>;
    /// Returns a value that passed the question's validator.
    fn text(&mut self, question: &Text) -> io::Result<Reply<String>>;
    /// Shows a block of text (step 2's options, step 7's rollback, the summary).
    fn show(&mut self, title: &str, body: &str) -> io::Result<()>;
}
