//! Go: go.mod requirements; Gin, Echo, Fiber, net/http (and chi/gorilla on it); goose and
//! golang-migrate; asynq/river workers; cron libraries; gorilla/websocket. A go.mod without
//! Go code (a Hugo site's modules) is not a Go service.

use deployplan_core::Facts;
use deployplan_core::facts::{MigrationFact, RuntimeVersion};

use super::Detector;
use crate::deps::Deps;
use crate::index::{RepoIndex, file_name, parent};
use crate::record::{add, claim_commands, ev, has, numbered, set_once};
use crate::rules::{Rule, When::*, apply, rule, rule_unless};

pub struct Go;

const ID: &str = "go";

const FWS: &[&str] = &["gin", "echo", "fiber"];

static FRAMEWORKS: &[Rule] = &[
    rule("gin", Dep("github.com/gin-gonic/gin")),
    rule("echo", DepPrefix("github.com/labstack/echo")),
    rule("fiber", DepPrefix("github.com/gofiber/fiber")),
    rule_unless("go-nethttp", DepPrefix("github.com/go-chi/chi"), FWS),
    rule_unless("go-nethttp", Dep("github.com/gorilla/mux"), FWS),
    rule_unless("go-nethttp", Code("port:go-http"), FWS),
];

static DATABASES: &[Rule] = &[
    rule("postgres", Dep("github.com/lib/pq")),
    rule("postgres", DepPrefix("github.com/jackc/pgx")),
    rule("postgres", Dep("gorm.io/driver/postgres")),
    rule("mysql", Dep("github.com/go-sql-driver/mysql")),
    rule("mysql", Dep("gorm.io/driver/mysql")),
    rule("sqlite", Dep("github.com/mattn/go-sqlite3")),
    rule("sqlite", Dep("modernc.org/sqlite")),
    rule("sqlite", Dep("gorm.io/driver/sqlite")),
    rule("mongodb", Dep("go.mongodb.org/mongo-driver")),
    rule("mongodb", DepPrefix("go.mongodb.org/mongo-driver")),
    rule("redis", DepPrefix("github.com/redis/go-redis")),
    rule("redis", DepPrefix("github.com/go-redis/redis")),
    rule("redis", Dep("github.com/hibiken/asynq")),
];

static WORKERS: &[Rule] = &[
    rule("asynq", Dep("github.com/hibiken/asynq")),
    rule("machinery", DepPrefix("github.com/RichardKnop/machinery")),
    rule("river", Dep("github.com/riverqueue/river")),
    rule("temporal", Dep("go.temporal.io/sdk")),
];

static SCHEDULES: &[Rule] = &[
    rule("robfig-cron", DepPrefix("github.com/robfig/cron")),
    rule("gocron", DepPrefix("github.com/go-co-op/gocron")),
];

static WEBSOCKETS: &[Rule] = &[
    rule("gorilla-websocket", Dep("github.com/gorilla/websocket")),
    rule("coder-websocket", Dep("github.com/coder/websocket")),
    rule("coder-websocket", Dep("nhooyr.io/websocket")),
    rule(
        "fiber-websocket",
        DepPrefix("github.com/gofiber/contrib/websocket"),
    ),
    rule("fiber-websocket", DepPrefix("github.com/gofiber/websocket")),
    rule("server-sent-events", Code("ws:server-sent-events")),
];

/// Module paths of `require` lines (single and block form).
fn requires(text: &str) -> Deps {
    let mut deps = Deps::default();
    let mut block = false;
    for (n, line) in numbered(text) {
        let l = line.trim();
        let spec = if block {
            if l.starts_with(')') {
                block = false;
                continue;
            }
            l
        } else if l == "require (" {
            block = true;
            continue;
        } else if let Some(rest) = l.strip_prefix("require ") {
            rest
        } else {
            continue;
        };
        if let Some(module) = spec
            .split_whitespace()
            .next()
            .filter(|m| !m.starts_with("//"))
        {
            deps.push(module, "go.mod", Some(n), spec.contains("// indirect"));
        }
    }
    deps
}

/// The `cmd/<name>/main.go` of the server among a repository's binaries: the one whose code
/// listens on a port, else the one named like a server (`server`, `api`, `web`, `app`), else
/// the first that is not a tool (`migrate`, `worker`, `cli`, `seed`).
fn server_main(index: &RepoIndex) -> Option<String> {
    let mains: Vec<&str> = index
        .files_under("cmd")
        .iter()
        .map(|f| f.path.as_str())
        .filter(|p| file_name(p) == "main.go" && crate::index::depth(p) == 2)
        .collect();
    let name = |p: &str| file_name(parent(p)).to_string();
    let listens = |p: &str| {
        index.text(p).is_some_and(|t| {
            [
                "ListenAndServe",
                ".Listen(",
                ".Run(\":",
                ".Start(\":",
                "net.Listen(",
            ]
            .iter()
            .any(|n| t.contains(n))
        })
    };
    let tool = |p: &str| {
        matches!(
            name(p).as_str(),
            "migrate" | "migration" | "migrations" | "worker" | "cli" | "seed" | "tools"
        )
    };
    mains
        .iter()
        .find(|p| listens(p) && !tool(p))
        .or_else(|| {
            ["server", "api", "web", "app", "http"]
                .iter()
                .find_map(|n| mains.iter().find(|p| name(p) == *n))
        })
        .or_else(|| mains.iter().find(|p| !tool(p)))
        .or(mains.first())
        .map(|p| p.to_string())
}

