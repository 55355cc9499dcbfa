//! Containers: the Dockerfile (and the runtime its base image pins), docker compose services
//! and the databases their images are.

use deployplan_core::Facts;
use deployplan_core::facts::{Compose, RuntimeVersion, Valued};

use super::Detector;
use crate::index::{RepoIndex, depth, file_name, parent};
use crate::record::{add, ev, numbered};

pub struct Docker;

const ID: &str = "docker";

const COMPOSE_FILES: &[&str] = &[
    "compose.yaml",
    "compose.yml",
    "docker-compose.yml",
    "docker-compose.yaml",
];
const DOCKER_DIRS: &[&str] = &["docker", ".docker", "deploy", "ops", "infra"];

pub fn is_dockerfile(name: &str) -> bool {
    name == "Dockerfile"
        || name == "Containerfile"
        || name.starts_with("Dockerfile.")
        || name.ends_with(".dockerfile")
}

/// The Dockerfile of the app: at the root first, else in a docker/deploy folder.
pub fn dockerfile(index: &RepoIndex) -> Option<&str> {
    let at_root = |p: &str| depth(p) == 0;
    let in_docker_dir = |p: &str| depth(p) == 1 && DOCKER_DIRS.contains(&parent(p));
    let candidates = index
        .texts()
        .map(|(p, _)| p)
        .filter(|p| is_dockerfile(file_name(p)));
    let mut best: Option<(u8, &str)> = None;
    for p in candidates {
        let rank = match (file_name(p), at_root(p), in_docker_dir(p)) {
            ("Dockerfile" | "Containerfile", true, _) => 0,
            (_, true, _) => 1,
            ("Dockerfile", _, true) => 2,
            (_, _, true) => 3,
            _ => continue,
        };
        if best.is_none_or(|(r, _)| rank < r) {
            best = Some((rank, p));
        }
    }
    best.map(|(_, p)| p)
}

/// Service names of a compose file in file order, each with the line and image it declares.
/// A compose service: its name, the line declaring it, and its `image:` (line, image).
pub type ComposeService = (String, u32, Option<(u32, String)>);

pub fn compose_services(text: &str) -> Vec<ComposeService> {
    let mut services: Vec<ComposeService> = Vec::new();
    let mut inside = false;
    let mut child_indent = None;
    for (n, line) in numbered(text) {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        if indent == 0 {
            inside = trimmed.starts_with("services:");
            continue;
        }
        if !inside {
            continue;
        }
        let ci = *child_indent.get_or_insert(indent);
        if indent == ci {
            if let Some(name) = trimmed
                .strip_suffix(':')
                .or_else(|| trimmed.split_once(": ").map(|(k, _)| k))
            {
                services.push((name.trim_matches(['"', '\'']).to_string(), n, None));
            }
        } else if let (Some(image), Some(last)) =
            (trimmed.strip_prefix("image:"), services.last_mut())
        {
            last.2 = Some((n, image.trim().trim_matches(['"', '\'']).to_string()));
        }
    }
    services
}

/// The database an image name is (`postgres:16-alpine` → postgres).
pub fn image_database(image: &str) -> Option<&'static str> {
    let name = image
        .rsplit('/')
        .next()
        .unwrap_or(image)
        .split([':', '@'])
        .next()
        .unwrap_or("");
    Some(match name {
        "postgres" | "postgis" | "timescaledb" | "timescaledb-ha" | "pgvector" => "postgres",
        "mysql" | "mariadb" | "percona" => "mysql",
        "mongo" | "mongodb" | "mongodb-community-server" => "mongodb",
        "redis" | "valkey" | "redis-stack" | "keydb" => "redis",
        _ => return None,
    })
}

/// `(runtime, version)` of a base image (`node:20-alpine` → node 20).
fn image_runtime(image: &str) -> Option<(&'static str, String)> {
    let (name, tag) = image.split_once(':')?;
    let name = name.rsplit('/').next().unwrap_or(name);
    let runtime = match name {
        "node" => "node",
        "python" => "python",
        "ruby" => "ruby",
        "golang" => "go",
        "eclipse-temurin" | "openjdk" | "amazoncorretto" | "maven" | "gradle" => "java",
        "aspnet" | "sdk" if image.contains("dotnet") => "dotnet",
        "elixir" => "elixir",
        "rust" => "rust",
        "php" => "php",
        _ => return None,
    };
    let version: String = tag
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    (!version.is_empty()).then_some((runtime, version))
}

