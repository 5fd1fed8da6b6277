//! The readable summary of `limber history`.

use super::Stats;
use super::stats::{RECENT, TARGET_DAYS};
use crate::text::{clean, fit_pad, minutes, plural, whole_minutes};
use chrono::TimeZone;
use std::fmt::Write as _;
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

/// The longest bar of the per-target chart, in cells.
const BAR: u64 = 24;
/// The title column of the recent sessions at its narrowest: a title is cut
/// no shorter than this, however narrow the terminal.
const TITLE_MIN: usize = 16;

/// What `limber history` prints when the log has no session (or none since the
/// `--since` date).
pub fn empty(out: &mut impl Write, since: Option<chrono::NaiveDate>) -> io::Result<()> {
    match since {
        Some(date) => writeln!(out, "No sessions since {date}."),
        None => writeln!(
            out,
            "No sessions yet. Finish a routine (`limber`, or `limber run ID`) and it shows up here."
        ),
    }
}

/// Writes the summary: streak, this week, tightness, totals, minutes per target
/// over the last 30 days as a bar chart, and the last 10 sessions, their titles
/// as wide as the longest and cut only to fit `width` columns (a terminal's).
pub fn write<Tz: TimeZone>(
    stats: &Stats<Tz>,
    out: &mut impl Write,
    width: Option<usize>,
) -> io::Result<()> {
    let mut s = String::new();
    let streak = stats.streak();
    let streak = match (streak.days, streak.today) {
        (0, _) => "none: a completed session today starts one".to_owned(),
        (n, true) => format!("{}, today included", days(n)),
        (n, false) => format!(
            "{} through yesterday: a session today keeps it going",
            days(n)
        ),
    };
    let _ = writeln!(s, "Streak      {streak}");
    let _ = writeln!(
        s,
        "This week   {} since Monday {}",
        minutes(stats.week_secs()),
        stats.week_start().format("%-d %B")
    );
    let tightness = match stats.tightness() {
        Some(t) => format!(
            "{:.1} before, {:.1} after, on average over {} rated {}",
            t.before,
            t.after,
            t.sessions,
            plural(u64::from(t.sessions), "session", "sessions")
        ),
        None => "not rated yet".to_owned(),
    };
    let _ = writeln!(s, "Tightness   {tightness}");
    let mut total = format!(
        "{} {}, {} of work",
        stats.sessions(),
        plural(stats.sessions(), "session", "sessions"),
        minutes(stats.total_secs())
    );
    if stats.previews() > 0 {
        let _ = write!(
            total,
            "; {} {} not counted",
            stats.previews(),
            plural(stats.previews(), "preview", "previews")
        );
    }
    let _ = writeln!(s, "In all      {total}");

    let _ = writeln!(s, "\nMinutes per target, last {TARGET_DAYS} days");
    let targets = stats.targets();
    if targets.is_empty() {
        let _ = writeln!(s, "  nothing in the last {TARGET_DAYS} days");
    }
    let label_width = targets
        .iter()
        .map(|(t, _)| t.label().width())
        .max()
        .unwrap_or(0);
    let numbers: Vec<String> = targets
        .iter()
        .map(|&(_, secs)| whole_minutes(secs))
        .collect();
    let number_width = numbers.iter().map(String::len).max().unwrap_or(0);
    let most = targets.first().map_or(1, |&(_, secs)| secs.max(1));
    for ((target, secs), number) in targets.iter().zip(&numbers) {
        let cells = usize::try_from(secs * BAR)
            .unwrap_or(usize::MAX)
            .div_ceil(usize::try_from(most).unwrap_or(1));
        let _ = writeln!(
            s,
            "  {:<label_width$}  {number:>number_width$}  {}",
            target.label(),
            "█".repeat(cells)
        );
    }

    let _ = writeln!(s, "\nLast {RECENT} sessions");
    let widest = stats
        .recent()
        .take(RECENT)
        .map(|r| clean(&r.title).width())
        .max()
        .unwrap_or(0);
    // Everything on a line but the title: the date, the outcome, the minutes,
    // the skips and "preview", with their gaps.
    let others = 2 + 16 + 2 + 2 + 11 + 2 + 7 + 2 + 10 + 1 + 7;
    let title_width = width.map_or(widest, |w| {
        widest.min(w.saturating_sub(others + 1).max(TITLE_MIN))
    });
    for r in stats.recent().take(RECENT) {
        let started = r.started.with_timezone(stats.time_zone());
        let skipped = match r.skipped.len() {
            0 => String::new(),
            n => format!("{n} skipped"),
        };
        let preview = if r.preview { "preview" } else { "" };
        let line = format!(
            "  {}  {}  {:<11}  {:>7}  {skipped:<10} {preview}",
            started.naive_local().format("%Y-%m-%d %H:%M"),
            fit_pad(&clean(&r.title), title_width),
            r.outcome.as_str(),
            minutes(u64::from(r.work_secs)),
        );
        let _ = writeln!(s, "{}", line.trim_end());
    }
    out.write_all(s.as_bytes())
}

fn days(n: u32) -> String {
    format!("{n} {}", plural(u64::from(n), "day", "days"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_read_naturally() {
        assert_eq!(minutes(0), "0 min");
        assert_eq!(minutes(20), "<1 min");
        assert_eq!(minutes(750), "13 min");
        assert_eq!(minutes(15_100), "4 h 12 min");
    }

    #[test]
    fn titles_fit_their_column() {
        assert_eq!(fit_pad("Calf", 6), "Calf  ");
        assert_eq!(fit_pad("Calf release", 6), "Calf …");
        assert_eq!(fit_pad("足底筋膜のケア", 6), "足底… ");
        assert_eq!(fit_pad("足底筋膜のケア", 6).width(), 6);
    }
}
