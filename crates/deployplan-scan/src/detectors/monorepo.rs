//! Monorepo roots: turborepo, nx, lerna, pnpm/yarn/npm workspaces, go.work. Also lists the
//! member folders the workspace declares, which the service discovery expands.

use deployplan_core::Facts;
use deployplan_core::facts::Valued;
use serde_json::Value;

use super::Detector;
use crate::index::{RepoIndex, depth, parent};
use crate::record::{ev, line_of};

pub struct Monorepo;

const ID: &str = "monorepo";

/// Member patterns a workspace declares (`apps/*`, `./api`), as written.
pub fn workspace_globs(index: &RepoIndex) -> Vec<String> {
    let mut globs = Vec::new();
    if let Some(pkg) = index
        .text("package.json")
        .and_then(|t| serde_json::from_str::<Value>(t).ok())
    {
        let ws = pkg.get("workspaces");
        let list = ws
            .and_then(Value::as_array)
            .or_else(|| ws?.get("packages")?.as_array());
        globs.extend(
            list.into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(String::from),
        );
    }
    if let Some(text) = index.text("pnpm-workspace.yaml") {
        let mut inside = false;
        for line in text.lines() {
            if !line.starts_with([' ', '-', '\t']) {
                inside = line.trim_end() == "packages:";
            } else if inside && let Some(item) = line.trim().strip_prefix('-') {
                globs.push(item.trim().trim_matches(['"', '\'']).to_string());
            }
        }
    }
    if let Some(pkgs) = index
        .text("lerna.json")
        .and_then(|t| serde_json::from_str::<Value>(t).ok())
        .and_then(|v| v.get("packages").cloned())
    {
        globs.extend(
            pkgs.as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(String::from),
        );
    }
    if let Some(text) = index.text("go.work") {
        let mut block = false;
        for line in text.lines() {
            let l = line.split("//").next().unwrap_or("").trim();
            if l == "use (" {
                block = true;
            } else if block && l == ")" {
                block = false;
            } else if let Some(dir) = l.strip_prefix("use ").map(str::trim).or(block.then_some(l))
                && !dir.is_empty()
                && dir != "("
            {
                globs.push(dir.to_string());
            }
        }
    }
    if index.has("nx.json") {
        for (path, _) in index.texts_named(|n| n == "project.json") {
            if depth(path) >= 1 && depth(path) <= 3 {
                globs.push(parent(path).to_string());
            }
        }
    }
    globs
        .into_iter()
        .filter(|g| !g.starts_with('!'))
        .map(|g| g.trim_start_matches("./").trim_end_matches('/').to_string())
        .filter(|g| !g.is_empty() && g != ".")
        .collect()
}

impl Detector for Monorepo {
    fn id(&self) -> &'static str {
        ID
    }

    fn detect(&self, index: &RepoIndex, facts: &mut Facts) {
        let pkg_workspaces = index
            .text("package.json")
            .and_then(|t| line_of(t, "\"workspaces\""));
        let pm = if index.has("yarn.lock") {
            "yarn-workspaces"
        } else if index.has("bun.lock") || index.has("bun.lockb") {
            "bun-workspaces"
        } else {
            "npm-workspaces"
        };
        let markers = [
            (
                "turborepo",
                index.has("turbo.json").then_some(("turbo.json", None)),
            ),
            ("nx", index.has("nx.json").then_some(("nx.json", None))),
            (
                "lerna",
                index.has("lerna.json").then_some(("lerna.json", None)),
            ),
            (
                "pnpm-workspaces",
                index
                    .has("pnpm-workspace.yaml")
                    .then_some(("pnpm-workspace.yaml", None)),
            ),
            (pm, pkg_workspaces.map(|l| ("package.json", Some(l)))),
            ("go-work", index.has("go.work").then_some(("go.work", None))),
        ];
        let found: Vec<_> = markers
            .iter()
            .filter_map(|(kind, at)| at.map(|(p, l)| (*kind, p, l)))
            .collect();
        let Some((kind, ..)) = found.first() else {
            return;
        };
        let evidence = found
            .iter()
            .map(|(k, p, l)| ev(p, *l, format!("{ID}/{k}")))
            .collect();
        facts.monorepo = Some(Valued {
            value: kind.to_string(),
            evidence,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turborepo_on_pnpm_workspaces() {
        let index = RepoIndex::from_texts(&[
            ("package.json", r#"{"name":"root","private":true}"#),
            (
                "pnpm-workspace.yaml",
                "packages:\n  - \"apps/*\"\n  - 'packages/*'\n",
            ),
            ("turbo.json", "{}"),
        ]);
        let mut f = Facts::default();
        Monorepo.detect(&index, &mut f);
        let m = f.monorepo.unwrap();
        assert_eq!(m.value, "turborepo");
        assert_eq!(m.evidence.len(), 2);
        assert_eq!(workspace_globs(&index), ["apps/*", "packages/*"]);
    }

    #[test]
    fn go_work_uses() {
        let index = RepoIndex::from_texts(&[(
            "go.work",
            "go 1.22\n\nuse (\n\t./api\n\t./worker // jobs\n)\nuse ./tools\n",
        )]);
        let mut f = Facts::default();
        Monorepo.detect(&index, &mut f);
        assert_eq!(f.monorepo.unwrap().value, "go-work");
        assert_eq!(workspace_globs(&index), ["api", "worker", "tools"]);
    }
}
