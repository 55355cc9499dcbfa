//! The source patterns: env-var reads, listening ports, websocket and worker code, committed
//! keys. One Aho-Corasick automaton over every pattern's literal finds candidates in a file;
//! only then is the pattern's regex tried, anchored at the literal, on the rest of its line.

use std::sync::{LazyLock, OnceLock};

use aho_corasick::{AhoCorasick, MatchKind};
use regex::bytes::Regex;

use crate::index::Hit;

/// Language families a pattern applies to (bit flags; see `walk::classify`).
pub const JS: u16 = 1;
pub const PY: u16 = 1 << 1;
pub const RB: u16 = 1 << 2;
pub const PHP: u16 = 1 << 3;
pub const JVM: u16 = 1 << 4;
pub const NET: u16 = 1 << 5;
pub const GO: u16 = 1 << 6;
pub const EX: u16 = 1 << 7;
pub const RS: u16 = 1 << 8;
pub const SQL: u16 = 1 << 9;
/// Spring/Quarkus `application*.properties|yml`.
pub const PROPS: u16 = 1 << 10;
/// Every file that is read: committed keys.
pub const SECRETS: u16 = 1 << 11;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// The regex must match; its first non-empty group is the value (may be empty).
    Value,
    /// `const { A, B } = process.env`: names are before the literal.
    Destructure,
    /// The regex must match; the value is the whole line, untrimmed (capped), for a detector
    /// that needs what comes before the literal (a route's receiver, its indentation).
    Line,
}

pub struct Pattern {
    pub literal: &'static str,
    pub rule: &'static str,
    families: u16,
    regex: &'static str,
    kind: Kind,
}

const fn p(
    literal: &'static str,
    rule: &'static str,
    families: u16,
    regex: &'static str,
) -> Pattern {
    Pattern {
        literal,
        rule,
        families,
        regex,
        kind: Kind::Value,
    }
}

/// A route-table line: the value is the whole line (see [`Kind::Line`]).
const fn route(
    literal: &'static str,
    rule: &'static str,
    families: u16,
    regex: &'static str,
) -> Pattern {
    Pattern {
        literal,
        rule,
        families,
        regex,
        kind: Kind::Line,
    }
}

/// Longest line kept by a [`Kind::Line`] hit.
const MAX_LINE: usize = 400;

