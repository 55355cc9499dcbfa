//! A monorepo on Heroku: every service is its own Heroku app per environment (named by the
//! CI setting `HEROKU_APP_NAME_<SERVICE>`), run from a Docker image built from the service's
//! build context and Dockerfile and pushed to the Heroku Container Registry as
//! `registry.heroku.com/<app>/<process-type>`, then released through the Platform API.
//! A web service (or a static frontend) is the app's `web` process, a worker service its
//! `worker` process, and the service that migrates gets a `release` image whose command is
//! the migration, so Heroku's release phase runs it before the new release goes live.
//!
//! Sources (Heroku Dev Center):
//! - Container Registry & Runtime (Docker Deploys):
//!   https://devcenter.heroku.com/articles/container-registry-and-runtime
//!   (logging in to `registry.heroku.com` with username `_` and the API key as password;
//!   image names `registry.heroku.com/<app>/<process-type>`; releasing an image through the
//!   Platform API with `docker inspect <image> --format={{.Id}}`, the
//!   `application/vnd.heroku+json; version=3.docker-releases` media type and a formation
//!   `docker_image` per process type; release phase: a `release` process-type image released
//!   with the others; the web process must listen on `$PORT`; the image's `CMD` runs it;
//!   the app's stack must be `container`).
//! - Formation batch update (`PATCH /apps/{app}/formation`):
//!   https://devcenter.heroku.com/articles/platform-api-reference#formation-batch-update
//! - Stacks (`heroku stack:set container --app <app>`):
//!   https://devcenter.heroku.com/articles/stack
//!
//! No `app.json` and no `Procfile` are written: `app.json` describes one app and is read from
//! the repository root by app setups and review apps, which build from source, and a
//! container app's process types are its images, not Procfile lines. `heroku.yml` is per app,
//! so it cannot describe several services either.

use deployplan_core::GeneratedFile;
use deployplan_core::plan::ServicePlan;

use crate::app::{self, App};
use crate::deploy::{Deploy, Migrations, Tool};
use crate::names;

/// The service that runs the migrations, with its migration command (from the folder its
/// image runs in).
fn migrating<'a>(app: &App<'a>) -> Option<(&'a ServicePlan, String)> {
    app.services().iter().find_map(|s| {
        let sub = app::service_plan(app.plan, s);
        let cmd = App::new(&sub).auto_migrate().map(str::to_string)?;
        Some((s, cmd))
    })
}

/// The process type a service's own image runs as: `worker` for a worker service, `web` for
/// one that serves HTTP (a static frontend is served by its image's nginx), none otherwise.
fn process_type(s: &ServicePlan, sub: &App) -> Option<&'static str> {
    if s.is_worker {
        Some("worker")
    } else if sub.web.is_some() || s.is_static {
        Some("web")
    } else {
        None
    }
}

/// Nothing but the per-service Dockerfiles (written by `ServiceDockerfiles`): see the module
/// documentation for why there is no `app.json` or `Procfile`.
pub(super) fn config(_app: &App) -> Vec<GeneratedFile> {
    Vec::new()
}

/// Lines that build an image `target` from the already built `base` whose command is the
/// one in the variable `command_var`: a fixed Dockerfile on stdin; the command reaches it
/// only as a build argument (baked into the image's environment, run by `sh` at start).
fn derived_image(base: &str, target: &str, command_var: &str) -> Vec<String> {
    vec![
        format!(
            "docker build -t \"{target}\" --build-arg BASE=\"{base}\" --build-arg PROCESS_COMMAND=\"${command_var}\" - <<'HEROKU_DOCKERFILE'"
        ),
        "ARG BASE".into(),
        "FROM ${BASE}".into(),
        "ARG PROCESS_COMMAND".into(),
        "ENV PROCESS_COMMAND=${PROCESS_COMMAND}".into(),
        "ENTRYPOINT []".into(),
        "CMD [\"/bin/sh\", \"-c\", \"eval \\\"$PROCESS_COMMAND\\\"\"]".into(),
        "HEROKU_DOCKERFILE".into(),
        format!("docker push \"{target}\""),
    ]
}

/// Lines that turn the generated static-frontend image `base` (nginx-unprivileged, which
/// listens on a fixed 8080) into `target`, whose nginx listens on Heroku's `$PORT`: the
/// image's own server config becomes a template with `${PORT}` for its port, which the nginx
/// image's entrypoint fills in from the environment at start (its templates feature, written
/// to a folder the dyno's user can write). Fixed text only.
/// https://hub.docker.com/_/nginx ("Using environment variables in nginx configuration")
fn static_on_port(base: &str, target: &str) -> Vec<String> {
    vec![
        format!("docker build -t \"{target}\" --build-arg BASE=\"{base}\" - <<'HEROKU_DOCKERFILE'"),
        "ARG BASE".into(),
        "FROM ${BASE}".into(),
        "USER root".into(),
        "RUN mkdir -p /etc/nginx/templates && sed 's/8080;/${PORT};/g' /etc/nginx/conf.d/default.conf > /etc/nginx/templates/default.conf.template && sed -i 's|/etc/nginx/conf.d/|/tmp/conf.d/|' /etc/nginx/nginx.conf && install -d -m 1777 /tmp/conf.d".into(),
        "ENV NGINX_ENVSUBST_OUTPUT_DIR=/tmp/conf.d".into(),
        format!("USER {}", crate::dockerfile::UID),
        "HEROKU_DOCKERFILE".into(),
    ]
}

