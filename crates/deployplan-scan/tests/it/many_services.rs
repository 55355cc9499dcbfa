//! A monorepo of 300 workspace packages, built at test time: every deployable package is found
//! as a service, with exactly its own files and env vars (never a neighbour's whose path starts
//! the same, `apps/app_1` beside `apps/app_10` and `apps/app_1-admin`), libraries and test
//! folders are not services, and the root gathers what they all found. Correctness only: the
//! cost of the scan is measured by scripts/bench-scan.sh, never timed here.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use deployplan_scan::scan;

fn write(root: &Path, path: &str, contents: &str) {
    let p = root.join(path);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, contents).unwrap();
}

/// What one service should hold.
#[derive(Debug, Default)]
struct Expected {
    files: u64,
    env: Vec<String>,
    framework: &'static str,
    dockerfile: bool,
}

#[test]
fn three_hundred_packages_each_get_their_own_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "package.json",
        r#"{"name":"mono","private":true,"workspaces":["apps/*","packages/*","services/*"]}"#,
    );
    write(root, "pnpm-lock.yaml", "lockfileVersion: '9.0'\n");
    write(root, ".env.example", "SHARED_TOKEN=\n");
    let mut expected: BTreeMap<String, Expected> = BTreeMap::new();

    // 200 Node apps, apps/app_0 .. apps/app_199 (unpadded: app_1 is a prefix of app_10 and
    // app_100), each with 1 to 5 source files, one env var per file, a Dockerfile in one in
    // seven. The first ten also have an `app_N-admin` sibling, which sorts between `app_N` and
    // `app_N/` ('-' < '/').
    for n in 0..200 {
        let base = format!("apps/app_{n}");
        write(
            root,
            &format!("{base}/package.json"),
            r#"{"name":"x","scripts":{"start":"node src/index.js"},"dependencies":{"express":"4"}}"#,
        );
        let mut e = Expected {
            files: 1,
            framework: "express",
            ..Expected::default()
        };
        for k in 0..(n % 5 + 1) {
            let var = format!("APP_{n}_VAR_{k}");
            write(
                root,
                &format!("{base}/src/m{k}/f{k}.js"),
                &format!("const v = process.env.{var};\n"),
            );
            e.env.push(var);
            e.files += 1;
        }
        if n % 7 == 0 {
            write(root, &format!("{base}/Dockerfile"), "FROM node:20\n");
            e.dockerfile = true;
            e.files += 1;
        }
        if n < 10 {
            let admin = format!("apps/app_{n}-admin");
            write(
                root,
                &format!("{admin}/package.json"),
                r#"{"name":"y","scripts":{"start":"next start"},"dependencies":{"next":"14"}}"#,
            );
            let var = format!("ADMIN_{n}_URL");
            write(
                root,
                &format!("{admin}/pages/index.js"),
                &format!("export const u = process.env.{var};\n"),
            );
            expected.insert(
                admin,
                Expected {
                    files: 2,
                    env: vec![var],
                    framework: "nextjs",
                    dockerfile: false,
                },
            );
        }
        // Test and nested folders inside an app are its files, not services of their own.
        if n % 50 == 3 {
            write(
                root,
                &format!("{base}/e2e/package.json"),
                r#"{"name":"e2e"}"#,
            );
            write(
                root,
                &format!("{base}/tools/gen/package.json"),
                r#"{"name":"gen","dependencies":{"express":"4"}}"#,
            );
            e.files += 2;
        }
        e.env.sort();
        expected.insert(base, e);
    }
    // 60 published libraries: workspace members, but no service.
    for n in 0..60 {
        let base = format!("packages/lib_{n}");
        write(
            root,
            &format!("{base}/package.json"),
            r#"{"name":"@m/lib","exports":"./index.js","types":"./index.d.ts"}"#,
        );
        write(
            root,
            &format!("{base}/index.js"),
            &format!("module.exports = process.env.LIB_{n};\n"),
        );
    }
    // 30 Python services under services/, one named like an app (`api`: both get long names).
    for n in 0..30 {
        let name = if n == 0 {
            "app_0".to_string()
        } else {
            format!("py_{n}")
        };
        let base = format!("services/{name}");
        write(root, &format!("{base}/requirements.txt"), "flask==3.0\n");
        let var = format!("PY_{n}_SETTING");
        write(
            root,
            &format!("{base}/app.py"),
            &format!(
                "import os\nfrom flask import Flask\napp = Flask(__name__)\nv = os.environ['{var}']\n"
            ),
        );
        expected.insert(
            base,
            Expected {
                files: 2,
                env: vec![var],
                framework: "flask",
                dockerfile: false,
            },
        );
    }

    let facts = scan(root).unwrap();

    let paths: Vec<&str> = facts.services.iter().map(|s| s.path.as_str()).collect();
    let want: Vec<&str> = expected.keys().map(String::as_str).collect();
    assert_eq!(paths, want, "the deployable members, sorted, no library");
    assert_eq!(facts.services.len(), 240);
    for s in &facts.services {
        let e = &expected[&s.path];
        let f = &s.facts;
        assert_eq!(f.files_scanned, e.files, "files of {}", s.path);
        let env: Vec<&str> = f.env_vars.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(env, e.env, "env vars of {}", s.path);
        for v in &f.env_vars {
            for ev in &v.evidence {
                assert!(
                    ev.path.starts_with(&format!("{}/", s.path)),
                    "{} cites {}",
                    s.path,
                    ev.path
                );
            }
        }
        let fws: Vec<&str> = f.frameworks.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(fws, [e.framework], "frameworks of {}", s.path);
        assert_eq!(
            f.dockerfile.as_ref().map(|d| d.value.clone()),
            e.dockerfile.then(|| format!("{}/Dockerfile", s.path)),
            "Dockerfile of {}",
            s.path
        );
    }
    let by_path = |p: &str| facts.services.iter().find(|s| s.path == p).unwrap();
    assert_eq!(by_path("apps/app_0").name, "apps-app_0");
    assert_eq!(by_path("services/app_0").name, "services-app_0");
    assert_eq!(by_path("apps/app_10").name, "app_10");
    assert_eq!(by_path("apps/app_1-admin").name, "app_1-admin");
    // A Node service's lockfile is the monorepo's.
    assert!(
        by_path("apps/app_42").facts.package_managers[0]
            .evidence
            .iter()
            .any(|e| e.path == "pnpm-lock.yaml")
    );

    // The root gathers every service's env vars, the libraries' and its own.
    let root_env: Vec<&str> = facts.env_vars.iter().map(|v| v.name.as_str()).collect();
    for e in expected.values() {
        for var in &e.env {
            assert!(root_env.contains(&var.as_str()), "root lacks {var}");
        }
    }
    assert!(root_env.contains(&"LIB_7"));
    assert!(root_env.contains(&"SHARED_TOKEN"));
    let mut fws: Vec<&str> = facts.frameworks.iter().map(|d| d.name.as_str()).collect();
    fws.sort();
    assert_eq!(fws, ["express", "flask", "nextjs"]);
}

