//! Ruby: Gemfile gems; Rails and Sinatra; ActiveRecord migrations; Sidekiq, Resque,
//! GoodJob, Solid Queue; whenever/sidekiq-cron schedules; ActionCable channels.

use deployplan_core::Facts;
use deployplan_core::facts::{MigrationFact, RuntimeVersion, Valued};

use super::Detector;
use crate::deps::Deps;
use crate::index::RepoIndex;
use crate::record::{add, add_env, claim_commands, ev, numbered, set_once};
use crate::rules::{Rule, When::*, apply, rule};

pub struct Ruby;

const ID: &str = "ruby";

static FRAMEWORKS: &[Rule] = &[
    rule("rails", Dep("rails")),
    rule("rails", Dep("railties")),
    rule("rails", File("config/application.rb")),
    rule("sinatra", Dep("sinatra")),
    rule("hanami", Dep("hanami")),
];

static DATABASES: &[Rule] = &[
    rule("postgres", Dep("pg")),
    rule("mysql", Dep("mysql2")),
    rule("mysql", Dep("trilogy")),
    rule("sqlite", Dep("sqlite3")),
    rule("mongodb", Dep("mongoid")),
    rule("redis", Dep("redis")),
    rule("redis", Dep("sidekiq")),
    rule("redis", Dep("resque")),
];

static WORKERS: &[Rule] = &[
    rule("sidekiq", Dep("sidekiq")),
    rule("resque", Dep("resque")),
    rule("good_job", Dep("good_job")),
    rule("solid_queue", Dep("solid_queue")),
    rule("delayed_job", Dep("delayed_job_active_record")),
    rule("delayed_job", Dep("delayed_job")),
    rule("que", Dep("que")),
];

static SCHEDULES: &[Rule] = &[
    rule("sidekiq-cron", Dep("sidekiq-cron")),
    rule("sidekiq-scheduler", Dep("sidekiq-scheduler")),
    rule("whenever", File("config/schedule.rb")),
    rule("whenever", Dep("whenever")),
    rule("clockwork", Dep("clockwork")),
    rule("rufus-scheduler", Dep("rufus-scheduler")),
];

static WEBSOCKETS: &[Rule] = &[
    rule("actioncable", Code("ws:actioncable")),
    rule("anycable", Dep("anycable-rails")),
    rule("server-sent-events", Code("ws:server-sent-events")),
];

/// `gem "name"` lines of a Gemfile; gems inside `group :development/:test do` are dev-only.
fn gems(text: &str) -> Deps {
    let mut deps = Deps::default();
    let mut dev_group = false;
    for (n, line) in numbered(text) {
        let l = line.trim();
        if l.starts_with("group ") && l.ends_with(" do") {
            dev_group = !l.contains(":production") && !l.contains(":default");
        } else if l == "end" {
            dev_group = false;
        } else if let Some(rest) = l.strip_prefix("gem ") {
            let name = rest.trim().trim_start_matches(['"', '\'']);
            let name = name.split(['"', '\'']).next().unwrap_or("");
            deps.push(name, "Gemfile", Some(n), dev_group);
        }
    }
    deps
}

/// Puma's `plugin :solid_queue` (Rails 8's `config/puma.rb`): the jobs run inside the web
/// process, always or when the variable of its `if ENV[...]` is set.
fn solid_queue_in_puma(index: &RepoIndex) -> Option<Valued<Option<String>>> {
    let path = "config/puma.rb";
    let (n, line) = numbered(index.text(path)?)
        .find(|(_, l)| l.trim_start().starts_with("plugin :solid_queue"))?;
    let switch = line.split_once(" if ").map(|(_, cond)| {
        cond.split(['"', '\''])
            .nth(1)
            .unwrap_or_default()
            .to_string()
    });
    if switch.as_deref() == Some("") {
        return None;
    }
    Some(Valued {
        value: switch,
        evidence: vec![ev(path, Some(n), format!("{ID}/puma-solid-queue"))],
    })
}

