//! `deployplan init` driven through a pseudo-terminal, key by key, as a person would: full
//! interviews on three paths, Back, Ctrl-C at steps 1, 4 and 8, and the refusal off a
//! terminal.

mod pty;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use pty::{
    BACKSPACE, DOWN, ENTER, FAST_PATH, Pty, UP, assert_same_tree, down, has_colors, listing, read,
};

const APP_TYPE: &str = "What type of application is this?";
const STACK: &str = "What is the app written in?";
const EXPERTISE: &str = "What is your deployment expertise level?";
const SCALE: &str = "What are your scale/traffic expectations?";
const BUDGET: &str = "What is your budget for infrastructure?";
const PLATFORM: &str = "Which platform do you prefer? (A/B/C)";
const AUTOMATED: &str = "Do you want automated deployments";
const HOST: &str = "Where is your code hosted?";
const BRANCH: &str = "Which branch deploys to production?";
const ENVIRONMENTS: &str = "How many environments do you need?";
const DATABASE: &str = "Does the app use a database?";
const CACHE: &str = "Does the app need Redis";
const DB_HOSTING: &str = "Where should the database be hosted?";
const MIGRATIONS: &str = "How will database migrations be handled?";
const TOOL: &str = "Which tool manages the database schema?";
const SECRETS: &str = "Where should secrets/credentials be stored?";
const NAMES: &str = "Required secrets";
const HEALTH: &str = "health check setup";
const HEALTH_PATH: &str = "Which path answers the health check?";
const WRITE: &str = "Write the design with these answers?";

#[test]
fn beginner_low_free_full_stack_on_render() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Pty::spawn(dir.path(), 100, false);
    t.change_answers();
    t.answer(APP_TYPE, &format!("{DOWN}{ENTER}")); // Full-stack web app
    t.answer(STACK, ENTER); // Node.js
    t.answer(EXPERTISE, ENTER); // Beginner
    t.answer(SCALE, ENTER); // Low
    t.answer(BUDGET, ENTER); // Free
    // Step 2 as the workflow lays it out, then A/B/C.
    t.expect("Step 2 of 8: deployment platform options");
    t.expect("A: ");
    t.expect("Recommended");
    t.answer(PLATFORM, &format!("render{ENTER}"));
    t.answer(AUTOMATED, ENTER); // Yes
    t.answer(HOST, ENTER); // GitHub
    t.answer(BRANCH, ENTER); // main
    t.answer(ENVIRONMENTS, ENTER); // Staging + Production (recommended)
    t.answer(DATABASE, &format!("{DOWN}{ENTER}")); // PostgreSQL
    t.answer(CACHE, ENTER); // none
    t.answer(DB_HOSTING, ENTER); // same platform
    t.answer(MIGRATIONS, ENTER); // auto
    t.answer_seeing(
        TOOL,
        "Prisma Migrate [the usual tool for this stack]",
        ENTER,
    );
    t.answer(SECRETS, ENTER); // platform env vars
    t.answer(NAMES, &format!("{DOWN}{ENTER}")); // Add a name…
    t.answer("Secret name", &format!("MY SECRET{ENTER}"));
    // Refused at the prompt with the reason, and asked again.
    t.expect("use letters, digits and `_` only");
    t.send(&format!("{}DATABASE_URL{ENTER}", BACKSPACE.repeat(9)));
    t.answer("Required secrets (1): DATABASE_URL", ENTER);
    t.expect("Step 7 of 8: rollback on Render");
    t.answer(HEALTH, ENTER); // Yes
    t.answer(HEALTH_PATH, ENTER); // /health
    t.expect("Summary of your answers");
    t.answer(WRITE, ENTER);
    t.expect("wrote");
    // init ends with the same next steps as generate.
    t.expect("Next steps:");
    t.expect("DATABASE_URL: dashboard: Service > Environment");
    t.expect("deployplan check");
    let (code, output) = t.finish();
    assert_eq!(code, 0, "{output}");
    assert!(
        !has_colors(&output),
        "NO_COLOR is set, yet the output has colours"
    );

    let toml = read(dir.path(), "deployplan.toml");
    for line in [
        "app_type = \"full-stack\"",
        "expertise = \"beginner\"",
        "budget = \"free\"",
        "id = \"render\"",
        "provider = \"github\"",
        "engine = \"postgres\"",
        "tool = \"prisma\"",
        "names = [\"DATABASE_URL\"]",
        "path = \"/health\"",
    ] {
        assert!(toml.contains(line), "deployplan.toml lacks {line}:\n{toml}");
    }
    let tdd = read(dir.path(), "specs/DEPLOYMENT_TDD.md");
    assert!(tdd.contains("Render"), "{tdd}");
    assert!(tdd.contains("DATABASE_URL"));
    let decisions = read(dir.path(), "specs/09_DECISIONS.md");
    assert!(
        decisions.contains("## Deployment Infrastructure"),
        "{decisions}"
    );
    assert!(decisions.contains("Render"));
    assert!(read(dir.path(), "render.yaml").contains("/health"));
    assert!(read(dir.path(), ".github/workflows/deploy.yml").contains("main"));
}

