//! Repository facts shape the plan: workers, websockets, a Dockerfile, env vars, committed
//! secrets. The person's explicit answers still win.

use deployplan_core::answers::*;
use deployplan_core::facts::*;
use deployplan_core::{Catalog, Plan};

use crate::plan::defaults;

fn ev(path: &str, rule: &str) -> Vec<Evidence> {
    vec![Evidence {
        path: path.into(),
        line: None,
        rule: rule.into(),
    }]
}

fn django_celery_repo() -> Facts {
    Facts {
        languages: vec![LanguageShare {
            name: "Python".into(),
            files: 40,
            bytes: 90_000,
        }],
        frameworks: vec![Detected {
            name: "django".into(),
            evidence: ev("manage.py", "django-manage"),
        }],
        databases: vec![
            Detected {
                name: "postgres".into(),
                evidence: ev("requirements.txt", "psycopg"),
            },
            Detected {
                name: "redis".into(),
                evidence: ev("requirements.txt", "redis"),
            },
        ],
        migration_tool: Some(MigrationFact {
            name: "django".into(),
            command: "python manage.py migrate --noinput".into(),
            install: None,
            evidence: ev("manage.py", "django-migrations"),
        }),
        workers: vec![Detected {
            name: "celery".into(),
            evidence: ev("proj/celery.py", "celery-app"),
        }],
        env_vars: vec![
            EnvVarFact {
                name: "SECRET_KEY".into(),
                source: "framework".into(),
                evidence: ev("proj/settings.py", "django-secret"),
            },
            EnvVarFact {
                name: "SENTRY_DSN".into(),
                source: "code".into(),
                evidence: ev("proj/settings.py", "os-environ"),
            },
        ],
        secrets_committed: vec![SecretFinding {
            kind: "dotenv-with-values".into(),
            path: ".env".into(),
            line: Some(1),
        }],
        dockerfile: Some(Valued {
            value: "Dockerfile".into(),
            evidence: ev("Dockerfile", "dockerfile"),
        }),
        ..Facts::default()
    }
}

fn plan(partial: &PartialAnswers, facts: &Facts) -> Plan {
    let catalog = Catalog::load().expect("catalog");
    let answers = resolve(partial, facts, &catalog, &defaults()).expect("resolve");
    deployplan_core::plan::build(&answers, facts, &catalog).expect("plan")
}

#[test]
fn facts_fill_the_answers_and_are_quoted_in_the_reasons() {
    let facts = django_celery_repo();
    let p = plan(&PartialAnswers::default(), &facts);
    let a = &p.answers;
    assert_eq!(a.context.app_type, AppType::FullStack);
    assert_eq!(a.database.engine, DatabaseEngine::Postgres);
    assert_eq!(a.database.cache, Cache::Redis);
    assert_eq!(a.database.tool, MigrationTool::Django);
    assert_eq!(a.app.stack, Some(Stack::Python));
    assert_eq!(a.secrets.names, vec!["SECRET_KEY", "SENTRY_DSN"]);
    assert!(p.has_workers());
    let quoted = "the repo runs celery workers (proj/celery.py)";
    assert!(
        p.options[0].reasons.iter().any(|r| r.contains(quoted)),
        "{:#?}",
        p.options[0].reasons
    );
    for o in &p.options[..1] {
        assert_ne!(
            o.platform.philosophy.to_string(),
            "frontend-serverless",
            "{}",
            o.platform.id
        );
    }
    let doc = deployplan_core::render::tdd(&p, &[], &Default::default(), "test")
        .expect("renders")
        .contents;
    assert!(doc.contains("python manage.py migrate --noinput"));
    assert!(
        doc.contains("`SENTRY_DSN`")
            && doc.contains("`REDIS_URL`")
            && doc.contains("`DATABASE_URL`")
    );
    let risk1 = doc.split("**Risk 1**").nth(1).expect("risks");
    assert!(
        risk1.starts_with(": Secrets already committed to the repository (.env)"),
        "{}",
        &risk1[..80]
    );
    assert!(p.warnings.iter().any(|w| w.code == "secret-in-code"));
}

