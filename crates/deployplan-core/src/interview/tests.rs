//! The flow driven by a script: order, skipping, Back, defaults from facts and from an
//! existing deployplan.toml, the summary's "change one answer", and Cancel.

use super::scripted::{Act, ScriptedPrompter, keep, pick, type_text};
use super::{Interview, Outcome};
use crate::answers::{self, Defaults, PartialAnswers};
use crate::facts::{Detected, EnvVarFact, Evidence, Facts, MigrationFact};
use crate::{Catalog, Plan};

use Act::{Back, Cancel, Enter};

fn defaults() -> Defaults {
    Defaults {
        today: "2026-11-26".into(),
        project_name: "shop".into(),
        author: "tester".into(),
    }
}

fn options_text(plan: &Plan) -> String {
    plan.options
        .iter()
        .map(|o| format!("Option {}: {}", o.letter, o.platform.name))
        .collect::<Vec<_>>()
        .join("\n")
}

fn run_with(
    facts: &Facts,
    existing: &PartialAnswers,
    script: Vec<(&str, Act)>,
) -> (Outcome, ScriptedPrompter) {
    let catalog = Catalog::embedded().unwrap();
    let defaults = defaults();
    let interview = Interview {
        facts,
        catalog,
        defaults: &defaults,
        existing,
        render_options: &options_text,
    };
    let mut prompter = ScriptedPrompter::new(script);
    let outcome = interview.run(&mut prompter).unwrap();
    assert_eq!(
        prompter.remaining(),
        0,
        "script not used up: {:?}",
        prompter.keys()
    );
    (outcome, prompter)
}

fn run(script: Vec<(&str, Act)>) -> (Outcome, ScriptedPrompter) {
    run_with(&Facts::default(), &PartialAnswers::default(), script)
}

fn done(outcome: Outcome) -> answers::Answers {
    let Outcome::Done(partial) = outcome else {
        panic!("the interview was cancelled")
    };
    let catalog = Catalog::embedded().unwrap();
    answers::resolve(&partial, &Facts::default(), catalog, &defaults()).unwrap()
}

fn ev(path: &str) -> Vec<Evidence> {
    vec![Evidence {
        path: path.into(),
        line: None,
        rule: "test".into(),
    }]
}

fn detected(name: &str, path: &str) -> Detected {
    Detected {
        name: name.into(),
        evidence: ev(path),
    }
}

/// Beginner, low, free, full-stack: Render, GitHub, staging + production, Postgres.
fn beginner_script() -> Vec<(&'static str, Act)> {
    vec![
        ("app-type", pick("full-stack")),
        ("stack", pick("node")),
        ("expertise", pick("beginner")),
        ("scale", pick("low")),
        ("budget", pick("free")),
        ("platform", pick("render")),
        ("automated", Enter),
        ("ci", pick("github")),
        ("branch", Enter),
        ("environments", Enter),
        ("database", pick("postgres")),
        ("cache", pick("none")),
        ("database-hosting", Enter),
        ("migrations", Enter),
        ("migration-tool", Enter),
        ("secrets", Enter),
        ("secret-names", pick("add")),
        ("secret-name", type_text("DATABASE_URL")),
        ("secret-names", pick("continue")),
        ("health-checks", Enter),
        ("health-path", Enter),
        ("summary", pick("write")),
    ]
}

