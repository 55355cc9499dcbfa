//! A monorepo on Kamal 2: each service is its own Kamal app (`service: <project>-<svc>`) on
//! the same servers, with its own config file `config/deploy.<svc>.yml`, given to every
//! command with `-c` (https://kamal-deploy.org/docs/commands/deploy/: `-c, --config-file`).
//! kamal-proxy, shared by the apps of a server, routes each request by its host
//! (https://kamal-deploy.org/docs/configuration/proxy/#hosts), so every web service has its
//! own host. Each image is built from the service's context and Dockerfile; a worker service
//! runs without the proxy; a static frontend is served by the nginx its Dockerfile builds
//! (port 8080). The services share `.kamal/secrets` and each lists only the names it reads.

use std::collections::BTreeMap;

use deployplan_core::GeneratedFile;
use deployplan_core::plan::ServicePlan;

use super::{
    Builder, DEPLOY_TIMEOUT_S, DeployYml, Destination, Env, HOSTS, Healthcheck, Role, destinations,
    proxy, registry, secret_names, secrets_files,
};
use crate::app::{self, App};
use crate::deploy::{Deploy, Migrations};
use crate::platforms::file;
use crate::{ArtifactError, format, names};

/// The environment names deployplan plans (and so Kamal destinations it may write).
const ENVIRONMENTS: &[&str] = &["preview", "dev", "staging", "production"];

/// A service's config file, `config/deploy.<svc>.yml`. Kamal finds a destination's file by
/// replacing the base file's `.yml` with `.<destination>.yml`
/// (https://kamal-deploy.org/docs/configuration/overview/#destinations; `sub_ext` in
/// lib/kamal/configuration.rb), so this service's staging file is
/// `config/deploy.<svc>.staging.yml`. A component has no dot, so its file is never another
/// service's destination file; one named like an environment (`staging`) would take the
/// name `config/deploy.staging.yml` that `kamal -d staging` reads beside `config/deploy.yml`,
/// so it gets a `-service` suffix.
fn config_path(app: &App, s: &ServicePlan) -> String {
    config_path_of(&app::service_component(s), &app.environments())
}

fn config_path_of(component: &str, environments: &[&str]) -> String {
    if ENVIRONMENTS.contains(&component) || environments.contains(&component) {
        format!("config/deploy.{component}-service.yml")
    } else {
        format!("config/deploy.{component}.yml")
    }
}

/// The destination file of `base` (`config/deploy.api.yml`) for `env`, as Kamal derives it.
fn destination_path(base: &str, env: &str) -> String {
    let stem = base.strip_suffix(".yml").unwrap_or(base);
    format!("{stem}.{env}.yml")
}

/// A command as the container runs it. Kamal appends a role's `cmd` to the `docker run` line
/// it runs over SSH, and `kamal app exec` its command, unquoted
/// (lib/kamal/commands/app.rb `role.cmd`, lib/kamal/commands/app/execution.rb `*command`):
/// the server's shell would run the part after `&&` of `cd apps/api && …` on the host, so a
/// command with anything but plain words runs through `sh -c '…'`.
fn in_container(cmd: &str) -> String {
    let plain = cmd
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || " -_./:=@,+".contains(c));
    if plain {
        cmd.to_string()
    } else {
        format!("sh -c '{}'", cmd.replace('\'', r"'\''"))
    }
}

/// One service as the Kamal app sees it.
struct Service<'a> {
    plan: &'a ServicePlan,
    /// Its config file.
    path: String,
    /// The web role (behind kamal-proxy): a web service or a static site.
    web: bool,
}

fn services<'a>(app: &App<'a>) -> Vec<Service<'a>> {
    app.services()
        .iter()
        .map(|s| {
            let sub_plan = app::service_plan(app.plan, s);
            let sub = App::new(&sub_plan);
            Service {
                plan: s,
                path: config_path(app, s),
                web: app::serves_http(s, &sub),
            }
        })
        .collect()
}

/// The roles of a service: `web` (its image's own CMD) when it serves HTTP, and a role per
/// worker process with its command; a worker service's only role runs without the proxy.
/// https://kamal-deploy.org/docs/configuration/roles/
fn servers(sub: &App, web: bool) -> BTreeMap<String, Role> {
    let mut out = BTreeMap::new();
    if web {
        out.insert(
            "web".to_string(),
            Role {
                hosts: HOSTS.to_vec(),
                cmd: None,
                proxy: None,
            },
        );
    }
    for w in &sub.workers {
        out.insert(
            names::slug(&w.name, 30),
            Role {
                hosts: HOSTS.to_vec(),
                cmd: w.command.as_deref().map(in_container),
                // The primary role (no web role: this one) runs the proxy unless told not to.
                proxy: (!web).then_some(false),
            },
        );
    }
    out
}

/// The kamal-proxy settings of a web service on `env`: its own host and port, and its own
/// health path. A static site's nginx serves its `index.html` at `/`; a service with no
/// health path gets Kamal's default check (`GET /up`,
/// https://kamal-deploy.org/docs/configuration/proxy/#healthcheck), which the header says.
fn service_proxy(sub: &App, s: &ServicePlan, env: &str) -> super::Proxy {
    let mut p = proxy(sub, env);
    if p.healthcheck.is_none() && s.is_static {
        p.healthcheck = Some(Healthcheck {
            path: "/".into(),
            interval: None,
            timeout: None,
        });
    }
    p
}

