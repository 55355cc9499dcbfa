//! Phoenix: a release serves HTTP only when `PHX_SERVER` is set (`mix phx.gen.release`);
//! Fly.io is built around it.

use super::{Affinity, Framework, FrameworkProvider, Role::*, fw};
use crate::answers::Stack;

pub struct Phoenix;

impl FrameworkProvider for Phoenix {
    fn frameworks(&self) -> &'static [Framework] {
        const IDS: &[Framework] = &[fw("phoenix", "Phoenix", FullStack, Stack::Elixir)];
        IDS
    }
    fn file(&self) -> &'static str {
        file!()
    }
    fn switches(&self, _: &str) -> &'static [(&'static str, &'static str)] {
        &[("MIX_ENV", "prod"), ("PHX_SERVER", "true")]
    }
    fn affinity(&self, _: &str) -> &'static [Affinity] {
        &[Affinity {
            platform: "fly",
            bonus: 10,
        }]
    }
}
