//! The knowledge base parses, is complete, and every fact has a source and a date.

use deployplan_core::catalog::{self, Catalog, Platform};

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && s.chars()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

fn check_source(errors: &mut Vec<String>, file: &str, what: &str, source: &str, checked: &str) {
    if !source.starts_with("https://") {
        errors.push(format!(
            "{file}: {what}: source `{source}` is not an https URL"
        ));
    }
    if !is_date(checked) {
        errors.push(format!(
            "{file}: {what}: checked `{checked}` is not YYYY-MM-DD"
        ));
    }
}

fn check_platform(errors: &mut Vec<String>, file: &str, p: &Platform) {
    let c = &p.capabilities;
    for (what, cap) in c.named() {
        check_source(errors, file, what, &cap.source, &cap.checked);
    }
    check_source(
        errors,
        file,
        "regions",
        &c.regions.source,
        &c.regions.checked,
    );
    for t in &p.pricing.tiers {
        check_source(
            errors,
            file,
            &format!("tier {}", t.name),
            &t.source,
            &t.checked,
        );
    }
    let m = &p.pricing.model;
    check_source(errors, file, "pricing.model", &m.source, &m.checked);
    check_source(errors, file, "deploy", &p.deploy.source, &p.deploy.checked);
    check_source(
        errors,
        file,
        "rollback",
        &p.rollback.source,
        &p.rollback.checked,
    );
    check_source(
        errors,
        file,
        "health_check",
        &p.health_check.source,
        &p.health_check.checked,
    );
    check_source(
        errors,
        file,
        "migrations",
        &p.migrations.source,
        &p.migrations.checked,
    );
    if !p.docs_url.starts_with("https://") {
        errors.push(format!("{file}: docs_url is not an https URL"));
    }
    for (what, list) in [
        ("best_for", &p.best_for),
        ("pros", &p.pros),
        ("cons", &p.cons),
        ("deploy.commands", &p.deploy.commands),
        ("rollback.commands or dashboard", &p.rollback.commands),
    ] {
        let has_dashboard = what.starts_with("rollback") && !p.rollback.dashboard.is_empty();
        if list.is_empty() && !has_dashboard {
            errors.push(format!("{file}: {what} is empty"));
        }
    }
    if p.avoid_if.is_empty() {
        errors.push(format!("{file}: avoid_if is empty"));
    }
    if p.pricing.tiers.is_empty() {
        errors.push(format!("{file}: pricing.tiers is empty"));
    }
    let all_text = toml::to_string(p).unwrap_or_default().to_lowercase();
    if all_text.contains("copilot") && !all_text.contains("end of support") {
        errors.push(format!(
            "{file}: mentions AWS Copilot without its end of support"
        ));
    }
}

#[test]
fn every_platform_file_parses_and_cites_its_sources() {
    let mut errors = Vec::new();
    for (id, text) in catalog::PLATFORM_FILES {
        let file = format!("catalog/platforms/{id}.toml");
        match toml::from_str::<Platform>(text) {
            Ok(p) => {
                if p.id != *id {
                    errors.push(format!("{file}: id `{}` differs from the file name", p.id));
                }
                check_platform(&mut errors, &file, &p);
            }
            Err(e) => errors.push(format!("{file}: {e}")),
        }
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn every_file_in_the_platforms_folder_is_registered() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../catalog/platforms");
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .expect("catalog/platforms exists")
        .filter_map(|e| e.ok())
        .map(|e| {
            e.file_name()
                .to_string_lossy()
                .trim_end_matches(".toml")
                .to_string()
        })
        .collect();
    on_disk.sort();
    let mut registered: Vec<String> = catalog::PLATFORM_FILES
        .iter()
        .map(|(id, _)| id.to_string())
        .collect();
    registered.sort();
    assert_eq!(on_disk, registered);
}

#[test]
fn the_catalog_covers_the_workflow_and_the_issue() {
    let catalog = Catalog::load().expect("catalog loads");
    for id in [
        "vercel",
        "render",
        "railway",
        "fly",
        "digitalocean",
        "heroku",
        "aws-ecs",
        "cloud-run",
        "kubernetes",
        "netlify",
        "cloudflare",
        "azure-container-apps",
        "kamal",
    ] {
        assert!(catalog.platform(id).is_some(), "missing platform {id}");
    }
    let philosophies: std::collections::BTreeSet<_> =
        catalog.platforms.iter().map(|p| p.philosophy).collect();
    assert!(philosophies.len() >= 5, "{philosophies:?}");
}

#[test]
fn migration_tools_and_services_cite_sources() {
    let catalog = Catalog::load().expect("catalog loads");
    let mut errors = Vec::new();
    for t in &catalog.migration_tools {
        check_source(
            &mut errors,
            "migration-tools.toml",
            &t.id,
            &t.docs_url,
            &t.checked,
        );
    }
    for s in &catalog.services {
        check_source(&mut errors, "services.toml", &s.id, &s.source, &s.checked);
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    use deployplan_core::answers::{Choice, MigrationTool};
    for tool in MigrationTool::all() {
        if *tool != MigrationTool::None {
            assert!(
                catalog.migration_tool(tool.id()).is_some(),
                "no catalog entry for {}",
                tool.id()
            );
        }
    }
}
