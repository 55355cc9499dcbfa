//! Where the production SQLite file lives, as the repository states it: Rails'
//! `config/database.yml`, Prisma's datasource, Laravel's `database_path(...)`, Phoenix's
//! `DATABASE_PATH`, Django's `NAME`, SQLAlchemy URLs and `new Database(...)` in code. The plan
//! puts the file on the platform's persistent volume: by mounting the volume on the file's
//! own folder, or by setting the variable the app reads the location from.

use std::sync::LazyLock;

use deployplan_core::Facts;
use deployplan_core::facts::{Evidence, SqliteFile, SqliteForm, Valued};
use regex::Regex;

use super::Detector;
use crate::index::{RepoIndex, file_name, parent};
use crate::record::{ev, numbered};

pub struct SqliteFileDetector;

const ID: &str = "sqlite_file";

static QUOTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"["'`]([^"'`]*)["'`]"#).expect("regex"));
static ERB_ENV: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"ENV(?:\.fetch\(|\[)\s*["']([A-Z][A-Z0-9_]*)["']"#).expect("regex")
});
static PRISMA_ENV: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"env\(\s*"([A-Za-z_][A-Za-z0-9_]*)"\s*\)"#).expect("regex"));

fn is_db_file(path: &str) -> bool {
    [".sqlite3", ".sqlite", ".db"]
        .iter()
        .any(|s| path.ends_with(s))
}

fn clean(path: &str) -> String {
    path.trim().trim_start_matches("./").to_string()
}

/// Rails: the `database:` of the `production:` block (its primary database when there are
/// several). Rails merges `DATABASE_URL` into that database, so it can always be moved.
fn rails(index: &RepoIndex) -> Option<(SqliteFile, Evidence)> {
    let path = "config/database.yml";
    let text = index.text(path)?;
    let mut in_production = false;
    for (n, line) in numbered(text) {
        if !line.starts_with([' ', '\t']) && !line.trim().is_empty() {
            in_production = line.trim_end() == "production:";
            continue;
        }
        let Some(value) = line.trim().strip_prefix("database:") else {
            continue;
        };
        if !in_production {
            continue;
        }
        let value = value.trim();
        let erb_var = ERB_ENV.captures(value).map(|c| c[1].to_string());
        let file = QUOTED
            .captures_iter(value)
            .map(|c| c[1].to_string())
            .find(|q| is_db_file(q))
            .or_else(|| {
                let v = value.trim_matches(['"', '\'']);
                is_db_file(v).then(|| v.to_string())
            })?;
        let (variable, form) = match erb_var {
            Some(v) => (v, SqliteForm::Path),
            None => ("DATABASE_URL".to_string(), SqliteForm::RailsUrl),
        };
        return Some((
            SqliteFile {
                path: Some(clean(&file)),
                variable: Some(variable),
                form,
                folder_shared: false,
            },
            ev(path, Some(n), format!("{ID}/database.yml")),
        ));
    }
    None
}

/// Prisma: `provider = "sqlite"` with `url = env("DATABASE_URL")` or a `file:` path, which
/// Prisma resolves from the schema's folder.
fn prisma(index: &RepoIndex) -> Option<(SqliteFile, Evidence)> {
    let (path, text) = index.texts_named(|n| n == "schema.prisma").next()?;
    if !text.contains("\"sqlite\"") {
        return None;
    }
    let (n, line) = numbered(text).find(|(_, l)| l.trim_start().starts_with("url"))?;
    let e = ev(path, Some(n), format!("{ID}/prisma"));
    if let Some(c) = PRISMA_ENV.captures(line) {
        let file = SqliteFile {
            path: None,
            variable: Some(c[1].to_string()),
            form: SqliteForm::FileUrl,
            folder_shared: false,
        };
        return Some((file, e));
    }
    let url = QUOTED.captures(line)?[1].to_string();
    let file = url.strip_prefix("file:")?;
    let dir = parent(path);
    let joined = if dir.is_empty() {
        clean(file)
    } else {
        format!("{dir}/{}", clean(file))
    };
    Some((
        SqliteFile {
            path: Some(joined),
            variable: None,
            form: SqliteForm::FileUrl,
            folder_shared: false,
        },
        e,
    ))
}

/// The env var read on the same line (`os.environ.get("DATABASE_URL", "sqlite:///app.db")`).
fn env_on_line<'a>(index: &'a RepoIndex, path: &str, line: u32) -> Option<&'a str> {
    index
        .hits_with_prefix("env:")
        .find(|h| h.path == path && h.line == line)
        .map(|h| h.value.as_str())
}

