//! Toolchains from the repository's own evidence, through the binary: apps shaped like real
//! ones (tests/apps/toolchain/*), generated for GitHub (and GitLab/Bitbucket for some), the
//! workflow parsed back and its setup steps, install and test commands and services checked;
//! then every output through the offline validators.

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use serde_json::Value;

fn apps() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/apps/toolchain")
}

/// Copies the app (the binary must not depend on the fixture's path) and generates into `out`.
fn generate(name: &str, out: &Path, extra: &[&str]) -> String {
    // Beside the outputs, not among them: the validators check only what deployplan wrote.
    let repo = out
        .parent()
        .and_then(Path::parent)
        .expect("out/<name>")
        .join("repos")
        .join(out.file_name().expect("a name"));
    copy(&apps().join(name), &repo);
    let output = Command::cargo_bin("deployplan")
        .expect("binary")
        .env("NO_COLOR", "1")
        .args(["generate", "--date", "2026-11-26", "--no-save", "--repo"])
        .arg(&repo)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{name} {extra:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr)
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        let dest = to.join(e.file_name());
        if p.is_dir() {
            copy(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

fn yaml(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The test job's steps as `uses` (action without the ref) or `run` lines, with `with`.
struct TestJob {
    steps: Vec<(String, Value)>,
    services: Vec<String>,
    env: Value,
}

fn github_test_job(out: &Path) -> TestJob {
    let wf = yaml(&out.join(".github/workflows/deploy.yml"));
    let job = &wf["jobs"]["test"];
    let steps = job["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| match s.get("uses").and_then(Value::as_str) {
            Some(u) => (
                u.split('@').next().unwrap().to_string(),
                s.get("with").cloned().unwrap_or(Value::Null),
            ),
            None => (
                format!("run: {}", s["run"].as_str().unwrap().trim()),
                Value::Null,
            ),
        })
        .collect();
    let services = job
        .get("services")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    TestJob {
        steps,
        services,
        env: job.get("env").cloned().unwrap_or(Value::Null),
    }
}

impl TestJob {
    fn uses(&self, action: &str) -> &Value {
        &self
            .steps
            .iter()
            .find(|(s, _)| s == action)
            .unwrap_or_else(|| panic!("no {action} in {:?}", self.names()))
            .1
    }
    fn runs(&self) -> Vec<&str> {
        self.steps
            .iter()
            .filter_map(|(s, _)| s.strip_prefix("run: "))
            .collect()
    }
    fn names(&self) -> Vec<&str> {
        self.steps.iter().map(|(s, _)| s.as_str()).collect()
    }
    fn position(&self, step: &str) -> usize {
        self.steps
            .iter()
            .position(|(s, _)| s == step)
            .unwrap_or_else(|| panic!("no {step} in {:?}", self.names()))
    }
}

#[test]
fn toolchains_come_from_the_repository() {
    let tmp = tempfile::tempdir().unwrap();
    let out = |n: &str| tmp.path().join("out").join(n);

    // pnpm with packageManager: pnpm/action-setup reads the version there (none repeated).
    generate("pnpm-api", &out("pnpm"), &[]);
    let j = github_test_job(&out("pnpm"));
    assert!(
        j.uses("pnpm/action-setup").is_null(),
        "{:?}",
        j.uses("pnpm/action-setup")
    );
    assert!(j.position("pnpm/action-setup") < j.position("actions/setup-node"));
    assert_eq!(j.uses("actions/setup-node")["node-version"], "20");
    assert_eq!(
        j.runs(),
        ["pnpm install --frozen-lockfile", "pnpm test", "pnpm build"]
    );

    // Yarn 4: corepack, then --immutable; no build step without a build script.
    generate("yarn4-api", &out("yarn4"), &[]);
    let j = github_test_job(&out("yarn4"));
    assert_eq!(
        j.runs(),
        ["corepack enable", "yarn install --immutable", "yarn test"]
    );

    // Bun's text lockfile: setup-bun, a frozen install, the test script through Bun.
    generate("bun-hono", &out("bun"), &[]);
    let j = github_test_job(&out("bun"));
    assert!(j.names().contains(&"oven-sh/setup-bun"), "{:?}", j.names());
    assert_eq!(j.runs(), ["bun install --frozen-lockfile", "bun run test"]);

    // npm without a lockfile: `npm install`, never `npm ci`.
    generate("npm-nolock", &out("npm"), &[]);
    let j = github_test_job(&out("npm"));
    assert_eq!(j.runs(), ["npm install", "npm test"]);

    // Next.js with npm's stub test script and no tests: no test step, and it is said.
    let said = generate("nextjs-notests", &out("next"), &[]);
    let j = github_test_job(&out("next"));
    assert_eq!(j.runs(), ["npm ci", "npm run build"]);
    assert_eq!(j.uses("actions/setup-node")["node-version"], "22.11.0");
    assert!(said.contains("has no tests"), "{said}");
    let tdd = std::fs::read_to_string(out("next").join("specs/DEPLOYMENT_TDD.md")).unwrap();
    assert!(
        tdd.contains("no test step"),
        "the TDD says there is no test step"
    );

    // uv: setup-uv (no cache), `uv sync --frozen`, pytest inside the environment.
    generate("uv-fastapi", &out("uv"), &[]);
    let j = github_test_job(&out("uv"));
    assert_eq!(j.uses("actions/setup-python")["python-version"], "3.12");
    assert_eq!(j.uses("astral-sh/setup-uv")["enable-cache"], false);
    assert_eq!(j.runs(), ["uv sync --frozen", "uv run pytest"]);

    // Poetry + Django without pytest: manage.py test in the Poetry environment, against
    // Postgres (settings name the postgresql engine).
    generate("poetry-django", &out("poetry"), &[]);
    let j = github_test_job(&out("poetry"));
    // Static files collected first: `{% static %}` in the tested pages needs them.
    assert_eq!(
        j.runs(),
        [
            "pip install poetry",
            "poetry install",
            "poetry run python manage.py collectstatic --noinput",
            "poetry run python manage.py test"
        ]
    );
    assert_eq!(j.services, ["postgres"]);
    assert_eq!(j.env["PGHOST"], "localhost");

    // Flask with a unittest suite.
    generate("flask-unittest", &out("flask"), &[]);
    let j = github_test_job(&out("flask"));
    assert_eq!(
        j.runs(),
        [
            "pip install -r requirements.txt",
            "python -m unittest discover -s tests"
        ]
    );

    // Rails: Gemfile ruby pin, bundler-cache in the test job only, the repo's own CI test
    // command and its Postgres service image, DATABASE_URL pointed at it.
    generate("rails-minitest", &out("rails"), &[]);
    let j = github_test_job(&out("rails"));
    let ruby = j.uses("ruby/setup-ruby");
    assert_eq!(ruby["ruby-version"], "3.3.6");
    assert_eq!(ruby["bundler-cache"], true);
    assert!(
        j.runs().contains(&"bin/rails db:test:prepare test"),
        "{:?}",
        j.runs()
    );
    assert_eq!(j.services, ["postgres"]);
    let wf = yaml(&out("rails").join(".github/workflows/deploy.yml"));
    let pg = &wf["jobs"]["test"]["services"]["postgres"];
    assert_eq!(pg["image"], "postgres:16-alpine");
    assert!(pg["options"].as_str().unwrap().contains("--health-cmd"));
    assert_eq!(
        j.env["DATABASE_URL"],
        "postgres://postgres:postgres@localhost:5432/app_test"
    );
    for (name, job) in wf["jobs"].as_object().unwrap() {
        if name != "test" {
            let text = serde_json::to_string(job).unwrap();
            assert!(!text.contains("bundler-cache"), "{name} caches gems");
        }
    }
    // The same app on GitLab and Bitbucket: the service and the variables there.
    generate("rails-minitest", &out("rails-gitlab"), &["--ci", "gitlab"]);
    let gl = yaml(&out("rails-gitlab").join(".gitlab-ci.yml"));
    assert_eq!(gl["test"]["image"], "ruby:3.3-bookworm");
    assert_eq!(gl["test"]["services"][0]["name"], "postgres:16-alpine");
    assert_eq!(gl["test"]["services"][0]["alias"], "postgres");
    assert_eq!(gl["test"]["variables"]["PGHOST"]["value"], "postgres");
    generate(
        "rails-minitest",
        &out("rails-bitbucket"),
        &["--ci", "bitbucket"],
    );
    let bb = yaml(&out("rails-bitbucket").join("bitbucket-pipelines.yml"));
    assert_eq!(
        bb["definitions"]["services"]["postgres"]["image"],
        "postgres:16-alpine"
    );
    let step = &bb["pipelines"]["default"][0]["step"];
    assert_eq!(step["services"][0], "postgres");
    assert!(
        step["script"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l == "bin/rails db:test:prepare test")
    );

    // Go: the version from go.mod itself.
    generate("go-api", &out("go"), &[]);
    let j = github_test_job(&out("go"));
    assert_eq!(j.uses("actions/setup-go")["go-version-file"], "go.mod");
    assert_eq!(
        j.runs(),
        ["go mod download", "go test ./...", "go build -o bin/app ."]
    );

    // Gradle with its wrapper: never ./mvnw.
    generate("gradle-spring", &out("gradle"), &["--platform", "fly"]);
    let j = github_test_job(&out("gradle"));
    assert_eq!(j.uses("actions/setup-java")["java-version"], "21");
    assert_eq!(
        j.runs(),
        [
            "./gradlew dependencies",
            "./gradlew test",
            "./gradlew build -x test"
        ]
    );
    let dockerfile = std::fs::read_to_string(out("gradle").join("Dockerfile")).unwrap();
    assert!(dockerfile.contains("FROM eclipse-temurin:21-jdk AS build"));
    assert!(!dockerfile.contains("mvnw"), "{dockerfile}");

    // Maven without a wrapper: `mvn` (on GitHub's runners), and an image that has it.
    generate(
        "maven-plain",
        &out("maven"),
        &["--ci", "gitlab", "--platform", "fly"],
    );
    let gl = yaml(&out("maven").join(".gitlab-ci.yml"));
    assert_eq!(gl["test"]["image"], "maven:3-eclipse-temurin-17");
    assert_eq!(gl["test"]["script"][0], "mvn -B dependency:go-offline");
    let dockerfile = std::fs::read_to_string(out("maven").join("Dockerfile")).unwrap();
    assert!(
        dockerfile.contains("FROM maven:3-eclipse-temurin-17 AS build"),
        "{dockerfile}"
    );
    assert!(
        dockerfile.contains("FROM eclipse-temurin:17-jre"),
        "{dockerfile}"
    );

    // .NET 8: setup-dotnet reads global.json.
    generate("dotnet8", &out("dotnet"), &[]);
    let j = github_test_job(&out("dotnet"));
    assert_eq!(
        j.uses("actions/setup-dotnet")["global-json-file"],
        "global.json"
    );
    assert!(j.runs().contains(&"dotnet test"));

    // Hugo: installed in CI at the version the repository's own workflow pins.
    generate("hugo-site", &out("hugo"), &[]);
    let j = github_test_job(&out("hugo"));
    assert_eq!(j.uses("peaceiris/actions-hugo")["hugo-version"], "0.134.3");
    assert_eq!(j.runs(), ["hugo version", "hugo --minify"]);
    assert!(!j.names().contains(&"actions/setup-node"));
    generate("hugo-site", &out("hugo-gitlab"), &["--ci", "gitlab"]);
    let gl = yaml(&out("hugo-gitlab").join(".gitlab-ci.yml"));
    let script = serde_json::to_string(&gl["test"]["script"]).unwrap();
    assert!(
        script.contains("hugo_extended_0.134.3_linux-amd64.deb"),
        "{script}"
    );

    // Jekyll: Ruby from .ruby-version, bundler, `bundle exec jekyll build`.
    generate("jekyll-site", &out("jekyll"), &[]);
    let j = github_test_job(&out("jekyll"));
    assert_eq!(j.uses("ruby/setup-ruby")["ruby-version"], "3.3.5");
    assert_eq!(j.runs(), ["bundle install", "bundle exec jekyll build"]);

    // Laravel: PHP from composer's `require.php` (^8.2).
    generate(
        "laravel-app",
        &out("laravel"),
        &["--ci", "bitbucket", "--platform", "fly"],
    );
    let dockerfile = std::fs::read_to_string(out("laravel").join("Dockerfile")).unwrap();
    assert!(
        dockerfile.contains("FROM php:8.2-cli-bookworm AS build"),
        "{dockerfile}"
    );
    assert!(dockerfile.contains("COPY --from=composer:2 /usr/bin/composer /usr/bin/composer"));
    generate("laravel-app", &out("laravel-github"), &[]);
    let j = github_test_job(&out("laravel-github"));
    assert_eq!(j.uses("shivammathur/setup-php")["php-version"], "8.2");
    assert!(j.runs().contains(&"php artisan test"));
    assert!(
        j.runs()
            .iter()
            .any(|r| r.contains("php artisan key:generate")),
        "a fresh checkout gets its .env and APP_KEY before the tests"
    );

    crate::support::run_validators(&tmp.path().join("out"));
}

/// `vercel build` runs the app's own install (`pnpm install`) on the deploy job's runner: the
/// deploy job sets up pnpm as the test job does (it had only Node, so pnpm was missing).
#[test]
fn a_deploy_job_that_builds_on_the_runner_sets_up_the_package_manager() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    crate::support::write(
        &repo,
        "package.json",
        r#"{"name": "shop", "scripts": {"build": "next build", "start": "next start"}, "dependencies": {"next": "14.2.3", "react": "18.3.1", "react-dom": "18.3.1"}, "packageManager": "pnpm@9.1.0"}"#,
    );
    crate::support::write(&repo, "pnpm-lock.yaml", "lockfileVersion: '9.0'\n");
    crate::support::write(
        &repo,
        "app/page.tsx",
        "export default function Page() { return <main />; }\n",
    );
    let out = tmp.path().join("out");
    crate::support::generate_on(&repo, &out, "vercel");
    let wf = crate::support::yaml(&out.join(".github/workflows/deploy.yml"));
    for job in ["deploy-staging", "deploy-production"] {
        let names: Vec<&str> = wf["jobs"][job]["steps"]
            .as_array()
            .unwrap_or_else(|| panic!("{job}: {wf}"))
            .iter()
            .filter_map(|s| s["name"].as_str())
            .collect();
        let pnpm = names.iter().position(|n| *n == "Set up pnpm");
        let deploy = names.iter().position(|n| n.starts_with("Deploy to"));
        assert!(pnpm.is_some() && pnpm < deploy, "{job}: {names:?}");
    }
    crate::support::run_validators(&out);
}

/// Render and DigitalOcean build from source with the service's env, `NODE_ENV=production`
/// included: npm would skip the devDependencies that hold `tsc` and `vite`. The install runs
/// with `NODE_ENV=development`, the build and the app with production.
#[test]
fn a_source_build_installs_the_dev_dependencies_its_build_needs() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    crate::support::write(
        &repo,
        "package.json",
        r#"{"name": "api", "scripts": {"build": "tsc -p .", "start": "node dist/index.js"}, "dependencies": {"express": "^4.19.2"}, "devDependencies": {"typescript": "^5.4.0"}}"#,
    );
    crate::support::write(&repo, "package-lock.json", r#"{"lockfileVersion": 3}"#);
    crate::support::write(
        &repo,
        "src/index.ts",
        "import express from 'express';\nconst app = express();\napp.get('/healthz', (_q, r) => r.send('ok'));\napp.listen(Number(process.env.PORT) || 3000);\n",
    );
    let out = tmp.path().join("out");
    crate::support::generate_on(&repo, &out.join("render"), "render");
    let render = yaml(&out.join("render/render.yaml"));
    let web = &render["projects"][0]["environments"][0]["services"][0];
    assert_eq!(
        web["buildCommand"],
        "NODE_ENV=development npm ci && npm run build"
    );
    let env: Vec<&Value> = web["envVars"].as_array().unwrap().iter().collect();
    assert!(
        env.iter()
            .any(|e| e["key"] == "NODE_ENV" && e["value"] == "production"),
        "{env:?}"
    );
    // The CI install is the repository's own: no NODE_ENV there.
    let wf = std::fs::read_to_string(out.join("render/.github/workflows/deploy.yml")).unwrap();
    assert!(!wf.contains("NODE_ENV=development"), "{wf}");
    crate::support::run_validators(&out);
}

/// A Heroku-era Django app: Python pinned in runtime.txt (which Render does not read), static
/// files collected by whitenoise's manifest storage. Render gets `PYTHON_VERSION` from the
/// pin; CI collects the static files before the tests render `{% static %}`.
#[test]
fn a_runtime_txt_pin_reaches_render_and_static_files_exist_before_the_tests() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    let w = |rel: &str, text: &str| crate::support::write(&repo, rel, text);
    w(
        "requirements.txt",
        "Django==4.2.11\ngunicorn==21.2.0\npsycopg2-binary==2.9.9\nwhitenoise==6.6.0\n",
    );
    w("runtime.txt", "python-3.11.4\n");
    w("Procfile", "web: gunicorn mysite.wsgi --log-file -\n");
    w(
        "manage.py",
        "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
    );
    w("mysite/__init__.py", "");
    w("mysite/wsgi.py", "");
    w(
        "mysite/settings.py",
        "import os\nSECRET_KEY = os.environ['SECRET_KEY']\nSTATIC_ROOT = 'staticfiles'\nSTORAGES = {'staticfiles': {'BACKEND': 'whitenoise.storage.CompressedManifestStaticFilesStorage'}}\n",
    );
    w("blog/__init__.py", "");
    w("blog/tests.py", "from django.test import TestCase\n");
    let out = tmp.path().join("out");
    crate::support::generate_on(&repo, &out, "render");
    let render = yaml(&out.join("render.yaml"));
    let web = &render["projects"][0]["environments"][0]["services"][0];
    let env = web["envVars"].as_array().unwrap();
    assert!(
        env.iter()
            .any(|e| e["key"] == "PYTHON_VERSION" && e["value"] == "3.11.4"),
        "{env:?}"
    );
    let j = github_test_job(&out);
    let runs = j.runs();
    let at = |needle: &str| runs.iter().position(|r| r.contains(needle));
    assert!(
        at("collectstatic").unwrap() < at("manage.py test").unwrap(),
        "{runs:?}"
    );
    crate::support::run_validators(&out);
}

/// A Maven wrapper committed without its executable bit (common from Windows) is refused as
/// `./mvnw` (`Permission denied`) in CI and the image: it runs as `sh ./mvnw` then, and as
/// `./mvnw` when the bit is set.
#[cfg(unix)]
#[test]
fn a_wrapper_without_its_executable_bit_runs_through_sh() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    let pom = "<project><modelVersion>4.0.0</modelVersion><groupId>x</groupId><artifactId>app</artifactId><version>1</version><parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.3.0</version></parent><dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency></dependencies></project>\n";
    crate::support::write(&repo, "pom.xml", pom);
    crate::support::write(&repo, "mvnw", "#!/bin/sh\nexec mvn \"$@\"\n");
    crate::support::write(
        &repo,
        "src/test/java/x/AppTest.java",
        "package x;\nclass AppTest {}\n",
    );
    let mode = |m: u32| {
        std::fs::set_permissions(repo.join("mvnw"), std::fs::Permissions::from_mode(m)).unwrap()
    };
    mode(0o644);
    let out = tmp.path().join("out");
    crate::support::generate_on(&repo, &out.join("plain"), "fly");
    let j = github_test_job(&out.join("plain"));
    assert!(j.runs().contains(&"sh ./mvnw -B test"), "{:?}", j.runs());
    let dockerfile = std::fs::read_to_string(out.join("plain/Dockerfile")).unwrap();
    assert!(dockerfile.contains("sh ./mvnw -B"), "{dockerfile}");
    mode(0o755);
    crate::support::generate_on(&repo, &out.join("exec"), "fly");
    let j = github_test_job(&out.join("exec"));
    assert!(j.runs().contains(&"./mvnw -B test"), "{:?}", j.runs());
    crate::support::run_validators(&out);
}

/// Go and Rust binaries run on plain Debian slim, which has no CA roots and no OpenSSL
/// library: the image installs them, or every outbound HTTPS call fails (unknown authority)
/// and a native-tls Rust binary does not start (libssl.so.3 missing).
#[test]
fn compiled_binaries_get_tls_roots_and_openssl_in_their_image() {
    let tmp = tempfile::tempdir().unwrap();
    let rust = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../deployplan-scan/tests/fixtures/actix-diesel/repo");
    for (repo, packages) in [
        (apps().join("go-api"), "ca-certificates"),
        (rust, "ca-certificates libssl3"),
    ] {
        let out = tmp.path().join(repo.file_name().unwrap());
        crate::support::generate_on(&repo, &out, "fly");
        let dockerfile = std::fs::read_to_string(out.join("Dockerfile")).unwrap();
        let runtime_stage = dockerfile.rsplit("\nFROM ").next().unwrap();
        assert!(
            runtime_stage.contains(&format!(
                "apt-get install -y --no-install-recommends {packages}"
            )),
            "{dockerfile}"
        );
        crate::support::run_validators(&out);
    }
}
