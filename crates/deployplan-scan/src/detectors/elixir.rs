//! Elixir: mix.exs deps; Phoenix (channels, LiveView); Ecto migrations (release `bin/migrate`
//! when generated); Oban and Quantum.

use deployplan_core::Facts;
use deployplan_core::facts::{MigrationFact, RuntimeVersion};

use super::Detector;
use crate::deps::Deps;
use crate::index::RepoIndex;
use crate::record::{add, add_env, claim_commands, ev, line_at, set_once};
use crate::rules::{Rule, When::*, apply, rule};

pub struct Elixir;

const ID: &str = "elixir";

static DATABASES: &[Rule] = &[
    rule("postgres", Dep("postgrex")),
    rule("mysql", Dep("myxql")),
    rule("sqlite", Dep("ecto_sqlite3")),
    rule("mongodb", Dep("mongodb_driver")),
    rule("redis", Dep("redix")),
];

static FRAMEWORKS: &[Rule] = &[rule("phoenix", Dep("phoenix"))];

static WORKERS: &[Rule] = &[rule("oban", Dep("oban")), rule("exq", Dep("exq"))];

static SCHEDULES: &[Rule] = &[
    rule("oban-cron", Code("sched:oban-cron")),
    rule("quantum", Dep("quantum")),
];

static WEBSOCKETS: &[Rule] = &[
    rule("phoenix-channels", Code("ws:phoenix-channels")),
    rule("phoenix-liveview", Dep("phoenix_live_view")),
    rule("server-sent-events", Code("ws:server-sent-events")),
];

