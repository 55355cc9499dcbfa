//! What runs and how it is built: the repository's own commands when the scan found them,
//! else the stack's conventional ones.

use super::model::{Process, Runtime};
use super::needs::Needs;
use super::toolchain;
use crate::answers::{Answers, AppType, Choice, Stack};
use crate::facts::{Facts, Valued};
use crate::frameworks;

/// Conventional commands of a stack: (install, test, build, start, port).
fn conventional(
    stack: Stack,
) -> (
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    u16,
) {
    match stack {
        Stack::Node => (
            "npm ci",
            "npm test",
            Some("npm run build"),
            Some("npm start"),
            3000,
        ),
        Stack::Python => (
            "pip install -r requirements.txt",
            "pytest",
            None,
            Some("gunicorn app:app --bind 0.0.0.0:$PORT"),
            8000,
        ),
        Stack::Ruby => (
            "bundle install",
            "bundle exec rspec",
            None,
            Some("bundle exec puma -C config/puma.rb"),
            3000,
        ),
        Stack::Go => (
            "go mod download",
            "go test ./...",
            Some("go build -o bin/app ."),
            Some("./bin/app"),
            8080,
        ),
        Stack::Java => (
            "./mvnw -B dependency:go-offline",
            "./mvnw -B test",
            Some("./mvnw -B package -DskipTests"),
            Some("java -jar target/app.jar"),
            8080,
        ),
        Stack::Php => (
            "composer install --no-interaction",
            "vendor/bin/phpunit",
            None,
            Some("php-fpm"),
            8000,
        ),
        Stack::Dotnet => (
            "dotnet restore",
            "dotnet test",
            Some("dotnet publish -c Release -o out"),
            Some("dotnet out/App.dll"),
            8080,
        ),
        Stack::Elixir => (
            "mix deps.get",
            "mix test",
            Some("MIX_ENV=prod mix release"),
            Some("_build/prod/rel/app/bin/app start"),
            4000,
        ),
        Stack::Rust => (
            "cargo fetch --locked",
            "cargo test --locked",
            Some("cargo build --release --locked"),
            Some("./target/release/app"),
            8080,
        ),
        Stack::Static => ("npm ci", "npm test", Some("npm run build"), None, 8080),
    }
}

/// The usual command of a worker library, for the worker process.
fn worker_command(library: &str, module: Option<&str>, stack: Stack) -> String {
    match library {
        "celery" => format!(
            "celery -A {} worker --loglevel=info",
            module.unwrap_or("app")
        ),
        "rq" => "rq worker".into(),
        "sidekiq" => "bundle exec sidekiq".into(),
        "resque" => "bundle exec rake resque:work QUEUE=*".into(),
        "oban" => "mix run --no-halt".into(),
        "hangfire" => "dotnet out/App.dll".into(),
        _ => match stack {
            Stack::Node => "node worker.js".into(),
            Stack::Python => "python worker.py".into(),
            Stack::Ruby => "bundle exec rake jobs:work".into(),
            _ => "./worker".into(),
        },
    }
}

fn take(v: &Option<Valued<String>>, what: &str, evidence: &mut Vec<String>) -> Option<String> {
    v.as_ref().map(|v| {
        if let Some(e) = v.evidence.first() {
            evidence.push(format!("{what} command from {e}"));
        }
        v.value.clone()
    })
}