/// Order matters where literals share a start: leftmost-first picks the earlier one.
pub static PATTERNS: &[Pattern] = &[
    // --- env vars read by code (names only) ---
    Pattern {
        literal: "} = process.env",
        rule: "env:process.env",
        families: JS,
        regex: "",
        kind: Kind::Destructure,
    },
    p(
        "process.env",
        "env:process.env",
        JS,
        r#"^process\.env(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[\s*["'`]([A-Za-z_][A-Za-z0-9_]*)["'`]\s*\])"#,
    ),
    p(
        "import.meta.env.",
        "env:import.meta.env",
        JS,
        r"^import\.meta\.env\.([A-Za-z_][A-Za-z0-9_]*)",
    ),
    p(
        "environ",
        "env:os.environ",
        PY,
        r#"^environ(?:\.get)?\s*[\[(]\s*["']([A-Za-z_][A-Za-z0-9_]*)["']"#,
    ),
    p(
        "System.getenv(",
        "env:System.getenv",
        JVM,
        r#"^System\.getenv\(\s*"([A-Za-z_][A-Za-z0-9_]*)""#,
    ),
    p(
        "getenv(",
        "env:getenv",
        PY | PHP,
        r#"^getenv\(\s*["']([A-Za-z_][A-Za-z0-9_]*)["']"#,
    ),
    p(
        "Getenv(",
        "env:os.Getenv",
        GO,
        r#"^Getenv\(\s*"([A-Za-z_][A-Za-z0-9_]*)""#,
    ),
    p(
        "LookupEnv(",
        "env:os.LookupEnv",
        GO,
        r#"^LookupEnv\(\s*"([A-Za-z_][A-Za-z0-9_]*)""#,
    ),
    p(
        "ENV[",
        "env:ENV[]",
        RB,
        r#"^ENV\[\s*["']([A-Za-z_][A-Za-z0-9_]*)["']"#,
    ),
    p(
        "ENV.fetch(",
        "env:ENV.fetch",
        RB,
        r#"^ENV\.fetch\(\s*["']([A-Za-z_][A-Za-z0-9_]*)["']"#,
    ),
    p(
        "${",
        "env:spring-placeholder",
        PROPS | JVM,
        r"^\$\{([A-Z][A-Z0-9_]*)(?::[^}]*)?\}",
    ),
    p(
        "env::var",
        "env:std::env::var",
        RS,
        r#"^env::var(?:_os)?\(\s*"([A-Za-z_][A-Za-z0-9_]*)""#,
    ),
    p(
        "GetEnvironmentVariable(",
        "env:Environment.GetEnvironmentVariable",
        NET,
        r#"^GetEnvironmentVariable\(\s*"([A-Za-z_][A-Za-z0-9_]*)""#,
    ),
    p(
        "System.get_env(",
        "env:System.get_env",
        EX,
        r#"^System\.get_env\(\s*"([A-Za-z_][A-Za-z0-9_]*)""#,
    ),
    p(
        "System.fetch_env",
        "env:System.fetch_env",
        EX,
        r#"^System\.fetch_env!?\(\s*"([A-Za-z_][A-Za-z0-9_]*)""#,
    ),
    p(
        "env(",
        "env:env()",
        PHP | PY,
        r#"^env\(\s*["']([A-Z][A-Z0-9_]*)["']"#,
    ),
    p(
        "env.",
        "env:django-environ",
        PY,
        r#"^env\.(?:str|bool|int|float|list|json|url|db|db_url|cache|cache_url|path|dict|tuple)\(\s*["']([A-Z][A-Z0-9_]*)["']"#,
    ),
    p(
        "config(",
        "env:decouple",
        PY,
        r#"^config\(\s*["']([A-Z][A-Z0-9_]*)["']"#,
    ),
    p(
        "$_ENV[",
        "env:$_ENV",
        PHP,
        r#"^\$_ENV\[\s*["']([A-Za-z_][A-Za-z0-9_]*)["']"#,
    ),
    // --- the port the server listens on ---
    p(
        "PORT",
        "port:default",
        // Not JVM/.NET/Rust: they say the port in config or in `bind(...)`, and their docs
        // and tests quote the JS idiom.
        JS | PY | RB | PHP | GO | EX,
        r#"^PORT["'`]?\s*\]?\s*\)?\s*(?:\|\||\?\?|\bor\b|,|\{|=)\s*["']?(\d{2,5})\b"#,
    ),
    p(
        "listen(",
        "port:listen",
        JS,
        r"^listen\(\s*(?:(\d{2,5})\b|\{[^}]*?\bport\s*:\s*(\d{2,5})\b)",
    ),
    p(
        "ListenAndServe",
        "port:go-http",
        GO,
        r#"^ListenAndServe(?:TLS)?\((?:\s*"[^"]*:(\d{2,5})")?"#,
    ),
    p("http.Server{", "port:go-http", GO, ""),
    p(
        ".Run(",
        "port:listen",
        GO,
        r#"^\.Run\(\s*"[^"]*:(\d{2,5})""#,
    ),
    p(
        ".Start(",
        "port:listen",
        GO,
        r#"^\.Start\(\s*"[^"]*:(\d{2,5})""#,
    ),
    p(
        ".Listen(",
        "port:listen",
        GO,
        r#"^\.Listen\(\s*"[^"]*:(\d{2,5})""#,
    ),
    p(
        ".run(",
        "port:listen",
        PY,
        r"^\.run\([^)\n]*\bport\s*=\s*(\d{2,5})\b",
    ),
    p(
        "bind(",
        "port:listen",
        RS,
        r#"^bind\(\s*(?:"[^"]*:(\d{2,5})"|\(\s*"[^"]*"\s*,\s*(\d{2,5})\s*\))"#,
    ),
    p(
        "SocketAddr::from(",
        "port:listen",
        RS,
        r"^SocketAddr::from\(\s*\(\s*\[[^\]]*\]\s*,\s*(\d{2,5})\b",
    ),
    p(
        "UseUrls(",
        "port:listen",
        NET,
        r#"^UseUrls\(\s*"[^"]*:(\d{2,5})"#,
    ),
    // --- websockets ---
    p(
        "text/event-stream",
        "ws:server-sent-events",
        JS | PY | RB | PHP | JVM | NET | GO | EX | RS,
        "",
    ),
    p("AddSignalR", "ws:signalr", NET, ""),
    p("MapHub<", "ws:signalr", NET, ""),
    p(".websocket(", "ws:asgi-websocket", PY, ""),
    p("WebSocketServer", "ws:ws", JS, ""),
    p("WebSocket.Server", "ws:ws", JS, ""),
    p("@WebSocketGateway", "ws:nestjs-websockets", JS, ""),
    p("@ServerEndpoint", "ws:jakarta-websocket", JVM, ""),
    p("@EnableWebSocket", "ws:spring-websocket", JVM, ""),
    p("Phoenix.Channel", "ws:phoenix-channels", EX, ""),
    p(", :channel", "ws:phoenix-channels", EX, ""),
    p("< ApplicationCable::Channel", "ws:actioncable", RB, ""),
    // --- workers and schedules in code ---
    p("Celery(", "worker:celery", PY, ""),
    p(
        ": BackgroundService",
        "worker:dotnet-hosted-service",
        NET,
        "",
    ),
    p("beat_schedule", "sched:celery-beat", PY, ""),
    p("@Scheduled", "sched:scheduled-annotation", JVM, ""),
    p("$schedule->", "sched:laravel-scheduler", PHP, ""),
    p("Schedule::", "sched:laravel-scheduler", PHP, ""),
    p("RecurringJob.", "sched:hangfire-recurring", NET, ""),
    p("Oban.Plugins.Cron", "sched:oban-cron", EX, ""),
    p("cron.schedule(", "sched:node-cron", JS, ""),
    p("SessionStorage(", "session:storage", JS, ""),
    p("= FastAPI(", "app:fastapi", PY, ""),
    p("= Flask(", "app:flask", PY, ""),
    // --- databases and migrations in code ---
    p(
        "django.db.backends.",
        "db:django-engine",
        PY,
        r"^django\.db\.backends\.([a-z0-9_]+)",
    ),
    p(
        "Ecto.Adapters.",
        "db:ecto-adapter",
        EX,
        r"^Ecto\.Adapters\.([A-Za-z0-9]+)",
    ),
    p("UseNpgsql", "db:ef-provider", NET, r"^Use(Npgsql)"),
    p("UseSqlServer", "db:ef-provider", NET, r"^Use(SqlServer)"),
    p("UseMySql", "db:ef-provider", NET, r"^Use(MySql)"),
    p("UseSqlite", "db:ef-provider", NET, r"^Use(Sqlite)"),
    p("+goose Up", "mig:goose", SQL, ""),
    p("sqlx::migrate!", "mig:sqlx", RS, ""),
    // --- migrations the app runs itself at startup ---
    p("goose.Up(", "mig:startup", GO, ""),
    p("goose.UpContext(", "mig:startup", GO, ""),
    p("migrate.NewWithDatabaseInstance(", "mig:startup", GO, ""),
    p(".AutoMigrate(", "mig:startup", GO, ""),
    p("Database.Migrate(", "mig:startup", NET, ""),
    p("Database.MigrateAsync(", "mig:startup", NET, ""),
    p("Database.EnsureCreated(", "mig:startup", NET, ""),
    p("Database.EnsureCreatedAsync(", "mig:startup", NET, ""),
    p("migrationsRun: true", "mig:startup", JS, ""),
    p("sequelize.sync(", "mig:startup", JS, ""),
    p("command.upgrade(", "mig:startup", PY, ""),
    // --- routes, mounts and prefixes, for the health detector (whole lines) ---
    route(".get(", "route:call", JS | PY, r#"^\.get\(\s*["'`]/"#),
    route(".all(", "route:call", JS, r#"^\.all\(\s*["'`]/"#),
    route(".head(", "route:call", JS, r#"^\.head\(\s*["'`]/"#),
    route(
        ".route(",
        "route:call",
        JS | PY,
        r#"^\.route\(\s*(?:["'`]/|\{)"#,
    ),
    route(".api_route(", "route:call", PY, r#"^\.api_route\(\s*["']/"#),
    route(
        ".use(",
        "route:mount",
        JS,
        r#"^\.use\(\s*(?:["'`]/|\w+\s*\)|\w+\.routes\(\)|require\(\s*["'`]\.)"#,
    ),
    route(".register(", "route:mount", JS, r"^\.register\([^)]*prefix"),
    route("express(", "route:app", JS, r"^express\(\s*\)"),
    route("express.Router(", "route:router", JS, ""),
    route("Router(", "route:router", JS | PY, r"^Router\("),
    route("Koa(", "route:app", JS, ""),
    route("Hono(", "route:app", JS, ""),
    route("Fastify(", "route:app", JS, ""),
    route("fastify(", "route:app", JS, ""),
    // `const fastify = require('fastify')({ logger: true })`
    route("fastify')(", "route:app", JS, ""),
    route("fastify\")(", "route:app", JS, ""),
    route("require(", "route:import", JS, r#"^require\(\s*["'`]\."#),
    route(
        "import ",
        "route:import",
        JS,
        r#"^import\s+[^;]*?from\s+["'`]\."#,
    ),
    route("@Controller(", "route:nest-controller", JS, ""),
    route("@Get(", "route:nest-get", JS, ""),
    route("setGlobalPrefix(", "route:nest-prefix", JS, ""),
    route("path:", "route:hapi-path", JS, r#"^path:\s*["'`]/"#),
    route("APIRouter(", "route:router", PY, ""),
    route("Blueprint(", "route:router", PY, ""),
    route("include_router(", "route:mount", PY, ""),
    route("register_blueprint(", "route:mount", PY, ""),
    route("from ", "route:import", PY, r"^from\s+\S+\s+import\s"),
    route(
        "Route::",
        "route:call",
        PHP,
        r#"^Route::(?:get|any|match)\(\s*["']"#,
    ),
    route("@GetMapping(", "route:call", JVM, ""),
    route("@RequestMapping(", "route:prefix", JVM, ""),
    route("MapHealthChecks(", "route:builtin", NET, ""),
    route("MapGet(", "route:call", NET, r#"^MapGet\(\s*"/"#),
    route(
        "HandleFunc(",
        "route:call",
        GO,
        r#"^HandleFunc\(\s*"(?:[A-Z]+ )?/"#,
    ),
    route("Handle(", "route:call", GO, r#"^Handle\(\s*"(?:[A-Z]+ )?/"#),
    route(".GET(", "route:call", GO, r#"^\.GET\(\s*"/"#),
    route(".Get(", "route:call", GO, r#"^\.Get\(\s*"/"#),
    route(".Group(", "route:prefix", GO, r#"^\.Group\(\s*"/"#),
    route(".Route(", "route:prefix", GO, r#"^\.Route\(\s*"/"#),
    // --- where the app is created and named, for a generated health endpoint ---
    route("NestFactory.create", "app:nest", JS, ""),
    p(
        "basePath",
        "app:next-base-path",
        JS,
        r"^basePath\s*:\s*([^,}\n]*)",
    ),
    route("gin.Default(", "app:go", GO, ""),
    route("gin.New(", "app:go", GO, ""),
    route("echo.New(", "app:go", GO, ""),
    route("fiber.New(", "app:go", GO, ""),
    route("chi.NewRouter(", "app:go", GO, ""),
    route("http.NewServeMux(", "app:go", GO, ""),
    route("mux.NewRouter(", "app:go", GO, ""),
    route("= Starlette(", "app:starlette", PY, ""),
    p(
        "defmodule ",
        "app:ex-module",
        EX,
        r"^defmodule\s+([A-Z][\w.]*)",
    ),
    p("plug ", "app:ex-plug", EX, r"^plug\s+([A-Z][\w.]*)\s*$"),
    // --- committed keys (kind and line only, never the value) ---
    // The key material must follow (a newline, or an escaped one in JSON): code that only
    // compares against the header is not a committed key.
    p(
        "-----BEGIN ",
        "secret:private-key",
        SECRETS,
        r"^-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----(?:\s*$|(?:\\r)?\\n[A-Za-z0-9+/=]{16})",
    ),
    p(
        "AKIA",
        "secret:aws-access-key",
        SECRETS,
        r"^AKIA[0-9A-Z]{9}([0-9A-Z]{7})(?:[^0-9A-Za-z]|$)",
    ),
    // Well-known token shapes, anywhere; the detector confirms each with core's `tokens`.
    p(
        "sk_live_",
        "secret:token",
        SECRETS,
        r"^([A-Za-z0-9_\-]{12,})",
    ),
    p(
        "rk_live_",
        "secret:token",
        SECRETS,
        r"^([A-Za-z0-9_\-]{12,})",
    ),
    p("ghp_", "secret:token", SECRETS, r"^([A-Za-z0-9_\-]{12,})"),
    p("gho_", "secret:token", SECRETS, r"^([A-Za-z0-9_\-]{12,})"),
    p("ghu_", "secret:token", SECRETS, r"^([A-Za-z0-9_\-]{12,})"),
    p("ghs_", "secret:token", SECRETS, r"^([A-Za-z0-9_\-]{12,})"),
    p("ghr_", "secret:token", SECRETS, r"^([A-Za-z0-9_\-]{12,})"),
    p(
        "github_pat_",
        "secret:token",
        SECRETS,
        r"^([A-Za-z0-9_\-]{12,})",
    ),
    p("xoxb-", "secret:token", SECRETS, r"^([A-Za-z0-9_\-]{12,})"),
    p("xoxp-", "secret:token", SECRETS, r"^([A-Za-z0-9_\-]{12,})"),
    p(
        "sk-proj-",
        "secret:token",
        SECRETS,
        r"^([A-Za-z0-9_\-]{12,})",
    ),
    p(
        "sk-ant-",
        "secret:token",
        SECRETS,
        r"^([A-Za-z0-9_\-]{12,})",
    ),
    p(
        "aws_secret_access_key",
        "secret:aws-credentials",
        SECRETS,
        r"^aws_secret_access_key\s*=\s*\S",
    ),
    p(
        "\"service_account\"",
        "secret:gcp-service-account",
        SECRETS,
        "",
    ),
];

/// One automaton per family set, holding only the patterns that apply (a Python file is never
/// searched for `process.env`): fewer, more selective literals keep Aho-Corasick on its SIMD
/// (Teddy) prefilter, which handles at most 64 patterns.
struct Searcher {
    automaton: AhoCorasick,
    /// Local pattern id → index in [`PATTERNS`].
    ids: Vec<usize>,
}

impl Searcher {
    fn new(families: u16) -> Searcher {
        let ids: Vec<usize> = (0..PATTERNS.len())
            .filter(|i| PATTERNS[*i].families & families != 0)
            .collect();
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(ids.iter().map(|i| PATTERNS[*i].literal))
            .expect("the pattern literals build an automaton");
        Searcher { automaton, ids }
    }
}

/// Family sets seen in practice: one language family (or none), with or without SECRETS.
const SLOTS: usize = 2 * 13;
static SEARCHERS: [OnceLock<Searcher>; SLOTS] = [const { OnceLock::new() }; SLOTS];
static ANY: LazyLock<Searcher> = LazyLock::new(|| Searcher::new(u16::MAX));

fn searcher(families: u16) -> &'static Searcher {
    let lang = families & !SECRETS;
    let slot = match lang.count_ones() {
        0 => 12,
        1 => lang.trailing_zeros() as usize,
        _ => return &ANY,
    };
    let slot = slot * 2 + usize::from(families & SECRETS != 0);
    SEARCHERS[slot].get_or_init(|| Searcher::new(families))
}

/// Compiled on first use: a repository without Go never compiles the Go regexes.
static REGEXES: [OnceLock<Option<Regex>>; 160] = [const { OnceLock::new() }; 160];

fn regex(i: usize) -> Option<&'static Regex> {
    REGEXES[i]
        .get_or_init(|| {
            let src = PATTERNS[i].regex;
            (!src.is_empty()).then(|| {
                // ASCII classes: smaller, faster to compile than Unicode `\s` and `\d`.
                regex::bytes::RegexBuilder::new(src)
                    .unicode(false)
                    .build()
                    .expect("pattern regexes compile")
            })
        })
        .as_ref()
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Env var names a JS destructuring `{ A, B: b, C = "x" } = process.env` reads; `brace_end`
/// is the offset of its `}`.
fn destructured(bytes: &[u8], brace_end: usize) -> Vec<String> {
    let from = brace_end.saturating_sub(1000);
    let Some(open) = memchr::memrchr(b'{', &bytes[from..brace_end]).map(|i| from + i) else {
        return Vec::new();
    };
    String::from_utf8_lossy(&bytes[open + 1..brace_end])
        .split(',')
        .filter_map(|part| {
            let name = part.split([':', '=']).next()?.trim();
            let ok = !name.is_empty()
                && name.bytes().all(is_ident)
                && !name.as_bytes()[0].is_ascii_digit();
            ok.then(|| name.to_string())
        })
        .collect()
}

/// Whether the line holding `at` is a comment up to `at` (`//`, `#`, `*`, `--`): docs that
/// mention `process.env.PORT || 3000` are not code that reads it. Committed keys and goose's
/// `-- +goose Up` annotations count even there.
fn in_comment(bytes: &[u8], at: usize) -> bool {
    let line_start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
    let before = bytes[line_start..at].trim_ascii_start();
    [&b"//"[..], b"#", b"*", b"/*", b"--", b"<!--"]
        .iter()
        .any(|c| before.starts_with(c))
}

/// Runs every pattern of `families` over `bytes` (a file at `path`) and appends the hits.
pub fn scan(path: &str, families: u16, bytes: &[u8], hits: &mut Vec<Hit>) {
    let mut line = 1u32;
    let mut counted = 0usize;
    let searcher = searcher(families);
    for m in searcher.automaton.find_iter(bytes) {
        let index = searcher.ids[m.pattern().as_usize()];
        let pat = &PATTERNS[index];
        let start = m.start();
        let first = pat.literal.as_bytes()[0];
        if is_ident(first) && start > 0 && is_ident(bytes[start - 1]) {
            continue;
        }
        let keeps_comments = pat.rule.starts_with("secret:") || pat.rule.starts_with("mig:");
        if !keeps_comments && in_comment(bytes, start) {
            continue;
        }
        line += memchr::memchr_iter(b'\n', &bytes[counted..start]).count() as u32;
        counted = start;
        let line_end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        let rest = &bytes[start..line_end];
        let mut push = |value: String| {
            hits.push(Hit {
                path: path.to_string(),
                line,
                rule: pat.rule,
                value,
            })
        };
        if pat.kind == Kind::Destructure {
            destructured(bytes, start).into_iter().for_each(push);
            continue;
        }
        if pat.kind == Kind::Line {
            if regex(index).is_none_or(|re| re.is_match(rest)) {
                let line_start = memchr::memrchr(b'\n', &bytes[..start]).map_or(0, |i| i + 1);
                let end = line_end.min(line_start + MAX_LINE);
                let text = String::from_utf8_lossy(&bytes[line_start..end]);
                push(text.trim_end_matches('\r').to_string());
            }
            continue;
        }
        match regex(index) {
            None => push(String::new()),
            Some(re) => {
                if let Some(caps) = re.captures(rest) {
                    let value = caps
                        .iter()
                        .skip(1)
                        .flatten()
                        .next()
                        .map(|g| String::from_utf8_lossy(g.as_bytes()).into_owned())
                        .unwrap_or_default();
                    push(value);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(families: u16, text: &str) -> Vec<(u32, &'static str, String)> {
        let mut hits = Vec::new();
        scan("f", families, text.as_bytes(), &mut hits);
        hits.into_iter()
            .map(|h| (h.line, h.rule, h.value))
            .collect()
    }

    #[test]
    fn every_family_searcher_fits_the_simd_prefilter() {
        for fam in [JS, PY, RB, PHP, JVM, NET, GO, EX, RS, SQL, PROPS, 0] {
            assert!(
                Searcher::new(fam | SECRETS).ids.len() <= 64,
                "family {fam:b}"
            );
        }
    }

    #[test]
    fn all_regexes_compile_and_literals_fit() {
        assert!(PATTERNS.len() <= REGEXES.len());
        for (i, p) in PATTERNS.iter().enumerate() {
            let _ = regex(i);
            assert!(p.regex.is_empty() || p.regex.starts_with('^'));
        }
    }

    #[test]
    fn node_env_reads_in_every_form() {
        let text = "const a = process.env.API_URL || process.env['B_KEY'];\n\
                    const {\n  STRIPE_KEY,\n  MODE: mode,\n} = process.env;\n\
                    const v = import.meta.env.VITE_API;\n";
        let names: Vec<_> = run(JS, text).into_iter().map(|h| h.2).collect();
        assert_eq!(
            names,
            ["API_URL", "B_KEY", "STRIPE_KEY", "MODE", "VITE_API"]
        );
    }

    #[test]
    fn env_reads_per_language_and_boundaries() {
        assert_eq!(
            run(
                PY,
                "x = os.environ[\"A\"]\ny = os.getenv('B')\nz = os.environ.get(\"C\", 1)"
            )
            .iter()
            .map(|h| h.2.as_str())
            .collect::<Vec<_>>(),
            ["A", "B", "C"]
        );
        assert_eq!(run(GO, "k := os.Getenv(\"GO_KEY\")")[0].2, "GO_KEY");
        assert_eq!(run(RB, "ENV.fetch(\"RB\") { 1 }\nENV['X']").len(), 2);
        assert_eq!(run(PHP, "'key' => env('APP_KEY'),\nmyenv('NOPE')").len(), 1);
        assert_eq!(
            run(
                PROPS,
                "spring.datasource.url=${DATABASE_URL:jdbc:x}\na=${spring.x}"
            )
            .len(),
            1
        );
        assert_eq!(run(RS, "std::env::var(\"RUST_KEY\")")[0].2, "RUST_KEY");
        assert_eq!(
            run(EX, "System.fetch_env!(\"SECRET_KEY_BASE\")")[0].2,
            "SECRET_KEY_BASE"
        );
        assert_eq!(
            run(NET, "Environment.GetEnvironmentVariable(\"NET_KEY\")")[0].2,
            "NET_KEY"
        );
        assert!(
            run(JS, "os.getenv('B')").is_empty(),
            "families filter patterns"
        );
    }

    #[test]
    fn ports_from_code() {
        assert_eq!(
            run(JS, "const port = process.env.PORT || 3000;")[1],
            (1, "port:default", "3000".into())
        );
        assert_eq!(run(JS, "app.listen(8080, () => {})")[0].2, "8080");
        assert_eq!(
            run(JS, "await app.listen({ port: 4000, host: '0.0.0.0' })")[0].2,
            "4000"
        );
        assert_eq!(
            run(GO, "log.Fatal(http.ListenAndServe(\":8081\", mux))")[0].2,
            "8081"
        );
        assert_eq!(
            run(PY, "port = int(os.environ.get(\"PORT\", 5000))")[1].2,
            "5000"
        );
        assert_eq!(run(RB, "port ENV.fetch(\"PORT\") { 3000 }")[1].2, "3000");
        assert_eq!(run(RS, "TcpListener::bind(\"0.0.0.0:3000\")")[0].2, "3000");
        assert!(run(JS, "DB_PORT = 5432").is_empty());
        assert!(
            run(RS, "/// `PORT || 3000` is read").is_empty(),
            "comments are not code"
        );
        assert!(run(PY, "  # os.environ['DOC_ONLY']").is_empty());
    }

    #[test]
    fn secrets_report_lines_not_values() {
        let hits = run(SECRETS, "x\n-----BEGIN RSA PRIVATE KEY-----\nMIIfake\n");
        assert_eq!(hits, [(2, "secret:private-key", String::new())]);
        // The hit keeps the key's last 7 characters in memory only, to tell AWS's doc example.
        assert_eq!(run(SECRETS, "key = AKIAIOSFODNN7EXAMPLE")[0].2, "EXAMPLE");
    }
}
