//! A throwaway PostgreSQL: `initdb` into the rehearsal's folder, `postgres` on a free loopback
//! port with trust auth, two empty databases (the app's and the CI test job's).
//!
//! PostgreSQL refuses to run as root, and CI runs as root: then initdb and postgres run as
//! the `postgres` account (Debian's package creates it) or `nobody`, owning the data folder.

use std::path::Path;

use super::{RunningService, Server, ServiceContext, run_helper};
use crate::RehearseError;
use crate::probe::{free_port, wait_for_port};
use crate::process::{Spawn, User, running_as_root};

pub struct Postgres;

const APP_DB: &str = "app";
const TEST_DB: &str = "app_test";

fn unprivileged_user() -> Result<Option<User>, RehearseError> {
    if !running_as_root() {
        return Ok(None);
    }
    User::lookup("postgres")
        .or_else(|| User::lookup("nobody"))
        .map(Some)
        .ok_or_else(|| {
            RehearseError::Step(
                "PostgreSQL cannot run as root and neither a `postgres` nor a `nobody` account exists; create one (`useradd postgres`) or run deployplan as another user".into(),
            )
        })
}

fn chown(path: &Path, user: User) -> Result<(), RehearseError> {
    std::os::unix::fs::chown(path, Some(user.uid), Some(user.gid))
        .map_err(|e| RehearseError::io(path, "giving the data folder to the postgres account", e))
}

impl Server for Postgres {
    fn start(&self, ctx: &ServiceContext<'_>) -> Result<RunningService, RehearseError> {
        let search = ctx.search;
        let initdb = search
            .find(&["initdb"])
            .ok_or_else(|| search.missing(super::ServiceKind::Postgres, "initdb"))?;
        let postgres = search
            .find_beside(&initdb, "postgres")
            .ok_or_else(|| search.missing(super::ServiceKind::Postgres, "postgres"))?;
        let user = unprivileged_user()?;
        let data = ctx.data_dir.join("data");
        let sockets = ctx.data_dir.join("run");
        for dir in [&ctx.data_dir, &data, &sockets] {
            std::fs::create_dir_all(dir)
                .map_err(|e| RehearseError::io(dir, "creating the PostgreSQL folder", e))?;
            if let Some(u) = user {
                chown(dir, u)?;
            }
        }
        run_helper(
            Spawn::program(&initdb)
                .args(["-D"])
                .arg(&data)
                .args([
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--no-sync",
                    "--no-instructions",
                ])
                .env("PATH", "/usr/bin:/bin")
                .env("LANG", "C.UTF-8")
                .as_user(user),
            "initdb",
            ctx,
        )?;
        let port = free_port()?;
        let mut server = Spawn::program(&postgres)
            .arg("-D")
            .arg(&data)
            .args(["-p", &port.to_string(), "-c", "listen_addresses=127.0.0.1"])
            .arg("-k")
            .arg(&sockets)
            // Durability is pointless for a database deleted in a minute.
            .args([
                "-c",
                "fsync=off",
                "-c",
                "synchronous_commit=off",
                "-c",
                "full_page_writes=off",
            ])
            .env("LANG", "C.UTF-8")
            .as_user(user)
            .start(ctx.log)?;
        wait_for_port(port, ctx.timeout, ctx.cancel, &mut server, "postgres")?;
        for db in [APP_DB, TEST_DB] {
            create_database(ctx, &initdb, port, db, user)?;
        }
        let version = version_of(&postgres);
        Ok(RunningService {
            kind: super::ServiceKind::Postgres,
            url: format!("postgresql://postgres@127.0.0.1:{port}/{APP_DB}"),
            test_url: format!("postgresql://postgres@127.0.0.1:{port}/{TEST_DB}"),
            process: Some(server),
            detail: format!("{version} on 127.0.0.1:{port}, databases {APP_DB} and {TEST_DB}"),
        })
    }
}

fn create_database(
    ctx: &ServiceContext<'_>,
    initdb: &Path,
    port: u16,
    name: &str,
    user: Option<User>,
) -> Result<(), RehearseError> {
    let createdb = ctx
        .search
        .find_beside(initdb, "createdb")
        .ok_or_else(|| ctx.search.missing(super::ServiceKind::Postgres, "createdb"))?;
    run_helper(
        Spawn::program(createdb)
            .args([
                "-h",
                "127.0.0.1",
                "-p",
                &port.to_string(),
                "-U",
                "postgres",
                name,
            ])
            .as_user(user),
        &format!("createdb {name}"),
        ctx,
    )
}

fn version_of(postgres: &Path) -> String {
    std::process::Command::new(postgres)
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| {
            s.split_whitespace()
                .nth(2)
                .map(|v| format!("PostgreSQL {v}"))
        })
        .unwrap_or_else(|| "PostgreSQL".into())
}
