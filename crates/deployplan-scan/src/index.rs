//! The repository as the walk saw it: every file's relative path (sorted, `/`-separated), the
//! folders, the texts of the files detectors read whole (manifests, configs), and the pattern
//! hits found in source files. Detectors only ask questions of this; they never touch the disk.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use deployplan_core::facts::Skipped;

/// A file of the repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEntry {
    /// Relative to the scanned root, `/`-separated.
    pub path: String,
    /// Size in bytes when it was needed (language weight), else 0.
    pub size: u64,
    /// Language id (`typescript`, `python`, ...) when the extension says one.
    pub lang: Option<&'static str>,
    /// False for a build wrapper (`mvnw`, `gradlew`) committed without its executable bit:
    /// `./mvnw` is then refused (`Permission denied`) and the wrapper runs through `sh`.
    pub executable: bool,
}

/// A pattern found in a read file: a rule id of `patterns::PATTERNS` and what it captured
/// (an env var name, a port), never a secret's value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Hit {
    pub path: String,
    pub line: u32,
    pub rule: &'static str,
    pub value: String,
}

#[derive(Debug, Clone, Default)]
pub struct RepoIndex {
    pub(crate) files: Vec<FileEntry>,
    pub(crate) dirs: BTreeSet<String>,
    pub(crate) texts: BTreeMap<String, String>,
    pub(crate) hits: Vec<Hit>,
    pub(crate) skipped: Skipped,
    pub(crate) files_read: u64,
    /// The names of the files at this index's own root, sorted (computed once, shared by
    /// every subtree taken from it).
    pub(crate) top: Arc<[String]>,
    /// For a service's subtree: the files at the scanned root (a monorepo's lockfile lives
    /// there, not in the service). Shared, not copied, by every service.
    pub(crate) outer: Arc<[String]>,
}

impl RepoIndex {
    /// Builds an index from its parts (sorting them), for tests and for the walk.
    pub fn from_parts(
        mut files: Vec<FileEntry>,
        dirs: impl IntoIterator<Item = String>,
        texts: impl IntoIterator<Item = (String, String)>,
        mut hits: Vec<Hit>,
    ) -> RepoIndex {
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files.dedup_by(|a, b| a.path == b.path);
        hits.sort();
        hits.dedup();
        let mut dirs: BTreeSet<String> = dirs.into_iter().collect();
        for f in &files {
            let mut p = f.path.as_str();
            while let Some(i) = p.rfind('/') {
                p = &p[..i];
                if !dirs.insert(p.to_string()) {
                    break;
                }
            }
        }
        let top = top_files(&files);
        RepoIndex {
            files,
            dirs,
            texts: texts.into_iter().collect(),
            hits,
            skipped: Skipped::default(),
            files_read: 0,
            top,
            outer: Arc::from(Vec::new()),
        }
    }

    /// A tiny index from `(path, contents)` pairs, every file read: for detector unit tests.
    pub fn from_texts(files: &[(&str, &str)]) -> RepoIndex {
        let mut entries = Vec::new();
        let mut texts = Vec::new();
        let mut hits = Vec::new();
        for (path, text) in files {
            let class = crate::walk::classify(path);
            entries.push(FileEntry {
                path: path.to_string(),
                size: text.len() as u64,
                lang: class.lang,
                executable: true,
            });
            if class.keep_text {
                texts.push((path.to_string(), text.to_string()));
            }
            if class.families != 0 {
                crate::patterns::scan(path, class.families, text.as_bytes(), &mut hits);
            }
        }
        let mut index = RepoIndex::from_parts(entries, [], texts, hits);
        index.files_read = files.len() as u64;
        index
    }

    pub fn files(&self) -> &[FileEntry] {
        &self.files
    }

    pub fn has(&self, path: &str) -> bool {
        self.files
            .binary_search_by(|f| f.path.as_str().cmp(path))
            .is_ok()
    }

    /// How a wrapper script of the repository is run: `./mvnw`, or `sh ./mvnw` when it was
    /// committed without its executable bit.
    pub fn wrapper(&self, path: &str) -> String {
        let executable = self
            .files
            .binary_search_by(|f| f.path.as_str().cmp(path))
            .map_or(true, |i| self.files[i].executable);
        if executable {
            format!("./{path}")
        } else {
            format!("sh ./{path}")
        }
    }

