//! Prints the three options for every combination of the four context answers (a review aid).
use deployplan_core::answers::*;
use deployplan_core::{Catalog, Facts};

fn main() {
    let catalog = Catalog::load().expect("catalog");
    let filter: Vec<String> = std::env::args().skip(1).collect();
    let defaults = Defaults {
        today: "2026-11-26".into(),
        project_name: "x".into(),
        author: "x".into(),
    };
    for &app in AppType::all() {
        for &exp in Expertise::all() {
            for &scale in Scale::all() {
                for &budget in Budget::all() {
                    let label = format!("{app}/{exp}/{scale}/{budget}");
                    if !filter.iter().all(|f| label.contains(f.as_str())) {
                        continue;
                    }
                    let p = PartialAnswers {
                        context: PartialContext {
                            app_type: Some(app),
                            expertise: Some(exp),
                            scale: Some(scale),
                            budget: Some(budget),
                        },
                        ..PartialAnswers::default()
                    };
                    let a = resolve(&p, &Facts::default(), &catalog, &defaults).expect("resolve");
                    let plan = deployplan_core::plan::build(&a, &Facts::default(), &catalog)
                        .expect("plan");
                    let opts: Vec<String> = plan
                        .options
                        .iter()
                        .map(|o| {
                            format!(
                                "{}({},{},${})",
                                o.platform.id,
                                o.score,
                                o.confidence.label(),
                                o.cost.range_low_usd
                            )
                        })
                        .collect();
                    println!("{label:<50} {}", opts.join("  "));
                }
            }
        }
    }
}
