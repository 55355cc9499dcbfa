//! Static sites are served from the folder their build writes: the build tool's config when it
//! names one (Vite's `outDir`, Eleventy's `output`), else the generator's own (Gatsby
//! `public/`, Docusaurus `build/`), listed as an assumption. Was: `dist/` for every one of them,
//! an empty deploy. Through the binary, every output through the validators.

use std::path::Path;

use crate::support::{generate_on, generate_with, read, write, yaml};

fn site(repo: &Path, package: &str, files: &[(&str, &str)]) {
    write(repo, "package.json", package);
    write(repo, "package-lock.json", r#"{"lockfileVersion": 3}"#);
    for (rel, text) in files {
        write(repo, rel, text);
    }
}

#[test]
fn each_site_is_published_from_the_folder_its_build_writes() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");

    let gatsby = tmp.path().join("gatsby");
    site(
        &gatsby,
        r#"{"name": "blog", "scripts": {"build": "gatsby build"}, "dependencies": {"gatsby": "^5.13.0", "react": "^18.3.1"}}"#,
        &[("gatsby-config.js", "module.exports = {};\n")],
    );
    generate_on(&gatsby, &out.join("gatsby"), "netlify");
    let netlify = read(&out.join("gatsby/netlify.toml"));
    assert!(netlify.contains("publish = \"public\""), "{netlify}");
    let tdd = read(&out.join("gatsby/specs/DEPLOYMENT_TDD.md"));
    assert!(
        tdd.contains("| Build output folder | `public` | Gatsby writes the site to public/"),
        "the convention is an assumption to confirm"
    );

    let docs = tmp.path().join("docs");
    site(
        &docs,
        r#"{"name": "docs", "scripts": {"build": "docusaurus build", "start": "docusaurus start"}, "dependencies": {"@docusaurus/core": "3.4.0", "react": "^18.3.1"}}"#,
        &[(
            "docusaurus.config.js",
            "module.exports = { title: 'Docs' };\n",
        )],
    );
    generate_on(&docs, &out.join("docs"), "cloudflare");
    let wrangler = read(&out.join("docs/wrangler.toml"));
    assert!(
        wrangler.contains("pages_build_output_dir = \"build\""),
        "{wrangler}"
    );

    // The repository's own config moves Vite's output: that folder, with its line.
    let vite = tmp.path().join("vite");
    site(
        &vite,
        r#"{"name": "spa", "scripts": {"build": "vite build"}, "dependencies": {"react": "^18.3.1"}, "devDependencies": {"vite": "^5.2.0"}}"#,
        &[
            (
                "vite.config.ts",
                "import { defineConfig } from 'vite';\nexport default defineConfig({\n  build: {\n    outDir: 'www',\n  },\n});\n",
            ),
            ("index.html", "<div id=\"root\"></div>\n"),
        ],
    );
    generate_on(&vite, &out.join("vite"), "render");
    let render = read(&out.join("vite/render.yaml"));
    assert!(render.contains("staticPublishPath: ./www"), "{render}");
    let tdd = read(&out.join("vite/specs/DEPLOYMENT_TDD.md"));
    assert!(
        tdd.contains("| Build output folder | `www` | the repository shows (vite.config.ts:4)"),
        "{}",
        output_folder_rows(&tdd)
    );
    crate::support::run_validators(&out);
}

/// Next.js with `output: 'export'` builds plain files to `out/` (or its `distDir`), which
/// `next start` refuses to serve: a static site, published from there. Was: Netlify published
/// `dist/` and Render ran `next start` (both deploys fail).
#[test]
fn a_next_static_export_is_published_from_out() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let next = tmp.path().join("next");
    site(
        &next,
        r#"{"name": "site", "private": true, "scripts": {"build": "next build", "start": "next start"}, "dependencies": {"next": "14.2.5", "react": "18.3.1", "react-dom": "18.3.1"}}"#,
        &[
            (
                "next.config.js",
                "/** @type {import('next').NextConfig} */\nmodule.exports = {\n  output: 'export',\n  images: { unoptimized: true },\n};\n",
            ),
            (
                "app/page.js",
                "export default function Page() { return <h1>Hi</h1>; }\n",
            ),
        ],
    );
    generate_on(&next, &out.join("netlify"), "netlify");
    let netlify = read(&out.join("netlify/netlify.toml"));
    assert!(netlify.contains("publish = \"out\""), "{netlify}");
    generate_on(&next, &out.join("render"), "render");
    let render = read(&out.join("render/render.yaml"));
    assert!(
        render.contains("runtime: static") && render.contains("staticPublishPath: ./out"),
        "{render}"
    );
    assert!(!render.contains("next start"), "{render}");
    let tdd = read(&out.join("render/specs/DEPLOYMENT_TDD.md"));
    assert!(
        tdd.contains("| Build output folder | `out` | the repository shows (next.config.js:3)"),
        "{}",
        output_folder_rows(&tdd)
    );
    crate::support::run_validators(&out);
}

