//! The order of the questions, going back, and changing one answer from the summary.

use super::prompt::{Select, SelectOption};
use super::steps::{Next, Q, Session};
use super::{Interview, InterviewError, Outcome, Prompter, Reply};

/// The workflow's order. `Rollback` is shown, not asked; `Summary` ends the interview.
pub(super) const ORDER: &[Q] = &[
    Q::AppType,
    Q::Stack,
    Q::Expertise,
    Q::Scale,
    Q::Budget,
    Q::Platform,
    Q::Automated,
    Q::CiHost,
    Q::Branch,
    Q::Environments,
    Q::Database,
    Q::Cache,
    Q::DbHosting,
    Q::Migrations,
    Q::MigrationTool,
    Q::SecretsStore,
    Q::SecretNames,
    Q::Rollback,
    Q::Health,
    Q::HealthPath,
    Q::Summary,
];

/// Changing one answer from the summary: that question, the ones it newly opens (a database
/// where there was none), the platform again when the context changed, then the summary.
struct Edit {
    /// History length when the edit started, the summary being its last entry.
    base: usize,
    /// The group of the answer being changed.
    group: u8,
    platform_asked: bool,
}

fn after(q: Q) -> impl Iterator<Item = Q> {
    ORDER.iter().copied().skip_while(move |x| *x != q).skip(1)
}

fn next(s: &Session<'_>, q: Q, edit: &mut Option<Edit>, history: &mut Vec<Q>) -> Q {
    let Some(e) = edit else {
        return after(q).find(|x| s.applies(*x)).unwrap_or(Q::Summary);
    };
    if let Some(x) = after(q).find(|x| x.group() == e.group && s.applies(*x) && !s.answered(*x)) {
        return x;
    }
    if e.group == Q::AppType.group() && !e.platform_asked {
        // The options of step 2 depend on the context: offer them again.
        e.platform_asked = true;
        return Q::Platform;
    }
    // Back at the summary, Back goes where it went before the change.
    history.truncate(e.base - 1);
    *edit = None;
    Q::Summary
}

pub(super) fn run(iv: &Interview<'_>, p: &mut dyn Prompter) -> Result<Outcome, InterviewError> {
    let mut s = Session::new(iv);
    let mut history: Vec<Q> = Vec::new();
    let mut edit: Option<Edit> = None;
    let mut q = ORDER[0];
    loop {
        if q == Q::Rollback {
            // Step 7 has nothing to decide: show the procedure and go on.
            s.show_rollback(p)?;
            q = next(&s, q, &mut edit, &mut history);
            continue;
        }
        let reply = match s.ask(q, p, !history.is_empty())? {
            Reply::Cancel => match leave(p, !history.is_empty())? {
                Leave::Quit => return Ok(Outcome::Cancelled),
                Leave::Stay => continue,
                Leave::Back => Reply::Back,
            },
            other => other,
        };
        match reply {
            Reply::Cancel => return Ok(Outcome::Cancelled),
            Reply::Back => {
                if let Some(previous) = history.pop() {
                    if edit.as_ref().is_some_and(|e| history.len() < e.base) {
                        edit = None;
                    }
                    q = previous;
                }
            }
            Reply::Answer(Next::Continue) => {
                history.push(q);
                q = next(&s, q, &mut edit, &mut history);
            }
            Reply::Answer(Next::Change(target)) => {
                history.push(Q::Summary);
                edit = Some(Edit {
                    base: history.len(),
                    group: target.group(),
                    platform_asked: target == Q::Platform,
                });
                q = target;
            }
            Reply::Answer(Next::Finish) => return Ok(Outcome::Done(Box::new(s.merged()))),
        }
    }
}

/// What the person chose after Esc or Ctrl-C.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Leave {
    Back,
    Stay,
    Quit,
}

/// Esc and Ctrl-C end a terminal prompt the same way (cliclack reports both as
/// `Interrupted`), and an Esc pressed to leave a text field must not throw the interview
/// away: so stopping asks first. Enter goes back one question (Esc's usual meaning); a
/// second Esc or Ctrl-C quits, writing nothing.
fn leave(p: &mut dyn Prompter, can_go_back: bool) -> Result<Leave, InterviewError> {
    let mut options = Vec::new();
    if can_go_back {
        options.push((
            Leave::Back,
            SelectOption::new("back", "Go back one question", ""),
        ));
    }
    options.push((
        Leave::Stay,
        SelectOption::new("stay", "Stay on this question", ""),
    ));
    options.push((
        Leave::Quit,
        SelectOption::new(
            "quit",
            "Quit",
            "nothing is written; Esc or Ctrl-C again also quits",
        ),
    ));
    let question = Select::new(
        "leave",
        0,
        "Leave the interview? Nothing has been written yet.",
    )
    .options(options.iter().map(|(_, o)| o.clone()))
    .no_back();
    Ok(match p.select(&question)? {
        Reply::Answer(i) => options.get(i).map_or(Leave::Stay, |(choice, _)| *choice),
        Reply::Back => Leave::Stay,
        Reply::Cancel => Leave::Quit,
    })
}
