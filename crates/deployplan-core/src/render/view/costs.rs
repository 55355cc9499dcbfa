//! Sections 9 to 12 and the sources: costs, the checklist, the future, and the facts used
//! with the date each was checked.

use serde::Serialize;

use crate::answers::Choice;
use crate::plan::cost::{usd, usd_range};
use crate::plan::{CostAtLoad, Plan};

#[derive(Serialize)]
pub struct Labelled {
    pub label: String,
    pub usd: String,
}

#[derive(Serialize)]
pub struct Scaled {
    pub label: &'static str,
    pub total: String,
}

/// One row of the 1x/2x/10x table.
#[derive(Serialize)]
pub struct CostRow<'a> {
    pub label: &'a str,
    pub one: String,
    pub two: String,
    pub ten: String,
}

#[derive(Serialize)]
pub struct CostsView<'a> {
    pub range: String,
    pub base_items: Option<Vec<Labelled>>,
    pub base_total: String,
    pub capacity: String,
    pub scaled: [Scaled; 2],
    pub table: Vec<CostRow<'a>>,
    pub assumptions: &'a [String],
    pub sources: &'a [String],
}

#[derive(Serialize)]
pub struct Checklist {
    pub before: Vec<String>,
    pub after: Vec<String>,
}

#[derive(Serialize)]
pub struct Future {
    pub scale: Vec<String>,
    pub team: Vec<String>,
}

#[derive(Serialize)]
pub struct SourceView<'a> {
    pub what: String,
    pub url: &'a str,
    pub checked: &'a str,
}

pub fn costs(plan: &Plan) -> CostsView<'_> {
    let cost = &plan.cost;
    let a = &plan.answers;
    let at = |m: u32| cost.at_load.iter().find(|c| c.multiplier == m);
    let base = at(1);
    let mut table = Vec::new();
    if let (Some(one), Some(two), Some(ten)) = (at(1), at(2), at(10)) {
        for (i, item) in ten.items.iter().enumerate() {
            let find = |c: &CostAtLoad| {
                c.items
                    .get(i)
                    .map_or("-".to_string(), |x| usd(x.monthly_usd))
            };
            // "App: 10 instances" is "App" in a table whose columns are the loads.
            let label = if item.label.starts_with("App:") || item.label.starts_with("Workers:") {
                item.label.split(':').next().unwrap_or(&item.label)
            } else {
                item.label.as_str()
            };
            table.push(CostRow {
                label,
                one: find(one),
                two: find(two),
                ten: usd(item.monthly_usd),
            });
        }
        table.push(CostRow {
            label: "**Total**",
            one: usd(one.total_usd),
            two: usd(two.total_usd),
            ten: usd(ten.total_usd),
        });
    }
    let total = |m: u32| at(m).map_or("-".into(), |c| usd(c.total_usd));
    CostsView {
        range: usd_range(cost.range_low_usd, cost.range_high_usd),
        base_items: base.map(|b| {
            b.items
                .iter()
                .map(|i| Labelled {
                    label: i.label.clone(),
                    usd: usd(i.monthly_usd),
                })
                .collect()
        }),
        base_total: base.map_or("$0".into(), |b| usd(b.total_usd)),
        capacity: format!(
            "“{}” ({}) on {} app instance{}",
            a.context.scale.label(),
            a.context.scale.help(),
            cost.instances,
            if cost.instances == 1 { "" } else { "s" }
        ),
        scaled: [
            Scaled {
                label: "If traffic doubles",
                total: total(2),
            },
            Scaled {
                label: "If traffic grows 10x",
                total: total(10),
            },
        ],
        table,
        assumptions: &cost.assumptions,
        sources: &cost.sources,
    }
}

/// Before and after deploying; `health_line` is the health endpoint's item, `parameters` the
/// stack's values only the person knows.
pub fn checklist(
    plan: &Plan,
    health_lines: Vec<String>,
    health_path: Option<&str>,
    parameters: &[&str],
) -> Checklist {
    let staged = plan.has_environment("staging");
    let mut before = vec![
        "All tests passing locally and in CI".to_string(),
        "Environment variables and secrets configured on every environment (section 4)".to_string(),
    ];
    if let Some(d) = &plan.database {
        before.push(format!(
            "Database migrations tested on {}{}",
            if staged {
                "staging"
            } else {
                "a copy of the production data"
            },
            d.migrate_command
                .as_ref()
                .map_or(String::new(), |c| format!(" (`{c}`)"))
        ));
        before.push("Database backup taken (or the automatic one confirmed)".into());
    }
    before.extend(health_lines);
    before.push(format!(
        "Rollback procedure documented and rehearsed{} (section 7)",
        if staged { " on staging" } else { "" }
    ));
    before.push("Team notified of the deployment; not on a Friday afternoon for a production app with users".into());
    before.extend(
        parameters
            .iter()
            .map(|x| format!("Stack parameter or value only you know: {x}")),
    );
    let after = vec![
        match health_path {
            Some(path) => format!("Health check `{path}` returns 200"),
            None => "The app answers on its main page".to_string(),
        },
        "Smoke tests passed (sign in, the main page, one write)".into(),
        "Monitoring and uptime alerts configured".into(),
        "No error spikes in the logs for 15 minutes".into(),
    ];
    Checklist { before, after }
}

pub fn future(plan: &Plan) -> Future {
    let p = &plan.platform;
    let mut scale = vec![
        format!(
            "Horizontal scaling: more {} instances (autoscaling: {})",
            p.name, p.capabilities.autoscaling.note
        ),
        "Database read replicas and connection pooling".to_string(),
        "CDN caching for static assets".to_string(),
    ];
    if let Some(next) = plan
        .recommendation
        .would_change
        .iter()
        .find(|x| x.starts_with("If traffic grows"))
    {
        scale.push(next.clone());
    }
    let mut team = vec![
        "More environments (per developer or per feature)".to_string(),
        "Central secrets management (Vault or a cloud secrets manager) with rotation".to_string(),
        "Infrastructure as Code (Terraform or Pulumi) for the platform resources".to_string(),
    ];
    if let Some(f) = crate::render::ecs::future(plan) {
        // The platform's own answer replaces the generic Terraform/Pulumi line.
        team.retain(|x| !x.starts_with("Infrastructure as Code"));
        team.push(f.to_string());
    }
    Future { scale, team }
}

pub fn sources(plan: &Plan) -> Vec<SourceView<'_>> {
    let p = &plan.platform;
    let caps = &p.capabilities;
    let source = |what: &str, url, checked| SourceView {
        what: what.to_string(),
        url,
        checked,
    };
    let mut sources = vec![
        source("Pricing", &p.pricing.model.source, &p.pricing.model.checked),
        source("Deploy commands", &p.deploy.source, &p.deploy.checked),
        source("Rollback", &p.rollback.source, &p.rollback.checked),
        source(
            "Health checks",
            &p.health_check.source,
            &p.health_check.checked,
        ),
        source(
            "Migrations / release hook",
            &p.migrations.source,
            &p.migrations.checked,
        ),
        source(
            "Background workers",
            &caps.workers.source,
            &caps.workers.checked,
        ),
        source(
            "Websockets",
            &caps.websockets.source,
            &caps.websockets.checked,
        ),
        source("Free tier", &caps.free_tier.source, &caps.free_tier.checked),
    ];
    if let Some(d) = &plan.database
        && let Some(url) = &d.tool_docs
    {
        sources.push(SourceView {
            what: format!("{} commands", d.tool_name.clone().unwrap_or_default()),
            url,
            checked: &plan.answers.project.date,
        });
    }
    sources
}
