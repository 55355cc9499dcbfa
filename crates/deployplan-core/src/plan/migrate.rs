//! The release step's migration command: the repository's own when it states one, else the
//! tool's documented command; EF Core's as a migration bundle when deployplan builds the image.

use crate::facts::Facts;
use crate::provenance::{Source, from_evidence};

/// The command that applies pending migrations: the repository's own (it knows the folder and
/// the tool's entry point, `flask db upgrade`, `cd backend && alembic upgrade head`) when the
/// scan found the same tool, else the tool's documented command.
pub fn migrate_command(
    tool: &crate::catalog::MigrationToolInfo,
    facts: &Facts,
) -> (String, Source) {
    match &facts.migration_tool {
        Some(m) if m.name == tool.id && !m.command.trim().is_empty() => (
            m.command.clone(),
            from_evidence(&m.evidence, "stated by the repository"),
        ),
        _ => (
            tool.deploy_command.clone(),
            Source::Catalog {
                url: tool.docs_url.clone(),
            },
        ),
    }
}

/// EF Core's migrations as a bundle: `dotnet ef database update` needs the SDK, the
/// dotnet-ef tool and the sources, none of which the runtime image (`aspnet`) has, so the
/// image deployplan generates builds a migration bundle next to the published app and the
/// release step runs it (it reads the connection string from the app's configuration, the
/// `ConnectionStrings__*` variables included). Returns the bundle's build and run commands;
/// none when the repository builds its own image or the command is not `dotnet ef`.
/// Source: https://learn.microsoft.com/ef/core/managing-schemas/migrations/applying#bundles
/// (checked 2026-12-02).
pub fn ef_bundle(command: &str, facts: &Facts) -> Option<(String, String)> {
    let rest = command.trim().strip_prefix("dotnet ef database update")?;
    if facts.dockerfile.is_some() {
        return None;
    }
    let project = rest
        .split_whitespace()
        .skip_while(|w| *w != "--project")
        .nth(1)
        .filter(|p| {
            p.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
        });
    // The tool's major version follows the app's .NET (dotnet-ef 8 runs on the 8 SDK).
    let major = facts
        .runtime_versions
        .iter()
        .find(|v| v.runtime == "dotnet")
        .and_then(|v| v.version.split('.').next())
        .filter(|m| !m.is_empty() && m.chars().all(|c| c.is_ascii_digit()))
        .unwrap_or("8");
    let build = format!(
        "dotnet tool install --global dotnet-ef --version {major}.* && \"$HOME/.dotnet/tools/dotnet-ef\" migrations bundle{} --output out/efbundle --force",
        project
            .map(|p| format!(" --project {p}"))
            .unwrap_or_default()
    );
    Some((build, "cd out && ./efbundle".to_string()))
}
