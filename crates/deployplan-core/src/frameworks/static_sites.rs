//! Static sites: Hugo (`public/`), Jekyll (`_site/`) and plain HTML (served as it is), for
//! the static hosts Netlify, Cloudflare Pages and Vercel.

use super::{Affinity, Conventions, Framework, FrameworkProvider, Role::*, fw, stack_conventions};
use crate::answers::Stack;
use crate::facts::Facts;

pub struct StaticSites;

impl FrameworkProvider for StaticSites {
    fn frameworks(&self) -> &'static [Framework] {
        const IDS: &[Framework] = &[
            fw("hugo", "Hugo", Frontend, Stack::Static),
            fw("jekyll", "Jekyll", Frontend, Stack::Static),
            fw("static-html", "Static HTML", Frontend, Stack::Static),
        ];
        IDS
    }
    fn file(&self) -> &'static str {
        file!()
    }
    // A Hugo site installs nothing: `hugo version` checks the tool is there.
    fn conventions(&self, facts: &Facts) -> Conventions {
        let mut c = stack_conventions(Stack::Static);
        if facts.has_framework("hugo") {
            c.install.command = "hugo version".into();
        }
        c
    }
    fn ci_runtime(&self, id: &str) -> Option<&'static str> {
        match id {
            "hugo" => Some("hugo"),
            "jekyll" => Some("ruby"),
            _ => None,
        }
    }
    fn output_dir(&self, id: &str) -> Option<(&'static str, &'static str)> {
        match id {
            "hugo" => Some(("public", "Hugo writes the site to public/")),
            "jekyll" => Some(("_site", "Jekyll writes the site to _site/")),
            "static-html" => Some((".", "plain HTML is served as it is")),
            _ => None,
        }
    }
    fn affinity(&self, _: &str) -> &'static [Affinity] {
        super::STATIC_HOSTS
    }
}
