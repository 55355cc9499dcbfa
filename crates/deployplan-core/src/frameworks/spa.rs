//! Client-side apps built to static files: React, Vite, Vue, Angular (served by the static
//! hosts Netlify, Cloudflare Pages and Vercel), Gatsby and Svelte.

use super::{Affinity, Framework, FrameworkProvider, Role::*, fw};
use crate::answers::Stack;

pub struct Spa;

impl FrameworkProvider for Spa {
    fn frameworks(&self) -> &'static [Framework] {
        const IDS: &[Framework] = &[
            fw("react-spa", "React (SPA)", Frontend, Stack::Node),
            fw("vite", "Vite", Frontend, Stack::Node),
            fw("angular", "Angular", Frontend, Stack::Node),
            fw("vue", "Vue", Frontend, Stack::Node),
            fw("gatsby", "Gatsby", Frontend, Stack::Node),
            fw("svelte", "Svelte", Frontend, Stack::Node),
        ];
        IDS
    }
    fn file(&self) -> &'static str {
        file!()
    }
    fn affinity(&self, id: &str) -> &'static [Affinity] {
        match id {
            "react-spa" | "vite" | "vue" | "angular" => super::STATIC_HOSTS,
            _ => &[],
        }
    }
    fn output_dir(&self, id: &str) -> Option<(&'static str, &'static str)> {
        (id == "angular").then_some(("dist", "Angular writes its build under dist/"))
    }
}
