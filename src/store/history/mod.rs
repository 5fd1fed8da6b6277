//! The history log (SPEC sections 5 and 6): one JSON object per session in
//! `$LIMBER_HOME/history.jsonl`, appended under a lock and never rewritten; a
//! checkpoint per running session so a killed process still leaves a record; the
//! stats and exports of `limber history`.
//!
//! The pieces, one concern each:
//! - [`record`]: the [`Record`] of one session and how a session builds it;
//! - [`log`]: appending to and reading the log, tolerant of torn lines;
//! - [`lines`]: reading it a line at a time, each line bounded;
//! - [`checkpoint`]: the running session's checkpoint;
//! - [`recover`](mod@recover): turning dead sessions' checkpoints into records;
//! - [`stats`]: streak, minutes this week and per target, tightness (pure);
//! - [`export`]: `--json` and `--csv`;
//! - [`summary`]: the readable summary;
//! - [`tail`]: the newest records, read from the end (for plans);
//! - [`command`]: `limber history` itself.

pub mod checkpoint;
pub mod export;
mod files;
pub mod lines;
pub mod log;
pub mod record;
pub mod recover;
pub mod stats;
pub mod summary;
pub mod tail;

pub use checkpoint::Checkpoint;
pub use log::{append, read};
pub use record::{Outcome, Record, now};
pub use recover::{Recovered, recover, recovery_message};
pub use stats::Stats;

use crate::text::clean;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// Why the history could not be written or read. The session shell shows it and
/// goes on (the session itself is never blocked); `limber history` exits 1.
#[derive(Debug, Error)]
pub enum HistoryError {
    /// Neither `$LIMBER_HOME` nor a platform data folder exists.
    #[error("no data folder for the history: set LIMBER_HOME to a folder limber can write")]
    NoHome,
    /// The data folder or a file in it cannot be created or written.
    #[error("cannot save to {}: {source}", shown(path))]
    Unwritable {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// Another process held the log's lock for all of the 2 s a writer waits: the
    /// record is not written rather than the session kept waiting.
    #[error(
        "cannot save to {}: the history is locked by another process",
        shown(path)
    )]
    Busy { path: PathBuf },
    /// The log (or the data folder) exists but cannot be read.
    #[error("cannot read the history {}: {source}", shown(path))]
    Unreadable {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// Standard output went away or failed (a closed pipe is not reported).
    #[error("cannot write output: {0}")]
    Output(#[source] io::Error),
}

impl HistoryError {
    fn unwritable(path: &Path, source: io::Error) -> HistoryError {
        HistoryError::Unwritable {
            path: path.to_path_buf(),
            source,
        }
    }

    fn unreadable(path: &Path, source: io::Error) -> HistoryError {
        HistoryError::Unreadable {
            path: path.to_path_buf(),
            source,
        }
    }
}

fn shown(path: &Path) -> String {
    clean(&path.to_string_lossy()).into_owned()
}

/// Something worth telling the user that did not stop the work. Returned, never
/// printed here: the caller decides where it goes (stderr, the finish screen).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// A line of the log that is torn or not a valid record (1-based line number).
    DamagedLine { line: usize },
    /// A line longer than [`lines::MAX_LINE`]: skipped unread.
    LongLine { line: usize },
    /// A leftover checkpoint that could not be read, and why; it was removed.
    DamagedCheckpoint { file: String, why: String },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::DamagedLine { line } => {
                write!(f, "history.jsonl line {line} is damaged and was skipped")
            }
            Warning::LongLine { line } => write!(
                f,
                "history.jsonl line {line} is too long (over {} MiB) and was skipped",
                lines::MAX_LINE / (1024 * 1024)
            ),
            Warning::DamagedCheckpoint { file, why } => write!(
                f,
                "the checkpoint {} is damaged ({}) and was removed",
                clean(file),
                clean(why)
            ),
        }
    }
}

/// What the tests of the log, the checkpoint and recovery share.
#[cfg(test)]
pub(crate) mod testing {
    use super::Record;
    use chrono::DateTime;
    use std::path::Path;

    /// A session of calf-release that has just started.
    pub fn record() -> Record {
        let started =
            DateTime::parse_from_rfc3339("2025-03-16T07:00:00+01:00").expect("valid time");
        Record::start("calf-release", "Calf release", 300, 1, started)
    }

    /// The file names in `dir`, sorted.
    pub fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("read dir")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}
