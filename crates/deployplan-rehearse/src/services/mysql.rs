//! A throwaway MySQL or MariaDB (best effort): an insecure initialised data folder (root
//! without a password, loopback only), `mysqld` on a free port, two empty databases.

use super::{RunningService, Server, ServiceContext, ServiceKind, run_helper};
use crate::RehearseError;
use crate::probe::{free_port, wait_for_port};
use crate::process::{Spawn, User, running_as_root};

pub struct Mysql;

impl Server for Mysql {
    fn start(&self, ctx: &ServiceContext<'_>) -> Result<RunningService, RehearseError> {
        let search = ctx.search;
        let mysqld = search
            .find(&["mariadbd", "mysqld"])
            .ok_or_else(|| search.missing(ServiceKind::Mysql, "mysqld"))?;
        let client = search
            .find(&["mariadb", "mysql"])
            .ok_or_else(|| search.missing(ServiceKind::Mysql, "mysql (the client)"))?;
        let data = ctx.data_dir.join("data");
        std::fs::create_dir_all(&data)
            .map_err(|e| RehearseError::io(&data, "creating the MySQL folder", e))?;
        // mysqld drops root itself with --user; the account must own the data folder.
        let account = if running_as_root() {
            let name = ["mysql", "nobody"]
                .into_iter()
                .find(|n| User::lookup(n).is_some())
                .unwrap_or("nobody");
            if let Some(u) = User::lookup(name) {
                for dir in [&ctx.data_dir, &data] {
                    std::os::unix::fs::chown(dir, Some(u.uid), Some(u.gid)).map_err(|e| {
                        RehearseError::io(dir, "giving the data folder to mysql", e)
                    })?;
                }
            }
            Some(name)
        } else {
            None
        };
        let user_arg = account.map(|a| format!("--user={a}"));
        let datadir = format!("--datadir={}", data.display());
        // MariaDB initialises with its own script; MySQL with --initialize-insecure.
        let init = match search.find(&["mariadb-install-db", "mysql_install_db"]) {
            Some(script) => Spawn::program(script)
                .args([
                    "--no-defaults",
                    &datadir,
                    "--auth-root-authentication-method=normal",
                    "--skip-test-db",
                ])
                .args(user_arg.clone()),
            None => Spawn::program(&mysqld)
                .args(["--no-defaults", "--initialize-insecure", &datadir])
                .args(user_arg.clone()),
        };
        run_helper(
            init.env("PATH", "/usr/bin:/bin:/usr/sbin"),
            "initialising MySQL",
            ctx,
        )?;
        let port = free_port()?;
        let socket = ctx.data_dir.join("mysqld.sock");
        let mut server = Spawn::program(&mysqld)
            .args(["--no-defaults", &datadir, "--bind-address=127.0.0.1"])
            .arg(format!("--port={port}"))
            .arg(format!("--socket={}", socket.display()))
            .arg(format!(
                "--pid-file={}",
                ctx.data_dir.join("mysqld.pid").display()
            ))
            .args(user_arg)
            .start(ctx.log)?;
        wait_for_port(port, ctx.timeout, ctx.cancel, &mut server, "mysqld")?;
        run_helper(
            Spawn::program(client).args([
                "--no-defaults",
                "-h127.0.0.1",
                &format!("-P{port}"),
                "-uroot",
                "-e",
                "CREATE DATABASE app; CREATE DATABASE app_test;",
            ]),
            "creating the MySQL databases",
            ctx,
        )?;
        Ok(RunningService {
            kind: ServiceKind::Mysql,
            url: format!("mysql://root@127.0.0.1:{port}/app"),
            test_url: format!("mysql://root@127.0.0.1:{port}/app_test"),
            process: Some(server),
            detail: format!("MySQL on 127.0.0.1:{port}"),
        })
    }
}
