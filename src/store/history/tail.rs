//! The newest records of the log, read from its end: what a plan needs (its
//! weeks, or only this week for a prompt's status line) without reading years
//! of history. The log is appended as sessions end, so it runs in the order of
//! `ended`, nearly: a session recovered from its checkpoint is appended late.
//! So reading stops only after [`SLACK`] records in a row that ended before
//! the window, not at the first.
//!
//! Tolerant like [`super::log::read_each`]: a damaged line is skipped (a torn
//! last line too), and memory holds at most one line of [`MAX_LINE`] beyond
//! the records kept.

use super::lines::MAX_LINE;
use super::{HistoryError, Record};
use crate::store::file::{ReadError, open_regular};
use crate::store::paths;
use chrono::{DateTime, FixedOffset};
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

/// Records that ended before the window, in a row, after which reading stops.
pub const SLACK: usize = 16;

/// Bytes read at a time, from the end backwards.
const CHUNK: usize = 64 * 1024;

/// The records of `$home/history.jsonl` that ended at or after `since`, in
/// file order. A missing log is an empty history.
pub fn since(home: &Path, since: DateTime<FixedOffset>) -> Result<Vec<Record>, HistoryError> {
    let path = paths::history_file(home);
    let fail = |e| HistoryError::Unreadable {
        path: path.clone(),
        source: e,
    };
    let file = match open_regular(&path) {
        Ok(file) => file,
        Err(ReadError::NotFound) => return Ok(Vec::new()),
        Err(ReadError::Other(e)) => return Err(fail(e)),
        Err(e) => return Err(fail(io::Error::new(io::ErrorKind::InvalidInput, e))),
    };
    let mut kept = Vec::new();
    let mut older = 0;
    backwards(file, |line| {
        let Some(record) = parse(line) else {
            return true;
        };
        if record.ended < since {
            older += 1;
            return older < SLACK;
        }
        older = 0;
        kept.push(record);
        true
    })
    .map_err(fail)?;
    kept.reverse();
    Ok(kept)
}

fn parse(line: &[u8]) -> Option<Record> {
    let text = std::str::from_utf8(line).ok()?.trim_end_matches('\r');
    if !text.trim_start().starts_with('{') {
        return None;
    }
    serde_json::from_str(text).ok()
}

/// Calls `each` with every complete line of `file`, the last first, until it
/// answers `false`. A last line without its line break is torn: left out.
fn backwards(mut file: File, mut each: impl FnMut(&[u8]) -> bool) -> io::Result<()> {
    let mut pos = file.seek(SeekFrom::End(0))?;
    // The start of a line whose beginning is further back, read so far.
    let mut carry: Vec<u8> = Vec::new();
    let mut too_long = false;
    let mut first = true;
    let mut chunk = vec![0u8; CHUNK];
    while pos > 0 {
        let len = usize::try_from(pos).map_or(CHUNK, |p| p.min(CHUNK));
        pos -= len as u64;
        file.seek(SeekFrom::Start(pos))?;
        file.read_exact(&mut chunk[..len])?;
        let mut end = len;
        // Lines that end in this chunk, from the last.
        while let Some(at) = memchr::memrchr(b'\n', &chunk[..end]) {
            let tail = &chunk[at + 1..end];
            if first {
                // What follows the file's last line break is torn (or nothing).
                first = false;
            } else if !too_long {
                let line: Vec<u8>;
                let whole: &[u8] = if carry.is_empty() {
                    tail
                } else {
                    line = [tail, &carry].concat();
                    &line
                };
                if !whole.is_empty() && whole.len() <= MAX_LINE && !each(whole) {
                    return Ok(());
                }
            }
            carry.clear();
            too_long = false;
            end = at;
        }
        if first {
            // No line break in this chunk yet: all of it is the torn end.
            continue;
        }
        if !too_long {
            if carry.len() + end > MAX_LINE {
                too_long = true;
                carry = Vec::new();
            } else {
                carry.splice(0..0, chunk[..end].iter().copied());
            }
        }
    }
    if !first && !too_long && !carry.is_empty() {
        each(&carry);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::history::Outcome;
    use std::fs;

    fn record(routine: &str, ended: &str) -> Record {
        let ended = DateTime::parse_from_rfc3339(ended).expect("time");
        let mut r = Record::start(routine, "T", 60, 1, ended);
        r.outcome = Outcome::Completed;
        r
    }

    fn lines_of(bytes: &[u8]) -> Vec<String> {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("f");
        fs::write(&path, bytes).expect("write");
        let mut out = Vec::new();
        backwards(File::open(&path).expect("open"), |l| {
            out.push(String::from_utf8_lossy(l).into_owned());
            true
        })
        .expect("read");
        out
    }

    #[test]
    fn lines_come_last_first_and_a_torn_end_is_left_out() {
        assert_eq!(lines_of(b"a\nbb\n\nccc\n"), ["ccc", "bb", "a"]);
        assert_eq!(lines_of(b"a\nbb\ntorn"), ["bb", "a"]);
        assert_eq!(lines_of(b"no line break"), Vec::<String>::new());
        assert_eq!(lines_of(b""), Vec::<String>::new());
        // Lines across chunk boundaries.
        let long: Vec<String> = (0..3)
            .map(|i| format!("{i}{}", "x".repeat(CHUNK)))
            .collect();
        let text = format!("{}\n{}\n{}\n", long[0], long[1], long[2]);
        let got = lines_of(text.as_bytes());
        assert_eq!(got, [long[2].clone(), long[1].clone(), long[0].clone()]);
    }

    #[test]
    fn reads_back_to_the_window_with_some_slack() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut text = String::new();
        for day in 1..=28 {
            text.push_str(&record("old", &format!("2025-02-{day:02}T07:00:00Z")).to_json_line());
            text.push('\n');
        }
        text.push_str("garbage\n");
        for day in 1..=3 {
            text.push_str(&record("new", &format!("2025-03-{day:02}T07:00:00Z")).to_json_line());
            text.push('\n');
        }
        // Recovered late: ended before the window, appended after.
        text.push_str(&record("late", "2025-02-27T07:00:00Z").to_json_line());
        text.push('\n');
        text.push_str(&record("new", "2025-03-04T07:00:00Z").to_json_line());
        text.push('\n');
        fs::write(paths::history_file(dir.path()), text).expect("write");
        let window = DateTime::parse_from_rfc3339("2025-03-01T00:00:00Z").expect("time");
        let got = since(dir.path(), window).expect("read");
        let days: Vec<String> = got
            .iter()
            .map(|r| r.ended.format("%d").to_string())
            .collect();
        assert_eq!(days, ["01", "02", "03", "04"]);
        assert!(
            since(&dir.path().join("none"), window)
                .expect("read")
                .is_empty()
        );
    }
}