/// The adapters of config/database.yml (`postgresql` → postgres ...).
fn database_yml(index: &RepoIndex, facts: &mut Facts) {
    let path = "config/database.yml";
    let Some(text) = index.text(path) else { return };
    for (n, line) in numbered(text) {
        let Some(adapter) = line.trim().strip_prefix("adapter:") else {
            continue;
        };
        let db = match adapter.trim().trim_matches(['"', '\'']) {
            "postgresql" | "postgis" => "postgres",
            "mysql2" | "trilogy" => "mysql",
            "sqlite3" => "sqlite",
            _ => continue,
        };
        add(
            &mut facts.databases,
            db,
            ev(path, Some(n), format!("{ID}/database.yml")),
        );
    }
}

impl Detector for Ruby {
    fn id(&self) -> &'static str {
        ID
    }

    fn frameworks(&self) -> Vec<&'static str> {
        crate::rules::facts_of(FRAMEWORKS).collect()
    }

    fn detect(&self, index: &RepoIndex, facts: &mut Facts) {
        let Some(text) = index.text("Gemfile") else {
            return;
        };
        let deps = gems(text);
        if !facts.has_framework("jekyll") {
            apply(ID, FRAMEWORKS, &deps, index, &mut facts.frameworks);
        }
        apply(ID, DATABASES, &deps, index, &mut facts.databases);
        database_yml(index, facts);
        apply(ID, WORKERS, &deps, index, &mut facts.workers);
        facts.worker_in_web = solid_queue_in_puma(index);
        apply(ID, SCHEDULES, &deps, index, &mut facts.schedules);
        if let Some(text) = index.text("config/recurring.yml")
            && let Some((n, _)) =
                numbered(text).find(|(_, l)| l.trim_start().starts_with("schedule:"))
        {
            let e = ev(
                "config/recurring.yml",
                Some(n),
                format!("{ID}/solid-queue-recurring"),
            );
            add(&mut facts.schedules, "solid-queue-recurring", e);
        }
        apply(ID, WEBSOCKETS, &deps, index, &mut facts.websockets);

        let lock = index
            .root_file("Gemfile.lock")
            .unwrap_or_else(|| "Gemfile".into());
        let bundler = ev(&lock, None, format!("{ID}/bundler"));
        add(&mut facts.package_managers, "bundler", bundler.clone());
        let rails = facts.has_framework("rails");
        let sinatra = facts.has_framework("sinatra");
        let rails_ev = facts
            .frameworks
            .iter()
            .find(|f| f.name == "rails")
            .map(|f| f.evidence[0].clone());
        if !claim_commands(facts, ID) {
            runtime(index, facts, text);
            return self.rest(index, facts, &deps, rails, rails_ev);
        }
        let bin_rails = rails_tasks(index, facts);
        let cmds = &mut facts.commands;
        set_once(&mut cmds.install, "bundle install".into(), bundler);
        if let Some(d) = deps.get("rspec-rails").or(deps.get("rspec")) {
            set_once(&mut cmds.test, "bundle exec rspec".into(), d.evidence(ID));
        } else if index.has("spec/spec_helper.rb") {
            set_once(
                &mut cmds.test,
                "bundle exec rspec".into(),
                ev(
                    "spec/spec_helper.rb",
                    None,
                    format!("{ID}/file:spec/spec_helper.rb"),
                ),
            );
        } else if rails && let Some(f) = index.files_under("test").first() {
            set_once(
                &mut cmds.test,
                match bin_rails {
                    // Rails 4 has no `rails test` runner.
                    "bundle exec rake" => "bundle exec rake test".to_string(),
                    _ => format!("{bin_rails} test"),
                },
                ev(&f.path, None, format!("{ID}/dir:test")),
            );
        } else if index.has("Rakefile") && index.has_dir("test") {
            set_once(
                &mut cmds.test,
                "bundle exec rake test".into(),
                ev("Rakefile", None, format!("{ID}/file:Rakefile")),
            );
        }
        if rails
            && ([
                "propshaft",
                "sprockets-rails",
                "jsbundling-rails",
                "cssbundling-rails",
            ]
            .iter()
            .any(|g| deps.has(g))
                || index.has_dir("app/assets"))
        {
            let e = deps
                .get("propshaft")
                .or(deps.get("sprockets-rails"))
                .map_or_else(
                    || ev("app/assets", None, format!("{ID}/dir:app/assets")),
                    |d| d.evidence(ID),
                );
            set_once(&mut cmds.build, format!("{bin_rails} assets:precompile"), e);
        }
        if rails && index.has("config/puma.rb") {
            let e = ev("config/puma.rb", None, format!("{ID}/file:config/puma.rb"));
            set_once(
                &mut cmds.start,
                "bundle exec puma -C config/puma.rb".into(),
                e,
            );
        } else if let (true, Some(e)) = (rails, rails_ev.clone()) {
            let server = match bin_rails {
                "bundle exec rake" => "bundle exec rails server".to_string(),
                _ => format!("{bin_rails} server"),
            };
            set_once(&mut cmds.start, server, e);
        } else if sinatra && index.has("config.ru") {
            let e = ev("config.ru", None, format!("{ID}/file:config.ru"));
            set_once(&mut cmds.start, "bundle exec rackup config.ru".into(), e);
        }
        runtime(index, facts, text);
        self.rest(index, facts, &deps, rails, rails_ev);
    }
}

