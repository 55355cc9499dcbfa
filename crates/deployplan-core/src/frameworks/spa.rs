//! Client-side apps and sites built to static files: React, Vite, Vue, Angular, Svelte, and
//! the site generators Gatsby, Docusaurus and Eleventy (served by the static hosts Netlify,
//! Cloudflare Pages and Vercel).

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
            fw("docusaurus", "Docusaurus", Frontend, Stack::Node),
            fw("eleventy", "Eleventy", Frontend, Stack::Node),
        ];
        IDS
    }
    fn file(&self) -> &'static str {
        file!()
    }
    fn affinity(&self, id: &str) -> &'static [Affinity] {
        match id {
            "react-spa" | "vite" | "vue" | "angular" | "gatsby" | "docusaurus" | "eleventy" => {
                super::STATIC_HOSTS
            }
            _ => &[],
        }
    }
    fn output_dir(&self, id: &str) -> Option<(&'static str, &'static str)> {
        match id {
            "angular" => Some(("dist", "Angular writes its build under dist/")),
            "gatsby" => Some(("public", "Gatsby writes the site to public/")),
            "docusaurus" => Some(("build", "Docusaurus writes the site to build/")),
            "eleventy" => Some(("_site", "Eleventy writes the site to _site/ by default")),
            _ => None,
        }
    }
}
