//! `history.jsonl`: appended under an exclusive lock, one whole line per write,
//! synced; read without a lock, tolerantly (a torn, invalid or over-long line is
//! skipped with a warning), never rewritten.
//!
//! Readers take no lock: a line is appended whole with one write, and a reader
//! that meets a line still being written skips it as torn. So a reader stalled
//! on its output (`limber history --json | less`) never holds up a session that
//! is saving. Writers wait for each other a bounded time (2 s),
//! then give up with [`HistoryError::Busy`] rather than hang.

use super::files::{self, LOCK_WAIT};
use super::lines::{Lines, MAX_LINE, Piece};
use super::{HistoryError, Record, Warning};
use crate::store::file::{ReadError, open_regular};
use crate::store::paths;
use std::fs::{self, File};
use std::io::{self, BufReader, Read, Seek, SeekFrom, Write};
use std::path::Path;

/// Appends `record` to `$home/history.jsonl`, creating the folder and the file if
/// needed. Under an exclusive lock: if the file does not end with a newline (a torn
/// last line), one is written first so the record starts on its own line; the line
/// goes out in one write, then the data is synced.
pub fn append(home: &Path, record: &Record) -> Result<(), HistoryError> {
    append_with(home, record, false).map(|_| ())
}

/// Like [`append`], unless the log already holds this session's record (a
/// session that appended its record but died before clearing its checkpoint).
/// The session is known by its `id`; a record without one (from a v1
/// checkpoint) by its routine and start time. The whole log is searched, a line
/// at a time. Returns whether it appended.
pub fn append_unless_present(home: &Path, record: &Record) -> Result<bool, HistoryError> {
    append_with(home, record, true)
}

/// Whether the history can be written: the data folder and the log are made if
/// needed and the log is opened to append, without writing. For telling a
/// runner at the start of a session whether its record can be saved.
pub fn check_writable(home: &Path) -> Result<(), HistoryError> {
    fs::create_dir_all(home).map_err(|e| HistoryError::unwritable(home, e))?;
    let path = paths::history_file(home);
    files::open_append(&path).map_err(|e| HistoryError::unwritable(&path, e))?;
    Ok(())
}

fn append_with(home: &Path, record: &Record, dedupe: bool) -> Result<bool, HistoryError> {
    let path = paths::history_file(home);
    let fail = |e| HistoryError::unwritable(&path, e);
    let line = serde_json::to_vec(record).map_err(|e| fail(e.into()))?;
    if line.len() > MAX_LINE {
        // It could not be read back: better shown than written.
        return Err(fail(io::Error::other(format!(
            "the record is {} KiB, more than a line of the history holds",
            line.len().div_ceil(1024)
        ))));
    }
    append_line(home, &path, line, |file| Ok(dedupe && holds(file, record)?))
}

/// Appends `line` (without its line break) to the log at `path` in the data
/// folder `home`, creating both if needed: under an exclusive lock (waiting at
/// most [`LOCK_WAIT`]), on a line of its own, in one write, then synced.
/// `skip`, asked under the lock, may leave the line out (it is already there).
/// Returns whether it appended. The plans log is kept the same way.
pub(crate) fn append_line(
    home: &Path,
    path: &Path,
    mut line: Vec<u8>,
    skip: impl FnOnce(&File) -> io::Result<bool>,
) -> Result<bool, HistoryError> {
    let fail = |e| HistoryError::unwritable(path, e);
    line.push(b'\n');
    fs::create_dir_all(home).map_err(|e| HistoryError::unwritable(home, e))?;
    let mut file = files::open_append(path).map_err(fail)?;
    if !files::lock_within(&file, LOCK_WAIT).map_err(fail)? {
        return Err(HistoryError::Busy {
            path: path.to_path_buf(),
        });
    }
    if skip(&file).map_err(fail)? {
        return Ok(false);
    }
    if !ends_with_newline(&mut file).map_err(fail)? {
        line.insert(0, b'\n');
    }
    file.write_all(&line).map_err(fail)?;
    file.sync_data().map_err(fail)?;
    Ok(true)
    // The lock goes with the file.
}

