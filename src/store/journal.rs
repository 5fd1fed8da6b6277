//! Recording a guided session into the history: the record is started with the
//! session, checkpointed at every block boundary (so a killed process still
//! leaves a record), and appended once complete. Saving never blocks a session:
//! a failure becomes a message, and the record is printed so it is not lost.

use crate::core::engine::Report;
use crate::store::history::{self, Checkpoint, HistoryError, Record};
use crate::text::clean;
use std::path::PathBuf;

/// Where a session's record goes. The TUI and `--plain` drive it the same way;
/// tests use a fake.
pub trait Journal {
    fn started(&mut self, start: &SessionStart);
    /// "How tight is it?" answered once the session had begun.
    fn rated_before(&mut self, rating: u8);
    /// A block ended: what was done so far.
    fn progress(&mut self, report: &Report);
    /// The timeline ended or the user stopped.
    fn ended(&mut self, report: &Report);
    /// The after-session rating (or its skip) completes the record, which is
    /// then saved. Returns what became of it, for the finish screen.
    fn complete(&mut self, after: Option<u8>) -> Saved;
    /// What is wrong with saving this session, known from its start: the runner
    /// is told before the first block, not at the end.
    fn start_trouble(&self) -> Option<Trouble>;
}

/// What the record of a new session starts from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionStart {
    /// The routine's id.
    pub id: String,
    pub title: String,
    /// The whole timeline, transitions and rests included.
    pub planned_secs: u32,
    /// The work blocks alone: what "half the work done" is measured against.
    pub planned_work_secs: u32,
    pub speed: u32,
    /// "How tight is it?" answered before the session began.
    pub before: Option<u8>,
}

/// A problem with saving a session, known at its start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trouble {
    /// No checkpoint could be made (a data folder where files can be written
    /// but not created, say): the record is still saved at the end, but if the
    /// process dies on the way, the session is lost.
    NoCheckpoint { why: String },
    /// The history cannot be written: at the end the record is printed instead.
    CannotSave { why: String },
}

impl Trouble {
    /// The line to show before the first block (`--plain`, the TUI).
    pub fn message(&self) -> String {
        match self {
            Trouble::NoCheckpoint { why } => format!(
                "No checkpoint ({}): this session is saved when it ends, but a crash would lose it",
                clean(why)
            ),
            Trouble::CannotSave { why } => {
                format!("Not saving to your history: {}", clean(why))
            }
        }
    }

    /// A few words for a status bar.
    pub fn short(&self) -> &'static str {
        match self {
            Trouble::NoCheckpoint { .. } => "no checkpoint",
            Trouble::CannotSave { .. } => "not saving to history",
        }
    }

    /// Whether the record will still be written at the end.
    pub fn saves(&self) -> bool {
        matches!(self, Trouble::NoCheckpoint { .. })
    }
}

/// What became of a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    Yes,
    /// It could not be written: why, and the record as JSON so it is not lost.
    No {
        why: String,
        json: String,
    },
    /// There was no session to save.
    Nothing,
}

impl Saved {
    /// The finish screen's line.
    pub fn message(&self) -> String {
        match self {
            Saved::Yes => "Saved to your history.".into(),
            Saved::No { why, .. } => format!("Not saved: {}", clean(why)),
            Saved::Nothing => String::new(),
        }
    }
}

/// The real journal: `$LIMBER_HOME/history.jsonl` and a checkpoint beside it.
pub struct HistoryJournal {
    home: Option<PathBuf>,
    record: Option<Record>,
    checkpoint: Option<Checkpoint>,
    /// What went wrong at the start of the current session.
    trouble: Option<Trouble>,
    /// A checkpoint failed during the session (told once).
    checkpoint_failed: bool,
    /// Problems to tell the user once the screen is theirs again.
    pub problems: Vec<String>,
    /// Records that could not be saved, as JSON lines, to print at the end.
    pub unsaved: Vec<String>,
}

impl HistoryJournal {
    pub fn new(home: Option<PathBuf>) -> HistoryJournal {
        HistoryJournal {
            home,
            record: None,
            checkpoint: None,
            trouble: None,
            checkpoint_failed: false,
            problems: Vec::new(),
            unsaved: Vec::new(),
        }
    }

    fn checkpoint(&mut self) {
        if let (Some(checkpoint), Some(record)) = (&self.checkpoint, &self.record)
            && let Err(e) = checkpoint.write(record)
            && !self.checkpoint_failed
        {
            // The session goes on, and keeps its lock: the last checkpoint that
            // was written stays, and is what a crash would leave. The next block
            // tries again.
            self.checkpoint_failed = true;
            self.problems.push(format!(
                "a checkpoint could not be written, so a crash could have lost part of this session: {e}"
            ));
        }
    }

    /// The checkpoint could not be made: can the record still be saved?
    fn trouble_without_checkpoint(&self, checkpoint: &HistoryError) -> Trouble {
        let Some(home) = &self.home else {
            return Trouble::CannotSave {
                why: HistoryError::NoHome.to_string(),
            };
        };
        match history::log::check_writable(home) {
            Ok(()) => Trouble::NoCheckpoint {
                why: checkpoint.to_string(),
            },
            Err(e) => Trouble::CannotSave { why: e.to_string() },
        }
    }
}

