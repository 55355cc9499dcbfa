//! `deployplan rehearse [DIR]`: the plan (from DIR/deployplan.toml, --answers and the answer
//! flags, as `generate` resolves it) run locally the way the platform will run it.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use deployplan_core::Catalog;
use deployplan_core::answers::PartialAnswers;
use deployplan_rehearse::{Cancel, Options, Progress, Status, StepResult, StepSpec};

use super::generate::ANSWERS_FILE;
use crate::cli::RehearseArgs;
use crate::error::CliError;
use crate::pipeline;

pub fn run(args: RehearseArgs) -> Result<ExitCode, CliError> {
    let catalog = Catalog::embedded()?;
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    if !dir.is_dir() {
        return Err(CliError::BadInput(format!(
            "{}: not a folder; give the repository to rehearse (default: .)",
            dir.display()
        )));
    }
    let saved = dir.join(ANSWERS_FILE);
    let file_partial = if let Some(path) = &args.answers_file {
        pipeline::read_answers_file(path, catalog)?
    } else if saved.is_file() {
        pipeline::read_answers_file(&saved, catalog)?
    } else {
        note(&format!(
            "no {} in {}: rehearsing the plan `deployplan generate --repo {}` would write",
            ANSWERS_FILE,
            dir.display(),
            dir.display()
        ));
        PartialAnswers::default()
    };
    let partial = file_partial.merge(&args.answers.to_partial());
    let facts = pipeline::scan(&dir)?;
    let answers = pipeline::resolve(
        &partial,
        &facts,
        catalog,
        &pipeline::defaults(&dir, partial.project.name.is_some()),
    )?;
    let plan = deployplan_artifacts::plan(&answers, &facts, catalog)?;
    let options = Options {
        with_tests: args.with_tests,
        keep: args.keep,
        external_services: args.services.clone(),
        step_timeout: args.step_timeout.map(Duration::from_secs),
    };

    let cancel = Cancel::new();
    let on_signal = cancel.clone();
    // Ctrl-C and SIGTERM only raise a flag: the rehearsal stops what it started, removes its
    // folder, and then the command exits with 130.
    ctrlc::set_handler(move || on_signal.cancel())
        .map_err(|e| CliError::Failed(format!("cannot install the Ctrl-C handler: {e}")))?;

    let progress = LiveProgress::new(!args.json && std::io::stderr().is_terminal());
    let report =
        deployplan_rehearse::rehearse(&plan, &dir, &options, &cancel, &progress).map_err(|e| {
            match e {
                deployplan_rehearse::RehearseError::Input(m) => CliError::BadInput(m),
                deployplan_rehearse::RehearseError::Cancelled => CliError::Interrupted(
                    "cancelled; everything the rehearsal started was stopped and removed".into(),
                ),
                deployplan_rehearse::RehearseError::Step(m) => CliError::Failed(m),
            }
        })?;
    drop(progress);

    let text = if args.json {
        report.to_json() + "\n"
    } else {
        report.to_text()
    };
    // A closed stdout (`| head`) is not an error of the rehearsal.
    let _ = std::io::stdout().write_all(text.as_bytes());
    let _ = std::io::stdout().flush();

    if report.cancelled {
        return Err(CliError::Interrupted(
            "cancelled; every process was stopped and the workspace removed".into(),
        ));
    }
    match report.failed_step() {
        None => Ok(ExitCode::SUCCESS),
        Some(step) => Err(CliError::Failed(format!(
            "the rehearsal failed at step `{}`: {}",
            step.spec.name, step.detail
        ))),
    }
}

fn note(message: &str) {
    let _ = writeln!(std::io::stderr(), "note: {message}");
}

/// A line per step on stderr; on a terminal, a spinner with the elapsed time while it runs.
struct LiveProgress {
    terminal: bool,
    current: Arc<Mutex<Option<(String, Instant)>>>,
    ticker: Option<std::thread::JoinHandle<()>>,
    stop: Arc<std::sync::atomic::AtomicBool>,
}

impl LiveProgress {
    fn new(terminal: bool) -> LiveProgress {
        let current: Arc<Mutex<Option<(String, Instant)>>> = Arc::new(Mutex::new(None));
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let ticker = terminal.then(|| {
            let current = current.clone();
            let stop = stop.clone();
            std::thread::spawn(move || {
                const FRAMES: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
                let mut frame = 0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    if let Ok(guard) = current.lock()
                        && let Some((label, since)) = guard.as_ref()
                    {
                        let _ = write!(
                            std::io::stderr(),
                            "\r\x1b[2K{} {label}  {:.1}s",
                            FRAMES[frame % FRAMES.len()],
                            since.elapsed().as_secs_f64()
                        );
                        frame += 1;
                    }
                    std::thread::sleep(Duration::from_millis(100));
                }
            })
        });
        LiveProgress {
            terminal,
            current,
            ticker,
            stop,
        }
    }
}

impl Drop for LiveProgress {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(t) = self.ticker.take() {
            let _ = t.join();
        }
    }
}

fn label(step: &StepSpec, index: usize, total: usize) -> String {
    match &step.command {
        Some(cmd) => format!("[{}/{total}] {}: {cmd}", index + 1, step.name),
        None => format!("[{}/{total}] {}", index + 1, step.name),
    }
}

impl Progress for LiveProgress {
    fn started(&self, index: usize, total: usize, step: &StepSpec) {
        let label = label(step, index, total);
        if self.terminal {
            if let Ok(mut guard) = self.current.lock() {
                *guard = Some((label, Instant::now()));
            }
        } else {
            let _ = writeln!(std::io::stderr(), "{label}");
        }
    }

    fn finished(&self, result: &StepResult) {
        if self.terminal
            && let Ok(mut guard) = self.current.lock()
        {
            *guard = None;
            let _ = write!(std::io::stderr(), "\r\x1b[2K");
        }
        let mark = match result.status {
            Status::Passed => "ok",
            Status::Failed => "FAILED",
            Status::Skipped => "skipped",
        };
        let _ = writeln!(
            std::io::stderr(),
            "  {} {mark} in {:.1}s{}",
            result.spec.name,
            result.elapsed.as_secs_f64(),
            if result.detail.is_empty() {
                String::new()
            } else {
                format!(": {}", result.detail)
            }
        );
    }
}