#[test]
fn a_root_app_beside_many_services_holds_only_its_own_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "package.json",
        r#"{"name":"site","workspaces":["services/*"],"scripts":{"start":"next start"},"dependencies":{"next":"14"}}"#,
    );
    write(root, "next.config.js", "module.exports = {};\n");
    write(
        root,
        "pages/index.js",
        "export const u = process.env.SITE_URL;\n",
    );
    for n in 0..50 {
        write(
            root,
            &format!("services/svc_{n}/package.json"),
            r#"{"name":"s","scripts":{"start":"node index.js"},"dependencies":{"express":"4"}}"#,
        );
        write(
            root,
            &format!("services/svc_{n}/index.js"),
            &format!("const v = process.env.SVC_{n}_KEY;\n"),
        );
    }

    let facts = scan(root).unwrap();

    assert_eq!(facts.services.len(), 51);
    let own = &facts.services.iter().find(|s| s.path == ".").unwrap().facts;
    let env: Vec<&str> = own.env_vars.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(
        env,
        ["SITE_URL"],
        "the root app's own env vars, no service's"
    );
    assert_eq!(own.files_scanned, 3);
    let fws: Vec<&str> = own.frameworks.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(fws, ["nextjs"]);
    // The root facts still gather everything.
    assert_eq!(facts.env_vars.len(), 51);
    assert_eq!(facts.files_scanned, 103);
}