#[test]
fn advanced_microservices_on_kubernetes_with_gitlab() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Pty::spawn(dir.path(), 120, true);
    t.change_answers();
    t.answer(APP_TYPE, &format!("{}{ENTER}", down(4))); // Microservices
    t.answer(STACK, &format!("{}{ENTER}", down(3))); // Go
    t.answer(EXPERTISE, &format!("{}{ENTER}", down(2))); // Advanced
    t.answer(SCALE, &format!("{}{ENTER}", down(2))); // High
    t.answer(BUDGET, &format!("{}{ENTER}", down(3))); // Enterprise
    t.expect("Kubernetes");
    t.answer(PLATFORM, &format!("kubernetes{ENTER}"));
    t.answer(AUTOMATED, ENTER);
    t.answer(HOST, &format!("{DOWN}{ENTER}")); // GitLab
    t.answer(BRANCH, &format!("{DOWN}{ENTER}")); // another value
    t.answer("Type the branch name", &format!("release{ENTER}"));
    // From the recommended Staging + Production, one down: Dev + Staging + Production.
    t.answer(ENVIRONMENTS, &format!("{DOWN}{ENTER}"));
    t.answer(DATABASE, &format!("{DOWN}{ENTER}")); // PostgreSQL
    t.answer(CACHE, &format!("{DOWN}{ENTER}")); // Redis
    t.answer(DB_HOSTING, &format!("{DOWN}{ENTER}")); // managed
    t.answer(MIGRATIONS, ENTER);
    t.answer(TOOL, ENTER); // goose, usual for Go
    t.answer(SECRETS, &format!("{DOWN}{ENTER}")); // secrets manager
    t.answer(NAMES, &format!("{DOWN}{ENTER}"));
    t.answer("Secret name", &format!("JWT_SECRET{ENTER}"));
    t.answer("Required secrets (1): JWT_SECRET", ENTER);
    t.expect("rollback on Kubernetes");
    t.answer(HEALTH, ENTER);
    t.answer(HEALTH_PATH, &format!("{DOWN}{ENTER}"));
    t.answer("Type the health-check path", &format!("healthz{ENTER}"));
    t.expect("must start with `/`");
    t.send(&format!("{}/healthz{ENTER}", BACKSPACE.repeat(7)));
    t.answer(WRITE, ENTER);
    t.expect("wrote");
    let (code, output) = t.finish();
    assert_eq!(code, 0, "{output}");
    assert!(
        has_colors(&output),
        "without NO_COLOR the prompts are coloured"
    );

    let toml = read(dir.path(), "deployplan.toml");
    for line in [
        "app_type = \"microservices\"",
        "expertise = \"advanced\"",
        "id = \"kubernetes\"",
        "provider = \"gitlab\"",
        "branch = \"release\"",
        "strategy = \"dev-staging-production\"",
        "cache = \"redis\"",
        "hosting = \"managed\"",
        "store = \"secrets-manager\"",
        "path = \"/healthz\"",
    ] {
        assert!(toml.contains(line), "deployplan.toml lacks {line}:\n{toml}");
    }
    let ci = read(dir.path(), ".gitlab-ci.yml");
    assert!(ci.contains("release"), "{ci}");
    assert!(read(dir.path(), "k8s/deployment.yaml").contains("/healthz"));
    assert!(dir.path().join("Dockerfile").is_file());
    assert!(!dir.path().join(".github").exists());
    assert!(read(dir.path(), "specs/DEPLOYMENT_TDD.md").contains("Kubernetes"));
    assert!(read(dir.path(), "specs/09_DECISIONS.md").contains("Kubernetes"));
}

