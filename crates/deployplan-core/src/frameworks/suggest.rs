//! The app type a repository suggests, from the roles of its frameworks and its services.

use super::{Role, known};
use crate::answers::AppType;
use crate::facts::Facts;

use Role::*;

/// The app type the repository suggests, with the reason in words.
pub fn suggest_app_type(facts: &Facts) -> Option<(AppType, String)> {
    if let Some(suggestion) = suggest_from_services(facts) {
        return Some(suggestion);
    }
    let fws = known(facts);
    let first = |role: Role| fws.iter().find(|f| f.role == role);
    let evidence = |id: &str| {
        facts
            .frameworks
            .iter()
            .find(|d| d.name == id)
            .and_then(|d| d.evidence.first())
            .map(|e| e.path.clone())
            .unwrap_or_default()
    };
    if let Some(f) = first(FullStack) {
        return Some((
            AppType::FullStack,
            format!("{} ({})", f.name, evidence(f.id)),
        ));
    }
    match (first(Frontend), first(Api)) {
        (Some(front), Some(api)) => Some((
            AppType::FullStack,
            format!("{} frontend and {} backend", front.name, api.name),
        )),
        (None, Some(api)) => Some((
            AppType::WebApi,
            format!("{} ({})", api.name, evidence(api.id)),
        )),
        (Some(front), None) if facts.workers.is_empty() => Some((
            AppType::Frontend,
            format!("{} and no server code ({})", front.name, evidence(front.id)),
        )),
        _ if !facts.workers.is_empty() => {
            let w = &facts.workers[0];
            Some((
                AppType::Workers,
                format!("{} workers and no web framework", w.name),
            ))
        }
        _ => None,
    }
}

/// Whether every framework of the facts builds to static files (a SPA, a static site).
pub fn frontend_only(facts: &Facts) -> bool {
    let fws = known(facts);
    !fws.is_empty() && fws.iter().all(|fw| fw.role == Role::Frontend)
}

/// Several deployable services: a frontend plus one backend is still one full-stack app;
/// two or more backends are microservices.
fn suggest_from_services(facts: &Facts) -> Option<(AppType, String)> {
    if facts.services.len() < 2 {
        return None;
    }
    let paths: Vec<&str> = facts.services.iter().map(|s| s.path.as_str()).collect();
    let backends = facts
        .services
        .iter()
        .filter(|s| !frontend_only(&s.facts))
        .count();
    if backends <= 1 {
        return Some((
            AppType::FullStack,
            format!(
                "a frontend and a backend deployed together ({})",
                paths.join(", ")
            ),
        ));
    }
    Some((
        AppType::Microservices,
        format!(
            "{} deployable services ({})",
            facts.services.len(),
            paths.join(", ")
        ),
    ))
}
