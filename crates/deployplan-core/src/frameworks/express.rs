//! Node HTTP servers: Express, Koa, Hono, hapi, Fastify, NestJS. Express, Koa and Fastify get
//! a generated health endpoint of their own family.

use super::{Framework, FrameworkProvider, HealthConvention, Role::*, fw};
use crate::answers::Stack;

pub struct NodeServers;

impl FrameworkProvider for NodeServers {
    fn frameworks(&self) -> &'static [Framework] {
        const IDS: &[Framework] = &[
            fw("express", "Express", Api, Stack::Node),
            fw("koa", "Koa", Api, Stack::Node),
            fw("hono", "Hono", Api, Stack::Node),
            fw("hapi", "hapi", Api, Stack::Node),
            fw("fastify", "Fastify", Api, Stack::Node),
            fw("nestjs", "NestJS", Api, Stack::Node),
        ];
        IDS
    }
    fn file(&self) -> &'static str {
        file!()
    }
    fn health(&self, id: &str) -> Option<HealthConvention> {
        let family = match id {
            "express" => "express",
            "koa" => "koa",
            "fastify" => "fastify",
            _ => return None,
        };
        Some(HealthConvention {
            family,
            path: "/health",
        })
    }
}