/// A Hugo site whose theme is a git submodule, pinned by the Hugo starter workflow's
/// `env: HUGO_VERSION`. Every checkout fetches the submodule (else the theme folder is empty
/// and `hugo` fails), and the deploy jobs that build on the runner (wrangler after the build
/// command, `netlify deploy --build`, `vercel build`) install Hugo first. Was: no submodules,
/// and a deploy job with Node only, so `hugo` was not found.
#[test]
fn a_hugo_site_with_a_theme_submodule_builds_in_every_job() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let repo = tmp.path().join("blog");
    write(
        &repo,
        "hugo.toml",
        "baseURL = 'https://example.org/'\ntitle = 'Blog'\ntheme = 'PaperMod'\n",
    );
    write(
        &repo,
        ".gitmodules",
        "[submodule \"themes/PaperMod\"]\n\tpath = themes/PaperMod\n\turl = https://github.com/adityatelange/hugo-PaperMod.git\n",
    );
    write(
        &repo,
        "content/posts/first.md",
        "---\ntitle: First\n---\nHello.\n",
    );
    write(
        &repo,
        ".github/workflows/hugo.yml",
        "name: Deploy Hugo site to Pages\non:\n  push:\n    branches: [main]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    env:\n      HUGO_VERSION: 0.128.0\n    steps:\n      - run: wget -O ${{ runner.temp }}/hugo.deb https://github.com/gohugoio/hugo/releases/download/v${HUGO_VERSION}/hugo_extended_${HUGO_VERSION}_linux-amd64.deb\n",
    );
    for platform in ["cloudflare", "netlify", "vercel"] {
        generate_on(&repo, &out.join(platform), platform);
        let wf = yaml(&out.join(platform).join(".github/workflows/deploy.yml"));
        for (job, body) in wf["jobs"].as_object().unwrap() {
            let steps = body["steps"].as_array().unwrap();
            assert_eq!(
                steps[0]["with"]["submodules"], "recursive",
                "{platform} {job}"
            );
            let hugo = steps
                .iter()
                .find(|s| {
                    s["uses"]
                        .as_str()
                        .is_some_and(|u| u.starts_with("peaceiris/actions-hugo@"))
                })
                .unwrap_or_else(|| panic!("{platform} {job}: no Hugo: {steps:?}"));
            assert_eq!(hugo["with"]["hugo-version"], "0.128.0", "{platform} {job}");
        }
    }
    generate_with(
        &repo,
        &out.join("gitlab"),
        &["--ci", "gitlab", "--platform", "netlify"],
    );
    let gl = yaml(&out.join("gitlab/.gitlab-ci.yml"));
    assert_eq!(
        gl["variables"]["GIT_SUBMODULE_STRATEGY"]["value"],
        "recursive"
    );
    let deploy = serde_json::to_string(&gl["deploy-production"]["script"]).unwrap();
    assert!(
        deploy.contains("hugo_extended_0.128.0_linux-amd64.deb"),
        "{deploy}"
    );
    // Bitbucket cannot be told to fetch them: the person is told, by name.
    let warnings = generate_with(
        &repo,
        &out.join("bitbucket"),
        &["--ci", "bitbucket", "--platform", "netlify"],
    );
    assert!(
        warnings.contains("git submodules (themes/PaperMod)"),
        "{warnings}"
    );
    crate::support::run_validators(&out);
}