/// Whether the file is empty or ends with a line break.
fn ends_with_newline(file: &mut File) -> io::Result<bool> {
    if file.metadata()?.len() == 0 {
        return Ok(true);
    }
    file.seek(SeekFrom::End(-1))?;
    let mut last = [0u8];
    file.read_exact(&mut last)?;
    Ok(last[0] == b'\n')
}

/// Whether the log holds `record`'s session. Only lines that contain its id
/// (or, without one, its routine) as a JSON string are parsed.
fn holds(mut file: &File, record: &Record) -> io::Result<bool> {
    let needle = serde_json::to_string(record.id.as_ref().unwrap_or(&record.routine))?;
    let finder = memchr::memmem::Finder::new(needle.as_bytes());
    let same = |r: &Record| match &record.id {
        Some(id) => r.id.as_ref() == Some(id),
        None => r.routine == record.routine && r.started == record.started,
    };
    file.seek(SeekFrom::Start(0))?;
    let mut lines = Lines::new(BufReader::with_capacity(64 * 1024, file), MAX_LINE);
    while let Some((_, piece)) = lines.next_line()? {
        if let Piece::Line { text, .. } = piece
            && finder.find(text).is_some()
            && let Some(r) = std::str::from_utf8(text).ok().and_then(parse)
            && same(&r)
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// One valid line of the log.
#[derive(Debug)]
pub struct Line<'a> {
    /// 1-based line number in the file.
    pub number: usize,
    /// The line's text, without the line break, exactly as in the file.
    pub raw: &'a str,
    pub record: Record,
}

/// Reads `$home/history.jsonl` line by line, without a lock, calling `each` for
/// every valid record in file order. Returns a warning per damaged line (torn,
/// not JSON, not a record, too long). A missing log is an empty history; one
/// that is not a regular file (a FIFO, a device) is an error. Memory does not
/// grow with the log: only the current line is held, and at most
/// [`MAX_LINE`] of it.
pub fn read_each(
    home: &Path,
    mut each: impl FnMut(Line<'_>),
) -> Result<Vec<Warning>, HistoryError> {
    let path = paths::history_file(home);
    let fail = |e| HistoryError::unreadable(&path, e);
    let file = match open_regular(&path) {
        Ok(file) => file,
        Err(ReadError::NotFound) => return Ok(Vec::new()),
        Err(ReadError::Other(e)) => return Err(fail(e)),
        Err(e) => return Err(fail(io::Error::new(io::ErrorKind::InvalidInput, e))),
    };
    let mut lines = Lines::new(BufReader::with_capacity(256 * 1024, file), MAX_LINE);
    let mut warnings = Vec::new();
    while let Some((number, piece)) = lines.next_line().map_err(fail)? {
        let (text, complete) = match piece {
            Piece::Line { text, complete } => (text, complete),
            Piece::TooLong => {
                warnings.push(Warning::LongLine { line: number });
                continue;
            }
        };
        let Ok(text) = std::str::from_utf8(text) else {
            warnings.push(Warning::DamagedLine { line: number });
            continue;
        };
        let text = text.trim_end_matches('\r');
        if text.trim().is_empty() {
            continue;
        }
        match parse(text) {
            Some(record) if complete => each(Line {
                number,
                raw: text,
                record,
            }),
            _ => warnings.push(Warning::DamagedLine { line: number }),
        }
    }
    Ok(warnings)
}

/// A line as a record: a JSON object (not an array, which serde would also
/// accept for a struct) with the record's fields.
fn parse(text: &str) -> Option<Record> {
    if !text.trim_start().starts_with('{') {
        return None;
    }
    serde_json::from_str(text).ok()
}

/// Every valid record of the log, in file order, with the warnings.
pub fn read(home: &Path) -> Result<(Vec<Record>, Vec<Warning>), HistoryError> {
    let mut records = Vec::new();
    let warnings = read_each(home, |line| records.push(line.record))?;
    Ok((records, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::history::Outcome;
    use chrono::DateTime;

    fn record(routine: &str, started: &str) -> Record {
        let started = DateTime::parse_from_rfc3339(started).expect("valid time");
        let mut r = Record::start(routine, "Title", 60, 1, started);
        r.outcome = Outcome::Completed;
        r
    }

    #[test]
    fn a_complete_line_without_a_newline_is_torn() {
        let dir = tempfile::tempdir().expect("temp dir");
        let line = record("a", "2025-03-16T07:00:00Z").to_json_line();
        fs::write(paths::history_file(dir.path()), format!("{line}\n{line}")).expect("write");
        let (records, warnings) = read(dir.path()).expect("read");
        assert_eq!(records.len(), 1);
        assert_eq!(warnings, [Warning::DamagedLine { line: 2 }]);
    }

    #[test]
    fn blank_lines_and_crlf_are_fine() {
        let dir = tempfile::tempdir().expect("temp dir");
        let line = record("a", "2025-03-16T07:00:00Z").to_json_line();
        fs::write(
            paths::history_file(dir.path()),
            format!("{line}\r\n\n  \n{line}\n"),
        )
        .expect("write");
        let (records, warnings) = read(dir.path()).expect("read");
        assert_eq!(records.len(), 2);
        assert!(warnings.is_empty());
    }

    #[test]
    fn arrays_and_bad_utf8_are_damaged() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut bytes = b"[\"a\"]\n\xff\xfe\n".to_vec();
        bytes.extend(record("a", "2025-03-16T07:00:00Z").to_json_line().bytes());
        bytes.push(b'\n');
        fs::write(paths::history_file(dir.path()), bytes).expect("write");
        let (records, warnings) = read(dir.path()).expect("read");
        assert_eq!(records.len(), 1);
        assert_eq!(
            warnings,
            [
                Warning::DamagedLine { line: 1 },
                Warning::DamagedLine { line: 2 }
            ]
        );
    }

    #[test]
    fn the_same_session_is_not_appended_twice_when_recovered() {
        let dir = tempfile::tempdir().expect("temp dir");
        let r = record("a", "2025-03-16T07:00:00Z");
        append(dir.path(), &r).expect("append");
        assert!(!append_unless_present(dir.path(), &r).expect("append"));
        // Another session of the same routine, started in the same second.
        let twin = record("a", "2025-03-16T07:00:00Z");
        assert_ne!(twin.id, r.id);
        assert!(append_unless_present(dir.path(), &twin).expect("append"));
        assert_eq!(read(dir.path()).expect("read").0, [r, twin]);
    }

    #[test]
    fn a_record_without_id_is_known_by_routine_and_start() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut v1 = record("a", "2025-03-16T07:00:00Z");
        v1.id = None;
        append(dir.path(), &v1).expect("append");
        assert!(!append_unless_present(dir.path(), &v1).expect("append"));
        let mut later = record("a", "2025-03-16T08:00:00Z");
        later.id = None;
        assert!(append_unless_present(dir.path(), &later).expect("append"));
        // A title holding the id's text is not the id.
        let mut decoy = record("b", "2025-03-16T09:00:00Z");
        let wanted = record("c", "2025-03-16T09:00:00Z");
        decoy.title = format!(
            "\"id\":{}",
            serde_json::to_string(&wanted.id).expect("json")
        );
        append(dir.path(), &decoy).expect("append");
        assert!(append_unless_present(dir.path(), &wanted).expect("append"));
    }

    #[test]
    fn a_record_too_long_to_read_back_is_not_written() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut r = record("a", "2025-03-16T07:00:00Z");
        r.skipped = vec!["x".repeat(1000); 2000];
        let err = append(dir.path(), &r).expect_err("too long");
        assert!(
            err.to_string()
                .contains("more than a line of the history holds"),
            "{err}"
        );
        assert!(!paths::history_file(dir.path()).exists());
    }
}
