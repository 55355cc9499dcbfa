//! The questions that are more than one select: step 2's options, free text with a likely
//! value, step 6's secret names, step 7's rollback, and the summary.

use super::prompt::{MultiSelect, Prompter, Reply, Select, SelectOption, Text};
use super::steps::{FROM_TOML, Next, Session, YOURS};
use super::{InterviewError, text};
use crate::answers::resolve::secret_names_from_facts;
use crate::answers::{Choice, RECOMMENDED, validate};
use crate::plan::{self, cost::usd};

impl Session<'_> {
    /// A free-text answer with a likely value: keep it, or type another (validated).
    pub(super) fn current_or_typed(
        &mut self,
        p: &mut dyn Prompter,
        select: Select,
        back: bool,
        (current, why): (String, &str),
        text: Text,
    ) -> Result<Reply<String>, InterviewError> {
        let select = select
            .option(SelectOption::new(
                "current",
                current.clone(),
                "keep this value",
            ))
            .option(SelectOption::new("other", "Another value…", "type it"))
            .preselect(Some("current"), Some(why.to_string()));
        let select = if back { select } else { select.no_back() };
        loop {
            match p.select(&select)? {
                Reply::Answer(0) => return Ok(Reply::Answer(current)),
                Reply::Answer(_) => match p.text(&text)? {
                    Reply::Back => continue,
                    other => return Ok(other),
                },
                other => return Ok(other.map(|_| String::new())),
            }
        }
    }

    pub(super) fn ask_platform(
        &mut self,
        p: &mut dyn Prompter,
        back: bool,
    ) -> Result<Reply<Next>, InterviewError> {
        let plan = self.plan(Some(RECOMMENDED))?;
        let title = "Step 2 of 8: deployment platform options";
        p.show(title, &text::platform_options(&plan))?;
        let recommended = plan.recommendation.platform_id.clone();
        let (current, why) = match (&self.given.platform.id, &self.iv.existing.platform.id) {
            (Some(id), _) => (id.clone(), Some(YOURS.to_string())),
            (None, Some(id)) if id != RECOMMENDED => (id.clone(), Some(FROM_TOML.to_string())),
            // The label already says "(recommended)".
            _ => (recommended.clone(), None),
        };
        let catalog = self.iv.catalog;
        let mut select =
            Select::new("platform", 2, "Which platform do you prefer? (A/B/C)").letters();
        for o in &plan.options {
            let rec = if o.platform.id == recommended {
                " (recommended)"
            } else {
                ""
            };
            let (low, high) = (usd(o.cost.range_low_usd), usd(o.cost.range_high_usd));
            let cost = if low == high {
                low
            } else {
                format!("{low}-{high}")
            };
            select = select.option(SelectOption::new(
                o.platform.id,
                format!("{}: {}{rec}", o.letter, o.platform.name),
                format!(
                    "{} confidence; {}; about {cost}/month",
                    o.confidence.label(),
                    o.platform.philosophy.label()
                ),
            ));
        }
        if select.index_of(&current).is_none()
            && let Some(earlier) = catalog.platform(&current)
        {
            // Not starting with A, B or C: typing a letter picks one of the three.
            let label = format!(
                "Your earlier choice: {} (not among the three)",
                earlier.name
            );
            let help = earlier.philosophy.label();
            select = select.option(SelectOption::new(earlier.id, label, help));
        }
        let all_help = "list every platform deployplan knows and pick any of them";
        let details_help = "the three options in full: pros, cons, costs at load, sources";
        let select = select
            .option(SelectOption::new(
                "details",
                "Details of A, B and C",
                details_help,
            ))
            .option(SelectOption::new("all", "Show all platforms", all_help))
            .preselect(Some(&current), why.clone());
        let select = if back { select } else { select.no_back() };
        loop {
            let id = match p.select(&select)? {
                Reply::Answer(i) => select.options[i].id.clone(),
                other => return Ok(other.map(|_| Next::Continue)),
            };
            if id == "details" {
                p.show(title, &(self.iv.render_options)(&plan))?;
                continue;
            }
            if id != "all" {
                self.given.platform.id = Some(id);
                return Ok(Reply::Answer(Next::Continue));
            }
            p.show("All platforms", &text::platform_list(catalog))?;
            let all = Select::new("platform-all", 2, "Which platform?")
                .options(catalog.platforms.iter().map(|pl| {
                    let help = format!(
                        "{}; complexity {}",
                        pl.philosophy.label(),
                        pl.complexity.label().to_lowercase()
                    );
                    SelectOption::new(pl.id, &pl.name, help)
                }))
                .preselect(Some(&current), why.clone());
            match p.select(&all)? {
                Reply::Answer(i) => {
                    self.given.platform.id = Some(all.options[i].id.clone());
                    return Ok(Reply::Answer(Next::Continue));
                }
                Reply::Back => continue,
                Reply::Cancel => return Ok(Reply::Cancel),
            }
        }
    }

    /// Where a secret name came from, for its help line.
    pub(super) fn origin(&self, name: &str) -> String {
        if let Some(v) = self.iv.facts.env_vars.iter().find(|v| v.name == name) {
            return match v.evidence.first() {
                Some(ev) => format!("found in {ev}"),
                None => format!("found ({})", v.source),
            };
        }
        let in_file = self
            .iv
            .existing
            .secrets
            .names
            .iter()
            .flatten()
            .any(|n| n == name);
        if in_file {
            FROM_TOML.into()
        } else {
            "added by you".into()
        }
    }

    pub(super) fn ask_secret_names(
        &mut self,
        p: &mut dyn Prompter,
        back: bool,
    ) -> Result<Reply<Next>, InterviewError> {
        let (mut names, why) = match (&self.given.secrets.names, &self.iv.existing.secrets.names) {
            (Some(n), _) => (n.clone(), YOURS),
            (None, Some(n)) => (n.clone(), FROM_TOML),
            (None, None) => (secret_names_from_facts(self.iv.facts), "found in the code"),
        };
        // Once edited here, the list is simply the person's.
        let mut why = (!names.is_empty()).then(|| why.to_string());
        loop {
            // What the design makes of these names: with their origins, the implied ones,
            // the settings beside them and the pipeline's own secrets.
            let before = self.given.secrets.names.replace(names.clone());
            let plan = self.plan(None);
            self.given.secrets.names = before;
            p.show(
                "Step 6 of 8: secrets and settings",
                &text::secrets_and_settings(&plan?),
            )?;
            let prompt = if names.is_empty() {
                "Required secrets: none yet. Add the names the app reads \
                 (names only: values never go in these files)."
                    .to_string()
            } else {
                format!("Required secrets ({}): {}", names.len(), names.join(", "))
            };
            let (label, help) = if names.is_empty() {
                ("Continue without secrets", "the app reads no secrets")
            } else {
                (
                    "Continue with these names",
                    "the document and .env.example list them; you set the values on the platform",
                )
            };
            let mut select = Select::new("secret-names", 6, prompt)
                .option(SelectOption::new("continue", label, help));
            if !names.is_empty() {
                let help = "uncheck the names the app does not need";
                select = select.option(SelectOption::new("remove", "Remove names…", help));
            }
            let add_help = "an environment variable name, like STRIPE_API_KEY";
            let select = select
                .option(SelectOption::new("add", "Add a name…", add_help))
                .preselect(Some("continue"), why.clone());
            let select = if back { select } else { select.no_back() };
            let action = match p.select(&select)? {
                Reply::Answer(i) => select.options[i].id.clone(),
                other => return Ok(other.map(|_| Next::Continue)),
            };
            match action.as_str() {
                "continue" => {
                    self.given.secrets.names = Some(names);
                    return Ok(Reply::Answer(Next::Continue));
                }
                "remove" => {
                    let keep = MultiSelect {
                        key: "secret-keep".into(),
                        step: 6,
                        prompt: "Keep which secrets? (space toggles, enter accepts)".into(),
                        options: names
                            .iter()
                            .map(|n| SelectOption::new(n, n, self.origin(n)))
                            .collect(),
                        checked: (0..names.len()).collect(),
                    };
                    match p.multiselect(&keep)? {
                        Reply::Answer(kept) => {
                            names = (0..names.len())
                                .filter(|i| kept.contains(i))
                                .map(|i| names[i].clone())
                                .collect();
                            why = None;
                        }
                        Reply::Back => {}
                        Reply::Cancel => return Ok(Reply::Cancel),
                    }
                }
                _ => {
                    let add = Text {
                        key: "secret-name".into(),
                        step: 6,
                        prompt: "Secret name (empty to go back)".into(),
                        placeholder: "STRIPE_API_KEY".into(),
                        validate: validate::secret_name,
                    };
                    match p.text(&add)? {
                        Reply::Answer(n) if !names.contains(&n) => {
                            names.push(n);
                            why = None;
                        }
                        Reply::Cancel => return Ok(Reply::Cancel),
                        _ => {}
                    }
                }
            }
        }
    }

    pub(super) fn show_rollback(&self, p: &mut dyn Prompter) -> Result<(), InterviewError> {
        let plan = self.plan(None)?;
        let title = format!("Step 7 of 8: rollback on {}", plan.platform.name);
        Ok(p.show(&title, &text::rollback(&plan))?)
    }

    pub(super) fn ask_summary(
        &mut self,
        p: &mut dyn Prompter,
        back: bool,
    ) -> Result<Reply<Next>, InterviewError> {
        let answers = self.resolved(None)?;
        let rows = text::rows(&answers, self.iv.catalog, |q| self.applies(q));
        let plan = plan::build(&answers, self.iv.facts, self.iv.catalog)?;
        let body = format!(
            "{}\n\n{}",
            text::summary(&rows),
            text::secrets_and_settings(&plan)
        );
        p.show("Summary of your answers", &body)?;
        let write_help =
            "specs/DEPLOYMENT_TDD.md, specs/09_DECISIONS.md, deployplan.toml and the deploy files";
        let select = Select::new("summary", 9, "Write the design with these answers?")
            .option(SelectOption::new(
                "write",
                "Yes, write the files",
                write_help,
            ))
            .option(SelectOption::new(
                "change",
                "Change an answer…",
                "pick one answer, change it, and come back here",
            ))
            .preselect(Some("write"), None);
        let select = if back { select } else { select.no_back() };
        loop {
            match p.select(&select)? {
                Reply::Answer(0) => return Ok(Reply::Answer(Next::Finish)),
                Reply::Answer(_) => {}
                other => return Ok(other.map(|_| Next::Finish)),
            }
            let change = Select::new("change", 9, "Which answer do you want to change?").options(
                rows.iter()
                    .map(|r| SelectOption::new(r.q.key(), r.label, &r.value)),
            );
            match p.select(&change)? {
                Reply::Answer(i) => return Ok(Reply::Answer(Next::Change(rows[i].q))),
                Reply::Back => continue,
                Reply::Cancel => return Ok(Reply::Cancel),
            }
        }
    }
}
