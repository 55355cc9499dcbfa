//! A JSON Schema of `deployplan.toml`, built from the same choice tables as the flags and the
//! interview, so editors (Taplo, Even Better TOML) can complete and check answers files.
//! `deployplan schema` prints it; a test keeps the copy in `schema/` fresh.

use serde_json::{Value, json};

use super::choice::Choice;
use super::choices::*;

fn choice<C: Choice>(description: &str) -> Value {
    let options: Vec<Value> = C::all()
        .iter()
        .map(|c| {
            let help = if c.help().is_empty() {
                c.label().to_string()
            } else {
                format!("{}: {}", c.label(), c.help())
            };
            json!({ "const": c.id(), "description": help })
        })
        .collect();
    json!({ "description": description, "oneOf": options })
}

fn text(description: &str) -> Value {
    json!({ "type": "string", "description": description })
}

fn table(description: &str, properties: Value) -> Value {
    json!({
        "type": "object",
        "description": description,
        "additionalProperties": false,
        "properties": properties,
    })
}

/// `[assumed]`: the answers nobody gave, as `generate` saves them.
fn assumed() -> Value {
    let origin = json!({
        "enum": ["repository", "default"],
        "description": "repository: the scan suggested it; default: deployplan's default",
    });
    let properties: serde_json::Map<String, Value> = crate::provenance::AnswerKey::ALL
        .iter()
        .map(|k| (k.path().to_string(), origin.clone()))
        .collect();
    table(
        "Answers nobody gave (saved by generate, so reruns do not cite them as yours)",
        Value::Object(properties),
    )
}

/// The schema; `platform_ids` are the catalog's ids (`recommended` is added).
pub fn answers_schema(platform_ids: &[&str]) -> Value {
    let mut platforms = vec![super::RECOMMENDED];
    platforms.extend_from_slice(platform_ids);
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "deployplan answers (deployplan.toml)",
        "description": "Every decision of the deployment workflow, steps 1-8. Every key is optional.",
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "assumed": assumed(),
            "project": table("The documents' header", json!({
                "name": text("Project name"),
                "author": text("Author of the documents"),
                "date": { "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "description": "YYYY-MM-DD; default today" },
            })),
            "context": table("Step 1: deployment context", json!({
                "app_type": choice::<AppType>("What type of application is this?"),
                "expertise": choice::<Expertise>("Deployment expertise"),
                "scale": choice::<Scale>("Scale / traffic expectations"),
                "budget": choice::<Budget>("Infrastructure budget"),
            })),
            "platform": table("Step 2: platform", json!({
                "id": { "enum": platforms, "description": "A platform id from `deployplan platforms`, or recommended" },
            })),
            "ci": table("Step 3: CI/CD", json!({
                "provider": choice::<CiProvider>("Where the code is hosted (manual: no automation)"),
                "branch": text("The branch that deploys (default main)"),
            })),
            "environments": table("Step 4: environments", json!({
                "strategy": choice::<EnvironmentStrategy>("How many environments"),
            })),
            "database": table("Step 5: database", json!({
                "engine": choice::<DatabaseEngine>("Database engine"),
                "cache": choice::<Cache>("Cache beside the database"),
                "hosting": choice::<DatabaseHosting>("Where the database runs"),
                "migrations": choice::<MigrationMode>("How migrations run"),
                "tool": choice::<MigrationTool>("Migration tool"),
            })),
            "secrets": table("Step 6: secrets (names only, never values)", json!({
                "store": choice::<SecretsStore>("Where secrets are stored"),
                "names": { "type": "array", "items": { "type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$" }, "description": "Required secret names" },
            })),
            "health": table("Step 8: health checks", json!({
                "enabled": { "type": "boolean" },
                "path": { "type": "string", "pattern": "^/[A-Za-z0-9/_.~-]*$", "description": "Health-check path; unset: the route the repository serves, else a generated endpoint's, else the platform's port check" },
            })),
            "app": table("What the app is made of (a repository scan fills these)", json!({
                "stack": choice::<Stack>("Language stack"),
                "port": { "type": "integer", "minimum": 1, "maximum": 65535 },
                "workers": { "type": "boolean" },
                "websockets": { "type": "boolean" },
                "install_command": text("Installs dependencies"),
                "test_command": text("Runs the tests in CI"),
                "build_command": text("Builds the release"),
                "start_command": text("Starts the web process"),
            })),
        },
    })
}
