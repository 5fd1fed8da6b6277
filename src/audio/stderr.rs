//! While a session runs, stderr goes to a log file: alsa-lib, JACK and rodio
//! write to it when there is no sound device, which would tear the screen.
//!
//! The redirection is at the file-descriptor level (`dup2` onto fd 2), since
//! the writers are C libraries that never see Rust's `io::stderr`.

use rustix::fd::OwnedFd;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

/// Holds stderr in the log file (or silenced, when the log cannot be written)
/// until dropped, when it is restored.
#[derive(Debug)]
pub struct StderrToLog {
    /// The stderr the program started with, put back on drop.
    saved: OwnedFd,
    silenced: bool,
}

impl StderrToLog {
    /// Redirects stderr to `log` (appending), or silences it when the log cannot
    /// be opened. `None` only if stderr cannot be touched at all.
    pub fn start(log: Option<&Path>) -> Option<StderrToLog> {
        // Close-on-exec: a voice program started meanwhile gets the log as its
        // stderr, not a stray copy of the terminal.
        let saved = rustix::io::fcntl_dupfd_cloexec(io::stderr(), 3).ok()?;
        let (target, silenced) = match log.and_then(open_log) {
            Some(file) => (file, false),
            None => (OpenOptions::new().write(true).open("/dev/null").ok()?, true),
        };
        let _ = io::stderr().flush();
        rustix::stdio::dup2_stderr(&target).ok()?;
        Some(StderrToLog { saved, silenced })
    }

    /// Whether what is written to stderr is lost (no log could be opened).
    pub fn silenced(&self) -> bool {
        self.silenced
    }
}

fn open_log(log: &Path) -> Option<File> {
    if let Some(dir) = log.parent() {
        std::fs::create_dir_all(dir).ok()?;
    }
    OpenOptions::new().create(true).append(true).open(log).ok()
}

impl Drop for StderrToLog {
    fn drop(&mut self) {
        let _ = io::stderr().flush();
        // Nothing better to do if this fails: there is no stderr to say so on.
        let _ = rustix::stdio::dup2_stderr(&self.saved);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::{Command, Output};

    /// Where the child test is told to put its log.
    const CHILD_LOG: &str = "LIMBER_TEST_STDERR_LOG";

    /// Runs `child_writes_around_a_guard` alone in a fresh copy of this test
    /// binary, so redirecting fd 2 cannot disturb the other tests.
    fn run_child(log: &Path) -> Output {
        let exe = std::env::current_exe().expect("the test binary's path");
        Command::new(exe)
            .args([
                "audio::stderr::tests::child_writes_around_a_guard",
                "--exact",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_LOG, log)
            .output()
            .expect("the test binary runs")
    }

    #[test]
    #[ignore = "run by the tests below, in a child process"]
    fn child_writes_around_a_guard() {
        let Some(log) = std::env::var_os(CHILD_LOG) else {
            return;
        };
        // Straight to fd 2, as a C library would.
        let write = |text: &str| {
            rustix::io::write(io::stderr(), text.as_bytes()).expect("write to fd 2");
        };
        write("before\n");
        let guard = StderrToLog::start(Some(Path::new(&log))).expect("a guard");
        write(if guard.silenced() {
            "held-silenced\n"
        } else {
            "held-logged\n"
        });
        drop(guard);
        write("after\n");
    }

    #[test]
    fn stderr_goes_to_the_log_while_held_and_back_after() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let log = dir.path().join("home").join("limber.log");
        let out = run_child(&log);
        assert!(out.status.success(), "{out:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("before\n"), "{stderr}");
        assert!(stderr.contains("after\n"), "{stderr}");
        assert!(!stderr.contains("held"), "{stderr}");
        let logged = std::fs::read_to_string(&log).expect("the log was written");
        assert_eq!(logged, "held-logged\n");
    }

    #[test]
    fn stderr_is_silenced_when_the_log_cannot_be_opened() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        // A file where the log's folder should be.
        let blocker = dir.path().join("not-a-folder");
        std::fs::write(&blocker, "").expect("write");
        let out = run_child(&blocker.join("limber.log"));
        assert!(out.status.success(), "{out:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("before\n"), "{stderr}");
        assert!(stderr.contains("after\n"), "{stderr}");
        assert!(!stderr.contains("held"), "{stderr}");
    }
}
