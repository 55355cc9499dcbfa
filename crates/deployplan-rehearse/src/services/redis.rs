//! A throwaway Redis: no persistence, loopback only, a free port.

use super::{RunningService, Server, ServiceContext, ServiceKind};
use crate::RehearseError;
use crate::probe::{free_port, wait_for_port};
use crate::process::Spawn;

pub struct Redis;

impl Server for Redis {
    fn start(&self, ctx: &ServiceContext<'_>) -> Result<RunningService, RehearseError> {
        let binary = ctx
            .search
            .find(&["redis-server", "valkey-server"])
            .ok_or_else(|| ctx.search.missing(ServiceKind::Redis, "redis-server"))?;
        std::fs::create_dir_all(&ctx.data_dir)
            .map_err(|e| RehearseError::io(&ctx.data_dir, "creating the Redis folder", e))?;
        let port = free_port()?;
        let mut server = Spawn::program(&binary)
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no", "--dir"])
            .arg(&ctx.data_dir)
            .start(ctx.log)?;
        wait_for_port(port, ctx.timeout, ctx.cancel, &mut server, "redis-server")?;
        let url = format!("redis://127.0.0.1:{port}/0");
        Ok(RunningService {
            kind: ServiceKind::Redis,
            test_url: format!("redis://127.0.0.1:{port}/1"),
            url,
            process: Some(server),
            detail: format!("Redis on 127.0.0.1:{port}"),
        })
    }
}