#[test]
fn a_full_interview_asks_steps_1_to_8_in_order_and_returns_the_answers() {
    let (outcome, mut p) = run(beginner_script());
    let a = done(outcome);
    assert_eq!(a.context.app_type, answers::AppType::FullStack);
    assert_eq!(a.context.budget, answers::Budget::Free);
    assert_eq!(a.platform.id, "render");
    assert_eq!(a.ci.provider, answers::CiProvider::Github);
    assert_eq!(a.ci.branch, "main");
    assert_eq!(
        a.environments.strategy,
        answers::EnvironmentStrategy::StagingProduction
    );
    assert_eq!(a.database.engine, answers::DatabaseEngine::Postgres);
    assert_eq!(a.database.tool, answers::MigrationTool::Prisma);
    assert_eq!(a.secrets.names, vec!["DATABASE_URL".to_string()]);
    assert!(a.health.enabled);
    assert_eq!(a.health.path.as_deref(), Some("/health"));
    let steps: Vec<u8> = p.asked.iter().map(|q| q.step).collect();
    assert!(steps.windows(2).all(|w| w[0] <= w[1]), "{steps:?}");
    // Step 2 shows the options before asking; step 7 shows the rollback; then the summary.
    let titles: Vec<&str> = p.shown.iter().map(|(t, _)| t.as_str()).collect();
    // Step 6 shows the secrets and settings each time its list is offered (here: before and
    // after a name is added).
    assert_eq!(
        titles,
        [
            "Step 2 of 8: deployment platform options",
            "Step 6 of 8: secrets and settings",
            "Step 6 of 8: secrets and settings",
            "Step 7 of 8: rollback on Render",
            "Summary of your answers"
        ]
    );
    let (step_6, after_add) = (&p.shown[1].1, &p.shown[2].1);
    assert!(step_6.contains("DATABASE_URL"), "{step_6}");
    assert!(step_6.contains("implied: PostgreSQL database"), "{step_6}");
    assert!(
        after_add.contains("CI secrets (GitHub Actions): RENDER_DEPLOY_HOOK_URL"),
        "{after_add}"
    );
    p.shown.remove(1);
    p.shown.remove(1);
    // Step 2 on one screen: the three options and the recommendation.
    let options = &p.shown[0].1;
    for needle in [
        "A: Render",
        "B: ",
        "C: ",
        "confidence",
        "/month",
        "Recommended A: Render",
    ] {
        assert!(options.contains(needle), "no {needle:?} in\n{options}");
    }
    assert!(p.shown[1].1.contains("Roll back"));
    let summary = &p.shown[2].1;
    assert!(
        summary.contains("Secrets (values set on the platform"),
        "{summary}"
    );
    for needle in [
        "Full-stack web app",
        "Render",
        "PostgreSQL",
        "DATABASE_URL",
        "/health",
    ] {
        assert!(summary.contains(needle), "{needle} missing from {summary}");
    }
    // The first question has no way back; the others do.
    let platform = p.last("platform").unwrap();
    assert_eq!(
        platform.options.len(),
        5,
        "A, B, C, details and all: {:?}",
        platform.options
    );
    assert!(platform.options.contains(&"all".to_string()));
}

#[test]
fn back_goes_to_the_previous_question_at_several_steps() {
    let script = vec![
        ("app-type", pick("web-api")),
        ("stack", pick("python")),
        ("expertise", Back),
        ("stack", Back),
        ("app-type", pick("full-stack")),
        ("stack", Enter),
        ("expertise", pick("intermediate")),
        ("scale", pick("medium")),
        ("budget", pick("medium")),
        ("platform", Back),
        ("budget", Enter),
        ("platform", pick("fly")),
        ("automated", pick("yes")),
        ("ci", pick("gitlab")),
        ("branch", Back),
        ("ci", Back),
        ("automated", pick("no")),
        ("environments", Enter),
        ("database", pick("none")),
        ("cache", pick("none")),
        ("secrets", Enter),
        ("secret-names", pick("continue")),
        // Step 7 is shown, not asked: Back from step 8 returns to step 6.
        ("health-checks", Back),
        ("secret-names", pick("continue")),
        ("health-checks", pick("no")),
        ("summary", Back),
        ("health-checks", pick("yes")),
        ("health-path", Enter),
        ("summary", pick("write")),
    ];
    let (outcome, p) = run(script);
    // After Back, the earlier answer is pre-selected.
    let stack: Vec<_> = p.asked.iter().filter(|q| q.key == "stack").collect();
    assert_eq!(
        stack[1].preselected,
        Some(("python".into(), Some("your answer".into())))
    );
    let a = done(outcome);
    assert_eq!(a.context.app_type, answers::AppType::FullStack);
    assert_eq!(a.app.stack, Some(answers::Stack::Python));
    assert_eq!(a.platform.id, "fly");
    assert_eq!(a.ci.provider, answers::CiProvider::Manual);
    assert_eq!(a.database.engine, answers::DatabaseEngine::None);
    assert!(a.health.enabled);
    // No database: hosting, migrations and tool are never asked.
    for skipped in ["database-hosting", "migrations", "migration-tool"] {
        assert!(!p.keys().contains(&skipped), "{skipped} was asked");
    }
}

