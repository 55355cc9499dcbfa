//! The interview's `Prompter` in a terminal, drawn with cliclack on stderr.
//!
//! Why cliclack 0.5: every option carries a hint line (our help texts), a select filters as
//! the person types, and a text prompt takes a validator that refuses a value with its reason
//! and keeps the prompt open. It reports `NotConnected` off a terminal, and draws through
//! `console`, which drops colours under NO_COLOR or TERM=dumb, falls back to ASCII symbols
//! without a UTF-8 locale, and wraps to the terminal's width (narrow terminals included).
//!
//! cliclack ends a prompt the same way for Esc and for Ctrl-C (`ErrorKind::Interrupted`), so
//! both become `Reply::Cancel`, and the interview asks before it stops (back one question,
//! stay, or quit; a second Esc or Ctrl-C quits without writing anything). Going back is also
//! the "Back" option every question after the first offers (and an empty text answer).
//! Its prompts cannot be given other keys either (the `PromptInteraction` trait is private),
//! so step 2's A/B/C letters are a one-line text answer under the options' block.

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

/// What a typed answer to a lettered question picks: `a`/`b`/`c` (the option labelled
/// `A: …`), an option's id (`render`), `d` or `details`, `all`, `<` or `back`, and nothing
/// for the pre-selected option. Case does not matter.
fn lettered(
    options: &[(String, String)],
    back: bool,
    preselect: Option<usize>,
    typed: &str,
) -> Result<usize, String> {
    let t = typed.trim().to_lowercase();
    if t.is_empty() {
        return Ok(preselect.unwrap_or(0));
    }
    if back && (t == "<" || t == "back") {
        return Ok(BACK);
    }
    let alias = match t.as_str() {
        "d" | "?" => "details",
        other => other,
    };
    let found = options
        .iter()
        .position(|(id, label)| id == alias || label.to_lowercase().starts_with(&format!("{t}:")));
    found.ok_or_else(|| {
        let ids: Vec<&str> = options.iter().map(|(id, _)| id.as_str()).collect();
        format!(
            "type A, B or C, d for details, all, or one of: {}",
            ids.join(", ")
        )
    })
}

/// A lettered question: the options are listed above it (a note), so it is one line to
/// type in; a single letter then picks exactly that option (cliclack's select filter ranks
/// whole labels by similarity, so a typed `a` could land on another option or on Back).
fn select_by_letter(q: &Select) -> io::Result<Reply<usize>> {
    let options: Vec<(String, String)> = q
        .options
        .iter()
        .map(|o| (o.id.clone(), o.label.clone()))
        .collect();
    let preselect = q.preselect.as_ref().map(|p| p.index);
    let label = &q.options[preselect.unwrap_or(0)].label;
    // `A: Render (recommended)` is kept as `A`; another platform by its name.
    let keep = match label.split_once(": ") {
        Some((letter, _)) if letter.len() == 1 => letter.to_string(),
        _ => q.options[preselect.unwrap_or(0)].id.clone(),
    };
    let back_hint = if q.back { " · < back" } else { "" };
    let why = match q.preselect.as_ref().and_then(|p| p.why.as_deref()) {
        Some(why) => format!(" [{why}]"),
        None => String::new(),
    };
    let prompt = format!(
        "{}\n  A/B/C · d details · all · Enter {keep}{why}{back_hint}",
        header(q.step, &q.prompt)
    );
    let (check, back) = (options.clone(), q.back);
    let mut input = cliclack::input(prompt)
        .placeholder(&keep)
        .required(false)
        .validate(move |s: &String| lettered(&check, back, preselect, s).map(|_| ()));
    Ok(match reply(input.interact::<String>())? {
        Reply::Answer(s) => match lettered(&options, q.back, preselect, &s) {
            Ok(BACK) => Reply::Back,
            Ok(i) => Reply::Answer(i),
            Err(e) => return Err(io::Error::other(e)),
        },
        Reply::Back => Reply::Back,
        Reply::Cancel => Reply::Cancel,
    })
}

impl Prompter for Terminal {
    fn select(&mut self, q: &Select) -> io::Result<Reply<usize>> {
        if q.letters {
            return select_by_letter(q);
        }
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
