//! `limber list`: one line per routine, or `--json`.

use crate::core::timeline::planned_secs;
use crate::store::library::{Entry, Library, Source};
use crate::text::{clean, clock, fit};
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
/// `width`: a terminal's columns, which the table then fits (targets are cut
/// first, then the source column goes, then titles are cut, then targets go);
/// `None` (a pipe): every cell in full.
pub fn table(library: &Library, out: &mut impl Write, width: Option<usize>) -> io::Result<()> {
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
    let shown = match width {
        Some(room) => fit_columns(&mut widths, room),
        None => [true; 5],
    };
    for (valid, r) in std::iter::once(&header).chain(&rows) {
        if !valid {
            let pad = " ".repeat(widths[0] - r[0].width());
            let line = format!("{}{pad}  {}", r[0], r[1]);
            writeln!(out, "{}", width.map_or(line.clone(), |w| fit(&line, w)))?;
            continue;
        }
        let cells: Vec<(usize, &String)> =
            r.iter().enumerate().filter(|(i, _)| shown[*i]).collect();
        let mut line = String::new();
        for (n, (i, cell)) in cells.iter().enumerate() {
            let cell = fit(cell, widths[*i]);
            let last = n + 1 == cells.len();
            if *i == 3 {
                // Durations read best right-aligned.
                line.push_str(&" ".repeat(widths[*i] - cell.width()));
                line.push_str(&cell);
            } else {
                line.push_str(&cell);
                if !last {
                    line.push_str(&" ".repeat(widths[*i] - cell.width()));
                }
            }
            if !last {
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

/// Narrows `widths` (ID, TITLE, TARGETS, TIME, SOURCE) to fit `room` columns;
/// returns which columns are shown.
fn fit_columns(widths: &mut [usize; 5], room: usize) -> [bool; 5] {
    const TITLE: usize = 1;
    const TARGETS: usize = 2;
    const SOURCE: usize = 4;
    let mut shown = [true; 5];
    let total = |widths: &[usize; 5], shown: &[bool; 5]| {
        let columns: Vec<usize> = (0..5).filter(|i| shown[*i]).map(|i| widths[i]).collect();
        columns.iter().sum::<usize>() + 2 * columns.len().saturating_sub(1)
    };
    let over = |widths: &[usize; 5], shown: &[bool; 5]| total(widths, shown).saturating_sub(room);
    widths[TARGETS] -= over(widths, &shown).min(widths[TARGETS].saturating_sub(12));
    if over(widths, &shown) > 0 {
        shown[SOURCE] = false;
    }
    widths[TITLE] -= over(widths, &shown).min(widths[TITLE].saturating_sub(20));
    if over(widths, &shown) > 0 {
        shown[TARGETS] = false;
    }
    widths[TITLE] -= over(widths, &shown).min(widths[TITLE].saturating_sub(8));
    shown
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

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(width: Option<usize>) -> Vec<String> {
        let mut out = Vec::new();
        table(&Library::load(None), &mut out, width).expect("write");
        String::from_utf8(out)
            .expect("utf-8")
            .lines()
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn a_terminal_gets_a_table_that_fits_and_a_pipe_gets_it_all() {
        for width in [40, 60, 80, 100] {
            for line in lines(Some(width)) {
                assert!(line.width() <= width, "{width}: {line:?}");
            }
        }
        let at_80 = lines(Some(80));
        assert!(at_80[0].starts_with("ID"), "{at_80:?}");
        assert!(
            at_80.iter().any(|l| l.contains("13:15")),
            "times stay: {at_80:?}"
        );
        let full = lines(None);
        assert!(
            full.iter()
                .any(|l| l.contains("plantar fascia") && l.contains("bundled"))
        );
        assert!(full.iter().map(|l| l.width()).max() > Some(80));
    }
}
