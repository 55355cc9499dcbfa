//! Step 2: score every platform against the answers and the facts, then pick three options
//! from at least two philosophies, rank them, and say how sure we are and what would change it.

use super::cost::{self, CostInputs};
use super::model::{Confidence, PlatformOption, Recommendation};
use super::needs::{Needs, said};
use crate::answers::{Answers, AppType, Budget, Choice, Expertise, Scale};
use crate::catalog::{Catalog, Complexity, Philosophy, Platform, PlatformId, Support};
use crate::provenance::AnswerKey;

/// A platform with its score and the words behind it.
#[derive(Debug, Clone)]
pub struct Scored<'c> {
    pub platform: &'c Platform,
    pub score: i32,
    pub blockers: Vec<String>,
    pub reasons: Vec<String>,
    pub avoid_matched: Vec<String>,
    pub cost: super::model::CostEstimate,
}

/// The workflow's three worked profiles keep the platforms it names.
fn worked_profile(a: &Answers) -> Option<[PlatformId; 3]> {
    let c = &a.context;
    if c.app_type == AppType::Frontend {
        // A frontend-only app is better served by the scored frontend platforms than by the
        // profile's container platforms; the profiles were written for apps with a server.
        return None;
    }
    match (c.expertise, c.scale, c.budget) {
        (Expertise::Beginner, Scale::Low, Budget::Free | Budget::Small) => {
            Some([PlatformId::Vercel, PlatformId::Render, PlatformId::Railway])
        }
        (Expertise::Intermediate, Scale::Medium, Budget::Medium) => Some([
            PlatformId::Fly,
            PlatformId::DigitalOcean,
            PlatformId::Heroku,
        ]),
        (Expertise::Advanced, Scale::High, Budget::Enterprise) => Some([
            PlatformId::AwsEcs,
            PlatformId::CloudRun,
            PlatformId::Kubernetes,
        ]),
        _ => None,
    }
}

/// Platforms that are never offered for these answers (not merely ranked low).
fn excluded(p: &Platform, a: &Answers) -> bool {
    // Kubernetes is never right for a first deployment or a low-traffic app.
    p.philosophy == Philosophy::Orchestrator
        && (a.context.expertise == Expertise::Beginner || a.context.scale == Scale::Low)
}

fn expertise_rank(e: Expertise) -> i32 {
    match e {
        Expertise::Beginner => 0,
        Expertise::Intermediate => 1,
        Expertise::Advanced => 2,
    }
}

fn complexity_fit(expertise: Expertise, complexity: Complexity, scale: Scale, app: AppType) -> i32 {
    use Complexity::*;
    let big = scale >= Scale::High || app == AppType::Microservices;
    match expertise {
        Expertise::Beginner => match complexity {
            VeryLow => 20,
            Low => 15,
            Medium => -10,
            High => -40,
            VeryHigh => -80,
        },
        Expertise::Intermediate => match complexity {
            VeryLow => 5,
            Low => 10,
            Medium => 10,
            High => -10,
            VeryHigh => -40,
        },
        Expertise::Advanced => match complexity {
            VeryLow | Low if big => -5,
            VeryLow => 0,
            Low => 5,
            Medium => 10,
            High if big => 20,
            High => 0,
            VeryHigh if scale == Scale::VeryHigh || app == AppType::Microservices => 15,
            VeryHigh => -20,
        },
    }
}

fn philosophy_fit(app: AppType, philosophy: Philosophy, expertise: Expertise) -> i32 {
    use Philosophy::*;
    match (app, philosophy) {
        (AppType::Frontend, FrontendServerless) => 35,
        (AppType::Frontend, _) => -10,
        (AppType::FullStack, ManagedPaas) => 15,
        (AppType::FullStack, FrontendServerless) => 5,
        (AppType::FullStack, ContainerPaas | ServerlessContainers) => 5,
        (AppType::WebApi, ManagedPaas | ContainerPaas | ServerlessContainers) => 10,
        (AppType::Workers, ManagedPaas | ContainerPaas) => 10,
        (AppType::Workers, CloudContainers) => 5,
        (AppType::Microservices, Orchestrator) if expertise == Expertise::Advanced => 20,
        (AppType::Microservices, CloudContainers) => 15,
        (AppType::Microservices, ServerlessContainers | ContainerPaas) => 10,
        (AppType::Monolith, ManagedPaas) => 15,
        (AppType::Monolith, ContainerPaas | SelfHosted) => 10,
        _ => 0,
    }
}

/// Frameworks with a platform built around them: the first of the app's frameworks whose
/// provider names this platform.
fn framework_affinity(needs: &Needs, p: &Platform) -> Option<(i32, String)> {
    needs.frameworks.iter().find_map(|f| {
        let a = crate::frameworks::affinity(f.id)
            .iter()
            .find(|a| p.id == a.platform)?;
        Some((
            a.bonus,
            format!(
                "the repo is a {} app, which {} is built to serve",
                f.name, p.name
            ),
        ))
    })
}

