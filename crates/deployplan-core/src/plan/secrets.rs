//! Step 6, secrets: the names the platform's secret store holds (never a value), and every
//! other variable the app reads as a setting, with its production value when it is known.

use super::env;
use super::model::*;
use crate::answers::{Answers, Choice, SecretsStore};
use crate::facts::Facts;

/// What a secret is for, from its name.
fn purpose(name: &str) -> (String, Option<String>) {
    let gen_key = Some("openssl rand -hex 32".to_string());
    match name {
        "DATABASE_URL" => ("database connection string".into(), None),
        "REDIS_URL" => ("Redis connection string".into(), None),
        "SECRET_KEY" | "SECRET_KEY_BASE" | "APP_KEY" | "SESSION_SECRET" | "JWT_SECRET"
        | "NEXTAUTH_SECRET" | "AUTH_SECRET" => {
            ("application signing / encryption key".into(), gen_key)
        }
        "RAILS_MASTER_KEY" => (
            "decrypts config/credentials.yml.enc (from config/master.key, never committed)".into(),
            None,
        ),
        n if n.ends_with("_API_KEY") || n.ends_with("_KEY") || n.ends_with("_TOKEN") => (
            format!(
                "credential for {}",
                n.split('_').next().unwrap_or(n).to_lowercase()
            ),
            None,
        ),
        n if n.ends_with("_SECRET") || n.ends_with("_PASSWORD") => ("credential".into(), None),
        n if n.ends_with("_URL") || n.ends_with("_HOST") => ("service address".into(), None),
        _ => ("configuration value".into(), None),
    }
}

/// `settings`: values the plan itself sets (a switch that runs the worker in the web process).
pub fn secrets(
    a: &Answers,
    facts: &Facts,
    db: Option<&DatabasePlan>,
    settings: &[(String, String)],
) -> SecretsPlan {
    // One pass over the facts, one over the names: linear in both (100k names stay fast).
    let mut first_seen: std::collections::HashMap<&str, &crate::facts::EnvVarFact> =
        std::collections::HashMap::new();
    for v in &facts.env_vars {
        first_seen.entry(v.name.as_str()).or_insert(v);
    }
    let mut names: Vec<(String, String)> = a
        .secrets
        .names
        .iter()
        // The platform sets these itself, and the runner's and the shell's own variables are
        // never the app's to set or forward.
        .filter(|n| env::classify(n, &[]) != env::EnvClass::Provided)
        .filter(|n| !crate::answers::reserved::is_reserved(n))
        .map(|n| {
            let origin = first_seen
                .get(n.as_str())
                .and_then(|v| v.evidence.first().map(|e| format!("{}: {e}", v.source)))
                .unwrap_or_else(|| "answers".to_string());
            (n.clone(), origin)
        })
        .collect();
    let mut implied = |name: &str, why: &str| {
        if !names.iter().any(|(n, _)| n == name) {
            names.push((name.to_string(), why.to_string()));
        }
    };
    if let Some(db) = db
        && let Some(name) = &db.url_env
    {
        implied(name, &format!("implied: {} database", db.engine_name));
    }
    match db.and_then(|d| d.cache_url_env.as_deref()) {
        Some(name) => implied(name, "implied: Redis cache"),
        None if a.database.cache == crate::answers::Cache::Redis => {
            implied("REDIS_URL", "implied: Redis cache")
        }
        None => {}
    }
    let store_name = a.secrets.store.label().to_string();
    let stored_in = match a.secrets.store {
        SecretsStore::PlatformEnv => "Platform env vars",
        SecretsStore::SecretsManager => "Secrets manager",
    };
    let secrets: Vec<SecretPlan> = names
        .iter()
        .map(|(name, origin)| {
            let (purpose, generate) = purpose(name);
            SecretPlan {
                name: name.clone(),
                purpose,
                origin: origin.clone(),
                generate,
            }
        })
        .collect();
    let mut env_vars: Vec<EnvVarRow> = secrets
        .iter()
        .map(|s| EnvVarRow {
            name: s.name.clone(),
            staging: format!("staging {} (test credentials)", s.purpose),
            production: format!("production {} (live credentials)", s.purpose),
            stored_in: stored_in.to_string(),
            secret: true,
            value: None,
        })
        .collect();
    // Everything else the code reads is a setting (or the platform's own), with its value when
    // it is known. Rails, Node and Phoenix run staging in production mode too: staging should
    // behave like production, and is told apart by its own database and credentials.
    let stack = a.app.stack.or_else(|| crate::frameworks::stack_of(facts));
    let switches = env::framework_switches(stack, facts);
    let read = facts.env_vars.iter().map(|v| v.name.as_str());
    // The production settings module is set even when no code reads the variable by name.
    let django_settings = facts
        .app_entry
        .as_ref()
        .and_then(|e| e.production_settings.as_ref())
        .map(|_| "DJANGO_SETTINGS_MODULE");
    let switch_names = switches.iter().map(|(n, _)| *n).chain(django_settings);
    for name in switch_names.chain(read) {
        if env_vars.iter().any(|r| r.name == name) {
            continue;
        }
        let value = match env::classify(name, &switches) {
            env::EnvClass::Provided => continue,
            // Django's production settings module, when the repository has one beside the
            // default its manage.py sets (`config.settings.local`).
            env::EnvClass::Setting(None) if name == "DJANGO_SETTINGS_MODULE" => facts
                .app_entry
                .as_ref()
                .and_then(|e| e.production_settings.clone()),
            env::EnvClass::Setting(value) => value,
            // A credential the design's secrets do not list: `check` reports it undeclared.
            env::EnvClass::Secret => continue,
        };
        let shown = value
            .clone()
            .unwrap_or_else(|| "set per environment".to_string());
        env_vars.push(EnvVarRow {
            name: name.to_string(),
            staging: shown.clone(),
            production: shown,
            stored_in: "Platform config (not secret)".into(),
            secret: false,
            value,
        });
    }
    // The variable that puts SQLite's file on the volume is a setting with its value (a path
    // holds no credential), wherever the app's own name for it would put it.
    let mut secrets = secrets;
    let volume_setting = db.and_then(|d| d.volume.as_ref()?.setting.as_ref());
    for (name, value) in volume_setting.into_iter().chain(settings) {
        secrets.retain(|s| &s.name != name);
        env_vars.retain(|r| &r.name != name);
        env_vars.push(EnvVarRow {
            name: name.clone(),
            staging: value.clone(),
            production: value.clone(),
            stored_in: "Platform config (not secret)".into(),
            secret: false,
            value: Some(value.clone()),
        });
    }
    SecretsPlan {
        store: a.secrets.store.id().into(),
        store_name,
        secrets,
        env_vars,
    }
}
