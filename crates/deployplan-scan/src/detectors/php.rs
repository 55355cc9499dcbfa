//! PHP: composer.json; Laravel and Symfony; artisan and Doctrine migrations; Horizon and
//! Messenger workers; the Laravel scheduler; Reverb websockets.

use deployplan_core::Facts;
use deployplan_core::facts::{MigrationFact, RuntimeVersion};
use serde_json::Value;

use super::Detector;
use crate::deps::Deps;
use crate::index::RepoIndex;
use crate::record::{add, add_env, claim_commands, ev, line_at, line_of, numbered, set_once};
use crate::rules::{Rule, When::*, apply, rule};

pub struct Php;

const ID: &str = "php";

static FRAMEWORKS: &[Rule] = &[
    rule("laravel", Dep("laravel/framework")),
    rule("laravel", File("artisan")),
    rule("symfony", Dep("symfony/framework-bundle")),
    rule("symfony", File("symfony.lock")),
    rule("slim", Dep("slim/slim")),
];

static DATABASES: &[Rule] = &[
    rule("redis", Dep("predis/predis")),
    rule("mongodb", Dep("mongodb/laravel-mongodb")),
    rule("mongodb", Dep("mongodb/mongodb")),
];

static WORKERS: &[Rule] = &[
    rule("laravel-horizon", Dep("laravel/horizon")),
    rule("laravel-queue", Dir("app/Jobs")),
];

static SCHEDULES: &[Rule] = &[
    rule("laravel-scheduler", Code("sched:laravel-scheduler")),
    rule("symfony-scheduler", Dep("symfony/scheduler")),
];

static WEBSOCKETS: &[Rule] = &[
    rule("laravel-reverb", Dep("laravel/reverb")),
    rule("laravel-websockets", Dep("beyondcode/laravel-websockets")),
    rule("ratchet", Dep("cboden/ratchet")),
    rule("server-sent-events", Code("ws:server-sent-events")),
];

fn composer_deps(text: &str, doc: &Value) -> Deps {
    let mut deps = Deps::default();
    for (section, dev) in [("require", false), ("require-dev", true)] {
        let Some(map) = doc.get(section).and_then(Value::as_object) else {
            continue;
        };
        let from = text.find(&format!("\"{section}\"")).unwrap_or(0);
        for name in map.keys() {
            let line = text[from..]
                .find(&format!("\"{name}\""))
                .map(|at| line_at(text, from + at));
            deps.push(name, "composer.json", line, dev);
        }
    }
    deps
}