/// One line of code that names the file: a SQLAlchemy URL, Django's `BASE_DIR / "db.sqlite3"`,
/// Laravel's `database_path('database.sqlite')`, `new Database("data.db")`.
fn from_line(index: &RepoIndex, path: &str, n: u32, line: &str) -> Option<SqliteFile> {
    let env = env_on_line(index, path, n).map(String::from);
    let python = path.ends_with(".py");
    let variable = env.or_else(|| {
        // dj-database-url reads DATABASE_URL itself: `dj_database_url.config(default=...)`.
        (python && line.contains("dj_database_url.config")).then(|| "DATABASE_URL".to_string())
    });
    let form = match &variable {
        Some(v) if v.ends_with("_URL") || v.ends_with("_URI") => {
            if path.ends_with(".py") || path.ends_with(".rb") {
                SqliteForm::SqlalchemyUrl
            } else {
                SqliteForm::FileUrl
            }
        }
        _ => SqliteForm::Path,
    };
    let file = if let Some((_, after)) = line.split_once("sqlite:///") {
        let inline = after
            .split(['"', '\'', '`', ')', ' '])
            .next()
            .unwrap_or_default();
        if !inline.is_empty() && !inline.starts_with('/') {
            Some(clean(inline))
        } else if inline.starts_with('/') {
            // An absolute path: no folder of the repository's.
            None
        } else {
            quoted_file(after)
        }
    } else if let Some((_, after)) = line.split_once("database_path(") {
        QUOTED
            .captures(after)
            .map(|c| format!("database/{}", clean(&c[1])))
    } else if let Some((_, after)) = line.split_once("BASE_DIR") {
        // Django: the parts after BASE_DIR, joined (`BASE_DIR / "data" / "db.sqlite3"`).
        let parts: Vec<String> = QUOTED
            .captures_iter(after)
            .map(|c| c[1].to_string())
            .collect();
        parts
            .last()
            .filter(|p| is_db_file(p))
            .map(|_| parts.join("/"))
    } else {
        quoted_file(line)
    };
    if file.is_none() && variable.is_none() {
        return None;
    }
    Some(SqliteFile {
        path: file,
        variable,
        form,
        folder_shared: false,
    })
}

fn quoted_file(text: &str) -> Option<String> {
    QUOTED
        .captures_iter(text)
        .map(|c| c[1].to_string())
        .find(|q| is_db_file(q) && !q.contains(' '))
        .map(|q| clean(&q))
}

fn from_code(index: &RepoIndex) -> Option<(SqliteFile, Evidence)> {
    let mut hits: Vec<_> = index
        .hits("db:sqlite-line")
        .filter(|h| !crate::walk::is_test_path(&h.path))
        .collect();
    // Production settings first (`settings/production.py` over `settings/local.py`).
    hits.sort_by_key(|h| {
        let name = file_name(&h.path);
        let dev = ["local", "dev", "test"].iter().any(|w| name.contains(w));
        (!h.path.contains("prod"), dev)
    });
    hits.into_iter().find_map(|h| {
        let file = from_line(index, &h.path, h.line, &h.value)?;
        Some((file, ev(&h.path, Some(h.line), format!("{ID}/code"))))
    })
}

/// Laravel reads the file's path from `DB_DATABASE`, `database/database.sqlite` by default,
/// also when the repository keeps no `config/database.php` of its own.
fn laravel(facts: &Facts) -> Option<(SqliteFile, Evidence)> {
    let f = facts.frameworks.iter().find(|f| f.name == "laravel")?;
    let e = f.evidence.first()?.clone();
    Some((
        SqliteFile {
            path: Some("database/database.sqlite".into()),
            variable: Some("DB_DATABASE".into()),
            form: SqliteForm::Path,
            folder_shared: true,
        },
        Evidence {
            rule: format!("{ID}/laravel-default"),
            ..e
        },
    ))
}

/// Phoenix's SQLite generator reads the file's path from `DATABASE_PATH` in runtime.exs.
fn phoenix(facts: &Facts) -> Option<(SqliteFile, Evidence)> {
    let v = facts
        .env_vars
        .iter()
        .find(|v| v.name == "DATABASE_PATH" && v.source == "code")?;
    let e = v.evidence.first()?.clone();
    Some((
        SqliteFile {
            path: None,
            variable: Some(v.name.clone()),
            form: SqliteForm::Path,
            folder_shared: false,
        },
        Evidence {
            rule: format!("{ID}/env"),
            ..e
        },
    ))
}

