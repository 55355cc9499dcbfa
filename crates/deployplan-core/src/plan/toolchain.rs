//! How CI and the image get the toolchain: which runtime and version to install, the package
//! manager (and its version), the images whose tags exist, and the service containers the tests
//! need. The repository's pins first; where it is silent, the catalog's default, said as an
//! assumption.

use serde::Serialize;

use crate::answers::Stack;
use crate::catalog::images::{self, Images};
use crate::facts::{Evidence, Facts};

/// Where a value of the toolchain came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// A file of the repository states it (the evidence says which).
    Repository,
    /// The repository is silent: deployplan's convention, listed among the assumptions.
    #[default]
    Convention,
}

/// A service container the tests run against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceContainer {
    /// `postgres`, `mysql`, `redis`.
    pub name: String,
    /// The repository's image when it names one, else the convention (`postgres:16`).
    pub image: String,
    pub source: Source,
    /// Where the need was seen (`.github/workflows/ci.yml:12`).
    pub evidence: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Toolchain {
    /// What CI installs: `node`, `python`, `ruby`, `go`, `java`, `php`, `dotnet`, `elixir`,
    /// `rust`, or `hugo` for a Hugo site (Jekyll is `ruby`).
    pub runtime: String,
    /// The version to install (`20`, `3.12.4`, `1.22`): the repository's pin when it is a plain
    /// version, else the image version it maps to.
    pub version: String,
    pub version_source: Source,
    /// `npm`, `pnpm`, `yarn`, `yarn-berry`, `bun`, `uv`, `poetry`, `pipenv`, `pip`, `bundler`,
    /// `go`, `maven`, `gradle`, `dotnet`, `composer`, `mix`, `cargo`, `hugo`.
    pub package_manager: String,
    /// Its version when the repository pins it (`packageManager`, pnpm's lockfile).
    pub package_manager_version: Option<String>,
    /// Images for the Dockerfile stages and CI jobs (none for a Hugo site).
    pub images: Option<Images>,
    /// The file that carries the version when a setup action can read it: `go.mod`
    /// (`go-version-file`), `global.json` (`global-json-file`).
    pub version_file: Option<String>,
    /// `packageManager` of package.json pins the package manager (corepack and
    /// pnpm/action-setup read it there; repeating the version elsewhere conflicts).
    pub package_manager_field: bool,
    /// Erlang/OTP for Elixir (from `.tool-versions` or the CI workflow, else a convention).
    pub otp_version: Option<String>,
    /// Hugo's version when the repository pins it (its CI workflow, `.tool-versions`, netlify.toml).
    pub hugo_version: Option<String>,
    /// The tests need these services.
    pub services: Vec<ServiceContainer>,
    /// The lockfile lists native extensions that need a compiler and headers in the image
    /// (`build-essential`, `libpq-dev` ...): Debian package names.
    pub build_packages: Vec<String>,
    /// The shared libraries those extensions load at run time (`libpq5`), for the runtime image.
    pub runtime_packages: Vec<String>,
    /// Conventions used where the repository is silent, for the TDD's assumptions.
    pub assumptions: Vec<String>,
    /// Node beside this runtime, for a build that runs a Node package manager.
    pub asset_node: Option<super::asset_node::AssetNode>,
}

fn runtime_of(stack: Stack) -> &'static str {
    match stack {
        Stack::Node | Stack::Static => "node",
        Stack::Python => "python",
        Stack::Ruby => "ruby",
        Stack::Go => "go",
        Stack::Java => "java",
        Stack::Php => "php",
        Stack::Dotnet => "dotnet",
        Stack::Elixir => "elixir",
        Stack::Rust => "rust",
    }
}

fn plain(v: &str) -> bool {
    !v.is_empty() && v.len() <= 16 && v.chars().all(|c| c.is_ascii_digit() || c == '.')
}

fn cite(e: &[Evidence]) -> String {
    e.first().map_or_else(String::new, |e| e.to_string())
}

fn default_image(service: &str) -> &'static str {
    match service {
        "postgres" => "postgres:16",
        "mysql" => "mysql:8.4",
        _ => "redis:7",
    }
}

/// The package manager CI and the image use, from the scan's facts.
fn package_manager(facts: &Facts, runtime: &str, install: &str) -> String {
    let has = |n: &str| facts.package_managers.iter().any(|p| p.name == n);
    let first = install.split_whitespace().next().unwrap_or("");
    match runtime {
        "node" => match first {
            "pnpm" => "pnpm".into(),
            "bun" => "bun".into(),
            "yarn" if install.contains("--immutable") => "yarn-berry".into(),
            "yarn" => "yarn".into(),
            _ => "npm".into(),
        },
        "python" => ["uv", "poetry", "pipenv", "pdm"]
            .into_iter()
            .find(|p| first == *p || has(p) && first != "pip")
            .unwrap_or("pip")
            .into(),
        "java" if first.contains("gradle") || has("gradle") && !has("maven") => "gradle".into(),
        "java" => "maven".into(),
        "ruby" => "bundler".into(),
        "go" => "go".into(),
        "php" => "composer".into(),
        "dotnet" => "dotnet".into(),
        "elixir" => "mix".into(),
        "rust" => "cargo".into(),
        other => other.into(),
    }
}

