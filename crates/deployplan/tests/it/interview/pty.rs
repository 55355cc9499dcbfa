//! A pseudo-terminal harness for the interview tests: spawn `deployplan` in a sized
//! terminal, wait for text, send keys, read the exit code; plus directory listings.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use rexpect::process::WaitStatus;
use rexpect::session::{PtySession, spawn_command};

pub const DOWN: &str = "\x1b[B";
pub const UP: &str = "\x1b[A";
pub const ENTER: &str = "\r";
pub const CTRL_C: &str = "\x03";
pub const ESC: &str = "\x1b";
/// The question Esc and Ctrl-C ask before the interview stops.
pub const LEAVE: &str = "Leave the interview?";
pub const BACKSPACE: &str = "\x7f";
/// The question after the scan: write the proposed design, change answers, or cancel.
pub const FAST_PATH: &str = "Write this design?";
/// Generous: the tests share two cores with the rest of the suite.
const TIMEOUT_MS: u64 = 60_000;

pub fn down(n: usize) -> String {
    DOWN.repeat(n)
}

/// The interview in a pseudo-terminal of `cols` columns, with a transcript of its output.
pub struct Pty {
    session: PtySession,
    transcript: String,
}

impl Pty {
    pub fn spawn(dir: &Path, cols: u16, color: bool) -> Pty {
        Pty::spawn_args(dir, cols, color, "init")
    }

    /// `args` follow `deployplan` (`init`, or nothing for plain `deployplan`).
    pub fn spawn_args(dir: &Path, cols: u16, color: bool, args: &str) -> Pty {
        Pty::spawn_full(dir, cols, 60, color, args)
    }

    /// A terminal of `cols` × `rows`, without colours.
    pub fn spawn_sized(dir: &Path, cols: u16, rows: u16, args: &str) -> Pty {
        Pty::spawn_full(dir, cols, rows, false, args)
    }

    /// How much of the output has been read so far.
    pub fn transcript_len(&self) -> usize {
        self.transcript.len()
    }

    /// The output read since `from` (a `transcript_len`).
    pub fn transcript_since(&self, from: usize) -> String {
        self.transcript[from..].to_string()
    }

    fn spawn_full(dir: &Path, cols: u16, rows: u16, color: bool, args: &str) -> Pty {
        // `stty` sizes the terminal before the binary starts; `exec` keeps the pid.
        let mut cmd = Command::new("sh");
        cmd.arg("-c")
            .arg(format!(
                "stty cols {cols} rows {rows} && exec \"$0\" {args}"
            ))
            .arg(env!("CARGO_BIN_EXE_deployplan"))
            .current_dir(dir)
            .env("TERM", "xterm-256color")
            .env("LANG", "C.UTF-8")
            .env_remove("CLICOLOR")
            .env_remove("CLICOLOR_FORCE");
        if color {
            cmd.env_remove("NO_COLOR");
        } else {
            cmd.env("NO_COLOR", "1");
        }
        let session = spawn_command(cmd, Some(TIMEOUT_MS)).expect("spawn deployplan init in a pty");
        Pty {
            session,
            transcript: String::new(),
        }
    }

    pub fn expect(&mut self, text: &str) {
        match self.session.exp_string(text) {
            Ok(before) => {
                self.transcript.push_str(&before);
                self.transcript.push_str(text);
            }
            Err(e) => panic!(
                "waiting for {text:?}: {e}\n--- output so far ---\n{}",
                self.transcript
            ),
        }
    }

    pub fn send(&mut self, keys: &str) {
        self.session.send(keys).expect("write to the pty");
        self.session.flush().expect("flush the pty");
    }

    /// Waits for a question, then answers it with `keys`.
    pub fn answer(&mut self, question: &str, keys: &str) {
        self.expect(question);
        self.send(keys);
    }

    /// Waits for a question and a text drawn with it (an option's label), then answers.
    pub fn answer_seeing(&mut self, question: &str, seen: &str, keys: &str) {
        self.expect(question);
        self.expect(seen);
        self.send(keys);
    }

    /// At the fast path after the scan, chooses "Change answers" to go through the questions.
    pub fn change_answers(&mut self) {
        self.answer(FAST_PATH, &format!("{DOWN}{ENTER}"));
    }

    /// Waits for a question, then quits the interview with Ctrl-C.
    pub fn interrupt_at(&mut self, question: &str) {
        self.expect(question);
        self.quit();
    }

    /// Ctrl-C at the current prompt asks before leaving; a second Ctrl-C quits.
    pub fn quit(&mut self) {
        // The prompt switches the terminal to raw mode right after drawing itself.
        std::thread::sleep(Duration::from_millis(500));
        self.send(CTRL_C);
        self.expect(LEAVE);
        std::thread::sleep(Duration::from_millis(500));
        self.send(CTRL_C);
    }

    /// Reads to the end and returns the exit code.
    pub fn finish(mut self) -> (i32, String) {
        match self.session.exp_eof() {
            Ok(rest) => self.transcript.push_str(&rest),
            Err(e) => panic!(
                "waiting for the end: {e}\n--- output ---\n{}",
                self.transcript
            ),
        }
        let status = self.session.process().wait().expect("wait for deployplan");
        match status {
            WaitStatus::Exited(_, code) => (code, self.transcript),
            other => panic!(
                "deployplan did not exit normally: {other:?}\n{}",
                self.transcript
            ),
        }
    }
}

pub fn read(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every file and folder under `dir` with its contents (folders end in `/`), sorted.
pub fn listing(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("readable").flatten() {
            let p = e.path();
            let name = p.strip_prefix(dir).unwrap().display().to_string();
            if p.is_dir() {
                out.push((format!("{name}/"), String::new()));
                stack.push(p);
            } else {
                let bytes = std::fs::read(&p).unwrap();
                out.push((name, String::from_utf8_lossy(&bytes).into_owned()));
            }
        }
    }
    out.sort();
    out
}

/// Fails naming the paths that differ, not with two whole trees.
pub fn assert_same_tree(after: &[(String, String)], before: &[(String, String)], what: &str) {
    let paths = |l: &[(String, String)]| l.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(paths(after), paths(before), "{what}: the files differ");
    for ((path, a), (_, b)) in after.iter().zip(before) {
        assert!(
            a == b,
            "{what}: {path} changed:\n--- before ---\n{b}\n--- after ---\n{a}"
        );
    }
}

/// True when the output holds an SGR (colour/style) escape sequence.
pub fn has_colors(output: &str) -> bool {
    output.split("\x1b[").skip(1).any(|rest| {
        let params: String = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == ';')
            .collect();
        rest[params.len()..].starts_with('m')
    })
}