#[test]
fn defaults_come_from_the_repository_facts() {
    let mut facts = Facts::default();
    facts.frameworks.push(detected("nextjs", "package.json"));
    facts
        .databases
        .push(detected("postgres", "prisma/schema.prisma"));
    facts.databases.push(detected("redis", "src/queue.ts"));
    facts.migration_tool = Some(MigrationFact {
        name: "prisma".into(),
        command: "npx prisma migrate deploy".into(),
        install: None,
        evidence: ev("prisma/schema.prisma"),
    });
    facts.ci.push(detected("gitlab-ci", ".gitlab-ci.yml"));
    for name in ["DATABASE_URL", "STRIPE_API_KEY"] {
        facts.env_vars.push(EnvVarFact {
            name: name.into(),
            source: "code".into(),
            evidence: ev("src/env.ts"),
        });
    }
    let script = vec![
        ("app-type", Enter),
        ("expertise", pick("beginner")),
        ("scale", pick("low")),
        ("budget", pick("free")),
        ("platform", pick("render")),
        ("automated", Enter),
        ("ci", Enter),
        ("branch", Enter),
        ("environments", Enter),
        ("database", Enter),
        ("cache", Enter),
        ("database-hosting", Enter),
        ("migrations", Enter),
        ("migration-tool", Enter),
        ("secrets", Enter),
        ("secret-names", Enter),
        ("health-checks", Enter),
        ("health-path", Enter),
        ("summary", Enter),
    ];
    let (outcome, p) = run_with(&facts, &PartialAnswers::default(), script);
    let pre = |key: &str| p.last(key).unwrap().preselected.clone().unwrap();
    assert_eq!(
        pre("app-type"),
        (
            "full-stack".into(),
            Some("detected: Next.js (package.json)".into())
        )
    );
    assert_eq!(
        pre("ci"),
        ("gitlab".into(), Some("detected: .gitlab-ci.yml".into()))
    );
    assert_eq!(
        pre("database"),
        (
            "postgres".into(),
            Some("detected: PostgreSQL (prisma/schema.prisma)".into())
        )
    );
    assert_eq!(
        pre("cache"),
        ("redis".into(), Some("detected: src/queue.ts".into()))
    );
    assert_eq!(
        pre("migration-tool"),
        (
            "prisma".into(),
            Some("detected: prisma/schema.prisma".into())
        )
    );
    // The secret names found in the code are listed, ready to keep.
    assert!(
        p.last("secret-names")
            .unwrap()
            .prompt
            .contains("DATABASE_URL, STRIPE_API_KEY")
    );
    assert!(
        !p.keys().contains(&"stack"),
        "the stack is known from the facts"
    );
    let a = done(outcome);
    assert_eq!(a.ci.provider, answers::CiProvider::Gitlab);
    assert_eq!(a.database.cache, answers::Cache::Redis);
    assert_eq!(a.secrets.names, ["DATABASE_URL", "STRIPE_API_KEY"]);
}