impl Detector for Go {
    fn id(&self) -> &'static str {
        ID
    }

    fn frameworks(&self) -> Vec<&'static str> {
        crate::rules::facts_of(FRAMEWORKS).collect()
    }

    fn detect(&self, index: &RepoIndex, facts: &mut Facts) {
        let Some(text) = index.text("go.mod") else {
            return;
        };
        let has_code = index
            .files()
            .iter()
            .any(|f| f.path.ends_with(".go") && !f.path.ends_with("_test.go"));
        if !has_code {
            // Hugo modules and other Go-tooling-only go.mod files.
            return;
        }
        let deps = requires(text);
        apply(ID, FRAMEWORKS, &deps, index, &mut facts.frameworks);
        apply(ID, DATABASES, &deps, index, &mut facts.databases);
        apply(ID, WORKERS, &deps, index, &mut facts.workers);
        apply(ID, SCHEDULES, &deps, index, &mut facts.schedules);
        apply(ID, WEBSOCKETS, &deps, index, &mut facts.websockets);
        let gomod = ev("go.mod", None, format!("{ID}/go.mod"));
        add(&mut facts.package_managers, "go", gomod.clone());
        if claim_commands(facts, ID) {
            let main = server_main(index);
            let (target, binary, built) = match &main {
                Some(path) => {
                    let dir = parent(path);
                    let name = file_name(dir).to_string();
                    (
                        format!("./{dir}"),
                        name,
                        ev(path, None, format!("{ID}/cmd-main")),
                    )
                }
                None => (".".to_string(), "app".to_string(), gomod.clone()),
            };
            let cmds = &mut facts.commands;
            set_once(&mut cmds.install, "go mod download".into(), gomod.clone());
            set_once(&mut cmds.test, "go test ./...".into(), gomod.clone());
            set_once(
                &mut cmds.build,
                format!("go build -o bin/{binary} {target}"),
                built.clone(),
            );
            set_once(&mut cmds.start, format!("./bin/{binary}"), built);
        }
        if let Some((n, v)) =
            numbered(text).find_map(|(n, l)| Some((n, l.strip_prefix("go ")?.trim())))
        {
            facts.runtime_versions.push(RuntimeVersion {
                runtime: "go".into(),
                version: v.to_string(),
                evidence: vec![ev("go.mod", Some(n), format!("{ID}/go-directive"))],
            });
        }
        if facts.migration_tool.is_none() {
            migration(index, facts, &deps);
        }
    }
}