pub fn score<'c>(p: &'c Platform, a: &Answers, needs: &Needs, catalog: &Catalog) -> Scored<'c> {
    let c = &a.context;
    let caps = &p.capabilities;
    let mut score = 50;
    let mut blockers = Vec::new();
    let mut reasons = Vec::new();

    let hard = |need: &Option<String>,
                cap: Support,
                what: &str,
                blockers: &mut Vec<String>,
                strict: bool| {
        if let Some(why) = need
            && (cap == Support::No || (strict && cap == Support::Partial))
        {
            blockers.push(format!("{why}, and {} {what}", p.name));
        }
    };
    hard(
        &needs.workers,
        caps.workers.value,
        "cannot run background workers",
        &mut blockers,
        c.app_type == AppType::Workers,
    );
    hard(
        &needs.websockets,
        caps.websockets.value,
        "cannot hold websockets open",
        &mut blockers,
        false,
    );
    hard(
        &needs.persistent_disk,
        caps.persistent_disk.value,
        "has no persistent disk",
        &mut blockers,
        false,
    );
    hard(
        &needs.long_running,
        caps.long_running.value,
        "cannot run a long-running server",
        &mut blockers,
        false,
    );
    for (need, cap, what) in [
        (
            &needs.workers,
            caps.workers.value,
            "background workers are in beta or limited",
        ),
        (
            &needs.websockets,
            caps.websockets.value,
            "websocket support is in beta or limited",
        ),
        (
            &needs.long_running,
            caps.long_running.value,
            "long-running servers are limited",
        ),
    ] {
        if need.is_some() && cap == Support::Partial {
            score -= 15;
            reasons.push(format!(
                "{}; on {} {what}",
                need.as_deref().unwrap_or_default(),
                p.name
            ));
        } else if let Some(why) = need
            && cap == Support::Yes
        {
            if std::ptr::eq(need, &needs.workers) && !p.id.deploys_workers() {
                // The platform has workers (Cloud Run worker pools) but the generated files
                // do not write them: no bonus for what the person must build alone.
                reasons.push(format!(
                    "{why}; {} runs workers as a separate resource, which the generated files do not write",
                    p.name
                ));
            } else {
                score += 5;
                reasons.push(format!("{why}, and {} runs that natively", p.name));
            }
        }
    }

    let inputs = CostInputs::from_answers(a, needs.workers.is_some(), a.secrets.names.len());
    let cost = cost::estimate(p, catalog, &inputs);
    let monthly = cost.range_low_usd;
    if c.budget == Budget::Free {
        if caps.free_tier.value == Support::No && !p.pricing.model.free_for_low_traffic {
            blockers.push(format!(
                "{} (“{}”), and {} has no free tier",
                said(a, AnswerKey::Budget, c.budget),
                c.budget.help(),
                p.name
            ));
        } else if monthly > 0.0 {
            // The further from $0, the worse the fit for a free budget.
            score -= 10 + (monthly / 2.0).min(30.0) as i32;
        } else {
            score += 10;
        }
    }
    match cost::budget_ceiling(c.budget) {
        Some(ceiling) if monthly > ceiling => {
            score -= if c.budget == Budget::Free {
                0 // already counted above
            } else if monthly > ceiling * 2.0 {
                35
            } else {
                15
            };
            reasons.push(format!(
                "{} ({}), but this setup costs about {}/month here",
                said(a, AnswerKey::Budget, c.budget),
                c.budget.help(),
                cost::usd(monthly)
            ));
        }
        Some(_) | None => reasons.push(format!(
            "{} ({}); this setup costs about {}/month here",
            said(a, AnswerKey::Budget, c.budget),
            c.budget.help(),
            cost::usd_range(cost.range_low_usd, cost.range_high_usd)
        )),
    }

    let fit = complexity_fit(c.expertise, p.complexity, c.scale, c.app_type);
    score += fit;
    if expertise_rank(c.expertise) < expertise_rank(p.min_expertise) {
        score -= 25 * (expertise_rank(p.min_expertise) - expertise_rank(c.expertise));
    }
    reasons.push(format!(
        "{} ({}); deployment complexity here is {} ({})",
        said(a, AnswerKey::Expertise, c.expertise),
        c.expertise.help(),
        p.complexity.label().to_lowercase(),
        p.complexity.help()
    ));

    if c.scale > p.max_scale {
        let gap = c.scale as i32 - p.max_scale as i32;
        score -= 25 * gap;
        reasons.push(format!(
            "{} traffic ({}), more than {} serves comfortably (“{}” traffic at most)",
            said(a, AnswerKey::Scale, c.scale),
            c.scale.help(),
            p.name,
            p.max_scale.label()
        ));
    } else {
        reasons.push(format!(
            "{} traffic ({}); {} serves up to “{}” traffic comfortably",
            said(a, AnswerKey::Scale, c.scale),
            c.scale.help(),
            p.name,
            p.max_scale.label()
        ));
    }

    let pfit = philosophy_fit(c.app_type, p.philosophy, c.expertise);
    score += pfit;
    let best = p.best_for.first().map(String::as_str).unwrap_or_default();
    reasons.insert(
        0,
        format!(
            "{} ({}); {} is best for: {}",
            said(a, AnswerKey::AppType, c.app_type),
            c.app_type.help(),
            p.name,
            best
        ),
    );

    if let Some((bonus, why)) = framework_affinity(needs, p) {
        score += bonus;
        reasons.push(why);
    }
    if let Some(why) = &needs.dockerfile
        && caps.docker.value == Support::Yes
    {
        score += 8;
        reasons.push(format!(
            "{why}, and {} runs Docker images as they are",
            p.name
        ));
    }
    if a.environments.strategy == crate::answers::EnvironmentStrategy::PreviewStagingProduction
        && caps.preview_environments.value == Support::No
    {
        score -= 10;
        reasons.push(format!(
            "{} for environments, and {} has no preview deployments",
            said(a, AnswerKey::Environments, a.environments.strategy),
            p.name
        ));
    }
    if p.status.is_some() {
        score -= 10;
    }

    let mut avoid_matched = Vec::new();
    for avoid in &p.avoid_if {
        if needs.holds(avoid.when, a) {
            score -= 12;
            avoid_matched.push(avoid.text.clone());
        }
    }
    if !blockers.is_empty() {
        score -= 100;
    }
    Scored {
        platform: p,
        score,
        blockers,
        reasons,
        avoid_matched,
        cost,
    }
}