#[test]
fn defaults_come_from_an_existing_deployplan_toml() {
    let catalog = Catalog::embedded().unwrap();
    let existing =
        answers::parse_answers("deployplan.toml", answers::EXAMPLE_ANSWERS, &catalog.ids())
            .unwrap();
    let script: Vec<(&str, Act)> = [
        "app-type",
        "stack",
        "expertise",
        "scale",
        "budget",
        "platform",
        "automated",
        "ci",
        "branch",
        "environments",
        "database",
        "cache",
        "database-hosting",
        "migrations",
        "migration-tool",
        "secrets",
        "secret-names",
        "health-checks",
        "health-path",
        "summary",
    ]
    .into_iter()
    .map(|k| (k, Enter))
    .collect();
    let (outcome, p) = run_with(&Facts::default(), &existing, script);
    let from_file = Some("from deployplan.toml".to_string());
    for key in [
        "app-type",
        "expertise",
        "scale",
        "budget",
        "ci",
        "branch",
        "environments",
        "database",
        "migration-tool",
        "secrets",
    ] {
        let asked = p.last(key).unwrap();
        assert_eq!(asked.preselected.as_ref().unwrap().1, from_file, "{key}");
    }
    // The example leaves the health path unset: the repository decides it.
    assert_eq!(
        p.last("health-path")
            .unwrap()
            .preselected
            .as_ref()
            .unwrap()
            .1,
        Some("the workflow's default".to_string())
    );
    assert_eq!(
        p.last("expertise").unwrap().preselected.as_ref().unwrap().0,
        "beginner"
    );
    assert!(
        p.last("secret-names")
            .unwrap()
            .prompt
            .contains("SESSION_SECRET")
    );
    // Accepting every default reproduces the file's answers.
    let a = done(outcome);
    let expected = answers::resolve(&existing, &Facts::default(), catalog, &defaults()).unwrap();
    assert_eq!(a.context, expected.context);
    assert_eq!(a.database, expected.database);
    assert_eq!(a.secrets, expected.secrets);
    assert_eq!(a.project, expected.project);
}

#[test]
fn a_frontend_without_database_skips_the_database_details() {
    let script = vec![
        ("app-type", pick("frontend")),
        ("stack", pick("node")),
        ("expertise", pick("beginner")),
        ("scale", pick("low")),
        ("budget", pick("free")),
        ("platform", pick("vercel")),
        ("automated", Enter),
        ("ci", Enter),
        ("branch", Enter),
        ("environments", pick("preview-staging-production")),
        ("database", Enter),
        ("secrets", Enter),
        ("secret-names", pick("continue")),
        ("health-checks", Enter),
        ("health-path", Enter),
        ("summary", pick("write")),
    ];
    let (outcome, p) = run(script);
    assert_eq!(
        p.last("database").unwrap().preselected,
        Some((
            "none".into(),
            Some("a frontend-only app keeps no data of its own".into())
        ))
    );
    let a = done(outcome);
    assert_eq!(a.platform.id, "vercel");
    assert_eq!(a.database.engine, answers::DatabaseEngine::None);
    assert_eq!(a.database.tool, answers::MigrationTool::None);
    assert!(!p.keys().contains(&"cache"));
}

#[test]
fn the_summary_changes_one_answer_and_comes_back() {
    let mut script = beginner_script();
    script.pop();
    script.extend([
        ("summary", pick("change")),
        ("change", pick("budget")),
        ("budget", pick("small")),
        // The options depend on the context, so step 2 is offered again.
        ("platform", Enter),
        ("summary", pick("change")),
        ("change", pick("database")),
        ("database", Back),
        ("summary", pick("change")),
        ("change", pick("automated")),
        ("automated", pick("no")),
        ("summary", Back),
        ("health-path", Enter),
        ("summary", pick("write")),
    ]);
    let (outcome, p) = run(script);
    assert_eq!(
        p.last("platform").unwrap().preselected.as_ref().unwrap().0,
        "render"
    );
    let a = done(outcome);
    assert_eq!(a.context.budget, answers::Budget::Small);
    assert_eq!(a.platform.id, "render");
    assert_eq!(a.ci.provider, answers::CiProvider::Manual);
    assert_eq!(a.database.engine, answers::DatabaseEngine::Postgres);
}

