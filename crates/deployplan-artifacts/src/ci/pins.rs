//! Third-party GitHub Actions, each pinned to a full commit SHA with its release in a comment.
//!
//! Every SHA below was found in public repositories that pin the same action to the same
//! commit with the same version comment (several independent ones for each), and for
//! ruby/setup-ruby also in a Dependabot compare link (1.268.0 → 1.269.0). None was invented.
//! The package-manager and site-generator setups (pnpm, Bun, uv, Hugo) were checked the same
//! way on 2026-12-01: each SHA appears with the same release comment in at least three
//! independent public workflows (pnpm/action-setup also in a Renovate pinning summary).
//! Bump them together with Dependabot or Renovate (`github-actions` ecosystem).

/// `owner/repo[/path]`, commit SHA, release.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pin {
    pub action: &'static str,
    pub sha: &'static str,
    pub version: &'static str,
}

impl Pin {
    pub fn reference(&self) -> String {
        format!("{}@{}", self.action, self.sha)
    }
}

const fn pin(action: &'static str, sha: &'static str, version: &'static str) -> Pin {
    Pin {
        action,
        sha,
        version,
    }
}

pub const CHECKOUT: Pin = pin(
    "actions/checkout",
    "de0fac2e4500dabe0009e67214ff5f5447ce83dd",
    "v6.0.2",
);
pub const SETUP_NODE: Pin = pin(
    "actions/setup-node",
    "49933ea5288caeca8642d1e84afbd3f7d6820020",
    "v4.4.0",
);
pub const SETUP_PYTHON: Pin = pin(
    "actions/setup-python",
    "a26af69be951a213d495a4c3e4e4022e16d87065",
    "v5.6.0",
);
pub const SETUP_GO: Pin = pin(
    "actions/setup-go",
    "d35c59abb061a4a6fb18e82ac0862c26744d6ab5",
    "v5.5.0",
);
pub const SETUP_JAVA: Pin = pin(
    "actions/setup-java",
    "c5195efecf7bdfc987ee8bae7a71cb8b11521c00",
    "v4.7.1",
);
pub const SETUP_DOTNET: Pin = pin(
    "actions/setup-dotnet",
    "67a3573c9a986a3f9c594539f4ab511d57bb3ce9",
    "v4.3.1",
);
pub const SETUP_RUBY: Pin = pin(
    "ruby/setup-ruby",
    "8aeb6ff8030dd539317f8e1769a044873b56ea71",
    "v1.268.0",
);
pub const SETUP_PHP: Pin = pin(
    "shivammathur/setup-php",
    "bf6b4fbd49ca58e4608c9c89fba0b8d90bd2a39f",
    "2.35.5",
);
pub const SETUP_BEAM: Pin = pin(
    "erlef/setup-beam",
    "fc68ffb90438ef2936bbb3251622353b3dcb2f93",
    "v1.24.0",
);
pub const SETUP_PNPM: Pin = pin(
    "pnpm/action-setup",
    "a7487c7e89a18df4991f7f222e4898a00d66ddda",
    "v4.1.0",
);
pub const SETUP_BUN: Pin = pin(
    "oven-sh/setup-bun",
    "735343b667d3e6f658f44d0eca948eb6282f2b76",
    "v2.0.2",
);
pub const SETUP_UV: Pin = pin(
    "astral-sh/setup-uv",
    "6b9c6063abd6010835644d4c2e1bef4cf5cd0fca",
    "v6.0.1",
);
pub const SETUP_HUGO: Pin = pin(
    "peaceiris/actions-hugo",
    "75d2e84710de30f6ff7268e08f310b60ef14033f",
    "v3.0.0",
);
pub const AWS_CREDENTIALS: Pin = pin(
    "aws-actions/configure-aws-credentials",
    "b47578312673ae6fa5b5096b330d9fbac3d116df",
    "v4.2.1",
);
pub const GOOGLE_AUTH: Pin = pin(
    "google-github-actions/auth",
    "6fc4af4b145ae7821d527454aa9bd537d1f2dc5f",
    "v2.1.7",
);
pub const SETUP_GCLOUD: Pin = pin(
    "google-github-actions/setup-gcloud",
    "77e7a554d41e2ee56fc945c52dfd3f33d12def9a",
    "v2.1.4",
);
pub const AZURE_LOGIN: Pin = pin(
    "azure/login",
    "a457da9ea143d694b1b9c7c869ebb04ebe844ef5",
    "v2.3.0",
);
pub const SETUP_FLYCTL: Pin = pin(
    "superfly/flyctl-actions/setup-flyctl",
    "fc53c09e1bc3be6f54706524e3b82c4f462f77be",
    "v1.5",
);

/// Every pin, for the test that checks their shape.
pub const ALL: &[Pin] = &[
    CHECKOUT,
    SETUP_NODE,
    SETUP_PYTHON,
    SETUP_GO,
    SETUP_JAVA,
    SETUP_DOTNET,
    SETUP_RUBY,
    SETUP_PHP,
    SETUP_BEAM,
    SETUP_PNPM,
    SETUP_BUN,
    SETUP_UV,
    SETUP_HUGO,
    AWS_CREDENTIALS,
    GOOGLE_AUTH,
    SETUP_GCLOUD,
    AZURE_LOGIN,
    SETUP_FLYCTL,
];

/// Platform CLIs the pipelines run with `npx`, pinned to exact releases so a deploy never
/// picks up a new major version unannounced (versions read from the npm registry on
/// 2026-11-26; bump them with Dependabot's `npm` ecosystem or by hand).
pub const VERCEL_CLI: &str = "vercel@64.0.2";
pub const NETLIFY_CLI: &str = "netlify-cli@27.10.2";
pub const WRANGLER: &str = "wrangler@4.164.0";
pub const RAILWAY_CLI: &str = "@railway/cli@5.63.1";
/// Serves a static site's build output where the platform needs a web process (Heroku).
pub const SERVE: &str = "serve@14.2.7";

#[cfg(test)]
mod tests {
    #[test]
    fn every_pin_is_a_full_sha_with_a_version() {
        for p in super::ALL {
            assert_eq!(p.sha.len(), 40, "{}", p.action);
            assert!(
                p.sha
                    .chars()
                    .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
            );
            assert!(
                p.version
                    .chars()
                    .next()
                    .is_some_and(|c| c == 'v' || c.is_ascii_digit())
            );
        }
    }
}