impl Journal for HistoryJournal {
    fn started(&mut self, start: &SessionStart) {
        let mut record = Record::start(
            &start.id,
            &start.title,
            start.planned_secs,
            start.speed,
            history::now(),
        );
        record.planned_work_secs = Some(start.planned_work_secs);
        if let Some(rating) = start.before {
            record.rate_before(rating);
        }
        self.checkpoint_failed = false;
        self.trouble = None;
        // A checkpoint still held would hold the lock the new one needs.
        drop(self.checkpoint.take());
        let Some(home) = &self.home else {
            self.trouble = Some(Trouble::CannotSave {
                why: HistoryError::NoHome.to_string(),
            });
            self.record = Some(record);
            return;
        };
        self.checkpoint = match Checkpoint::begin(home, &record) {
            Ok(checkpoint) => Some(checkpoint),
            Err(e) => {
                self.trouble = Some(self.trouble_without_checkpoint(&e));
                None
            }
        };
        self.record = Some(record);
    }

    fn rated_before(&mut self, rating: u8) {
        if let Some(record) = &mut self.record {
            record.rate_before(rating);
        }
        self.checkpoint();
    }

    fn progress(&mut self, report: &Report) {
        if let Some(record) = &mut self.record {
            record.progress(report, history::now());
        }
        self.checkpoint();
    }

    fn ended(&mut self, report: &Report) {
        if let Some(record) = &mut self.record {
            record.finish(report, history::now());
        }
        // Until it is rated and appended, the checkpoint holds the final state.
        self.checkpoint();
    }

    fn start_trouble(&self) -> Option<Trouble> {
        self.trouble.clone()
    }

    fn complete(&mut self, after: Option<u8>) -> Saved {
        let Some(mut record) = self.record.take() else {
            return Saved::Nothing;
        };
        if let Some(rating) = after {
            record.rate_after(rating);
        }
        let result = match &self.home {
            Some(home) => history::append(home, &record),
            None => Err(HistoryError::NoHome),
        };
        match result {
            Ok(()) => {
                if let Some(checkpoint) = self.checkpoint.take()
                    && let Err(e) = checkpoint.clear()
                {
                    self.problems.push(e.to_string());
                }
                Saved::Yes
            }
            Err(e) => {
                // Keep the checkpoint out of the way too: the record is printed instead.
                if let Some(checkpoint) = self.checkpoint.take() {
                    let _ = checkpoint.clear();
                }
                let json = record.to_json_line();
                self.problems.push(format!(
                    "the session was not saved: {e}; its record follows"
                ));
                self.unsaved.push(json.clone());
                Saved::No {
                    why: e.to_string(),
                    json,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::paths;
    use std::collections::BTreeMap;
    use std::fs;

    fn report(completed: bool) -> Report {
        Report {
            completed,
            work_secs: 20,
            targets: BTreeMap::new(),
            skipped: Vec::new(),
        }
    }

    fn run(journal: &mut HistoryJournal) -> (Option<Trouble>, Saved) {
        journal.started(&SessionStart {
            id: "tiny".into(),
            title: "Tiny".into(),
            planned_secs: 20,
            planned_work_secs: 20,
            speed: 1,
            before: None,
        });
        let trouble = journal.start_trouble();
        journal.progress(&report(false));
        journal.ended(&report(true));
        (trouble, journal.complete(None))
    }

    #[test]
    fn a_folder_where_the_checkpoint_cannot_go_still_saves_and_says_so() {
        // As in a data folder where history.jsonl can be written but no file can
        // be created (root ignores permissions, so a folder takes the lock
        // file's name instead).
        let dir = tempfile::tempdir().expect("temp dir");
        fs::write(paths::history_file(dir.path()), "").expect("write");
        fs::create_dir(paths::session_lock_file(dir.path(), std::process::id())).expect("mkdir");
        let mut journal = HistoryJournal::new(Some(dir.path().to_path_buf()));
        let (trouble, saved) = run(&mut journal);
        let trouble = trouble.expect("trouble");
        assert!(
            matches!(trouble, Trouble::NoCheckpoint { .. }),
            "{trouble:?}"
        );
        assert!(trouble.saves());
        assert!(
            trouble
                .message()
                .starts_with("No checkpoint (cannot save to "),
            "{}",
            trouble.message()
        );
        assert!(trouble.message().ends_with("a crash would lose it"));
        assert_eq!(saved, Saved::Yes);
        assert!(journal.problems.is_empty(), "{:?}", journal.problems);
        assert_eq!(history::read(dir.path()).expect("read").0.len(), 1);
    }

    #[test]
    fn a_history_that_cannot_be_written_is_told_at_the_start() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("file");
        fs::write(&file, "").expect("write");
        let mut journal = HistoryJournal::new(Some(file.join("home")));
        let (trouble, saved) = run(&mut journal);
        let trouble = trouble.expect("trouble");
        assert!(matches!(trouble, Trouble::CannotSave { .. }), "{trouble:?}");
        assert!(
            trouble
                .message()
                .starts_with("Not saving to your history: cannot save to "),
            "{}",
            trouble.message()
        );
        assert!(matches!(saved, Saved::No { .. }));
        let mut journal = HistoryJournal::new(None);
        let (trouble, _) = run(&mut journal);
        assert!(matches!(trouble, Some(Trouble::CannotSave { .. })));
    }

    #[test]
    fn a_good_folder_has_no_trouble() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut journal = HistoryJournal::new(Some(dir.path().to_path_buf()));
        let (trouble, saved) = run(&mut journal);
        assert_eq!((trouble, saved), (None, Saved::Yes));
        assert!(journal.problems.is_empty());
    }
}
