//! Rust HTTP servers: Axum, Actix Web, Rocket, warp, Poem (the stack's cargo conventions).

use super::{Framework, FrameworkProvider, Role::*, fw};
use crate::answers::Stack;

pub struct RustHttp;

impl FrameworkProvider for RustHttp {
    fn frameworks(&self) -> &'static [Framework] {
        const IDS: &[Framework] = &[
            fw("axum", "Axum", Api, Stack::Rust),
            fw("actix", "Actix Web", Api, Stack::Rust),
            fw("rocket", "Rocket", Api, Stack::Rust),
            fw("warp", "warp", Api, Stack::Rust),
            fw("poem", "Poem", Api, Stack::Rust),
        ];
        IDS
    }
    fn file(&self) -> &'static str {
        file!()
    }
}
