//! The interview's `Prompter` in a terminal, drawn with cliclack on stderr.
//!
//! Why cliclack 0.5: every option carries a hint line (our help texts), a select filters as
//! the person types, and a text prompt takes a validator that refuses a value with its reason
//! and keeps the prompt open. It reports `NotConnected` off a terminal, and draws through
//! `console`, which drops colours under NO_COLOR or TERM=dumb, falls back to ASCII symbols
//! without a UTF-8 locale, and wraps to the terminal's width (narrow terminals included).
//!
//! cliclack ends a prompt the same way for Esc and for Ctrl-C (`ErrorKind::Interrupted`), so
//! both stop the interview without writing anything; going back one question is the "Back"
//! option every question after the first offers (and an empty answer to a text prompt).

use std::io;

use deployplan_core::interview::{MultiSelect, Prompter, Reply, Select, Text};

pub struct Terminal;

/// The value of the "Back" option (never an option index).
const BACK: usize = usize::MAX;
/// Longer lists scroll, so a question fits a short terminal.
const MAX_ROWS: usize = 8;

fn header(step: u8, prompt: &str) -> String {
    if (1..=8).contains(&step) {
        format!("Step {step}/8 · {prompt}")
    } else {
        prompt.to_string()
    }
}

fn reply<T>(result: io::Result<T>) -> io::Result<Reply<T>> {
    match result {
        Ok(v) => Ok(Reply::Answer(v)),
        Err(e) if e.kind() == io::ErrorKind::Interrupted => Ok(Reply::Cancel),
        Err(e) => Err(e),
    }
}

impl Prompter for Terminal {
    fn select(&mut self, q: &Select) -> io::Result<Reply<usize>> {
        let mut select = cliclack::select(header(q.step, &q.prompt)).filter_mode();
        for (i, option) in q.options.iter().enumerate() {
            let label = match &q.preselect {
                Some(p) if p.index == i => match &p.why {
                    Some(why) => format!("{} [{why}]", option.label),
                    None => option.label.clone(),
                },
                _ => option.label.clone(),
            };
            select = select.item(i, label, &option.help);
        }
        if q.back {
            select = select.item(BACK, "Back", "to the previous question");
        }
        if let Some(p) = &q.preselect {
            select = select.initial_value(p.index);
        }
        if q.options.len() + usize::from(q.back) > MAX_ROWS + 2 {
            select = select.max_rows(MAX_ROWS);
        }
        Ok(match reply(select.interact())? {
            Reply::Answer(BACK) => Reply::Back,
            other => other,
        })
    }

    fn multiselect(&mut self, q: &MultiSelect) -> io::Result<Reply<Vec<usize>>> {
        let mut select = cliclack::multiselect(header(q.step, &q.prompt)).required(false);
        for (i, option) in q.options.iter().enumerate() {
            select = select.item(i, &option.label, &option.help);
        }
        select = select.initial_values(q.checked.clone());
        if q.options.len() > MAX_ROWS + 2 {
            select = select.max_rows(MAX_ROWS);
        }
        reply(select.interact())
    }

    fn text(&mut self, q: &Text) -> io::Result<Reply<String>> {
        let validate = q.validate;
        let mut input = cliclack::input(header(q.step, &q.prompt))
            .placeholder(&q.placeholder)
            .required(false)
            // An empty answer goes back; anything else must pass the shared rule.
            .validate(move |s: &String| if s.is_empty() { Ok(()) } else { validate(s) });
        Ok(match reply(input.interact::<String>())? {
            Reply::Answer(s) if s.is_empty() => Reply::Back,
            other => other,
        })
    }

    fn show(&mut self, title: &str, body: &str) -> io::Result<()> {
        cliclack::note(title, body)
    }
}