pub fn runtime(answers: &Answers, facts: &Facts, needs: &Needs) -> Runtime {
    let stack = answers
        .app
        .stack
        .or_else(|| frameworks::stack_of(facts))
        .unwrap_or(Stack::Node);
    let (install, test, build, start, port) = conventional(stack);
    let mut evidence = Vec::new();
    let c = &facts.commands;
    // The answers file wins, then the repository, then the stack's convention.
    let app = &answers.app;
    let mut answered = |v: &Option<String>, what: &str| {
        v.clone()
            .inspect(|_| evidence.push(format!("{what} command from deployplan.toml")))
    };
    let answered_install = answered(&app.install_command, "install");
    let answered_test = answered(&app.test_command, "test");
    let answered_build = answered(&app.build_command, "build");
    let answered_start = answered(&app.start_command, "start");
    let scanned = !facts.package_managers.is_empty() || !facts.frameworks.is_empty();
    // A Hugo site without a package.json installs nothing: `hugo version` checks the tool.
    // Plain HTML has nothing to install or build.
    let plain_html = stack == Stack::Static
        && scanned
        && !facts.has_framework("hugo")
        && !facts.has_framework("jekyll")
        && !facts
            .package_managers
            .iter()
            .any(|p| p.name == "npm" || p.name == "pnpm" || p.name == "yarn" || p.name == "bun");
    let install = if facts.has_framework("hugo") {
        "hugo version"
    } else if plain_html {
        "echo 'plain HTML: nothing to install'"
    } else {
        install
    };
    let install_command = answered_install
        .or_else(|| take(&c.install, "install", &mut evidence))
        .unwrap_or_else(|| install.into());
    // A scanned repository without tests gets no test step (a conventional command would
    // fail); without a scan the stack's convention stands, as an assumption.
    let test_command = answered_test
        .or_else(|| take(&c.test, "test", &mut evidence))
        .or_else(|| (!scanned).then(|| test.into()));
    // A scanned repository without a build script has no build step (`npm run build` would
    // fail on a missing script).
    let build_command = answered_build
        .or_else(|| take(&c.build, "build", &mut evidence))
        .or(build.filter(|_| !scanned).map(String::from));
    let procfile_web = facts
        .procfile
        .iter()
        .find(|e| e.name == "web")
        .map(|e| e.command.clone());
    let start_command = answered_start
        .or_else(|| take(&c.start, "start", &mut evidence))
        .or(procfile_web)
        .or(start.map(String::from));
    let port = answers
        .app
        .port
        .or(facts.port.as_ref().map(|p| p.value))
        .unwrap_or(port);
    if let Some(p) = &facts.port
        && let Some(e) = p.evidence.first()
    {
        evidence.push(format!("port {} from {e}", p.value));
    }

    let frontend_only = answers.context.app_type == AppType::Frontend;
    let mut processes = Vec::new();
    if !frontend_only {
        processes.push(Process {
            kind: "web".into(),
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
                kind: "worker".into(),
                name: entry.name.clone(),
                command: Some(entry.command.clone()),
                schedule: None,
            });
        }
        if !any {
            let first = facts.workers.first();
            let library = first.map_or("", |w| w.name.as_str());
            // The Celery app's package is the folder of the file that defines it (proj/celery.py).
            let module = first
                .and_then(|w| w.evidence.first())
                .and_then(|e| e.path.rsplit_once('/'))
                .map(|(dir, _)| dir.rsplit('/').next().unwrap_or(dir));
            processes.push(Process {
                kind: "worker".into(),
                name: "worker".into(),
                command: Some(worker_command(library, module, stack)),
                schedule: None,
            });
        }
    }
    let names: Vec<String> = frameworks::known(facts)
        .iter()
        .map(|f| f.name.to_string())
        .collect();
    let toolchain = toolchain::toolchain(stack, facts, &names, &install_command, scanned);
    evidence.extend(toolchain::evidence(&toolchain, facts));
    // The pin of the stack's own runtime (a Rails app's .nvmrc is not its Ruby version).
    let runtime_version = (!toolchain.version.is_empty())
        .then(|| format!("{} {}", toolchain.runtime, toolchain.version));
    Runtime {
        stack: stack.id().to_string(),
        frameworks: names,
        install_command,
        test_command,
        build_command,
        start_command,
        port,
        dockerfile: facts.dockerfile.as_ref().map(|d| d.value.clone()),
        processes,
        websockets: needs.websockets.is_some(),
        runtime_version,
        evidence,
        toolchain,
    }
}