/// Every offerable platform, best first (blocked ones last).
pub fn rank<'c>(a: &Answers, needs: &Needs, catalog: &'c Catalog) -> Vec<Scored<'c>> {
    let mut all: Vec<Scored<'c>> = catalog
        .platforms
        .iter()
        .filter(|p| !excluded(p, a))
        .map(|p| score(p, a, needs, catalog))
        .collect();
    all.sort_by(|x, y| {
        x.blockers
            .is_empty()
            .cmp(&y.blockers.is_empty())
            .reverse()
            .then(y.score.cmp(&x.score))
            // Between equal fits, the cheaper one first.
            .then(x.cost.range_low_usd.total_cmp(&y.cost.range_low_usd))
            .then(x.platform.id.as_str().cmp(y.platform.id.as_str()))
    });
    all
}

/// The three options, ranked, from at least two philosophies.
pub fn choose_three<'c>(a: &Answers, ranked: &[Scored<'c>]) -> Vec<Scored<'c>> {
    if let Some(ids) = worked_profile(a) {
        let picked: Vec<Scored<'c>> = ranked
            .iter()
            .filter(|s| ids.contains(&s.platform.id))
            .cloned()
            .collect();
        if picked.len() == 3 {
            return picked;
        }
    }
    let mut picked: Vec<Scored<'c>> = ranked.iter().take(2).cloned().collect();
    let same = picked.len() == 2 && picked[0].platform.philosophy == picked[1].platform.philosophy;
    let third = ranked
        .iter()
        .skip(2)
        .find(|s| !same || s.platform.philosophy != picked[0].platform.philosophy);
    picked.extend(third.cloned());
    picked
}

fn confidence(s: &Scored<'_>) -> Confidence {
    if !s.blockers.is_empty() || s.score < 30 {
        Confidence::Low
    } else if s.avoid_matched.is_empty() && s.score >= 70 {
        Confidence::High
    } else if s.avoid_matched.len() >= 2 {
        Confidence::Low
    } else {
        Confidence::Medium
    }
}

fn confidence_condition(s: &Scored<'_>, conf: Confidence, a: &Answers, needs: &Needs) -> String {
    let unmatched = s
        .platform
        .avoid_if
        .iter()
        .find(|av| !needs.holds(av.when, a));
    match conf {
        Confidence::High => match unmatched {
            Some(av) => format!("Low if: {}", av.text),
            None => "High for these answers".to_string(),
        },
        Confidence::Medium | Confidence::Low => {
            let why = s
                .blockers
                .first()
                .or(s.avoid_matched.first())
                .cloned()
                .unwrap_or_else(|| "the fit with your answers is only partial".to_string());
            let better = if conf == Confidence::Low {
                "Medium or High"
            } else {
                "High"
            };
            format!("{better} if this no longer held: {why}")
        }
    }
}