/// Builds each service's image from its own build context and Dockerfile, pushes it (and its
/// derived worker and release images) to its app's registry, then releases them in one
/// formation update per app; the release phase runs the migrations before the dynos switch.
/// A pull request's deploy never migrates.
pub(super) fn deploy(app: &App, environment: &str) -> Deploy {
    let migrate = migrating(app).filter(|_| environment != "preview");
    let mut d = Deploy::new(environment)
        .tools(&[Tool::Docker])
        .secrets(&["HEROKU_API_KEY"])
        .migrations(if migrate.is_some() {
            Migrations::ReleaseHook
        } else {
            Migrations::None
        });
    let mut script: Vec<String> = vec![
        "# Each app must be on the container stack: heroku stack:set container --app <app>.".into(),
        "printf '%s' \"$HEROKU_API_KEY\" | docker login --username=_ --password-stdin registry.heroku.com".into(),
    ];
    let mut settings = Vec::new();
    for s in app.services() {
        let sub_plan = app::service_plan(app.plan, s);
        let sub = App::new(&sub_plan);
        let x = app::env_suffix(&s.name);
        let app_var = format!("HEROKU_APP_NAME_{x}");
        settings.push(app_var.clone());
        d = d
            .value(&format!("HEROKU_CONTEXT_{x}"), app::service_context(s))
            .value(&format!("HEROKU_DOCKERFILE_{x}"), &s.dockerfile());
        let registry = format!("registry.heroku.com/${app_var}");
        let built = format!("{registry}/{}", process_type(s, &sub).unwrap_or("image"));
        // Heroku routes a web dyno only on $PORT: the generated static image is adapted.
        let adapt = s.is_static && !s.is_worker && s.runtime.dockerfile.is_none();
        let first = if adapt {
            format!("{registry}/static")
        } else {
            built.clone()
        };
        script.push(format!("# The app in ${app_var}."));
        script.push(format!(
            "docker build --pull -t \"{first}\" -f \"$HEROKU_DOCKERFILE_{x}\" \"$HEROKU_CONTEXT_{x}\""
        ));
        if adapt {
            script.extend(static_on_port(&first, &built));
        }
        let mut released: Vec<String> = Vec::new();
        if let Some(kind) = process_type(s, &sub) {
            script.push(format!("docker push \"{built}\""));
            released.push(kind.to_string());
        }
        if !s.is_worker {
            for (i, w) in sub.workers.iter().enumerate() {
                let Some(cmd) = &w.command else { continue };
                let kind = names::slug(&w.name, 30);
                let var = format!("HEROKU_WORKER_COMMAND_{x}_{i}");
                d = d.value(&var, cmd);
                script.extend(derived_image(&built, &format!("{registry}/{kind}"), &var));
                released.push(kind);
            }
        }
        if let Some((_, cmd)) = migrate.as_ref().filter(|(m, _)| m.name == s.name) {
            let var = format!("HEROKU_RELEASE_COMMAND_{x}");
            d = d.value(&var, cmd);
            script.extend(derived_image(&built, &format!("{registry}/release"), &var));
            released.push("release".into());
        }
        if released.is_empty() {
            continue;
        }
        // One formation update per app: every process type's image ID, the release
        // phase's included, so the migration runs before the new dynos start.
        let mut updates = Vec::new();
        for kind in &released {
            let id = format!("ID_{x}_{}", kind.replace('-', "_").to_uppercase());
            script.push(format!(
                "{id}=\"$(docker inspect \"{registry}/{kind}\" --format='{{{{.Id}}}}')\""
            ));
            updates.push(format!(
                "{{\\\"type\\\":\\\"{kind}\\\",\\\"docker_image\\\":\\\"${id}\\\"}}"
            ));
        }
        script.push(format!(
            "curl --fail --silent --show-error --request PATCH \"https://api.heroku.com/apps/${app_var}/formation\" --header \"Content-Type: application/json\" --header \"Accept: application/vnd.heroku+json; version=3.docker-releases\" --header \"Authorization: Bearer $HEROKU_API_KEY\" --data \"{{\\\"updates\\\":[{}]}}\"",
            updates.join(",")
        ));
    }
    let names: Vec<&str> = settings.iter().map(String::as_str).collect();
    let lines: Vec<&str> = script.iter().map(String::as_str).collect();
    d.settings(&names).script(&lines)
}
