//! What the test modules share, written once: the limber binary run with a
//! temporary `LIMBER_HOME` and always under a deadline (a hang fails the test
//! instead of stalling CI), a program followed line by line as it runs, the
//! fixtures, a tiny routine, and the check that output is safe for a terminal.

use limber::core::routine::SideSpec;
use proptest::prelude::{Just, Strategy, prop_oneof};
use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

/// The repository root (also the tests' working directory).
pub const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The limber binary cargo built for these tests.
pub const LIMBER: &str = env!("CARGO_BIN_EXE_limber");

/// SPEC section 2's example: transition 5, one step of 30 s, each side, 2 sets,
/// rest 10; 150 s in 9 blocks.
pub const SPEC_EXAMPLE: &str = r#"Routine(title: "Spec example", transition: 5, steps: [
    Step(name: "Wall calf stretch", kind: Stretch, target: Calves, seconds: 30, side: Each, sets: 2, rest: 10),
])"#;

/// The clock `limber history` and the history screen read the fixture log at
/// (`tests/fixtures/history/`): Monday 31 March 2025, 20:00 in Berlin, the day
/// after the switch to summer time.
pub const HISTORY_NOW: &str = "2025-03-31T20:00:00+02:00";

/// Every program a test runs ends within this, or it is killed and the test
/// fails. Runs take milliseconds to seconds; this is for a loaded CI machine.
pub const TIMEOUT: Duration = Duration::from_secs(60);

const SIGKILL: i32 = 9;

/// `tests/fixtures/RELATIVE`.
pub fn fixture(relative: &str) -> PathBuf {
    Path::new(ROOT).join("tests/fixtures").join(relative)
}

/// Any side a step can be done on, for property tests.
pub fn side() -> impl Strategy<Value = SideSpec> {
    prop_oneof![
        Just(SideSpec::Both),
        Just(SideSpec::Left),
        Just(SideSpec::Right),
        Just(SideSpec::Each),
    ]
}

/// Writes `DIR/tiny.ron`, one 20 s hold with no transition: at `--speed 100`
/// a fifth of a second.
pub fn write_tiny(dir: &Path) -> PathBuf {
    let tiny = dir.join("tiny.ron");
    std::fs::write(
        &tiny,
        r#"Routine(title: "Tiny", transition: 0, steps: [
            Step(name: "Hold", kind: Stretch, target: Calves, seconds: 20),
        ])"#,
    )
    .expect("write tiny.ron");
    tiny
}

/// The limber binary with `LIMBER_HOME` set to `home` (never the real one),
/// no inherited backtrace setting, and the [`TIMEOUT`]. Run it with [`run`].
pub fn limber(home: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::from_std(limber_process(home));
    cmd.timeout(TIMEOUT);
    cmd
}

/// The same as a plain `std` command, to start with [`Spawned`] (which keeps
/// its own deadline).
pub fn limber_process(home: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(LIMBER);
    cmd.env("LIMBER_HOME", home).env_remove("RUST_BACKTRACE");
    cmd
}

/// What a program that ran to its end did, its output decoded.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn lines(&self) -> Vec<&str> {
        self.stdout.lines().collect()
    }
}

/// Runs `cmd` to its end within [`TIMEOUT`]. Fails the test, saying so, if it
/// had to be killed, if it panicked, or if its output is not UTF-8.
pub fn run(cmd: &mut assert_cmd::Command) -> Run {
    run_within(cmd, TIMEOUT)
}

/// [`run`] with another deadline, for a program slower than limber.
pub fn run_within(cmd: &mut assert_cmd::Command, timeout: Duration) -> Run {
    let what = describe(cmd.get_program(), cmd.get_args());
    let started = Instant::now();
    let out = cmd
        .timeout(timeout)
        .output()
        .unwrap_or_else(|e| panic!("{what} cannot start: {e}"));
    let stdout = String::from_utf8(out.stdout).unwrap_or_else(|e| panic!("{what}: stdout: {e}"));
    let stderr = String::from_utf8(out.stderr).unwrap_or_else(|e| panic!("{what}: stderr: {e}"));
    // assert_cmd kills a program at its timeout with SIGKILL and reports that
    // death. Its clock rounds down to whole milliseconds each time it wakes,
    // so the kill may come a little early.
    let killed = out.status.signal() == Some(SIGKILL);
    assert!(
        !(killed && started.elapsed() >= timeout.mul_f64(0.9)),
        "{what} did not end within {timeout:?} and was killed:\n{stdout}{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{what} panicked:\n{stderr}");
    Run {
        code: out.status.code(),
        stdout,
        stderr,
    }
}

