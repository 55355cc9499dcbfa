//! What the person does after the files are written: the secrets to set and where, the CI
//! secrets for the code host, the health route, then rehearse, check and where the design is.
//! Pure text from the plan; `generate` and `init` print it.

use crate::answers::CiProvider;
use crate::plan::HealthEndpoint;
use crate::plan::Plan;
use crate::plan::health::HealthSource;
use crate::render::TDD_PATH;

/// Secrets listed one by one; past that, a count (the document lists them all).
const MAX_LISTED: usize = 20;

/// Where a pipeline's secrets are set on the code host.
fn ci_secrets_page(provider: CiProvider) -> Option<&'static str> {
    match provider {
        CiProvider::Github => Some("GitHub: Settings > Secrets and variables > Actions"),
        CiProvider::Gitlab => Some("GitLab: Settings > CI/CD > Variables (masked)"),
        CiProvider::Bitbucket => {
            Some("Bitbucket: Repository settings > Repository variables (secured)")
        }
        CiProvider::Manual | CiProvider::Other => None,
    }
}

/// How one secret is set on the platform, from the catalog when it says.
fn where_to_set(plan: &Plan, name: &str) -> String {
    if plan.secrets.store == "secrets-manager" {
        return format!(
            "in your secrets manager, exposed to {} as {name}",
            plan.platform.name
        );
    }
    match &plan.platform.secrets {
        Some(how) => {
            let command = how
                .command
                .as_ref()
                .map(|c| format!("`{}`", c.replace("NAME", name)));
            let page = how
                .dashboard
                .as_ref()
                .map(|d| format!("dashboard: {}", d.replace("NAME", name)));
            match (command, page) {
                (Some(c), Some(p)) => format!("{c}, or {p}"),
                (Some(c), None) => c,
                (None, Some(p)) => p,
                (None, None) => format!("in {}'s environment settings", plan.platform.name),
            }
        }
        None => format!("in {}'s environment variables", plan.platform.name),
    }
}

/// The endpoints the person mounts for the probes to pass: one per monorepo service that
/// gets one (where the files probe each service on its own), else the app's: (who, path,
/// endpoint).
fn endpoints_to_mount(plan: &Plan) -> Vec<(Option<&str>, &str, &HealthEndpoint)> {
    if !plan.services.is_empty() && plan.platform.id.deploys_each_service() {
        return plan
            .services
            .iter()
            .filter_map(|s| {
                Some((
                    Some(s.name.as_str()),
                    s.health_path.as_deref()?,
                    s.health_endpoint.as_ref()?,
                ))
            })
            .collect();
    }
    plan.health
        .as_ref()
        .and_then(|h| Some((None, h.path.as_str(), h.endpoint.as_ref()?)))
        .into_iter()
        .collect()
}

/// What to do with one generated endpoint, as lines of the summary.
fn mount_action(out: &mut String, who: Option<&str>, path: &str, e: &HealthEndpoint) {
    let what = who.map_or("the app".to_string(), |w| format!("the {w} service"));
    out.push_str(&format!(
        "\naction: {what} has no health route, so the platform's probe on {path} fails until you mount one.\n"
    ));
    match &e.file {
        Some(file) if e.mount.is_empty() => out.push_str(&format!(
            "  copy {file} into the repository at the same path: {}\n",
            e.mount_in
        )),
        Some(file) => out.push_str(&format!(
            "  copy {file} into the repository, then add to {}:\n",
            e.mount_in
        )),
        None => out.push_str(&format!("  add to {}:\n", e.mount_in)),
    }
    for line in &e.mount {
        out.push_str(&format!("    {line}\n"));
    }
}

/// The health-check part: what the person must do for the probe to pass (deployplan never
/// edits the app), or a note when there is nothing to do but to know.
pub fn health_actions(plan: &Plan) -> String {
    let mut out = String::new();
    let mounts = endpoints_to_mount(plan);
    if !mounts.is_empty() {
        for (who, path, e) in mounts {
            mount_action(&mut out, who, path, e);
        }
    } else if let Some(h) = plan
        .health
        .as_ref()
        .filter(|_| !plan.platform.health_check.settable.path)
    {
        out.push_str(&format!(
            "\nnote: {} takes no health-check path ({}); {} is for your uptime monitor.\n",
            plan.platform.name, plan.platform.health_check.configured_in, h.path
        ));
    } else if let Some(c) = &plan.port_check {
        out.push_str(&format!(
            "\nnote: no HTTP health check: {}; {}.\n",
            c.why,
            c.how
                .as_deref()
                .unwrap_or("the platform has no port check either")
        ));
    }
    out
}

