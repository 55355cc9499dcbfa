//! The one parallel walk: respects .gitignore, skips vendored and build folders, never follows
//! symlinked folders, reads only the files a detector needs (manifests and configs whole,
//! source files through the pattern prefilter), and counts what it could not read.

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use deployplan_core::facts::Skipped;
use ignore::{DirEntry, ParallelVisitor, ParallelVisitorBuilder, WalkBuilder, WalkState};

use crate::MAX_FILE_BYTES;
use crate::error::ScanError;
use crate::index::{FileEntry, Hit, RepoIndex};
use crate::patterns::{self, EX, GO, JS, JVM, NET, PHP, PROPS, PY, RB, RS, SECRETS, SQL};

/// Folders that hold dependencies, build output or caches, never the app's own code.
pub const SKIP_DIRS: &[&str] = &[
    ".angular",
    ".aws-sam",
    ".bundle",
    ".cache",
    ".dart_tool",
    ".docusaurus",
    ".expo",
    ".git",
    ".gradle",
    ".hg",
    ".idea",
    ".mypy_cache",
    ".netlify",
    ".next",
    ".nuxt",
    ".output",
    ".parcel-cache",
    ".pytest_cache",
    ".ruff_cache",
    ".serverless",
    ".svelte-kit",
    ".svn",
    ".terraform",
    ".tox",
    ".turbo",
    ".vercel",
    ".venv",
    ".yarn",
    "__pycache__",
    "_build",
    "bower_components",
    "build",
    "coverage",
    "dist",
    "node_modules",
    "obj",
    "target",
    "vendor",
    "venv",
];

/// What the walk does with a file, decided from its path alone.
#[derive(Debug, Clone, Copy, Default)]
pub struct Class {
    /// Keep the whole text for the detectors (manifests, configs, dotenv files, YAML).
    pub keep_text: bool,
    /// Pattern families to run over the contents (0: do not scan).
    pub families: u16,
    pub lang: Option<&'static str>,
}

const KEEP_NAMES: &[&str] = &[
    // whenever's schedule (config/schedule.rb): its jobs are read line by line.
    "schedule.rb",
    ".node-version",
    ".nvmrc",
    ".python-version",
    ".ruby-version",
    ".tool-versions",
    "Cargo.toml",
    "Gemfile",
    // The locked Rails version decides its task runner (`rake` before Rails 5).
    "Gemfile.lock",
    "Makefile",
    "Pipfile",
    "Procfile",
    "alembic.ini",
    // Route tables read whole by the health detector (nesting decides the path).
    "app.php",
    "router.ex",
    "routes.rb",
    "urls.py",
    // Django's settings module, which names the package of the app object to serve.
    "manage.py",
    // The build tool's output folder (Vite `outDir`, Eleventy `output`).
    "vite.config.js",
    "vite.config.ts",
    "vite.config.mjs",
    "vite.config.mts",
    ".eleventy.js",
    "eleventy.config.js",
    "eleventy.config.mjs",
    "eleventy.config.cjs",
    // pydantic-settings classes (`app/core/config.py`): each field is an env var.
    "config.py",
    "settings.py",
    "appsettings.json",
    "app.json",
    "build.gradle",
    "build.gradle.kts",
    "composer.json",
    // Rack apps: the middleware a generated health check is used in goes before `run`.
    "config.ru",
    "config.toml",
    "diesel.toml",
    "fly.toml",
    "global.json",
    "go.mod",
    "go.work",
    "hugo.json",
    "libs.versions.toml",
    "hugo.toml",
    "lerna.json",
    "mix.exs",
    "netlify.toml",
    "nx.json",
    "package.json",
    "pom.xml",
    "project.json",
    "pyproject.toml",
    "railway.json",
    "railway.toml",
    "runtime.txt",
    "rust-toolchain",
    "rust-toolchain.toml",
    "schema.prisma",
    "settings.gradle",
    "settings.gradle.kts",
    "setup.cfg",
    "tsconfig.json",
    "turbo.json",
    "vercel.json",
    "wrangler.json",
    "wrangler.jsonc",
    "wrangler.toml",
];

