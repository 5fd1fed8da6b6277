//! `limber history --json` and `--csv`.

use super::Record;
use crate::core::routine::Target;
use crate::text::{clean, is_unsafe};
use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};

/// Writes the log's objects as a JSON array, each exactly as its line holds it
/// (fields from a later version included), one per line. Characters a terminal
/// could act on (C1 controls, bidi overrides) can only sit inside JSON strings,
/// so they are written as `\uXXXX` escapes: the same JSON, safe to print.
#[derive(Debug)]
pub struct JsonArray<W: Write> {
    out: W,
    first: bool,
}

impl<W: Write> JsonArray<W> {
    pub fn new(out: W) -> JsonArray<W> {
        JsonArray { out, first: true }
    }

    /// Adds one object, `raw` being a line of the log that holds a valid record.
    pub fn push(&mut self, raw: &str) -> io::Result<()> {
        let sep = if self.first { "[\n" } else { ",\n" };
        self.first = false;
        self.out.write_all(sep.as_bytes())?;
        self.out.write_all(json_safe(raw.trim()).as_bytes())
    }

    pub fn finish(mut self) -> io::Result<W> {
        let end = if self.first { "[]\n" } else { "\n]\n" };
        self.out.write_all(end.as_bytes())?;
        Ok(self.out)
    }
}

/// Escapes the unsafe characters of valid JSON text, whitespace between tokens
/// aside (tabs and line breaks there are JSON whitespace, not string content).
fn json_safe(raw: &str) -> Cow<'_, str> {
    let escape = |c: char| is_unsafe(c) && !matches!(c, '\t' | '\n' | '\r');
    if !raw.chars().any(escape) {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len() + 16);
    for c in raw.chars() {
        if escape(c) {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                let _ = write!(out, "\\u{unit:04x}");
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The CSV columns before the targets (one column per [`Target::ALL`], named by
/// id, in work seconds).
pub const CSV_COLUMNS: [&str; 13] = [
    "started",
    "ended",
    "routine",
    "title",
    "outcome",
    "planned_secs",
    "work_secs",
    "skipped_count",
    "skipped",
    "preview",
    "speed",
    "tightness_before",
    "tightness_after",
];

/// One row per session with a header, for spreadsheets.
pub struct Csv<W: Write> {
    out: csv::Writer<W>,
}

impl<W: Write> Csv<W> {
    pub fn new(out: W) -> io::Result<Csv<W>> {
        let mut out = csv::Writer::from_writer(out);
        let header = CSV_COLUMNS
            .iter()
            .copied()
            .chain(Target::ALL.iter().map(|t| t.id()));
        out.write_record(header).map_err(io::Error::from)?;
        Ok(Csv { out })
    }

    pub fn push(&mut self, r: &Record) -> io::Result<()> {
        let skipped = r
            .skipped
            .iter()
            .map(|s| clean(s))
            .collect::<Vec<_>>()
            .join("; ");
        let rating = |v: Option<u8>| v.map(|v| v.to_string()).unwrap_or_default();
        let mut row: Vec<String> = vec![
            r.started.to_rfc3339(),
            r.ended.to_rfc3339(),
            cell(&r.routine),
            cell(&r.title),
            r.outcome.to_string(),
            r.planned_secs.to_string(),
            r.work_secs.to_string(),
            r.skipped.len().to_string(),
            cell(&skipped),
            r.preview.to_string(),
            r.speed.to_string(),
            rating(r.tightness_before),
            rating(r.tightness_after),
        ];
        row.extend(
            Target::ALL
                .iter()
                .map(|t| r.targets.get(t).copied().unwrap_or(0).to_string()),
        );
        self.out.write_record(&row).map_err(io::Error::from)
    }

    pub fn finish(self) -> io::Result<W> {
        self.out
            .into_inner()
            .map_err(|e| io::Error::other(e.to_string()))
    }
}

/// Text from the log for a cell: terminal-safe, and kept from being read as a
/// formula by a spreadsheet (a leading `=`, `+`, `-` or `@` gets a `'`).
fn cell(s: &str) -> String {
    let s = clean(s);
    if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_escapes_keep_the_json() {
        let raw = "{\"title\":\"a\u{9b}b\u{202e}c\"}";
        let safe = json_safe(raw);
        assert_eq!(safe, "{\"title\":\"a\\u009bb\\u202ec\"}");
        let back: serde_json::Value = serde_json::from_str(&safe).expect("still JSON");
        assert_eq!(back["title"], "a\u{9b}b\u{202e}c");
    }

    #[test]
    fn empty_array() {
        let out = JsonArray::new(Vec::new()).finish().expect("write");
        assert_eq!(out, b"[]\n");
    }

    #[test]
    fn cells_are_safe_for_spreadsheets_and_terminals() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(cell("Calf release"), "Calf release");
    }
}
