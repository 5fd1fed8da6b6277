//! `limber history`: the summary, `--json`, `--csv`, `--since DATE`.

use crate::cli::error::Error;
use crate::store::history::export::{Csv, JsonArray};
use crate::store::history::{
    HistoryError, Record, Stats, Warning, log, recover, recovery_message, summary,
};
use crate::store::paths;
use chrono::{DateTime, FixedOffset, Local, NaiveDate, TimeZone};
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::Path;

/// For tests only: an RFC 3339 time that stands in for the clock in `limber
/// history`'s stats, so snapshots stay stable (set `TZ` too: the time zone is still
/// the local one). It changes nothing that is written.
pub const NOW_VAR: &str = "LIMBER_NOW";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Summary,
    Json,
    Csv,
}

#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub format: Format,
    /// Only sessions started on or after this local date.
    pub since: Option<NaiveDate>,
    /// The terminal's columns, for the recent sessions' titles; `None` when
    /// the output is not a terminal (then every title is written in full).
    pub width: Option<usize>,
}

/// `limber history` as `dispatch` calls it: finds the data folder, reads the
/// clock (or `LIMBER_NOW`), writes to stdout and stderr, and maps failures to
/// exit codes (an unreadable log: 1; a bad `LIMBER_NOW`: 2).
pub fn main(json: bool, csv: bool, since: Option<NaiveDate>) -> crate::cli::error::Result<()> {
    let home = paths::home().ok_or_else(|| Error::Failed(HistoryError::NoHome.to_string()))?;
    let format = match (json, csv) {
        (true, _) => Format::Json,
        (_, true) => Format::Csv,
        _ => Format::Summary,
    };
    // A terminal gets titles cut to fit it; a pipe gets them whole.
    let width = io::stdout()
        .is_terminal()
        .then(|| ratatui::crossterm::terminal::size().ok())
        .flatten()
        .map(|(columns, _)| usize::from(columns));
    let opts = Options {
        format,
        since,
        width,
    };
    let mut out = BufWriter::new(io::stdout().lock());
    let mut err = io::stderr().lock();
    let now = now_override()?.map_or_else(Local::now, |now| now.with_timezone(&Local));
    let result = run(&home, opts, &now, &mut out, &mut err)
        .and_then(|()| out.flush().map_err(HistoryError::Output));
    match result {
        Err(HistoryError::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::Failed(e.to_string())),
        Ok(()) => Ok(()),
    }
}

/// `LIMBER_NOW`, when set (`limber report` and the plan commands read the same).
pub fn now_override() -> crate::cli::error::Result<Option<DateTime<FixedOffset>>> {
    match std::env::var(NOW_VAR) {
        Ok(s) if !s.is_empty() => DateTime::parse_from_rfc3339(&s)
            .map(Some)
            .map_err(|e| Error::Usage(format!("{NOW_VAR} must be an RFC 3339 time: {e}"))),
        _ => Ok(None),
    }
}

/// Recovers unfinished sessions, then writes the history of `home` as of `now`
/// (in `now`'s time zone) to `out`; warnings go to `err`.
pub fn run<Tz: TimeZone>(
    home: &Path,
    opts: Options,
    now: &DateTime<Tz>,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<(), HistoryError> {
    let tz = now.timezone();
    let warn = |err: &mut dyn Write, w: &dyn std::fmt::Display| {
        // stderr failing is nothing to stop for.
        let _ = writeln!(err, "warning: {w}");
    };
    match recover(home) {
        Ok(recovered) => {
            for r in &recovered.records {
                let _ = writeln!(err, "limber: {}", recovery_message(r));
            }
            for w in &recovered.warnings {
                warn(err, w);
            }
        }
        Err(e) => warn(err, &e),
    }

    let keep = |r: &Record| {
        opts.since
            .is_none_or(|since| r.started.with_timezone(&tz).date_naive() >= since)
    };
    // The first output error stops the writing; reading goes on to its end.
    let mut failed: Option<io::Error> = None;
    let mut note = |result: io::Result<()>| {
        if let Err(e) = result {
            failed.get_or_insert(e);
        }
    };
    let warnings: Vec<Warning>;
    match opts.format {
        Format::Json => {
            let mut array = JsonArray::new(&mut *out);
            warnings = log::read_each(home, |line| {
                if keep(&line.record) {
                    note(array.push(line.raw));
                }
            })?;
            note(array.finish().map(drop));
        }
        Format::Csv => {
            let mut csv = Csv::new(&mut *out).map_err(HistoryError::Output)?;
            warnings = log::read_each(home, |line| {
                if keep(&line.record) {
                    note(csv.push(&line.record));
                }
            })?;
            note(csv.finish().map(drop));
        }
        Format::Summary => {
            let mut stats = Stats::new(now);
            warnings = log::read_each(home, |line| {
                if keep(&line.record) {
                    stats.add(&line.record);
                }
            })?;
            if stats.sessions() + stats.previews() == 0 {
                note(summary::empty(out, opts.since));
            } else {
                note(summary::write(&stats, out, opts.width));
            }
        }
    }
    for w in &warnings {
        warn(err, w);
    }
    match failed {
        Some(e) => Err(HistoryError::Output(e)),
        None => Ok(()),
    }
}
