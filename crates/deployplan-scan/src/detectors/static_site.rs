//! Static-site generators: Hugo and Jekyll. They run first, so that a Hugo site's go.mod (Hugo
//! modules) or a Jekyll site's Gemfile is not read as a Go or Ruby service.

use deployplan_core::Facts;

use super::Detector;
use crate::index::RepoIndex;
use crate::record::{add, claim_commands, ev, set_once};

pub struct StaticSite;

const ID: &str = "static_site";

const HUGO_CONFIGS: &[&str] = &[
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "hugo.json",
    "config/_default/hugo.toml",
    "config/_default/config.toml",
    "config.toml",
    "config.yaml",
    "config.yml",
];
const HUGO: &str = "hugo";
const JEKYLL: &str = "jekyll";

const HUGO_DIRS: &[&str] = &["content", "layouts", "themes", "archetypes"];

impl Detector for StaticSite {
    fn id(&self) -> &'static str {
        ID
    }

    fn frameworks(&self) -> Vec<&'static str> {
        vec![HUGO, JEKYLL]
    }

    fn detect(&self, index: &RepoIndex, facts: &mut Facts) {
        let hugo = HUGO_CONFIGS.iter().find(|c| {
            let Some(text) = index.text(c) else {
                return false;
            };
            let generic = c.starts_with("config");
            let site =
                text.contains("baseURL") || text.contains("baseurl") || text.contains("theme");
            !generic || (site && HUGO_DIRS.iter().any(|d| index.has_dir(d)))
        });
        if let Some(cfg) = hugo {
            add(
                &mut facts.frameworks,
                HUGO,
                ev(cfg, None, format!("{ID}/hugo-config")),
            );
            let first = HUGO_DIRS
                .iter()
                .find_map(|d| Some((d, index.files_under(d).first()?)));
            if let Some((dir, first)) = first {
                let first = &first.path;
                add(
                    &mut facts.frameworks,
                    HUGO,
                    ev(first, None, format!("{ID}/dir:{dir}")),
                );
            }
            if claim_commands(facts, ID) {
                set_once(
                    &mut facts.commands.build,
                    "hugo --minify".into(),
                    ev(cfg, None, format!("{ID}/hugo-config")),
                );
            }
            return;
        }
        let Some(config) = index.text("_config.yml") else {
            return;
        };
        let gemfile = index.text("Gemfile").filter(|g| g.contains("jekyll"));
        let dirs = ["_posts", "_layouts", "_includes"]
            .iter()
            .find(|d| index.has_dir(d));
        if gemfile.is_none() && dirs.is_none() && !config.contains("jekyll") {
            return;
        }
        add(
            &mut facts.frameworks,
            JEKYLL,
            ev("_config.yml", None, format!("{ID}/file:_config.yml")),
        );
        if gemfile.is_some() {
            let line = crate::record::line_of(gemfile.unwrap_or(""), "jekyll");
            add(
                &mut facts.frameworks,
                JEKYLL,
                ev("Gemfile", line, format!("{ID}/dependency:jekyll")),
            );
        }
        if claim_commands(facts, ID) {
            let e = ev("_config.yml", None, format!("{ID}/file:_config.yml"));
            let cmds = &mut facts.commands;
            if gemfile.is_some() {
                set_once(&mut cmds.install, "bundle install".into(), e.clone());
                set_once(&mut cmds.build, "bundle exec jekyll build".into(), e);
            } else {
                set_once(&mut cmds.build, "jekyll build".into(), e);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hugo_site_with_go_mod() {
        let index = RepoIndex::from_texts(&[
            ("hugo.toml", "baseURL = 'https://example.org/'\n"),
            ("go.mod", "module github.com/me/site\n"),
            ("content/posts/first.md", "# hi"),
        ]);
        let mut f = Facts::default();
        StaticSite.detect(&index, &mut f);
        assert_eq!(f.frameworks[0].name, "hugo");
        assert_eq!(f.commands.build.unwrap().value, "hugo --minify");
    }

    #[test]
    fn generic_config_toml_alone_is_not_hugo() {
        let index = RepoIndex::from_texts(&[("config.toml", "[server]\nport = 1\n")]);
        let mut f = Facts::default();
        StaticSite.detect(&index, &mut f);
        assert!(f.frameworks.is_empty());
    }

    #[test]
    fn jekyll_blog() {
        let index = RepoIndex::from_texts(&[
            ("_config.yml", "title: Blog\n"),
            ("Gemfile", "gem \"jekyll\", \"~> 4.3\"\n"),
            ("_posts/2024-01-01-hello.md", ""),
        ]);
        let mut f = Facts::default();
        StaticSite.detect(&index, &mut f);
        assert_eq!(f.frameworks[0].name, "jekyll");
        assert_eq!(f.commands.build.unwrap().value, "bundle exec jekyll build");
    }
}