#[test]
fn explicit_answers_win_over_facts() {
    let facts = django_celery_repo();
    let mut partial = PartialAnswers::default();
    partial.context.app_type = Some(AppType::WebApi);
    partial.database.engine = Some(DatabaseEngine::Mysql);
    partial.secrets.names = Some(vec!["ONLY_THIS".into()]);
    partial.app.workers = Some(false);
    let p = plan(&partial, &facts);
    assert_eq!(p.answers.context.app_type, AppType::WebApi);
    assert_eq!(p.answers.database.engine, DatabaseEngine::Mysql);
    assert_eq!(p.answers.secrets.names, vec!["ONLY_THIS"]);
    assert!(!p.has_workers());
}

#[test]
fn websockets_keep_request_only_platforms_out_of_first_place() {
    let facts = Facts {
        frameworks: vec![Detected {
            name: "express".into(),
            evidence: ev("server.js", "express"),
        }],
        websockets: vec![Detected {
            name: "socket.io".into(),
            evidence: ev("server.js", "socket.io"),
        }],
        ..Facts::default()
    };
    for budget in Budget::all() {
        let mut partial = PartialAnswers::default();
        partial.context.budget = Some(*budget);
        partial.context.expertise = Some(Expertise::Beginner);
        let p = plan(&partial, &facts);
        assert_ne!(p.options[0].platform.id, "netlify");
        assert!(
            p.options[0].blockers.is_empty(),
            "{budget}: {:?}",
            p.options[0].blockers
        );
    }
}

fn service(path: &str, framework: &str) -> Service {
    Service {
        name: path.rsplit('/').next().unwrap_or(path).into(),
        path: path.into(),
        facts: Box::new(Facts {
            frameworks: vec![Detected {
                name: framework.into(),
                evidence: ev(&format!("{path}/package.json"), "dep"),
            }],
            ..Facts::default()
        }),
    }
}

#[test]
fn services_suggest_full_stack_or_microservices() {
    use deployplan_core::frameworks::suggest_app_type;
    let two = Facts {
        services: vec![
            service("backend", "django"),
            service("frontend", "react-spa"),
        ],
        ..Facts::default()
    };
    assert_eq!(
        suggest_app_type(&two).map(|s| s.0),
        Some(AppType::FullStack)
    );
    let three = Facts {
        services: vec![
            service("apps/api", "nestjs"),
            service("apps/jobs", "express"),
            service("apps/web", "nextjs"),
        ],
        ..Facts::default()
    };
    assert_eq!(
        suggest_app_type(&three).map(|s| s.0),
        Some(AppType::Microservices)
    );
}

#[test]
fn every_procfile_process_but_web_and_release_runs_as_a_worker() {
    let entry = |name: &str, command: &str| ProcfileEntry {
        name: name.into(),
        command: command.into(),
        evidence: Evidence {
            path: "Procfile".into(),
            line: Some(1),
            rule: "procfile".into(),
        },
    };
    let facts = Facts {
        procfile: vec![
            entry("web", "gunicorn proj.wsgi"),
            entry("worker", "celery -A proj worker"),
            entry("beat", "celery -A proj beat"),
            entry("release", "python manage.py migrate"),
        ],
        schedules: vec![Detected {
            name: "celery-beat".into(),
            evidence: ev("proj/celery.py", "celery-beat"),
        }],
        ..Facts::default()
    };
    let p = plan(&PartialAnswers::default(), &facts);
    let workers: Vec<&str> = p
        .runtime
        .processes
        .iter()
        .filter(|x| x.kind == deployplan_core::plan::ProcessKind::Worker)
        .map(|x| x.name.as_str())
        .collect();
    assert_eq!(workers, ["worker", "beat"]);
    assert_eq!(
        p.runtime.start_command.as_deref(),
        Some("gunicorn proj.wsgi")
    );
    let doc = deployplan_core::render::tdd(&p, &[], &Default::default(), "test")
        .expect("renders")
        .contents;
    assert!(
        doc.contains("`celery-beat` (proj/celery.py) triggers jobs"),
        "schedules described"
    );
}
