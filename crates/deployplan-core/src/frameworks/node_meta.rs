//! Nuxt, SvelteKit, Remix and Astro: meta-frameworks that frontend platforms (Vercel,
//! Netlify) build and serve with their own adapters.

use super::{Affinity, Framework, FrameworkProvider, Role::*, fw};
use crate::answers::Stack;

pub struct NodeMeta;

impl FrameworkProvider for NodeMeta {
    fn frameworks(&self) -> &'static [Framework] {
        const IDS: &[Framework] = &[
            fw("nuxt", "Nuxt", FullStack, Stack::Node),
            fw("sveltekit", "SvelteKit", FullStack, Stack::Node),
            fw("remix", "Remix", FullStack, Stack::Node),
            fw("astro", "Astro", Frontend, Stack::Node),
        ];
        IDS
    }
    fn file(&self) -> &'static str {
        file!()
    }
    fn affinity(&self, _: &str) -> &'static [Affinity] {
        &[
            Affinity {
                platform: "vercel",
                bonus: 15,
            },
            Affinity {
                platform: "netlify",
                bonus: 15,
            },
        ]
    }
    // Astro builds static pages by default; the others render on request.
    fn renders_on_demand(&self, id: &str) -> bool {
        id != "astro"
    }
}