const KEY_NAMES: &[&str] = &["credentials", "id_dsa", "id_ecdsa", "id_ed25519", "id_rsa"];

/// Folder names whose code is tests, docs or examples: read for committed keys only.
const TEST_DIRS: &[&str] = &[
    "__mocks__",
    "__tests__",
    "cypress",
    "doc",
    "docs",
    "e2e",
    "example",
    "examples",
    "fixtures",
    "playwright",
    "spec",
    "specs",
    "test",
    "testdata",
    "tests",
];

/// Whether a path is test, fixture, doc or example material (by folder or file name).
pub fn is_test_path(path: &str) -> bool {
    is_test_file(path, crate::index::file_name(path))
}

fn is_test_file(path: &str, name: &str) -> bool {
    // Below src/main/ the folders are packages (com/example/...), not test or doc folders.
    let dirs_part = match path.find("src/main/") {
        Some(at) => &path[..at],
        None => path,
    };
    let dirs = dirs_part.rsplit('/').skip(1);
    let stem = name.split('.').next().unwrap_or(name);
    dirs.into_iter().any(|d| TEST_DIRS.contains(&d))
        || name.contains(".test.")
        || name.contains(".spec.")
        || stem.ends_with("_test")
        || stem.ends_with("_spec")
        || stem.starts_with("test_")
        || stem.ends_with("Test")
        || stem.ends_with("Tests")
        || name == "conftest.py"
        || TEST_RUNNER_CONFIGS.iter().any(|c| name.starts_with(c))
}

/// Test-runner configs read CI-only variables (`process.env.CI`): not the app's config.
const TEST_RUNNER_CONFIGS: &[&str] = &[
    "jest.config.",
    "vitest.config.",
    "playwright.config.",
    "cypress.config.",
    "karma.conf.",
    "wdio.conf.",
    "jest.setup.",
    "vitest.setup.",
];

/// The marker deployplan writes at the top of the files it generates (`# Generated by
/// deployplan.`). Such files describe the design, not the repository, so the scan skips them.
pub use deployplan_core::file::is_generated_by_deployplan;

/// Language id and pattern families of a source extension.
fn source_ext(ext: &str) -> Option<(&'static str, u16)> {
    Some(match ext {
        "js" | "jsx" | "mjs" | "cjs" => ("javascript", JS),
        "ts" | "tsx" | "mts" | "cts" => ("typescript", JS),
        "vue" => ("vue", JS),
        "svelte" => ("svelte", JS),
        "astro" => ("astro", JS),
        "py" => ("python", PY),
        "rb" | "rake" => ("ruby", RB),
        "php" => ("php", PHP),
        "java" => ("java", JVM),
        "kt" | "kts" => ("kotlin", JVM),
        "scala" => ("scala", JVM),
        "groovy" => ("groovy", JVM),
        "cs" => ("csharp", NET),
        "fs" => ("fsharp", NET),
        "go" => ("go", GO),
        "ex" | "exs" => ("elixir", EX),
        "rs" => ("rust", RS),
        _ => return None,
    })
}

/// Languages counted by weight but never read.
fn weight_only_ext(ext: &str) -> Option<&'static str> {
    Some(match ext {
        "html" | "htm" => "html",
        "css" | "scss" | "sass" | "less" => "css",
        "sh" | "bash" => "shell",
        "c" | "h" => "c",
        "cc" | "cpp" | "cxx" | "hpp" => "cpp",
        "swift" => "swift",
        "dart" => "dart",
        _ => return None,
    })
}