/// `docker-compose.prod.yml`, `compose.dev.yaml` ...: the production one first.
fn variant_compose(index: &RepoIndex) -> Option<String> {
    let variants: Vec<&str> = index
        .texts()
        .map(|(p, _)| p)
        .filter(|p| {
            depth(p) == 0
                && (p.starts_with("docker-compose.") || p.starts_with("compose."))
                && (p.ends_with(".yml") || p.ends_with(".yaml"))
        })
        .collect();
    let prod = variants.iter().find(|p| p.contains("prod"));
    prod.or(variants.first()).map(|p| p.to_string())
}

impl Detector for Docker {
    fn id(&self) -> &'static str {
        ID
    }

    fn detect(&self, index: &RepoIndex, facts: &mut Facts) {
        if let Some(path) = dockerfile(index) {
            facts.dockerfile = Some(Valued {
                value: path.to_string(),
                evidence: vec![ev(path, None, format!("{ID}/dockerfile"))],
            });
            let text = index.text(path).unwrap_or("");
            let from = numbered(text).find_map(|(n, l)| {
                let rest = l
                    .trim()
                    .strip_prefix("FROM ")
                    .or_else(|| l.trim().strip_prefix("from "))?;
                let image = rest.split_whitespace().find(|w| !w.starts_with("--"))?;
                image_runtime(image).map(|r| (n, r))
            });
            if let Some((n, (runtime, version))) = from
                && !facts.runtime_versions.iter().any(|r| r.runtime == runtime)
            {
                facts.runtime_versions.push(RuntimeVersion {
                    runtime: runtime.into(),
                    version,
                    evidence: vec![ev(path, Some(n), format!("{ID}/base-image"))],
                });
            }
        }
        let compose = COMPOSE_FILES
            .iter()
            .copied()
            .find(|f| index.has(f))
            .map(String::from)
            .or_else(|| {
                DOCKER_DIRS
                    .iter()
                    .flat_map(|d| COMPOSE_FILES.iter().map(move |f| format!("{d}/{f}")))
                    .find(|p| index.has(p))
            })
            .or_else(|| variant_compose(index));
        if let Some(path) = compose {
            let services = compose_services(index.text(&path).unwrap_or(""));
            for (_, _, image) in &services {
                if let Some((line, image)) = image
                    && let Some(db) = image_database(image)
                {
                    add(
                        &mut facts.databases,
                        db,
                        ev(&path, Some(*line), format!("{ID}/compose-image:{image}")),
                    );
                }
            }
            facts.compose = Some(Compose {
                path,
                services: services.into_iter().map(|(name, _, _)| name).collect(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compose_services_in_order_with_database_images() {
        let compose = "version: '3'\nservices:\n  web:\n    build: .\n    ports:\n      - \"3000:3000\"\n  db:\n    image: postgres:16-alpine\n  cache:\n    image: \"redis:7\"\nvolumes:\n  data:\n";
        let index = RepoIndex::from_texts(&[
            ("docker-compose.yml", compose),
            ("Dockerfile", "FROM node:20-alpine AS build\nEXPOSE 3000\n"),
        ]);
        let mut f = Facts::default();
        Docker.detect(&index, &mut f);
        assert_eq!(f.compose.unwrap().services, ["web", "db", "cache"]);
        let dbs: Vec<_> = f.databases.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(dbs, ["postgres", "redis"]);
        assert_eq!(f.dockerfile.unwrap().value, "Dockerfile");
        assert_eq!(
            (
                f.runtime_versions[0].runtime.as_str(),
                f.runtime_versions[0].version.as_str()
            ),
            ("node", "20")
        );
    }

    #[test]
    fn compose_variants_prefer_production() {
        let index = RepoIndex::from_texts(&[
            (
                "docker-compose.dev.yml",
                "services:\n  web:\n    build: .\n",
            ),
            (
                "docker-compose.prod.yml",
                "services:\n  web:\n    image: app\n  db:\n    image: mysql:8\n",
            ),
        ]);
        let mut f = Facts::default();
        Docker.detect(&index, &mut f);
        assert_eq!(f.compose.unwrap().path, "docker-compose.prod.yml");
        assert_eq!(f.databases[0].name, "mysql");
    }

    #[test]
    fn devcontainer_dockerfile_is_not_the_app() {
        let index = RepoIndex::from_texts(&[(".devcontainer/Dockerfile", "FROM x")]);
        assert_eq!(dockerfile(&index), None);
    }
}
