//! Where SQLite's file lives on the platform, so that it is on the persistent volume: the
//! volume is mounted on the file's own folder when the repository keeps it in one of its own
//! (Rails 8's `storage/`), else at `/data` with the variable the app reads the location from
//! set to point there (`DATABASE_URL=sqlite3:/data/production.sqlite3`). When the app reads
//! no variable and keeps the file beside its code, nothing the files can set moves it: the
//! plan says so instead of claiming a persistent database.

use super::model::{DatabasePlan, ProcessKind, Runtime, Volume, Warning};
use crate::answers::Stack;
use crate::catalog::{Platform, PlatformId, Support};
use crate::facts::Facts;
use crate::provenance::{PlanValue, Provenance, from_evidence};

/// Where Render's native runtimes run the checkout (the repository's root).
/// Source: https://render.com/docs/disks ("use a path your app already writes to"); native
/// services build and run in /opt/render/project/src (checked 2026-12-03).
const RENDER_NATIVE_ROOT: &str = "/opt/render/project/src";

/// The folder deployplan's own Dockerfile copies the app to (`WORKDIR /app`), which Railway's
/// Railpack builder uses too.
const IMAGE_ROOT: &str = "/app";

/// Where the volume goes when the file's own folder cannot take it.
const DATA: &str = "/data";

/// The stacks Render builds and runs natively (no image): their runtime's checkout is the
/// app's folder.
pub fn render_native(stack: Stack) -> bool {
    matches!(
        stack,
        Stack::Node | Stack::Python | Stack::Ruby | Stack::Go | Stack::Elixir | Stack::Rust
    )
}