    pub fn has_dir(&self, dir: &str) -> bool {
        self.dirs.contains(dir)
    }

    /// The first of `paths` that exists.
    pub fn first<'a>(&self, paths: &[&'a str]) -> Option<&'a str> {
        paths.iter().copied().find(|p| self.has(p))
    }

    /// The text of a file that was read whole (manifests and configs; see `walk::classify`).
    pub fn text(&self, path: &str) -> Option<&str> {
        self.texts.get(path).map(String::as_str)
    }

    /// Every read text, sorted by path.
    pub fn texts(&self) -> impl Iterator<Item = (&str, &str)> {
        self.texts.iter().map(|(p, t)| (p.as_str(), t.as_str()))
    }

    /// Files directly or indirectly under `dir` (`""` is the root), sorted.
    pub fn files_under<'a>(&'a self, dir: &str) -> &'a [FileEntry] {
        if dir.is_empty() {
            return &self.files;
        }
        let prefix = format!("{dir}/");
        let start = self
            .files
            .partition_point(|f| f.path.as_str() < prefix.as_str());
        let len = self.files[start..]
            .iter()
            .take_while(|f| f.path.starts_with(&prefix))
            .count();
        &self.files[start..start + len]
    }

    /// Files directly in `dir` (not in its subfolders).
    pub fn files_in<'a>(&'a self, dir: &str) -> impl Iterator<Item = &'a FileEntry> + 'a {
        let skip = if dir.is_empty() { 0 } else { dir.len() + 1 };
        self.files_under(dir)
            .iter()
            .filter(move |f| !f.path[skip..].contains('/'))
    }

    /// Direct subfolders of `dir`, sorted.
    pub fn subdirs<'a>(&'a self, dir: &str) -> impl Iterator<Item = &'a str> + 'a {
        let prefix = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        let skip = prefix.len();
        self.dirs
            .range(prefix.clone()..)
            .take_while(move |d| d.starts_with(&prefix))
            .map(String::as_str)
            .filter(move |d| {
                let rest = &d[skip..];
                !rest.is_empty() && !rest.contains('/')
            })
    }

    /// Texts whose file name (last component) satisfies `pred`, sorted by path.
    pub fn texts_named<'a>(
        &'a self,
        pred: impl Fn(&str) -> bool + 'a,
    ) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        self.texts().filter(move |(p, _)| pred(file_name(p)))
    }

    /// Hits of one rule, sorted by path then line.
    pub fn hits<'a>(&'a self, rule: &'a str) -> impl Iterator<Item = &'a Hit> + 'a {
        self.hits.iter().filter(move |h| h.rule == rule)
    }

    /// Hits whose rule starts with `prefix` (`env:`, `port:`, `secret:` ...).
    pub fn hits_with_prefix<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a Hit> + 'a {
        self.hits.iter().filter(move |h| h.rule.starts_with(prefix))
    }

    pub fn skipped(&self) -> &Skipped {
        &self.skipped
    }

    /// Hits (sorted by path) of the files under `dir`: a contiguous range, found by binary
    /// search.
    fn hits_under(&self, dir: &str) -> &[Hit] {
        if dir.is_empty() {
            return &self.hits;
        }
        let prefix = format!("{dir}/");
        let start = self
            .hits
            .partition_point(|h| h.path.as_str() < prefix.as_str());
        let len = self.hits[start..].partition_point(|h| h.path.starts_with(&prefix));
        &self.hits[start..start + len]
    }

    /// The part of the index under `dir`, with paths made relative to it. Costs what the
    /// subtree holds (every part of the index is sorted by path, so the subtree is one
    /// contiguous range of each), not what the whole repository holds.
    pub fn subtree(&self, dir: &str) -> RepoIndex {
        let cut = dir.len() + 1;
        let prefix = format!("{dir}/");
        let files: Vec<FileEntry> = self
            .files_under(dir)
            .iter()
            .map(|f| FileEntry {
                path: f.path[cut..].to_string(),
                ..f.clone()
            })
            .collect();
        let dirs = self
            .dirs
            .range(prefix.clone()..)
            .take_while(|d| d.starts_with(&prefix))
            .map(|d| d[cut..].to_string())
            .collect();
        let texts = self
            .texts
            .range(prefix.clone()..)
            .take_while(|(p, _)| p.starts_with(&prefix))
            .map(|(p, t)| (p[cut..].to_string(), t.clone()))
            .collect();
        let hits = self
            .hits_under(dir)
            .iter()
            .map(|h| Hit {
                path: h.path[cut..].to_string(),
                ..h.clone()
            })
            .collect();
        let outer = if self.outer.is_empty() {
            Arc::clone(&self.top)
        } else {
            Arc::clone(&self.outer)
        };
        let top = top_files(&files);
        RepoIndex {
            files,
            dirs,
            texts,
            hits,
            skipped: Skipped::default(),
            files_read: 0,
            top,
            outer,
        }
    }

    /// The index without the subtrees of `dirs` (folders not nested in one another): what
    /// remains of a monorepo's root app once its services are taken out. Paths stay as they
    /// are; one pass, a set lookup per folder level of each path.
    pub fn without(&self, dirs: &BTreeSet<String>) -> RepoIndex {
        let out = |path: &str| {
            dirs.contains(path)
                || path
                    .match_indices('/')
                    .any(|(i, _)| dirs.contains(&path[..i]))
        };
        let mut index = RepoIndex {
            files: self
                .files
                .iter()
                .filter(|f| !out(&f.path))
                .cloned()
                .collect(),
            dirs: self.dirs.iter().filter(|d| !out(d)).cloned().collect(),
            texts: self
                .texts
                .iter()
                .filter(|(p, _)| !out(p))
                .map(|(p, t)| (p.clone(), t.clone()))
                .collect(),
            hits: self
                .hits
                .iter()
                .filter(|h| !out(&h.path))
                .cloned()
                .collect(),
            skipped: Skipped::default(),
            files_read: 0,
            top: Arc::clone(&self.top),
            outer: Arc::clone(&self.outer),
        };
        index.top = top_files(&index.files);
        index
    }

    /// `name` as evidence when it is at this root, or `/name` when it is at the root of the
    /// monorepo this service belongs to (evidence paths starting with `/` are repo-relative).
    pub fn root_file(&self, name: &str) -> Option<String> {
        if self.has(name) {
            Some(name.to_string())
        } else if self
            .outer
            .binary_search_by(|f| f.as_str().cmp(name))
            .is_ok()
        {
            Some(format!("/{name}"))
        } else {
            None
        }
    }
}

