//! The planner over every combination of the four context answers, and the documents.

use std::collections::BTreeSet;

use deployplan_core::answers::*;
use deployplan_core::catalog::Support;
use deployplan_core::{Catalog, Facts, Plan};

pub fn defaults() -> Defaults {
    Defaults {
        today: "2026-11-26".into(),
        project_name: "acme".into(),
        author: "Test Author".into(),
    }
}

pub fn plan_for(partial: &PartialAnswers) -> Plan {
    let catalog = Catalog::load().expect("catalog");
    let answers =
        resolve(partial, &Facts::default(), &catalog, &defaults()).expect("answers resolve");
    deployplan_core::plan::build(&answers, &Facts::default(), &catalog).expect("plan builds")
}

pub fn context(app: AppType, exp: Expertise, scale: Scale, budget: Budget) -> PartialAnswers {
    PartialAnswers {
        context: PartialContext {
            app_type: Some(app),
            expertise: Some(exp),
            scale: Some(scale),
            budget: Some(budget),
        },
        ..PartialAnswers::default()
    }
}

/// The template's bracketed placeholders (from the workflow's document template).
const PLACEHOLDERS: &[&str] = &[
    "[Platform",
    "$[",
    "[URL]",
    "[YYYY",
    "[Your name",
    "[Name]",
    "[X ",
    "[their answer]",
    "[Why",
    "[Reason",
    "[Technology",
    "[Type",
    "[Low/Medium/High]",
    "[Staging",
    "[Managed",
    "[Vercel",
    "[Web API",
    "[main/master]",
    "[GitHub Actions",
    "[DEPLOY_TOKEN",
    "[PostgreSQL",
    "[Render",
    "[Prisma",
    "[How",
    "[Platform built-in",
    "[THIRD_PARTY]",
    "[Stripe",
    "[Manual process",
    "[Team leads",
    "[Sentry",
    "[UptimeRobot",
    "[DataDog",
    "[N users",
    "[Date]",
    "[reference",
    "[staging]",
    "[Manual approval",
    "[Cloudflare",
    "[Redis",
    "[Fully automated",
];

const SECTIONS: &[&str] = &[
    "## Executive Summary",
    "## 1. Platform Selection",
    "## 2. Deployment Architecture",
    "## 3. CI/CD Pipeline",
    "## 4. Environment Strategy",
    "## 5. Database Deployment",
    "## 6. Secrets Management",
    "## 7. Rollback Procedures",
    "## 8. Health Checks & Monitoring",
    "## 9. Costs",
    "## 10. Deployment Checklist",
    "## 11. Risks & Mitigations",
    "## 12. Future Considerations",
    "## Approval",
    "```mermaid",
];

fn tdd(plan: &Plan) -> String {
    deployplan_core::render::tdd(plan, &[], &Default::default(), "test")
        .expect("renders")
        .contents
}