#[test]
fn frontend_only_on_vercel_without_database_in_a_narrow_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Pty::spawn(dir.path(), 50, false);
    t.change_answers();
    t.answer(APP_TYPE, &format!("{}{ENTER}", down(2))); // Frontend only
    t.answer(STACK, ENTER);
    t.answer(EXPERTISE, ENTER);
    t.answer(SCALE, ENTER);
    t.answer(BUDGET, ENTER);
    t.answer(PLATFORM, &format!("vercel{ENTER}"));
    t.answer(AUTOMATED, ENTER);
    t.answer(HOST, ENTER);
    t.answer(BRANCH, ENTER);
    t.answer(ENVIRONMENTS, ENTER);
    let why = "No database [a frontend-only app keeps no data of its own]";
    t.answer_seeing(DATABASE, why, ENTER);
    t.answer(SECRETS, ENTER);
    t.answer(NAMES, ENTER);
    t.answer(HEALTH, ENTER);
    t.answer(HEALTH_PATH, ENTER);
    t.answer(WRITE, ENTER);
    t.expect("wrote");
    let (code, output) = t.finish();
    assert_eq!(code, 0, "{output}");
    for skipped in [CACHE, DB_HOSTING, MIGRATIONS, TOOL] {
        assert!(
            !output.contains(skipped),
            "asked {skipped:?} without a database"
        );
    }
    let toml = read(dir.path(), "deployplan.toml");
    assert!(toml.contains("app_type = \"frontend\""), "{toml}");
    assert!(toml.contains("id = \"vercel\""));
    assert!(toml.contains("engine = \"none\""));
    assert!(dir.path().join("vercel.json").is_file());
    assert!(dir.path().join(".github/workflows/deploy.yml").is_file());
    let tdd = read(dir.path(), "specs/DEPLOYMENT_TDD.md");
    assert!(tdd.contains("Vercel"));
    assert!(read(dir.path(), "specs/09_DECISIONS.md").contains("Vercel"));
}

#[test]
fn back_returns_to_the_previous_question_with_the_answer_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Pty::spawn(dir.path(), 100, false);
    t.change_answers();
    t.answer(APP_TYPE, &format!("{DOWN}{ENTER}")); // Full-stack
    t.answer(STACK, &format!("{DOWN}{ENTER}")); // Python
    // Typing filters the list: "back" leaves the Back option on top.
    t.answer(EXPERTISE, &format!("back{ENTER}"));
    // The last option is Back; arrows stop there.
    t.answer_seeing(
        STACK,
        "Python [your answer]",
        &format!("{}{ENTER}", down(20)),
    );
    t.answer_seeing(
        APP_TYPE,
        "Full-stack web app [your answer]",
        &format!("{UP}{ENTER}"),
    );
    t.answer(STACK, ENTER); // Python kept
    t.answer(EXPERTISE, ENTER);
    t.answer(SCALE, ENTER);
    t.answer(BUDGET, ENTER);
    t.answer(PLATFORM, ENTER);
    t.answer(AUTOMATED, ENTER);
    t.answer(HOST, ENTER);
    t.answer(BRANCH, ENTER);
    t.answer(ENVIRONMENTS, ENTER);
    t.answer(DATABASE, ENTER); // none
    t.answer(CACHE, ENTER);
    t.answer(SECRETS, ENTER);
    t.answer(NAMES, ENTER);
    // Back from step 8 skips step 7 (shown, not asked) to step 6.
    t.answer(HEALTH, &format!("{}{ENTER}", down(5)));
    t.answer(NAMES, ENTER);
    t.answer(HEALTH, ENTER);
    t.answer(HEALTH_PATH, ENTER);
    t.answer(WRITE, ENTER);
    t.expect("wrote");
    let (code, output) = t.finish();
    assert_eq!(code, 0, "{output}");
    let toml = read(dir.path(), "deployplan.toml");
    assert!(toml.contains("app_type = \"web-api\""), "{toml}");
    assert!(toml.contains("stack = \"python\""), "{toml}");
}

