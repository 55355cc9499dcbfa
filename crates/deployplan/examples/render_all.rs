//! Benchmark helper: plans and renders every one of the 288 combinations of the four context
//! answers (documents and artifacts) in one process, and prints the wall time.
//! Run with `cargo run --release --example render_all` (scripts/bench-generate.sh does).

use std::time::Instant;

use deployplan_core::answers::*;
use deployplan_core::{Catalog, Facts};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let start = Instant::now();
    let catalog = Catalog::load()?;
    let defaults = Defaults {
        today: "2026-11-26".into(),
        project_name: "bench".into(),
        author: "bench".into(),
    };
    let mut files = 0usize;
    let mut bytes = 0usize;
    for &app in AppType::all() {
        for &exp in Expertise::all() {
            for &scale in Scale::all() {
                for &budget in Budget::all() {
                    let p = PartialAnswers {
                        context: PartialContext {
                            app_type: Some(app),
                            expertise: Some(exp),
                            scale: Some(scale),
                            budget: Some(budget),
                        },
                        database: PartialDatabase {
                            engine: Some(DatabaseEngine::Postgres),
                            ..PartialDatabase::default()
                        },
                        ..PartialAnswers::default()
                    };
                    let answers = resolve(&p, &Facts::default(), &catalog, &defaults)?;
                    let plan = deployplan_artifacts::plan(&answers, &Facts::default(), &catalog)?;
                    let artifacts = deployplan_artifacts::render(&plan)?;
                    let ci = deployplan_artifacts::ci_inputs(&plan);
                    let inputs = deployplan_core::render::PipelineInputs {
                        secrets: ci.secrets,
                        settings: ci.settings,
                    };
                    let tdd = deployplan_core::render::tdd(&plan, &artifacts, &inputs, "bench")?;
                    let entry = deployplan_core::render::decision_entry(&plan)?;
                    files += artifacts.len() + 2;
                    bytes += artifacts.iter().map(|f| f.contents.len()).sum::<usize>()
                        + tdd.contents.len()
                        + entry.len();
                }
            }
        }
    }
    let elapsed = start.elapsed();
    println!(
        "288 combinations: {files} files, {bytes} bytes in {:.3} s",
        elapsed.as_secs_f64()
    );
    Ok(())
}