/// The version go.mod requires of `module` (`v3.20.0`), from its line.
fn required_version(index: &RepoIndex, module: &str) -> Option<String> {
    index.text("go.mod")?.lines().find_map(|l| {
        let mut words = l.split_whitespace();
        let first = words.next()?;
        let (name, version) = if first == "require" {
            (words.next()?, words.next()?)
        } else {
            (first, words.next()?)
        };
        (name == module
            && version.starts_with('v')
            && version
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-+".contains(c)))
        .then(|| version.to_string())
    })
}

/// A migration CLI the repository has only as a library: built from the version go.mod
/// requires into `./bin`, where the release step runs it (no image or buildpack has it).
fn cli_from_module(
    index: &RepoIndex,
    deps: &Deps,
    prefix: &str,
    cmd: &str,
    tags: Option<&str>,
) -> Option<(String, String)> {
    let module = deps.with_prefix(prefix)?.name.clone();
    let version = required_version(index, &module)?;
    let tags = tags.map(|t| format!(" -tags '{t}'")).unwrap_or_default();
    Some((
        format!("GOBIN=\"$PWD/bin\" go install{tags} {module}/cmd/{cmd}@{version}"),
        format!("./bin/{cmd}"),
    ))
}

fn migration(index: &RepoIndex, facts: &mut Facts, deps: &Deps) {
    let url = "\"$DATABASE_URL\"";
    if let Some(h) = index.hits("mig:goose").next() {
        let driver = if has(&facts.databases, "mysql") {
            "mysql"
        } else if has(&facts.databases, "sqlite") {
            "sqlite3"
        } else {
            "postgres"
        };
        let mut evidence = vec![ev(
            &h.path,
            Some(h.line),
            format!("{ID}/code:goose-annotation"),
        )];
        evidence.extend(
            deps.with_prefix("github.com/pressly/goose")
                .map(|d| d.evidence(ID)),
        );
        let cli = cli_from_module(index, deps, "github.com/pressly/goose", "goose", None);
        facts.migration_tool = Some(MigrationFact {
            name: "goose".into(),
            command: format!(
                "{} -dir {} {driver} {url} up",
                cli.as_ref().map_or("goose", |(_, run)| run.as_str()),
                parent(&h.path)
            ),
            install: cli.map(|(install, _)| install),
            evidence,
        });
    } else if let Some(d) = deps.with_prefix("github.com/golang-migrate/migrate") {
        let up = index.files().iter().find(|f| f.path.ends_with(".up.sql"));
        let dir = up.map_or("migrations", |f| parent(&f.path));
        let mut evidence = vec![d.evidence(ID)];
        evidence.extend(up.map(|f| ev(&f.path, None, format!("{ID}/file:*.up.sql"))));
        // The CLI compiles in only the drivers named by build tags.
        let tag = if has(&facts.databases, "mysql") {
            "mysql"
        } else if has(&facts.databases, "sqlite") {
            "sqlite3"
        } else {
            "postgres"
        };
        let cli = cli_from_module(
            index,
            deps,
            "github.com/golang-migrate/migrate",
            "migrate",
            Some(tag),
        );
        facts.migration_tool = Some(MigrationFact {
            name: "golang-migrate".into(),
            command: format!(
                "{} -path {dir} -database {url} up",
                cli.as_ref().map_or("migrate", |(_, run)| run.as_str())
            ),
            install: cli.map(|(install, _)| install),
            evidence,
        });
    } else if let Some(d) = deps.with_prefix("github.com/pressly/goose") {
        let cli = cli_from_module(index, deps, "github.com/pressly/goose", "goose", None);
        facts.migration_tool = Some(MigrationFact {
            name: "goose".into(),
            command: format!(
                "{} -dir migrations postgres {url} up",
                cli.as_ref().map_or("goose", |(_, run)| run.as_str())
            ),
            install: cli.map(|(install, _)| install),
            evidence: vec![d.evidence(ID)],
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gin_service_with_goose_and_pgx() {
        let gomod = "module example.com/api\n\ngo 1.23\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.10.0\n\tgithub.com/jackc/pgx/v5 v5.6.0\n\tgithub.com/pressly/goose/v3 v3.21.0\n)\n";
        let index = RepoIndex::from_texts(&[
            ("go.mod", gomod),
            ("cmd/api/main.go", "func main() { r.Run(\":8080\") }"),
            (
                "db/migrations/00001_init.sql",
                "-- +goose Up\nCREATE TABLE t();",
            ),
        ]);
        let mut f = Facts::default();
        Go.detect(&index, &mut f);
        assert_eq!(f.frameworks[0].name, "gin");
        assert_eq!(f.frameworks.len(), 1);
        assert_eq!(f.databases[0].name, "postgres");
        let m = f.migration_tool.unwrap();
        // goose is a library here: its CLI, at the version go.mod requires, is built into
        // ./bin where the release step runs it.
        assert_eq!(
            m.command,
            "./bin/goose -dir db/migrations postgres \"$DATABASE_URL\" up"
        );
        assert_eq!(
            m.install.as_deref(),
            Some("GOBIN=\"$PWD/bin\" go install github.com/pressly/goose/v3/cmd/goose@v3.21.0")
        );
        assert_eq!(
            f.commands.build.unwrap().value,
            "go build -o bin/api ./cmd/api"
        );
        assert_eq!(f.commands.start.unwrap().value, "./bin/api");
        assert_eq!(f.runtime_versions[0].version, "1.23");
    }

    #[test]
    fn the_server_binary_is_built_not_the_migration_tool() {
        let index = RepoIndex::from_texts(&[
            ("go.mod", "module example.com/shop\n\ngo 1.23\n"),
            (
                "cmd/migrate/main.go",
                "package main\n\nfunc main() { runMigrations() }\n",
            ),
            (
                "cmd/shopd/main.go",
                "package main\n\nimport \"net/http\"\n\nfunc main() { http.ListenAndServe(\":8080\", nil) }\n",
            ),
        ]);
        let mut f = Facts::default();
        Go.detect(&index, &mut f);
        let build = f.commands.build.unwrap();
        assert_eq!(build.value, "go build -o bin/shopd ./cmd/shopd");
        assert_eq!(build.evidence[0].path, "cmd/shopd/main.go");
        assert_eq!(f.commands.start.unwrap().value, "./bin/shopd");
    }

    #[test]
    fn go_mod_without_go_code_is_not_a_service() {
        let index = RepoIndex::from_texts(&[
            ("go.mod", "module github.com/me/site\n\ngo 1.22\n"),
            ("content/_index.md", ""),
        ]);
        let mut f = Facts::default();
        Go.detect(&index, &mut f);
        assert!(f.is_empty());
    }

    #[test]
    fn plain_net_http() {
        let index = RepoIndex::from_texts(&[
            ("go.mod", "module x\n\ngo 1.22\n"),
            (
                "main.go",
                "package main\nfunc main() { http.ListenAndServe(\":\"+port, nil) }",
            ),
        ]);
        let mut f = Facts::default();
        Go.detect(&index, &mut f);
        assert_eq!(f.frameworks[0].name, "go-nethttp");
    }
}
