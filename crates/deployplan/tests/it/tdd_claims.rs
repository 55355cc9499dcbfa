//! The TDD says what the files do: for every app of the expected-deploy corpus on a matrix of
//! platforms, `deployplan generate` writes the document and the files, and every claim of the
//! document that a file can confirm is checked against the parsed file — volumes, workers,
//! managed database names, the health path, the migration command, costs, code blocks and
//! placeholders, Kamal accessories, "no database". Each contradiction names the app, the
//! platform, the claim and both values.

mod files;

use std::path::{Path, PathBuf};

use serde_json::Value;

use files::Deployed;

/// Platforms a server app is generated for.
const SERVER_PLATFORMS: &[&str] = &[
    "render",
    "fly",
    "railway",
    "heroku",
    "kubernetes",
    "aws-ecs",
    "cloud-run",
    "kamal",
    "digitalocean",
];
/// Platforms a static site is generated for.
const STATIC_PLATFORMS: &[&str] = &["vercel", "netlify", "cloudflare", "render"];

/// The corpus' apps: (name, repository).
fn apps() -> Vec<(String, PathBuf)> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(manifest.join("tests/expected-deploy"))
        .expect("tests/expected-deploy exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| {
            let doc: toml::Value = toml::from_str(&super::support::read(f)).unwrap();
            let repo = doc["repo"].as_str().expect("repo").to_string();
            let name = f.file_stem().unwrap().to_string_lossy().into_owned();
            (name, manifest.join(repo))
        })
        .collect()
}

/// One generated output: the plan (`--json`), the TDD and what the files deploy.
struct Output {
    app: String,
    platform: String,
    plan: Value,
    tdd: String,
    deployed: Deployed,
}

fn generate(app: &str, repo: &Path, platform: &str, scratch: &Path) -> Output {
    let out = scratch.join(format!("{app}--{platform}"));
    let output = super::support::deployplan()
        .args(["generate", "--json", "--no-save", "--date", "2026-12-01"])
        .args(["--ci", "github", "--platform", platform, "--repo"])
        .arg(repo)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{app} on {platform}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: Value = serde_json::from_slice(&output.stdout).expect("generate --json");
    Output {
        app: app.into(),
        platform: platform.into(),
        plan: json["plan"].clone(),
        tdd: super::support::read(&out.join("specs/DEPLOYMENT_TDD.md")),
        deployed: files::read(&out, platform, &json["plan"]),
    }
}

/// The text of the TDD section whose heading starts with `heading` (`## 5.`), up to the next.
fn section<'a>(tdd: &'a str, heading: &str) -> &'a str {
    let Some(start) = tdd.find(&format!("\n{heading}")) else {
        return "";
    };
    let body = &tdd[start + 1..];
    let end = body[3..].find("\n## ").map_or(body.len(), |i| i + 3);
    &body[..end]
}

/// The value after `label` on the line that starts with it (`**Hosting**: `).
fn line_after<'a>(text: &'a str, label: &str) -> Option<&'a str> {
    text.lines()
        .find_map(|l| l.trim_start().strip_prefix(label))
        .map(str::trim)
}

/// The text between the first pair of backticks.
fn backticked(text: &str) -> Option<&str> {
    let start = text.find('`')? + 1;
    let end = text[start..].find('`')? + start;
    Some(&text[start..end])
}

/// Every fenced code block: (language, body). Fences may be indented (inside a list).
fn code_blocks(tdd: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut open: Option<(String, String)> = None;
    for line in tdd.lines() {
        let fence = line.trim_start().strip_prefix("```");
        match (&mut open, fence) {
            (None, Some(lang)) => open = Some((lang.trim().to_string(), String::new())),
            (Some(_), Some("")) => blocks.push(open.take().expect("open block")),
            (Some((_, body)), _) => {
                body.push_str(line.trim_start());
                body.push('\n');
            }
            (None, None) => {}
        }
    }
    assert!(open.is_none(), "an unclosed code block");
    blocks
}

/// A contradiction found in one output.
fn says(o: &Output, claim: &str, tdd: impl std::fmt::Debug, files: impl std::fmt::Debug) -> String {
    format!(
        "{} on {}: {claim}: the TDD says {tdd:?}, the files ({}) say {files:?}",
        o.app,
        o.platform,
        o.deployed.files.join(", ")
    )
}

