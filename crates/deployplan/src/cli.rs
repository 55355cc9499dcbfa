//! The command line, as typed: clap structs only. Option values come from the same tables as
//! the answers file and the interview (`deployplan_core::answers::choices`).

use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand};
use deployplan_core::answers::{self, Choice, validate};

#[derive(Debug, Parser)]
#[command(
    name = "deployplan",
    version,
    about = "Design a web app's deployment infrastructure and CI/CD pipeline, write the design down, and generate the files that make it real",
    after_help = "Start with `deployplan generate --example`, or `deployplan init` in your repository for the interview."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Ask the workflow's questions in the terminal, then write the design and the files
    Init(InitArgs),
    /// Write specs/DEPLOYMENT_TDD.md, the decision record and the deploy files from answers
    Generate(GenerateArgs),
    /// Show the three platform options for the four context answers
    Recommend(RecommendArgs),
    /// List the platforms of the knowledge base
    Platforms(PlatformsArgs),
    /// Show everything the knowledge base knows about one platform, with sources
    Explain(ExplainArgs),
    /// Detect the stack, services, databases, workers and env vars of a repository
    Scan(ScanArgs),
    /// Check a repository against its design (deployplan.toml): missing or drifted files,
    /// env vars the design does not list, committed secrets. Exit 1 on any error finding
    Check(CheckArgs),
    /// Run the plan locally the way the platform will, before the first push: a throwaway
    /// copy, throwaway servers, install, build, release, start and the health check
    Rehearse(RehearseArgs),
    /// Print the commented example answers file
    ExampleAnswers,
    /// Print the JSON Schema of deployplan.toml (for editor completion and checks)
    Schema,
    /// Print a shell completion script (e.g. `deployplan completions bash > ~/.local/share/bash-completion/completions/deployplan`)
    Completions(CompletionsArgs),
    /// Print the man page (roff) to stdout (e.g. `deployplan man | man -l -`)
    Man,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// A parser for a closed question: its ids are the possible values, with their help lines.
pub fn choice<C: Choice + Send + Sync + Clone>() -> impl TypedValueParser<Value = C> {
    PossibleValuesParser::new(
        C::all()
            .iter()
            .map(|c| PossibleValue::new(c.id()).help(c.help())),
    )
    .try_map(|s: String| C::parse(&s))
}

fn text(rule: fn(&str) -> Result<(), String>) -> impl Fn(&str) -> Result<String, String> + Clone {
    move |s: &str| rule(s).map(|()| s.to_string())
}

fn command(flag: &'static str, what: &'static str) -> Checked {
    checked(flag, move |s: &str| validate::command(what, s))
}

/// A free-text flag checked by one of the answers rules. A refused value is reported in the
/// rule's words only, without clap's "invalid value '...'" prefix, which would print a value
/// typed by mistake (`--secret STRIPE_KEY=sk_live_...`) or a raw control character.
type Rule = std::sync::Arc<dyn Fn(&str) -> Result<(), String> + Send + Sync>;

#[derive(Clone)]
pub struct Checked {
    flag: &'static str,
    rule: Rule,
}

pub fn checked(
    flag: &'static str,
    rule: impl Fn(&str) -> Result<(), String> + Send + Sync + 'static,
) -> Checked {
    Checked {
        flag,
        rule: std::sync::Arc::new(rule),
    }
}

impl TypedValueParser for Checked {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        let refuse = |message: String| {
            clap::Error::raw(
                clap::error::ErrorKind::ValueValidation,
                format!("{}: {message}\n", self.flag),
            )
            .with_cmd(cmd)
        };
        let Some(s) = value.to_str() else {
            return Err(refuse("the value is not valid UTF-8 (not shown)".into()));
        };
        (self.rule)(s).map_err(refuse)?;
        Ok(s.to_string())
    }
}

fn project_name_rule(s: &str) -> Result<(), String> {
    validate::one_line("project name", s)
}

fn author_rule(s: &str) -> Result<(), String> {
    validate::one_line("author", s)
}