impl Detector for Php {
    fn id(&self) -> &'static str {
        ID
    }

    fn frameworks(&self) -> Vec<&'static str> {
        crate::rules::facts_of(FRAMEWORKS).collect()
    }

    fn detect(&self, index: &RepoIndex, facts: &mut Facts) {
        let Some(text) = index.text("composer.json") else {
            return;
        };
        let doc = serde_json::from_str::<Value>(text).unwrap_or(Value::Null);
        let deps = composer_deps(text, &doc);
        apply(ID, FRAMEWORKS, &deps, index, &mut facts.frameworks);
        apply(ID, DATABASES, &deps, index, &mut facts.databases);
        let laravel = facts.has_framework("laravel");
        let symfony = facts.has_framework("symfony");
        if laravel {
            for file in [".env.example", ".env"] {
                let Some(env) = index.text(file) else {
                    continue;
                };
                let Some((n, line)) = numbered(env).find(|(_, l)| l.starts_with("DB_CONNECTION="))
                else {
                    continue;
                };
                let db = match line["DB_CONNECTION=".len()..].trim().trim_matches('"') {
                    "pgsql" => "postgres",
                    "mysql" | "mariadb" => "mysql",
                    "sqlite" => "sqlite",
                    _ => continue,
                };
                add(
                    &mut facts.databases,
                    db,
                    ev(file, Some(n), format!("{ID}/DB_CONNECTION")),
                );
                break;
            }
        }
        apply(ID, WORKERS, &deps, index, &mut facts.workers);
        if let Some(d) = deps.get("symfony/messenger") {
            let cfg = "config/packages/messenger.yaml";
            let transports = index.text(cfg).and_then(|t| {
                numbered(t)
                    .find(|(_, l)| l.trim_start().starts_with("transports:"))
                    .map(|(n, _)| n)
            });
            if let Some(n) = transports {
                add(
                    &mut facts.workers,
                    "symfony-messenger",
                    ev(cfg, Some(n), format!("{ID}/messenger-transports")),
                );
                add(&mut facts.workers, "symfony-messenger", d.evidence(ID));
            }
        }
        apply(ID, SCHEDULES, &deps, index, &mut facts.schedules);
        apply(ID, WEBSOCKETS, &deps, index, &mut facts.websockets);

        let lock = index
            .root_file("composer.lock")
            .unwrap_or_else(|| "composer.json".into());
        let composer = ev(&lock, None, format!("{ID}/composer"));
        add(&mut facts.package_managers, "composer", composer.clone());
        if claim_commands(facts, ID) {
            let cmds = &mut facts.commands;
            set_once(
                &mut cmds.install,
                "composer install --no-interaction --prefer-dist".into(),
                composer,
            );
            let phpunit_cfg = index.first(&["phpunit.xml", "phpunit.xml.dist"]);
            if let Some(d) = deps.get("pestphp/pest") {
                set_once(&mut cmds.test, "vendor/bin/pest".into(), d.evidence(ID));
            } else if let (true, Some(d)) = (laravel, deps.get("phpunit/phpunit")) {
                set_once(&mut cmds.test, "php artisan test".into(), d.evidence(ID));
            } else if let Some(d) = deps.get("phpunit/phpunit") {
                set_once(&mut cmds.test, "vendor/bin/phpunit".into(), d.evidence(ID));
            } else if let Some(p) = phpunit_cfg {
                set_once(
                    &mut cmds.test,
                    "vendor/bin/phpunit".into(),
                    ev(p, None, format!("{ID}/file:{p}")),
                );
            }
        }
        // `config.platform.php` is the PHP that Composer resolves for: it wins.
        let platform = doc
            .pointer("/config/platform/php")
            .and_then(Value::as_str)
            .map(|v| (v, "config.platform.php", "\"platform\""));
        let require = doc
            .pointer("/require/php")
            .and_then(Value::as_str)
            .map(|v| (v, "require.php", "\"php\""));
        if let Some((v, rule, needle)) = platform.or(require) {
            facts.runtime_versions.push(RuntimeVersion {
                runtime: "php".into(),
                version: v.to_string(),
                evidence: vec![ev(
                    "composer.json",
                    line_of(text, needle),
                    format!("{ID}/{rule}"),
                )],
            });
        }
        if facts.migration_tool.is_none() {
            if let (true, Some(f)) = (laravel, index.files_under("database/migrations").first()) {
                facts.migration_tool = Some(MigrationFact {
                    name: "laravel".into(),
                    command: "php artisan migrate --force".into(),
                    install: None,
                    evidence: vec![ev(&f.path, None, format!("{ID}/dir:database/migrations"))],
                });
            } else if let Some(d) = deps.get("doctrine/doctrine-migrations-bundle") {
                facts.migration_tool = Some(MigrationFact {
                    name: "doctrine".into(),
                    command: "php bin/console doctrine:migrations:migrate --no-interaction".into(),
                    install: None,
                    evidence: vec![d.evidence(ID)],
                });
            }
        }
        let secret = if laravel {
            Some("APP_KEY")
        } else if symfony {
            Some("APP_SECRET")
        } else {
            None
        };
        let fw = facts
            .frameworks
            .iter()
            .find(|f| f.name == "laravel" || f.name == "symfony");
        if let (Some(name), Some(fw)) = (secret, fw) {
            let mut e = fw.evidence[0].clone();
            e.rule = format!("{ID}/framework-secret:{}", fw.name);
            add_env(facts, name, "framework", e);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn laravel_with_horizon_scheduler_and_mysql() {
        let index = RepoIndex::from_texts(&[
            (
                "composer.json",
                r#"{"require":{"php":"^8.2","laravel/framework":"^11.0","laravel/horizon":"^5"},"require-dev":{"phpunit/phpunit":"^11"}}"#,
            ),
            ("artisan", ""),
            (".env.example", "APP_KEY=\nDB_CONNECTION=mysql\n"),
            (
                "database/migrations/2024_01_01_000000_create_users_table.php",
                "",
            ),
            (
                "routes/console.php",
                "Schedule::command('emails:send')->daily();\n",
            ),
        ]);
        let mut f = Facts::default();
        Php.detect(&index, &mut f);
        assert_eq!(f.frameworks[0].name, "laravel");
        assert_eq!(f.databases[0].name, "mysql");
        assert_eq!(f.workers[0].name, "laravel-horizon");
        assert_eq!(f.schedules[0].name, "laravel-scheduler");
        assert_eq!(
            f.migration_tool.unwrap().command,
            "php artisan migrate --force"
        );
        assert_eq!(f.commands.test.unwrap().value, "php artisan test");
        assert_eq!(f.env_vars[0].name, "APP_KEY");
    }
}