/// The app's folder when it runs on `p`: Render's native checkout, the repository's
/// Dockerfile's WORKDIR (unknown when it sets none), or deployplan's image's `/app`.
fn app_root(p: &Platform, facts: &Facts, runtime: &Runtime) -> Option<String> {
    let stack = runtime.stack;
    if p.id == PlatformId::Render && render_native(stack) {
        return Some(RENDER_NATIVE_ROOT.to_string());
    }
    match &runtime.dockerfile {
        Some(_) => facts.dockerfile_workdir.as_ref().map(|w| w.value.clone()),
        None => Some(IMAGE_ROOT.to_string()),
    }
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The mount, the file on it, and the variable that points the app there.
struct Placement {
    mount_path: String,
    file: Option<String>,
    setting: Option<(String, String)>,
    why: String,
}

fn placement(p: &Platform, facts: &Facts, runtime: &Runtime) -> Placement {
    let Some(found) = &facts.sqlite_file else {
        return Placement {
            mount_path: DATA.into(),
            file: None,
            setting: None,
            why: "the repository does not say where the SQLite file is: keep it under /data".into(),
        };
    };
    let f = &found.value;
    let at = found
        .evidence
        .first()
        .map(|e| e.to_string())
        .unwrap_or_default();
    let folder = f
        .path
        .as_deref()
        .and_then(|p| p.rsplit_once('/'))
        .map(|(dir, _)| dir);
    if let (Some(dir), false, Some(root)) = (folder, f.folder_shared, app_root(p, facts, runtime)) {
        let root = root.trim_end_matches('/');
        let path = f.path.as_deref().unwrap_or_default();
        return Placement {
            mount_path: format!("{root}/{dir}"),
            file: Some(format!("{root}/{path}")),
            setting: None,
            why: format!("the volume is mounted on the file's own folder `{dir}/` ({at})"),
        };
    }
    if let Some(var) = &f.variable {
        let name = f.path.as_deref().map_or("app.sqlite3", file_name);
        let file = format!("{DATA}/{name}");
        return Placement {
            mount_path: DATA.into(),
            setting: Some((var.clone(), f.form.value(&file))),
            file: Some(file),
            why: format!("the app reads the file's location from `{var}` ({at}), set to it"),
        };
    }
    Placement {
        mount_path: DATA.into(),
        file: None,
        setting: None,
        why: format!(
            "the app keeps its SQLite file at `{}` ({at}), beside its code, and reads no variable for it: a volume cannot be mounted there; read its path from a variable (e.g. `SQLITE_PATH`) and set it to a file under /data",
            f.path.as_deref().unwrap_or("?")
        ),
    }
}

/// The SQLite file's volume on `p`: one the generated file declares (Render, Fly.io), one the
/// person attaches by hand (the others with disks), or none (serverless).
pub fn volume(p: &Platform, facts: &Facts, runtime: &Runtime) -> Option<Volume> {
    if p.capabilities.persistent_disk.value == Support::No {
        return None;
    }
    let place = placement(p, facts, runtime);
    let mount = &place.mount_path;
    let (in_files, how) = match p.id {
        PlatformId::Render => (true, "declared in render.yaml as the web service's `disk:` (1 GB); a service with a disk runs one instance, and a deploy restarts it with a short downtime".to_string()),
        PlatformId::Fly => (true, "declared in fly.toml `[mounts]` as volume `data`; create it once before the first deploy: `fly volumes create data --size 1 --region iad`; one machine per volume".to_string()),
        PlatformId::Kamal => (true, "declared in config/deploy.yml `volumes:` as a Docker volume on the server (one per environment); it lives on that one server".to_string()),
        PlatformId::Railway => (false, format!("attach it by hand: `railway volume add --mount-path {mount}` (railway.json cannot declare volumes)")),
        _ => (false, format!("attach it by hand in {}: the generated files do not declare a volume", p.name)),
    };
    Some(Volume {
        mount_path: place.mount_path,
        in_files,
        how,
        file: place.file,
        setting: place.setting,
        placement: place.why,
    })
}

fn runs_solid_queue(command: &str) -> bool {
    command.contains("solid_queue") || command.contains("bin/jobs")
}

/// Workers beside SQLite on a volume. A worker runs as its own service or machine on every
/// platform with volumes, and the volume is the web service's alone: the worker would open a
/// file of its own, empty, and its jobs would never meet the web's. Puma's `plugin
/// :solid_queue` (the repository's `config/puma.rb`) runs Solid Queue inside the web process
/// instead: its worker goes, and the plugin's switch is set. Any other worker is warned of.
/// Returns the settings to add and the warnings.
pub fn workers(
    runtime: &mut Runtime,
    db: Option<&DatabasePlan>,
    facts: &Facts,
) -> (Vec<(String, String)>, Vec<Warning>) {
    let volume = db.and_then(|d| d.volume.as_ref());
    let has_workers = runtime
        .processes
        .iter()
        .any(|p| p.kind == ProcessKind::Worker);
    if volume.is_none() || !has_workers {
        return (Vec::new(), Vec::new());
    }
    let mut settings = Vec::new();
    if let Some(in_web) = &facts.worker_in_web {
        let before = runtime.processes.len();
        runtime.processes.retain(|p| {
            p.kind != ProcessKind::Worker || !p.command.as_deref().is_some_and(runs_solid_queue)
        });
        if runtime.processes.len() < before {
            let at = in_web
                .evidence
                .first()
                .map(|e| e.to_string())
                .unwrap_or_default();
            runtime
                .sources
                .retain(|p| p.value != PlanValue::WorkerCommand);
            runtime.sources.push(Provenance::new(
                PlanValue::WorkerCommand,
                "none: Solid Queue runs inside Puma",
                from_evidence(&in_web.evidence, "Puma's solid_queue plugin"),
            ));
            runtime.evidence.push(format!(
                "worker: Solid Queue runs inside the web process ({at}), which alone can open the SQLite file on the volume"
            ));
            if let Some(switch) = &in_web.value {
                settings.push((switch.clone(), "true".to_string()));
            }
        }
    }
    let apart: Vec<&str> = runtime
        .processes
        .iter()
        .filter(|p| p.kind == ProcessKind::Worker)
        .map(|p| p.name.as_str())
        .collect();
    let warnings = if apart.is_empty() {
        Vec::new()
    } else {
        vec![Warning {
            code: "sqlite-worker-apart".into(),
            message: format!(
                "the worker(s) {} run as their own service, which cannot open the SQLite file on the web service's volume: run the jobs inside the web process, or move to a database server (PostgreSQL) before relying on them",
                apart.join(", ")
            ),
        }]
    };
    (settings, warnings)
}

/// SQLite's migrations run where its file is: in the web process, right before the server.
/// Every platform's release step runs in a temporary instance without the volume (Render's
/// pre-deploy command, Railway's pre-deploy command, Fly's `release_command`), where it would
/// migrate a throwaway copy and leave the real file behind.
/// Sources: https://docs.railway.com/deployments/pre-deploy-command ("no volumes"),
/// https://render.com/articles/how-render-handles-zero-downtime-deploys (a separate temporary
/// environment), https://fly.io/docs/reference/configuration/#run-one-off-commands-before-releasing-a-deployment
/// (checked 2026-12-03).
pub fn migrate_at_start(runtime: &mut Runtime, db: Option<&mut DatabasePlan>) {
    let Some(db) = db.filter(|d| d.engine == "sqlite" && d.volume.is_some() && d.migrations_auto)
    else {
        return;
    };
    let Some(web) = runtime
        .processes
        .iter_mut()
        .find(|p| p.kind == ProcessKind::Web)
    else {
        return;
    };
    let (Some(start), Some(migrate)) = (web.command.clone(), db.migrate_command.take()) else {
        return;
    };
    let command = format!("{migrate} && {start}");
    web.command = Some(command.clone());
    runtime.start_command = Some(command.clone());
    if let Some(p) = runtime
        .sources
        .iter_mut()
        .find(|p| p.value == PlanValue::StartCommand)
    {
        p.shown = command;
    }
    if let Some(source) = db.migrate_source.clone() {
        runtime.sources.push(Provenance::new(
            PlanValue::MigrationCommand,
            migrate.clone(),
            source,
        ));
    }
    runtime.evidence.push(format!(
        "start command: runs `{migrate}` first, beside the SQLite file on the volume"
    ));
    db.migrates_at_startup = Some(format!(
        "the web process runs `{migrate}` before it starts the server, where the volume is"
    ));
    db.hook =
        "none: the web process migrates when it starts (a release step runs without the volume)"
            .into();
    db.hook_caveats = vec![format!(
        "The release step of the platform runs in a temporary instance without the volume: it would migrate a throwaway copy of the SQLite file, so `{migrate}` runs at the start of the web process instead"
    )];
}