#[test]
fn all_288_combinations_get_three_diverse_options_and_a_complete_document() {
    let catalog = Catalog::load().expect("catalog");
    let mut count = 0;
    let mut failures = Vec::new();
    for &app in AppType::all() {
        for &exp in Expertise::all() {
            for &scale in Scale::all() {
                for &budget in Budget::all() {
                    count += 1;
                    let label = format!("{app}/{exp}/{scale}/{budget}");
                    let partial = context(app, exp, scale, budget);
                    let plan = plan_for(&partial);
                    let ids: Vec<&str> = plan
                        .options
                        .iter()
                        .map(|o| o.platform.id.as_str())
                        .collect();
                    if plan.options.len() != 3 {
                        failures.push(format!("{label}: {} options", plan.options.len()));
                    }
                    let philosophies: BTreeSet<_> =
                        plan.options.iter().map(|o| o.platform.philosophy).collect();
                    if philosophies.len() < 2 {
                        failures.push(format!("{label}: one philosophy {ids:?}"));
                    }
                    if (exp == Expertise::Beginner || scale == Scale::Low)
                        && ids.contains(&"kubernetes")
                    {
                        failures.push(format!("{label}: Kubernetes offered"));
                    }
                    let first = &plan.options[0];
                    if app == AppType::Workers
                        && first.platform.capabilities.workers.value != Support::Yes
                    {
                        failures.push(format!("{label}: {} first for workers", first.platform.id));
                    }
                    if plan
                        .options
                        .iter()
                        .any(|o| o.reasons.is_empty() || o.confidence_condition.is_empty())
                    {
                        failures.push(format!("{label}: an option without reasons"));
                    }
                    if !first
                        .reasons
                        .iter()
                        .any(|r| r.contains(&format!("\u{201c}{}\u{201d}", exp.label())))
                    {
                        failures.push(format!(
                            "{label}: reasons do not quote the expertise answer"
                        ));
                    }
                    let doc = tdd(&plan);
                    for s in SECTIONS {
                        if !doc.contains(s) {
                            failures.push(format!("{label}: missing section {s}"));
                        }
                    }
                    for p in PLACEHOLDERS {
                        if doc.contains(p) {
                            failures.push(format!("{label}: placeholder {p} left"));
                        }
                    }
                    if doc != tdd(&plan_for(&partial)) {
                        failures.push(format!("{label}: output differs between runs"));
                    }
                    let _ = &catalog;
                }
            }
        }
    }
    assert_eq!(count, 288);
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn option_ids(plan: &Plan) -> BTreeSet<String> {
    plan.options
        .iter()
        .map(|o| o.platform.id.to_string())
        .collect()
}

fn set(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

#[test]
fn the_workflows_worked_profiles_keep_their_platforms() {
    for app in [
        AppType::FullStack,
        AppType::WebApi,
        AppType::Workers,
        AppType::Monolith,
    ] {
        for budget in [Budget::Free, Budget::Small] {
            let plan = plan_for(&context(app, Expertise::Beginner, Scale::Low, budget));
            assert_eq!(
                option_ids(&plan),
                set(&["vercel", "render", "railway"]),
                "{app} {budget}"
            );
        }
        let plan = plan_for(&context(
            app,
            Expertise::Intermediate,
            Scale::Medium,
            Budget::Medium,
        ));
        assert_eq!(
            option_ids(&plan),
            set(&["fly", "digitalocean", "heroku"]),
            "{app}"
        );
        let plan = plan_for(&context(
            app,
            Expertise::Advanced,
            Scale::High,
            Budget::Enterprise,
        ));
        assert_eq!(
            option_ids(&plan),
            set(&["aws-ecs", "cloud-run", "kubernetes"]),
            "{app}"
        );
    }
}

#[test]
fn recommendations_follow_the_app() {
    let front = plan_for(&context(
        AppType::Frontend,
        Expertise::Beginner,
        Scale::Low,
        Budget::Free,
    ));
    assert_eq!(
        front.philosophy.to_string(),
        "frontend-serverless",
        "{:?}",
        option_ids(&front)
    );
    let workers = plan_for(&context(
        AppType::Workers,
        Expertise::Beginner,
        Scale::Low,
        Budget::Free,
    ));
    assert_eq!(workers.recommendation.platform_id, "render");
    let full = plan_for(&context(
        AppType::FullStack,
        Expertise::Beginner,
        Scale::Low,
        Budget::Small,
    ));
    assert!(
        full.options[0]
            .reasons
            .iter()
            .any(|r| r.contains("you said \u{201c}Full-stack web app\u{201d}"))
    );
}

#[test]
fn worked_profile_documents() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    let cases = [
        (
            "tdd_beginner_low_free",
            AppType::FullStack,
            Expertise::Beginner,
            Scale::Low,
            Budget::Free,
        ),
        (
            "tdd_intermediate_medium_medium",
            AppType::WebApi,
            Expertise::Intermediate,
            Scale::Medium,
            Budget::Medium,
        ),
        (
            "tdd_advanced_high_enterprise",
            AppType::Microservices,
            Expertise::Advanced,
            Scale::High,
            Budget::Enterprise,
        ),
    ];
    for (name, app, exp, scale, budget) in cases {
        let mut partial = context(app, exp, scale, budget);
        partial.database.engine = Some(DatabaseEngine::Postgres);
        partial.secrets.names = Some(vec!["SESSION_SECRET".into(), "STRIPE_API_KEY".into()]);
        let plan = plan_for(&partial);
        settings.bind(|| insta::assert_snapshot!(name, tdd(&plan)));
        let entry = deployplan_core::render::decision_entry(&plan).expect("entry");
        settings.bind(|| insta::assert_snapshot!(format!("{name}_decision"), entry));
    }
}