/// The next steps after writing, `out` being the output folder as shown to the person.
pub fn next_steps(plan: &Plan, out: &str) -> String {
    let mut text = health_actions(plan);
    text.push_str("\nNext steps:\n");
    let mut n = 0;
    let mut step = |text: &mut String, line: String| {
        n += 1;
        text.push_str(&format!("  {n}. {line}\n"));
    };
    let secrets = &plan.secrets.secrets;
    if !secrets.is_empty() {
        let mut line = format!(
            "Set the secrets' values per environment ({}):",
            plan.secrets.store_name
        );
        for s in secrets.iter().take(MAX_LISTED) {
            line.push_str(&format!(
                "\n       {}: {}",
                s.name,
                where_to_set(plan, &s.name)
            ));
        }
        if secrets.len() > MAX_LISTED {
            line.push_str(&format!(
                "\n       … and {} more, listed in the design's secrets section",
                secrets.len() - MAX_LISTED
            ));
        }
        step(&mut text, line);
    }
    if plan.ci.automated && !plan.ci.secrets.is_empty() {
        let page = ci_secrets_page(plan.ci.provider)
            .map(|p| format!(" ({p})"))
            .unwrap_or_default();
        step(
            &mut text,
            format!(
                "Add the pipeline's secret(s) on the code host{page}: {}",
                plan.ci.secrets.join(", ")
            ),
        );
    }
    let mounts = endpoints_to_mount(plan);
    match plan.health.as_ref().map(|h| (h, &h.source)) {
        _ if mounts.len() > 1 || mounts.first().is_some_and(|(who, _, _)| who.is_some()) => {
            let paths: Vec<String> = mounts
                .iter()
                .map(|(who, path, _)| format!("{} on {path}", who.unwrap_or("the app")))
                .collect();
            step(
                &mut text,
                format!(
                    "Mount the generated health endpoints: {} (above)",
                    paths.join(", ")
                ),
            )
        }
        Some((h, _)) if h.endpoint.is_some() => step(
            &mut text,
            format!("Mount the generated health endpoint on {} (above)", h.path),
        ),
        Some((h, HealthSource::Repository { .. })) => step(
            &mut text,
            format!(
                "The health check probes {}, which the app already serves",
                h.path
            ),
        ),
        Some((h, _)) => step(
            &mut text,
            format!(
                "Make sure the app answers 200 on {} before the first deploy",
                h.path
            ),
        ),
        None => {}
    }
    step(
        &mut text,
        "Run `deployplan rehearse` to build and start the app locally as the platform would".into(),
    );
    step(
        &mut text,
        "Run `deployplan check` after changes: it reports drift, undeclared env vars and committed secrets".into(),
    );
    let tdd = if out == "." || out.is_empty() {
        TDD_PATH.to_string()
    } else {
        format!("{}/{TDD_PATH}", out.trim_end_matches('/'))
    };
    step(&mut text, format!("Read the design: {tdd}"));
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::{self, Defaults};
    use crate::{Catalog, Facts};

    fn plan(toml: &str) -> Plan {
        let catalog = Catalog::embedded().unwrap();
        let partial = answers::parse_answers("test", toml, &catalog.ids()).unwrap();
        let defaults = Defaults {
            today: "2026-12-01".into(),
            project_name: "shop".into(),
            author: "me".into(),
        };
        let answers =
            answers::resolve::resolve(&partial, &Facts::default(), catalog, &defaults).unwrap();
        crate::plan::build(&answers, &Facts::default(), catalog).unwrap()
    }

    const CONTEXT: &str = "[context]\napp_type = \"web-api\"\nexpertise = \"beginner\"\nscale = \"low\"\nbudget = \"small\"\n";

    #[test]
    fn each_secret_says_the_platform_command_from_the_catalog() {
        let p = plan(&format!(
            "{CONTEXT}[platform]\nid = \"fly\"\n[database]\nengine = \"postgres\"\n[secrets]\nnames = [\"STRIPE_KEY\"]\n"
        ));
        let text = next_steps(&p, "app");
        assert!(
            text.contains("STRIPE_KEY: `fly secrets set STRIPE_KEY=value`"),
            "{text}"
        );
        // The implied database secret is listed too.
        assert!(
            text.contains("DATABASE_URL: `fly secrets set DATABASE_URL=value`"),
            "{text}"
        );
        assert!(
            text.contains("Settings > Secrets and variables > Actions"),
            "{text}"
        );
        assert!(text.contains("FLY_API_TOKEN"), "{text}");
        assert!(text.contains("deployplan rehearse"), "{text}");
        assert!(text.contains("deployplan check"), "{text}");
        assert!(
            text.contains("Read the design: app/specs/DEPLOYMENT_TDD.md"),
            "{text}"
        );
    }

    #[test]
    fn a_long_list_of_secrets_is_cut_with_a_count() {
        let names: Vec<String> = (0..25).map(|i| format!("\"S_{i}\"")).collect();
        let p = plan(&format!(
            "{CONTEXT}[platform]\nid = \"fly\"\n[secrets]\nnames = [{}]\n",
            names.join(",")
        ));
        let text = next_steps(&p, ".");
        assert_eq!(text.matches("`fly secrets set S_").count(), 20, "{text}");
        assert!(text.contains("… and 5 more"), "{text}");
    }

    #[test]
    fn a_dashboard_page_when_the_platform_has_no_command() {
        let p = plan(&format!(
            "{CONTEXT}[platform]\nid = \"render\"\n[secrets]\nnames = [\"API_TOKEN\"]\n"
        ));
        let text = next_steps(&p, ".");
        assert!(
            text.contains("API_TOKEN: dashboard: Service > Environment"),
            "{text}"
        );
        assert!(
            text.contains("Read the design: specs/DEPLOYMENT_TDD.md"),
            "{text}"
        );
    }

    #[test]
    fn no_secrets_step_without_secrets_and_no_ci_step_without_automation() {
        let p = plan(&format!(
            "{CONTEXT}[platform]\nid = \"fly\"\n[ci]\nprovider = \"manual\"\n[secrets]\nnames = []\n"
        ));
        let text = next_steps(&p, ".");
        assert!(!text.contains("Set the secrets"), "{text}");
        assert!(!text.contains("code host"), "{text}");
        assert!(text.contains("1. "), "{text}");
    }
}