#[test]
fn a_database_chosen_from_the_summary_asks_its_details() {
    let mut script = beginner_script();
    script.truncate(10);
    script.extend([
        ("database", pick("none")),
        ("cache", Enter),
        ("secrets", Enter),
        ("secret-names", pick("continue")),
        ("health-checks", Enter),
        ("health-path", Enter),
        ("summary", pick("change")),
        ("change", pick("database")),
        ("database", pick("mysql")),
        ("database-hosting", Enter),
        ("migrations", pick("manual")),
        ("migration-tool", pick("knex")),
        ("summary", pick("write")),
    ]);
    let (outcome, _) = run(script);
    let a = done(outcome);
    assert_eq!(a.database.engine, answers::DatabaseEngine::Mysql);
    assert_eq!(a.database.tool, answers::MigrationTool::Knex);
    assert_eq!(a.database.migrations, answers::MigrationMode::Manual);
}

#[test]
fn secret_names_are_kept_removed_added_and_validated() {
    let mut facts = Facts::default();
    for name in ["DATABASE_URL", "UNUSED_TOKEN"] {
        facts.env_vars.push(EnvVarFact {
            name: name.into(),
            source: "code".into(),
            evidence: ev("app.py"),
        });
    }
    let mut script = beginner_script();
    let at = script
        .iter()
        .position(|(k, _)| *k == "secret-names")
        .unwrap();
    script.splice(
        at..at + 3,
        [
            ("secret-names", pick("remove")),
            ("secret-keep", keep(&["DATABASE_URL"])),
            ("secret-names", pick("add")),
            ("secret-name", type_text("MY SECRET")),
            ("secret-name", type_text("STRIPE_API_KEY")),
            ("secret-names", pick("add")),
            ("secret-name", type_text("")),
            ("secret-names", pick("continue")),
        ],
    );
    let (outcome, p) = run_with(&facts, &PartialAnswers::default(), script);
    assert_eq!(p.refused.len(), 1);
    assert!(
        p.refused[0].contains("letters, digits and `_`"),
        "{}",
        p.refused[0]
    );
    let a = done(outcome);
    assert_eq!(a.secrets.names, ["DATABASE_URL", "STRIPE_API_KEY"]);
}

#[test]
fn free_text_is_refused_with_the_reason_and_asked_again() {
    let mut script = beginner_script();
    let at = script
        .iter()
        .position(|(k, _)| *k == "health-path")
        .unwrap();
    script.splice(
        at..=at,
        [
            ("health-path", pick("other")),
            ("health-path-text", type_text("healthz")),
            ("health-path-text", type_text("/healthz")),
        ],
    );
    let at = script.iter().position(|(k, _)| *k == "branch").unwrap();
    script.splice(
        at..=at,
        [
            ("branch", pick("other")),
            ("branch-name", type_text("release 1")),
            ("branch-name", type_text("release")),
        ],
    );
    let (outcome, p) = run(script);
    assert_eq!(p.refused.len(), 2, "{:?}", p.refused);
    assert!(p.refused.iter().any(|r| r.contains("must start with `/`")));
    let a = done(outcome);
    assert_eq!(a.health.path.as_deref(), Some("/healthz"));
    assert_eq!(a.ci.branch, "release");
}

#[test]
fn show_all_platforms_lists_the_catalog_and_picks_any() {
    let script = vec![
        ("app-type", pick("microservices")),
        ("stack", pick("go")),
        ("expertise", pick("advanced")),
        ("scale", pick("high")),
        ("budget", pick("enterprise")),
        ("platform", pick("all")),
        ("platform-all", Back),
        ("platform", pick("all")),
        ("platform-all", pick("kamal")),
        ("automated", Cancel),
        ("leave", Cancel),
    ];
    let (outcome, p) = run(script);
    assert_eq!(outcome, Outcome::Cancelled);
    let listing = p.shown.iter().find(|(t, _)| t == "All platforms").unwrap();
    for name in ["Vercel", "Kubernetes", "Kamal"] {
        assert!(listing.1.contains(name), "{name}");
    }
    assert_eq!(
        p.last("platform-all").unwrap().options.len(),
        Catalog::embedded().unwrap().platforms.len()
    );
}

