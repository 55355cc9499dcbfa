//! What each language stack needs in CI and in a container: images and setup actions.

use deployplan_core::answers::Stack;

use crate::app::version_of;

/// The container image that has the stack's toolchain (GitLab / Bitbucket jobs, Dockerfile
/// build stage), with the version from the scan when it is a plain number.
pub fn ci_image(stack: Stack, runtime_version: Option<&str>) -> String {
    let (name, runtime, default) = image_parts(stack);
    let version = version_of(runtime_version, runtime).unwrap_or_else(|| default.to_string());
    match stack {
        Stack::Java => format!("eclipse-temurin:{version}-jdk"),
        Stack::Dotnet => format!("mcr.microsoft.com/dotnet/sdk:{version}"),
        Stack::Php => format!("composer:{}", "2"),
        _ => format!("{name}:{version}"),
    }
}

fn image_parts(stack: Stack) -> (&'static str, &'static str, &'static str) {
    match stack {
        Stack::Node | Stack::Static => ("node", "node", "22"),
        Stack::Python => ("python", "python", "3.12"),
        Stack::Ruby => ("ruby", "ruby", "3.3"),
        Stack::Go => ("golang", "go", "1.23"),
        Stack::Java => ("eclipse-temurin", "java", "21"),
        Stack::Php => ("php", "php", "8.3"),
        Stack::Dotnet => ("mcr.microsoft.com/dotnet/sdk", "dotnet", "8.0"),
        Stack::Elixir => ("elixir", "elixir", "1.17"),
        Stack::Rust => ("rust", "rust", "1"),
    }
}

/// The runtime version to install in CI ("22", "3.12"), from the scan or the stack default.
pub fn version(stack: Stack, runtime_version: Option<&str>) -> String {
    let (_, runtime, default) = image_parts(stack);
    version_of(runtime_version, runtime).unwrap_or_else(|| default.to_string())
}

/// Container images for the multi-stage Dockerfile: (build stage, runtime stage).
pub fn docker_images(stack: Stack, runtime_version: Option<&str>) -> (String, String) {
    let v = version(stack, runtime_version);
    match stack {
        Stack::Node | Stack::Static => (
            format!("node:{v}-bookworm-slim"),
            format!("node:{v}-bookworm-slim"),
        ),
        Stack::Python => (
            format!("python:{v}-slim-bookworm"),
            format!("python:{v}-slim-bookworm"),
        ),
        Stack::Ruby => (
            format!("ruby:{v}-slim-bookworm"),
            format!("ruby:{v}-slim-bookworm"),
        ),
        Stack::Go => (
            format!("golang:{v}-bookworm"),
            "debian:bookworm-slim".to_string(),
        ),
        Stack::Java => (
            format!("eclipse-temurin:{v}-jdk"),
            format!("eclipse-temurin:{v}-jre"),
        ),
        Stack::Php => ("composer:2".to_string(), format!("php:{v}-cli-bookworm")),
        Stack::Dotnet => (
            format!("mcr.microsoft.com/dotnet/sdk:{v}"),
            format!("mcr.microsoft.com/dotnet/aspnet:{v}"),
        ),
        Stack::Elixir => (format!("elixir:{v}-slim"), format!("elixir:{v}-slim")),
        Stack::Rust => (
            format!("rust:{v}-slim-bookworm"),
            "debian:bookworm-slim".to_string(),
        ),
    }
}
