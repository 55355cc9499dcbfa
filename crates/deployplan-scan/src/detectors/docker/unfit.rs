//! Whether a Dockerfile builds the commit for production: one named or set up for
//! development, one that copies a build output nothing in it builds, or one whose ENTRYPOINT
//! drops the command the platform passes is not deployed (a production one is generated).

use super::{COMPOSE_FILES, instruction};
use crate::index::{RepoIndex, file_name, parent};
use crate::record::numbered;

/// Why a Dockerfile does not build the commit for production, with the line that shows it:
/// it is named or set up for development, it copies a build output that nothing in it builds,
/// or its ENTRYPOINT script drops the command the platform passes (no `"$@"`).
pub fn unfit(index: &RepoIndex, path: &str) -> Option<(Option<u32>, String)> {
    let name = file_name(path).to_ascii_lowercase();
    let dev_names = [".dev", ".development", ".local", ".test"];
    if dev_names.iter().any(|s| name.ends_with(s)) || name.starts_with("dev.") {
        return Some((None, "named for development".into()));
    }
    let text = index.text(path)?;
    if let Some((n, why)) = dev_service_target(index, path) {
        return Some((Some(n), why));
    }
    // Only the final stage runs; earlier ones build.
    let last_from = numbered(text)
        .filter(|(_, l)| instruction(l, "FROM").is_some())
        .last()
        .map_or(0, |(n, _)| n);
    let mut built = false;
    for (n, line) in numbered(text) {
        if let Some(run) = instruction(line, "RUN") {
            let run = run.to_ascii_lowercase();
            built |= [
                "build", "mvn", "gradle", "package", "compile", "assemble", "publish",
            ]
            .iter()
            .any(|w| run.contains(w));
        }
        if let Some(copy) = instruction(line, "COPY").or_else(|| instruction(line, "ADD"))
            && !copy.contains("--from")
            && !built
        {
            let src = copy.split_whitespace().find(|w| !w.starts_with("--"))?;
            let src = src.trim_start_matches("./");
            let prebuilt = [
                "dist/",
                "build/",
                "target/",
                "out/",
                "publish/",
                "bin/Release",
            ];
            if prebuilt
                .iter()
                .any(|p| src.starts_with(p) || src == p.trim_end_matches('/'))
                || (src.starts_with("target") && src.ends_with(".jar"))
            {
                return Some((
                    Some(n),
                    format!(
                        "it copies `{src}`, a build output that nothing in it builds (it needs a prebuilt artifact, not the commit)"
                    ),
                ));
            }
        }
        if n < last_from {
            continue;
        }
        for word in ["CMD", "ENTRYPOINT"] {
            let Some(cmd) = instruction(line, word) else {
                continue;
            };
            let cmd = command_words(cmd);
            if let Some(dev) = dev_command(&cmd, text) {
                return Some((
                    Some(n),
                    format!("its {word} runs the app for development (`{dev}`)"),
                ));
            }
            if word == "ENTRYPOINT"
                && let Some(script) = cmd
                    .split_whitespace()
                    .find(|w| w.ends_with(".sh") && w.contains("entrypoint"))
            {
                let rel = script.trim_start_matches("./").trim_start_matches('/');
                let at = match parent(path) {
                    "" => rel.to_string(),
                    dir => format!("{dir}/{rel}"),
                };
                let found = index.text(&at).or_else(|| index.text(file_name(rel)));
                if let Some(body) = found
                    && !body.contains("$@")
                    && !body.contains("${@}")
                {
                    return Some((
                        Some(n),
                        format!(
                            "its ENTRYPOINT `{script}` never runs the command it is given (no \"$@\"), so the start, worker and release commands the platform passes are ignored"
                        ),
                    ));
                }
            }
        }
    }
    None
}

/// `["npm", "run", "dev"]` → `npm run dev`; the shell form stays as written.
fn command_words(cmd: &str) -> String {
    match cmd.strip_prefix('[').and_then(|c| c.strip_suffix(']')) {
        Some(list) => list
            .split(',')
            .map(|w| w.trim().trim_matches('"'))
            .collect::<Vec<_>>()
            .join(" "),
        None => cmd.to_string(),
    }
}

/// The development server a command starts, if it does.
fn dev_command(cmd: &str, dockerfile: &str) -> Option<String> {
    let c = cmd.to_ascii_lowercase();
    let dev_scripts = [
        "npm run dev",
        "yarn dev",
        "yarn run dev",
        "pnpm dev",
        "pnpm run dev",
        "bun dev",
        "bun run dev",
        "next dev",
        "nodemon",
        "manage.py runserver",
        "--reload",
    ];
    if let Some(d) = dev_scripts.iter().find(|d| c.contains(*d)) {
        return Some(d.to_string());
    }
    if c.contains("flask run")
        && (c.contains("--debug")
            || dockerfile.contains("FLASK_DEBUG=1")
            || dockerfile.contains("FLASK_ENV=development"))
    {
        return Some("flask run --debug".into());
    }
    let rails = c.contains("rails server") || c.contains("rails s ") || c.ends_with("rails s");
    let development = c.contains("-e development")
        || c.contains("--environment=development")
        || dockerfile.contains("RAILS_ENV=development")
        || dockerfile.contains("RAILS_ENV development");
    if rails && development {
        return Some("rails server in the development environment".into());
    }
    None
}

/// A compose service that builds this Dockerfile for its `dev` target (`target: dev`).
fn dev_service_target(index: &RepoIndex, path: &str) -> Option<(u32, String)> {
    for compose in COMPOSE_FILES {
        let Some(text) = index.text(compose) else {
            continue;
        };
        let builds_it = text.contains(&format!("dockerfile: {path}"))
            || (path == "Dockerfile" && text.contains("build:"));
        if !builds_it {
            continue;
        }
        if let Some((n, line)) = numbered(text).find(|(_, l)| {
            let t = l.trim();
            t == "target: dev" || t == "target: development"
        }) {
            return Some((
                0,
                format!(
                    "{compose}:{n} builds it for its development stage (`{}`)",
                    line.trim()
                ),
            ));
        }
    }
    None
}
