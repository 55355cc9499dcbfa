//! The port the server listens on, from the most explicit source that says it: the platform
//! config (fly.toml), the Dockerfile (EXPOSE, ENV PORT), the Procfile or start script, the
//! framework config (server.port), then the code (`listen(3000)`, `PORT || 3000`).

use std::sync::LazyLock;

use deployplan_core::Facts;
use deployplan_core::facts::{Evidence, Valued};
use regex::Regex;

use super::Detector;
use crate::index::RepoIndex;
use crate::record::{ev, numbered};

pub struct Port;

const ID: &str = "port";

/// Ports of databases and caches: a `port = 5432` in code is the database's, not the app's.
const NOT_APP_PORTS: &[u16] = &[5432, 3306, 6379, 27017, 11211, 9200, 5672];

static COMMAND_PORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:--port[= ]|-p |--bind[= ]|-b |PORT=|--listen[= ]|0\.0\.0\.0:|localhost:)(?:[\w.\[\]]*:)?(\d{2,5})\b").expect("regex")
});

fn parse(value: &str) -> Option<u16> {
    value
        .parse::<u16>()
        .ok()
        .filter(|p| *p >= 80 && !NOT_APP_PORTS.contains(p))
}

fn from_fly(index: &RepoIndex) -> Option<(u16, Evidence)> {
    let text = index.text("fly.toml")?;
    numbered(text).find_map(|(n, l)| {
        let v = l
            .trim()
            .strip_prefix("internal_port")?
            .trim_start()
            .strip_prefix('=')?
            .trim();
        Some((
            parse(v)?,
            ev("fly.toml", Some(n), format!("{ID}/fly-internal-port")),
        ))
    })
}

fn from_dockerfile(index: &RepoIndex, facts: &Facts) -> Option<(u16, Evidence)> {
    let path = facts.dockerfile_path()?;
    let text = index.text(path)?;
    numbered(text).find_map(|(n, l)| {
        let l = l.trim();
        let port = if let Some(rest) = l.strip_prefix("EXPOSE ") {
            rest.split_whitespace().next()?.split('/').next()?
        } else {
            let rest = l.strip_prefix("ENV ")?;
            let rest = rest
                .strip_prefix("PORT=")
                .or_else(|| rest.strip_prefix("PORT "))?;
            rest.split_whitespace().next()?.trim_matches('"')
        };
        Some((parse(port)?, ev(path, Some(n), format!("{ID}/dockerfile"))))
    })
}

fn from_command(facts: &Facts) -> Option<(u16, Evidence)> {
    let start = facts.commands.start.as_ref()?;
    let procfile_web = facts.procfile.iter().find(|p| p.name == "web");
    let (command, e) = match procfile_web {
        Some(p) => (p.command.as_str(), p.evidence.clone()),
        None => (start.value.as_str(), start.evidence.first()?.clone()),
    };
    let port = parse(COMMAND_PORT.captures(command)?.get(1)?.as_str())?;
    Some((
        port,
        Evidence {
            rule: format!("{ID}/start-command"),
            ..e
        },
    ))
}

fn from_package_scripts(index: &RepoIndex) -> Option<(u16, Evidence)> {
    let text = index.text("package.json")?;
    numbered(text).find_map(|(n, l)| {
        let l = l.trim();
        if !(l.starts_with("\"start\"") || l.starts_with("\"start:prod\"")) {
            return None;
        }
        let port = parse(COMMAND_PORT.captures(l)?.get(1)?.as_str())?;
        Some((
            port,
            ev("package.json", Some(n), format!("{ID}/start-script")),
        ))
    })
}

fn from_framework_config(index: &RepoIndex) -> Option<(u16, Evidence)> {
    let configs = index.texts_named(|n| n.starts_with("application"));
    for (path, text) in configs.filter(|(p, _)| !crate::walk::is_test_path(p)) {
        let mut under_server = false;
        for (n, l) in numbered(text) {
            let t = l.trim();
            let value = if let Some(v) = t
                .strip_prefix("server.port=")
                .or_else(|| t.strip_prefix("quarkus.http.port="))
            {
                Some(v)
            } else if !l.starts_with(' ') {
                under_server = t == "server:";
                None
            } else if under_server {
                t.strip_prefix("port:")
            } else {
                None
            };
            let value = value.map(|v| v.trim().trim_start_matches("${PORT:").trim_end_matches('}'));
            if let Some(p) = value.and_then(parse) {
                return Some((p, ev(path, Some(n), format!("{ID}/server.port"))));
            }
        }
    }
    None
}

fn from_code(index: &RepoIndex) -> Option<(u16, Evidence)> {
    for rule in ["port:listen", "port:go-http", "port:default"] {
        for h in index.hits(rule) {
            if let Some(p) = parse(&h.value) {
                return Some((p, ev(&h.path, Some(h.line), format!("{ID}/code:{rule}"))));
            }
        }
    }
    None
}

impl Detector for Port {
    fn id(&self) -> &'static str {
        ID
    }

    fn detect(&self, index: &RepoIndex, facts: &mut Facts) {
        let found = from_fly(index)
            .or_else(|| from_dockerfile(index, facts))
            .or_else(|| from_command(facts))
            .or_else(|| from_package_scripts(index))
            .or_else(|| from_framework_config(index))
            .or_else(|| from_code(index));
        if let Some((value, e)) = found {
            facts.port = Some(Valued {
                value,
                evidence: vec![e],
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn port(files: &[(&str, &str)]) -> Option<(u16, String)> {
        let index = RepoIndex::from_texts(files);
        let mut f = Facts::default();
        super::super::docker::Docker.detect(&index, &mut f);
        super::super::procfile::Procfile.detect(&index, &mut f);
        Port.detect(&index, &mut f);
        f.port.map(|p| (p.value, p.evidence[0].to_string()))
    }

    #[test]
    fn most_explicit_source_wins() {
        let code = (
            "server.js",
            "const port = process.env.PORT || 3000;\napp.listen(port);",
        );
        assert_eq!(port(&[code]), Some((3000, "server.js:1".into())));
        let docker = ("Dockerfile", "FROM node:20\nEXPOSE 8080\n");
        assert_eq!(port(&[code, docker]), Some((8080, "Dockerfile:2".into())));
        let procfile = ("Procfile", "web: gunicorn app:app --bind 0.0.0.0:8000\n");
        assert_eq!(port(&[procfile]), Some((8000, "Procfile:1".into())));
        let spring = (
            "src/main/resources/application.yml",
            "server:\n  port: 8081\nspring:\n  port: 1\n",
        );
        assert_eq!(
            port(&[spring]),
            Some((8081, "src/main/resources/application.yml:2".into()))
        );
        assert_eq!(port(&[("db.js", "const port = 5432;\nPORT = 5432")]), None);
    }
}
