//! Next.js: a server-rendering React framework; Vercel is built around it. With
//! `output: 'export'` it builds a static site instead (`nextjs-export`).

use super::{Affinity, Framework, FrameworkProvider, Role::*, fw};
use crate::answers::Stack;

pub struct NextJs;

impl FrameworkProvider for NextJs {
    fn frameworks(&self) -> &'static [Framework] {
        const IDS: &[Framework] = &[
            fw("nextjs", "Next.js", FullStack, Stack::Node),
            fw(
                "nextjs-export",
                "Next.js (static export)",
                Frontend,
                Stack::Node,
            ),
        ];
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
    fn renders_on_demand(&self, id: &str) -> bool {
        id == "nextjs"
    }
}
