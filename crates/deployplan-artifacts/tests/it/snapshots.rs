//! Snapshots of every generated file for a representative set of plans. A change in output
//! shows up as a reviewable diff (`cargo insta review`, or INSTA_UPDATE=always to accept).

use deployplan_core::answers::{CiProvider, EnvironmentStrategy, Stack};

use crate::support::Case;

fn snapshot(name: &str, case: Case) {
    let plan = case.plan();
    let files = deployplan_artifacts::render(&plan).expect("render");
    let again = deployplan_artifacts::render(&plan).expect("render");
    assert_eq!(files, again, "render is deterministic");
    let mut text = String::new();
    for f in &files {
        text.push_str(&format!(
            "=== {} — {}\n{}\n",
            f.path, f.description, f.contents
        ));
    }
    insta::assert_snapshot!(name, text);
}

#[test]
fn render_with_github() {
    let mut c = Case::new("render", CiProvider::Github);
    c.workers = true;
    c.environments = EnvironmentStrategy::PreviewStagingProduction;
    snapshot("render_github", c);
}

#[test]
fn fly_with_gitlab() {
    let mut c = Case::new("fly", CiProvider::Gitlab);
    c.stack = Stack::Python;
    c.workers = true;
    snapshot("fly_gitlab", c);
}

#[test]
fn kubernetes_with_github() {
    let mut c = Case::new("kubernetes", CiProvider::Github);
    c.stack = Stack::Go;
    c.environments = EnvironmentStrategy::DevStagingProduction;
    snapshot("kubernetes_github", c);
}

#[test]
fn aws_ecs_with_github() {
    let mut c = Case::new("aws-ecs", CiProvider::Github);
    c.stack = Stack::Ruby;
    c.workers = true;
    snapshot("aws_ecs_github", c);
}

#[test]
fn vercel_with_bitbucket() {
    let mut c = Case::new("vercel", CiProvider::Bitbucket);
    c.environments = EnvironmentStrategy::PreviewStagingProduction;
    snapshot("vercel_bitbucket", c);
}

#[test]
fn cloud_run_with_bitbucket_production_only() {
    let mut c = Case::new("cloud-run", CiProvider::Bitbucket);
    c.stack = Stack::Java;
    c.environments = EnvironmentStrategy::Production;
    c.health = true;
    snapshot("cloud_run_bitbucket", c);
}

#[test]
fn kamal_with_manual_deploys() {
    let mut c = Case::new("kamal", CiProvider::Manual);
    c.stack = Stack::Ruby;
    c.workers = true;
    snapshot("kamal_manual", c);
}

#[test]
fn netlify_with_gitlab() {
    let mut c = Case::new("netlify", CiProvider::Gitlab);
    c.database = false;
    snapshot("netlify_gitlab", c);
}

#[test]
fn cloudflare_with_github() {
    let mut c = Case::new("cloudflare", CiProvider::Github);
    c.database = false;
    c.environments = EnvironmentStrategy::PreviewStagingProduction;
    snapshot("cloudflare_github", c);
}

#[test]
fn railway_with_github() {
    let mut c = Case::new("railway", CiProvider::Github);
    c.stack = Stack::Python;
    c.workers = true;
    snapshot("railway_github", c);
}

#[test]
fn heroku_with_gitlab() {
    let mut c = Case::new("heroku", CiProvider::Gitlab);
    c.stack = Stack::Ruby;
    c.workers = true;
    snapshot("heroku_gitlab", c);
}

#[test]
fn digitalocean_with_bitbucket() {
    let mut c = Case::new("digitalocean", CiProvider::Bitbucket);
    c.stack = Stack::Php;
    snapshot("digitalocean_bitbucket", c);
}

#[test]
fn azure_container_apps_with_github() {
    let mut c = Case::new("azure-container-apps", CiProvider::Github);
    c.stack = Stack::Dotnet;
    c.environments = EnvironmentStrategy::DevStagingProduction;
    snapshot("azure_container_apps_github", c);
}