/// Lowercases the first letter of a sentence, unless it starts an acronym or a name
/// ("MVPs", "Next.js" keep theirs).
pub fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match (chars.next(), chars.clone().next()) {
        (Some(c), Some(n)) if n.is_lowercase() || n == ' ' => {
            c.to_lowercase().chain(chars).collect()
        }
        _ => s.to_string(),
    }
}

pub fn to_options(chosen: &[Scored<'_>], a: &Answers, needs: &Needs) -> Vec<PlatformOption> {
    chosen
        .iter()
        .zip(['A', 'B', 'C'])
        .map(|(s, letter)| {
            let conf = confidence(s);
            let mut reasons = s.blockers.clone();
            reasons.extend(s.reasons.iter().cloned());
            PlatformOption {
                letter,
                platform: s.platform.clone(),
                score: s.score,
                confidence: conf,
                confidence_condition: confidence_condition(s, conf, a, needs),
                reasons,
                avoid_if_matched: s.avoid_matched.clone(),
                blockers: s.blockers.clone(),
                cost: s.cost.clone(),
            }
        })
        .collect()
}

/// What-ifs: the same answers with one thing changed, and the platform that would come first.
fn counterfactuals(a: &Answers, needs: &Needs, catalog: &Catalog, top: &str) -> Vec<String> {
    let first = |a2: &Answers, n2: &Needs| -> Option<String> {
        let ranked = rank(a2, n2, catalog);
        choose_three(a2, &ranked)
            .first()
            .map(|s| s.platform.name.clone())
    };
    let mut out = Vec::new();
    let mut push = |label: String, a2: Answers, n2: Needs| {
        if let Some(name) = first(&a2, &n2) {
            let same = catalog.platform(top).is_some_and(|p| p.name == name);
            out.push(if same {
                format!("{label}: still {name}")
            } else {
                format!("{label}: {name} instead")
            });
        }
    };
    if needs.workers.is_none() {
        let n2 = Needs {
            workers: Some("background workers".into()),
            ..needs.clone()
        };
        push(
            "If the app includes background workers".into(),
            a.clone(),
            n2,
        );
    }
    if a.context.budget != Budget::Free {
        let mut a2 = a.clone();
        a2.context.budget = Budget::Free;
        push("If the budget must be $0".into(), a2, needs.clone());
    }
    if a.context.scale < Scale::VeryHigh {
        let mut a2 = a.clone();
        let next = Scale::all()[a.context.scale as usize + 1];
        a2.context.scale = next;
        push(
            format!("If traffic grows to “{}” ({})", next.label(), next.help()),
            a2,
            needs.clone(),
        );
    }
    if a.context.app_type != AppType::Frontend {
        let mut a2 = a.clone();
        a2.context.app_type = AppType::Frontend;
        let n2 = Needs {
            workers: None,
            long_running: None,
            websockets: None,
            ..needs.clone()
        };
        push(
            "If the app were frontend only (static or Next.js/React)".into(),
            a2,
            n2,
        );
    }
    if a.context.expertise != Expertise::Advanced {
        let mut a2 = a.clone();
        a2.context.expertise = Expertise::Advanced;
        push(
            "If you were comfortable with Docker, Kubernetes and IaC".into(),
            a2,
            needs.clone(),
        );
    }
    out
}

pub fn recommendation(
    options: &[PlatformOption],
    a: &Answers,
    needs: &Needs,
    catalog: &Catalog,
) -> Recommendation {
    let top = &options[0];
    let margin = options.get(1).map_or(100, |o| top.score - o.score);
    let (certainty, certainty_reason) = match (top.confidence, margin) {
        (Confidence::High, m) if m >= 15 => (
            "confident",
            format!(
                "{} fits every answer and leads the next option by a clear margin",
                top.platform.name
            ),
        ),
        (Confidence::Low, _) => (
            "uncertain",
            format!(
                "no platform fits every answer; {} is the least bad fit: {}",
                top.platform.name,
                lower_first(
                    top.blockers
                        .first()
                        .or(top.avoid_if_matched.first())
                        .map_or("", |s| s.as_str())
                )
            ),
        ),
        (_, m) if m >= 8 => (
            "moderately confident",
            format!(
                "{} leads, but {} is close behind",
                top.platform.name, options[1].platform.name
            ),
        ),
        _ => (
            "uncertain",
            format!(
                "{} and {} are nearly tied for these answers; the tie-breaker is what matters most to you",
                top.platform.name, options[1].platform.name
            ),
        ),
    };
    let because = top
        .reasons
        .iter()
        .take(3)
        .map(|r| lower_first(r))
        .collect::<Vec<_>>()
        .join("; ");
    Recommendation {
        platform_id: top.platform.id.to_string(),
        because,
        certainty: certainty.to_string(),
        certainty_reason,
        would_change: counterfactuals(a, needs, catalog, &top.platform.id),
    }
}