/// Decides, from the path alone, whether and how a file is read.
pub fn classify(path: &str) -> Class {
    let name = crate::index::file_name(path);
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    let mut class = Class::default();
    if name.ends_with(".min.js") || name.ends_with(".min.css") {
        return class;
    }
    if let Some((lang, fam)) = source_ext(ext) {
        // Build scripts are configuration, not the app's language.
        class.lang = (!name.ends_with(".gradle.kts") && name != "mix.exs").then_some(lang);
        class.families = if is_test_file(path, name) {
            SECRETS
        } else {
            fam | SECRETS
        };
        // Manifests written in their language: mix.exs, build.gradle.kts.
        class.keep_text = KEEP_NAMES.contains(&name);
        return class;
    }
    // Credentials pasted into docs, notes and scripts are committed secrets too.
    let prose = matches!(
        ext,
        "md" | "markdown"
            | "txt"
            | "rst"
            | "toml"
            | "ini"
            | "cfg"
            | "conf"
            | "sh"
            | "bash"
            | "tf"
            | "tfvars"
            | "xml"
    );
    if let Some(lang) = weight_only_ext(ext) {
        class.lang = Some(lang);
        if prose {
            class.families = SECRETS;
        }
        // An image's ENTRYPOINT script: whether it runs the command it is given.
        class.keep_text = ext == "sh" && name.contains("entrypoint");
        return class;
    }
    if prose {
        class.families |= SECRETS;
    }
    let dotenv = name == ".env" || name.starts_with(".env.") || name.ends_with(".env");
    let dockerfile =
        name.starts_with("Dockerfile") || name.ends_with(".dockerfile") || name == "Containerfile";
    let requirements =
        ext == "txt" && (name.starts_with("requirements") || path.contains("requirements/"));
    let yaml = ext == "yml" || ext == "yaml";
    let project = matches!(ext, "csproj" | "fsproj" | "vbproj");
    let spring = name.starts_with("application") && (yaml || ext == "properties");
    if KEEP_NAMES.contains(&name) || dotenv || dockerfile || requirements || yaml || project {
        class.keep_text = true;
        class.families = SECRETS;
    }
    if spring || ext == "properties" {
        class.keep_text = true;
        class.families = if is_test_file(path, name) {
            SECRETS
        } else {
            PROPS | SECRETS
        };
    }
    if ext == "sql" && path.contains("migrat") {
        class.families = SQL;
    }
    let lock = name.ends_with("-lock.json") || name.ends_with(".lock.json");
    if (ext == "json" && !lock) || matches!(ext, "pem" | "key" | "p8") || KEY_NAMES.contains(&name)
    {
        class.families |= SECRETS;
    }
    class
}

/// Walks `root` in parallel into a [`RepoIndex`], treating the files at `exclude` (relative
/// paths) as generated by deployplan: what the walk will see once `generate` replaced them.
pub fn walk_excluding(root: &Path, exclude: &HashSet<String>) -> Result<RepoIndex, ScanError> {
    let meta = fs::metadata(root).map_err(|source| match source.kind() {
        ErrorKind::NotFound => ScanError::NotFound {
            path: root.to_path_buf(),
        },
        _ => ScanError::Unreadable {
            path: root.to_path_buf(),
            source,
        },
    })?;
    if !meta.is_dir() {
        return Err(ScanError::NotADirectory {
            path: root.to_path_buf(),
        });
    }
    let unreadable = |source| ScanError::Unreadable {
        path: root.to_path_buf(),
        source,
    };
    fs::read_dir(root).map_err(unreadable)?;
    let root_canon = root.canonicalize().map_err(unreadable)?;

    let mut builder = WalkBuilder::new(root);
    builder
        .hidden(false)
        .parents(false)
        .git_global(false)
        .git_exclude(false)
        .require_git(false)
        .follow_links(false)
        .filter_entry(|e| !is_skipped_dir(e));
    let parts = Mutex::new(Vec::new());
    let mut visitors = Visitors {
        root,
        root_canon: &root_canon,
        parts: &parts,
        exclude,
    };
    builder.build_parallel().visit(&mut visitors);

    let mut part = Part::default();
    for p in parts.into_inner().unwrap_or_else(|e| e.into_inner()) {
        part.files.extend(p.files);
        part.dirs.extend(p.dirs);
        part.texts.extend(p.texts);
        part.hits.extend(p.hits);
        add_skipped(&mut part.skipped, &p.skipped);
        part.read += p.read;
    }
    let mut index = RepoIndex::from_parts(part.files, part.dirs, part.texts, part.hits);
    index.skipped = part.skipped;
    index.files_read = part.read;
    Ok(index)
}

