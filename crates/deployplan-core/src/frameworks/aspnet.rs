//! ASP.NET Core: `ASPNETCORE_ENVIRONMENT=Production`; `/healthz` for `MapHealthChecks`.

use super::{Framework, FrameworkProvider, HealthConvention, Role::*, fw};
use crate::answers::Stack;

pub struct AspNet;

impl FrameworkProvider for AspNet {
    fn frameworks(&self) -> &'static [Framework] {
        const IDS: &[Framework] = &[fw("aspnet-core", "ASP.NET Core", Api, Stack::Dotnet)];
        IDS
    }
    fn file(&self) -> &'static str {
        file!()
    }
    fn health(&self, _: &str) -> Option<HealthConvention> {
        Some(HealthConvention {
            family: "aspnet",
            path: "/healthz",
        })
    }
}
