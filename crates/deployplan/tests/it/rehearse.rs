//! `deployplan rehearse` through the binary, on real files, with real servers and processes.
//!
//! Tiny commands (`python3 -m http.server`) so that these run in the normal suite; the fixture
//! apps are in `rehearse_apps`. Every test needs the tools it uses and fails, saying which
//! package to install, when one is missing.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use assert_cmd::cargo::CommandCargoExt;

/// A temporary folder that the rehearsal uses as TMPDIR, so a test can see what it left.
/// Mode 0755: PostgreSQL, run as its own account under root, must pass through it.
pub(crate) fn scratch() -> tempfile::TempDir {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::Builder::new()
        .prefix("rehearse-it-")
        .tempdir_in("/tmp")
        .expect("temp dir");
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    dir
}

pub(crate) fn require(program: &str, package: &str) {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .is_ok_and(|o| o.status.success());
    let postgres_dir = program == "initdb"
        && std::fs::read_dir("/usr/lib/postgresql").is_ok_and(|mut d| d.next().is_some());
    assert!(
        found || postgres_dir,
        "this test needs `{program}`: apt-get install {package} (.ci/run installs it)"
    );
}

fn deployplan(tmpdir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("deployplan").expect("binary built");
    cmd.env("NO_COLOR", "1").env("TMPDIR", tmpdir);
    cmd
}

pub(crate) fn rehearse(tmpdir: &Path, repo: &Path, extra: &[&str]) -> Output {
    deployplan(tmpdir)
        .arg("rehearse")
        .arg(repo)
        .args(extra)
        .stdin(Stdio::null())
        .output()
        .expect("runs")
}

