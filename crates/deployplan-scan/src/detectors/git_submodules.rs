//! Git submodules (`.gitmodules`): folders the repository does not hold itself, like a Hugo
//! theme or a vendored library. A CI checkout leaves them empty unless it is told to fetch
//! them, and the build then fails on a missing theme or source.

use std::sync::LazyLock;

use deployplan_core::Facts;
use regex::Regex;

use super::Detector;
use crate::index::RepoIndex;
use crate::record::{add, ev};

pub struct GitSubmodules;

const FILE: &str = ".gitmodules";

static PATH_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*path\s*=\s*(\S.*?)\s*$").expect("valid"));

impl Detector for GitSubmodules {
    fn id(&self) -> &'static str {
        "git_submodules"
    }

    fn detect(&self, index: &RepoIndex, facts: &mut Facts) {
        let Some(text) = index.text(FILE) else {
            return;
        };
        for (n, line) in text.lines().enumerate() {
            if let Some(c) = PATH_LINE.captures(line) {
                add(
                    &mut facts.git_submodules,
                    &c[1],
                    ev(FILE, Some(n as u32 + 1), "git/submodule"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_submodule_path_with_its_line() {
        let index = RepoIndex::from_texts(&[(
            ".gitmodules",
            "[submodule \"themes/PaperMod\"]\n\tpath = themes/PaperMod\n\turl = https://github.com/adityatelange/hugo-PaperMod.git\n[submodule \"vendor/lib\"]\n  path=vendor/lib\n",
        )]);
        let mut f = Facts::default();
        GitSubmodules.detect(&index, &mut f);
        let paths: Vec<_> = f.git_submodules.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(paths, ["themes/PaperMod", "vendor/lib"]);
        assert_eq!(f.git_submodules[0].evidence[0].line, Some(2));
    }

    #[test]
    fn nothing_without_the_file() {
        let index = RepoIndex::from_texts(&[("hugo.toml", "theme = 'x'")]);
        let mut f = Facts::default();
        GitSubmodules.detect(&index, &mut f);
        assert!(f.git_submodules.is_empty());
    }
}