fn describe<'a>(
    program: &'a std::ffi::OsStr,
    args: impl Iterator<Item = &'a std::ffi::OsStr>,
) -> String {
    let mut words = vec![Path::new(program).file_name().unwrap_or(program)];
    words.extend(args);
    let words: Vec<_> = words.iter().map(|w| w.to_string_lossy()).collect();
    format!("`{}`", words.join(" "))
}

/// A line of a program's standard output and when it arrived here (this
/// process's monotonic clock, to compare with other moments the test notes).
pub struct Line {
    pub at: Instant,
    pub text: String,
}

/// A program running in the background, its standard output read line by
/// line as it comes. Every wait ends [`TIMEOUT`] after the start at the
/// latest, with the program killed and the test failed; dropping it kills
/// the program too, so a failing test leaves nothing running.
pub struct Spawned {
    child: Child,
    what: String,
    lines: Receiver<Line>,
    seen: Vec<Line>,
    stderr: Option<JoinHandle<String>>,
    deadline: Instant,
}

/// How a [`Spawned`] program ended and all it wrote.
pub struct Finished {
    pub status: ExitStatus,
    pub lines: Vec<Line>,
    pub stderr: String,
}

impl Finished {
    /// Standard output as text, a newline after each line.
    pub fn stdout(&self) -> String {
        let mut text = String::new();
        for line in &self.lines {
            text.push_str(&line.text);
            text.push('\n');
        }
        text
    }
}

impl Spawned {
    /// Starts `cmd` (standard input empty) and reads its output to the end on
    /// a thread of its own, after the line a test waits for too: a closed pipe
    /// would change how a session ends.
    pub fn start(cmd: &mut std::process::Command) -> Spawned {
        let (mut spawned, stdout) = Spawned::start_unread(cmd);
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut bytes = Vec::new();
            while reader.read_until(b'\n', &mut bytes).is_ok_and(|n| n > 0) {
                let at = Instant::now();
                let text = String::from_utf8_lossy(&bytes)
                    .trim_end_matches('\n')
                    .to_owned();
                // The test may have stopped listening; keep the pipe drained.
                let _ = tx.send(Line { at, text });
                bytes.clear();
            }
        });
        spawned.lines = lines;
        spawned
    }

    /// Starts `cmd` and hands its standard output to the caller, unread.
    pub fn start_unread(cmd: &mut std::process::Command) -> (Spawned, ChildStdout) {
        let what = describe(cmd.get_program(), cmd.get_args());
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{what} cannot start: {e}"));
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut pipe = child.stderr.take().expect("stderr is piped");
        let stderr = std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        });
        // No sender: no lines, until `start` puts its reader here.
        let (_, lines) = mpsc::channel();
        let spawned = Spawned {
            child,
            what,
            lines,
            seen: Vec::new(),
            stderr: Some(stderr),
            deadline: Instant::now() + TIMEOUT,
        };
        (spawned, stdout)
    }

    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// Reads lines until one holds `text`, and returns every line so far.
    /// Fails the test if the output ends first or the deadline passes.
    pub fn wait_for_line(&mut self, text: &str) -> &[Line] {
        loop {
            let left = self.deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    let found = line.text.contains(text);
                    self.seen.push(line);
                    if found {
                        return &self.seen;
                    }
                }
                Err(RecvTimeoutError::Disconnected) => {
                    self.fail(&format!("its output ended with no line holding {text:?}"));
                }
                Err(RecvTimeoutError::Timeout) => {
                    self.fail(&format!("no line holding {text:?} within {TIMEOUT:?}"));
                }
            }
        }
    }

    /// SIGKILL: the program gets no chance to say anything.
    pub fn kill(&mut self) {
        self.child.kill().expect("kill");
    }

    /// Waits for the program to end and collects the rest of its output.
    pub fn finish(mut self) -> Finished {
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                break status;
            }
            if Instant::now() > self.deadline {
                self.fail(&format!("it did not end within {TIMEOUT:?}"));
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        // The rest of its output is in the pipe. Should something it started
        // still hold the pipe open, what came in a few seconds is enough.
        let rest = Instant::now() + Duration::from_secs(5);
        while let Ok(line) = self
            .lines
            .recv_timeout(rest.saturating_duration_since(Instant::now()))
        {
            self.seen.push(line);
        }
        let stderr = self
            .stderr
            .take()
            .map(|t| t.join().expect("the stderr reader"))
            .unwrap_or_default();
        Finished {
            status,
            lines: std::mem::take(&mut self.seen),
            stderr,
        }
    }

    /// Kills the program and fails the test with what it wrote so far.
    fn fail(&mut self, why: &str) -> ! {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let seen: Vec<&str> = self.seen.iter().map(|l| l.text.as_str()).collect();
        panic!("{}: {why}; its output so far: {seen:#?}", self.what);
    }
}

