//! Recording a guided session into the history: the record is started with the
//! session, checkpointed at every block boundary (so a killed process still
//! leaves a record), and appended once complete. Saving never blocks a session:
//! a failure becomes a message, and the record is printed so it is not lost.

use crate::history::{self, Checkpoint, HistoryError, Record};
use crate::session::Report;
use crate::text::clean;
use std::path::PathBuf;

/// Where a session's record goes. The TUI and `--plain` drive it the same way;
/// tests use a fake.
pub trait Journal {
    fn started(&mut self, id: &str, title: &str, planned_secs: u32, speed: u32, before: Option<u8>);
    /// "How tight is it?" answered once the session had begun.
    fn rated_before(&mut self, rating: u8);
    /// A block ended: what was done so far.
    fn progress(&mut self, report: &Report);
    /// The timeline ended or the user stopped.
    fn ended(&mut self, report: &Report);
    /// The after-session rating (or its skip) completes the record, which is
    /// then saved. Returns what became of it, for the finish screen.
    fn complete(&mut self, after: Option<u8>) -> Saved;
    /// Why the session may not be saved, known from its start (an unwritable
    /// data folder): the runner is told before the first block, not at the end.
    fn trouble(&self) -> Option<String>;
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
            problems: Vec::new(),
            unsaved: Vec::new(),
        }
    }

    fn checkpoint(&mut self) {
        if let (Some(checkpoint), Some(record)) = (&self.checkpoint, &self.record)
            && let Err(e) = checkpoint.write(record)
        {
            // The session goes on; without a checkpoint a crash loses this one.
            self.problems.push(e.to_string());
            self.checkpoint = None;
        }
    }
}

impl Journal for HistoryJournal {
    fn started(
        &mut self,
        id: &str,
        title: &str,
        planned_secs: u32,
        speed: u32,
        before: Option<u8>,
    ) {
        let mut record = Record::start(id, title, planned_secs, speed, history::now());
        if let Some(rating) = before {
            record.rate_before(rating);
        }
        self.checkpoint = self.home.as_deref().and_then(|home| {
            Checkpoint::begin(home, &record)
                .map_err(|e| self.problems.push(e.to_string()))
                .ok()
        });
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

    fn trouble(&self) -> Option<String> {
        self.problems.first().cloned()
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