impl Ruby {
    /// Migrations and framework secrets.
    fn rest(
        &self,
        index: &RepoIndex,
        facts: &mut Facts,
        deps: &Deps,
        rails: bool,
        rails_ev: Option<deployplan_core::facts::Evidence>,
    ) {
        let bin_rails = rails_tasks(index, facts);
        if facts.migration_tool.is_none() {
            let dir = index
                .files_under("db/migrate")
                .first()
                .map(|f| ev(&f.path, None, format!("{ID}/dir:db/migrate")));
            let schema = index
                .first(&["db/schema.rb", "db/structure.sql"])
                .map(|p| ev(p, None, format!("{ID}/file:{p}")));
            // Rails 8's Solid Queue/Cache/Cable databases come from schema files, which only
            // `db:prepare` loads (it also migrates): `db:migrate` leaves their tables missing.
            // Source: https://guides.rubyonrails.org/active_record_multiple_databases.html
            // (checked 2026-12-03).
            let solid_schema = index
                .first(&[
                    "db/queue_schema.rb",
                    "db/cache_schema.rb",
                    "db/cable_schema.rb",
                ])
                .map(|p| ev(p, None, format!("{ID}/file:{p}")));
            let command = if rails && solid_schema.is_some() {
                Some(format!("{bin_rails} db:prepare"))
            } else if rails {
                Some(format!("{bin_rails} db:migrate"))
            } else if deps.has("sinatra-activerecord") || deps.has("activerecord") {
                Some("bundle exec rake db:migrate".to_string())
            } else {
                None
            };
            if let Some(command) = command
                && (dir.is_some() || schema.is_some())
            {
                facts.migration_tool = Some(MigrationFact {
                    name: "rails".into(),
                    command,
                    install: None,
                    evidence: [solid_schema, dir, schema].into_iter().flatten().collect(),
                });
            }
        }
        if rails {
            if let Some(mut e) = rails_ev {
                e.rule = format!("{ID}/framework-secret:rails");
                add_env(facts, "SECRET_KEY_BASE", "framework", e);
            }
            if let Some(p) = index.first(&[
                "config/credentials.yml.enc",
                "config/credentials/production.yml.enc",
            ]) {
                add_env(
                    facts,
                    "RAILS_MASTER_KEY",
                    "framework",
                    ev(p, None, format!("{ID}/file:{p}")),
                );
            }
        }
    }
}

