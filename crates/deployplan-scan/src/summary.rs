//! The human summary of `deployplan scan`: each fact with the file (and line) that proves it.

use std::fmt::Write;

use deployplan_core::Facts;
use deployplan_core::facts::{Detected, Evidence};

fn cite(e: &[Evidence]) -> String {
    match e.first() {
        Some(e) => format!(" ({e})"),
        None => String::new(),
    }
}

fn detected(list: &[Detected]) -> String {
    list.iter()
        .map(|d| format!("{}{}", d.name, cite(&d.evidence)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn line(out: &mut String, indent: &str, label: &str, value: &str) {
    if !value.is_empty() {
        let _ = writeln!(out, "{indent}{label:<18}{value}");
    }
}

fn body(out: &mut String, f: &Facts, indent: &str) {
    let total: u64 = f.languages.iter().map(|l| l.bytes).sum::<u64>().max(1);
    let langs = f
        .languages
        .iter()
        .take(5)
        .map(|l| {
            let s = if l.files == 1 { "" } else { "s" };
            format!(
                "{} {}% ({} file{s})",
                l.name,
                l.bytes * 100 / total,
                l.files
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    line(out, indent, "Languages", &langs);
    line(out, indent, "Frameworks", &detected(&f.frameworks));
    line(
        out,
        indent,
        "Package managers",
        &detected(&f.package_managers),
    );
    let runtimes = f
        .runtime_versions
        .iter()
        .map(|r| format!("{} {}{}", r.runtime, r.version, cite(&r.evidence)))
        .collect::<Vec<_>>()
        .join(", ");
    line(out, indent, "Runtimes", &runtimes);
    let tools = f
        .tool_versions
        .iter()
        .map(|r| format!("{} {}{}", r.runtime, r.version, cite(&r.evidence)))
        .collect::<Vec<_>>()
        .join(", ");
    line(out, indent, "Tool versions", &tools);
    if !f.package_managers.is_empty() || !f.frameworks.is_empty() {
        let tests = match f.tests.first() {
            Some(t) => format!("yes ({t})"),
            None => "none found: no test step will be generated".to_string(),
        };
        line(out, indent, "Tests", &tests);
    }
    let services = f
        .test_services
        .iter()
        .map(|s| {
            let image = s
                .image
                .as_deref()
                .map(|i| format!(" {i}"))
                .unwrap_or_default();
            format!("{}{image}{}", s.name, cite(&s.evidence))
        })
        .collect::<Vec<_>>()
        .join(", ");
    line(out, indent, "Test services", &services);
    if let Some(d) = &f.dockerfile {
        line(out, indent, "Dockerfile", &d.value);
    }
    if let Some(c) = &f.compose {
        line(
            out,
            indent,
            "Compose",
            &format!("{} (services: {})", c.path, c.services.join(", ")),
        );
    }
    let procs = f
        .procfile
        .iter()
        .map(|p| format!("{}: {}", p.name, p.command))
        .collect::<Vec<_>>()
        .join("; ");
    line(out, indent, "Procfile", &procs);
    line(out, indent, "Databases", &detected(&f.databases));
    if let Some(m) = &f.migration_tool {
        line(
            out,
            indent,
            "Migrations",
            &format!("{}: `{}`{}", m.name, m.command, cite(&m.evidence)),
        );
    }
    line(out, indent, "Workers", &detected(&f.workers));
    line(out, indent, "Schedules", &detected(&f.schedules));
    line(out, indent, "Websockets", &detected(&f.websockets));
    if let Some(p) = &f.port {
        line(
            out,
            indent,
            "Port",
            &format!("{}{}", p.value, cite(&p.evidence)),
        );
    }
    if let Some(r) = f.health_route() {
        line(
            out,
            indent,
            "Health route",
            &format!("{} ({}){}", r.path, r.kind, cite(&r.evidence)),
        );
    }
    let c = &f.commands;
    for (label, cmd) in [
        ("Install", &c.install),
        ("Test", &c.test),
        ("Build", &c.build),
        ("Start", &c.start),
    ] {
        if let Some(v) = cmd {
            line(
                out,
                indent,
                label,
                &format!("`{}`{}", v.value, cite(&v.evidence)),
            );
        }
    }
}

/// What the scan found, one fact a line with its evidence, then services, then skipped files.
pub fn summary(facts: &Facts) -> String {
    let mut out = String::new();
    if facts.files_scanned == 0 {
        out.push_str("No files found (empty folder, or everything is ignored).\n");
    }
    body(&mut out, facts, "");
    if let Some(r) = &facts.code_host {
        let host = match r.host {
            deployplan_core::facts::CodeHost::Github => "GitHub",
            deployplan_core::facts::CodeHost::Gitlab => "GitLab",
            deployplan_core::facts::CodeHost::Bitbucket => "Bitbucket",
        };
        line(
            &mut out,
            "",
            "Code host",
            &format!(
                "{host} {}{}",
                r.slug,
                cite(std::slice::from_ref(&r.evidence))
            ),
        );
    }
    if !facts.env_vars.is_empty() {
        let names = facts
            .env_vars
            .iter()
            .map(|e| e.name.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        line(
            &mut out,
            "",
            "Env vars",
            &format!("{} ({names})", facts.env_vars.len()),
        );
    }
    for s in &facts.secrets_committed {
        let at = s.line.map_or(s.path.clone(), |l| format!("{}:{l}", s.path));
        line(
            &mut out,
            "",
            "COMMITTED SECRET",
            &format!("{} in {at}", s.kind),
        );
    }
    line(&mut out, "", "CI", &detected(&facts.ci));
    line(
        &mut out,
        "",
        "Platform configs",
        &detected(&facts.platform_configs),
    );
    if let Some(m) = &facts.monorepo {
        line(
            &mut out,
            "",
            "Monorepo",
            &format!("{}{}", m.value, cite(&m.evidence)),
        );
    }
    if !facts.services.is_empty() {
        let _ = writeln!(out, "Services ({}):", facts.services.len());
        for s in &facts.services {
            let _ = writeln!(out, "  {} ({})", s.name, s.path);
            body(&mut out, &s.facts, "    ");
        }
    }
    let k = &facts.skipped;
    let _ = write!(
        out,
        "Scanned {} files, read {}",
        facts.files_scanned, facts.files_read
    );
    let skipped: Vec<String> = [
        (k.unreadable, "unreadable"),
        (k.binary, "binary"),
        (k.too_large, "too large"),
        (k.symlink_loops, "symlink loops"),
        (k.non_utf8_names, "non-UTF-8 names"),
        (k.generated, "generated by deployplan"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    if skipped.is_empty() {
        out.push_str(", skipped none\n");
    } else {
        let _ = writeln!(out, ", skipped {}", skipped.join(", "));
    }
    out
}
