//! The document's view of a plan: every value the template prints, already worded, so the
//! template only lays it out.

use serde::Serialize;

use super::diagram;
use crate::answers::{Choice, CiProvider};
use crate::file::GeneratedFile;
use crate::plan::cost::usd;
use crate::plan::{Plan, PlatformOption, ProcessKind};

#[derive(Serialize)]
pub struct Labelled {
    pub label: String,
    pub usd: String,
}

#[derive(Serialize)]
pub struct NameWhy {
    pub name: String,
    pub why: String,
}

fn option_view(o: &PlatformOption) -> serde_json::Value {
    let p = &o.platform;
    let tiers: Vec<String> = p
        .pricing
        .tiers
        .iter()
        .map(|t| {
            if t.monthly_usd == 0.0 && t.name.to_lowercase().contains("enterprise") {
                format!("{}: custom pricing", t.name)
            } else if t.monthly_usd == 0.0 {
                format!("{}: $0", t.name)
            } else {
                format!("{} {}/month", t.name, usd(t.monthly_usd))
            }
        })
        .collect();
    let mut avoid: Vec<String> = p.avoid_if.iter().map(|a| a.text.clone()).collect();
    for m in &o.avoid_if_matched {
        if let Some(x) = avoid.iter_mut().find(|x| *x == m) {
            x.push_str(" **(applies to you)**");
        }
    }
    serde_json::json!({
        "letter": o.letter.to_string(),
        "name": p.name,
        "philosophy": p.philosophy.label(),
        "confidence": o.confidence.label(),
        "confidence_condition": o.confidence_condition,
        "score": o.score,
        "best_for": p.best_for.join(", "),
        "pros": p.pros,
        "cons": p.cons,
        "avoid_if": avoid,
        "reasons": o.reasons,
        "cost": format!(
            "about {}/month for this app ({}); {}",
            crate::plan::cost::usd_range(o.cost.range_low_usd, o.cost.range_high_usd),
            tiers.join(", "),
            p.pricing.summary
        ),
        "complexity": format!("{} ({})", p.complexity.label(), p.complexity.help()),
        "reference": p.docs_url,
    })
}