pub(super) fn config(app: &App) -> Result<Vec<GeneratedFile>, ArtifactError> {
    let mut out = Vec::new();
    for svc in services(app) {
        let s = svc.plan;
        let sub_plan = app::service_plan(app.plan, s);
        let sub = App::new(&sub_plan);
        let reads = |n: &str| app.service_reads(s, n);
        let servers = servers(&sub, svc.web);
        let primary_role = (!svc.web).then(|| servers.keys().next().cloned()).flatten();
        let proxy = svc.web.then(|| service_proxy(&sub, s, "production"));
        let unchecked = proxy.as_ref().is_some_and(|p| p.healthcheck.is_none());
        let doc = DeployYml {
            service: sub.slug.clone(),
            image: format!("REPLACE_WITH_REGISTRY_USER/{}", sub.slug),
            servers,
            primary_role,
            proxy,
            registry: registry(),
            builder: Builder {
                arch: "amd64",
                context: Some(app::service_context(s).to_string()),
                dockerfile: Some(app::service_dockerfile(s)),
            },
            env: Env {
                clear: super::clear_env(app, reads, sub.container_port()),
                secret: secret_names(app)
                    .into_iter()
                    .filter(|n| reads(n))
                    .map(String::from)
                    .collect(),
            },
            volumes: Vec::new(),
            deploy_timeout: DEPLOY_TIMEOUT_S,
        };
        let mut header = format!(
            "Generated by deployplan. Kamal 2 config of the `{}` service, its own Kamal app on
the shared servers: `kamal deploy -c {}`.
Replace the REPLACE_WITH_ values, the example hosts (192.0.2.10) and the example domain.",
            s.name, svc.path
        );
        if unchecked {
            header.push_str(
                "\nNo health path is known: kamal-proxy checks GET /up (Kamal's default); serve it
or set proxy.healthcheck.path.",
            );
        }
        let what = if svc.web {
            "kamal-proxy host and health check"
        } else {
            "worker role without the proxy"
        };
        out.push(file(
            &svc.path,
            format::yaml(&svc.path, &header, &doc)?,
            format!(
                "Kamal deploy config of the `{}` service: image from `{}` ({}), {what}, env names it reads",
                s.name,
                app::service_dockerfile(s),
                app::service_context(s),
            ),
        ));
        for env in destinations(app) {
            let path = destination_path(&svc.path, env);
            let dest = Destination {
                servers: self::servers(&sub, svc.web),
                proxy: svc.web.then(|| service_proxy(&sub, s, env)),
                volumes: Vec::new(),
            };
            let header = format!(
                "Generated by deployplan. Kamal destination of the `{}` service: `kamal deploy -c {} -d {env}`.",
                s.name, svc.path
            );
            out.push(file(
                &path,
                format::yaml(&path, &header, &dest)?,
                format!(
                    "Kamal destination of the `{}` service for a non-production environment",
                    s.name
                ),
            ));
        }
    }
    out.extend(secrets_files(app));
    Ok(out)
}

/// Deploys each service with its own config file; the migrating service first, its
/// migrations in a one-off container of its new image before it goes live (as for a single
/// app), so the other services start on the migrated schema.
pub(super) fn deploy(app: &App, environment: &str) -> Deploy {
    let migrate = app.migrating_service();
    let mut d = super::base_deploy(app, environment).migrations(if migrate.is_some() {
        Migrations::InScript
    } else {
        Migrations::None
    });
    let mut all = services(app);
    // A stable sort: the migrating service first, the others in plan order.
    all.sort_by_key(|s| migrate.as_ref().is_none_or(|(m, _)| m.name != s.plan.name));
    let mut script = Vec::new();
    for svc in &all {
        let x = app::env_suffix(&app::service_component(svc.plan));
        d = d.value(&format!("KAMAL_CONFIG_{x}"), &svc.path);
        let config = format!("--config-file \"$KAMAL_CONFIG_{x}\"");
        match &migrate {
            Some((m, cmd)) if m.name == svc.plan.name => {
                d = d.value("MIGRATE_COMMAND", &in_container(cmd));
                script.extend([
                    format!("kamal build push {config} \"${{DESTINATION[@]}}\""),
                    "# Migrations run in a one-off container of this service's new version, before any service goes live.".to_string(),
                    format!(
                        "kamal app exec --primary {config} \"${{DESTINATION[@]}}\" --version \"$COMMIT_SHA\" \"$MIGRATE_COMMAND\""
                    ),
                    format!("kamal deploy --skip-push {config} \"${{DESTINATION[@]}}\""),
                ]);
            }
            _ => script.push(format!("kamal deploy {config} \"${{DESTINATION[@]}}\"")),
        }
    }
    let lines: Vec<&str> = script.iter().map(String::as_str).collect();
    d.script(&lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_service_file_is_never_a_destination_file() {
        assert_eq!(config_path_of("api", &["staging"]), "config/deploy.api.yml");
        assert_eq!(
            destination_path(&config_path_of("api", &["staging"]), "staging"),
            "config/deploy.api.staging.yml"
        );
        // `config/deploy.staging.yml` is the destination file of `config/deploy.yml`.
        for env in ["staging", "production", "dev", "preview", "qa"] {
            assert_eq!(
                config_path_of(env, &["qa"]),
                format!("config/deploy.{env}-service.yml")
            );
        }
    }

    #[test]
    fn compound_commands_run_whole_in_the_container() {
        assert_eq!(in_container("./bin/app"), "./bin/app");
        assert_eq!(
            in_container("bundle exec sidekiq -C config/sidekiq.yml"),
            "bundle exec sidekiq -C config/sidekiq.yml"
        );
        assert_eq!(
            in_container("cd apps/api && node dist/worker.js"),
            "sh -c 'cd apps/api && node dist/worker.js'"
        );
        assert_eq!(in_container("echo 'hi'; x"), r"sh -c 'echo '\''hi'\''; x'");
    }
}
