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
        for f in index.files_in(".github/workflows") {
            if f.path.ends_with(".yml") || f.path.ends_with(".yaml") {
                add(
                    &mut facts.ci,
                    "github-actions",
                    ev(&f.path, None, "ci/github-workflow"),
                );
            }
        }
        for (id, path) in FILES {
            if index.has(path) {
                add(&mut facts.ci, id, ev(path, None, format!("ci/file:{path}")));
            }
        }
    }
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
    }
}
