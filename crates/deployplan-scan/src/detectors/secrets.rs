//! Committed secrets: dotenv files with real values for secret-looking keys, private keys,
//! cloud credentials, keystores, Rails master keys, Terraform state, well-known token shapes
//! in any text file (core's `tokens`), credentials set inline in a Procfile command, and
//! dotenv files force-added to git although `.gitignore` lists them. Records the kind, the
//! path and the line; never the value.

use deployplan_core::Facts;
use deployplan_core::facts::SecretFinding;

use super::Detector;
use super::env_vars::{assignments, is_dotenv, is_example};
use crate::index::{RepoIndex, file_name};

pub struct Secrets;

/// Key words of secret-looking keys. Connection strings (`*_URL`, `*_DSN`) count only when
/// they hold a password.
const SECRET_WORDS: &[&str] = &[
    "SECRET",
    "KEY",
    "TOKEN",
    "PASSWORD",
    "PASSWD",
    "PWD",
    "PASS",
    "CREDENTIAL",
    "PRIVATE",
    "AUTH",
    "SALT",
    "CERT",
];
const PLACEHOLDERS: &[&str] = &[
    "changeme",
    "change-me",
    "change_me",
    "your",
    "xxx",
    "<",
    "${",
    "example",
    "placeholder",
    "replace",
    "todo",
    "...",
];

/// A value that would be a secret (not empty, not a placeholder) under a secret-looking key,
/// or a connection URL with a password in it.
pub(crate) fn is_secret_value(key: &str, value: &str) -> bool {
    let v = value.trim_matches(['"', '\'']).trim();
    let lower = v.to_ascii_lowercase();
    if v.is_empty() || PLACEHOLDERS.iter().any(|p| lower.contains(p)) {
        return false;
    }
    let url_password = v.split_once("://").is_some_and(|(_, rest)| {
        rest.split('@')
            .next()
            .is_some_and(|user| rest.contains('@') && user.contains(':'))
    });
    let upper = key.to_ascii_uppercase();
    let flag = matches!(
        lower.as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off"
    ) || v.bytes().all(|b| b.is_ascii_digit());
    url_password || (!flag && v.len() >= 8 && SECRET_WORDS.iter().any(|w| upper.contains(w)))
}

/// Variables bundled into the browser code by design (`NEXT_PUBLIC_`, `VITE_` ...): public.
pub(crate) fn is_public(key: &str) -> bool {
    [
        "NEXT_PUBLIC_",
        "VITE_",
        "REACT_APP_",
        "PUBLIC_",
        "NUXT_PUBLIC_",
        "EXPO_PUBLIC_",
        "GATSBY_",
    ]
    .iter()
    .any(|p| key.starts_with(p))
}

fn finding(facts: &mut Facts, kind: &str, path: &str, line: Option<u32>) {
    facts.secrets_committed.push(SecretFinding {
        kind: kind.into(),
        path: path.into(),
        line,
    });
}

/// The first dotenv assignment of a real value to a secret-looking key, as a finding.
fn dotenv_findings(facts: &mut Facts, path: &str, text: &str) {
    let secret = |(_, k, v): &(u32, &str, &str)| !is_public(k) && is_secret_value(k, v);
    if let Some((n, _, _)) = assignments(text).find(secret) {
        finding(facts, "dotenv-with-values", path, Some(n));
    }
}

/// `KEY=value` assignments that start a command (`web: STRIPE_KEY=sk_live_... node app.js`):
/// (key, value) of each, in order.
pub(crate) fn inline_assignments(command: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    for word in command.split_whitespace() {
        let Some((key, value)) = word.split_once('=') else {
            break;
        };
        let name = !key.is_empty()
            && !key.starts_with(|c: char| c.is_ascii_digit())
            && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        if !name {
            break;
        }
        out.push((key, value));
    }
    out
}

/// Whether a command carries a credential: an inline secret assignment or a token shape.
pub(crate) fn command_has_secret(command: &str) -> bool {
    inline_assignments(command)
        .iter()
        .any(|(k, v)| !is_public(k) && is_secret_value(k, v))
        || deployplan_core::tokens::find(command).is_some()
}

/// Findings for files the walk did not see because `.gitignore` lists them, yet git tracks.
pub fn tracked_findings(facts: &mut Facts, files: &[(String, String)]) {
    for (path, text) in files {
        let name = file_name(path);
        if is_dotenv(name) && !is_example(name) {
            dotenv_findings(facts, path, text);
        }
        if let Some(t) = deployplan_core::tokens::find(text) {
            let line = crate::record::line_at(text, t.offset);
            finding(facts, t.kind, path, Some(line));
        }
    }
    dedupe(facts);
}

