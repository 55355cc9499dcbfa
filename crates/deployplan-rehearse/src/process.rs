//! Processes in their own process group (unix only), so that stopping one stops everything it
//! started (`npm start` → sh → node): SIGTERM to the group, SIGKILL after a grace period.

use std::ffi::OsString;
use std::fs::{File, OpenOptions};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::{Cancel, RehearseError};

/// How long a stopped group gets between SIGTERM and SIGKILL.
const GRACE: Duration = Duration::from_secs(5);
const POLL: Duration = Duration::from_millis(25);

/// An unprivileged account to run a server as (PostgreSQL refuses to run as root).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct User {
    pub uid: u32,
    pub gid: u32,
}

impl User {
    /// The account `name` from the password database, if it exists.
    pub fn lookup(name: &str) -> Option<User> {
        let cname = std::ffi::CString::new(name).ok()?;
        // SAFETY: getpwnam returns a pointer into static storage or null; it is read at once,
        // before any other call could overwrite it.
        unsafe {
            let pw = libc::getpwnam(cname.as_ptr());
            if pw.is_null() {
                None
            } else {
                Some(User {
                    uid: (*pw).pw_uid,
                    gid: (*pw).pw_gid,
                })
            }
        }
    }
}

pub fn running_as_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// A command about to be started: always a clean environment, stdin closed, output to a log.
pub struct Spawn {
    program: PathBuf,
    args: Vec<OsString>,
    env: Vec<(OsString, OsString)>,
    cwd: Option<PathBuf>,
    user: Option<User>,
}

impl Spawn {
    pub fn program(program: impl Into<PathBuf>) -> Spawn {
        Spawn {
            program: program.into(),
            args: Vec::new(),
            env: Vec::new(),
            cwd: None,
            user: None,
        }
    }

    /// `sh -c COMMAND`, as the platforms run their commands.
    pub fn shell(command: &str) -> Spawn {
        Spawn::program("/bin/sh").arg("-c").arg(command)
    }

    pub fn arg(mut self, a: impl Into<OsString>) -> Spawn {
        self.args.push(a.into());
        self
    }

    pub fn args<I: IntoIterator<Item = S>, S: Into<OsString>>(mut self, args: I) -> Spawn {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    pub fn envs(mut self, vars: &[(String, String)]) -> Spawn {
        self.env
            .extend(vars.iter().map(|(k, v)| (k.into(), v.into())));
        self
    }

    pub fn env(mut self, k: &str, v: impl Into<OsString>) -> Spawn {
        self.env.push((k.into(), v.into()));
        self
    }

    pub fn cwd(mut self, dir: &Path) -> Spawn {
        self.cwd = Some(dir.to_path_buf());
        self
    }

    pub fn as_user(mut self, user: Option<User>) -> Spawn {
        self.user = user;
        self
    }

    pub fn start(self, log: &Path) -> Result<Group, RehearseError> {
        let out = open_log(log)?;
        let err = out
            .try_clone()
            .map_err(|e| RehearseError::io(log, "opening the log", e))?;
        let mut cmd = Command::new(&self.program);
        cmd.args(&self.args)
            .env_clear()
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            // Its own group: Ctrl-C in the terminal reaches only deployplan, which then
            // stops the whole group itself.
            .process_group(0);
        if let Some(dir) = &self.cwd {
            cmd.current_dir(dir);
        }
        if let Some(user) = self.user {
            cmd.uid(user.uid).gid(user.gid);
        }
        let child = cmd.spawn().map_err(|e| {
            RehearseError::Step(format!("cannot start {}: {e}", self.program.display()))
        })?;
        let pgid = child.id() as i32;
        Ok(Group {
            child,
            pgid,
            outcome: None,
        })
    }
}

fn open_log(log: &Path) -> Result<File, RehearseError> {
    OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .map_err(|e| RehearseError::io(log, "opening the log", e))
}

/// How a process ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Exited(i32),
    Signalled(i32),
    TimedOut,
}

impl Outcome {
    pub fn describe(self) -> String {
        match self {
            Outcome::Exited(code) => format!("exited with status {code}"),
            Outcome::Signalled(sig) => format!("was killed by signal {sig}"),
            Outcome::TimedOut => "timed out".into(),
        }
    }
}

/// A started process and the group it leads. Dropping it stops the group.
pub struct Group {
    child: Child,
    pgid: i32,
    outcome: Option<Outcome>,
}

impl Group {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The outcome if the leader has exited, without waiting.
    pub fn exited(&mut self) -> Option<Outcome> {
        if self.outcome.is_none()
            && let Ok(Some(status)) = self.child.try_wait()
        {
            self.outcome = Some(match (status.code(), status.signal()) {
                (Some(code), _) => Outcome::Exited(code),
                (None, Some(sig)) => Outcome::Signalled(sig),
                (None, None) => Outcome::Exited(-1),
            });
        }
        self.outcome
    }

    /// Waits for the leader to exit, at most `timeout`; Ctrl-C ends the wait with
    /// `RehearseError::Cancelled` (the caller's teardown stops the group).
    pub fn wait(&mut self, timeout: Duration, cancel: &Cancel) -> Result<Outcome, RehearseError> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(outcome) = self.exited() {
                return Ok(outcome);
            }
            if cancel.is_cancelled() {
                return Err(RehearseError::Cancelled);
            }
            if Instant::now() >= deadline {
                return Ok(Outcome::TimedOut);
            }
            std::thread::sleep(POLL);
        }
    }

    fn group_alive(&self) -> bool {
        // SAFETY: signal 0 only checks for existence; pgid is the group this Group started.
        unsafe { libc::killpg(self.pgid, 0) == 0 }
    }

    fn signal(&self, sig: i32) {
        // SAFETY: killpg with a group id we created; failure (already gone) is fine.
        unsafe {
            libc::killpg(self.pgid, sig);
        }
    }

    /// SIGTERM to the whole group, SIGKILL to whatever is left after the grace period.
    pub fn stop(&mut self) {
        self.stop_with(libc::SIGTERM);
    }

    /// Stops with a chosen first signal (PostgreSQL shuts down fastest on SIGINT).
    pub fn stop_with(&mut self, first: i32) {
        self.exited();
        if !self.group_alive() {
            return;
        }
        self.signal(first);
        let deadline = Instant::now() + GRACE;
        while Instant::now() < deadline {
            self.exited();
            if !self.group_alive() {
                return;
            }
            std::thread::sleep(POLL);
        }
        self.signal(libc::SIGKILL);
        let deadline = Instant::now() + GRACE;
        while Instant::now() < deadline {
            self.exited();
            if !self.group_alive() {
                return;
            }
            std::thread::sleep(POLL);
        }
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        self.stop();
        let _ = self.child.wait();
    }
}