/// A Next.js app with Prisma and two env vars, as the scanner sees it.
fn nextjs_prisma_app(dir: &Path) {
    let package = r#"{"name":"shop","scripts":{"build":"next build","start":"next start"},
"dependencies":{"next":"15.0.0","react":"19.0.0","@prisma/client":"6.0.0"},
"devDependencies":{"prisma":"6.0.0"}}"#;
    std::fs::write(dir.join("package.json"), package).unwrap();
    std::fs::create_dir(dir.join("prisma")).unwrap();
    let schema = "datasource db {\n  provider = \"postgresql\"\n  url = env(\"DATABASE_URL\")\n}\n";
    std::fs::write(dir.join("prisma/schema.prisma"), schema).unwrap();
    std::fs::write(dir.join(".env.example"), "STRIPE_API_KEY=\n").unwrap();
}

#[test]
fn the_scan_then_the_saved_answers_pre_select_the_defaults() {
    let dir = tempfile::tempdir().unwrap();
    nextjs_prisma_app(dir.path());
    let mut t = Pty::spawn(dir.path(), 100, false);
    t.change_answers();
    let detected = "Full-stack web app [detected: Next.js (package.json)]";
    t.answer_seeing(APP_TYPE, detected, ENTER);
    // The stack is known from the scan, so the next question is the expertise.
    t.answer(EXPERTISE, ENTER);
    t.answer(SCALE, ENTER);
    t.answer(BUDGET, ENTER);
    t.answer(PLATFORM, ENTER);
    t.answer(AUTOMATED, ENTER);
    t.answer(HOST, ENTER);
    t.answer(BRANCH, ENTER);
    t.answer(ENVIRONMENTS, ENTER);
    let postgres = "PostgreSQL [detected: PostgreSQL (prisma/schema.prisma)]";
    t.answer_seeing(DATABASE, postgres, ENTER);
    t.answer(CACHE, ENTER);
    t.answer(DB_HOSTING, ENTER);
    t.answer(MIGRATIONS, ENTER);
    t.answer_seeing(
        TOOL,
        "Prisma Migrate [detected: prisma/schema.prisma]",
        ENTER,
    );
    t.answer(SECRETS, ENTER);
    // Secrets one per line with where each was found, apart from the settings and the
    // pipeline's own secrets.
    t.expect("Step 6 of 8: secrets and settings");
    t.expect("STRIPE_API_KEY");
    t.expect(".env.example:1");
    t.expect("Settings (not secret; platform config):");
    t.expect("CI secrets (GitHub Actions):");
    t.answer(NAMES, ENTER);
    t.expect("(2): DATABASE_URL, STRIPE_API_KEY");
    t.answer(HEALTH, ENTER);
    t.answer(HEALTH_PATH, ENTER);
    t.answer(WRITE, ENTER);
    // The repository's own .env.example is kept and gains the names it lacks: no question.
    t.expect("append     .env.example");
    let (code, output) = t.finish();
    assert_eq!(code, 0, "{output}");
    assert!(!output.contains(STACK), "asked the stack the scan knows");
    let toml = read(dir.path(), "deployplan.toml");
    assert!(
        toml.contains("names = [\"DATABASE_URL\", \"STRIPE_API_KEY\"]"),
        "{toml}"
    );
    let saved_answers = read(dir.path(), "deployplan.toml");

    // Again, with deployplan.toml there: its answers are pre-selected, and accepting them
    // keeps them. A file edited by hand is only overwritten after asking.
    let tdd = dir.path().join("specs/DEPLOYMENT_TDD.md");
    std::fs::write(
        &tdd,
        format!("{}\nedited\n", read(dir.path(), "specs/DEPLOYMENT_TDD.md")),
    )
    .unwrap();
    let mut t = Pty::spawn(dir.path(), 100, false);
    t.change_answers();
    t.answer_seeing(APP_TYPE, "Full-stack web app [from deployplan.toml]", ENTER);
    t.answer_seeing(EXPERTISE, "Beginner [from deployplan.toml]", ENTER);
    for question in [
        SCALE,
        BUDGET,
        PLATFORM,
        AUTOMATED,
        HOST,
        BRANCH,
        ENVIRONMENTS,
        DATABASE,
    ] {
        t.answer_seeing(question, "[from deployplan.toml]", ENTER);
    }
    for question in [
        CACHE,
        DB_HOSTING,
        MIGRATIONS,
        TOOL,
        SECRETS,
        NAMES,
        HEALTH,
        HEALTH_PATH,
    ] {
        t.answer(question, ENTER);
    }
    t.answer(WRITE, ENTER);
    t.answer(
        "specs/DEPLOYMENT_TDD.md exists and differs from the design",
        &format!("{DOWN}{ENTER}"),
    ); // Overwrite
    t.expect("wrote");
    let (code, output) = t.finish();
    assert_eq!(code, 0, "{output}");
    assert!(output.contains("specs/DEPLOYMENT_TDD.md"), "{output}");
    // The same answers again; the hand edit is gone. (The scan now also sees the files the
    // first run wrote, so the document's "what the scan found" may grow: not compared.)
    assert_eq!(read(dir.path(), "deployplan.toml"), saved_answers);
    assert!(!read(dir.path(), "specs/DEPLOYMENT_TDD.md").contains("\nedited\n"));
}

