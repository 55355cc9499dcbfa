//! Languages by weight: bytes and files per language, heaviest first.

use std::collections::BTreeMap;

use deployplan_core::Facts;
use deployplan_core::facts::LanguageShare;

use super::Detector;
use crate::index::RepoIndex;

pub struct Languages;

impl Detector for Languages {
    fn id(&self) -> &'static str {
        "languages"
    }

    fn detect(&self, index: &RepoIndex, facts: &mut Facts) {
        let mut by_lang: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
        for f in index.files() {
            if let Some(lang) = f.lang {
                let e = by_lang.entry(lang).or_default();
                e.0 += 1;
                e.1 += f.size;
            }
        }
        facts.languages = by_lang
            .into_iter()
            .map(|(name, (files, bytes))| LanguageShare {
                name: name.to_string(),
                files,
                bytes,
            })
            .collect();
        facts
            .languages
            .sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.name.cmp(&b.name)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heaviest_first() {
        let index = RepoIndex::from_texts(&[
            ("a.py", "x = 1\n"),
            ("b.ts", "let a = 1;\nlet b = 2;\n"),
            ("c.ts", ""),
        ]);
        let mut f = Facts::default();
        Languages.detect(&index, &mut f);
        assert_eq!(
            (f.languages[0].name.as_str(), f.languages[0].files),
            ("typescript", 2)
        );
        assert_eq!(f.languages[1].name, "python");
    }
}
