//! Every closed question of the workflow (steps 1-8), with the workflow's options.

use super::choice::choice_enum;

choice_enum! {
    /// Step 1, question 1.
    AppType, key = "app-type" {
        WebApi => ("web-api", "Web API", "a backend service that answers HTTP requests"),
        FullStack => ("full-stack", "Full-stack web app", "frontend and backend deployed together"),
        Frontend => ("frontend", "Frontend only", "a single-page app or static site, no server of its own"),
        Workers => ("workers", "Background workers / jobs", "queue consumers and scheduled jobs are the main workload"),
        Microservices => ("microservices", "Microservices", "several services deployed and scaled independently"),
        Monolith => ("monolith", "Monolith", "one large server application with everything in it"),
    }
}

choice_enum! {
    /// Step 1, question 2.
    Expertise, key = "expertise" {
        Beginner => ("beginner", "Beginner", "never deployed before; wants the simplest option"),
        Intermediate => ("intermediate", "Intermediate", "has deployed before; comfortable with a PaaS"),
        Advanced => ("advanced", "Advanced", "comfortable with Docker, Kubernetes and infrastructure as code"),
    }
}

choice_enum! {
    /// Step 1, question 3.
    Scale, key = "scale" {
        Low => ("low", "Low", "under 100 users: a personal or internal tool"),
        Medium => ("medium", "Medium", "100 to 10K users: a startup or small business"),
        High => ("high", "High", "10K to 1M users: a growing product"),
        VeryHigh => ("very-high", "Very high", "over 1M users: enterprise scale"),
    }
}

choice_enum! {
    /// Step 1, question 4.
    Budget, key = "budget" {
        Free => ("free", "Free tier only", "$0/month"),
        Small => ("small", "Small", "$10-50/month"),
        Medium => ("medium", "Medium", "$50-200/month"),
        Enterprise => ("enterprise", "Enterprise", "$200+/month"),
    }
}

choice_enum! {
    /// Step 3: where the code is hosted, or no automation at all.
    CiProvider, key = "ci" {
        Github => ("github", "GitHub (GitHub Actions)", "auto-deploy on push, native to GitHub, free for public repositories"),
        Gitlab => ("gitlab", "GitLab (GitLab CI)", "auto-deploy on push with the CI built into GitLab"),
        Bitbucket => ("bitbucket", "Bitbucket (Pipelines)", "auto-deploy on push with Bitbucket Pipelines"),
        Other => ("other", "Other host", "auto-deploy; the pipeline stages are documented for your CI"),
        Manual => ("manual", "No automation (manual deploys)", "a person runs the deploy command; full control, more room for error"),
    }
}

choice_enum! {
    /// Step 4.
    EnvironmentStrategy, key = "environments" {
        Production => ("production", "Production only", "simplest; issues go straight to users (side projects, MVPs)"),
        StagingProduction => ("staging-production", "Staging + Production", "the recommended minimum: test in staging, then promote"),
        DevStagingProduction => ("dev-staging-production", "Dev + Staging + Production", "a shared dev environment too (teams, critical apps)"),
        PreviewStagingProduction => ("preview-staging-production", "Preview + Staging + Production", "a preview deployment per pull request (teams working in parallel)"),
    }
}

choice_enum! {
    /// Step 5: the database engine (none when the app keeps no data).
    DatabaseEngine, key = "database" {
        None => ("none", "No database", "the app stores no data of its own"),
        Postgres => ("postgres", "PostgreSQL", "the default relational database on most platforms"),
        Mysql => ("mysql", "MySQL", "relational; managed on most clouds"),
        Mariadb => ("mariadb", "MariaDB", "MySQL-compatible relational database"),
        Mongodb => ("mongodb", "MongoDB", "document database (usually MongoDB Atlas)"),
        Sqlite => ("sqlite", "SQLite", "a file on a persistent disk; needs a platform with volumes"),
    }
}