fn add_skipped(to: &mut Skipped, from: &Skipped) {
    to.unreadable += from.unreadable;
    to.binary += from.binary;
    to.too_large += from.too_large;
    to.symlink_loops += from.symlink_loops;
    to.non_utf8_names += from.non_utf8_names;
    to.generated += from.generated;
}

fn is_skipped_dir(e: &DirEntry) -> bool {
    if e.depth() == 0 || !e.file_type().is_some_and(|t| t.is_dir()) {
        return false;
    }
    let name = e.file_name().to_string_lossy();
    if SKIP_DIRS.contains(&name.as_ref()) {
        return true;
    }
    // Elixir's fetched dependencies; Python virtualenvs under other names.
    (name == "deps" && e.path().with_file_name("mix.exs").exists())
        || ((name == "env" || name.starts_with("venv") || name.starts_with(".venv"))
            && e.path().join("pyvenv.cfg").exists())
}

#[derive(Default)]
struct Part {
    files: Vec<FileEntry>,
    dirs: Vec<String>,
    texts: Vec<(String, String)>,
    hits: Vec<Hit>,
    skipped: Skipped,
    read: u64,
}

struct Visitors<'s> {
    root: &'s Path,
    root_canon: &'s PathBuf,
    parts: &'s Mutex<Vec<Part>>,
    exclude: &'s HashSet<String>,
}

impl<'s> ParallelVisitorBuilder<'s> for Visitors<'s> {
    fn build(&mut self) -> Box<dyn ParallelVisitor + 's> {
        Box::new(Visitor {
            root: self.root,
            root_canon: self.root_canon,
            parts: self.parts,
            exclude: self.exclude,
            part: Part::default(),
            buf: Vec::new(),
        })
    }
}

struct Visitor<'s> {
    root: &'s Path,
    root_canon: &'s PathBuf,
    parts: &'s Mutex<Vec<Part>>,
    exclude: &'s HashSet<String>,
    part: Part,
    buf: Vec<u8>,
}

impl Drop for Visitor<'_> {
    fn drop(&mut self) {
        let part = std::mem::take(&mut self.part);
        self.parts
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(part);
    }
}

/// ELOOP: too many levels of symbolic links (`ErrorKind::FilesystemLoop` is not stable).
fn is_loop_error(e: &std::io::Error) -> bool {
    let eloop = if cfg!(any(target_os = "linux", target_os = "android")) {
        40
    } else {
        62
    };
    cfg!(unix) && e.raw_os_error() == Some(eloop)
}

/// Whether a walk error is a symlink loop (else it is an I/O error, or a bad ignore rule).
fn error_kind(err: &ignore::Error) -> Option<bool> {
    match err {
        ignore::Error::Loop { .. } => Some(true),
        ignore::Error::Io(_) => Some(false),
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => error_kind(err),
        ignore::Error::Partial(errs) => errs.iter().find_map(error_kind),
        _ => None,
    }
}

impl ParallelVisitor for Visitor<'_> {
    fn visit(&mut self, entry: Result<DirEntry, ignore::Error>) -> WalkState {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                match error_kind(&err) {
                    Some(true) => self.part.skipped.symlink_loops += 1,
                    Some(false) => self.part.skipped.unreadable += 1,
                    None => {}
                }
                return WalkState::Continue;
            }
        };
        if entry.depth() == 0 {
            return WalkState::Continue;
        }
        let Some(file_type) = entry.file_type() else {
            return WalkState::Continue;
        };
        let rel = entry
            .path()
            .strip_prefix(self.root)
            .ok()
            .and_then(Path::to_str)
            .map(|s| s.replace(std::path::MAIN_SEPARATOR, "/"));
        let Some(rel) = rel else {
            self.part.skipped.non_utf8_names += 1;
            return if file_type.is_dir() {
                WalkState::Skip
            } else {
                WalkState::Continue
            };
        };
        if file_type.is_dir() {
            self.part.dirs.push(rel);
        } else if file_type.is_symlink() {
            self.symlink(entry.path(), rel);
        } else if file_type.is_file() {
            self.file(entry.path(), rel, || entry.metadata().ok().map(|m| m.len()));
        } else {
            // FIFOs, sockets, devices: opening them could block or mean nothing.
            self.part.skipped.unreadable += 1;
        }
        WalkState::Continue
    }
}

