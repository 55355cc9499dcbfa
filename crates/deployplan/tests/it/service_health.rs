//! A monorepo service that serves no health route gets the endpoint deployplan writes for its
//! framework, inside the service's folder, on the platforms whose files probe each service on
//! its own: the probe uses its path, the TDD's checklist says how to mount it, and a service
//! that serves a route of its own keeps it. Where the files deploy no service on its own,
//! nothing is written into the services.

use std::path::{Path, PathBuf};

use crate::support::{copy_dir, generate_on, read, run_validators, write, yaml};

fn apps() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/apps/services")
}

/// The probe paths of each Kubernetes Deployment, by its container's name.
fn k8s_probes(out: &Path) -> Vec<(String, Vec<String>)> {
    let text = read(&out.join("k8s/deployment.yaml"));
    text.split("\n---")
        .filter_map(|doc| serde_saphyr::from_str::<serde_json::Value>(doc).ok())
        .filter(|d| d["kind"] == "Deployment")
        .map(|d| {
            let c = &d["spec"]["template"]["spec"]["containers"][0];
            let paths = ["readinessProbe", "livenessProbe", "startupProbe"]
                .iter()
                .filter_map(|p| c[p]["httpGet"]["path"].as_str().map(String::from))
                .collect();
            (
                d["metadata"]["name"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                paths,
            )
        })
        .collect()
}

#[test]
fn a_service_without_a_health_route_gets_an_endpoint_in_its_own_folder() {
    let tmp = tempfile::tempdir().unwrap();
    // Turborepo: the Express API serves /healthz, the Next.js app serves nothing.
    let repo = tmp.path().join("repo");
    copy_dir(&apps().join("turbo"), &repo);
    let out = tmp.path().join("out");
    generate_on(&repo, &out, "kubernetes");

    let route = out.join("apps/web/app/api/health/route.js");
    let source = read(&route);
    assert!(source.contains("export async function GET"), "{source}");
    assert!(!out.join("apps/api/src/health.ts").exists());
    let probes = k8s_probes(&out);
    let web = probes
        .iter()
        .find(|(n, _)| n.ends_with("-web"))
        .expect("web");
    let api = probes
        .iter()
        .find(|(n, _)| n.ends_with("-api"))
        .expect("api");
    assert!(
        !web.1.is_empty() && web.1.iter().all(|p| p == "/api/health"),
        "{probes:?}"
    );
    assert!(api.1.iter().all(|p| p == "/healthz"), "{probes:?}");
    let tdd = read(&out.join("specs/DEPLOYMENT_TDD.md"));
    assert!(
        tdd.contains(
            "Health endpoint of web in place: keep the generated `apps/web/app/api/health/route.js`"
        ),
        "no checklist line for the web service"
    );
    assert!(tdd.contains(
        "| Health check path (web) | `/api/health` | deployplan writes the endpoint apps/web/app/api/health/route.js (see the checklist) |"
    ));
    run_validators(&out);
}

#[test]
fn a_python_service_gets_its_endpoint_and_the_line_that_mounts_it() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    copy_dir(&apps().join("spa-fastapi"), &repo);
    // The API without its /health route.
    write(
        &repo,
        "backend/app/main.py",
        "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get(\"/items\")\ndef items():\n    return []\n",
    );
    let out = tmp.path().join("out");
    generate_on(&repo, &out, "render");

    let doc = yaml(&out.join("render.yaml"));
    let services: Vec<serde_json::Value> = doc["projects"][0]["environments"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["services"].as_array().cloned().unwrap_or_default())
        .collect();
    let backends: Vec<&serde_json::Value> = services
        .iter()
        .filter(|s| s["name"].as_str().is_some_and(|n| n.ends_with("-backend")))
        .collect();
    assert!(!backends.is_empty(), "{doc}");
    for b in &backends {
        assert_eq!(b["healthCheckPath"], "/health", "{b}");
    }
    let endpoint = std::fs::read_dir(out.join("backend/app"))
        .expect("an endpoint file in the service's folder")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "py"))
        .expect("a Python file");
    assert!(
        read(&endpoint).contains("/health"),
        "{}",
        endpoint.display()
    );
    let tdd = read(&out.join("specs/DEPLOYMENT_TDD.md"));
    let line = tdd
        .lines()
        .find(|l| l.contains("Health endpoint of backend mounted"))
        .expect("a checklist line for the backend");
    assert!(line.contains("backend/app/main.py"), "{line}");
    run_validators(&out);
}

#[test]
fn nothing_is_written_into_services_the_files_do_not_deploy_on_their_own() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    copy_dir(&apps().join("turbo"), &repo);
    let out = tmp.path().join("out");
    generate_on(&repo, &out, "vercel");
    assert!(!out.join("apps/web/app/api/health/route.js").exists());
    let tdd = read(&out.join("specs/DEPLOYMENT_TDD.md"));
    assert!(!tdd.contains("Health endpoint of web"));
}
