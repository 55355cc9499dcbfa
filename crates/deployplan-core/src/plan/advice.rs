//! The workflow's DO/DON'T list as warnings, and the risks with their mitigations.

use super::model::*;
use crate::answers::{Answers, AppType, Choice, CiProvider, EnvironmentStrategy, Scale};
use crate::catalog::{Philosophy, Platform, Support};
use crate::facts::Facts;

fn warn(code: &str, message: String) -> Warning {
    Warning {
        code: code.into(),
        message,
    }
}

/// The repository's own pipelines that deployplan's does not replace: each one that deploys
/// still does, so until one is removed every push deploys twice; and a pipeline written as
/// `.deployplan-new` does nothing until it is merged into the file the CI host reads.
pub fn existing_pipelines(facts: &Facts, ci: &CiPlan) -> Vec<Warning> {
    let mut out = Vec::new();
    let Some(ours) = ci.pipeline_path.as_deref() else {
        return out;
    };
    for d in &facts.ci_deploys {
        let Some(e) = d.evidence.first() else {
            continue;
        };
        let why = e.rule.strip_prefix("ci/deploys:").unwrap_or(&e.rule);
        out.push(warn(
            "pipeline-deploys-twice",
            format!(
                "the repository's own {} still deploys ({e}: {why}); deployplan did not change it and wrote its pipeline to {ours}, so every push deploys twice until you remove one of them",
                d.name
            ),
        ));
    }
    if let Some(theirs) = ours.strip_suffix(super::design::NEW_SUFFIX) {
        out.push(warn(
            "pipeline-not-active",
            format!(
                "the repository has its own {theirs}, which deployplan did not change; its pipeline is in {ours}, and {} reads only {theirs}: merge the jobs in by hand (or replace yours with it)",
                ci.provider_name
            ),
        ));
    }
    out
}

/// A webpack 4 build runs with OpenSSL's legacy provider (see `runtime::LEGACY_OPENSSL`):
/// say why, and what removes the need.
pub fn legacy_openssl_build(facts: &Facts, runtime: &Runtime) -> Vec<Warning> {
    let Some(old) = &facts.legacy_openssl_build else {
        return Vec::new();
    };
    if !runtime
        .build_command
        .as_deref()
        .is_some_and(|b| b.contains(super::runtime::LEGACY_OPENSSL))
    {
        return Vec::new();
    }
    let at = old
        .evidence
        .first()
        .map(|e| format!(" ({e})"))
        .unwrap_or_default();
    vec![warn(
        "webpack4-legacy-openssl",
        format!(
            "{}{at} builds with webpack 4, which Node 17 and later refuse (ERR_OSSL_EVP_UNSUPPORTED): the build runs with {}; upgrade it (react-scripts 5, Vue CLI 5) to drop that",
            old.value,
            super::runtime::LEGACY_OPENSSL
        ),
    )]
}

/// Bitbucket Pipelines clones without submodules and has no option to fetch them; its steps'
/// images need not carry git, so the person adds the fetch where their build needs it.
pub fn unfetched_submodules(ci: &CiPlan) -> Vec<Warning> {
    if ci.submodules.is_empty() || ci.provider != CiProvider::Bitbucket {
        return Vec::new();
    }
    vec![warn(
        "submodules-not-fetched",
        format!(
            "Bitbucket Pipelines does not fetch the repository's git submodules ({}): add `git submodule update --init --recursive` at the start of the steps that build (an image with git, and an access key for private submodules)",
            ci.submodules.join(", ")
        ),
    )]
}

/// SQLite's volume when the generated files cannot declare it (the person attaches it), or
/// when the app writes its file where the volume is not: else the data is lost on every
/// deploy.
pub fn sqlite_volume(database: Option<&DatabasePlan>) -> Vec<Warning> {
    let Some(d) = database.filter(|d| d.engine == "sqlite") else {
        return Vec::new();
    };
    let Some(v) = &d.volume else {
        return vec![warn(
            "sqlite-no-volume",
            format!("SQLite on {}", d.hosting_name),
        )];
    };
    let mut out = Vec::new();
    if !v.in_files {
        out.push(warn(
            "sqlite-volume-by-hand",
            format!(
                "SQLite needs a persistent volume at {}, and the generated files do not declare one: {}; until then the database is lost on every deploy and restart",
                v.mount_path, v.how
            ),
        ));
    }
    if v.file.is_none() {
        out.push(warn(
            "sqlite-file-off-volume",
            format!(
                "the SQLite file is not on the persistent volume at {}: {}; until it is, the database is lost on every deploy and restart",
                v.mount_path, v.placement
            ),
        ));
    }
    out
}

