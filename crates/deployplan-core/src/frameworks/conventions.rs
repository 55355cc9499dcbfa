//! The stack's conventional commands, port and production switches: what a provider uses
//! where it has nothing of its own to say, and what the plan uses when no framework is known.

use crate::answers::{Choice, Stack};

/// A command nobody stated, with why it is the one assumed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conventional {
    pub command: String,
    pub why: String,
}

impl Conventional {
    pub fn new(command: impl Into<String>, why: impl Into<String>) -> Self {
        Conventional {
            command: command.into(),
            why: why.into(),
        }
    }

    /// The stack's usual command, said as such.
    fn usual(stack: Stack, command: &str) -> Self {
        Conventional::new(
            command,
            format!(
                "the usual command of a {} app; the repository states none",
                stack.label()
            ),
        )
    }
}

/// What to run where the repository states nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conventions {
    pub install: Conventional,
    pub test: Conventional,
    pub build: Option<Conventional>,
    pub start: Option<Conventional>,
    pub port: u16,
}

/// The stack's conventional commands and port.
pub fn stack_conventions(stack: Stack) -> Conventions {
    let (install, test, build, start, port) = match stack {
        Stack::Node => (
            "npm ci",
            "npm test",
            Some("npm run build"),
            Some("npm start"),
            3000,
        ),
        Stack::Python => (
            "pip install -r requirements.txt",
            "pytest",
            None,
            Some("gunicorn app:app --bind 0.0.0.0:${PORT:-8000}"),
            8000,
        ),
        Stack::Ruby => (
            "bundle install",
            "bundle exec rspec",
            None,
            Some("bundle exec puma -C config/puma.rb"),
            3000,
        ),
        Stack::Go => (
            "go mod download",
            "go test ./...",
            Some("go build -o bin/app ."),
            Some("./bin/app"),
            8080,
        ),
        Stack::Java => (
            "./mvnw -B dependency:go-offline",
            "./mvnw -B test",
            Some("./mvnw -B package -DskipTests"),
            Some("java -jar target/app.jar"),
            8080,
        ),
        Stack::Php => (
            "composer install --no-interaction",
            "vendor/bin/phpunit",
            None,
            // php-fpm speaks FastCGI, not HTTP: alone it serves nothing on the port.
            Some("php -S 0.0.0.0:${PORT:-8000} -t public"),
            8000,
        ),
        Stack::Dotnet => (
            "dotnet restore",
            "dotnet test",
            Some("dotnet publish -c Release -o out"),
            Some("dotnet out/App.dll"),
            8080,
        ),
        Stack::Elixir => (
            "mix deps.get",
            "mix test",
            Some("MIX_ENV=prod mix release"),
            Some("_build/prod/rel/app/bin/app start"),
            4000,
        ),
        Stack::Rust => (
            "cargo fetch --locked",
            "cargo test --locked",
            Some("cargo build --release --locked"),
            Some("./target/release/app"),
            8080,
        ),
        Stack::Static => ("npm ci", "npm test", Some("npm run build"), None, 8080),
    };
    Conventions {
        install: Conventional::usual(stack, install),
        test: Conventional::usual(stack, test),
        build: build.map(|b| Conventional::usual(stack, b)),
        start: start.map(|s| Conventional::usual(stack, s)),
        port,
    }
}

/// The stack's environment switches with the values production mode needs.
pub fn stack_switches(stack: Stack) -> &'static [(&'static str, &'static str)] {
    match stack {
        Stack::Node => &[("NODE_ENV", "production")],
        Stack::Ruby => &[("RAILS_ENV", "production"), ("RACK_ENV", "production")],
        Stack::Php => &[("APP_ENV", "production"), ("APP_DEBUG", "false")],
        Stack::Elixir => &[("MIX_ENV", "prod")],
        Stack::Dotnet => &[("ASPNETCORE_ENVIRONMENT", "Production")],
        Stack::Python => &[("PYTHONUNBUFFERED", "1")],
        Stack::Go | Stack::Java | Stack::Rust | Stack::Static => &[],
    }
}
