//! The walk survives every bad file: each case is built in a temp dir at test time (no binary
//! junk is committed) and must scan without panic, with the file counted in `skipped`.

use std::fs;
use std::path::Path;

use deployplan_scan::scan;

fn write(root: &Path, path: &str, contents: impl AsRef<[u8]>) {
    let p = root.join(path);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, contents).unwrap();
}

fn env_names(facts: &deployplan_core::Facts) -> Vec<&str> {
    facts.env_vars.iter().map(|e| e.name.as_str()).collect()
}

#[test]
fn empty_directory() {
    let dir = tempfile::tempdir().unwrap();
    let facts = scan(dir.path()).unwrap();
    assert!(facts.is_empty(), "{facts:?}");
    assert!(deployplan_scan::summary(&facts).starts_with("No files found"));
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_counted_never_followed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "src/app.js", "process.env.A");
    std::os::unix::fs::symlink("..", root.join("src/up")).unwrap();
    std::os::unix::fs::symlink(root, root.join("src/root")).unwrap();
    std::os::unix::fs::symlink("self", root.join("self")).unwrap();
    std::os::unix::fs::symlink("app.js", root.join("src/alias.js")).unwrap();
    let facts = scan(root).unwrap();
    assert_eq!(facts.skipped.symlink_loops, 3);
    assert_eq!(facts.files_scanned, 2, "the file and its in-tree alias");
    assert_eq!(env_names(&facts), ["A"]);
}

#[cfg(unix)]
#[test]
fn unreadable_files_sockets_and_dangling_links() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "locked.py", "os.environ['LOCKED']");
    fs::set_permissions(root.join("locked.py"), fs::Permissions::from_mode(0o000)).unwrap();
    let readable_anyway = fs::read(root.join("locked.py")).is_ok(); // root ignores modes
    let _socket = std::os::unix::net::UnixListener::bind(root.join("app.sock")).unwrap();
    std::os::unix::fs::symlink("missing.js", root.join("dangling.js")).unwrap();
    let facts = scan(root).unwrap();
    let expected = if readable_anyway { 2 } else { 3 };
    assert_eq!(facts.skipped.unreadable, expected);
    fs::set_permissions(root.join("locked.py"), fs::Permissions::from_mode(0o644)).unwrap();
}

#[test]
fn binary_files_are_skipped_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "src/bundle.js", b"process.env.NOPE\0\0\x01\x02");
    write(dir.path(), "src/ok.js", "process.env.YES");
    let facts = scan(dir.path()).unwrap();
    assert_eq!(facts.skipped.binary, 1);
    assert_eq!(env_names(&facts), ["YES"]);
}

#[test]
fn non_utf8_contents_are_still_scanned() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "settings.py",
        b"# caf\xe9\nSECRET = os.environ[\"LATIN1\"]\n",
    );
    let facts = scan(dir.path()).unwrap();
    assert_eq!(env_names(&facts), ["LATIN1"]);
    assert_eq!(facts.skipped, Default::default());
}

#[cfg(unix)]
#[test]
fn non_utf8_names_are_counted() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.js");
    fs::write(dir.path().join(name), "process.env.X").unwrap();
    fs::create_dir(dir.path().join(std::ffi::OsStr::from_bytes(b"d\xff"))).unwrap();
    write(dir.path(), "ok.js", "process.env.OK");
    let facts = scan(dir.path()).unwrap();
    assert_eq!(facts.skipped.non_utf8_names, 2);
    assert_eq!(env_names(&facts), ["OK"]);
    let json = serde_json::to_string(&facts).unwrap();
    assert!(!json.contains('\u{fffd}'));
}

#[test]
fn enormous_files_are_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let big = fs::File::create(dir.path().join("huge.js")).unwrap();
    big.set_len(64 * 1024 * 1024).unwrap(); // sparse: costs no disk
    write(
        dir.path(),
        "package.json",
        "{\"dependencies\":{\"express\":\"4\"}}",
    );
    let facts = scan(dir.path()).unwrap();
    assert_eq!(facts.skipped.too_large, 1);
    assert_eq!(facts.frameworks[0].name, "express");
}

#[test]
fn very_deep_trees() {
    let dir = tempfile::tempdir().unwrap();
    let deep: String = (0..300).map(|i| format!("d{}/", i % 10)).collect();
    write(
        dir.path(),
        &format!("{deep}deep.ts"),
        "const x = process.env.DEEP;",
    );
    let facts = scan(dir.path()).unwrap();
    assert_eq!(env_names(&facts), ["DEEP"]);
    assert_eq!(facts.files_scanned, 1);
}

#[test]
fn gitignore_and_vendored_folders_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, ".gitignore", "generated/\n*.log\n");
    write(root, "generated/client.js", "process.env.GENERATED");
    write(root, "node_modules/lib/index.js", "process.env.VENDORED");
    write(root, "vendor/bundle/x.rb", "ENV['VENDORED_RB']");
    write(root, ".venv/lib/site.py", "os.environ['VENV']");
    write(root, "dist/app.js", "process.env.DIST");
    write(root, "debug.log", "x");
    write(root, "src/index.js", "process.env.REAL");
    let facts = scan(root).unwrap();
    assert_eq!(env_names(&facts), ["REAL"]);
    assert_eq!(facts.files_scanned, 2, ".gitignore and src/index.js");
}

#[test]
fn env_vars_in_tests_and_docs_are_not_required_config() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "src/app.py", "os.getenv('APP_KEY')");
    write(dir.path(), "tests/test_app.py", "os.getenv('TEST_ONLY')");
    write(dir.path(), "docs/conf.py", "os.getenv('DOCS_ONLY')");
    let facts = scan(dir.path()).unwrap();
    assert_eq!(env_names(&facts), ["APP_KEY"]);
}

#[test]
fn empty_folders_where_detectors_look() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "hugo.toml",
        "baseURL = 'https://example.org/'\n",
    );
    for d in [
        "content",
        "layouts",
        "db/migrate",
        "app/Jobs",
        ".github/workflows",
    ] {
        fs::create_dir_all(dir.path().join(d)).unwrap();
    }
    let facts = scan(dir.path()).unwrap();
    assert_eq!(facts.frameworks[0].name, "hugo");
}