/// The repository's Dockerfiles that do not build the commit for production, and why: the
/// design does not deploy them (it uses a production one, or generates one).
pub fn unfit_dockerfiles(facts: &Facts) -> Vec<Warning> {
    let instead = match &facts.dockerfile {
        Some(d) => format!("the design builds {} instead", d.value),
        None => "the deploy builds the commit with a Dockerfile deployplan generates (when the platform runs an image)".to_string(),
    };
    facts
        .dockerfiles_unfit
        .iter()
        .filter_map(|d| {
            let e = d.evidence.first()?;
            let why = e.rule.strip_prefix("docker/unfit:").unwrap_or(&e.rule);
            let rename = if d.name == "Dockerfile" && facts.dockerfile.is_none() {
                format!(
                    "; yours stays as it is: deployplan's is written beside it as {}, and every generated file builds that one",
                    super::runtime::GENERATED_BESIDE
                )
            } else {
                String::new()
            };
            Some(warn(
                "dockerfile-not-reused",
                format!("the repository's {} does not build the commit for production ({e}: {why}); {instead}{rename}", d.name),
            ))
        })
        .collect()
}

pub fn warnings(
    a: &Answers,
    facts: &Facts,
    p: &Platform,
    chosen: Option<&PlatformOption>,
    runtime: &Runtime,
) -> Vec<Warning> {
    let mut out = Vec::new();
    let c = &a.context;
    if a.environments.strategy == EnvironmentStrategy::Production && c.scale >= Scale::Medium {
        out.push(warn(
            "no-staging",
            format!("a production app with “{}” traffic has no staging environment: changes reach users untested (DON'T skip staging for production apps)", c.scale.label()),
        ));
    }
    if p.philosophy == Philosophy::Orchestrator
        && c.app_type != AppType::Microservices
        && c.scale < Scale::VeryHigh
    {
        out.push(warn(
            "kubernetes-without-need",
            "Kubernetes for a single service below very high traffic: the cluster is more work than the app needs (DON'T use Kubernetes without a clear need)".into(),
        ));
    }
    if a.ci.provider == CiProvider::Manual {
        out.push(warn(
            "manual-deploys",
            "deployments are manual: automate them to reduce human error (DO automate deployments)"
                .into(),
        ));
    }
    if !a.health.enabled {
        out.push(warn("no-health-checks", "no health checks: the platform cannot tell a broken release from a good one (DO include health checks)".into()));
    }
    if !facts.is_empty() && facts.commands.test.is_none() && a.ci.provider != CiProvider::Manual {
        out.push(warn(
            "deploy-without-tests",
            match &runtime.test_command {
                Some(t) => format!("the repository defines no test command; the pipeline runs `{t}` from deployplan.toml (DON'T deploy without tests passing)"),
                None => "the repository has no tests, so the pipeline has no test step and deploys untested code: add tests and a test command (DON'T deploy without tests passing)".to_string(),
            },
        ));
    }
    for s in &facts.secrets_committed {
        out.push(warn(
            "secret-in-code",
            format!("a secret is committed to the repository ({}: {}): remove it, rotate it, and keep it in {} (DON'T store secrets in code)", s.kind, s.path, a.secrets.store.label()),
        ));
    }
    if a.database.engine != crate::answers::DatabaseEngine::None
        && a.environments.strategy == EnvironmentStrategy::Production
    {
        out.push(warn("migrations-untested", "migrations run against production without a staging rehearsal (DO test migrations on staging first)".into()));
    }
    if let Some(o) = chosen
        && let Some(b) = o.blockers.first()
    {
        out.push(warn(
            "platform-mismatch",
            format!("the chosen platform does not fit: {b}"),
        ));
    } else if let Some(o) = chosen
        && let Some(a) = o.avoid_if_matched.first()
        && o.confidence == Confidence::Low
    {
        out.push(warn(
            "platform-mismatch",
            format!(
                "{} is a poor fit for these answers (confidence Low): {a}",
                p.name
            ),
        ));
    }
    if let Some(status) = &p.status {
        out.push(warn("platform-status", format!("{}: {status}", p.name)));
    }
    out.extend(fixed_port(facts, p, runtime));
    out
}