fn title(name: &str) -> String {
    let mut c = name.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

pub fn build(
    plan: &Plan,
    artifacts: &[GeneratedFile],
    inputs: &super::PipelineInputs,
    version: &str,
) -> serde_json::Value {
    // The pipeline's secrets, decided once with its jobs (deployplan_artifacts::ci_inputs).
    let ci_secrets = &plan.ci.secrets;
    let a = &plan.answers;
    let p = &plan.platform;
    let cost = &plan.cost;
    let range = crate::plan::cost::usd_range(cost.range_low_usd, cost.range_high_usd);
    let db = plan.database.as_ref();
    let environments_label = a.environments.strategy.label().to_string();

    let cicd = if plan.ci.automated {
        format!(
            "Automated via {}: {} on every push, deploy from `{}`; production by {}",
            plan.ci.provider_name,
            if plan.runtime.test_command.is_some() {
                "tests"
            } else {
                "install and build (no tests yet)"
            },
            plan.ci.branch,
            plan.ci.production_trigger
        )
    } else {
        "Manual deployments (a person runs the deploy command)".to_string()
    };
    let key = serde_json::json!({
        "platform": match plan.options.iter().find(|o| o.platform.id == p.id) {
            Some(o) => format!(
                "{} ({}), {} confidence{}",
                p.name,
                p.philosophy.label(),
                o.confidence.label().to_lowercase(),
                if plan.overridden { "; your choice over the recommendation" } else { "" }
            ),
            None => format!(
                "{} ({}), your choice; not among the three options for these answers",
                p.name,
                p.philosophy.label()
            ),
        },
        "cicd": cicd,
        "environments": environments_label,
        "database": db.map_or("None".to_string(), |d| format!("{} on {}", d.engine_name, d.hosting_name)),
        "secrets": plan.secrets.store_name,
    });

    let mut facts = Vec::new();
    let f = &plan.facts;
    if !f.is_empty() {
        for fw in &f.frameworks {
            if let Some(e) = fw.evidence.first() {
                facts.push(format!("framework `{}` ({e})", fw.name));
            }
        }
        if let Some(d) = &f.dockerfile {
            facts.push(format!("Dockerfile at `{}`", d.value));
        }
        for d in &f.databases {
            if let Some(e) = d.evidence.first() {
                facts.push(format!("database `{}` ({e})", d.name));
            }
        }
        if let Some(m) = &f.migration_tool {
            facts.push(format!("migration tool `{}`: `{}`", m.name, m.command));
        }
        for w in f.workers.iter().chain(&f.websockets) {
            if let Some(e) = w.evidence.first() {
                facts.push(format!("`{}` ({e})", w.name));
            }
        }
        if !f.env_vars.is_empty() {
            facts.push(format!(
                "{} environment variables read by the code (section 6)",
                f.env_vars.len()
            ));
        }
        for s in &f.secrets_committed {
            facts.push(format!(
                "**committed secret**: {} in `{}` (risk 1)",
                s.kind, s.path
            ));
        }
        for c in &f.ci {
            facts.push(format!("existing CI: {}", c.name));
        }
        // The toolchain with its sources (conventions are listed among the assumptions).
        for e in &plan.runtime.evidence {
            if !e.contains(": convention") && !e.contains("command from") && !e.starts_with("port ")
            {
                facts.push(format!("toolchain: {e}"));
            }
        }
        match &f.tests.first() {
            Some(t) => facts.push(format!("tests found ({t})")),
            None => facts.push("no tests found: the pipeline has no test step".into()),
        }
    }

    // Components of section 2.
    let mut components = vec![NameWhy {
        name: "App".into(),
        why: format!(
            "{} on {}, {} instance{} at the expected traffic, listening on port {}",
            if plan.runtime.frameworks.is_empty() {
                title(plan.runtime.stack.id())
            } else {
                plan.runtime.frameworks.join(" + ")
            },
            p.name,
            cost.instances,
            if cost.instances == 1 { "" } else { "s" },
            plan.runtime.port
        ),
    }];
    for proc in plan
        .runtime
        .processes
        .iter()
        .filter(|x| x.kind == ProcessKind::Worker)
    {
        components.push(NameWhy {
            name: format!("Worker `{}`", proc.name),
            why: proc
                .command
                .clone()
                .map_or("background jobs".into(), |c| format!("`{c}`")),
        });
    }
    components.push(NameWhy {
        name: "Database".into(),
        why: db.map_or("none".into(), |d| {
            format!("{} on {}", d.engine_name, d.hosting_name)
        }),
    });
    components.push(NameWhy {
        name: "Cache".into(),
        why: db
            .and_then(|d| d.cache.clone())
            .unwrap_or_else(|| "none".into()),
    });
    components.push(NameWhy {
        name: "CDN".into(),
        why: format!("{}'s edge network and automatic HTTPS", p.name),
    });
    for schedule in &plan.facts.schedules {
        let at = schedule
            .evidence
            .first()
            .map(|e| format!(" ({e})"))
            .unwrap_or_default();
        components.push(NameWhy {
            name: "Schedules".into(),
            why: format!(
                "`{}`{at} triggers jobs from inside the app's own processes; keep exactly one scheduler running (one instance, or a lock) so jobs do not run twice",
                schedule.name
            ),
        });
    }
    if plan.runtime.websockets {
        components.push(NameWhy {
            name: "Websockets".into(),
            why: "long-lived connections served by the app instances".into(),
        });
    }
    let components: Vec<serde_json::Value> = components
        .into_iter()
        .map(|c| serde_json::json!({"name": c.name, "detail": c.why}))
        .collect();

    // Section 3.
    let first_env = plan
        .environments
        .first()
        .map_or("production".to_string(), |e| e.name.clone());
    let install = &plan.runtime.install_command;
    let mut workflow = vec![format!(
        "A developer pushes to `{}` (or opens a pull request)",
        plan.ci.branch
    )];
    match &plan.runtime.test_command {
        Some(test) => {
            workflow.push(format!(
                "{} runs the tests: `{install}` then `{test}`",
                plan.ci.provider_name
            ));
            workflow.push("If the tests fail, nothing is deployed".to_string());
        }
        None => workflow.push(format!(
            "{} installs (`{install}`) and builds; there is no test step because the repository has no tests",
            plan.ci.provider_name
        )),
    }
    for s in plan.ci.stages.iter().filter(|s| s.name != "test") {
        workflow.push(title(&s.description));
    }
    let check = if let Some(h) = &plan.health {
        format!(
            "Check `{}` returns 200 and watch the logs for a few minutes",
            h.path
        )
    } else {
        "Open the app, try the main flows, and watch the logs for a few minutes".to_string()
    };
    let mut manual_steps = vec![
        match &plan.runtime.test_command {
            Some(test) => format!("Run the tests locally: `{install}` then `{test}`"),
            None => format!("Install (`{install}`): the repository has no tests to run yet"),
        },
        format!("Deploy to {first_env} with the commands below"),
        check,
    ];
    if first_env != "production" {
        manual_steps.push("Promote to production the same way once it is verified".to_string());
    }
    manual_steps.push("Announce the release and note it in the changelog".to_string());
    let mut ci_notes = p.deploy.notes.clone();
    if a.ci.provider == CiProvider::Github {
        for s in plan
            .secrets
            .secrets
            .iter()
            .filter(|s| s.name.starts_with("GITHUB_"))
        {
            let stored = crate::answers::reserved::ci_secret_name("github", &s.name);
            ci_notes.push(format!(
                "GitHub refuses secret names that begin with `GITHUB_`: store `{}` as the repository secret `{stored}`; the workflow maps it back (`{}: ${{{{ secrets.{stored} }}}}`).",
                s.name, s.name
            ));
        }
    }
    if p.deploy.git_integration {
        ci_notes.push(format!(
            "{} can also deploy by itself on every push through its Git integration; use either that or the pipeline, not both, or each push deploys twice.",
            p.name
        ));
    }
    let ci = serde_json::json!({
        "automation": if plan.ci.automated { format!("Fully automated ({})", plan.ci.provider_name) } else { "Manual".to_string() },
        "manual": !plan.ci.automated,
        "other": a.ci.provider == CiProvider::Other,
        "manual_steps": manual_steps,
        "workflow": workflow,
        "location": plan.ci.pipeline_path.as_ref().map_or("your CI's configuration (see the stages below)".to_string(), |x| format!("`{x}`")),
        "triggers": format!("push to `{}` (staging or production), pull requests (tests{}), and a manual run", plan.ci.branch, if plan.has_environment("preview") { ", previews" } else { "" }),
        "secrets": if ci_secrets.is_empty() { "none beyond the app's own".to_string() } else { ci_secrets.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ") },
        "secret_list": ci_secrets,
        "settings": inputs.settings.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", "),
        "stages": plan.ci.stages,
        "deploy_commands": p.deploy.commands,
        "notes": ci_notes,
    });

    let environments: Vec<serde_json::Value> = plan
        .environments
        .iter()
        .map(|e| serde_json::json!({"title": title(&e.name), "purpose": e.purpose, "trigger": e.trigger, "url": e.url}))
        .collect();
    let env_rows: Vec<serde_json::Value> = plan
        .secrets
        .env_vars
        .iter()
        .map(|r| {
            let values: Vec<String> = plan
                .environments
                .iter()
                .map(|e| match e.name.as_str() {
                    "production" => r.production.clone(),
                    other => r.staging.replace("staging", other),
                })
                .collect();
            serde_json::json!({"name": r.name, "values": values, "stored_in": r.stored_in})
        })
        .collect();

    let database = db.map(|d| {
        serde_json::json!({
            "version": d.version,
            "hosting": d.hosting_name,
            "cache": d.cache,
            "tool": d.tool_name.clone().unwrap_or_else(|| "none (schema managed by hand)".into()),
            "when": match (&d.migrates_at_startup, d.migrations_auto) {
                (Some(how), _) => format!("when each new instance starts: {how}"),
                (None, true) => "automatically, before the new release takes traffic".to_string(),
                (None, false) => "manually, by a person, before the release that needs them".to_string(),
            },
            "command": d.migrate_command.as_ref().map_or("none".to_string(), |c| format!("`{c}`")),
            "hook": d.hook,
            "hook_caveats": d.hook_caveats,
            "revert": d.revert.as_ref().map_or(String::new(), |r| format!("To undo one migration by hand: {}.", r.trim_end_matches('.'))),
            "docs": d.tool_docs,
            "backups": d.backups,
            "backup_provider": if d.hosting == "self-managed" { "your own scripts and object storage".to_string() } else { d.hosting_name.clone() },
        })
    });

    let secrets = serde_json::json!({
        "store": plan.secrets.store_name,
        "list": plan.secrets.secrets,
        "rotation": if plan.secrets.store == "secrets-manager" { "automatic rotation in the secrets manager where the provider supports it; manual otherwise, recorded in the changelog" } else { "manual: generate a new value, update it on the platform, redeploy, then revoke the old value" },
        "where": if plan.secrets.store == "secrets-manager" { "the secrets manager".to_string() } else { format!("the {} project", p.name) },
        "access": if plan.secrets.store == "secrets-manager" { format!("the secrets manager's console or CLI, injected into {} at deploy time", p.name) } else { format!("the {} dashboard or CLI", p.name) },
    });

    let health = plan.health.as_ref().map(|h| {
        let example = if db.is_some() {
            "{\n  \"status\": \"healthy\",\n  \"database\": \"connected\",\n  \"version\": \"1.0.0\",\n  \"uptime\": 3600\n}"
        } else {
            "{\n  \"status\": \"healthy\",\n  \"version\": \"1.0.0\",\n  \"uptime\": 3600\n}"
        };
        serde_json::json!({
            "path": h.path, "interval": h.interval_s, "timeout": h.timeout_s, "threshold": h.unhealthy_threshold,
            "configured_in": h.platform_config, "defaults": h.platform_defaults,
            "not_settable": h.not_settable.join(", "), "example": example,
            "source": h.source.describe(),
            "format_note": match h.source {
                crate::plan::HealthSource::Generated => "what the generated endpoint returns",
                crate::plan::HealthSource::Convention { .. } => "the design to implement",
                _ => "recommended; the platform itself only needs a 2xx",
            },
            "endpoint": h.endpoint.as_ref().map(|e| serde_json::json!({
                "framework": e.framework, "file": e.file, "mount": e.mount.join("\n"),
                "mount_in": e.mount_in, "version_env": e.version_env,
            })),
        })
    });
    let port_check = plan.port_check.as_ref().map(|c| {
        serde_json::json!({
            "why": c.why,
            "how": c.how.clone().unwrap_or_else(|| format!("{} has no port check: nothing checks the app before it takes traffic", p.name)),
            "declined": !a.health.enabled,
        })
    });

    let at = |m: u32| cost.at_load.iter().find(|c| c.multiplier == m);
    let base = at(1);
    let mut table = Vec::new();
    if let (Some(one), Some(two), Some(ten)) = (at(1), at(2), at(10)) {
        for (i, item) in ten.items.iter().enumerate() {
            let find = |c: &crate::plan::CostAtLoad| {
                c.items
                    .get(i)
                    .map_or("-".to_string(), |x| usd(x.monthly_usd))
            };
            table.push(serde_json::json!({"label": if item.label.starts_with("App:") || item.label.starts_with("Workers:") { item.label.split(':').next().unwrap_or(&item.label) } else { item.label.as_str() }, "one": find(one), "two": find(two), "ten": usd(item.monthly_usd)}));
        }
        table.push(serde_json::json!({"label": "**Total**", "one": usd(one.total_usd), "two": usd(two.total_usd), "ten": usd(ten.total_usd)}));
    }
    let costs = serde_json::json!({
        "range": range,
        "base_items": base.map(|b| b.items.iter().map(|i| Labelled { label: i.label.clone(), usd: usd(i.monthly_usd) }).collect::<Vec<_>>()),
        "base_total": base.map_or("$0".into(), |b| usd(b.total_usd)),
        "capacity": format!("“{}” ({}) on {} app instance{}", a.context.scale.label(), a.context.scale.help(), cost.instances, if cost.instances == 1 { "" } else { "s" }),
        "scaled": [
            {"label": "If traffic doubles", "total": at(2).map_or("-".into(), |c| usd(c.total_usd))},
            {"label": "If traffic grows 10x", "total": at(10).map_or("-".into(), |c| usd(c.total_usd))},
        ],
        "table": table,
        "assumptions": cost.assumptions,
        "sources": cost.sources,
    });

    let staged = plan.has_environment("staging");
    let mut before = vec![
        "All tests passing locally and in CI".to_string(),
        "Environment variables and secrets configured on every environment (section 4)".to_string(),
    ];
    if let Some(d) = db {
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
    before.push(match &plan.health {
        Some(h) => match &h.endpoint {
            Some(e) => format!(
                "Health endpoint mounted: {}add to {}: `{}`",
                e.file
                    .as_ref()
                    .map_or(String::new(), |f| format!("copy the generated `{f}` into the app, then ")),
                e.mount_in,
                e.mount.join("` and `")
            ),
            None if matches!(h.source, crate::plan::HealthSource::Convention { .. }) => format!(
                "Health check endpoint `{}` implemented (the workflow's design: no repository was scanned)",
                h.path
            ),
            None => format!(
                "Health check endpoint `{}` answers 200 ({})",
                h.path,
                h.source.describe()
            ),
        },
        None if !a.health.enabled => {
            "Health checks designed in the separate monitoring TDD".to_string()
        }
        None => "Add a health route to the app, then rerun deployplan so the platform probes it"
            .to_string(),
    });
    before.push(format!(
        "Rollback procedure documented and rehearsed{} (section 7)",
        if staged { " on staging" } else { "" }
    ));
    before.push("Team notified of the deployment; not on a Friday afternoon for a production app with users".into());
    let after = vec![
        match &plan.health {
            Some(h) => format!("Health check `{}` returns 200", h.path),
            None => "The app answers on its main page".to_string(),
        },
        "Smoke tests passed (sign in, the main page, one write)".into(),
        "Monitoring and uptime alerts configured".into(),
        "No error spikes in the logs for 15 minutes".into(),
    ];

    let mut future_scale = vec![
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
        future_scale.push(next.clone());
    }
    let mut future_team = vec![
        "More environments (per developer or per feature)".to_string(),
        "Central secrets management (Vault or a cloud secrets manager) with rotation".to_string(),
        "Infrastructure as Code (Terraform or Pulumi) for the platform resources".to_string(),
    ];

    if let Some(f) = super::ecs::future(plan) {
        // The platform's own answer replaces the generic Terraform/Pulumi line.
        future_team.retain(|x| !x.starts_with("Infrastructure as Code"));
        future_team.push(f.to_string());
    }
    let ecs = super::ecs::view(plan);
    if let Some(params) = ecs["parameters"].as_array() {
        before.extend(
            params
                .iter()
                .filter_map(|x| x.as_str())
                .map(|x| format!("Stack parameter or value only you know: {x}")),
        );
    }

    let caps = &p.capabilities;
    let mut sources = vec![
        serde_json::json!({"what": "Pricing", "url": p.pricing.model.source, "checked": p.pricing.model.checked}),
        serde_json::json!({"what": "Deploy commands", "url": p.deploy.source, "checked": p.deploy.checked}),
        serde_json::json!({"what": "Rollback", "url": p.rollback.source, "checked": p.rollback.checked}),
        serde_json::json!({"what": "Health checks", "url": p.health_check.source, "checked": p.health_check.checked}),
        serde_json::json!({"what": "Migrations / release hook", "url": p.migrations.source, "checked": p.migrations.checked}),
        serde_json::json!({"what": "Background workers", "url": caps.workers.source, "checked": caps.workers.checked}),
        serde_json::json!({"what": "Websockets", "url": caps.websockets.source, "checked": caps.websockets.checked}),
        serde_json::json!({"what": "Free tier", "url": caps.free_tier.source, "checked": caps.free_tier.checked}),
    ];
    if let Some(d) = db
        && let Some(url) = &d.tool_docs
    {
        sources.push(serde_json::json!({"what": format!("{} commands", d.tool_name.clone().unwrap_or_default()), "url": url, "checked": plan.answers.project.date}));
    }

    let warnings: Vec<&str> = plan.warnings.iter().map(|w| w.message.as_str()).collect();
    let alternatives: Vec<serde_json::Value> = plan
        .alternatives
        .iter()
        .map(|(n, w)| serde_json::json!({"name": n, "why": w}))
        .collect();
    let recommended_name = plan
        .options
        .iter()
        .find(|o| o.platform.id == plan.recommendation.platform_id)
        .map_or(String::new(), |o| o.platform.name.clone());

    serde_json::json!({
        "project": a.project.name,
        "date": a.project.date,
        "author": a.project.author,
        "version": version,
        "platform": {
            "id": p.id,
            "name": p.name,
            "complexity": p.complexity.label(),
            "deploy_time": p.deploy_time,
            "philosophy": format!("{} ({})", p.philosophy.label(), p.philosophy.help()),
            "docs_url": p.docs_url,
            "health_defaults": p.health_check.defaults,
        },
        "overridden": plan.overridden,
        "key": key,
        "warnings": warnings,
        "facts": facts,
        "reasons": plan.reasons,
        "answered": {
            "app_type": format!("{} ({})", a.context.app_type.label(), a.context.app_type.help()),
            "expertise": format!("{} ({})", a.context.expertise.label(), a.context.expertise.help()),
            "scale": format!("{} ({})", a.context.scale.label(), a.context.scale.help()),
            "budget": format!("{} ({})", a.context.budget.label(), a.context.budget.help()),
        },
        "options": plan.options.iter().map(option_view).collect::<Vec<_>>(),
        "recommendation": {
            "name": recommended_name,
            "because": plan.recommendation.because,
            "certainty": plan.recommendation.certainty,
            "certainty_reason": plan.recommendation.certainty_reason,
            "would_change": plan.recommendation.would_change,
        },
        "alternatives": alternatives,
        "frameworks": plan.runtime.frameworks.join(", "),
        "diagram": {"mermaid": diagram::mermaid(plan), "plain": diagram::plain(plan)},
        "components": components,
        "ci": ci,
        "environments": environments,
        "env_rows": env_rows,
        "database": database,
        "secrets": secrets,
        "rollback": plan.rollback,
        "health": health,
        "health_path": plan.health.as_ref().map(|h| h.path.clone()),
        "port_check": port_check,
        "cost": costs,
        "ecs": ecs,
        "setup": super::ecs::setup(plan),
        "checklist": {"before": before, "after": after},
        "risks": plan.risks,
        "future": {"scale": future_scale, "team": future_team},
        "artifacts": artifacts.iter().map(|f| serde_json::json!({"path": f.path, "description": f.description})).collect::<Vec<_>>(),
        "sources": sources,
        "assumptions": super::provenance_view::view(plan),
        "services": services_view(plan),
        "first_env": first_env,
    })
}

/// The TDD's "Services" section: every deployable service of a monorepo with its folder, its
/// commands and where each came from. Empty for a single app.
fn services_view(plan: &Plan) -> Vec<serde_json::Value> {
    use crate::provenance::PlanValue;
    let cell = super::provenance_view::cell;
    plan.services
        .iter()
        .map(|s| {
            let from = |what: PlanValue| {
                s.runtime
                    .sources
                    .iter()
                    .find(|p| p.value == what)
                    .map(|p| cell(&p.source.describe()))
                    .unwrap_or_default()
            };
            let mut rows = vec![serde_json::json!({
                "what": "Install", "shown": cell(&s.runtime.install_command),
                "source": from(PlanValue::InstallCommand)})];
            if let Some(b) = &s.runtime.build_command {
                rows.push(serde_json::json!({"what": "Build", "shown": cell(b),
                    "source": from(PlanValue::BuildCommand)}));
            }
            if let Some(c) = s.start_command().or(if s.is_worker {
                s.runtime.start_command.as_deref()
            } else {
                None
            }) {
                rows.push(serde_json::json!({"what": "Start", "shown": cell(c),
                    "source": from(PlanValue::StartCommand)}));
            }
            if let Some(d) = &s.output_dir {
                rows.push(
                    serde_json::json!({"what": "Output folder", "shown": cell(d),
                    "source": from(PlanValue::OutputDir)}),
                );
            } else if !s.is_worker {
                rows.push(serde_json::json!({"what": "Port",
                    "shown": s.runtime.port.to_string(), "source": from(PlanValue::Port)}));
            }
            if let Some(h) = &s.health_path {
                rows.push(
                    serde_json::json!({"what": "Health check path", "shown": cell(h),
                    "source": from(PlanValue::HealthPath)}),
                );
            }
            let kind = if s.is_static {
                "static site (built, then served as files)"
            } else if s.is_worker {
                "background worker (no port)"
            } else {
                "web service"
            };
            let frameworks = if s.runtime.frameworks.is_empty() {
                title(s.runtime.stack.id())
            } else {
                s.runtime.frameworks.join(" + ")
            };
            serde_json::json!({
                "name": cell(&s.name),
                "path": cell(&s.path),
                "kind": kind,
                "frameworks": frameworks,
                "builds_from": if s.self_contained || s.path == "." {
                    "its own folder"
                } else {
                    "the repository root (the workspace's lockfile), its commands run in its folder"
                },
                "rows": rows,
            })
        })
        .collect()
}
