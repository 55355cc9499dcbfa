//! The environment the app's commands see: clean (the developer's own secrets stay out), with
//! the plan's settings, a throwaway value for every secret, the connection variables pointed
//! at the throwaway services, and PORT. Values of secrets are never printed or logged.

use std::io::Read;
use std::path::Path;

use deployplan_artifacts::app::App;
use deployplan_core::Plan;
use serde::Serialize;

use crate::RehearseError;
use crate::services::{RunningService, ServiceKind};

/// Variables kept from the developer's environment: where programs are, who and where the
/// user is, the locale, and nothing that could hold a credential.
const KEPT: &[&str] = &[
    "PATH", "HOME", "USER", "LOGNAME", "SHELL", "TERM", "TZ", "LANG", "TMPDIR",
];

/// Where the value of a variable came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ValueFrom {
    /// Kept from the developer's environment (PATH, HOME, the locale).
    YourEnvironment,
    /// The machine's package caches, so installs reuse them.
    Cache,
    /// Set by the rehearsal itself (no prompts, the venv, a free PORT).
    Rehearsal,
    /// A non-secret setting with the plan's value.
    PlanSetting,
    /// A random value for this run only.
    ThrowawaySecret,
    /// The URL of a throwaway server (or the person's own, `--service`).
    Service(ServiceKind),
    /// The URL of the CI test job's database.
    TestService(ServiceKind),
}

/// What the report says about one variable: its name and where its value came from, never
/// the value of a secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VarNote {
    pub name: String,
    pub value_from: ValueFrom,
}

/// The environment of the app's commands; `notes` is what the report may show.
pub struct Environment {
    pub vars: Vec<(String, String)>,
    pub notes: Vec<VarNote>,
}

impl Environment {
    fn set(&mut self, name: &str, value: String, from: ValueFrom) {
        self.vars.retain(|(k, _)| k != name);
        self.notes.retain(|n| n.name != name);
        self.vars.push((name.to_string(), value));
        self.notes.push(VarNote {
            name: name.to_string(),
            value_from: from,
        });
    }

    fn has(&self, name: &str) -> bool {
        self.vars.iter().any(|(k, _)| k == name)
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The same environment with the URLs of the CI test job's databases.
    pub fn for_tests(&self, services: &[RunningService]) -> Environment {
        let mut env = Environment {
            vars: self.vars.clone(),
            notes: self.notes.clone(),
        };
        for s in services {
            for name in s.kind.url_variables() {
                if env.has(name) {
                    env.set(name, s.test_url.clone(), ValueFrom::TestService(s.kind));
                }
            }
        }
        env
    }

    /// A copy without the variables whose values came `from` there.
    pub fn without(&self, from: ValueFrom) -> Environment {
        let dropped: Vec<&str> = self
            .notes
            .iter()
            .filter(|n| n.value_from == from)
            .map(|n| n.name.as_str())
            .collect();
        Environment {
            vars: self
                .vars
                .iter()
                .filter(|(k, _)| !dropped.contains(&k.as_str()))
                .cloned()
                .collect(),
            notes: Vec::new(),
        }
    }

    pub fn without_notes(&self) -> Environment {
        Environment {
            vars: self.vars.clone(),
            notes: Vec::new(),
        }
    }

    /// Puts `dir` first on PATH (a virtualenv's bin).
    pub fn set_by_rehearsal(&mut self, name: &str, value: String) {
        self.set(name, value, ValueFrom::Rehearsal);
    }

    pub fn prepend_path(&mut self, dir: &Path) {
        let old = self
            .get("PATH")
            .unwrap_or("/usr/local/bin:/usr/bin:/bin")
            .to_string();
        self.set(
            "PATH",
            format!("{}:{old}", dir.display()),
            ValueFrom::Rehearsal,
        );
    }
}

/// A random value for a secret, good for this run only.
fn throwaway_secret() -> Result<String, RehearseError> {
    let mut bytes = [0u8; 24];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .map_err(|e| RehearseError::io(Path::new("/dev/urandom"), "reading", e))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Names the code reads, from the scan (`facts.env_vars`) and the plan's secrets.
fn names_read(plan: &Plan) -> Vec<&str> {
    let mut names: Vec<&str> = plan
        .facts
        .env_vars
        .iter()
        .map(|v| v.name.as_str())
        .collect();
    names.extend(plan.secrets.env_vars.iter().map(|r| r.name.as_str()));
    names
}

pub fn environment(
    plan: &Plan,
    services: &[RunningService],
    port: u16,
) -> Result<Environment, RehearseError> {
    let mut env = Environment {
        vars: Vec::new(),
        notes: Vec::new(),
    };
    for (k, v) in std::env::vars_os() {
        let (Some(k), Some(v)) = (k.to_str(), v.to_str()) else {
            continue;
        };
        if KEPT.contains(&k) || k.starts_with("LC_") {
            env.set(k, v.to_string(), ValueFrom::YourEnvironment);
        }
    }
    // Installs use the machine's caches, as CI does with its cache step.
    let home = env.get("HOME").unwrap_or("/root").to_string();
    let caches = [
        ("npm_config_cache", format!("{home}/.cache/npm")),
        ("PIP_CACHE_DIR", format!("{home}/.cache/pip")),
        ("XDG_CACHE_HOME", format!("{home}/.cache")),
    ];
    for (k, default) in caches {
        let value = std::env::var(k).unwrap_or(default);
        env.set(k, value, ValueFrom::Cache);
    }
    // pip must not ask, npm must not nag: no one is there to answer.
    env.set(
        "PIP_DISABLE_PIP_VERSION_CHECK",
        "1".into(),
        ValueFrom::Rehearsal,
    );
    env.set(
        "npm_config_update_notifier",
        "false".into(),
        ValueFrom::Rehearsal,
    );
    env.set("npm_config_fund", "false".into(), ValueFrom::Rehearsal);
    env.set("npm_config_audit", "false".into(), ValueFrom::Rehearsal);

    let app = App::new(plan);
    for (name, value) in app.settings() {
        if let Some(value) = value {
            env.set(name, value.to_string(), ValueFrom::PlanSetting);
        }
    }
    for row in plan.secrets.env_vars.iter().filter(|r| r.secret) {
        env.set(&row.name, throwaway_secret()?, ValueFrom::ThrowawaySecret);
    }
    let read = names_read(plan);
    for s in services {
        for (i, name) in s.kind.url_variables().iter().enumerate() {
            if i == 0 || read.contains(name) {
                env.set(name, s.url.clone(), ValueFrom::Service(s.kind));
            }
        }
        if s.kind == ServiceKind::Postgres {
            // Drivers that read libpq's variables instead of a URL find the same server.
            if let Some((host, db_port)) = host_port(&s.url) {
                for (k, v) in [
                    ("PGHOST", host),
                    ("PGPORT", db_port),
                    ("PGUSER", "postgres".into()),
                ] {
                    if read.contains(&k) {
                        env.set(k, v, ValueFrom::Service(s.kind));
                    }
                }
            }
        }
    }
    env.set("PORT", port.to_string(), ValueFrom::Rehearsal);
    Ok(env)
}

fn host_port(url: &str) -> Option<(String, String)> {
    let rest = url.split_once("://")?.1;
    let hostport = rest.split('/').next()?.rsplit('@').next()?;
    let (h, p) = hostport.rsplit_once(':')?;
    Some((h.to_string(), p.to_string()))
}
