//! Backend apps whose build runs their package.json (Rails with jsbundling, Laravel with Vite):
//! the Ruby and PHP images have no Node, so the generated Dockerfile and CI add it at the
//! repository's version with its package manager; Rails precompiles for production with a
//! build-only key, and Rails 4 runs its tasks through rake. Through the binary on fixture apps
//! (tests/apps/toolchain/*), every output through the validators.

use std::path::Path;

use crate::support::{copy_dir, generate_on, read, yaml};

fn app(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/apps/toolchain")
        .join(name)
}

/// The steps of the GitHub test job: (name, run or uses).
fn test_steps(out: &Path) -> Vec<(String, String)> {
    let wf = yaml(&out.join(".github/workflows/deploy.yml"));
    wf["jobs"]["test"]["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| {
            let name = s["name"].as_str().unwrap_or_default().to_string();
            let what = s["run"].as_str().or(s["uses"].as_str()).unwrap_or_default();
            (name, what.to_string())
        })
        .collect()
}

#[test]
fn rails_with_jsbundling_gets_node_in_the_build_stage_and_ci() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    copy_dir(&app("rails-jsbundling"), &repo);
    let out = tmp.path().join("out/fly");
    generate_on(&repo, &out, "fly");
    let dockerfile = read(&out.join("Dockerfile"));
    // Node 20 from .nvmrc, copied into the Ruby build stage; Yarn (1, yarn.lock) by corepack.
    assert!(
        dockerfile.contains("FROM node:20-bookworm-slim AS node"),
        "{dockerfile}"
    );
    assert!(dockerfile.contains("COPY --from=node /usr/local/bin/node /usr/local/bin/node"));
    assert!(
        dockerfile.contains("RUN [\"/bin/sh\",\"-c\",\"corepack enable\"]"),
        "{dockerfile}"
    );
    // The runtime stage has no Node: only the build stage copies it.
    let runtime_stage = dockerfile.rsplit("\nFROM ").next().unwrap();
    assert!(!runtime_stage.contains("--from=node"), "{runtime_stage}");
    // Precompiled for production (Rails 7.1.3 from Gemfile.lock takes the dummy key), after
    // the assets are built with the lockfile's Yarn.
    assert!(
        dockerfile.contains("BUNDLE_WITHOUT=development:test RAILS_ENV=production\nCOPY . ."),
        "{dockerfile}"
    );
    assert!(
        dockerfile.contains(
            "yarn install --frozen-lockfile && yarn build && SECRET_KEY_BASE_DUMMY=1 bin/rails assets:precompile"
        ),
        "{dockerfile}"
    );
    // CI: Node 20 beside Ruby, before the install.
    let steps = test_steps(&out);
    let node = steps
        .iter()
        .position(|(n, _)| n == "Set up Node.js (asset build)")
        .unwrap_or_else(|| panic!("{steps:?}"));
    let install = steps
        .iter()
        .position(|(n, _)| n == "Install dependencies")
        .unwrap();
    assert!(node < install, "{steps:?}");
    // The assets exist before the tests render pages that include them.
    let at = |name: &str| steps.iter().position(|(n, _)| n == name).unwrap();
    assert!(at("Build") < at("Run the tests"), "{steps:?}");
    let wf = yaml(&out.join(".github/workflows/deploy.yml"));
    let setup = wf["jobs"]["test"]["steps"][node]["with"]["node-version"].clone();
    assert_eq!(setup, "20");
    crate::support::run_validators(&tmp.path().join("out"));
}

#[test]
fn laravel_with_vite_builds_its_assets_with_node_on_every_ci_host() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    copy_dir(&app("laravel-vite"), &repo);
    let out = tmp.path().join("out/fly");
    generate_on(&repo, &out, "fly");
    let dockerfile = read(&out.join("Dockerfile"));
    assert!(
        dockerfile.contains("FROM node:22-bookworm-slim AS node"),
        "{dockerfile}"
    );
    assert!(dockerfile.contains("RUN [\"/bin/sh\",\"-c\",\"npm ci && npm run build\"]"));
    // npm comes with Node: no second package manager.
    assert!(!dockerfile.contains("npm install --global"), "{dockerfile}");
    // GitLab's job image is composer:2 (Alpine): the distribution's Node before the build.
    let gitlab = tmp.path().join("out/gitlab");
    crate::support::generate_with(&repo, &gitlab, &["--platform", "fly", "--ci", "gitlab"]);
    let gl = read(&gitlab.join(".gitlab-ci.yml"));
    assert!(gl.contains("apk add --no-cache nodejs npm"), "{gl}");
    let node_at = gl.find("apk add --no-cache nodejs npm").unwrap();
    assert!(
        node_at < gl.find("npm ci && npm run build").unwrap(),
        "{gl}"
    );
    // Heroku would detect Node.js before PHP (package.json): the deploy sets Node for the
    // assets, then PHP, through the Platform API before the push.
    let heroku = tmp.path().join("out/heroku");
    generate_on(&repo, &heroku, "heroku");
    let (_, script) = crate::support::staging_deploy_step(&heroku);
    let set = script
        .find("/buildpack-installations")
        .unwrap_or_else(|| panic!("{script}"));
    assert!(set < script.find("git -c").unwrap(), "{script}");
    assert!(
        script.contains(
            r#"{\"updates\":[{\"buildpack\":\"heroku/nodejs\"},{\"buildpack\":\"heroku/php\"}]}"#
        ),
        "{script}"
    );
    let app_json: serde_json::Value =
        serde_json::from_str(&read(&heroku.join("app.json"))).unwrap();
    assert_eq!(
        app_json["buildpacks"],
        serde_json::json!([{"url": "heroku/nodejs"}, {"url": "heroku/php"}])
    );
    crate::support::run_validators(&tmp.path().join("out"));
}

#[test]
fn rails_4_runs_its_tasks_through_rake() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    copy_dir(&app("rails4-legacy"), &repo);
    let out = tmp.path().join("out/fly");
    generate_on(&repo, &out, "fly");
    let fly = read(&out.join("fly.toml"));
    assert!(
        fly.contains("release_command = \"bundle exec rake db:migrate\""),
        "{fly}"
    );
    let dockerfile = read(&out.join("Dockerfile"));
    // Rails 4 knows no SECRET_KEY_BASE_DUMMY: a throwaway key for the build stage only.
    assert!(
        dockerfile
            .contains("SECRET_KEY_BASE=assets-precompile-only bundle exec rake assets:precompile"),
        "{dockerfile}"
    );
    let steps = test_steps(&out);
    assert!(
        steps.iter().any(|(_, r)| r == "bundle exec rake test"),
        "`rails test` is Rails 5+: {steps:?}"
    );
    assert!(!fly.contains("bin/rails"), "{fly}");
    crate::support::run_validators(&tmp.path().join("out"));
}
