//! Dependencies declared by a manifest, with the line that declares each: the common input of
//! the per-ecosystem rule tables.

use deployplan_core::facts::Evidence;

use crate::record::ev;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dep {
    pub name: String,
    pub path: String,
    pub line: Option<u32>,
    /// Declared for development or tests only.
    pub dev: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Deps {
    list: Vec<Dep>,
}

impl Deps {
    /// Adds a dependency (names compare case-insensitively; the first declaration is kept).
    pub fn push(&mut self, name: &str, path: &str, line: Option<u32>, dev: bool) {
        let name = name.trim();
        if name.is_empty() || self.get(name).is_some() {
            return;
        }
        self.list.push(Dep {
            name: name.to_string(),
            path: path.to_string(),
            line,
            dev,
        });
    }

    pub fn get(&self, name: &str) -> Option<&Dep> {
        self.list.iter().find(|d| d.name.eq_ignore_ascii_case(name))
    }

    pub fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The first dependency whose name starts with `prefix`.
    pub fn with_prefix(&self, prefix: &str) -> Option<&Dep> {
        self.list.iter().find(|d| d.name.starts_with(prefix))
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

impl Dep {
    pub fn evidence(&self, detector: &str) -> Evidence {
        ev(
            &self.path,
            self.line,
            format!("{detector}/dependency:{}", self.name),
        )
    }
}
