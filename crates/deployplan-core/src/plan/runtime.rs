//! What runs and how it is built: the repository's own commands when the scan found them,
//! else the stack's conventional ones.

use super::model::{Process, ProcessKind, Runtime};
use super::needs::Needs;
use super::toolchain;
use crate::answers::{Answers, AppType, Choice, Stack};
use crate::facts::{Facts, Valued};
use crate::frameworks::{self, Conventional};
use crate::provenance::{PlanValue, Provenance, Source, from_evidence};

/// The command of a worker library's own process, or none when the library runs inside the
/// web process (Hangfire, Oban, Quartz, River) or its entry point cannot be known: a guessed
/// `./worker` or `node worker.js` is a process that cannot start.
fn worker_command(library: &str, module: Option<&str>, file: Option<&str>) -> Option<String> {
    Some(match library {
        "celery" => format!("celery -A {} worker --loglevel=info", module?),
        "rq" => "rq worker".into(),
        "django-q" => "python manage.py qcluster".into(),
        "sidekiq" => "bundle exec sidekiq".into(),
        "resque" => "bundle exec rake resque:work QUEUE=*".into(),
        "delayed_job" => "bundle exec rake jobs:work".into(),
        "good_job" => "bundle exec good_job start".into(),
        "solid_queue" => "bundle exec rake solid_queue:start".into(),
        "que" => "bundle exec que".into(),
        "laravel-queue" | "laravel-horizon" => {
            if library == "laravel-horizon" {
                "php artisan horizon".into()
            } else {
                "php artisan queue:work --tries=3".into()
            }
        }
        // A plain JavaScript file that starts the worker runs as it is.
        "bull" | "bullmq" | "bee-queue" | "agenda" | "pg-boss" | "graphile-worker" => {
            let f =
                file.filter(|f| f.ends_with(".js") || f.ends_with(".cjs") || f.ends_with(".mjs"))?;
            format!("node {f}")
        }
        _ => return None,
    })
}

/// The `-A` argument for the Celery app defined in `path` (relative to the repository), seen
/// from `python_root` (none: the repository root); none when the file is outside it or its
/// name is not a module name.
fn celery_module(path: &str, python_root: Option<&str>) -> Option<String> {
    let rel = match python_root {
        Some(root) => path.strip_prefix(&format!("{root}/"))?,
        None => path,
    };
    let dotted = rel.strip_suffix(".py")?.replace('/', ".");
    let module = match dotted.rsplit_once('.') {
        // `proj/celery.py`: the package, which Celery searches for its `celery` module.
        Some((package, "celery")) => package.to_string(),
        _ => dotted,
    };
    module
        .split('.')
        .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .then_some(module)
}

/// A Node worker started from the file that defines it: `node src/worker.js`, or, when the
/// web process runs compiled code (`node dist/server.js`), its compiled `dist/worker.js`.
fn node_worker(
    stack: Stack,
    worker: Option<&crate::facts::Detected>,
    start: Option<&str>,
) -> Option<String> {
    if stack != Stack::Node {
        return None;
    }
    let path = worker?.evidence.first()?.path.as_str();
    if path.ends_with(".js") || path.ends_with(".cjs") || path.ends_with(".mjs") {
        return Some(format!("node {path}"));
    }
    let source = path.strip_suffix(".ts")?;
    let compiled = start?.strip_prefix("node ")?;
    let (out_dir, _) = compiled.split_once('/')?;
    let inside = source.strip_prefix("src/").unwrap_or(source);
    Some(format!("node {out_dir}/{inside}.js"))
}

/// The first of: the person's answer, the repository's statement, the stack's convention;
/// with where it came from.
fn pick(
    answered: &Option<String>,
    stated: &Option<Valued<String>>,
    conventional: Option<&Conventional>,
) -> Option<(String, Source)> {
    if let Some(v) = answered {
        return Some((v.clone(), Source::Person));
    }
    if let Some(v) = stated {
        return Some((
            v.value.clone(),
            from_evidence(&v.evidence, "stated by the repository"),
        ));
    }
    conventional.map(|c| (c.command.clone(), Source::convention(c.why.clone())))
}

/// What a webpack 4 build needs on Node 17 and later (see [`Facts::legacy_openssl_build`]).
pub const LEGACY_OPENSSL: &str = "NODE_OPTIONS=--openssl-legacy-provider";

