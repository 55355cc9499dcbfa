//! `deployplan platforms`: the knowledge base, one line per platform (or JSON).

use std::process::ExitCode;

use deployplan_core::Catalog;
use deployplan_core::answers::Choice;
use deployplan_core::catalog::{Platform, Support};
use deployplan_core::plan::cost::usd;

use crate::cli::PlatformsArgs;
use crate::error::CliError;
use crate::output;

/// The stable JSON shape of a platform: `capabilities` are booleans (true only for full
/// support); `support` says yes/partial/no for each.
pub fn platform_json(p: &Platform) -> serde_json::Value {
    let caps = p.capabilities.named();
    let bools: serde_json::Map<String, serde_json::Value> = caps
        .iter()
        .map(|(k, c)| (k.to_string(), (c.value == Support::Yes).into()))
        .collect();
    let support: serde_json::Map<String, serde_json::Value> = caps
        .iter()
        .map(|(k, c)| (k.to_string(), c.value.id().into()))
        .collect();
    serde_json::json!({
        "id": p.id,
        "name": p.name,
        "philosophy": p.philosophy.id(),
        "complexity": p.complexity.id(),
        "min_expertise": p.min_expertise.id(),
        "max_scale": p.max_scale.id(),
        "capabilities": bools,
        "support": support,
        "regions": p.capabilities.regions.count,
        "pricing": p.pricing.tiers.iter().map(|t| serde_json::json!({"name": t.name, "monthly_usd": t.monthly_usd})).collect::<Vec<_>>(),
        "docs_url": p.docs_url,
        "status": p.status,
    })
}

pub fn run(args: PlatformsArgs) -> Result<ExitCode, CliError> {
    let catalog = Catalog::embedded()?;
    if args.json {
        let all: Vec<serde_json::Value> = catalog.platforms.iter().map(platform_json).collect();
        output::json(&all)?;
        return Ok(ExitCode::SUCCESS);
    }
    let width = catalog
        .platforms
        .iter()
        .map(|p| p.id.len())
        .max()
        .unwrap_or(0);
    let name_width = catalog
        .platforms
        .iter()
        .map(|p| p.name.chars().count())
        .max()
        .unwrap_or(0);
    for p in &catalog.platforms {
        let from = p
            .pricing
            .tiers
            .iter()
            .map(|t| t.monthly_usd)
            .fold(f64::INFINITY, f64::min);
        let free = if p.capabilities.free_tier.value == Support::No {
            "no free tier"
        } else {
            "free tier"
        };
        output::line(&format!(
            "{:<width$}  {:<name_width$}  {:<32}  complexity {:<9}  {free}, from {}/month",
            p.id,
            p.name,
            p.philosophy.label(),
            p.complexity.label().to_lowercase(),
            usd(if from.is_finite() { from } else { 0.0 })
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}