/// Ctrl-C after the steps before `question` were answered: nothing written, exit 130.
fn ctrl_c_at(args: &str, answers: &[(&str, &str)], question: &str) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("README.md"), "an app\n").unwrap();
    let before = listing(dir.path());
    let mut t = Pty::spawn_args(dir.path(), 100, false, args);
    if question != FAST_PATH {
        t.change_answers();
    }
    for (q, keys) in answers {
        t.answer(q, keys);
    }
    if question == FAST_PATH {
        // Nothing has been answered yet: the fast path's Ctrl-C quits at once.
        t.expect(question);
        std::thread::sleep(Duration::from_millis(500));
        t.send(pty::CTRL_C);
    } else {
        t.interrupt_at(question);
    }
    let (code, output) = t.finish();
    assert_eq!(code, 130, "{output}");
    assert!(output.contains("nothing was written"), "{output}");
    assert_same_tree(&listing(dir.path()), &before, "after Ctrl-C");
}

#[test]
fn esc_in_a_question_asks_and_goes_back_one_question() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("README.md"), "an app\n").unwrap();
    let before = listing(dir.path());
    let mut t = Pty::spawn_args(dir.path(), 100, false, "init");
    t.change_answers();
    t.answer(APP_TYPE, ENTER);
    t.answer(STACK, ENTER);
    t.expect(EXPERTISE);
    std::thread::sleep(Duration::from_millis(500));
    t.send(pty::ESC);
    // Enter on the leave dialog goes back: the stack question again, not the end.
    t.answer(pty::LEAVE, ENTER);
    t.expect(STACK);
    t.quit();
    let (code, output) = t.finish();
    assert_eq!(code, 130, "{output}");
    assert_same_tree(&listing(dir.path()), &before, "after Esc and Ctrl-C");
}

const TO_STEP_4: &[(&str, &str)] = &[
    (APP_TYPE, "\x1b[B\r"),
    (STACK, ENTER),
    (EXPERTISE, ENTER),
    (SCALE, ENTER),
    (BUDGET, ENTER),
    (PLATFORM, ENTER),
    (AUTOMATED, ENTER),
    (HOST, ENTER),
    (BRANCH, ENTER),
];

#[test]
fn ctrl_c_at_step_1_writes_nothing() {
    // Plain `deployplan` in a terminal without deployplan.toml starts the interview too.
    ctrl_c_at("", &[], APP_TYPE);
}

#[test]
fn ctrl_c_at_step_4_writes_nothing() {
    ctrl_c_at("init", TO_STEP_4, ENVIRONMENTS);
}

#[test]
fn ctrl_c_at_step_8_writes_nothing() {
    let mut answers = TO_STEP_4.to_vec();
    answers.extend([
        (ENVIRONMENTS, ENTER),
        (DATABASE, ENTER),
        (CACHE, ENTER),
        (SECRETS, ENTER),
        (NAMES, ENTER),
    ]);
    ctrl_c_at("init", &answers, HEALTH);
}