/// What runs Rails' tasks (`db:migrate`, `assets:precompile`): `bin/rails` from Rails 5 on,
/// `bundle exec rake` before (Rails 4's `rails` has no tasks). The locked Rails version is
/// recorded as a tool version for the image's build (`SECRET_KEY_BASE_DUMMY` is 7.1+).
fn rails_tasks(index: &RepoIndex, facts: &mut Facts) -> &'static str {
    let locked = index.text("Gemfile.lock").and_then(|lock| {
        numbered(lock).find_map(|(n, l)| {
            let v = l.strip_prefix("    rails (")?.strip_suffix(')')?;
            v.starts_with(|c: char| c.is_ascii_digit())
                .then(|| (v.to_string(), n))
        })
    });
    if let Some((version, n)) = &locked
        && !facts.tool_versions.iter().any(|t| t.runtime == "rails")
    {
        facts.tool_versions.push(RuntimeVersion {
            runtime: "rails".into(),
            version: version.clone(),
            evidence: vec![ev("Gemfile.lock", Some(*n), format!("{ID}/locked-rails"))],
        });
    }
    let major = locked
        .as_ref()
        .and_then(|(v, _)| v.split('.').next()?.parse::<u32>().ok());
    match major {
        Some(m) if m < 5 => "bundle exec rake",
        _ if index.has("bin/rails") => "bin/rails",
        _ => "bundle exec rails",
    }
}

fn runtime(index: &RepoIndex, facts: &mut Facts, gemfile: &str) {
    let found = if let Some(v) = index
        .text(".ruby-version")
        .map(str::trim)
        .filter(|v| !v.is_empty())
    {
        Some((
            v.trim_start_matches("ruby-").to_string(),
            ev(".ruby-version", Some(1), format!("{ID}/.ruby-version")),
        ))
    } else {
        numbered(gemfile).find_map(|(n, l)| {
            let v = l
                .trim()
                .strip_prefix("ruby ")?
                .trim()
                .trim_matches(['"', '\'']);
            v.starts_with(|c: char| c.is_ascii_digit()).then(|| {
                (
                    v.to_string(),
                    ev("Gemfile", Some(n), format!("{ID}/gemfile-ruby")),
                )
            })
        })
    };
    if let Some((version, e)) = found {
        facts.runtime_versions.push(RuntimeVersion {
            runtime: "ruby".into(),
            version,
            evidence: vec![e],
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rails_with_sidekiq_postgres_and_rspec() {
        let index = RepoIndex::from_texts(&[
            (
                "Gemfile",
                "source 'https://rubygems.org'\nruby \"3.3.4\"\ngem \"rails\", \"~> 7.2\"\ngem \"pg\"\ngem 'sidekiq'\ngroup :development, :test do\n  gem \"rspec-rails\"\nend\n",
            ),
            ("bin/rails", ""),
            ("config/puma.rb", ""),
            ("config/credentials.yml.enc", ""),
            ("db/migrate/20240101000000_create_users.rb", ""),
            (
                "app/channels/chat_channel.rb",
                "class ChatChannel < ApplicationCable::Channel\nend\n",
            ),
        ]);
        let mut f = Facts::default();
        Ruby.detect(&index, &mut f);
        assert_eq!(f.frameworks[0].name, "rails");
        assert_eq!(f.workers[0].name, "sidekiq");
        assert_eq!(f.websockets[0].name, "actioncable");
        assert_eq!(f.migration_tool.unwrap().command, "bin/rails db:migrate");
        assert_eq!(f.commands.test.unwrap().value, "bundle exec rspec");
        assert_eq!(
            f.commands.start.unwrap().value,
            "bundle exec puma -C config/puma.rb"
        );
        assert_eq!(f.runtime_versions[0].version, "3.3.4");
        let names: Vec<_> = f.env_vars.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["SECRET_KEY_BASE", "RAILS_MASTER_KEY"]);
        assert!(
            gems("group :test do\n gem 'x'\nend\ngem 'y'")
                .get("x")
                .unwrap()
                .dev
        );
    }
}