fn check_volume(o: &Output, found: &mut Vec<String>) {
    let db = section(&o.tdd, "## 5.");
    let hosting = line_after(db, "**Hosting**:").unwrap_or("");
    let kind = line_after(db, "**Database Type**:").unwrap_or("");
    let says_volume = (hosting.contains("persistent volume")
        || hosting.contains("persistent disk"))
        && !hosting.contains("no persistent");
    let by_hand = hosting.contains("by hand");
    // The TDD says the files declare it (not that a person attaches it by hand).
    let declared = says_volume && !by_hand;
    if declared && !o.deployed.volume {
        found.push(says(
            o,
            "persistent volume declared",
            hosting,
            "no disk/volume/mount",
        ));
    }
    if o.deployed.volume && !declared {
        found.push(says(
            o,
            "persistent volume declared",
            hosting,
            "a disk/volume/mount",
        ));
    }
    if kind.contains("on a persistent volume") && !says_volume {
        found.push(says(o, "SQLite's volume", (kind, hosting), "no volume"));
    }
}

fn check_workers(o: &Output, found: &mut Vec<String>) {
    let components = section(&o.tdd, "## 2.");
    let mut claimed: Vec<&str> = components
        .lines()
        // A worker the TDD says the files do not deploy is not claimed.
        .filter(|l| !l.contains("not deployed by the generated files"))
        .filter_map(|l| l.strip_prefix("- **Worker `"))
        .filter_map(|l| l.split('`').next())
        .collect();
    // A monorepo's worker services: `*`name`* in `path`: background worker (no port), …`, on
    // the platforms whose files deploy each service (the TDD says the others deploy the root
    // app only).
    // (Cloud Run's files write no worker pools.)
    let each_service = deployplan_core::catalog::PlatformId::find(&o.platform)
        .is_some_and(|p| p.deploys_each_service() && p.deploys_workers());
    claimed.extend(
        components
            .lines()
            .filter(|l| each_service && l.contains(": background worker"))
            .filter_map(|l| l.strip_prefix("*`"))
            .filter_map(|l| l.split('`').next()),
    );
    // Platform services are named `<project>[-<environment>]-<process>`.
    let matches = |file: &str, name: &str| file == name || file.ends_with(&format!("-{name}"));
    let unmatched_tdd = claimed
        .iter()
        .any(|n| !o.deployed.workers.iter().any(|f| matches(f, n)));
    let unmatched_file = o
        .deployed
        .workers
        .iter()
        .any(|f| !claimed.iter().any(|n| matches(f, n)));
    if unmatched_tdd || unmatched_file {
        found.push(says(o, "worker processes", &claimed, &o.deployed.workers));
    }
}

fn check_database_names(o: &Output, found: &mut Vec<String>) {
    let Some(engine) = o.plan["database"]["engine"].as_str() else {
        return;
    };
    // The vendors and the engines they host.
    let vendors: &[(&str, &[&str])] = &[
        ("Neon", &["postgres"]),
        ("Supabase", &["postgres"]),
        ("PlanetScale", &["mysql"]),
        ("MongoDB Atlas", &["mongodb"]),
        ("AWS RDS", &["postgres", "mysql", "mariadb"]),
    ];
    // The design's own words (the options of section 1 describe platforms in general).
    let design = [
        section(&o.tdd, "## Executive Summary"),
        section(&o.tdd, "## 2."),
        section(&o.tdd, "## 5."),
        section(&o.tdd, "## 10."),
    ]
    .join("\n");
    for (vendor, engines) in vendors {
        if design.contains(vendor) && !engines.contains(&engine) {
            let line = design.lines().find(|l| l.contains(vendor)).unwrap_or("");
            found.push(says(
                o,
                "managed database offered",
                line,
                format!("engine {engine}"),
            ));
        }
    }
}

/// The paths the TDD says are probed: the app's, and each service's of a monorepo.
fn claimed_health_paths(tdd: &str) -> Vec<String> {
    let mut paths: Vec<String> = line_after(tdd, "**Health Check Endpoint**:")
        .and_then(backticked)
        .and_then(|p| p.strip_prefix("GET "))
        .map(String::from)
        .into_iter()
        .collect();
    for l in section(tdd, "## 2.").lines() {
        if let Some(rest) = l.strip_prefix("| Health check path |") {
            paths.extend(backticked(rest).map(String::from));
        }
    }
    paths
}

fn check_health(o: &Output, found: &mut Vec<String>) {
    let claimed = claimed_health_paths(&o.tdd);
    let probes = &o.deployed.health_paths;
    // A probe the TDD does not claim must at least be described there (a load balancer's `/`).
    let health = section(&o.tdd, "## 8.");
    if probes
        .iter()
        .any(|p| !claimed.contains(p) && !health.contains(&format!("`{p}`")))
    {
        found.push(says(o, "health path", &claimed, probes));
    }
    // Platforms whose generated file carries the probe.
    let probing = [
        "render",
        "fly",
        "railway",
        "kubernetes",
        "aws-ecs",
        "cloud-run",
        "kamal",
        "digitalocean",
    ];
    if let Some(main) = claimed.first()
        && probing.contains(&o.platform.as_str())
        && !probes.contains(main)
    {
        found.push(says(o, "health path", main, probes));
    }
}

