//! The other JVM HTTP frameworks: Micronaut, Ktor, Quarkus (the stack's Maven conventions).

use super::{Framework, FrameworkProvider, Role::*, fw};
use crate::answers::Stack;

pub struct JvmMicro;

impl FrameworkProvider for JvmMicro {
    fn frameworks(&self) -> &'static [Framework] {
        const IDS: &[Framework] = &[
            fw("micronaut", "Micronaut", Api, Stack::Java),
            fw("ktor", "Ktor", Api, Stack::Java),
            fw("quarkus", "Quarkus", Api, Stack::Java),
        ];
        IDS
    }
    fn file(&self) -> &'static str {
        file!()
    }
}