pub(crate) fn text(o: &Output) -> String {
    format!(
        "status {:?}\n--- stdout\n{}\n--- stderr\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A repository with only a deployplan.toml: answers that set every command.
fn tiny_repo(root: &Path, answers: &str) -> PathBuf {
    let repo = root.join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    std::fs::write(repo.join("deployplan.toml"), answers).unwrap();
    std::fs::write(repo.join("README.md"), "# tiny\n").unwrap();
    repo
}

/// Answers for a stack without a venv, serving `health_path` with Python's http.server.
fn answers(start: &str, health_path: &str, database: &str, extra_app: &str) -> String {
    format!(
        r#"[context]
app_type = "web-api"
[database]
engine = "{database}"
tool = "none"
[health]
enabled = true
path = "{health_path}"
[app]
stack = "node"
install_command = "true"
build_command = "echo built"
start_command = "{start}"
{extra_app}
"#
    )
}

const SERVE: &str = "exec python3 -m http.server $PORT --bind 127.0.0.1";

/// An app that refuses to start unless DATABASE_URL points at a server that answers.
const CONNECT_THEN_SERVE: &str = "python3 -c 'import os,socket,urllib.parse as u; p=u.urlparse(os.environ[\\\"DATABASE_URL\\\"]); socket.create_connection((p.hostname,p.port)).close()' && exec python3 -m http.server $PORT --bind 127.0.0.1";

/// Folders and processes the rehearsal left behind under `tmpdir`.
fn leftovers(tmpdir: &Path) -> (Vec<String>, Vec<String>) {
    let folders = std::fs::read_dir(tmpdir)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    let mut processes = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        if let Ok(cwd) = std::fs::read_link(entry.path().join("cwd"))
            && cwd.starts_with(tmpdir)
        {
            let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
            processes.push(String::from_utf8_lossy(&cmdline).replace('\0', " "));
        }
    }
    (folders, processes)
}

pub(crate) fn assert_clean(tmpdir: &Path) {
    let (folders, processes) = leftovers(tmpdir);
    assert!(processes.is_empty(), "processes left: {processes:?}");
    assert!(folders.is_empty(), "folders left in TMPDIR: {folders:?}");
}

fn listing(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for e in ignore::WalkBuilder::new(dir)
        .hidden(false)
        .build()
        .flatten()
    {
        if e.file_type().is_some_and(|t| t.is_file()) {
            out.push((e.path().to_path_buf(), std::fs::read(e.path()).unwrap()));
        }
    }
    out.sort();
    out
}

#[test]
fn rehearse_runs_the_plan_and_leaves_nothing_behind() {
    require("python3", "python3");
    let tmp = scratch();
    let work = tempfile::tempdir().unwrap();
    let repo = tiny_repo(work.path(), &answers(SERVE, "/", "none", ""));
    let before = listing(&repo);
    let out = rehearse(tmp.path(), &repo, &[]);
    let report = text(&out);
    assert_eq!(out.status.code(), Some(0), "{report}");
    for line in [
        "install ",
        "build ",
        "echo built",
        "start web",
        "health /",
        "GET / answered 200",
        "rehearsal passed",
        "you said",
    ] {
        assert!(report.contains(line), "missing {line:?}: {report}");
    }
    assert_eq!(before, listing(&repo), "the repository was written to");
    assert_clean(tmp.path());
}

#[test]
fn a_local_toolchain_other_than_the_pinned_one_is_a_warning_not_a_failure() {
    require("node", "nodejs");
    require("python3", "python3");
    let tmp = scratch();
    let work = tempfile::tempdir().unwrap();
    let repo = tiny_repo(work.path(), &answers(SERVE, "/", "none", ""));
    // No machine runs node 4.2 any more: the pin always differs from the local node.
    std::fs::write(repo.join(".nvmrc"), "4.2\n").unwrap();
    std::fs::write(
        repo.join("package.json"),
        r#"{"name": "tiny", "private": true}"#,
    )
    .unwrap();
    let out = rehearse(tmp.path(), &repo, &[]);
    let report = text(&out);
    assert_eq!(out.status.code(), Some(0), "{report}");
    assert!(
        // 4.2 has no image any more: the plan deploys the oldest Node it can (its TDD says so).
        report.contains("warning: the plan pins node 14; this machine runs node "),
        "{report}"
    );
}

#[test]
fn a_start_command_that_exits_fails_with_its_log() {
    let tmp = scratch();
    let work = tempfile::tempdir().unwrap();
    let start = "echo booting the app; echo missing config >&2; exit 3";
    let repo = tiny_repo(work.path(), &answers(start, "/health", "none", ""));
    let out = rehearse(tmp.path(), &repo, &[]);
    let report = text(&out);
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert!(
        report.contains("the web process exited with status 3 before listening on port"),
        "{report}"
    );
    assert!(report.contains("| missing config"), "log tail: {report}");
    assert!(report.contains("full log: "), "{report}");
    assert!(
        report.contains("error: the rehearsal failed at step `start web`"),
        "{report}"
    );
    // The logs of a failed rehearsal are kept, and only they.
    let (folders, processes) = leftovers(tmp.path());
    assert!(processes.is_empty(), "{processes:?}");
    assert_eq!(folders.len(), 1, "{folders:?}");
    let kept = tmp.path().join(&folders[0]);
    assert!(kept.join("logs").is_dir() && !kept.join("app").exists());
}

#[test]
fn a_process_that_never_binds_the_port_times_out_and_is_stopped() {
    let tmp = scratch();
    let work = tempfile::tempdir().unwrap();
    let repo = tiny_repo(work.path(), &answers("sleep 600", "/health", "none", ""));
    let out = rehearse(tmp.path(), &repo, &["--step-timeout", "2"]);
    let report = text(&out);
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert!(
        report.contains("did not accept connections on 127.0.0.1:")
            && report.contains("within 2 s (is it listening on $PORT?)"),
        "{report}"
    );
    assert!(leftovers(tmp.path()).1.is_empty(), "sleep was not stopped");
}

#[test]
fn a_health_path_that_answers_404_fails_after_the_threshold() {
    require("python3", "python3");
    let tmp = scratch();
    let work = tempfile::tempdir().unwrap();
    let repo = tiny_repo(work.path(), &answers(SERVE, "/health", "none", ""));
    let out = rehearse(tmp.path(), &repo, &[]);
    let report = text(&out);
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert!(
        report
            .contains("unhealthy: 3 consecutive failed checks, the last: GET /health answered 404"),
        "{report}"
    );
    assert!(
        report.contains("smoke /") && report.contains("not run: an earlier step failed"),
        "{report}"
    );
}

#[test]
fn a_missing_database_server_names_the_package_to_install() {
    let tmp = scratch();
    let work = tempfile::tempdir().unwrap();
    let repo = tiny_repo(work.path(), &answers(SERVE, "/", "postgres", ""));
    let out = deployplan(tmp.path())
        .arg("rehearse")
        .arg(&repo)
        .env(
            "DEPLOYPLAN_REHEARSE_SERVER_PATH",
            work.path().join("no-servers-here"),
        )
        .output()
        .unwrap();
    let report = text(&out);
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert!(
        report.contains("the plan needs the database is PostgreSQL but no `initdb` was found")
            || report.contains("no `initdb` was found"),
        "{report}"
    );
    assert!(report.contains("apt-get install postgresql"), "{report}");
    assert!(report.contains("--service postgres=URL"), "{report}");
}

#[test]
fn a_throwaway_postgres_is_started_pointed_at_and_removed() {
    require("initdb", "postgresql");
    require("python3", "python3");
    let tmp = scratch();
    let work = tempfile::tempdir().unwrap();
    let repo = tiny_repo(
        work.path(),
        &answers(CONNECT_THEN_SERVE, "/", "postgres", ""),
    );
    let out = rehearse(tmp.path(), &repo, &["--json"]);
    let report = text(&out);
    assert_eq!(out.status.code(), Some(0), "{report}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let steps = json["steps"].as_array().expect("steps");
    let postgres = steps
        .iter()
        .find(|s| s["name"] == "postgres")
        .expect("a postgres step");
    assert_eq!(postgres["status"], "passed");
    assert!(postgres["detail"].as_str().unwrap().contains("PostgreSQL"));
    let env = json["environment"].as_array().unwrap();
    let db = env.iter().find(|v| v["name"] == "DATABASE_URL").unwrap();
    assert_eq!(db["value_from"]["service"], "postgres", "{db}");
    // Names and sources only: no value of any variable is in the report.
    assert!(!String::from_utf8_lossy(&out.stdout).contains("postgresql://"));
    assert_clean(tmp.path());
}

#[test]
fn a_throwaway_mariadb_is_started_pointed_at_and_removed() {
    require("mariadbd", "mariadb-server");
    require("python3", "python3");
    let tmp = scratch();
    let work = tempfile::tempdir().unwrap();
    let repo = tiny_repo(work.path(), &answers(CONNECT_THEN_SERVE, "/", "mysql", ""));
    let out = rehearse(tmp.path(), &repo, &[]);
    let report = text(&out);
    assert_eq!(out.status.code(), Some(0), "{report}");
    assert!(report.contains("MySQL on 127.0.0.1:"), "{report}");
    assert_clean(tmp.path());
}

#[test]
fn secrets_get_throwaway_values_that_are_never_printed() {
    require("python3", "python3");
    let tmp = scratch();
    let work = tempfile::tempdir().unwrap();
    // The start command fails on purpose after writing the secret to the app's own output.
    let start =
        "test -n \\\"$STRIPE_SECRET_KEY\\\" && echo key-length ${#STRIPE_SECRET_KEY} && exit 1";
    let repo = tiny_repo(
        work.path(),
        &answers(start, "/", "none", "")
            .replace("[app]", "[secrets]\nnames = [\"STRIPE_SECRET_KEY\"]\n[app]"),
    );
    let out = rehearse(tmp.path(), &repo, &[]);
    let report = text(&out);
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert!(report.contains("| key-length 48"), "{report}");
    assert!(
        report.contains("throwaway secrets STRIPE_SECRET_KEY"),
        "{report}"
    );
    let hex48 = regex_like_hex(&report);
    assert!(
        !hex48,
        "a 48-hex-digit value appears in the report: {report}"
    );
}

/// Whether the text holds a run of 48 hex digits (the shape of a throwaway secret).
fn regex_like_hex(s: &str) -> bool {
    let mut run = 0;
    for c in s.chars() {
        run = if c.is_ascii_hexdigit() { run + 1 } else { 0 };
        if run >= 48 {
            return true;
        }
    }
    false
}

#[test]
fn your_own_server_is_used_and_its_url_never_printed() {
    require("python3", "python3");
    let tmp = scratch();
    let work = tempfile::tempdir().unwrap();
    let start = "test \\\"${DATABASE_URL##*@127.0.0.1:5999/}\\\" = mine && exec python3 -m http.server $PORT --bind 127.0.0.1";
    let repo = tiny_repo(work.path(), &answers(start, "/", "postgres", ""));
    let out = rehearse(
        tmp.path(),
        &repo,
        &[
            "--service",
            "postgres=postgresql://me:hunter2@127.0.0.1:5999/mine",
        ],
    );
    let report = text(&out);
    assert_eq!(out.status.code(), Some(0), "{report}");
    assert!(
        report.contains("your own server (--service postgres)"),
        "{report}"
    );
    assert!(!report.contains("hunter2"), "{report}");
}

#[test]
fn bad_input_exits_2_and_says_what_is_valid() {
    let tmp = scratch();
    let work = tempfile::tempdir().unwrap();
    let repo = tiny_repo(work.path(), &answers(SERVE, "/", "none", ""));
    let out = rehearse(tmp.path(), &repo, &["--service", "mongo=mongodb://x"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("valid: postgres, mysql, redis"),
        "{}",
        text(&out)
    );
    let out = rehearse(tmp.path(), &work.path().join("nowhere"), &[]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("not a folder"), "{}", text(&out));
    let out = rehearse(tmp.path(), &repo, &["--step-timeout", "0"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert_clean(tmp.path());
}

#[test]
fn keep_leaves_the_workspace_and_says_where() {
    require("python3", "python3");
    let tmp = scratch();
    let work = tempfile::tempdir().unwrap();
    let repo = tiny_repo(work.path(), &answers(SERVE, "/", "none", ""));
    let out = rehearse(tmp.path(), &repo, &["--keep"]);
    let report = text(&out);
    assert_eq!(out.status.code(), Some(0), "{report}");
    let line = report
        .lines()
        .find_map(|l| l.strip_prefix("workspace kept: "))
        .expect("the kept workspace is printed");
    let kept = Path::new(line);
    assert!(kept.join("app/README.md").is_file(), "{report}");
    assert!(kept.join("logs").is_dir());
    assert!(
        leftovers(tmp.path()).1.is_empty(),
        "processes are stopped even with --keep"
    );
}

#[test]
fn ctrl_c_stops_every_process_and_removes_the_workspace() {
    interrupted_by("-INT");
}

#[test]
fn sigterm_is_handled_like_ctrl_c() {
    interrupted_by("-TERM");
}

/// Starts a rehearsal that is in its install step with PostgreSQL running, sends `signal`, and
/// checks that it exits 130 with no process and no folder left.
fn interrupted_by(signal: &str) {
    require("initdb", "postgresql");
    let tmp = scratch();
    let work = tempfile::tempdir().unwrap();
    let mut a = answers(SERVE, "/", "postgres", "");
    a = a.replace(
        "install_command = \"true\"",
        "install_command = \"sleep 120\"",
    );
    let repo = tiny_repo(work.path(), &a);
    let mut child = deployplan(tmp.path())
        .arg("rehearse")
        .arg(&repo)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut lines = BufReader::new(stderr).lines();
    let mut seen = String::new();
    // Wait for the install step (PostgreSQL is running by then), however long that takes.
    for line in lines.by_ref() {
        let line = line.unwrap();
        seen.push_str(&line);
        seen.push('\n');
        if line.contains("install: sleep 120") {
            break;
        }
    }
    assert!(seen.contains("install: sleep 120"), "{seen}");
    let (_, running) = leftovers(tmp.path());
    assert!(
        running.iter().any(|p| p.contains("postgres")),
        "postgres should be running: {running:?}"
    );
    let killed = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    let status = child.wait().unwrap();
    let stderr = format!("{seen}{}", rest.join("\n"));
    assert_eq!(status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("cancelled"), "{stderr}");
    assert_clean(tmp.path());
}