fn mix_deps(text: &str) -> Deps {
    let mut deps = Deps::default();
    let mut rest = text;
    let mut offset = 0;
    while let Some(at) = rest.find("{:") {
        let start = offset + at + 2;
        let name: String = text[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if text[start + name.len()..].trim_start().starts_with(',') {
            deps.push(&name, "mix.exs", Some(line_at(text, start)), false);
        }
        offset = start;
        rest = &text[start..];
    }
    deps
}

fn app_name(text: &str) -> Option<&str> {
    let at = text.find("app: :")? + "app: :".len();
    let name = text[at..]
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .next()?;
    (!name.is_empty()).then_some(name)
}

impl Detector for Elixir {
    fn id(&self) -> &'static str {
        ID
    }

    fn frameworks(&self) -> Vec<&'static str> {
        crate::rules::facts_of(FRAMEWORKS).collect()
    }

    fn detect(&self, index: &RepoIndex, facts: &mut Facts) {
        let Some(text) = index.text("mix.exs") else {
            return;
        };
        let deps = mix_deps(text);
        apply(ID, FRAMEWORKS, &deps, index, &mut facts.frameworks);
        apply(ID, DATABASES, &deps, index, &mut facts.databases);
        for h in index.hits("db:ecto-adapter") {
            let db = match h.value.as_str() {
                "Postgres" => "postgres",
                "MyXQL" => "mysql",
                "SQLite3" => "sqlite",
                _ => continue,
            };
            add(
                &mut facts.databases,
                db,
                ev(&h.path, Some(h.line), format!("{ID}/code:ecto-adapter")),
            );
        }
        apply(ID, WORKERS, &deps, index, &mut facts.workers);
        apply(ID, SCHEDULES, &deps, index, &mut facts.schedules);
        apply(ID, WEBSOCKETS, &deps, index, &mut facts.websockets);
        let lock = index
            .root_file("mix.lock")
            .unwrap_or_else(|| "mix.exs".into());
        let mix = ev(&lock, None, format!("{ID}/mix"));
        add(&mut facts.package_managers, "mix", mix.clone());
        let phoenix = facts.has_framework("phoenix");
        if claim_commands(facts, ID) {
            let cmds = &mut facts.commands;
            set_once(&mut cmds.install, "mix deps.get".into(), mix.clone());
            set_once(&mut cmds.test, "mix test".into(), mix.clone());
            match (phoenix, app_name(text)) {
                (true, Some(app)) => {
                    set_once(
                        &mut cmds.build,
                        "MIX_ENV=prod mix release".into(),
                        mix.clone(),
                    );
                    // The release is named after the project's `app:` (mix.exs).
                    let named = ev(
                        "mix.exs",
                        crate::record::line_of(text, "app: :"),
                        format!("{ID}/app-name"),
                    );
                    set_once(
                        &mut cmds.start,
                        format!("_build/prod/rel/{app}/bin/{app} start"),
                        named,
                    );
                }
                (true, None) => set_once(&mut cmds.start, "mix phx.server".into(), mix),
                _ => {}
            }
        }
        let tool_versions = index.text(".tool-versions").and_then(|t| {
            let at = t.find("elixir ")?;
            let v = t[at + "elixir ".len()..].lines().next()?.trim();
            Some((".tool-versions", line_at(t, at), v.to_string()))
        });
        let version = tool_versions.or_else(|| {
            let at = text.find("elixir: \"")?;
            let v = text[at + "elixir: \"".len()..].split('"').next()?;
            Some(("mix.exs", line_at(text, at), v.to_string()))
        });
        if let Some((path, n, version)) = version {
            facts.runtime_versions.push(RuntimeVersion {
                runtime: "elixir".into(),
                version,
                evidence: vec![ev(path, Some(n), format!("{ID}/elixir-version"))],
            });
        }
        if facts.migration_tool.is_none()
            && let Some(d) = deps.get("ecto_sql")
        {
            let release = index.first(&["rel/overlays/bin/migrate"]);
            let mut evidence = vec![d.evidence(ID)];
            evidence.extend(release.map(|p| ev(p, None, format!("{ID}/file:{p}"))));
            let command = if release.is_some() {
                "bin/migrate"
            } else {
                "mix ecto.migrate"
            };
            facts.migration_tool = Some(MigrationFact {
                name: "ecto".into(),
                command: command.into(),
                install: None,
                evidence,
            });
        }
        if phoenix && let Some(fw) = facts.frameworks.iter().find(|f| f.name == "phoenix") {
            let mut e = fw.evidence[0].clone();
            e.rule = format!("{ID}/framework-secret:phoenix");
            add_env(facts, "SECRET_KEY_BASE", "framework", e);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phoenix_with_oban_liveview_and_release_migrate() {
        let mix = "defmodule Shop.MixProject do\n  def project do\n    [app: :shop, elixir: \"~> 1.15\"]\n  end\n  defp deps do\n    [\n      {:phoenix, \"~> 1.7\"},\n      {:ecto_sql, \"~> 3.10\"},\n      {:postgrex, \">= 0.0.0\"},\n      {:phoenix_live_view, \"~> 1.0\"},\n      {:oban, \"~> 2.17\"}\n    ]\n  end\nend\n";
        let index = RepoIndex::from_texts(&[
            ("mix.exs", mix),
            ("rel/overlays/bin/migrate", ""),
            (
                "lib/shop_web/channels/room_channel.ex",
                "use ShopWeb, :channel\n",
            ),
        ]);
        let mut f = Facts::default();
        Elixir.detect(&index, &mut f);
        assert_eq!(f.frameworks[0].name, "phoenix");
        assert_eq!(f.workers[0].name, "oban");
        let ws: Vec<_> = f.websockets.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(ws, ["phoenix-channels", "phoenix-liveview"]);
        assert_eq!(f.migration_tool.unwrap().command, "bin/migrate");
        assert_eq!(
            f.commands.start.unwrap().value,
            "_build/prod/rel/shop/bin/shop start"
        );
        assert_eq!(f.runtime_versions[0].version, "~> 1.15");
        assert_eq!(f.env_vars[0].name, "SECRET_KEY_BASE");
    }
}
