//! Migrations the app applies itself when it starts: `goose.Up(`, golang-migrate's
//! constructor, GORM's `AutoMigrate`, EF Core's `Database.Migrate()`/`EnsureCreated()`,
//! TypeORM's `migrationsRun: true`, `sequelize.sync(`, Alembic's `command.upgrade(`, the
//! `sqlx::migrate!` macro, and Spring Boot with Flyway or Liquibase (which it runs on startup by
//! default). The planner then writes no release step that would need the tool's own CLI.

use deployplan_core::Facts;
use deployplan_core::facts::Valued;

use super::Detector;
use crate::index::RepoIndex;
use crate::record::ev;

const ID: &str = "startup_migrations";

pub struct StartupMigrations;

impl Detector for StartupMigrations {
    fn id(&self) -> &'static str {
        ID
    }

    fn detect(&self, index: &RepoIndex, facts: &mut Facts) {
        if facts.migrates_at_startup.is_some() {
            return;
        }
        let code = index
            .hits("mig:startup")
            .chain(index.hits("mig:sqlx"))
            .min_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        if let Some(h) = code {
            facts.migrates_at_startup = Some(Valued {
                value: "the code applies its migrations when it starts".into(),
                evidence: vec![ev(&h.path, Some(h.line), format!("{ID}/code:{}", h.rule))],
            });
            return;
        }
        let spring_runs_it = facts.has_framework("spring-boot")
            && facts
                .migration_tool
                .as_ref()
                .is_some_and(|m| m.name == "flyway" || m.name == "liquibase");
        if spring_runs_it && let Some(m) = &facts.migration_tool {
            facts.migrates_at_startup = Some(Valued {
                value: format!("Spring Boot runs {} when the app starts", m.name),
                evidence: m.evidence.clone(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect(files: &[(&str, &str)]) -> Facts {
        let index = RepoIndex::from_texts(files);
        let mut facts = Facts::default();
        for d in super::super::REGISTRY {
            d.detect(&index, &mut facts);
        }
        facts
    }

    #[test]
    fn an_ef_core_app_that_migrates_itself_is_seen() {
        let f = detect(&[
            (
                "Api.csproj",
                "<Project Sdk=\"Microsoft.NET.Sdk.Web\"></Project>",
            ),
            (
                "Program.cs",
                "var app = builder.Build();\nusing (var scope = app.Services.CreateScope())\n{\n    scope.ServiceProvider.GetRequiredService<AppDb>().Database.Migrate();\n}\napp.Run();\n",
            ),
        ]);
        let m = f.migrates_at_startup.expect("seen");
        assert_eq!(m.evidence[0].path, "Program.cs");
        assert_eq!(m.evidence[0].line, Some(4));
    }

    #[test]
    fn a_go_service_calling_goose_up_is_seen_and_a_plain_one_is_not() {
        let f = detect(&[
            (
                "go.mod",
                "module x\n\ngo 1.22\n\nrequire github.com/pressly/goose/v3 v3.22.0\n",
            ),
            (
                "cmd/api/main.go",
                "package main\n\nfunc main() {\n\tif err := goose.Up(db, \"migrations\"); err != nil {\n\t\tpanic(err)\n\t}\n}\n",
            ),
        ]);
        assert!(f.migrates_at_startup.is_some());
        let plain = detect(&[
            ("go.mod", "module x\n\ngo 1.22\n"),
            ("main.go", "package main\n"),
        ]);
        assert!(plain.migrates_at_startup.is_none());
    }
}