fn check_migration(o: &Output, found: &mut Vec<String>) {
    let db = section(&o.tdd, "## 5.");
    let command = line_after(db, "- Command:").and_then(backticked);
    let when = line_after(db, "- When:").unwrap_or("");
    let releases = &o.deployed.release_commands;
    match command {
        Some(c) if when.starts_with("automatically") => {
            // A service's file runs it from the service's folder (`rootDir`, its own file).
            let in_folder = c.split_once(" && ").filter(|(cd, _)| cd.starts_with("cd "));
            // Kamal hands a compound command to the server's shell as `sh -c '…'`.
            let unwrapped = |r: &String| {
                r.strip_prefix("sh -c '")
                    .and_then(|r| r.strip_suffix('\''))
                    .map(|r| r.replace("'\\''", "'"))
                    .unwrap_or_else(|| r.clone())
            };
            let same = |r: &String| {
                let r = unwrapped(r);
                r == c || in_folder.is_some_and(|(_, rest)| r == rest)
            };
            if !releases.iter().any(same) {
                found.push(says(o, "migration command", c, releases));
            }
        }
        _ if !releases.is_empty() => {
            found.push(says(o, "no release step", (command, when), releases));
        }
        _ => {}
    }
    // The checklist names the same command.
    for l in section(&o.tdd, "## 10.").lines() {
        if l.contains("Database migrations tested")
            && let Some(c) = backticked(l)
            && Some(c) != command
        {
            found.push(says(
                o,
                "migration command in the checklist",
                (c, command),
                releases,
            ));
        }
    }
}

fn check_costs(o: &Output, found: &mut Vec<String>) {
    let summary = line_after(&o.tdd, "**Estimated Cost**:").unwrap_or("");
    let costs = section(&o.tdd, "## 9.");
    let total = line_after(costs, "- **Total**:").unwrap_or("");
    if !total.contains(&format!("(range {summary})")) {
        found.push(says(o, "cost range", (summary, total), "section 9"));
    }
    // The chosen option's own cost line, when it is one of the options.
    let name = line_after(&o.tdd, "**Deployment Platform**:").unwrap_or("");
    let options = section(&o.tdd, "## 1.");
    if let Some(at) = options.find(&format!(": {name}** (Confidence"))
        && let Some(line) = line_after(&options[at..], "**Cost**: about ")
        && !line.starts_with(summary.trim_end_matches("/month"))
    {
        found.push(says(o, "the option's cost", (line, summary), "section 9"));
    }
    let table_total = costs
        .lines()
        .find_map(|l| l.strip_prefix("| **Total** | "))
        .and_then(|l| l.split(" |").next())
        .unwrap_or("");
    if !total.starts_with(&format!("{table_total}/month")) {
        found.push(says(o, "the 1x total", (total, table_total), "section 9"));
    }
    let free = costs.contains("the free tier covers the app");
    if free && !total.starts_with("$0/month") {
        found.push(says(o, "free tier", total, "a non-zero price"));
    }
}

/// A parenthesised aside of words in a shell line (`cmd (once per secret)`): prose, not shell.
fn prose_aside(line: &str) -> Option<&str> {
    let mut quoted = None;
    for (i, c) in line.char_indices() {
        match (quoted, c) {
            (None, '\'' | '"') => quoted = Some(c),
            (Some(q), _) if c == q => quoted = None,
            (None, '(') if !line[..i].ends_with('$') => {
                let aside = &line[i + 1..];
                let aside = &aside[..aside.find(')').unwrap_or(aside.len())];
                let words = aside.split_whitespace().filter(|w| w.len() > 1).count();
                if words >= 2
                    && aside
                        .chars()
                        .all(|c| c.is_alphanumeric() || " ,./_-".contains(c))
                {
                    return Some(aside);
                }
            }
            _ => {}
        }
    }
    None
}

