//! Secrets apart from settings. A secret's value is a credential: it goes to the platform's
//! secret store and is never written anywhere. A setting is configuration: a port, a mode, a
//! host, a flag, a log level, a public build-time value; it gets a value in the platform file
//! (or the platform's own default). Some names the platform itself sets (`PORT`): the app
//! reads them, the design does not set them.

use crate::answers::Stack;
use crate::facts::Facts;

/// What a variable the app reads is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnvClass {
    /// A credential: stored as a secret, only its name is ever written.
    Secret,
    /// Configuration, with its production value when deployplan knows it.
    Setting(Option<String>),
    /// The platform or the runtime sets it on every deploy (`PORT`, `DYNO`, `K_SERVICE`).
    Provided,
}

/// Names the platforms set for every process (Heroku's dyno metadata, Cloud Run's `K_*`,
/// Render's `RENDER*`, Fly's `FLY_*`, Railway's `RAILWAY_*`, Vercel's `VERCEL*`).
fn provided(name: &str) -> bool {
    matches!(
        name,
        "PORT" | "HOSTNAME" | "DYNO" | "K_SERVICE" | "K_REVISION" | "K_CONFIGURATION" | "TZ"
    ) || [
        "RENDER", "FLY_", "RAILWAY_", "VERCEL", "NETLIFY", "CF_PAGES",
    ]
    .iter()
    .any(|p| name.starts_with(p))
}

/// Words that make a name a credential wherever they stand (`STRIPE_SECRET_KEY`,
/// `SMTP_PASSWORD`, `GITHUB_TOKEN`, `SENTRY_DSN`).
const CREDENTIAL_WORDS: &[&str] = &[
    "SECRET",
    "PASSWORD",
    "PASSWD",
    "TOKEN",
    "CREDENTIAL",
    "PRIVATE",
    "DSN",
    "API_KEY",
    "APIKEY",
    "ACCESS_KEY",
    "SIGNING",
    "SALT",
    "CERT",
];

/// Connection strings carry a password: `DATABASE_URL`, `REDIS_URL`, `MONGODB_URI`,
/// `CELERY_BROKER_URL`, `AMQP_URL`.
fn connection_string(name: &str) -> bool {
    let addressed = name.ends_with("_URL") || name.ends_with("_URI") || name.ends_with("_DSN");
    addressed
        && [
            "DATABASE",
            "DB",
            "POSTGRES",
            "PG",
            "MYSQL",
            "MARIADB",
            "MONGO",
            "REDIS",
            "BROKER",
            "AMQP",
            "RABBIT",
            "CACHE",
            "CELERY",
            "QUEUE",
            "ELASTIC",
            "OPENSEARCH",
        ]
        .iter()
        .any(|w| name.contains(w))
}

/// The variable the code reads for a connection string of this kind, when it reads one
/// (`POSTGRES_URL`, `DB_URL`, `REDIS_TLS_URL`); `DATABASE_URL`/`REDIS_URL` first when read.
pub fn connection_name<'f>(facts: &'f Facts, words: &[&str], preferred: &str) -> Option<&'f str> {
    let read: Vec<&str> = facts
        .env_vars
        .iter()
        .filter(|v| matches!(v.source.as_str(), "code" | "example" | "framework"))
        .map(|v| v.name.as_str())
        .collect();
    if let Some(n) = read.iter().find(|n| **n == preferred) {
        return Some(n);
    }
    // .NET reads `ConnectionStrings:Default` from the environment as `ConnectionStrings__Default`.
    if preferred == "DATABASE_URL"
        && let Some(n) = read.iter().find(|n| n.starts_with("ConnectionStrings__"))
    {
        return Some(n);
    }
    read.into_iter()
        .find(|n| connection_string(n) && words.iter().any(|w| n.contains(w)))
}

