//! Spring Boot: Actuator's `/actuator/health` is its health route.

use super::{Framework, FrameworkProvider, HealthConvention, Role::*, fw};
use crate::answers::Stack;

pub struct Spring;

impl FrameworkProvider for Spring {
    fn frameworks(&self) -> &'static [Framework] {
        const IDS: &[Framework] = &[fw("spring-boot", "Spring Boot", Api, Stack::Java)];
        IDS
    }
    fn file(&self) -> &'static str {
        file!()
    }
    fn health(&self, _: &str) -> Option<HealthConvention> {
        Some(HealthConvention {
            family: "spring",
            path: "/actuator/health",
        })
    }
}