/// Whether the file's folder holds the repository's own files (Rails 7's `db/` has the
/// migrations): a volume mounted there would hide them.
fn folder_shared(index: &RepoIndex, file: &str) -> bool {
    let dir = parent(file);
    if dir.is_empty() {
        return true;
    }
    index.files_under(dir).iter().any(|f| {
        let name = file_name(&f.path);
        !(matches!(name, ".keep" | ".gitkeep" | ".gitignore") || is_db_file(name))
    })
}

impl Detector for SqliteFileDetector {
    fn id(&self) -> &'static str {
        ID
    }

    fn detect(&self, index: &RepoIndex, facts: &mut Facts) {
        if !facts.databases.iter().any(|d| d.name == "sqlite") {
            return;
        }
        let found = rails(index)
            .or_else(|| prisma(index))
            .or_else(|| from_code(index))
            .or_else(|| phoenix(facts))
            .or_else(|| laravel(facts));
        if let Some((mut file, e)) = found {
            // A conventional folder (Laravel's `database/`) holds migrations in real apps
            // even when this checkout shows none there.
            file.folder_shared |= file.path.as_deref().is_none_or(|p| folder_shared(index, p));
            facts.sqlite_file = Some(Valued {
                value: file,
                evidence: vec![e],
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(files: &[(&str, &str)]) -> Option<(SqliteFile, String)> {
        let index = RepoIndex::from_texts(files);
        let mut f = Facts::default();
        crate::record::add(&mut f.databases, "sqlite", ev("x", None, "t"));
        super::super::env_vars::EnvVars.detect(&index, &mut f);
        SqliteFileDetector.detect(&index, &mut f);
        f.sqlite_file.map(|v| (v.value, v.evidence[0].to_string()))
    }

    #[test]
    fn rails_production_database_and_its_folder() {
        let yml = "default: &default\n  adapter: sqlite3\ndevelopment:\n  database: storage/development.sqlite3\nproduction:\n  primary:\n    <<: *default\n    database: storage/production.sqlite3\n";
        let (f, at) = found(&[("config/database.yml", yml), ("storage/.keep", "")]).unwrap();
        assert_eq!(f.path.as_deref(), Some("storage/production.sqlite3"));
        assert_eq!(f.variable.as_deref(), Some("DATABASE_URL"));
        assert_eq!(f.form, SqliteForm::RailsUrl);
        assert!(!f.folder_shared);
        assert_eq!(at, "config/database.yml:8");
        // Rails 7 keeps it in db/, beside the migrations.
        let old = "production:\n  adapter: sqlite3\n  database: db/production.sqlite3\n";
        let (f, _) = found(&[
            ("config/database.yml", old),
            ("db/migrate/1_create.rb", "class C; end"),
        ])
        .unwrap();
        assert!(f.folder_shared);
    }

    #[test]
    fn code_that_names_the_file_or_its_variable() {
        let django = "DATABASES = {\n    'default': {\n        'ENGINE': 'django.db.backends.sqlite3',\n        'NAME': BASE_DIR / 'data' / 'db.sqlite3',\n    }\n}\n";
        let (f, _) = found(&[("mysite/settings.py", django)]).unwrap();
        assert_eq!(f.path.as_deref(), Some("data/db.sqlite3"));
        assert_eq!(f.variable, None);
        let flask =
            "SQLALCHEMY_DATABASE_URI = os.environ.get('DATABASE_URL', 'sqlite:///app.db')\n";
        let (f, _) = found(&[("config.py", flask)]).unwrap();
        assert_eq!(f.path.as_deref(), Some("app.db"));
        assert_eq!(f.variable.as_deref(), Some("DATABASE_URL"));
        assert_eq!(f.form, SqliteForm::SqlalchemyUrl);
        assert!(f.folder_shared, "a file at the app's root");
        let laravel = "'database' => env('DB_DATABASE', database_path('database.sqlite')),\n";
        let (f, _) = found(&[("config/database.php", laravel)]).unwrap();
        assert_eq!(f.path.as_deref(), Some("database/database.sqlite"));
        assert_eq!(f.variable.as_deref(), Some("DB_DATABASE"));
        assert_eq!(f.form, SqliteForm::Path);
        let prisma =
            "datasource db {\n  provider = \"sqlite\"\n  url      = env(\"DATABASE_URL\")\n}\n";
        let (f, _) = found(&[("prisma/schema.prisma", prisma)]).unwrap();
        assert_eq!(f.variable.as_deref(), Some("DATABASE_URL"));
        assert_eq!(f.form, SqliteForm::FileUrl);
    }
}