fn platform_id(s: &str) -> Result<String, String> {
    let catalog = deployplan_core::Catalog::embedded().map_err(|e| e.to_string())?;
    if s == answers::RECOMMENDED || catalog.platform(s).is_some() {
        Ok(s.to_string())
    } else {
        Err(format!(
            "unknown platform `{s}`; valid values: {}, {}",
            answers::RECOMMENDED,
            catalog.ids().join(", ")
        ))
    }
}

fn yes_no(s: &str) -> Result<bool, String> {
    answers::YesNo::parse(s)
        .map(|v| v == answers::YesNo::Yes)
        .map_err(|e| e.to_string())
}

/// Every answer of steps 1-8 as a flag. Each overrides the answers file.
#[derive(Debug, Args, Default, Clone)]
pub struct AnswerFlags {
    /// Step 1: what kind of application this is
    #[arg(long, value_parser = choice::<answers::AppType>(), help_heading = "Context (step 1)")]
    pub app_type: Option<answers::AppType>,
    /// Step 1: deployment expertise
    #[arg(long, value_parser = choice::<answers::Expertise>(), help_heading = "Context (step 1)")]
    pub expertise: Option<answers::Expertise>,
    /// Step 1: expected scale/traffic
    #[arg(long, value_parser = choice::<answers::Scale>(), help_heading = "Context (step 1)")]
    pub scale: Option<answers::Scale>,
    /// Step 1: infrastructure budget
    #[arg(long, value_parser = choice::<answers::Budget>(), help_heading = "Context (step 1)")]
    pub budget: Option<answers::Budget>,
    /// Step 2: a platform id (see `deployplan platforms`) or `recommended`
    #[arg(long, value_name = "ID", value_parser = platform_id, help_heading = "Decisions (steps 2-8)")]
    pub platform: Option<String>,
    /// Step 3: where the code is hosted (`manual` for no automation)
    #[arg(long, value_parser = choice::<answers::CiProvider>(), help_heading = "Decisions (steps 2-8)")]
    pub ci: Option<answers::CiProvider>,
    /// Step 3: the branch that deploys [default: main]
    #[arg(long, value_parser = checked("--branch", validate::branch), help_heading = "Decisions (steps 2-8)")]
    pub branch: Option<String>,
    /// Step 4: environment strategy
    #[arg(long, value_parser = choice::<answers::EnvironmentStrategy>(), help_heading = "Decisions (steps 2-8)")]
    pub environments: Option<answers::EnvironmentStrategy>,
    /// Step 5: database engine
    #[arg(long, value_parser = choice::<answers::DatabaseEngine>(), help_heading = "Decisions (steps 2-8)")]
    pub database: Option<answers::DatabaseEngine>,
    /// Step 5: a cache beside the database
    #[arg(long, value_parser = choice::<answers::Cache>(), help_heading = "Decisions (steps 2-8)")]
    pub cache: Option<answers::Cache>,
    /// Step 5: where the database runs
    #[arg(long, value_parser = choice::<answers::DatabaseHosting>(), help_heading = "Decisions (steps 2-8)")]
    pub database_hosting: Option<answers::DatabaseHosting>,
    /// Step 5: how migrations run
    #[arg(long, value_parser = choice::<answers::MigrationMode>(), help_heading = "Decisions (steps 2-8)")]
    pub migrations: Option<answers::MigrationMode>,
    /// Step 5: the migration tool
    #[arg(long, value_parser = choice::<answers::MigrationTool>(), help_heading = "Decisions (steps 2-8)")]
    pub migration_tool: Option<answers::MigrationTool>,
    /// Step 6: where secrets are stored
    #[arg(long, value_parser = choice::<answers::SecretsStore>(), help_heading = "Decisions (steps 2-8)")]
    pub secrets: Option<answers::SecretsStore>,
    /// Step 6: a required secret's NAME (repeatable; names only, never values)
    #[arg(long = "secret", value_name = "NAME", value_parser = checked("--secret", validate::secret_name), help_heading = "Decisions (steps 2-8)")]
    pub secret: Vec<String>,
    /// Step 8: include health checks
    #[arg(long, value_name = "yes|no", value_parser = yes_no, help_heading = "Decisions (steps 2-8)")]
    pub health_checks: Option<bool>,
    /// Step 8: the health-check path [default: /health]
    #[arg(long, value_parser = text(validate::health_path), help_heading = "Decisions (steps 2-8)")]
    pub health_path: Option<String>,
    /// The language stack, when no repository scan says it
    #[arg(long, value_parser = choice::<answers::Stack>(), help_heading = "App")]
    pub stack: Option<answers::Stack>,
    /// The port the app listens on
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..), help_heading = "App")]
    pub port: Option<u16>,
    /// Whether the app runs background workers
    #[arg(long, value_name = "yes|no", value_parser = yes_no, help_heading = "App")]
    pub workers: Option<bool>,
    /// Whether the app holds websockets open
    #[arg(long, value_name = "yes|no", value_parser = yes_no, help_heading = "App")]
    pub websockets: Option<bool>,
    /// The command that installs dependencies [default: from the scan, else the stack's]
    #[arg(long, value_name = "CMD", value_parser = command("--install-command", "install command"), help_heading = "App")]
    pub install_command: Option<String>,
    /// The command that runs the tests in CI
    #[arg(long, value_name = "CMD", value_parser = command("--test-command", "test command"), help_heading = "App")]
    pub test_command: Option<String>,
    /// The command that builds the release
    #[arg(long, value_name = "CMD", value_parser = command("--build-command", "build command"), help_heading = "App")]
    pub build_command: Option<String>,
    /// The command that starts the web process
    #[arg(long, value_name = "CMD", value_parser = command("--start-command", "start command"), help_heading = "App")]
    pub start_command: Option<String>,
    /// Project name for the documents [default: the output folder's name]
    #[arg(long, value_parser = checked("--project-name", project_name_rule), help_heading = "Document")]
    pub project_name: Option<String>,
    /// Author of the documents
    #[arg(long, value_parser = checked("--author", author_rule), help_heading = "Document")]
    pub author: Option<String>,
    /// Document date, YYYY-MM-DD [default: today]
    #[arg(long, value_parser = text(validate::date), help_heading = "Document")]
    pub date: Option<String>,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    #[command(flatten)]
    pub answers: AnswerFlags,
    /// Use the built-in example answers (writes to ./deployplan-example unless --out is given)
    #[arg(long, conflicts_with = "answers_file")]
    pub example: bool,
    /// Answers file [default: OUT/deployplan.toml when it exists]
    #[arg(long = "answers", value_name = "FILE")]
    pub answers_file: Option<PathBuf>,
    /// Scan this repository and let its facts fill in the answers
    #[arg(long, value_name = "DIR")]
    pub repo: Option<PathBuf>,
    /// Output directory [default: .]
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Overwrite files that deployplan generated before and that differ (never the
    /// repository's own files: see --force-all)
    #[arg(long)]
    pub force: bool,
    /// Overwrite every existing file that differs, the repository's own too (a Dockerfile,
    /// Procfile or platform config you wrote): its contents are lost
    #[arg(long)]
    pub force_all: bool,
    /// Show what would be written (create/overwrite/unchanged, with diffs) and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Do not save the resolved answers to OUT/deployplan.toml
    #[arg(long)]
    pub no_save: bool,
    /// Print the plan as JSON (every value with its source, and each file's action) instead
    /// of the summary
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct RecommendArgs {
    #[command(flatten)]
    pub answers: AnswerFlags,
    /// Answers file to start from
    #[arg(long = "answers", value_name = "FILE")]
    pub answers_file: Option<PathBuf>,
    /// Scan this repository and let its facts shape the options
    #[arg(long, value_name = "DIR")]
    pub repo: Option<PathBuf>,
    /// Print JSON: {"options":[{"platform","confidence","score","reasons"}],"recommended"}
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct PlatformsArgs {
    /// Print JSON (an array of platforms with their capabilities)
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A platform id (see `deployplan platforms`)
    #[arg(value_parser = platform_id)]
    pub platform: String,
    /// Print the platform's catalog entry as JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// The repository to scan [default: .]
    pub dir: Option<PathBuf>,
    /// Print the facts as JSON (field names are stable)
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The repository (holding deployplan.toml) [default: .]
    pub dir: Option<PathBuf>,
    /// Print the findings as JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct RehearseArgs {
    /// The repository to rehearse (holding deployplan.toml) [default: .]
    pub dir: Option<PathBuf>,
    #[command(flatten)]
    pub answers: AnswerFlags,
    /// Answers file [default: DIR/deployplan.toml when it exists]
    #[arg(long = "answers", value_name = "FILE")]
    pub answers_file: Option<PathBuf>,
    /// Also run the CI test job's install and test commands, with throwaway services
    #[arg(long)]
    pub with_tests: bool,
    /// Print the report as JSON
    #[arg(long)]
    pub json: bool,
    /// Leave the workspace and the logs for a look (their folder is printed)
    #[arg(long)]
    pub keep: bool,
    /// Use your own server instead of a throwaway one: postgres=URL, mysql=URL or redis=URL
    /// (repeatable; the URL is never printed)
    #[arg(long = "service", value_name = "KIND=URL", value_parser = service_url)]
    pub services: Vec<(deployplan_rehearse::ServiceKind, String)>,
    /// Seconds every step may take, instead of the per-step defaults (install 900, start 60, ...)
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub step_timeout: Option<u64>,
}

fn service_url(s: &str) -> Result<(deployplan_rehearse::ServiceKind, String), String> {
    use deployplan_rehearse::ServiceKind;
    let valid = ServiceKind::ALL.map(ServiceKind::id).join(", ");
    let (kind, url) = s
        .split_once('=')
        .ok_or_else(|| format!("expected KIND=URL with KIND one of {valid}"))?;
    let kind = ServiceKind::parse(kind)
        .ok_or_else(|| format!("unknown service `{kind}`; valid: {valid}"))?;
    if !url.contains("://") || url.chars().any(char::is_whitespace) {
        return Err(format!(
            "`{}=...` needs a URL like {}://user@127.0.0.1:PORT/NAME",
            kind.id(),
            kind.id()
        ));
    }
    Ok((kind, url.to_string()))
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The repository to design for [default: .]
    #[arg(long, value_name = "DIR")]
    pub repo: Option<PathBuf>,
    /// Output directory [default: the repository]
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Overwrite files that already exist and differ
    #[arg(long)]
    pub force: bool,
    /// Document date, YYYY-MM-DD [default: today]
    #[arg(long, value_parser = text(validate::date))]
    pub date: Option<String>,
    /// Show what would be written (create/overwrite/unchanged, with diffs) and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Write the proposed design (the scan and deployplan.toml) without asking; no terminal
    /// needed
    #[arg(long, short = 'y')]
    pub yes: bool,
}

impl AnswerFlags {
    /// The flags as one answers source.
    pub fn to_partial(&self) -> answers::PartialAnswers {
        let mut p = answers::PartialAnswers::default();
        p.project.name = self.project_name.clone();
        p.project.author = self.author.clone();
        p.project.date = self.date.clone();
        p.context.app_type = self.app_type;
        p.context.expertise = self.expertise;
        p.context.scale = self.scale;
        p.context.budget = self.budget;
        p.platform.id = self.platform.clone();
        p.ci.provider = self.ci;
        p.ci.branch = self.branch.clone();
        p.environments.strategy = self.environments;
        p.database.engine = self.database;
        p.database.cache = self.cache;
        p.database.hosting = self.database_hosting;
        p.database.migrations = self.migrations;
        p.database.tool = self.migration_tool;
        p.secrets.store = self.secrets;
        p.secrets.names = (!self.secret.is_empty()).then(|| self.secret.clone());
        p.health.enabled = self.health_checks;
        p.health.path = self.health_path.clone();
        p.app.stack = self.stack;
        p.app.port = self.port;
        p.app.workers = self.workers;
        p.app.websockets = self.websockets;
        p.app.install_command = self.install_command.clone();
        p.app.test_command = self.test_command.clone();
        p.app.build_command = self.build_command.clone();
        p.app.start_command = self.start_command.clone();
        p
    }
}