/// The files directly at the root of sorted `files`.
fn top_files(files: &[FileEntry]) -> Arc<[String]> {
    files
        .iter()
        .filter(|f| !f.path.contains('/'))
        .map(|f| f.path.clone())
        .collect()
}

/// The last component of a `/`-separated path.
pub fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The folder of a `/`-separated path (`""` for the root).
pub fn parent(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// Joins a folder and a relative path (`""` is the root).
pub fn join(dir: &str, path: &str) -> String {
    if dir.is_empty() {
        path.to_string()
    } else {
        format!("{dir}/{path}")
    }
}

/// Number of folders above a path (`a.txt` is 0, `a/b.txt` is 1).
pub fn depth(path: &str) -> usize {
    path.bytes().filter(|b| *b == b'/').count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_by_path_folder_and_subtree() {
        let index = RepoIndex::from_texts(&[
            ("package.json", "{}"),
            ("apps/web/package.json", "{\"name\":\"web\"}"),
            ("apps/web/src/app.ts", "const a = process.env.API_URL;"),
            ("apps/api/main.go", "package main"),
        ]);
        assert!(index.has("apps/web/package.json"));
        assert!(index.has_dir("apps/web/src"));
        assert_eq!(
            index.subdirs("apps").collect::<Vec<_>>(),
            ["apps/api", "apps/web"]
        );
        assert_eq!(index.files_in("").count(), 1);
        let web = index.subtree("apps/web");
        assert!(web.has("package.json"));
        assert_eq!(web.text("package.json"), Some("{\"name\":\"web\"}"));
        assert_eq!(
            web.hits("env:process.env").next().unwrap().path,
            "src/app.ts"
        );
    }
}