/// The other Redis connection strings the code reads beside `primary` (a Celery broker or
/// result backend, an RQ or Sidekiq URL): the one Redis the plan provisions serves them all.
/// A broker named for RabbitMQ (`AMQP`, `RABBIT`) is not Redis.
pub fn redis_aliases(facts: &Facts, primary: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in &facts.env_vars {
        let n = v.name.as_str();
        let redis_like = connection_string(n)
            && ["REDIS", "BROKER", "CELERY"].iter().any(|w| n.contains(w))
            && !["AMQP", "RABBIT", "DATABASE"].iter().any(|w| n.contains(w));
        let result_backend = n == "CELERY_RESULT_BACKEND";
        if (redis_like || result_backend)
            && n != primary
            && matches!(v.source.as_str(), "code" | "example" | "framework")
            && !out.iter().any(|o| o == n)
        {
            out.push(n.to_string());
        }
    }
    out
}

/// Whether the code reads a database's parts (`DB_HOST`, `PGHOST`) rather than one URL.
pub fn reads_connection_parts(facts: &Facts) -> bool {
    facts.env_vars.iter().any(|v| {
        matches!(
            v.name.as_str(),
            "PGHOST" | "DB_HOST" | "DATABASE_HOST" | "POSTGRES_HOST" | "MYSQL_HOST" | "DB_HOSTNAME"
        )
    })
}

/// Public values inlined into a frontend bundle at build time: whatever they hold is public.
fn public_build_value(name: &str) -> bool {
    [
        "VITE_",
        "NEXT_PUBLIC_",
        "REACT_APP_",
        "NUXT_PUBLIC_",
        "PUBLIC_",
        "EXPO_PUBLIC_",
        "GATSBY_",
        "VUE_APP_",
    ]
    .iter()
    .any(|p| name.starts_with(p))
}

/// Names whose shape says "configuration": ports, hosts, modes, flags, levels, sizes, paths.
fn setting_shape(name: &str) -> bool {
    const SUFFIXES: &[&str] = &[
        "_PORT",
        "_HOST",
        "_HOSTNAME",
        "_ENV",
        "_PREFIX",
        "_ENVIRONMENT",
        "_MODE",
        "_LEVEL",
        "_ENABLED",
        "_DISABLED",
        "_DEBUG",
        "_TIMEOUT",
        "_TTL",
        "_AGE",
        "_SIZE",
        "_LIMIT",
        "_COUNT",
        "_MAX",
        "_MIN",
        "_DIR",
        "_PATH",
        "_FILE",
        "_REGION",
        "_BUCKET",
        "_NAME",
        "_DOMAIN",
        "_ORIGIN",
        "_ORIGINS",
        "_URL",
        "_URI",
        "_VERSION",
        "_WORKERS",
        "_THREADS",
        "_CONCURRENCY",
        "_FORMAT",
        "_LANG",
        "_LOCALE",
        "_TIMEZONE",
        "_SECURE",
        "_HTTPONLY",
        "_SAMESITE",
        "_INTERVAL",
        "_ID",
    ];
    const PREFIXES: &[&str] = &["LOG_", "ENABLE_", "DISABLE_", "FEATURE_", "USE_", "ALLOW_"];
    const WHOLE: &[&str] = &[
        "HOST",
        "DEBUG",
        "ENV",
        "ENVIRONMENT",
        "APP_URL",
        "BASE_URL",
        "ALLOWED_HOSTS",
        "WEB_CONCURRENCY",
        "PYTHONUNBUFFERED",
        "PYTHONDONTWRITEBYTECODE",
        "DJANGO_SETTINGS_MODULE",
        "BUNDLE_GEMFILE",
        "PIDFILE",
        "BUNDLE_WITHOUT",
        "BUNDLE_DEPLOYMENT",
        "RAILS_MAX_THREADS",
        "RAILS_SERVE_STATIC_FILES",
        "RAILS_LOG_TO_STDOUT",
        "SESSION_DRIVER",
        "CACHE_DRIVER",
        "QUEUE_CONNECTION",
        "MAIL_MAILER",
        "APP_NAME",
        "APP_DEBUG",
        "APP_ENV",
        "REGION",
        "DB_CONNECTION",
        "DB_DATABASE",
        "PGDATABASE",
        "PGPORT",
        "PGHOST",
        "PGUSER",
    ];
    WHOLE.contains(&name)
        || SUFFIXES.iter().any(|s| name.ends_with(s))
        || PREFIXES.iter().any(|p| name.starts_with(p))
}

