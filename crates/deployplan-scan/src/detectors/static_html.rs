//! Plain HTML sites: an index.html at the root (or in public/, site/, www/) when nothing else
//! was detected. Runs after every framework detector.

use deployplan_core::Facts;

use super::Detector;
use crate::index::RepoIndex;
use crate::record::{add, ev};

pub struct StaticHtml;

const STATIC_HTML: &str = "static-html";

impl Detector for StaticHtml {
    fn id(&self) -> &'static str {
        "static_html"
    }

    fn frameworks(&self) -> Vec<&'static str> {
        vec![STATIC_HTML]
    }

    fn detect(&self, index: &RepoIndex, facts: &mut Facts) {
        if !facts.frameworks.is_empty() || !facts.package_managers.is_empty() {
            return;
        }
        let candidates = [
            "index.html",
            "public/index.html",
            "site/index.html",
            "www/index.html",
        ];
        if let Some(path) = index.first(&candidates) {
            add(
                &mut facts.frameworks,
                STATIC_HTML,
                ev(path, None, format!("static_html/file:{path}")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_html_only_when_nothing_else() {
        let index = RepoIndex::from_texts(&[("index.html", "<html>"), ("css/site.css", "")]);
        let mut f = Facts::default();
        StaticHtml.detect(&index, &mut f);
        assert_eq!(f.frameworks[0].name, "static-html");
        let mut g = Facts::default();
        g.frameworks.push(deployplan_core::facts::Detected {
            name: "vite".into(),
            evidence: vec![],
        });
        StaticHtml.detect(&index, &mut g);
        assert_eq!(g.frameworks.len(), 1);
    }
}