pub fn toolchain(stack: Stack, facts: &Facts, install: &str, scanned: bool) -> Toolchain {
    let mut t = Toolchain::default();
    // A framework whose build tool is not its stack's runtime (Hugo; Jekyll is Ruby's).
    let own = facts
        .frameworks
        .iter()
        .find_map(|d| crate::frameworks::provider(&d.name).and_then(|p| p.ci_runtime(&d.name)));
    let hugo = own == Some("hugo");
    let runtime = if let Some(own) = own {
        own
    } else if install.starts_with("echo 'plain HTML") {
        "static"
    } else {
        runtime_of(stack)
    };
    t.runtime = runtime.into();
    if runtime == "static" {
        t.package_manager = "none".into();
        return with_services(t, facts, scanned);
    }
    let tool = |name: &str| facts.tool_versions.iter().find(|v| v.runtime == name);
    if hugo {
        t.package_manager = "hugo".into();
        t.hugo_version = tool("hugo").map(|v| v.version.clone());
        if t.hugo_version.is_none() {
            t.assumptions.push("Hugo: the repository pins no Hugo version, so CI installs the latest extended release; pin it (`hugo-version`) to build the same way every time".into());
        }
        return with_services(t, facts, scanned);
    }
    let pin = facts.runtime_versions.iter().find(|v| v.runtime == runtime);
    let pin_text = pin.map(|p| {
        if runtime == "java" && p.version == "1.8" {
            "8".to_string()
        } else {
            p.version.clone()
        }
    });
    let imgs = images::images(runtime, pin_text.as_deref());
    match (&pin, &imgs) {
        (Some(p), Some(i)) => {
            t.version_source = Source::Repository;
            t.version = match pin_text.as_deref() {
                Some(v) if plain(v) && i.note.is_none() => v.to_string(),
                _ => i.version.clone(),
            };
            if let Some(note) = &i.note {
                t.assumptions.push(format!(
                    "{runtime} version: {note} (the pin is `{}` in {})",
                    p.version,
                    cite(&p.evidence)
                ));
            }
        }
        (None, Some(i)) => {
            t.version = i.version.clone();
            t.assumptions.push(format!(
                "{runtime} version: the repository pins none, so {runtime} {} is used (catalog default); pin it ({}) so CI, the image and your machine agree",
                i.version,
                match runtime {
                    "node" => "`.nvmrc` or `engines.node`",
                    "python" => "`.python-version` or `requires-python`",
                    "ruby" => "`.ruby-version` or `ruby` in the Gemfile",
                    "java" => "`java.version` or the Gradle toolchain",
                    "php" => "`require.php` in composer.json",
                    "dotnet" => "`global.json` or `TargetFramework`",
                    "elixir" => "`.tool-versions` or `elixir:` in mix.exs",
                    _ => "a version file",
                }
            ));
        }
        _ => {}
    }
    t.images = imgs;
    if let Some(p) = pin
        && let Some(e) = p.evidence.iter().find(|e| {
            (runtime == "go" && e.path == "go.mod")
                || (runtime == "dotnet" && e.path == "global.json")
        })
    {
        t.version_file = Some(e.path.clone());
    }
    if runtime == "elixir" {
        t.otp_version = tool("erlang").map(|v| v.version.clone());
        if t.otp_version.is_none() {
            t.otp_version = Some("27".into());
            t.assumptions.push("Erlang/OTP: the repository pins none (`.tool-versions` `erlang`), so OTP 27 is used in CI".into());
        }
    }
    t.package_manager = package_manager(facts, runtime, install);
    let pm_tool = t.package_manager.trim_end_matches("-berry").to_string();
    t.package_manager_version = tool(&pm_tool).map(|v| v.version.clone());
    t.package_manager_field = tool(&pm_tool).is_some_and(|v| {
        v.evidence
            .iter()
            .any(|e| e.rule.ends_with("/packageManager"))
    });
    if t.package_manager == "yarn-berry" && t.package_manager_version.is_none() {
        t.assumptions.push("Yarn: the repository uses Yarn 2+ (.yarnrc.yml) without `packageManager`; corepack installs the latest stable Yarn. Add `\"packageManager\": \"yarn@<version>\"` to package.json".into());
    }
    t.build_packages = build_packages(facts, runtime);
    t.runtime_packages = t
        .build_packages
        .iter()
        .filter_map(|p| match p.as_str() {
            "libpq-dev" => Some("libpq5".to_string()),
            "default-libmysqlclient-dev" => Some("libmariadb3".to_string()),
            _ => None,
        })
        .collect();
    // A compiled binary runs on plain Debian slim, which has no CA roots (Go's and Rust's TLS
    // clients read the system's: every HTTPS call fails with an unknown authority) nor
    // OpenSSL's library (Rust's native-tls, reqwest's default, links libssl.so.3).
    match runtime {
        "go" => t.runtime_packages.push("ca-certificates".into()),
        "rust" => t
            .runtime_packages
            .extend(["ca-certificates".to_string(), "libssl3".to_string()]),
        _ => {}
    }
    with_services(t, facts, scanned)
}