/// A single-page app that navigates with a client-side router (react-router-dom here) has
/// paths that are no files: each static host answers them with `index.html` (Render's
/// rewrite, Netlify's 200 redirect, Vercel's rewrite, App Platform's catch-all, nginx's
/// `try_files` in the image), listed in the TDD with the dependency that shows it. An SPA
/// without a router gets none. Was: a deep link or a reload was a 404 on every host but
/// Cloudflare Pages.
#[test]
fn a_single_page_app_with_a_router_serves_index_html_for_its_paths() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let spa = tmp.path().join("spa");
    let package = |router: &str| {
        format!(
            r#"{{"name": "dashboard", "private": true, "scripts": {{"build": "vite build"}}, "dependencies": {{"react": "^18.3.1", "react-dom": "^18.3.1"{router}}}, "devDependencies": {{"vite": "^5.2.0"}}}}"#
        )
    };
    site(
        &spa,
        &package(r#", "react-router-dom": "^6.26.0""#),
        &[("index.html", "<div id=\"root\"></div>\n")],
    );
    for platform in ["render", "netlify", "vercel", "digitalocean", "kubernetes"] {
        generate_on(&spa, &out.join(platform), platform);
    }
    let render = yaml(&out.join("render/render.yaml"));
    let site_service = &render["projects"][0]["environments"][0]["services"][0];
    assert_eq!(
        site_service["routes"][0]["type"], "rewrite",
        "{site_service}"
    );
    assert_eq!(site_service["routes"][0]["source"], "/*");
    assert_eq!(site_service["routes"][0]["destination"], "/index.html");
    // The pipeline deploys it through its deploy hook, after the tests: not on every push too.
    assert_eq!(site_service["autoDeployTrigger"], "off");
    let netlify = read(&out.join("netlify/netlify.toml"));
    assert!(
        netlify.contains("[[redirects]]\nfrom = \"/*\"\nto = \"/index.html\"\nstatus = 200"),
        "{netlify}"
    );
    let vercel: serde_json::Value =
        serde_json::from_str(&read(&out.join("vercel/vercel.json"))).unwrap();
    assert_eq!(
        vercel["rewrites"][0]["destination"], "/index.html",
        "{vercel}"
    );
    let app_spec = yaml(&out.join("digitalocean/.do/app.yaml"));
    assert_eq!(
        app_spec["static_sites"][0]["catchall_document"],
        "index.html"
    );
    let dockerfile = read(&out.join("kubernetes/Dockerfile"));
    assert!(
        dockerfile.contains("try_files $uri $uri/ /index.html;"),
        "{dockerfile}"
    );
    let tdd = read(&out.join("render/specs/DEPLOYMENT_TDD.md"));
    assert!(
        tdd.contains(
            "| Single-page app fallback | `/index.html` | the repository shows (package.json:"
        ),
        "{tdd}"
    );

    // No router: one page, no fallback.
    let plain = tmp.path().join("plain");
    site(
        &plain,
        &package(""),
        &[("index.html", "<div id=\"root\"></div>\n")],
    );
    generate_on(&plain, &out.join("plain-render"), "render");
    let render = read(&out.join("plain-render/render.yaml"));
    assert!(!render.contains("routes:"), "{render}");
    generate_on(&plain, &out.join("plain-netlify"), "netlify");
    assert!(!read(&out.join("plain-netlify/netlify.toml")).contains("redirects"));
    crate::support::run_validators(&out);
}

/// The same for a monorepo's frontend (a MERN-shaped repository: `backend/` Express,
/// `frontend/` a Vite SPA with its router): the frontend service gets the fallback, with the
/// evidence in its own folder.
#[test]
fn a_monorepo_frontend_with_a_router_gets_its_fallback() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("mern");
    write(
        &repo,
        "backend/package.json",
        r#"{"name": "backend", "scripts": {"start": "node server.js"}, "dependencies": {"express": "^4.18.2", "mongoose": "^7.0.3"}}"#,
    );
    write(
        &repo,
        "backend/package-lock.json",
        r#"{"lockfileVersion": 3}"#,
    );
    write(
        &repo,
        "backend/server.js",
        "const express = require('express');\nconst app = express();\napp.get('/api/ping', (req, res) => res.json({ ok: true }));\nconst PORT = process.env.PORT || 5000;\napp.listen(PORT);\n",
    );
    write(
        &repo,
        "frontend/package.json",
        r#"{"name": "frontend", "private": true, "scripts": {"build": "vite build"}, "dependencies": {"react": "^18.2.0", "react-dom": "^18.2.0", "react-router-dom": "^6.10.0"}, "devDependencies": {"vite": "^4.2.0"}}"#,
    );
    write(
        &repo,
        "frontend/package-lock.json",
        r#"{"lockfileVersion": 3}"#,
    );
    write(&repo, "frontend/index.html", "<div id=\"root\"></div>\n");
    let out = tmp.path().join("out");
    generate_on(&repo, &out.join("render"), "render");
    let render = yaml(&out.join("render/render.yaml"));
    let services = render["projects"][0]["environments"][0]["services"]
        .as_array()
        .unwrap();
    let frontend = services
        .iter()
        .find(|s| s["runtime"] == "static")
        .expect("the frontend is a static site");
    assert_eq!(
        frontend["routes"][0]["destination"], "/index.html",
        "{frontend}"
    );
    assert_eq!(frontend["autoDeployTrigger"], "off");
    let backend = services.iter().find(|s| s["runtime"] == "node").unwrap();
    assert!(backend.get("routes").is_none(), "{backend}");
    let tdd = read(&out.join("render/specs/DEPLOYMENT_TDD.md"));
    assert!(
        tdd.contains("| Single-page app fallback (frontend) | `/index.html` | the repository shows (frontend/package.json:1) |"),
        "{tdd}"
    );
    crate::support::run_validators(&out);
}

/// The TDD's rows about the build output folder, for a failing assertion's message.
fn output_folder_rows(tdd: &str) -> String {
    tdd.lines()
        .filter(|l| l.contains("output folder"))
        .collect::<Vec<_>>()
        .join("\n")
}
