//! .NET: *.csproj/*.fsproj (SDK, PackageReference, TargetFramework) and global.json;
//! ASP.NET Core; EF Core migrations; Hangfire, hosted services, Quartz; SignalR.

use deployplan_core::Facts;
use deployplan_core::facts::{MigrationFact, RuntimeVersion};

use super::Detector;
use crate::deps::Deps;
use crate::index::{RepoIndex, depth, file_name, parent};
use crate::record::{add, claim_commands, ev, line_of, numbered, set_once};
use crate::rules::{Rule, When::*, apply, rule};

pub struct Dotnet;

const ID: &str = "dotnet";

const ASPNET_CORE: &str = "aspnet-core";

static DATABASES: &[Rule] = &[
    rule("postgres", Dep("Npgsql.EntityFrameworkCore.PostgreSQL")),
    rule("postgres", Dep("Npgsql")),
    rule("mysql", Dep("Pomelo.EntityFrameworkCore.MySql")),
    rule("mysql", Dep("MySqlConnector")),
    rule("sqlite", Dep("Microsoft.EntityFrameworkCore.Sqlite")),
    rule("sqlserver", Dep("Microsoft.EntityFrameworkCore.SqlServer")),
    rule("mongodb", Dep("MongoDB.Driver")),
    rule("redis", Dep("StackExchange.Redis")),
    rule(
        "redis",
        Dep("Microsoft.Extensions.Caching.StackExchangeRedis"),
    ),
];

static WORKERS: &[Rule] = &[
    rule("hangfire", Dep("Hangfire.AspNetCore")),
    rule("hangfire", Dep("Hangfire.Core")),
    rule(
        "dotnet-hosted-service",
        Code("worker:dotnet-hosted-service"),
    ),
];

static SCHEDULES: &[Rule] = &[
    rule("hangfire-recurring", Code("sched:hangfire-recurring")),
    rule("quartz", Dep("Quartz.Extensions.Hosting")),
    rule("quartz", Dep("Quartz")),
];

static WEBSOCKETS: &[Rule] = &[
    rule("signalr", Code("ws:signalr")),
    rule("signalr", DepPrefix("Microsoft.AspNetCore.SignalR")),
    rule("server-sent-events", Code("ws:server-sent-events")),
];

const TEST_SDKS: &[&str] = &[
    "Microsoft.NET.Test.Sdk",
    "xunit",
    "NUnit",
    "MSTest.TestFramework",
];

struct Project<'a> {
    path: &'a str,
    text: &'a str,
    test: bool,
}

fn projects(index: &RepoIndex) -> Vec<Project<'_>> {
    index
        .texts_named(|n| n.ends_with(".csproj") || n.ends_with(".fsproj"))
        .filter(|(p, _)| depth(p) <= 3)
        .map(|(path, text)| Project {
            path,
            text,
            test: TEST_SDKS
                .iter()
                .any(|t| text.contains(&format!("Include=\"{t}\""))),
        })
        .collect()
}

fn package_refs(p: &Project, deps: &mut Deps) {
    for (n, line) in numbered(p.text) {
        if let Some(at) = line.find("<PackageReference Include=\"") {
            let rest = &line[at + "<PackageReference Include=\"".len()..];
            deps.push(rest.split('"').next().unwrap_or(""), p.path, Some(n), false);
        }
    }
}

fn stem(path: &str) -> &str {
    let name = file_name(path);
    name.rsplit_once('.').map_or(name, |(s, _)| s)
}

impl Detector for Dotnet {
    fn id(&self) -> &'static str {
        ID
    }

    fn frameworks(&self) -> Vec<&'static str> {
        vec![ASPNET_CORE]
    }

    fn detect(&self, index: &RepoIndex, facts: &mut Facts) {
        let projects = projects(index);
        if projects.is_empty() {
            return;
        }
        let mut deps = Deps::default();
        for p in projects.iter().filter(|p| !p.test) {
            package_refs(p, &mut deps);
        }
        let web = projects
            .iter()
            .find(|p| !p.test && p.text.contains("Sdk=\"Microsoft.NET.Sdk.Web\""));
        if let Some(w) = web {
            let e = ev(
                w.path,
                line_of(w.text, "Microsoft.NET.Sdk.Web"),
                format!("{ID}/sdk:web"),
            );
            add(&mut facts.frameworks, ASPNET_CORE, e);
        }
        let worker = projects
            .iter()
            .find(|p| p.text.contains("Sdk=\"Microsoft.NET.Sdk.Worker\""));
        if let Some(w) = worker {
            let e = ev(
                w.path,
                line_of(w.text, "Microsoft.NET.Sdk.Worker"),
                format!("{ID}/sdk:worker"),
            );
            add(&mut facts.workers, "dotnet-worker", e);
        }
        apply(ID, DATABASES, &deps, index, &mut facts.databases);
        for h in index.hits("db:ef-provider") {
            let db = match h.value.as_str() {
                "Npgsql" => "postgres",
                "MySql" => "mysql",
                "Sqlite" => "sqlite",
                _ => "sqlserver",
            };
            add(
                &mut facts.databases,
                db,
                ev(&h.path, Some(h.line), format!("{ID}/code:ef-provider")),
            );
        }
        apply(ID, WORKERS, &deps, index, &mut facts.workers);
        apply(ID, SCHEDULES, &deps, index, &mut facts.schedules);
        apply(ID, WEBSOCKETS, &deps, index, &mut facts.websockets);

        let main = web.or(worker).unwrap_or(&projects[0]);
        connection_strings(index, facts, main);
        let pm_ev = ev(main.path, None, format!("{ID}/project"));
        add(&mut facts.package_managers, "dotnet", pm_ev.clone());
        if claim_commands(facts, ID) {
            let cmds = &mut facts.commands;
            set_once(&mut cmds.install, "dotnet restore".into(), pm_ev.clone());
            if let Some(t) = projects.iter().find(|p| p.test) {
                set_once(
                    &mut cmds.test,
                    "dotnet test".into(),
                    ev(t.path, None, format!("{ID}/test-project")),
                );
            }
            set_once(
                &mut cmds.build,
                format!("dotnet publish {} -c Release -o out", main.path),
                pm_ev.clone(),
            );
            // The dll is the project's <AssemblyName>, else its file name.
            let assembly = main.text.find("<AssemblyName>").and_then(|at| {
                let from = at + "<AssemblyName>".len();
                let name = main.text[from..].split('<').next()?.trim();
                (!name.is_empty()
                    && name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)))
                .then(|| (name.to_string(), crate::record::line_at(main.text, at)))
            });
            let (dll, dll_ev) = match assembly {
                Some((name, line)) => (
                    name,
                    ev(main.path, Some(line), format!("{ID}/assembly-name")),
                ),
                None => (stem(main.path).to_string(), pm_ev),
            };
            set_once(&mut cmds.start, format!("dotnet out/{dll}.dll"), dll_ev);
        }
        runtime(index, facts, main);
        if facts.migration_tool.is_none()
            && let Some(d) = deps
                .get("Microsoft.EntityFrameworkCore.Design")
                .or(deps.get("Microsoft.EntityFrameworkCore.Tools"))
        {
            let dir = parent(main.path);
            let migrations = crate::index::join(dir, "Migrations");
            let mut evidence = vec![d.evidence(ID)];
            if let Some(f) = index.files_under(&migrations).first() {
                evidence.insert(0, ev(&f.path, None, format!("{ID}/dir:Migrations")));
            }
            facts.migration_tool = Some(MigrationFact {
                name: "ef-core".into(),
                command: format!("dotnet ef database update --project {}", main.path),
                install: None,
                evidence,
            });
        }
    }
}