/// Runs the binary with stdin from /dev/null and returns (exit code, stderr), failing the
/// test if it has not ended within 10 seconds.
fn run_off_terminal(args: &[&str]) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_deployplan"))
        .args(args)
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(10) {
            child.kill().unwrap();
            panic!("deployplan {args:?} waited for input off a terminal");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    assert!(listing(dir.path()).is_empty(), "wrote files off a terminal");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn off_a_terminal_init_exits_2_at_once_pointing_to_generate() {
    for args in [&["init"][..], &[][..]] {
        let (code, stderr) = run_off_terminal(args);
        assert_eq!(code, 2, "deployplan {args:?}: {stderr}");
        assert!(stderr.contains("deployplan generate --answers"), "{stderr}");
    }
}

/// A Node app whose scan says enough for the proposed design, and that holds no file the
/// design would change.
fn express_app(dir: &Path) {
    let package = r#"{"name":"api","scripts":{"start":"node server.js"},"dependencies":{"express":"4.21.0"}}"#;
    std::fs::write(dir.join("package.json"), package).unwrap();
    std::fs::write(
        dir.join("server.js"),
        "const app = require('express')();\napp.get('/health', (req, res) => res.send('ok'));\napp.listen(process.env.PORT || 3000);\n",
    )
    .unwrap();
}

#[test]
fn the_proposed_design_is_written_with_one_keystroke() {
    let dir = tempfile::tempdir().unwrap();
    express_app(dir.path());
    let mut t = Pty::spawn(dir.path(), 100, false);
    t.expect("Found in the repository:");
    t.expect("framework express (package.json:1)");
    t.expect("Proposed design:");
    t.expect("Platform");
    t.expect("Secrets       0");
    t.expect("Health check  /health");
    t.answer_seeing(FAST_PATH, "Change answers", ENTER); // Write it
    t.expect("wrote");
    let (code, output) = t.finish();
    assert_eq!(code, 0, "{output}");
    assert!(!output.contains(APP_TYPE), "asked a question: {output}");
    assert!(read(dir.path(), "deployplan.toml").contains("[platform]"));
    assert!(dir.path().join("specs/DEPLOYMENT_TDD.md").is_file());
}

/// A Render Blueprint the person wrote before trying deployplan.
const MY_RENDER_YAML: &str = "services:\n  - type: web\n    name: mine\n    runtime: node\n    buildCommand: npm ci\n    startCommand: npm start\n";

#[test]
fn keeping_an_existing_file_still_saves_the_answers() {
    let dir = tempfile::tempdir().unwrap();
    nextjs_prisma_app(dir.path());
    // A platform file of the person's own (a merged `.env.example` asks nothing).
    std::fs::write(dir.path().join("render.yaml"), MY_RENDER_YAML).unwrap();
    let env_before = read(dir.path(), "render.yaml");
    let mut t = Pty::spawn(dir.path(), 100, false);
    // Said at the start, before any question.
    t.expect("Existing files this would change");
    t.expect("render.yaml");
    t.answer(FAST_PATH, ENTER); // Write it
    let question = "render.yaml exists and differs from the design";
    t.answer(question, &format!("{}{ENTER}", down(3))); // Show the diff
    t.expect("Changes to render.yaml");
    t.expect("DATABASE_URL");
    t.answer(question, ENTER); // Keep mine
    t.expect("kept");
    let (code, output) = t.finish();
    assert_eq!(code, 0, "{output}");
    assert_eq!(
        read(dir.path(), "render.yaml"),
        env_before,
        "the kept file changed"
    );
    assert!(!dir.path().join("render.yaml.deployplan-new").exists());
    let toml = read(dir.path(), "deployplan.toml");
    assert!(toml.contains("engine = \"postgres\""), "{toml}");
    assert!(dir.path().join("specs/DEPLOYMENT_TDD.md").is_file());
}

#[test]
fn a_compared_file_is_written_beside_the_kept_one() {
    let dir = tempfile::tempdir().unwrap();
    nextjs_prisma_app(dir.path());
    // A platform file of the person's own (a merged `.env.example` asks nothing).
    std::fs::write(dir.path().join("render.yaml"), MY_RENDER_YAML).unwrap();
    let env_before = read(dir.path(), "render.yaml");
    let mut t = Pty::spawn(dir.path(), 100, false);
    t.answer(FAST_PATH, ENTER);
    t.answer(
        "render.yaml exists and differs from the design",
        &format!("{}{ENTER}", down(2)),
    ); // Write beside
    t.expect("wrote");
    let (code, output) = t.finish();
    assert_eq!(code, 0, "{output}");
    assert_eq!(read(dir.path(), "render.yaml"), env_before);
    let beside = read(dir.path(), "render.yaml.deployplan-new");
    assert!(beside.contains("DATABASE_URL"), "{beside}");
    assert!(dir.path().join("deployplan.toml").is_file());
}

#[test]
fn init_dry_run_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    express_app(dir.path());
    let before = listing(dir.path());
    let mut t = Pty::spawn_args(dir.path(), 100, false, "init --dry-run");
    t.answer(FAST_PATH, ENTER);
    t.expect("dry run: nothing written");
    t.expect("create     specs/DEPLOYMENT_TDD.md");
    let (code, output) = t.finish();
    assert_eq!(code, 0, "{output}");
    assert_same_tree(&listing(dir.path()), &before, "after init --dry-run");
}