choice_enum! {
    /// Step 5: a cache or queue broker beside the database.
    Cache, key = "cache" {
        None => ("none", "No cache", "no Redis or similar"),
        Redis => ("redis", "Redis / Valkey", "cache, sessions or a job queue broker"),
    }
}

choice_enum! {
    /// Step 5.
    DatabaseHosting, key = "database-hosting" {
        SamePlatform => ("same-platform", "Same platform as the app", "simplest: one platform, one bill (recommended for most apps)"),
        Managed => ("managed", "Managed database service", "AWS RDS, Neon, Supabase, PlanetScale, Atlas: backups and scaling handled"),
        SelfManaged => ("self-managed", "Self-managed", "you run the server, backups and upgrades (not recommended without a strong reason)"),
    }
}

choice_enum! {
    /// Step 5: how migrations run.
    MigrationMode, key = "migrations" {
        Auto => ("auto", "Auto-migrate on deploy", "migrations run before the new release goes live (recommended)"),
        Manual => ("manual", "Manual migrations", "a person (or DBA) runs migrations separately"),
    }
}

choice_enum! {
    /// Step 5: the migration tool; its commands live in catalog/migration-tools.toml.
    MigrationTool, key = "migration-tool" {
        None => ("none", "None", "no schema migrations"),
        Prisma => ("prisma", "Prisma Migrate", "Node/TypeScript"),
        Drizzle => ("drizzle", "Drizzle Kit", "Node/TypeScript"),
        Knex => ("knex", "Knex", "Node"),
        Typeorm => ("typeorm", "TypeORM", "Node/TypeScript"),
        Sequelize => ("sequelize", "Sequelize", "Node"),
        Alembic => ("alembic", "Alembic", "Python (SQLAlchemy, FastAPI, Flask)"),
        Django => ("django", "Django migrations", "Python (Django)"),
        Rails => ("rails", "Rails / ActiveRecord", "Ruby"),
        Laravel => ("laravel", "Laravel migrations", "PHP (artisan)"),
        Doctrine => ("doctrine", "Doctrine Migrations", "PHP (Symfony)"),
        Flyway => ("flyway", "Flyway", "Java/JVM"),
        Liquibase => ("liquibase", "Liquibase", "Java/JVM"),
        Goose => ("goose", "goose", "Go"),
        GolangMigrate => ("golang-migrate", "golang-migrate", "Go"),
        Ecto => ("ecto", "Ecto", "Elixir/Phoenix"),
        EfCore => ("ef-core", "EF Core migrations", ".NET"),
        Diesel => ("diesel", "Diesel", "Rust"),
        Sqlx => ("sqlx", "SQLx", "Rust"),
    }
}

choice_enum! {
    /// Step 6.
    SecretsStore, key = "secrets" {
        PlatformEnv => ("platform-env", "Platform environment variables", "stored in the platform's dashboard or CLI (simplest, recommended)"),
        SecretsManager => ("secrets-manager", "Secrets manager", "AWS Secrets Manager, Vault, ...: audit logs and rotation (enterprise)"),
    }
}

choice_enum! {
    /// The language stack, when no repository scan says it.
    Stack, key = "stack" {
        Node => ("node", "Node.js / TypeScript", "npm, pnpm, yarn or bun"),
        Python => ("python", "Python", "pip, Poetry or uv"),
        Ruby => ("ruby", "Ruby", "Bundler"),
        Go => ("go", "Go", "go modules"),
        Java => ("java", "Java / Kotlin (JVM)", "Maven or Gradle"),
        Php => ("php", "PHP", "Composer"),
        Dotnet => ("dotnet", ".NET", "dotnet CLI"),
        Elixir => ("elixir", "Elixir", "mix"),
        Rust => ("rust", "Rust", "cargo"),
        Static => ("static", "Static files", "HTML/CSS/JS with no build server"),
    }
}

choice_enum! {
    /// Step 8, as a yes/no question.
    YesNo, key = "yes-no" {
        Yes => ("yes", "Yes", ""),
        No => ("no", "No", ""),
    }
}