pub fn runtime(answers: &Answers, facts: &Facts, needs: &Needs, on_heroku: bool) -> Runtime {
    let stack = answers
        .app
        .stack
        .or_else(|| frameworks::stack_of(facts))
        .unwrap_or(Stack::Node);
    let conventions = frameworks::conventions(facts, stack);
    let port = conventions.port;
    let mut evidence = Vec::new();
    let mut sources = Vec::new();
    let c = &facts.commands;
    let app = &answers.app;
    let mut record = |what: PlanValue, picked: Option<(String, Source)>| {
        picked.map(|(value, source)| {
            match &source {
                Source::Person => evidence.push(format!(
                    "{} from deployplan.toml",
                    what.label().to_lowercase()
                )),
                Source::Repository { evidence: e } => {
                    evidence.push(format!("{} from {e}", what.label().to_lowercase()))
                }
                _ => {}
            }
            sources.push(Provenance::new(what, value.clone(), source));
            value
        })
    };
    let scanned = !facts.package_managers.is_empty() || !facts.frameworks.is_empty();
    // Plain HTML has nothing to install or build.
    let plain_html = stack == Stack::Static
        && scanned
        && !facts.has_framework("hugo")
        && !facts.has_framework("jekyll")
        && !facts
            .package_managers
            .iter()
            .any(|p| p.name == "npm" || p.name == "pnpm" || p.name == "yarn" || p.name == "bun");
    let mut install = conventions.install.clone();
    if plain_html {
        install.command = "echo 'plain HTML: nothing to install'".into();
    }
    let install_command = record(
        PlanValue::InstallCommand,
        pick(&app.install_command, &c.install, Some(&install)),
    )
    .unwrap_or_else(|| install.command.clone());
    // A scanned repository without tests gets no test step (a conventional command would
    // fail); without a scan the stack's convention stands, as an assumption.
    let test_command = record(
        PlanValue::TestCommand,
        pick(
            &app.test_command,
            &c.test,
            (!scanned).then_some(&conventions.test),
        ),
    );
    // A scanned repository without a build script has no build step (`npm run build` would
    // fail on a missing script).
    // A webpack 4 build fails on a current Node without OpenSSL's legacy provider; the
    // person's own build command is theirs to the letter.
    let legacy_openssl = facts.legacy_openssl_build.is_some() && app.build_command.is_none();
    let build_command = record(
        PlanValue::BuildCommand,
        pick(
            &app.build_command,
            &c.build,
            conventions.build.as_ref().filter(|_| !scanned),
        )
        .map(|(b, source)| match legacy_openssl {
            true => (format!("export {LEGACY_OPENSSL} && {b}"), source),
            false => (b, source),
        }),
    );
    let procfile_web = facts
        .procfile
        .iter()
        .find(|e| e.name == "web")
        .map(|e| Valued {
            value: e.command.clone(),
            evidence: vec![e.evidence.clone()],
        });
    let stated_start = c.start.clone().or(procfile_web);
    let start_picked = pick(
        &app.start_command,
        &stated_start,
        conventions.start.as_ref(),
    );
    let conventional_start = start_picked
        .as_ref()
        .is_some_and(|(_, s)| s.is_assumption());
    let start_command = record(PlanValue::StartCommand, start_picked);
    // A conventional start runs the framework's app server: when the repository depends on
    // none, it joins the install (the person's own install is theirs to the letter).
    let install_command = match frameworks::primary(facts, stack)
        .and_then(|(_, p)| p.app_server(facts))
        .filter(|_| conventional_start && app.install_command.is_none())
    {
        Some(server) => match frameworks::install_with(&install_command, server.package) {
            Some(with) => {
                if let Some(p) = sources
                    .iter_mut()
                    .find(|p| p.value == PlanValue::InstallCommand)
                {
                    p.shown = with.clone();
                }
                sources.push(
                    Provenance::new(
                        PlanValue::Toolchain,
                        server.package,
                        Source::convention(server.why),
                    )
                    .named("app server"),
                );
                with
            }
            // No safe way into this package manager's environment: the person adds it.
            None => {
                sources.push(
                    Provenance::new(
                        PlanValue::Toolchain,
                        server.package,
                        Source::convention(format!(
                            "{}; add {} to the project's dependencies (deployplan cannot add it to `{install_command}`)",
                            server.why, server.package
                        )),
                    )
                    .named("app server"),
                );
                install_command
            }
        },
        None => install_command,
    };
    // The resolved answers carry the scanned port too: the same value is the repository's.
    let (port, port_source) = match (answers.app.port, &facts.port) {
        (Some(p), Some(f)) if p != f.value => (p, Source::Person),
        (Some(p), None) => (p, Source::Person),
        (_, Some(p)) => {
            if let Some(e) = p.evidence.first() {
                evidence.push(format!("port {} from {e}", p.value));
            }
            (
                p.value,
                from_evidence(&p.evidence, "stated by the repository"),
            )
        }
        (None, None) => (
            port,
            Source::convention(format!(
                "the usual port of a {} app; the platform passes PORT and the app must listen on it",
                stack.label()
            )),
        ),
    };
    sources.push(Provenance::new(
        PlanValue::Port,
        port.to_string(),
        port_source,
    ));

    // The person's own command is theirs to the letter; the repository's and the
    // convention's must listen where the platform sends traffic.
    let start_command = match (start_command, &app.start_command) {
        (Some(cmd), None) => {
            let listening = super::start::listen_on_port(&cmd, port, on_heroku);
            if let Some(change) = &listening.changed {
                evidence.push(format!("start command: {change}"));
                if let Some(p) = sources
                    .iter_mut()
                    .find(|p| p.value == PlanValue::StartCommand)
                {
                    p.shown = listening.command.clone();
                }
            }
            Some(listening.command)
        }
        (cmd, _) => cmd,
    };
    let frontend_only = answers.context.app_type == AppType::Frontend;
    if frontend_only {
        // No web process: its command and port reach no file.
        sources.retain(|p| !matches!(p.value, PlanValue::StartCommand | PlanValue::Port));
    }
    let mut processes = Vec::new();
    let mut worker_entry = None;
    if !frontend_only {
        processes.push(Process {
            kind: ProcessKind::Web,
            name: "web".into(),
            command: start_command.clone(),
            schedule: None,
        });
    }
    if needs.workers.is_some() {
        let from_procfile = facts
            .procfile
            .iter()
            .filter(|e| e.name != "web" && e.name != "release");
        let mut any = false;
        for entry in from_procfile {
            any = true;
            processes.push(Process {
                kind: ProcessKind::Worker,
                name: entry.name.clone(),
                command: Some(entry.command.clone()),
                schedule: None,
            });
        }
        if !any {
            let first = facts.workers.first();
            let library = first.map_or("", |w| w.name.as_str());
            let file = first
                .and_then(|w| w.evidence.first())
                .map(|e| e.path.as_str());
            // The Celery app's module, from the Python root the web server runs in (Django's
            // project folder): its package for `proj/celery.py` (Celery finds `proj.celery`),
            // else the module itself (`config.celery_app`).
            let python_root = facts.app_entry.as_ref().and_then(|e| e.chdir.as_deref());
            let module = file.and_then(|p| celery_module(p, python_root));
            let module = module.as_deref();
            // Without a repository, the stack's usual worker entry point stands, as an
            // assumption; in a scanned one, a guessed file is a process that cannot start.
            let guessed = facts.is_empty().then(|| {
                match stack {
                    Stack::Node => "node worker.js",
                    Stack::Python => "python worker.py",
                    Stack::Ruby => "bundle exec rake jobs:work",
                    _ => "./worker",
                }
                .to_string()
            });
            // A Node worker's own file (compiled to the web process's output folder) first.
            let from_file = node_worker(stack, first, start_command.as_deref());
            worker_entry = from_file
                .as_ref()
                .and_then(|_| first.and_then(|w| w.evidence.first().cloned()));
            let in_root = |c: String| match python_root {
                Some(dir) if library == "celery" => format!("cd {dir} && {c}"),
                _ => c,
            };
            match from_file
                .or_else(|| worker_command(library, module, file).map(in_root))
                .or(guessed)
            {
                Some(command) => processes.push(Process {
                    kind: ProcessKind::Worker,
                    name: "worker".into(),
                    command: Some(command),
                    schedule: None,
                }),
                None => sources.push(Provenance::new(
                    PlanValue::WorkerCommand,
                    "none: in the web process",
                    Source::convention(format!(
                        "{} runs inside the web process, or its entry point is not in the repository; declare a `worker:` line in a Procfile to run it apart",
                        if library.is_empty() { "the worker" } else { library }
                    )),
                )),
            }
        }
    }
    let names: Vec<String> = frameworks::known(facts)
        .iter()
        .map(|f| f.name.to_string())
        .collect();
    let mut toolchain = toolchain::toolchain(stack, facts, &install_command, scanned);
    toolchain.asset_node =
        super::asset_node::asset_node(&toolchain.runtime, build_command.as_deref(), facts);
    if let Some(n) = toolchain
        .asset_node
        .as_ref()
        .filter(|n| n.version_source == toolchain::Source::Convention)
    {
        toolchain.assumptions.push(format!(
            "Node.js {} for the asset build: the repository pins no Node version (`.nvmrc` or `engines.node`), so the catalog's current one builds the assets in CI and the image",
            n.version
        ));
    }
    evidence.extend(toolchain::evidence(&toolchain, facts));
    // The pin of the stack's own runtime (a Rails app's .nvmrc is not its Ruby version).
    let runtime_version = (!toolchain.version.is_empty())
        .then(|| format!("{} {}", toolchain.runtime, toolchain.version));
    // The toolchain's own note on the runtime version ("node version: the repository pins
    // none, ...") is the why of that assumption, not a second one.
    let version_label = format!("{} version", toolchain.runtime);
    let version_note = toolchain
        .assumptions
        .iter()
        .find_map(|a| a.strip_prefix(&format!("{version_label}: ")));
    if let Some(shown) = &runtime_version {
        let pinned = facts
            .runtime_versions
            .iter()
            .find(|v| v.runtime == toolchain.runtime);
        let source = match (toolchain.version_source, pinned) {
            (toolchain::Source::Repository, Some(v)) => {
                from_evidence(&v.evidence, "stated by the repository")
            }
            _ => Source::convention(version_note.map_or_else(
                || {
                    format!(
                        "the repository pins no {} version; {} is the current default",
                        toolchain.runtime, toolchain.version
                    )
                },
                String::from,
            )),
        };
        sources.push(Provenance::new(PlanValue::RuntimeVersion, shown, source));
    }
    // The toolchain's other conventions ("Hugo: the repository pins no Hugo version, ...").
    for a in &toolchain.assumptions {
        let entry = match a.split_once(": ") {
            Some((what, _)) if what == version_label => continue,
            Some((what, why)) => {
                Provenance::new(PlanValue::Toolchain, what, Source::convention(why)).named(what)
            }
            None => Provenance::new(
                PlanValue::Toolchain,
                a.as_str(),
                Source::convention("the repository does not state it"),
            ),
        };
        sources.push(entry);
    }
    for p in processes.iter().filter(|p| p.kind == ProcessKind::Worker) {
        let stated = facts.procfile.iter().find(|e| e.name == p.name);
        let source = match stated {
            Some(e) => Source::Repository {
                evidence: e.evidence.clone(),
            },
            None if let Some(e) = &worker_entry => Source::Repository {
                evidence: e.clone(),
            },
            None => Source::convention(
                "the worker library's usual command; the repository declares no worker process",
            ),
        };
        sources.push(
            Provenance::new(
                PlanValue::WorkerCommand,
                p.command.clone().unwrap_or_default(),
                source,
            )
            .named(p.name.clone()),
        );
    }
    // A site with no web process is served from the folder its build writes.
    if !processes.iter().any(|p| p.kind != ProcessKind::Cron) && facts.services.is_empty() {
        let (dir, source) = super::services::output_dir(facts, build_command.as_deref());
        sources.push(Provenance::new(PlanValue::OutputDir, dir, source));
        sources.extend(super::services::spa_fallback(facts));
    }
    Runtime {
        stack,
        frameworks: names,
        install_command,
        test_command,
        build_command,
        start_command,
        port,
        dockerfile: facts.dockerfile.as_ref().map(|d| d.value.clone()),
        generated_dockerfile: generated_dockerfile(facts),
        processes,
        websockets: needs.websockets.is_some(),
        runtime_version,
        evidence,
        sources,
        toolchain,
    }
}

/// The path of deployplan's Dockerfile: beside the person's unfit root `Dockerfile` (a dev
/// image, say), which is theirs to keep, under a name every generated file then builds.
fn generated_dockerfile(facts: &Facts) -> String {
    let persons_root = facts.dockerfile.is_none()
        && facts
            .dockerfiles_unfit
            .iter()
            .any(|d| d.name == "Dockerfile");
    if persons_root {
        GENERATED_BESIDE.to_string()
    } else {
        "Dockerfile".to_string()
    }
}

/// deployplan's Dockerfile beside the person's.
pub const GENERATED_BESIDE: &str = "Dockerfile.deployplan";
