//! The one list of variables that belong to the CI runner, the shell or a language runtime,
//! never to the app: they are refused as secret names (flags and answers file), never forwarded
//! to a deploy step or a container, and never reported by the scanner as the app's config.
//!
//! Sources:
//! - GitHub Actions default environment variables ("Store information in variables" /
//!   variables reference): <https://docs.github.com/en/actions/reference/variables-reference#default-environment-variables>
//!   (GitHub also forbids secret names that begin with `GITHUB_`:
//!   <https://docs.github.com/en/actions/security-for-github-actions/security-guides/using-secrets-in-github-actions#naming-your-secrets>)
//! - GitLab CI/CD predefined variables: <https://docs.gitlab.com/ci/variables/predefined_variables/>
//! - Bitbucket Pipelines default variables: <https://support.atlassian.com/bitbucket-cloud/docs/variables-and-secrets/>
//! - Shell and loader variables: bash(1) (`BASH_ENV`, `ENV`, `IFS`, ...), ld.so(8)
//!   (`LD_PRELOAD`, `LD_LIBRARY_PATH`, `LD_AUDIT`), and the runtimes' own option variables
//!   (`NODE_OPTIONS`, `PYTHONPATH`, `PYTHONBREAKPOINT`, `RUBYOPT`, `PERL5OPT`, `JAVA_TOOL_OPTIONS`).

use std::borrow::Cow;

/// GitHub Actions' default variables (and its automatic token).
const GITHUB: &[&str] = &[
    "GITHUB_TOKEN",
    "GITHUB_ACTION",
    "GITHUB_ACTION_PATH",
    "GITHUB_ACTION_REPOSITORY",
    "GITHUB_ACTIONS",
    "GITHUB_ACTOR",
    "GITHUB_ACTOR_ID",
    "GITHUB_API_URL",
    "GITHUB_BASE_REF",
    "GITHUB_ENV",
    "GITHUB_EVENT_NAME",
    "GITHUB_EVENT_PATH",
    "GITHUB_GRAPHQL_URL",
    "GITHUB_HEAD_REF",
    "GITHUB_JOB",
    "GITHUB_OUTPUT",
    "GITHUB_PATH",
    "GITHUB_REF",
    "GITHUB_REF_NAME",
    "GITHUB_REF_PROTECTED",
    "GITHUB_REF_TYPE",
    "GITHUB_REPOSITORY",
    "GITHUB_REPOSITORY_ID",
    "GITHUB_REPOSITORY_OWNER",
    "GITHUB_REPOSITORY_OWNER_ID",
    "GITHUB_RETENTION_DAYS",
    "GITHUB_RUN_ATTEMPT",
    "GITHUB_RUN_ID",
    "GITHUB_RUN_NUMBER",
    "GITHUB_SERVER_URL",
    "GITHUB_SHA",
    "GITHUB_STATE",
    "GITHUB_STEP_SUMMARY",
    "GITHUB_TRIGGERING_ACTOR",
    "GITHUB_WORKFLOW",
    "GITHUB_WORKFLOW_REF",
    "GITHUB_WORKFLOW_SHA",
    "GITHUB_WORKSPACE",
];

/// Other CI hosts' single names (their families are prefixes below).
const CI: &[&str] = &[
    "CI",
    "GITLAB_CI",
    "GITLAB_USER_LOGIN",
    "CIRCLECI",
    "BUILD_ID",
];

/// The shell's, the loader's and the runtimes' own variables.
const SHELL: &[&str] = &[
    "HOME",
    "PATH",
    "SHELL",
    "PWD",
    "OLDPWD",
    "USER",
    "LOGNAME",
    "HOSTNAME",
    "TERM",
    "TMPDIR",
    "LANG",
    "IFS",
    "PS1",
    "PS2",
    "PS4",
    "ENV",
    "BASH_ENV",
    "BASHOPTS",
    "SHELLOPTS",
    "CDPATH",
    "PROMPT_COMMAND",
    "LD_PRELOAD",
    "LD_LIBRARY_PATH",
    "LD_AUDIT",
    "DYLD_INSERT_LIBRARIES",
    "DYLD_LIBRARY_PATH",
    "NODE_OPTIONS",
    "PYTHONPATH",
    "PYTHONHOME",
    "PYTHONSTARTUP",
    "PYTHONBREAKPOINT",
    "PYTHONINSPECT",
    "PERL5OPT",
    "PERL5LIB",
    "RUBYOPT",
    "RUBYLIB",
    "JAVA_TOOL_OPTIONS",
    "_JAVA_OPTIONS",
    "GIT_SSH_COMMAND",
    "GIT_ASKPASS",
    "GIT_DIR",
    "GIT_EXEC_PATH",
];

/// Whole families: GitHub's runner and actions internals, GitLab's `CI_*`, Bitbucket's.
const PREFIXES: &[(&str, &str)] = &[
    ("RUNNER_", "the GitHub Actions runner"),
    ("ACTIONS_", "the GitHub Actions runner"),
    ("CI_", "GitLab CI/CD"),
    ("BITBUCKET_", "Bitbucket Pipelines"),
];

/// Who sets `name` when it is one of theirs (for the refusal message), else None.
pub fn owner(name: &str) -> Option<&'static str> {
    if GITHUB.contains(&name) {
        return Some("the GitHub Actions runner");
    }
    if CI.contains(&name) {
        return Some("the CI runner");
    }
    if SHELL.contains(&name) {
        return Some("the shell or the language runtime");
    }
    PREFIXES
        .iter()
        .find(|(p, _)| name.starts_with(p))
        .map(|(_, who)| *who)
}

/// Whether `name` belongs to the runner, the shell or a runtime (never the app's to set).
pub fn is_reserved(name: &str) -> bool {
    owner(name).is_some()
}

/// The name a CI host stores an app secret under. GitHub refuses secret names beginning with
/// `GITHUB_`, so an app's own `GITHUB_CLIENT_SECRET` is stored as `APP_GITHUB_CLIENT_SECRET`
/// and mapped back in the workflow (`GITHUB_CLIENT_SECRET: ${{ secrets.APP_GITHUB_CLIENT_SECRET }}`).
pub fn ci_secret_name<'a>(provider: &str, name: &'a str) -> Cow<'a, str> {
    if provider == "github" && name.starts_with("GITHUB_") {
        Cow::Owned(format!("APP_{name}"))
    } else {
        Cow::Borrowed(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runner_and_shell_names_are_reserved_app_names_are_not() {
        for n in [
            "GITHUB_TOKEN",
            "GITHUB_ENV",
            "BASH_ENV",
            "LD_PRELOAD",
            "NODE_OPTIONS",
            "CI_JOB_TOKEN",
            "RUNNER_TEMP",
            "BITBUCKET_COMMIT",
            "PATH",
        ] {
            assert!(is_reserved(n), "{n}");
        }
        for n in [
            "GITHUB_CLIENT_SECRET",
            "GITHUB_ID",
            "DATABASE_URL",
            "CIRCLE_X",
            "APP_ENV",
        ] {
            assert!(!is_reserved(n), "{n}");
        }
        assert_eq!(
            ci_secret_name("github", "GITHUB_CLIENT_SECRET"),
            "APP_GITHUB_CLIENT_SECRET"
        );
        assert_eq!(
            ci_secret_name("gitlab", "GITHUB_CLIENT_SECRET"),
            "GITHUB_CLIENT_SECRET"
        );
    }
}