impl Drop for Spawned {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The characters of `text` that must not reach a terminal, but for the
/// newline ending a line: by the predicate limber's `clean` uses and, so that
/// a gap in it cannot hide itself, by the general category (any Cc, Cf, Zl or
/// Zp but a zero-width joiner, which the predicate judges in context).
pub fn unsafe_in_output(text: &str) -> Vec<(usize, char)> {
    let mut found: Vec<(usize, char)> = limber::text::unsafe_chars(text)
        .filter(|&(_, c)| c != '\n')
        .collect();
    found.extend(text.char_indices().filter(|&(_, c)| {
        c != '\n'
            && c != limber::text::ZWJ
            && matches!(
                c.general_category(),
                GeneralCategory::Control
                    | GeneralCategory::Format
                    | GeneralCategory::LineSeparator
                    | GeneralCategory::ParagraphSeparator
            )
    }));
    found
}

/// Fails the test if `text` (what `what` printed) holds a character a
/// terminal acts on or that hides text, naming each by its line.
pub fn assert_terminal_safe(what: &str, text: &str) {
    let shown: Vec<String> = unsafe_in_output(text)
        .iter()
        .map(|&(i, c)| {
            let line = text[..i].matches('\n').count() + 1;
            format!("line {line}: {}", c.escape_unicode())
        })
        .collect();
    assert!(
        shown.is_empty(),
        "{what} printed raw characters: {shown:#?}\n{text}"
    );
}

/// The deadlines above hold: a test that relies on them must not hang.
mod tests {
    use super::*;

    #[test]
    #[should_panic(expected = "`sleep 30` did not end within 200ms and was killed")]
    fn a_program_past_its_deadline_is_killed_and_fails_the_test() {
        run_within(
            assert_cmd::Command::new("sleep").arg("30"),
            Duration::from_millis(200),
        );
    }

    #[test]
    fn lines_are_timed_as_they_arrive_and_a_dropped_program_is_killed() {
        let mut sh = Spawned::start(
            std::process::Command::new("sh").args(["-c", "echo one; sleep 0.3; echo two"]),
        );
        assert_eq!(sh.wait_for_line("one").len(), 1);
        let done = sh.finish();
        assert!(done.status.success());
        assert_eq!(done.stdout(), "one\ntwo\n");
        let gap = done.lines[1].at - done.lines[0].at;
        assert!(gap >= Duration::from_millis(250), "{gap:?}");

        let sleeper = Spawned::start(std::process::Command::new("sleep").arg("30"));
        let proc = PathBuf::from(format!("/proc/{}", sleeper.id()));
        assert!(proc.exists());
        drop(sleeper);
        assert!(!proc.exists(), "still running after the drop");
    }
}
