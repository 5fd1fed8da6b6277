//! `plans.jsonl`: the start, stop and check-in events of SPEC section 8,
//! appended exactly like the history (under a lock, one whole line, synced:
//! [`crate::store::history::log::append_line`]) and read tolerantly (a torn or
//! damaged line is skipped with a warning).

use crate::core::plan::events::Event;
use crate::store::file::{ReadError, open_regular};
use crate::store::history::HistoryError;
use crate::store::history::lines::{Lines, MAX_LINE, Piece};
use crate::store::history::log::append_line;
use crate::store::paths;
use crate::text::clean;
use std::io::{self, BufReader};
use std::path::Path;

/// Appends `event` to `$home/plans.jsonl`. The message says what failed.
pub fn append(home: &Path, event: &Event) -> Result<(), String> {
    let path = paths::plans_log(home);
    let line = serde_json::to_vec(event).map_err(|e| e.to_string())?;
    match append_line(home, &path, line, |_| Ok(false)) {
        Ok(_) => Ok(()),
        Err(HistoryError::Busy { .. }) => Err(format!(
            "cannot save to {}: it is locked by another process",
            clean(&path.to_string_lossy())
        )),
        Err(e) => Err(e.to_string()),
    }
}

/// Every valid event of `$home/plans.jsonl` in file order, and a warning per
/// damaged line. A missing log has no events.
pub fn read(home: &Path) -> Result<(Vec<Event>, Vec<String>), String> {
    let path = paths::plans_log(home);
    let shown = || clean(&path.to_string_lossy()).into_owned();
    let file = match open_regular(&path) {
        Ok(file) => file,
        Err(ReadError::NotFound) => return Ok((Vec::new(), Vec::new())),
        Err(e) => return Err(format!("cannot read {}: {e}", shown())),
    };
    let fail = |e: io::Error| format!("cannot read {}: {e}", shown());
    let mut lines = Lines::new(BufReader::new(file), MAX_LINE);
    let mut events = Vec::new();
    let mut warnings = Vec::new();
    while let Some((number, piece)) = lines.next_line().map_err(fail)? {
        let parsed = match piece {
            Piece::Line { text, complete } => {
                let text = std::str::from_utf8(text).unwrap_or_default().trim();
                if text.is_empty() {
                    continue;
                }
                serde_json::from_str::<Event>(text)
                    .ok()
                    .filter(|_| complete)
            }
            Piece::TooLong => None,
        };
        match parsed {
            Some(event) => events.push(event),
            None => warnings.push(format!(
                "plans.jsonl line {number} is damaged and was skipped"
            )),
        }
    }
    Ok((events, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;

    #[test]
    fn events_round_trip_and_damage_is_skipped() {
        let dir = tempfile::tempdir().expect("temp dir");
        let at = DateTime::parse_from_rfc3339("2025-03-10T07:00:00+01:00").expect("time");
        let start = Event::Start {
            plan: "p".into(),
            on: at.date_naive(),
            at,
            file: None,
        };
        append(dir.path(), &start).expect("append");
        // A torn line (a writer that died mid-line) is left behind: the next
        // event starts on a line of its own.
        let path = paths::plans_log(dir.path());
        let mut text = std::fs::read_to_string(&path).expect("read");
        text.push_str("{\"event\":\"sto");
        std::fs::write(&path, text).expect("write");
        let stop = Event::Stop {
            plan: "p".into(),
            at,
        };
        append(dir.path(), &stop).expect("append");
        let (events, warnings) = read(dir.path()).expect("read");
        assert_eq!(events, [start, stop]);
        assert_eq!(warnings, ["plans.jsonl line 2 is damaged and was skipped"]);
    }
}