#[test]
fn cancel_at_the_fast_path_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    express_app(dir.path());
    let before = listing(dir.path());
    let mut t = Pty::spawn(dir.path(), 100, false);
    t.answer(FAST_PATH, &format!("{}{ENTER}", down(2))); // Cancel
    let (code, output) = t.finish();
    assert_eq!(code, 130, "{output}");
    assert_same_tree(&listing(dir.path()), &before, "after Cancel");
}

#[test]
fn init_yes_writes_the_proposed_design_without_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    express_app(dir.path());
    let out = Command::new(env!("CARGO_BIN_EXE_deployplan"))
        .args(["init", "--yes"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("Next steps:"), "{stdout}");
    assert!(read(dir.path(), "deployplan.toml").contains("[platform]"));
    assert!(dir.path().join("specs/DEPLOYMENT_TDD.md").is_file());
    // Again: the same design, nothing to change, still no terminal.
    let again = Command::new(env!("CARGO_BIN_EXE_deployplan"))
        .args(["init", "--yes"])
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(0));
}

#[test]
fn typing_a_b_or_c_picks_that_platform_never_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Pty::spawn(dir.path(), 100, false);
    t.change_answers();
    t.answer(APP_TYPE, ENTER); // Web API
    t.answer(STACK, ENTER); // Node.js
    t.answer(EXPERTISE, ENTER);
    t.answer(SCALE, ENTER);
    t.answer(BUDGET, ENTER);
    t.expect(PLATFORM);
    for letter in ["c", "a", "b"] {
        // The prompt reads keys once it has switched the terminal to raw mode.
        std::thread::sleep(Duration::from_millis(500));
        t.send(&format!("{letter}{ENTER}"));
        // The next question, not the previous one; then back, where Enter would keep the
        // option the letter picked.
        t.answer(AUTOMATED, &format!("{}{ENTER}", down(5)));
        t.expect("Step 2 of 8: deployment platform options");
        t.expect(PLATFORM);
        t.expect(&format!("Enter {} [your answer]", letter.to_uppercase()));
    }
    t.quit();
    let (code, output) = t.finish();
    assert_eq!(code, 130, "{output}");
}

/// Strips escape sequences (colours, cursor moves) from a transcript (read byte by byte).
fn plain(text: &str) -> String {
    let bytes: Vec<u8> = text.chars().map(|c| c as u32 as u8).collect();
    let text = String::from_utf8_lossy(&bytes);
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            if chars.peek() == Some(&'[') {
                chars.next();
                for n in chars.by_ref() {
                    if n.is_ascii_alphabetic() {
                        break;
                    }
                }
            }
        } else if c != '\r' {
            out.push(c);
        }
    }
    out
}

#[test]
fn the_platform_step_fits_an_80_by_24_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Pty::spawn_sized(dir.path(), 80, 24, "init");
    t.change_answers();
    t.answer(APP_TYPE, ENTER);
    t.answer(STACK, ENTER);
    t.answer(EXPERTISE, ENTER);
    t.answer(SCALE, ENTER);
    t.answer(BUDGET, ENTER);
    t.expect("Step 2 of 8: deployment platform options");
    let from = t.transcript_len();
    t.expect(PLATFORM);
    t.expect("d details");
    let screen = plain(&t.transcript_since(from));
    for what in [
        "A: ",
        "B: ",
        "C: ",
        "confidence",
        "/month",
        "complexity",
        "best for",
        "Recommended",
    ] {
        assert!(screen.contains(what), "no {what:?} in\n{screen}");
    }
    // The block, the recommendation and the question: fewer lines than the terminal has,
    // none wider than it (so none wraps into two).
    let lines: Vec<&str> = screen.lines().collect();
    assert!(lines.len() + 3 <= 24, "{} lines:\n{screen}", lines.len());
    for l in &lines {
        assert!(l.chars().count() <= 80, "wider than 80 columns: {l:?}");
    }
    // Full detail on demand, then the question again.
    t.send(&format!("d{ENTER}"));
    t.expect("Option A:");
    t.expect("Recommendation:");
    t.expect(PLATFORM);
    t.quit();
    let (code, output) = t.finish();
    assert_eq!(code, 130, "{output}");
}