/// One finding per (kind, path, line), in a stable order.
fn dedupe(facts: &mut Facts) {
    let mut seen = std::collections::HashSet::new();
    facts
        .secrets_committed
        .retain(|s| seen.insert((s.kind.clone(), s.path.clone(), s.line)));
}

impl Detector for Secrets {
    fn id(&self) -> &'static str {
        "secrets"
    }

    fn detect(&self, index: &RepoIndex, facts: &mut Facts) {
        for (path, text) in index.texts() {
            let name = file_name(path);
            if !is_dotenv(name) || is_example(name) {
                continue;
            }
            dotenv_findings(facts, path, text);
        }
        if let Some(text) = index.text("Procfile") {
            for (n, line) in crate::record::numbered(text) {
                let command = line.split_once(':').map_or("", |(_, c)| c);
                if command_has_secret(command) {
                    finding(facts, "credential-in-procfile", "Procfile", Some(n));
                }
            }
        }
        let service_accounts: Vec<&str> = index
            .hits("secret:gcp-service-account")
            .map(|h| h.path.as_str())
            .collect();
        for h in index.hits_with_prefix("secret:") {
            match h.rule {
                "secret:private-key" if !service_accounts.contains(&h.path.as_str()) => {
                    finding(facts, "private-key", &h.path, Some(h.line));
                }
                "secret:gcp-service-account"
                    if index.hits("secret:private-key").any(|k| k.path == h.path) =>
                {
                    finding(facts, "cloud-credentials", &h.path, Some(h.line));
                }
                "secret:aws-credentials" => {
                    finding(facts, "cloud-credentials", &h.path, Some(h.line))
                }
                "secret:aws-access-key" if h.value != "EXAMPLE" => {
                    finding(facts, "aws-access-key", &h.path, Some(h.line));
                }
                "secret:token" => {
                    if let Some(t) = deployplan_core::tokens::find(&h.value) {
                        finding(facts, t.kind, &h.path, Some(h.line));
                    }
                }
                _ => {}
            }
        }
        for f in index.files() {
            let name = file_name(&f.path);
            let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
            let kind = match (name, ext) {
                ("master.key", _) if f.path.starts_with("config/") => "rails-master-key",
                (_, "key") if f.path.starts_with("config/credentials/") => "rails-master-key",
                (_, "p12" | "pfx" | "jks" | "keystore") => "keystore",
                (_, "tfstate") => "terraform-state",
                _ => continue,
            };
            finding(facts, kind, &f.path, None);
        }
        dedupe(facts);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_carry_kind_path_and_line_only() {
        let index = RepoIndex::from_texts(&[
            (
                ".env",
                "NODE_ENV=production\nPORT=3000\nSTRIPE_SECRET_KEY=sk_live_FAKE00000000000000\n",
            ),
            (
                ".env.example",
                "STRIPE_SECRET_KEY=sk_live_FAKE00000000000000\n",
            ),
            (".env.local", "API_TOKEN=\nPASSWORD=changeme\n"),
            (
                "deploy/key.pem",
                "-----BEGIN RSA PRIVATE KEY-----\nMIIEFAKE\n-----END RSA PRIVATE KEY-----\n",
            ),
            (
                "src/check.py",
                "if k.startswith('-----BEGIN RSA PRIVATE KEY-----'):\n    pass\n",
            ),
            ("config/master.key", "fake"),
        ]);
        let mut f = Facts::default();
        Secrets.detect(&index, &mut f);
        let got: Vec<_> = f
            .secrets_committed
            .iter()
            .map(|s| (s.kind.as_str(), s.path.as_str(), s.line))
            .collect();
        assert_eq!(
            got,
            [
                ("dotenv-with-values", ".env", Some(3)),
                // A live key's shape counts anywhere, even in an example file.
                ("stripe-live-key", ".env", Some(3)),
                ("stripe-live-key", ".env.example", Some(1)),
                ("private-key", "deploy/key.pem", Some(1)),
                ("rails-master-key", "config/master.key", None),
            ]
        );
        let public = RepoIndex::from_texts(&[(
            ".env.production",
            "NEXT_PUBLIC_MAPS_KEY=AIzaFAKEFAKEFAKE\nDEBUG=false\n",
        )]);
        let mut g = Facts::default();
        Secrets.detect(&public, &mut g);
        assert!(
            g.secrets_committed.is_empty(),
            "browser-public keys are public by design"
        );
        let json = serde_json::to_string(&f).unwrap();
        assert!(!json.contains("sk_live"), "values never reach the facts");
    }
}