#[test]
fn cancel_at_any_step_returns_cancelled() {
    for key in ["app-type", "environments", "health-checks", "summary"] {
        let mut script = beginner_script();
        let at = script.iter().position(|(k, _)| *k == key).unwrap();
        script.truncate(at);
        script.push((key, Cancel));
        script.push(("leave", pick("quit")));
        let (outcome, _) = run(script);
        assert_eq!(outcome, Outcome::Cancelled, "{key}");
    }
}

#[test]
fn the_first_question_offers_no_way_back() {
    let (_, p) = run(vec![("app-type", Cancel), ("leave", Cancel)]);
    assert_eq!(p.asked[0].step, 1);
    // The leave dialog offers no "go back" either.
    assert_eq!(p.last("leave").unwrap().options, ["stay", "quit"]);
    let catalog = Catalog::embedded().unwrap();
    let defaults = defaults();
    let interview = Interview {
        facts: &Facts::default(),
        catalog,
        defaults: &defaults,
        existing: &PartialAnswers::default(),
        render_options: &options_text,
    };
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        interview.run(&mut ScriptedPrompter::new([("app-type", Back)]))
    }));
    assert!(
        result.is_err(),
        "Back at the first question must not be offered"
    );
}

#[test]
fn details_of_the_options_are_shown_on_demand_then_asked_again() {
    let (outcome, p) = run(vec![
        ("app-type", pick("web-api")),
        ("stack", pick("node")),
        ("expertise", Enter),
        ("scale", Enter),
        ("budget", Enter),
        ("platform", pick("details")),
        ("platform", pick("render")),
        ("automated", Cancel),
        ("leave", Cancel),
    ]);
    assert_eq!(outcome, Outcome::Cancelled);
    let titles: Vec<&str> = p.shown.iter().map(|(t, _)| t.as_str()).collect();
    let step_2 = "Step 2 of 8: deployment platform options";
    assert_eq!(titles, [step_2, step_2]);
    // First the one-screen block, then the full layout (the renderer `recommend` uses).
    assert!(p.shown[0].1.contains("Recommended"), "{}", p.shown[0].1);
    assert!(p.shown[1].1.starts_with("Option A: "), "{}", p.shown[1].1);
}

#[test]
fn esc_asks_before_leaving_and_goes_back_or_stays() {
    // Esc (a Cancel) then Enter goes back one question, keeping the answers given so far.
    let (outcome, p) = run(vec![
        ("app-type", pick("web-api")),
        ("stack", pick("node")),
        ("expertise", Cancel),
        ("leave", Enter),
        ("stack", pick("python")),
        ("expertise", Cancel),
        ("leave", pick("stay")),
        ("expertise", Cancel),
        ("leave", pick("quit")),
    ]);
    assert_eq!(outcome, Outcome::Cancelled);
    assert_eq!(
        p.keys(),
        [
            "app-type",
            "stack",
            "expertise",
            "leave",
            "stack",
            "expertise",
            "leave",
            "expertise",
            "leave"
        ]
    );
    let leave = p.last("leave").unwrap();
    assert_eq!(leave.options, ["back", "stay", "quit"]);
    assert_eq!(
        leave.preselected, None,
        "Enter picks the first option: back"
    );
    // Going back pre-selects the answer given before.
    let stack_again = p.asked.iter().filter(|a| a.key == "stack").nth(1).unwrap();
    assert_eq!(
        stack_again.preselected.as_ref().map(|(id, _)| id.as_str()),
        Some("node")
    );
}
