//! Section 2: the diagram, the components and a monorepo's services.

use serde::Serialize;

use super::decision::frameworks_or_stack;
use crate::plan::{Plan, ProcessKind};
use crate::provenance::PlanValue;
use crate::render::diagram;
use crate::render::provenance_view::cell;

#[derive(Serialize)]
pub struct Diagram {
    pub mermaid: String,
    pub plain: String,
}

#[derive(Serialize)]
pub struct Component {
    pub name: String,
    pub detail: String,
}

/// One deployable service of a monorepo.
#[derive(Serialize)]
pub struct ServiceView {
    pub name: String,
    pub path: String,
    pub kind: &'static str,
    pub is_static: bool,
    pub is_worker: bool,
    /// Vercel builds and serves these itself (the artifacts' frontend choice).
    pub vercel_framework: bool,
    pub frameworks: String,
    pub builds_from: &'static str,
    /// Its CI variable suffix (`API`), build context and Dockerfile, for the platforms that
    /// deploy it from its own image.
    pub env_suffix: String,
    pub context: String,
    pub dockerfile: String,
    pub rows: Vec<ServiceRow>,
}

#[derive(Serialize)]
pub struct ServiceRow {
    pub what: &'static str,
    pub shown: String,
    pub source: String,
}

pub fn diagram(plan: &Plan) -> Diagram {
    Diagram {
        mermaid: diagram::mermaid(plan),
        plain: diagram::plain(plan),
    }
}

pub fn components(plan: &Plan, cache: Option<&str>) -> Vec<Component> {
    let p = &plan.platform;
    let cost = &plan.cost;
    let db = plan.database.as_ref();
    let mut components = vec![Component {
        name: "App".into(),
        detail: format!(
            "{} on {}, {} instance{} at the expected traffic, listening on port {}",
            frameworks_or_stack(&plan.runtime.frameworks, plan.runtime.stack),
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
        let what = proc
            .command
            .clone()
            .map_or("background jobs".into(), |c| format!("`{c}`"));
        components.push(Component {
            name: format!("Worker `{}`", proc.name),
            detail: if p.id.deploys_workers() {
                what
            } else {
                format!(
                    "{what}; not deployed by the generated files: {} runs it only as a separate worker service (see its docs), which deployplan does not write",
                    p.name
                )
            },
        });
    }
    components.push(Component {
        name: "Database".into(),
        detail: db.map_or("none".into(), |d| {
            format!("{} on {}", d.engine_name, d.hosting_name)
        }),
    });
    components.push(Component {
        name: "Cache".into(),
        detail: cache.unwrap_or("none").to_string(),
    });
    components.push(Component {
        name: "CDN".into(),
        detail: format!("{}'s edge network and automatic HTTPS", p.name),
    });
    for schedule in &plan.facts.schedules {
        let at = schedule
            .evidence
            .first()
            .map(|e| format!(" ({e})"))
            .unwrap_or_default();
        components.push(Component {
            name: "Schedules".into(),
            detail: format!(
                "`{}`{at} triggers jobs from inside the app's own processes; keep exactly one scheduler running (one instance, or a lock) so jobs do not run twice",
                schedule.name
            ),
        });
    }
    if plan.runtime.websockets {
        components.push(Component {
            name: "Websockets".into(),
            detail: "long-lived connections served by the app instances".into(),
        });
    }
    components
}

/// The "Services" part: every deployable service of a monorepo with its folder, its commands
/// and where each came from. Empty for a single app.
pub fn services(plan: &Plan) -> Vec<ServiceView> {
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
            let row = |what, shown: String, value| ServiceRow {
                what,
                shown,
                source: from(value),
            };
            let mut rows = vec![row(
                "Install",
                cell(&s.runtime.install_command),
                PlanValue::InstallCommand,
            )];
            if let Some(b) = &s.runtime.build_command {
                rows.push(row("Build", cell(b), PlanValue::BuildCommand));
            }
            if let Some(c) = s.start_command().or(if s.is_worker {
                s.runtime.start_command.as_deref()
            } else {
                None
            }) {
                rows.push(row("Start", cell(c), PlanValue::StartCommand));
            }
            if let Some(d) = &s.output_dir {
                rows.push(row("Output folder", cell(d), PlanValue::OutputDir));
            } else if !s.is_worker {
                rows.push(row("Port", s.runtime.port.to_string(), PlanValue::Port));
            }
            if let Some(h) = &s.health_path {
                rows.push(row("Health check path", cell(h), PlanValue::HealthPath));
            }
            ServiceView {
                name: cell(&s.name),
                path: cell(&s.path),
                kind: if s.is_static {
                    "static site (built, then served as files)"
                } else if s.is_worker {
                    "background worker (no port)"
                } else {
                    "web service"
                },
                is_static: s.is_static,
                is_worker: s.is_worker,
                vercel_framework: !s.is_worker
                    && s.runtime.frameworks.iter().any(|f| {
                        ["Next.js", "Nuxt", "SvelteKit", "Remix", "Astro"].contains(&f.as_str())
                    }),
                frameworks: frameworks_or_stack(&s.runtime.frameworks, s.runtime.stack),
                builds_from: if s.self_contained || s.path == "." {
                    "its own folder"
                } else {
                    "the repository root (the workspace's lockfile), its commands run in its folder"
                },
                env_suffix: s.env_suffix(),
                context: s.build_context().to_string(),
                dockerfile: s.dockerfile(),
                rows,
            }
        })
        .collect()
}