fn check_code_blocks(o: &Output, found: &mut Vec<String>) {
    for (lang, body) in code_blocks(&o.tdd) {
        if body.trim().is_empty() {
            found.push(says(
                o,
                "a code block",
                format!("empty ```{lang} block"),
                "-",
            ));
        }
        if lang != "bash" {
            continue;
        }
        for line in body.lines().filter(|l| !l.trim_start().starts_with('#')) {
            let placeholder = ["my_app", "REPLACE_WITH", "your-", "example.com"]
                .into_iter()
                .find(|p| line.contains(p))
                .or_else(|| {
                    let open = line.find('<')?;
                    let close = line[open..].find('>')?;
                    let inner = &line[open + 1..open + close];
                    (!inner.is_empty() && !inner.contains(' ')).then_some("<…>")
                });
            if let Some(p) = placeholder {
                found.push(says(
                    o,
                    &format!("a command without placeholders ({p})"),
                    line,
                    "-",
                ));
            }
            if let Some(aside) = prose_aside(line) {
                found.push(says(
                    o,
                    "a command block holds commands, not prose",
                    (line, aside),
                    "-",
                ));
            }
        }
    }
}

fn check_kamal_and_database(o: &Output, found: &mut Vec<String>) {
    let design: String = [
        section(&o.tdd, "## Executive Summary"),
        section(&o.tdd, "## 2."),
        section(&o.tdd, "## 5."),
        section(&o.tdd, "## 10."),
    ]
    .join("\n");
    let accessory = |l: &str| {
        let l = l.to_lowercase();
        l.match_indices("accessor")
            .any(|(i, _)| !l[..i].ends_with(|c: char| c.is_alphanumeric()))
    };
    if accessory(&design) && o.deployed.accessories.is_empty() {
        let line = design.lines().find(|l| accessory(l));
        found.push(says(o, "Kamal accessories", line, "no accessories"));
    }
    let engines: Vec<&str> = o.plan["facts"]["databases"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["name"].as_str())
        .collect();
    let stores: Vec<&str> = engines.iter().copied().filter(|e| *e != "redis").collect();
    if section(&o.tdd, "## 5.").contains("No database") && !stores.is_empty() {
        found.push(says(
            o,
            "no database",
            "No database",
            format!("the scan found {stores:?}"),
        ));
    }
    let cache = section(&o.tdd, "## 2.")
        .lines()
        .find_map(|l| l.strip_prefix("- **Cache**: "));
    if cache == Some("none") && engines.contains(&"redis") {
        found.push(says(o, "no cache", "Cache: none", "the scan found redis"));
    }
}

fn check(o: &Output) -> Vec<String> {
    let mut found = Vec::new();
    check_volume(o, &mut found);
    check_workers(o, &mut found);
    check_database_names(o, &mut found);
    check_health(o, &mut found);
    check_migration(o, &mut found);
    check_costs(o, &mut found);
    check_code_blocks(o, &mut found);
    check_kamal_and_database(o, &mut found);
    found
}

/// Every app on its platforms: the first run (Render) tells a static site from a server.
fn outputs_of(app: &str, repo: &Path, scratch: &Path) -> Vec<Output> {
    let first = generate(app, repo, "render", scratch);
    let is_static = first.plan["runtime"]["processes"]
        .as_array()
        .is_none_or(|p| p.is_empty());
    let platforms = if is_static {
        STATIC_PLATFORMS
    } else {
        SERVER_PLATFORMS
    };
    let mut outputs = vec![first];
    for p in platforms.iter().filter(|p| **p != "render") {
        outputs.push(generate(app, repo, p, scratch));
    }
    outputs
}

#[test]
fn every_claim_of_the_tdd_matches_the_generated_files() {
    let apps = apps();
    assert!(apps.len() >= 30, "the corpus has {} apps", apps.len());
    let scratch = tempfile::tempdir().unwrap();
    // Two at a time: each run is one process of the binary.
    let (left, right) = apps.split_at(apps.len() / 2);
    let run = |half: &[(String, PathBuf)]| {
        let mut pairs = 0;
        let mut found = Vec::new();
        for (app, repo) in half {
            for o in outputs_of(app, repo, scratch.path()) {
                pairs += 1;
                found.extend(check(&o));
            }
        }
        (pairs, found)
    };
    let results: Vec<(usize, Vec<String>)> = std::thread::scope(|s| {
        let a = s.spawn(|| run(left));
        let b = s.spawn(|| run(right));
        vec![a.join().unwrap(), b.join().unwrap()]
    });
    let pairs: usize = results.iter().map(|(n, _)| n).sum();
    let found: Vec<String> = results.into_iter().flat_map(|(_, f)| f).collect();
    eprintln!(
        "{pairs} (app × platform) pairs checked, {} contradictions",
        found.len()
    );
    assert!(pairs >= 300, "only {pairs} pairs were checked");
    assert!(
        found.is_empty(),
        "{} contradictions in {pairs} (app × platform) pairs:\n{}",
        found.len(),
        found.join("\n")
    );
}