/// Heroku routes a web dyno's traffic to the `$PORT` it assigns at each boot: an app that
/// listens on a fixed port and reads no `PORT` never binds it, and the dyno is stopped (R10).
/// The other platforms are told the app's port (Render's `PORT`, Fly's `internal_port`).
fn fixed_port(facts: &Facts, p: &Platform, runtime: &Runtime) -> Option<Warning> {
    let port = facts.port.as_ref()?;
    let fixed_in_code = port.evidence.iter().any(|e| e.rule.contains("port:listen"));
    let reads_port = facts.env_vars.iter().any(|e| e.name == "PORT")
        || runtime
            .start_command
            .as_deref()
            .is_some_and(|c| c.contains("$PORT") || c.contains("${PORT"));
    (p.id == crate::catalog::PlatformId::Heroku && fixed_in_code && !reads_port).then(|| {
        warn(
            "fixed-port",
            format!(
                "the app listens on port {} ({}) and reads no PORT: Heroku routes to the port it assigns in $PORT, so the web dyno never binds it and is stopped (R10); listen on the PORT variable, with {} as its default",
                port.value,
                port.evidence.first().map(ToString::to_string).unwrap_or_default(),
                port.value
            ),
        )
    })
}

fn risk(
    title: impl Into<String>,
    probability: &str,
    impact: &str,
    mitigation: impl Into<String>,
) -> Risk {
    Risk {
        title: title.into(),
        probability: probability.into(),
        impact: impact.into(),
        mitigation: mitigation.into(),
    }
}

pub fn risks(
    a: &Answers,
    facts: &Facts,
    p: &Platform,
    db: Option<&DatabasePlan>,
    cost: &CostEstimate,
) -> Vec<Risk> {
    let mut out = Vec::new();
    if let Some(first) = facts.secrets_committed.first() {
        let paths: Vec<&str> = facts
            .secrets_committed
            .iter()
            .map(|s| s.path.as_str())
            .collect();
        out.push(risk(
            format!("Secrets already committed to the repository ({})", paths.join(", ")),
            "High (it has happened)",
            "Critical (anyone with the repository has the credentials)",
            format!(
                "Rotate every credential in {} now, delete the file, purge it from git history (git filter-repo), add it to .gitignore, and store the new values in {}",
                first.path,
                a.secrets.store.label()
            ),
        ));
    }
    out.push(risk(
        format!("{} outage", p.name),
        "Low",
        "High (app down)",
        format!("Watch the {} status page, keep the deploy reproducible from this document and the generated files, and have a documented plan for another platform (future)", p.name),
    ));
    if let Some(db) = db {
        out.push(risk(
            "A database migration fails or locks tables during deploy",
            "Medium",
            "High (deployment blocked, or errors while the old release runs)",
            format!(
                "Run {} on staging first, keep migrations expand/contract so the previous release still works, and back up before migrating",
                db.migrate_command.as_deref().map_or("migrations".to_string(), |c| format!("`{c}`"))
            ),
        ));
    }
    out.push(risk(
        "Secrets leak (logs, screenshots, a committed .env)",
        "Low",
        "Critical",
        format!("Never commit .env files (only .env.example with names), keep values in {}, rotate on team changes", a.secrets.store.label()),
    ));
    if p.capabilities.cold_starts.value != Support::No
        && a.context.budget == crate::answers::Budget::Free
    {
        out.push(risk(
            "Cold starts on the free tier make the first request slow",
            "High",
            "Low to Medium (slow first page, failed health probes from outside)",
            format!(
                "Accept it for a prototype, or move to an always-on paid instance ({})",
                p.capabilities.cold_starts.note
            ),
        ));
    }
    if let Some(trap) = p.rollback.caveats.first() {
        out.push(risk(
            "A rollback behaves differently than expected",
            "Medium",
            "Medium",
            format!("Rehearse the rollback on staging and know the trap: {trap}"),
        ));
    }
    if let Some(ten) = cost.at_load.iter().find(|c| c.multiplier == 10) {
        out.push(risk(
            "Costs grow faster than traffic",
            "Medium",
            "Medium",
            format!(
                "Set a billing alert; at 10x traffic this design costs about {}/month (section 9)",
                super::cost::usd(ten.total_usd)
            ),
        ));
    }
    out
}
