//! Go HTTP servers: net/http and the routers on it (Gin, Echo, Fiber); one health handler
//! family for all.

use super::{Framework, FrameworkProvider, HealthConvention, Role::*, fw};
use crate::answers::Stack;

pub struct GoHttp;

impl FrameworkProvider for GoHttp {
    fn frameworks(&self) -> &'static [Framework] {
        const IDS: &[Framework] = &[
            fw("go-nethttp", "Go net/http", Api, Stack::Go),
            fw("gin", "Gin", Api, Stack::Go),
            fw("echo", "Echo", Api, Stack::Go),
            fw("fiber", "Fiber", Api, Stack::Go),
        ];
        IDS
    }
    fn file(&self) -> &'static str {
        file!()
    }
    fn health(&self, _: &str) -> Option<HealthConvention> {
        Some(HealthConvention {
            family: "go",
            path: "/health",
        })
    }
}