/// `ConnectionStrings:Default` in appsettings.json is set in production by the env var
/// `ConnectionStrings__Default` (ASP.NET Core's configuration naming).
fn connection_strings(index: &RepoIndex, facts: &mut Facts, main: &Project) {
    let path = crate::index::join(parent(main.path), "appsettings.json");
    let Some(text) = index.text(&path) else {
        return;
    };
    let Ok(doc) = serde_json::from_str::<serde_json::Value>(text) else {
        return;
    };
    let Some(map) = doc.get("ConnectionStrings").and_then(|c| c.as_object()) else {
        return;
    };
    for key in map.keys() {
        let e = ev(
            &path,
            line_of(text, &format!("\"{key}\"")),
            format!("{ID}/connection-string"),
        );
        crate::record::add_env(facts, &format!("ConnectionStrings__{key}"), "framework", e);
    }
}

fn runtime(index: &RepoIndex, facts: &mut Facts, main: &Project) {
    let found = if let Some(text) = index.text("global.json")
        && let Ok(v) = serde_json::from_str::<serde_json::Value>(text)
        && let Some(version) = v.pointer("/sdk/version").and_then(|v| v.as_str())
    {
        Some((
            version.to_string(),
            ev(
                "global.json",
                line_of(text, "\"version\""),
                format!("{ID}/global.json"),
            ),
        ))
    } else {
        let at = main.text.find("<TargetFramework>");
        at.and_then(|at| {
            let rest = &main.text[at + "<TargetFramework>".len()..];
            let tfm = rest.split('<').next()?.trim();
            let v = tfm.strip_prefix("net")?;
            v.starts_with(|c: char| c.is_ascii_digit()).then(|| {
                (
                    v.to_string(),
                    ev(
                        main.path,
                        line_of(main.text, "<TargetFramework>"),
                        format!("{ID}/target-framework"),
                    ),
                )
            })
        })
    };
    if let Some((version, e)) = found {
        facts.runtime_versions.push(RuntimeVersion {
            runtime: "dotnet".into(),
            version,
            evidence: vec![e],
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aspnet_core_with_ef_core_signalr_and_tests() {
        let api = "<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n<PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup>\n<ItemGroup>\n<PackageReference Include=\"Npgsql.EntityFrameworkCore.PostgreSQL\" Version=\"8.0.0\" />\n<PackageReference Include=\"Microsoft.EntityFrameworkCore.Design\" Version=\"8.0.0\" />\n</ItemGroup>\n</Project>";
        let tests = "<Project Sdk=\"Microsoft.NET.Sdk\">\n<PackageReference Include=\"Microsoft.NET.Test.Sdk\" />\n<PackageReference Include=\"Testcontainers.MongoDb\" />\n</Project>";
        let index = RepoIndex::from_texts(&[
            ("src/Api/Api.csproj", api),
            (
                "src/Api/Program.cs",
                "builder.Services.AddSignalR();\napp.MapHub<ChatHub>(\"/chat\");",
            ),
            ("src/Api/Migrations/20240101_Init.cs", ""),
            ("tests/Api.Tests/Api.Tests.csproj", tests),
        ]);
        let mut f = Facts::default();
        Dotnet.detect(&index, &mut f);
        assert_eq!(f.frameworks[0].name, "aspnet-core");
        let dbs: Vec<_> = f.databases.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(dbs, ["postgres"], "test projects' packages do not count");
        assert_eq!(f.websockets[0].name, "signalr");
        assert_eq!(
            f.migration_tool.unwrap().command,
            "dotnet ef database update --project src/Api/Api.csproj"
        );
        assert_eq!(f.commands.test.unwrap().value, "dotnet test");
        assert_eq!(f.commands.start.unwrap().value, "dotnet out/Api.dll");
        assert_eq!(f.runtime_versions[0].version, "8.0");
    }
}
