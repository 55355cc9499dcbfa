//! Containers: the Dockerfile (and the runtime its base image pins), docker compose services
//! and the databases their images are.

use deployplan_core::Facts;
use deployplan_core::facts::{Compose, RuntimeVersion, Valued};

use super::Detector;
use crate::index::{RepoIndex, depth, file_name, parent};
use crate::record::{add, ev, numbered};

mod unfit;
pub use unfit::unfit;

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

/// The Dockerfile of the app, among those that build the commit for production ([`unfit`]):
/// a production one first (`Dockerfile.prod`, `docker/Dockerfile.production`), then the root
/// `Dockerfile`, then one in a docker/deploy folder.
pub fn dockerfile(index: &RepoIndex) -> Option<&str> {
    candidates(index)
        .into_iter()
        .find(|p| unfit(index, p).is_none())
}

/// The app's Dockerfiles, best first (devcontainers and nested apps' are not the app's).
fn candidates(index: &RepoIndex) -> Vec<&str> {
    let at_root = |p: &str| depth(p) == 0;
    let in_docker_dir = |p: &str| depth(p) == 1 && DOCKER_DIRS.contains(&parent(p));
    let mut ranked: Vec<(u8, &str)> = index
        .texts()
        .map(|(p, _)| p)
        .filter(|p| is_dockerfile(file_name(p)))
        .filter_map(|p| {
            let name = file_name(p);
            let prod = name.to_ascii_lowercase().contains("prod");
            let rank = match (name, at_root(p) || in_docker_dir(p)) {
                (_, true) if prod => 0,
                ("Dockerfile" | "Containerfile", true) if at_root(p) => 1,
                ("Dockerfile" | "Containerfile", true) => 2,
                (_, true) if at_root(p) => 3,
                (_, true) => 4,
                _ => return None,
            };
            Some((rank, p))
        })
        .collect();
    ranked.sort();
    ranked.into_iter().map(|(_, p)| p).collect()
}

/// The text after a Dockerfile instruction (`RUN`, `CMD`, ...), case-insensitive.
fn instruction<'a>(line: &'a str, word: &str) -> Option<&'a str> {
    let t = line.trim_start();
    let head = t.get(..word.len())?;
    let rest = &t[word.len()..];
    (head.eq_ignore_ascii_case(word) && rest.starts_with([' ', '\t'])).then(|| rest.trim())
}

/// A build stage: its alias, the image or alias it starts from, its last WORKDIR (line, dir).
type Stage = (Option<String>, String, Option<(u32, String)>);

/// The `WORKDIR` the final stage runs in: its own last one, else the one of the stage it
/// starts from (`FROM base`), with its line. None when it uses a variable or sets none.
fn final_workdir(text: &str) -> Option<(u32, String)> {
    let mut stages: Vec<Stage> = Vec::new();
    for (n, line) in numbered(text) {
        if let Some(from) = instruction(line, "FROM") {
            let words: Vec<&str> = from
                .split_whitespace()
                .filter(|w| !w.starts_with("--"))
                .collect();
            let alias = match words.as_slice() {
                [_, kw, alias, ..] if kw.eq_ignore_ascii_case("as") => {
                    Some(alias.to_ascii_lowercase())
                }
                _ => None,
            };
            stages.push((
                alias,
                words.first().unwrap_or(&"").to_ascii_lowercase(),
                None,
            ));
        } else if let (Some(dir), Some(stage)) = (instruction(line, "WORKDIR"), stages.last_mut()) {
            stage.2 = Some((n, dir.trim_matches('"').to_string()));
        }
    }
    let mut at = stages.len().checked_sub(1)?;
    for _ in 0..stages.len() {
        let (_, parent, workdir) = &stages[at];
        if let Some((n, dir)) = workdir {
            return (dir.starts_with('/') && !dir.contains('$')).then(|| (*n, dir.clone()));
        }
        at = stages[..at]
            .iter()
            .rposition(|(alias, _, _)| alias.as_deref() == Some(parent.as_str()))?;
    }
    None
}

/// A compose service: its name, the line declaring it, and its `image:` (line, image).
pub type ComposeService = (String, u32, Option<(u32, String)>);