/// The environment switches of the app's framework, with the values its production mode
/// needs (`MIX_ENV=prod`, not `production`): its provider's, else its stack's.
pub fn framework_switches(
    stack: Option<Stack>,
    facts: &Facts,
) -> Vec<(&'static str, &'static str)> {
    crate::frameworks::switches(stack, facts).to_vec()
}

/// The class of a variable the app reads. A framework switch has its production value; a
/// name that says nothing of itself is kept a secret (a credential stored as a setting would
/// be written in plain text; a setting stored as a secret only costs a masked value).
pub fn classify(name: &str, switches: &[(&str, &str)]) -> EnvClass {
    if let Some((_, value)) = switches.iter().find(|(n, _)| *n == name) {
        return EnvClass::Setting(Some((*value).to_string()));
    }
    if provided(name) {
        return EnvClass::Provided;
    }
    if public_build_value(name) {
        return EnvClass::Setting(None);
    }
    if connection_string(name) || CREDENTIAL_WORDS.iter().any(|w| name.contains(w)) {
        return EnvClass::Secret;
    }
    // `*_KEY` is a key (`APP_KEY`, `SECRET_KEY_BASE`, `STRIPE_KEY`) unless it is a
    // configuration key name (`CACHE_KEY_PREFIX`).
    if name.ends_with("_KEY") || name == "KEY" || name.contains("_KEY_") && !name.contains("PREFIX")
    {
        return EnvClass::Secret;
    }
    match name {
        "DEBUG" | "APP_DEBUG" | "DJANGO_DEBUG" | "FLASK_DEBUG" => {
            EnvClass::Setting(Some("false".to_string()))
        }
        "LOG_LEVEL" => EnvClass::Setting(Some("info".to_string())),
        "RAILS_LOG_TO_STDOUT" | "RAILS_SERVE_STATIC_FILES" => {
            EnvClass::Setting(Some("true".to_string()))
        }
        "PYTHONUNBUFFERED" => EnvClass::Setting(Some("1".to_string())),
        "HOST" => EnvClass::Setting(Some("0.0.0.0".to_string())),
        _ if setting_shape(name) => EnvClass::Setting(None),
        _ => EnvClass::Secret,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(name: &str) -> EnvClass {
        classify(name, &[("MIX_ENV", "prod"), ("PHX_SERVER", "true")])
    }

    #[test]
    fn credentials_are_secrets() {
        for n in [
            "DATABASE_URL",
            "REDIS_URL",
            "CELERY_BROKER_URL",
            "MONGODB_URI",
            "STRIPE_SECRET_KEY",
            "SECRET_KEY_BASE",
            "APP_KEY",
            "GITHUB_CLIENT_SECRET",
            "SMTP_PASSWORD",
            "SENTRY_DSN",
            "OPENAI_API_KEY",
            "AWS_SECRET_ACCESS_KEY",
            "POSTGRES_PASSWORD_FILE",
            "SSL_KEY_FILE",
            "MYSTERY",
        ] {
            assert_eq!(of(n), EnvClass::Secret, "{n}");
        }
    }

    #[test]
    fn configuration_is_a_setting() {
        for n in [
            "VITE_API_URL",
            "NEXT_PUBLIC_SITE_URL",
            "SESSION_COOKIE_AGE",
            "REDIS_HOST",
            "DB_PORT",
            "ALLOWED_HOSTS",
            "BUNDLE_GEMFILE",
            "AWS_REGION",
            "S3_BUCKET",
            "SENTRY_ENVIRONMENT",
            "CACHE_KEY_PREFIX",
            "GITHUB_CLIENT_ID",
            "PIDFILE",
            "LOG_FILE",
        ] {
            assert!(matches!(of(n), EnvClass::Setting(_)), "{n}: {:?}", of(n));
        }
        assert_eq!(of("MIX_ENV"), EnvClass::Setting(Some("prod".into())));
        assert_eq!(of("PHX_SERVER"), EnvClass::Setting(Some("true".into())));
        assert_eq!(of("DEBUG"), EnvClass::Setting(Some("false".into())));
    }

    #[test]
    fn the_platform_sets_its_own() {
        for n in [
            "PORT",
            "DYNO",
            "K_SERVICE",
            "RENDER_GIT_COMMIT",
            "FLY_APP_NAME",
        ] {
            assert_eq!(of(n), EnvClass::Provided, "{n}");
        }
    }
}
