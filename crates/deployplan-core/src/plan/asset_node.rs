//! Node.js beside another runtime: a Rails, Laravel or Django app whose build runs its
//! package.json (`yarn build`, `npm run build` for Vite, esbuild, Tailwind). The Ruby, PHP and
//! Python images have no Node, so the image and CI must add it, at the repository's version and
//! with its package manager.

use serde::Serialize;

use super::toolchain::Source;
use crate::catalog::images;
use crate::facts::Facts;

/// The Node package manager a build command runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NodeTool {
    Npm,
    /// Yarn 1 (classic).
    Yarn,
    /// Yarn 2 and later, through corepack.
    YarnBerry,
    Pnpm,
    Bun,
}

impl NodeTool {
    /// The tool a shell command starts with (`npx` is npm's).
    fn of_command(word: &str) -> Option<Self> {
        match word {
            "npm" | "npx" => Some(Self::Npm),
            "yarn" => Some(Self::Yarn),
            "pnpm" => Some(Self::Pnpm),
            "bun" | "bunx" => Some(Self::Bun),
            _ => None,
        }
    }

    /// Its name in `tool_versions` and `packageManager`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Npm => "npm",
            Self::Yarn | Self::YarnBerry => "yarn",
            Self::Pnpm => "pnpm",
            Self::Bun => "bun",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssetNode {
    pub tool: NodeTool,
    /// The package manager's version when the repository pins it (`packageManager`).
    pub tool_version: Option<String>,
    /// The pin is package.json's `packageManager` (corepack and pnpm/action-setup read it).
    pub tool_version_field: bool,
    /// The Node version: the repository's pin (`.nvmrc`, `engines.node`), else the catalog's.
    pub version: String,
    pub version_source: Source,
    /// The official image whose Node the Dockerfile's build stage copies (a tag that exists).
    pub image: String,
}

/// Node for a build that runs a Node package manager when the app's runtime is not Node;
/// `None` for a Node app (its own toolchain has it) or a build without one.
pub fn asset_node(runtime: &str, build: Option<&str>, facts: &Facts) -> Option<AssetNode> {
    if matches!(runtime, "node" | "static" | "hugo") {
        return None;
    }
    let build = build?;
    let first = build
        .split("&&")
        .filter_map(|part| part.split_whitespace().next())
        .find_map(NodeTool::of_command)?;
    let tool = if first == NodeTool::Yarn && build.contains("--immutable") {
        NodeTool::YarnBerry
    } else {
        first
    };
    let pin = facts.runtime_versions.iter().find(|v| v.runtime == "node");
    let imgs = images::images("node", pin.map(|p| p.version.as_str()))?;
    let pinned = facts
        .tool_versions
        .iter()
        .find(|v| v.runtime == tool.name());
    Some(AssetNode {
        tool,
        tool_version: pinned.map(|v| v.version.clone()),
        tool_version_field: pinned.is_some_and(|v| {
            v.evidence
                .iter()
                .any(|e| e.rule.ends_with("/packageManager"))
        }),
        version: imgs.version.clone(),
        version_source: if pin.is_some() {
            Source::Repository
        } else {
            Source::Convention
        },
        image: imgs.build,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_build_that_runs_a_node_tool_on_another_runtime() {
        let facts = Facts::default();
        let a = asset_node("php", Some("npm ci && npm run build"), &facts).unwrap();
        assert_eq!(a.tool, NodeTool::Npm);
        assert_eq!(a.version_source, Source::Convention);
        assert!(a.image.starts_with("node:"), "{}", a.image);
        let rails = "yarn install --immutable && yarn build && bin/rails assets:precompile";
        assert_eq!(
            asset_node("ruby", Some(rails), &facts).unwrap().tool,
            NodeTool::YarnBerry
        );
        assert_eq!(asset_node("node", Some("npm run build"), &facts), None);
        assert_eq!(
            asset_node("python", Some("python manage.py collectstatic"), &facts),
            None
        );
        assert_eq!(asset_node("ruby", None, &facts), None);
    }
}
