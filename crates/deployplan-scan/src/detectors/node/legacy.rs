//! Builds on webpack 4 (react-scripts before 5, Vue CLI before 5, Gatsby 2, Next.js 10,
//! Angular before 12): webpack 4 hashes with MD4, which the OpenSSL 3 of Node 17 and later
//! refuses (`ERR_OSSL_EVP_UNSUPPORTED`), so the build fails on any current Node unless it
//! runs with the legacy provider.
//! https://github.com/nodejs/node/blob/main/doc/changelogs/CHANGELOG_V17.md#openssl-30 and
//! https://github.com/webpack/webpack/issues/14532 (checked 2026-12-03)

use deployplan_core::Facts;
use serde_json::Value;

use super::ID;
use crate::index::RepoIndex;
use crate::record::{ev, line_of, set_once};

/// A dependency and the first major version whose build no longer needs the legacy provider.
const WEBPACK4_BUILDS: &[(&str, u32)] = &[
    ("react-scripts", 5),
    ("@vue/cli-service", 5),
    ("webpack", 5),
    ("gatsby", 3),
    ("next", 11),
    ("@angular-devkit/build-angular", 12),
];

/// The major version a range starts from (`^3.4.1` → 3); None for tags and URLs.
fn major(range: &str) -> Option<u32> {
    let v = range
        .trim()
        .trim_start_matches(['^', '~', '>', '=', 'v', ' ']);
    let digits: String = v.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

pub(super) fn detect(index: &RepoIndex, facts: &mut Facts) {
    for (path, text) in index.texts_named(|n| n == "package.json") {
        let Ok(pkg) = serde_json::from_str::<Value>(text) else {
            continue;
        };
        // The repository already runs its scripts with the provider.
        if text.contains("openssl-legacy-provider") {
            return;
        }
        for section in ["dependencies", "devDependencies"] {
            let Some(deps) = pkg.get(section) else {
                continue;
            };
            for (name, fixed) in WEBPACK4_BUILDS {
                let Some(range) = deps.get(*name).and_then(Value::as_str) else {
                    continue;
                };
                if major(range).is_some_and(|m| m < *fixed) {
                    set_once(
                        &mut facts.legacy_openssl_build,
                        format!("{name} {range}"),
                        ev(
                            path,
                            line_of(text, &format!("\"{name}\"")),
                            format!("{ID}/webpack4:{name}"),
                        ),
                    );
                    return;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(files: &[(&str, &str)]) -> Option<String> {
        let mut f = Facts::default();
        detect(&RepoIndex::from_texts(files), &mut f);
        f.legacy_openssl_build.map(|v| v.value)
    }

    #[test]
    fn an_old_create_react_app_in_a_nested_client() {
        let client = r#"{"dependencies": {"react": "^16.13.1", "react-scripts": "3.4.3"}}"#;
        assert_eq!(
            scan(&[("package.json", "{}"), ("frontend/package.json", client)]).as_deref(),
            Some("react-scripts 3.4.3")
        );
    }

    #[test]
    fn current_builds_and_repos_that_set_the_provider_need_nothing() {
        assert_eq!(
            scan(&[(
                "package.json",
                r#"{"dependencies": {"react-scripts": "^5.0.1"}}"#
            )]),
            None
        );
        let own = r#"{"scripts": {"build": "react-scripts --openssl-legacy-provider build"}, "dependencies": {"react-scripts": "4.0.3"}}"#;
        assert_eq!(scan(&[("package.json", own)]), None);
        assert_eq!(major("~4.0.3"), Some(4));
        assert_eq!(major("latest"), None);
    }
}
