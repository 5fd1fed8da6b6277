//! `history.jsonl`: appended under an exclusive lock, one whole line per write,
//! synced; read tolerantly (a torn or invalid line is skipped with a warning),
//! never rewritten.

use super::{HistoryError, Record, Warning};
use crate::paths;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::Path;

/// How much of the log's end [`append_unless_present`] looks at for the record.
const TAIL_BYTES: u64 = 64 * 1024;

/// Appends `record` to `$home/history.jsonl`, creating the folder and the file if
/// needed. Under an exclusive lock: if the file does not end with a newline (a torn
/// last line), one is written first so the record starts on its own line; the line
/// goes out in one write, then the data is synced.
pub fn append(home: &Path, record: &Record) -> Result<(), HistoryError> {
    append_with(home, record, false).map(|_| ())
}

/// Like [`append`], unless the last part of the log already holds a record of the
/// same routine started at the same time (a session that appended its record but
/// died before clearing its checkpoint). Returns whether it appended.
pub fn append_unless_present(home: &Path, record: &Record) -> Result<bool, HistoryError> {
    append_with(home, record, true)
}

fn append_with(home: &Path, record: &Record, check_tail: bool) -> Result<bool, HistoryError> {
    fs::create_dir_all(home).map_err(|e| HistoryError::unwritable(home, e))?;
    let path = paths::history_file(home);
    let fail = |e| HistoryError::unwritable(&path, e);
    let mut file = OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .open(&path)
        .map_err(fail)?;
    lock(&file, false).map_err(fail)?;
    let tail = read_tail(&mut file).map_err(fail)?;
    if check_tail && tail_holds(&tail, record) {
        return Ok(false);
    }
    let mut line = Vec::with_capacity(512);
    if tail.last().is_some_and(|&b| b != b'\n') {
        line.push(b'\n');
    }
    serde_json::to_writer(&mut line, record).map_err(|e| fail(e.into()))?;
    line.push(b'\n');
    file.write_all(&line).map_err(fail)?;
    file.sync_data().map_err(fail)?;
    Ok(true)
    // The lock goes with the file.
}

/// The last [`TAIL_BYTES`] of the file (at least its last byte).
fn read_tail(file: &mut File) -> io::Result<Vec<u8>> {
    let len = file.metadata()?.len();
    let from = len.saturating_sub(TAIL_BYTES);
    file.seek(SeekFrom::Start(from))?;
    let mut tail = Vec::new();
    file.take(len - from).read_to_end(&mut tail)?;
    Ok(tail)
}

fn tail_holds(tail: &[u8], record: &Record) -> bool {
    tail.split(|&b| b == b'\n')
        .filter_map(|line| serde_json::from_slice::<Record>(line).ok())
        .any(|r| r.routine == record.routine && r.started == record.started)
}

/// Locks `file` (shared or exclusive), waiting for other limbers. A file system
/// without locks is used unlocked rather than not at all.
fn lock(file: &File, shared: bool) -> io::Result<()> {
    let locked = if shared {
        file.lock_shared()
    } else {
        file.lock()
    };
    match locked {
        Err(e) if e.kind() == io::ErrorKind::Unsupported => Ok(()),
        other => other,
    }
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

/// Reads `$home/history.jsonl` line by line under a shared lock, calling `each`
/// for every valid record in file order. Returns a warning per damaged line
/// (torn, not JSON, not a record). A missing log is an empty history. Memory does
/// not grow with the log: only the current line is held.
pub fn read_each(
    home: &Path,
    mut each: impl FnMut(Line<'_>),
) -> Result<Vec<Warning>, HistoryError> {
    let path = paths::history_file(home);
    let fail = |e| HistoryError::unreadable(&path, e);
    let file = match File::open(&path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(fail(e)),
    };
    lock(&file, true).map_err(fail)?;
    let mut reader = BufReader::with_capacity(256 * 1024, &file);
    let mut buf = Vec::with_capacity(1024);
    let mut warnings = Vec::new();
    let mut number = 0;
    loop {
        buf.clear();
        if reader.read_until(b'\n', &mut buf).map_err(fail)? == 0 {
            break;
        }
        number += 1;
        let complete = buf.last() == Some(&b'\n');
        let Ok(text) = std::str::from_utf8(&buf) else {
            warnings.push(Warning::DamagedLine { line: number });
            continue;
        };
        let text = text.trim_end_matches(['\n', '\r']);
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
    use crate::history::Outcome;
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
        let other = record("a", "2025-03-16T08:00:00Z");
        assert!(append_unless_present(dir.path(), &other).expect("append"));
        assert_eq!(read(dir.path()).expect("read").0, [r, other]);
    }
}