/// Service names of a compose file in file order, each with the line and image it declares.
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
        for path in candidates(index) {
            let Some((line, why)) = unfit(index, path) else {
                break;
            };
            add(
                &mut facts.dockerfiles_unfit,
                path,
                ev(path, line.filter(|n| *n > 0), format!("{ID}/unfit:{why}")),
            );
        }
        if let Some(path) = dockerfile(index) {
            facts.dockerfile = Some(Valued {
                value: path.to_string(),
                evidence: vec![ev(path, None, format!("{ID}/dockerfile"))],
            });
            let text = index.text(path).unwrap_or("");
            if let Some((n, dir)) = final_workdir(text) {
                facts.dockerfile_workdir = Some(Valued {
                    value: dir,
                    evidence: vec![ev(path, Some(n), format!("{ID}/workdir"))],
                });
            }
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
    fn the_final_stage_workdir_follows_its_parent_stage() {
        let rails = "FROM ruby:3.3-slim AS base\nWORKDIR /rails\nFROM base AS build\nWORKDIR /build\nFROM base\nCMD [\"x\"]\n";
        assert_eq!(final_workdir(rails), Some((2, "/rails".into())));
        let own = "FROM node:20 AS build\nWORKDIR /src\nFROM node:20-slim\nWORKDIR /app\n";
        assert_eq!(final_workdir(own), Some((4, "/app".into())));
        assert_eq!(
            final_workdir("FROM python:3.12\nWORKDIR ${APP_HOME}\n"),
            None
        );
        assert_eq!(final_workdir("FROM nginx\n"), None);
    }

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

    fn judged(files: &[(&str, &str)]) -> (Option<String>, Vec<(String, String)>) {
        let index = RepoIndex::from_texts(files);
        let mut f = Facts::default();
        Docker.detect(&index, &mut f);
        let unfit = f
            .dockerfiles_unfit
            .iter()
            .map(|d| {
                (
                    d.name.clone(),
                    d.evidence[0].to_string() + " " + &d.evidence[0].rule,
                )
            })
            .collect();
        (f.dockerfile.map(|d| d.value), unfit)
    }

    #[test]
    fn dev_only_dockerfiles_are_not_reused() {
        for (cmd, why) in [
            ("CMD [\"npm\", \"run\", \"dev\"]", "npm run dev"),
            ("CMD npm run dev", "npm run dev"),
            ("CMD [\"nodemon\", \"server.js\"]", "nodemon"),
            ("CMD flask run --debug --host 0.0.0.0", "flask run --debug"),
            (
                "CMD python manage.py runserver 0.0.0.0:8000",
                "manage.py runserver",
            ),
            (
                "ENV RAILS_ENV=development\nCMD [\"rails\", \"server\", \"-b\", \"0.0.0.0\"]",
                "rails server in the development environment",
            ),
        ] {
            let text = format!("FROM node:20\nCOPY . .\n{cmd}\n");
            let (chosen, unfit) = judged(&[("Dockerfile", &text)]);
            assert_eq!(chosen, None, "{cmd}");
            assert!(unfit[0].1.contains(why), "{cmd}: {unfit:?}");
        }
        let (chosen, unfit) = judged(&[("Dockerfile.dev", "FROM node:20\nCMD node server.js\n")]);
        assert_eq!(chosen, None);
        assert!(unfit[0].1.contains("named for development"), "{unfit:?}");
        let compose = "services:\n  web:\n    build:\n      context: .\n      target: dev\n";
        let (chosen, unfit) = judged(&[
            ("Dockerfile", "FROM node:20 AS dev\nCMD node server.js\n"),
            ("docker-compose.yml", compose),
        ]);
        assert_eq!(chosen, None);
        assert!(unfit[0].1.contains("docker-compose.yml:5"), "{unfit:?}");
    }

    #[test]
    fn prebuilt_artifacts_and_swallowing_entrypoints_are_not_reused() {
        let (chosen, unfit) = judged(&[(
            "Dockerfile",
            "FROM nginx\nCOPY dist/ /usr/share/nginx/html\n",
        )]);
        assert_eq!(chosen, None);
        assert!(
            unfit[0]
                .1
                .starts_with("Dockerfile:2 docker/unfit:it copies `dist/`"),
            "{unfit:?}"
        );
        let (chosen, _) = judged(&[(
            "Dockerfile",
            "FROM eclipse-temurin:21\nCOPY target/*.jar app.jar\n",
        )]);
        assert_eq!(chosen, None);
        // A build stage that makes it: fine.
        let multi = "FROM maven:3 AS build\nCOPY . .\nRUN mvn package\nFROM eclipse-temurin:21\nCOPY --from=build target/app.jar app.jar\nCMD java -jar app.jar\n";
        assert_eq!(
            judged(&[("Dockerfile", multi)]).0.as_deref(),
            Some("Dockerfile")
        );
        let single = "FROM node:20\nCOPY . .\nRUN npm run build\nCOPY build/ /srv\nCMD node /srv/server.js\n";
        assert_eq!(
            judged(&[("Dockerfile", single)]).0.as_deref(),
            Some("Dockerfile")
        );

        let entry = "FROM node:20\nCOPY . .\nENTRYPOINT [\"./entrypoint.sh\"]\n";
        let (chosen, unfit) = judged(&[
            ("Dockerfile", entry),
            ("entrypoint.sh", "#!/bin/sh\nnode server.js\n"),
        ]);
        assert_eq!(chosen, None);
        assert!(unfit[0].1.contains("never runs the command"), "{unfit:?}");
        let passes = "#!/bin/sh\nnpx prisma migrate deploy\nexec \"$@\"\n";
        assert_eq!(
            judged(&[("Dockerfile", entry), ("entrypoint.sh", passes)])
                .0
                .as_deref(),
            Some("Dockerfile")
        );
    }

    #[test]
    fn a_production_dockerfile_is_preferred() {
        let (chosen, unfit) = judged(&[
            ("Dockerfile", "FROM node:20\nCMD npm run dev\n"),
            (
                "docker/Dockerfile.prod",
                "FROM node:20\nCOPY . .\nCMD node server.js\n",
            ),
        ]);
        assert_eq!(chosen.as_deref(), Some("docker/Dockerfile.prod"));
        assert!(
            unfit.is_empty(),
            "the production one ranks first: {unfit:?}"
        );
        let (chosen, unfit) = judged(&[
            ("Dockerfile", "FROM node:20\nCMD node server.js\n"),
            ("Dockerfile.production", "FROM node:20\nCMD npm run dev\n"),
        ]);
        assert_eq!(chosen.as_deref(), Some("Dockerfile"));
        assert_eq!(unfit[0].0, "Dockerfile.production");
    }
}