fn with_services(mut t: Toolchain, facts: &Facts, scanned: bool) -> Toolchain {
    for s in &facts.test_services {
        t.services.push(ServiceContainer {
            name: s.name.clone(),
            image: s
                .image
                .clone()
                .unwrap_or_else(|| default_image(&s.name).to_string()),
            source: if s.image.is_some() {
                Source::Repository
            } else {
                Source::Convention
            },
            evidence: s.evidence.first().map(|e| e.to_string()),
        });
        if s.image.is_none() {
            t.assumptions.push(format!(
                "the tests need {} ({}); CI starts `{}` for them",
                s.name,
                cite(&s.evidence),
                default_image(&s.name)
            ));
        }
    }
    // Tests of an app that uses a database or Redis usually need it: a CI job without it
    // fails on the first query. The repository did not say, so it is an assumption.
    if !facts.tests.is_empty() {
        for db in &facts.databases {
            let name = match db.name.as_str() {
                "postgres" | "postgresql" => "postgres",
                "mysql" | "mariadb" => "mysql",
                "redis" => "redis",
                _ => continue,
            };
            if t.services.iter().any(|s| s.name == name) {
                continue;
            }
            t.services.push(ServiceContainer {
                name: name.to_string(),
                image: default_image(name).to_string(),
                source: Source::Convention,
                evidence: db.evidence.first().map(|e| e.to_string()),
            });
            t.assumptions.push(format!(
                "the app uses {name} ({}) and has tests; CI starts `{}` for them in case they need it",
                cite(&db.evidence),
                default_image(name)
            ));
        }
    }
    if !scanned {
        t.assumptions.push(
            "no repository was scanned: the toolchain, its version and the test command are the stack's conventions".into(),
        );
    }
    t
}

/// Where the toolchain's values came from, for `Runtime.evidence` ("node 20 from .nvmrc:1";
/// "node 22: convention (the repository pins none)").
pub fn evidence(t: &Toolchain, facts: &Facts) -> Vec<String> {
    let mut out = Vec::new();
    if !t.version.is_empty() {
        let pin = facts
            .runtime_versions
            .iter()
            .find(|v| v.runtime == t.runtime);
        out.push(match (t.version_source, pin) {
            (Source::Repository, Some(p)) => {
                format!("{} {} from {}", t.runtime, t.version, cite(&p.evidence))
            }
            _ => format!(
                "{} {}: convention (the repository pins none)",
                t.runtime, t.version
            ),
        });
    }
    let tool = t.package_manager.trim_end_matches("-berry");
    if let Some(v) = facts.tool_versions.iter().find(|v| v.runtime == tool) {
        out.push(format!("{tool} {} from {}", v.version, cite(&v.evidence)));
    }
    if let Some(h) = facts.tool_versions.iter().find(|v| v.runtime == "hugo") {
        out.push(format!("hugo {} from {}", h.version, cite(&h.evidence)));
    }
    for s in &t.services {
        out.push(format!(
            "test service {} ({}) from {}{}",
            s.name,
            s.image,
            s.evidence.as_deref().unwrap_or("the repository"),
            if s.source == Source::Convention {
                "; image: convention"
            } else {
                ""
            }
        ));
    }
    out
}

/// Debian packages a native extension in the dependencies needs to compile in the image.
fn build_packages(facts: &Facts, runtime: &str) -> Vec<String> {
    let mut out = Vec::new();
    let dbs = |n: &str| facts.databases.iter().any(|d| d.name == n);
    let dep = |d: &str| {
        facts
            .databases
            .iter()
            .flat_map(|x| &x.evidence)
            .any(|e| e.rule.ends_with(&format!("dependency:{d}")))
    };
    match runtime {
        "python" => {
            // psycopg2 (not -binary) and mysqlclient build from source.
            if dep("psycopg2") {
                out.extend(["build-essential", "libpq-dev"]);
            }
            if dep("mysqlclient") {
                out.extend([
                    "build-essential",
                    "default-libmysqlclient-dev",
                    "pkg-config",
                ]);
            }
        }
        "ruby" => {
            // Gems with C extensions (pg, mysql2, nokogiri on some platforms) need a compiler.
            out.push("build-essential");
            if dbs("postgres") {
                out.push("libpq-dev");
            }
            if dbs("mysql") {
                out.push("default-libmysqlclient-dev");
            }
        }
        _ => {}
    }
    out.sort();
    out.dedup();
    out.into_iter().map(String::from).collect()
}
