//! Throwaway servers the plan needs (PostgreSQL, MySQL/MariaDB, Redis): started empty on a
//! free loopback port, their data under the rehearsal's folder, stopped and deleted after.

mod mysql;
mod postgres;
mod redis;

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Serialize;

use crate::process::{Group, Spawn};
use crate::{Cancel, RehearseError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ServiceKind {
    Postgres,
    Mysql,
    Redis,
}

impl ServiceKind {
    pub const ALL: [ServiceKind; 3] = [
        ServiceKind::Postgres,
        ServiceKind::Mysql,
        ServiceKind::Redis,
    ];

    /// The name used in `--service NAME=URL` and in the report.
    pub fn id(self) -> &'static str {
        match self {
            ServiceKind::Postgres => "postgres",
            ServiceKind::Mysql => "mysql",
            ServiceKind::Redis => "redis",
        }
    }

    pub fn parse(s: &str) -> Option<ServiceKind> {
        Self::ALL.into_iter().find(|k| k.id() == s)
    }

    /// The Debian package that provides the server.
    pub fn debian_package(self) -> &'static str {
        match self {
            ServiceKind::Postgres => "postgresql",
            ServiceKind::Mysql => "mariadb-server",
            ServiceKind::Redis => "redis-server",
        }
    }

    pub fn needed_because(self) -> &'static str {
        match self {
            ServiceKind::Postgres => "the database is PostgreSQL",
            ServiceKind::Mysql => "the database is MySQL",
            ServiceKind::Redis => "a Redis cache or job broker",
        }
    }

    /// The environment variables that carry this service's URL, when the code reads them.
    /// The first is always set.
    pub fn url_variables(self) -> &'static [&'static str] {
        match self {
            ServiceKind::Postgres => &["DATABASE_URL", "POSTGRES_URL", "POSTGRESQL_URL", "PG_URL"],
            ServiceKind::Mysql => &["DATABASE_URL", "MYSQL_URL"],
            ServiceKind::Redis => &[
                "REDIS_URL",
                "CELERY_BROKER_URL",
                "CELERY_RESULT_BACKEND",
                "BROKER_URL",
                "RQ_REDIS_URL",
                "CACHE_URL",
            ],
        }
    }
}

/// A running throwaway server, or the person's own (`--service`), as its URL.
pub struct RunningService {
    pub kind: ServiceKind,
    /// The connection URL for the app's database (or Redis).
    pub url: String,
    /// The URL of a second, empty database for the CI test job (same as `url` for Redis and
    /// for the person's own server).
    pub test_url: String,
    /// None for the person's own server: nothing to stop.
    pub process: Option<Group>,
    /// What the report says about it (`PostgreSQL 15.8 on 127.0.0.1:41231`).
    pub detail: String,
}

/// Where to find server binaries: `DEPLOYPLAN_REHEARSE_SERVER_PATH` (a PATH-like list) when
/// set, else PATH and the versioned folders distributions use.
pub struct ServerSearch {
    pub dirs: Vec<PathBuf>,
}

impl ServerSearch {
    pub fn from_env() -> ServerSearch {
        if let Some(custom) = std::env::var_os("DEPLOYPLAN_REHEARSE_SERVER_PATH") {
            return ServerSearch {
                dirs: std::env::split_paths(&custom).collect(),
            };
        }
        let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
            .map(|p| std::env::split_paths(&p).collect())
            .unwrap_or_default();
        // Debian installs PostgreSQL's server binaries off PATH, one folder per major version;
        // the newest first.
        if let Ok(entries) = std::fs::read_dir("/usr/lib/postgresql") {
            let mut versions: Vec<PathBuf> = entries
                .flatten()
                .map(|e| e.path().join("bin"))
                .filter(|p| p.is_dir())
                .collect();
            versions.sort_by_key(|p| std::cmp::Reverse(p.clone()));
            dirs.extend(versions);
        }
        dirs.push(PathBuf::from("/usr/sbin"));
        ServerSearch { dirs }
    }

    /// The first of `names` found, as a path.
    pub fn find(&self, names: &[&str]) -> Option<PathBuf> {
        for dir in &self.dirs {
            for name in names {
                let p = dir.join(name);
                if is_executable(&p) {
                    return Some(p);
                }
            }
        }
        None
    }

    /// A binary next to `beside` (PostgreSQL's tools live together), else anywhere.
    pub fn find_beside(&self, beside: &Path, name: &str) -> Option<PathBuf> {
        beside
            .parent()
            .map(|d| d.join(name))
            .filter(|p| is_executable(p))
            .or_else(|| self.find(&[name]))
    }

    pub fn missing(&self, kind: ServiceKind, looked_for: &str) -> RehearseError {
        RehearseError::Step(format!(
            "the plan needs {} but no `{looked_for}` was found (searched {}); install it with `apt-get install {}`, or use your own server with `--service {}=URL`",
            kind.needed_because(),
            self.describe(),
            kind.debian_package(),
            kind.id()
        ))
    }

    fn describe(&self) -> String {
        if std::env::var_os("DEPLOYPLAN_REHEARSE_SERVER_PATH").is_some() {
            "DEPLOYPLAN_REHEARSE_SERVER_PATH".into()
        } else {
            "PATH, /usr/lib/postgresql/*/bin and /usr/sbin".into()
        }
    }
}

fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// Everything a server needs to start: where to keep its data and logs, how to find it.
pub struct ServiceContext<'a> {
    /// An empty folder for this server's data.
    pub data_dir: PathBuf,
    /// The file its output goes to.
    pub log: &'a Path,
    pub search: &'a ServerSearch,
    pub cancel: &'a Cancel,
    pub timeout: Duration,
}

/// One kind of server: how to initialise, start and prepare it.
pub trait Server {
    fn start(&self, ctx: &ServiceContext<'_>) -> Result<RunningService, RehearseError>;
}

pub fn server(kind: ServiceKind) -> &'static dyn Server {
    match kind {
        ServiceKind::Postgres => &postgres::Postgres,
        ServiceKind::Mysql => &mysql::Mysql,
        ServiceKind::Redis => &redis::Redis,
    }
}

/// The person's own server from `--service KIND=URL`.
pub fn external(kind: ServiceKind, url: &str) -> RunningService {
    RunningService {
        kind,
        url: url.to_string(),
        test_url: url.to_string(),
        process: None,
        detail: format!("your own server (--service {})", kind.id()),
    }
}

/// Runs a one-off helper (initdb, createdb) to completion, its output into the log.
pub(crate) fn run_helper(
    spawn: Spawn,
    what: &str,
    ctx: &ServiceContext<'_>,
) -> Result<(), RehearseError> {
    let mut group = spawn.start(ctx.log)?;
    match group.wait(ctx.timeout, ctx.cancel)? {
        crate::process::Outcome::Exited(0) => Ok(()),
        crate::process::Outcome::Exited(code) => Err(RehearseError::Step(format!(
            "{what} failed with exit status {code}"
        ))),
        crate::process::Outcome::Signalled(sig) => Err(RehearseError::Step(format!(
            "{what} was killed by signal {sig}"
        ))),
        crate::process::Outcome::TimedOut => {
            group.stop();
            Err(RehearseError::Step(format!(
                "{what} did not finish within {} s",
                ctx.timeout.as_secs()
            )))
        }
    }
}