impl Visitor<'_> {
    /// Symlinked folders are never followed; symlinked files inside the root are read.
    fn symlink(&mut self, path: &Path, rel: String) {
        match fs::metadata(path) {
            Err(e) if is_loop_error(&e) => self.part.skipped.symlink_loops += 1,
            Err(_) => self.part.skipped.unreadable += 1,
            Ok(meta) => {
                let Ok(target) = path.canonicalize() else {
                    self.part.skipped.unreadable += 1;
                    return;
                };
                let link_dir = path.parent().and_then(|p| p.canonicalize().ok());
                if meta.is_dir() {
                    if link_dir.is_some_and(|d| d.starts_with(&target)) {
                        self.part.skipped.symlink_loops += 1;
                    }
                } else if meta.is_file() && target.starts_with(self.root_canon) {
                    let len = meta.len();
                    self.file(path, rel, || Some(len));
                }
            }
        }
    }

    fn file(&mut self, path: &Path, rel: String, size: impl FnOnce() -> Option<u64>) {
        if self.exclude.contains(&rel) {
            self.part.skipped.generated += 1;
            return;
        }
        let class = classify(&rel);
        let mut entry = FileEntry {
            path: rel,
            size: 0,
            lang: class.lang,
        };
        if class.keep_text || class.families != 0 {
            if let Some(len) = self.read(path) {
                if is_generated_by_deployplan(&self.buf) {
                    self.part.skipped.generated += 1;
                    return;
                }
                entry.size = len;
                let bytes = &self.buf;
                if class.families != 0 {
                    patterns::scan(&entry.path, class.families, bytes, &mut self.part.hits);
                }
                if class.keep_text {
                    let text = String::from_utf8_lossy(bytes).into_owned();
                    self.part.texts.push((entry.path.clone(), text));
                }
            } else {
                entry.lang = None;
            }
        } else if class.lang.is_some() {
            entry.size = size().unwrap_or(0);
        }
        self.part.files.push(entry);
    }

    /// Reads a file into the visitor's buffer: `None` (and counted) when it is unreadable,
    /// too large or binary.
    fn read(&mut self, path: &Path) -> Option<u64> {
        let skipped = &mut self.part.skipped;
        let Ok(file) = File::open(path) else {
            skipped.unreadable += 1;
            return None;
        };
        // No fstat: reading one byte past the cap tells an enormous file just as well.
        self.buf.clear();
        let read = file.take(MAX_FILE_BYTES + 1).read_to_end(&mut self.buf);
        if read.is_err() {
            skipped.unreadable += 1;
            return None;
        }
        if self.buf.len() as u64 > MAX_FILE_BYTES {
            skipped.too_large += 1;
            return None;
        }
        let head = &self.buf[..self.buf.len().min(8192)];
        if memchr::memchr(0, head).is_some() {
            skipped.binary += 1;
            return None;
        }
        self.part.read += 1;
        Some(self.buf.len() as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classify_reads_only_what_detectors_need() {
        assert!(classify("package.json").keep_text);
        assert!(classify("apps/web/.env.example").keep_text);
        assert!(classify("deploy/k8s/app.yaml").keep_text);
        assert!(classify("src/Api/Api.csproj").keep_text);
        assert_eq!(classify("src/app.ts").families, JS | SECRETS);
        assert_eq!(classify("src/app.test.ts").families, SECRETS);
        assert_eq!(classify("tests/test_views.py").families, SECRETS);
        // Docs are searched for token shapes only.
        assert_eq!(classify("README.md").families, SECRETS);
        assert!(!classify("README.md").keep_text);
        assert!(!classify("logo.png").keep_text);
        assert_eq!(classify("static/app.css").lang, Some("css"));
        assert_eq!(
            classify("src/main/resources/application.yml").families,
            PROPS | SECRETS
        );
        assert_eq!(classify("certs/server.key").families, SECRETS);
    }
}
