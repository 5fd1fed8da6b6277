//! `limber list`: one line per routine, or `--json`.

use crate::core::timeline::planned_secs;
use crate::store::library::{Entry, Library, Source};
use crate::text::{clean, clock};
use serde::Serialize;
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

#[derive(Debug, Serialize)]
pub struct ListItem {
    pub id: String,
    pub title: String,
    pub targets: Vec<&'static str>,
    pub planned_secs: u32,
    pub source: &'static str,
    /// A user routine that replaces the bundled one of the same id.
    pub overrides_bundled: bool,
}

/// The valid routines, as `--json` prints them.
pub fn items(library: &Library) -> Vec<ListItem> {
    library
        .entries
        .iter()
        .filter_map(|e| {
            let r = e.valid()?;
            Some(ListItem {
                id: e.id.clone(),
                title: r.title.clone(),
                targets: r
                    .targets()
                    .into_iter()
                    .map(crate::core::routine::Target::id)
                    .collect(),
                planned_secs: planned_secs(r),
                source: e.source.label(),
                overrides_bundled: e.overrides_bundled,
            })
        })
        .collect()
}

pub fn json(library: &Library, out: &mut impl Write) -> io::Result<()> {
    let text = serde_json::to_string_pretty(&items(library)).map_err(io::Error::other)?;
    writeln!(out, "{text}")
}

/// The aligned table. Invalid user routines stay listed with their reason.
pub fn table(library: &Library, out: &mut impl Write) -> io::Result<()> {
    // An invalid routine's row is its id, then its reason to the end of the line:
    // a long reason must not widen the title column of every other row.
    let rows: Vec<(bool, [String; 5])> = library
        .entries
        .iter()
        .map(|e| (e.valid().is_some(), row(e)))
        .collect();
    let header = (
        true,
        ["ID", "TITLE", "TARGETS", "TIME", "SOURCE"].map(String::from),
    );
    let mut widths = [0usize; 5];
    for (valid, r) in std::iter::once(&header).chain(&rows) {
        let columns = if *valid { r.len() } else { 1 };
        for (w, cell) in widths.iter_mut().zip(r).take(columns) {
            *w = (*w).max(cell.width());
        }
    }
    for (valid, r) in std::iter::once(&header).chain(&rows) {
        if !valid {
            let pad = " ".repeat(widths[0] - r[0].width());
            writeln!(out, "{}{pad}  {}", r[0], r[1])?;
            continue;
        }
        let mut line = String::new();
        for (i, cell) in r.iter().enumerate() {
            if i == 3 {
                // Durations read best right-aligned.
                line.push_str(&" ".repeat(widths[i] - cell.width()));
                line.push_str(cell);
            } else {
                line.push_str(cell);
                if i + 1 < r.len() {
                    line.push_str(&" ".repeat(widths[i] - cell.width()));
                }
            }
            if i + 1 < r.len() {
                line.push_str("  ");
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    for notice in &library.notices {
        writeln!(out, "note: {}", clean(notice))?;
    }
    Ok(())
}

fn row(e: &Entry) -> [String; 5] {
    let source = match (e.source, e.overrides_bundled) {
        (Source::User, true) => "user (replaces bundled)".to_string(),
        (s, _) => s.label().to_string(),
    };
    match e.valid() {
        Some(r) => [
            clean(&e.id).into_owned(),
            clean(&r.title).into_owned(),
            r.targets()
                .iter()
                .map(|t| t.label())
                .collect::<Vec<_>>()
                .join(", "),
            clock(u64::from(planned_secs(r))),
            source,
        ],
        None => [
            clean(&e.id).into_owned(),
            format!("INVALID ({source}): {}", e.reason().unwrap_or_default()),
            String::new(),
            String::new(),
            source,
        ],
    }
}
