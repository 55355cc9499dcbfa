//! Existing CI: GitHub Actions, GitLab CI, Bitbucket Pipelines, CircleCI, Jenkins (and Azure
//! Pipelines, Travis, Drone, Buildkite).

use deployplan_core::Facts;

use super::Detector;
use crate::index::RepoIndex;
use crate::record::{add, ev};

pub struct Ci;

const FILES: &[(&str, &str)] = &[
    ("gitlab-ci", ".gitlab-ci.yml"),
    ("bitbucket-pipelines", "bitbucket-pipelines.yml"),
    ("circleci", ".circleci/config.yml"),
    ("jenkins", "Jenkinsfile"),
    ("azure-pipelines", "azure-pipelines.yml"),
    ("travis-ci", ".travis.yml"),
    ("drone", ".drone.yml"),
    ("buildkite", ".buildkite/pipeline.yml"),
];

impl Detector for Ci {
    fn id(&self) -> &'static str {
        "ci"
    }

    fn detect(&self, index: &RepoIndex, facts: &mut Facts) {
        let mut files = Vec::new();
        for f in index.files_in(".github/workflows") {
            if f.path.ends_with(".yml") || f.path.ends_with(".yaml") {
                add(
                    &mut facts.ci,
                    "github-actions",
                    ev(&f.path, None, "ci/github-workflow"),
                );
                files.push(f.path.clone());
            }
        }
        for (id, path) in FILES {
            if index.has(path) {
                add(&mut facts.ci, id, ev(path, None, format!("ci/file:{path}")));
                files.push(path.to_string());
            }
        }
        for path in files {
            if let Some(text) = index.text(&path)
                && let Some((line, why)) = deploys(text)
            {
                add(
                    &mut facts.ci_deploys,
                    &path,
                    ev(&path, Some(line), format!("ci/deploys:{why}")),
                );
            }
        }
    }
}

/// What in a CI file deploys the app, and where: the first line that runs a platform's CLI
/// deploy, uses a deploy action, or names a deploy or release job.
const DEPLOY_SIGNS: &[(&str, &str)] = &[
    ("flyctl deploy", "flyctl"),
    ("fly deploy", "flyctl"),
    ("superfly/flyctl-actions", "flyctl"),
    ("vercel deploy", "vercel"),
    ("vercel --prod", "vercel"),
    ("amondnet/vercel-action", "vercel"),
    ("netlify deploy", "netlify"),
    ("nwtgck/actions-netlify", "netlify"),
    ("railway up", "railway"),
    ("render.com/deploy", "render"),
    ("api.render.com", "render"),
    ("johnbeynon/render-deploy-action", "render"),
    ("git push heroku", "heroku"),
    ("akhileshns/heroku-deploy", "heroku"),
    ("heroku container:release", "heroku"),
    ("gcloud run deploy", "cloud-run"),
    ("google-github-actions/deploy-cloudrun", "cloud-run"),
    ("aws-actions/amazon-ecs-deploy-task-definition", "aws-ecs"),
    ("aws ecs update-service", "aws-ecs"),
    ("azure/container-apps-deploy-action", "azure-container-apps"),
    ("az containerapp update", "azure-container-apps"),
    ("doctl apps", "digitalocean"),
    ("digitalocean/app_action", "digitalocean"),
    ("wrangler deploy", "cloudflare"),
    ("wrangler publish", "cloudflare"),
    ("cloudflare/wrangler-action", "cloudflare"),
    ("kamal deploy", "kamal"),
    ("kubectl apply", "kubernetes"),
    ("kubectl set image", "kubernetes"),
    ("helm upgrade", "kubernetes"),
    ("cap production deploy", "capistrano"),
    ("actions/deploy-pages", "github-pages"),
    ("peaceiris/actions-gh-pages", "github-pages"),
    ("firebase deploy", "firebase"),
    ("serverless deploy", "serverless"),
    ("sam deploy", "aws-sam"),
    ("cdk deploy", "aws-cdk"),
    ("terraform apply", "terraform"),
];

fn deploys(text: &str) -> Option<(u32, &'static str)> {
    // The top-level key a line is under: GitHub's jobs are under `jobs:`, while `on:` holds
    // triggers (`release:` there is an event, not a job).
    let mut top = "";
    for (n, line) in text.lines().enumerate() {
        let n = u32::try_from(n + 1).unwrap_or(u32::MAX);
        let t = line.trim();
        if t.starts_with('#') || t.is_empty() {
            continue;
        }
        if !line.starts_with([' ', '\t', '-']) {
            top = t.split(':').next().unwrap_or("");
        }
        let lower = t.to_ascii_lowercase();
        if let Some((_, why)) = DEPLOY_SIGNS.iter().find(|(s, _)| lower.contains(s)) {
            return Some((n, why));
        }
        // A job (GitHub `jobs:` entry, GitLab job, Bitbucket step name) called deploy/release.
        let key = lower.trim_start_matches("- ").trim_end_matches(':');
        let job = top == "jobs"
            && line.starts_with("  ")
            && !line.starts_with("      ")
            && lower.ends_with(':');
        let gitlab_job = !line.starts_with(' ') && lower.ends_with(':');
        if (job || gitlab_job) && (key.starts_with("deploy") || key.starts_with("release"))
            || lower.starts_with("stage: deploy")
            || lower.starts_with("- stage: deploy")
            || lower.starts_with("deployment:")
        {
            return Some((n, "deploy job"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ci_systems() {
        let index = RepoIndex::from_texts(&[
            (".github/workflows/ci.yml", "on: push"),
            (".github/workflows/deploy.yaml", "on: push"),
            (".gitlab-ci.yml", "test:"),
            ("Jenkinsfile", "pipeline {}"),
        ]);
        let mut f = Facts::default();
        Ci.detect(&index, &mut f);
        let ids: Vec<_> =
            f.ci.iter()
                .map(|d| (d.name.as_str(), d.evidence.len()))
                .collect();
        assert_eq!(
            ids,
            [("github-actions", 2), ("gitlab-ci", 1), ("jenkins", 1)]
        );
        assert!(
            f.ci_deploys.is_empty(),
            "no deploy step: {:?}",
            f.ci_deploys
        );
    }

    #[test]
    fn workflows_that_deploy() {
        let index = RepoIndex::from_texts(&[
            (
                ".github/workflows/ci.yml",
                "on:\n  release:\n    types: [published]\njobs:\n  test:\n    runs-on: ubuntu-latest\n",
            ),
            (
                ".github/workflows/ship.yml",
                "on: push\njobs:\n  build:\n    steps:\n      - run: flyctl deploy --remote-only\n",
            ),
            (
                ".github/workflows/release.yml",
                "on: push\njobs:\n  deploy-prod:\n    runs-on: ubuntu-latest\n",
            ),
            (
                ".gitlab-ci.yml",
                "test:\n  script: [make]\nproduction:\n  stage: deploy\n",
            ),
        ]);
        let mut f = Facts::default();
        Ci.detect(&index, &mut f);
        let found: Vec<_> = f
            .ci_deploys
            .iter()
            .map(|d| {
                (
                    d.name.as_str(),
                    d.evidence[0].line,
                    d.evidence[0].rule.as_str(),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                (
                    ".github/workflows/release.yml",
                    Some(3),
                    "ci/deploys:deploy job"
                ),
                (".github/workflows/ship.yml", Some(5), "ci/deploys:flyctl"),
                (".gitlab-ci.yml", Some(4), "ci/deploys:deploy job"),
            ]
        );
    }
}
