//! Shell snippets shared by the CI hosts: signing in to clouds by OIDC where the host has no
//! action for it, and the common script prelude. Fixed text only; values arrive as variables.

use crate::deploy::{Cloud, ServiceImage};

/// `set -euo pipefail` and the commit SHA under one name for every host.
pub fn prelude(sha_var: &str) -> Vec<String> {
    vec![
        "set -euo pipefail".into(),
        format!("COMMIT_SHA=\"${sha_var}\""),
    ]
}

/// Build and push the image to `registry_image` (a variable reference), leaving `IMAGE` set;
/// the deploy sets `DOCKERFILE`.
/// An image already pushed for this commit (by the staging deploy) is reused, so production
/// runs exactly what staging tested.
pub fn build_and_push(registry_image: &str) -> Vec<String> {
    vec![
        format!("IMAGE=\"{registry_image}:$COMMIT_SHA\""),
        "if ! docker manifest inspect \"$IMAGE\" >/dev/null 2>&1; then".into(),
        // DOCKERFILE: the repository's (`docker/Dockerfile`) or deployplan's.
        "  docker build --pull -t \"$IMAGE\" -f \"$DOCKERFILE\" .".into(),
        "  docker push \"$IMAGE\"".into(),
        "fi".into(),
    ]
}

/// Build and push every image of the deploy: the root one, or one per monorepo service
/// (`IMAGE_<VAR>` set for each), each reused when this commit's is already pushed.
pub fn build_and_push_all(registry_image: &str, images: &[ServiceImage]) -> Vec<String> {
    if images.is_empty() {
        return build_and_push(registry_image);
    }
    let mut out = Vec::new();
    for i in images {
        let v = &i.var;
        out.extend([
            format!("IMAGE_{v}=\"{registry_image}-$IMAGE_NAME_{v}:$COMMIT_SHA\""),
            format!("if ! docker manifest inspect \"$IMAGE_{v}\" >/dev/null 2>&1; then"),
            format!("  docker build --pull -t \"$IMAGE_{v}\" -f \"$IMAGE_DOCKERFILE_{v}\" \"$IMAGE_CONTEXT_{v}\""),
            format!("  docker push \"$IMAGE_{v}\""),
            "fi".into(),
        ]);
    }
    out
}

/// `cd` into a folder of the repository (a monorepo service's), from the checkout root in
/// `root_var`; the folder travels single-quoted, so nothing in it expands.
pub fn cd(root_var: &str, dir: &str) -> String {
    format!("cd \"${root_var}\"/'{}'", dir.replace('\'', "'\\''"))
}

/// Sign in with an OIDC ID token held in `token_var` (GitLab `id_tokens`, Bitbucket `oidc`).
pub fn oidc_login(cloud: Cloud, token_var: &str) -> Vec<String> {
    let mut out = vec!["TOKEN_DIR=\"$(mktemp -d)\"".to_string()];
    out.extend(match cloud {
        Cloud::Aws => vec![
            format!("printf '%s' \"${token_var}\" > \"$TOKEN_DIR/web-identity-token\""),
            "export AWS_WEB_IDENTITY_TOKEN_FILE=\"$TOKEN_DIR/web-identity-token\"".into(),
            "export AWS_ROLE_ARN AWS_REGION".into(),
            "export AWS_ROLE_SESSION_NAME=\"ci-$COMMIT_SHA\"".into(),
            "aws sts get-caller-identity".into(),
        ],
        Cloud::Google => vec![
            format!("printf '%s' \"${token_var}\" > \"$TOKEN_DIR/oidc-token\""),
            "gcloud iam workload-identity-pools create-cred-config \"$WIF_PROVIDER\" --service-account=\"$WIF_SERVICE_ACCOUNT\" --credential-source-file=\"$TOKEN_DIR/oidc-token\" --output-file=\"$TOKEN_DIR/gcp-credentials.json\"".into(),
            "gcloud auth login --cred-file=\"$TOKEN_DIR/gcp-credentials.json\"".into(),
        ],
        Cloud::Azure => vec![
            format!("az login --service-principal --username \"$AZURE_CLIENT_ID\" --tenant \"$AZURE_TENANT_ID\" --federated-token \"${token_var}\""),
            "az account set --subscription \"$AZURE_SUBSCRIPTION_ID\"".into(),
        ],
    });
    out
}
