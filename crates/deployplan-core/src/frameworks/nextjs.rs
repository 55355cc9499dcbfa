//! Next.js: a server-rendering React framework; Vercel is built around it.

use super::{Affinity, Framework, FrameworkProvider, Role::*, fw};
use crate::answers::Stack;

pub struct NextJs;

impl FrameworkProvider for NextJs {
    fn frameworks(&self) -> &'static [Framework] {
        const IDS: &[Framework] = &[fw("nextjs", "Next.js", FullStack, Stack::Node)];
        IDS
    }
    fn file(&self) -> &'static str {
        file!()
    }
    fn affinity(&self, _: &str) -> &'static [Affinity] {
        &[Affinity {
            platform: "vercel",
            bonus: 25,
        }]
    }
    fn renders_on_demand(&self, _: &str) -> bool {
        true
    }
}
