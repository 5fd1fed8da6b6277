//! What the history screen shows, worked out once from [`Stats`] when the screen
//! opens: words and numbers ready to draw. Nothing here counts or averages (that
//! is [`Stats`]'s job, shared with `limber history`); this only puts the answers
//! into words, picks a shade for each day and cleans text from the log, so a
//! frame costs the same for ten sessions or a hundred thousand.

use super::heatmap;
use crate::store::history::stats::{self, GRID_WEEKS, Stats};
use crate::store::history::{Outcome, Record};
use crate::text::{clean, minutes, plural, whole_minutes};
use chrono::{Datelike, Days, TimeZone};
use std::fmt::Write as _;
use unicode_width::UnicodeWidthStr;

/// Days in the heat map: [`GRID_WEEKS`] whole weeks from a Monday.
pub const DAYS: usize = GRID_WEEKS * 7;

/// The history screen's view-model.
pub struct Model {
    /// No record at all: the friendly empty state.
    pub empty: bool,
    /// "4-day streak", or how to start one.
    pub streak: String,
    pub streak_alive: bool,
    /// "5 min this week".
    pub week: String,
    /// "9 sessions, 46 min in all".
    pub totals: String,
    pub heat: Heat,
    /// Minutes per target, last 30 days, most first.
    pub targets: Vec<TargetRow>,
    /// `rest[i]`: the line that stands for the targets from `i` on when only
    /// the first `i` fit ("+3 more   5").
    pub rest: Vec<RestRow>,
    pub tightness: Option<Tightness>,
    /// The newest sessions, newest first.
    pub sessions: Vec<SessionRow>,
    /// The widest outcome, minutes and notes among `sessions`.
    pub widest: [usize; 3],
    /// The widest title among `sessions`: the most the title column needs.
    pub widest_title: usize,
    /// The log holds more records than the list keeps.
    pub more_records: bool,
    /// The first problem reading the log, and how many more there were.
    pub warning: Option<String>,
}

pub struct Heat {
    /// Shade 0-4 of each day from the first Monday; `None` after today.
    pub days: [Option<u8>; DAYS],
    /// The day of the week of today, 0 for Monday.
    pub today_row: usize,
    /// The month of each week's Monday ("Mar").
    pub months: [String; GRID_WEEKS],
    /// Whether that week starts a new month (its Monday's month differs from
    /// the week before).
    pub new_month: [bool; GRID_WEEKS],
}

pub struct TargetRow {
    pub label: &'static str,
    /// For the bar's length, relative to the first row's.
    pub secs: u64,
    pub minutes: String,
}

pub struct RestRow {
    pub label: String,
    pub minutes: String,
}

pub struct Tightness {
    /// "6.5"
    pub before_avg: String,
    pub after_avg: String,
    pub sessions: u32,
    /// "4 rated sessions" / "sessions": the plural, chosen once.
    pub sessions_word: &'static str,
    /// Ratings of the last rated sessions, oldest first.
    pub before: Vec<u8>,
    pub after: Vec<u8>,
}

pub struct SessionRow {
    pub weekday: String,
    /// "2025-03-31 08:00"
    pub when: String,
    pub title: String,
    pub outcome: Outcome,
    pub minutes: String,
    /// "preview, 2 skipped"
    pub notes: String,
    pub preview: bool,
}

impl Model {
    /// The model of `stats`, with the problems met reading the log.
    pub fn of<Tz: TimeZone>(stats: &Stats<Tz>, warnings: &[String]) -> Model {
        let streak = stats.streak();
        let streak_text = match (streak.days, streak.today) {
            (0, _) if stats.ever_streaked() => "no streak now: a routine today starts one".into(),
            (0, _) => "no streak yet: do a routine today".to_owned(),
            (n, true) => format!("{n}-day streak"),
            (n, false) => format!("{n}-day streak: a routine today keeps it going"),
        };
        let mut totals = format!(
            "{} {}, {} in all",
            stats.sessions(),
            plural(stats.sessions(), "session", "sessions"),
            minutes(stats.total_secs())
        );
        if stats.previews() > 0 {
            let _ = write!(
                totals,
                " (+{} {})",
                stats.previews(),
                plural(stats.previews(), "preview", "previews")
            );
        }
        let targets = stats.targets();
        let rest = stats::tail_sums(&targets)
            .into_iter()
            .enumerate()
            .map(|(i, secs)| RestRow {
                label: format!("+{} more", targets.len() - i),
                minutes: whole_minutes(secs),
            })
            .collect();
        let sessions: Vec<SessionRow> = stats
            .recent()
            .map(|r| SessionRow::of(r, stats.time_zone()))
            .collect();
        Model {
            empty: stats.records() == 0,
            streak: streak_text,
            streak_alive: streak.days > 0,
            week: format!("{} this week", minutes(stats.week_secs())),
            totals,
            heat: Heat::of(stats),
            targets: targets
                .into_iter()
                .map(|(t, secs)| TargetRow {
                    label: t.label(),
                    secs,
                    minutes: whole_minutes(secs),
                })
                .collect(),
            rest,
            tightness: Tightness::of(stats),
            widest: widest(&sessions),
            widest_title: sessions.iter().map(|r| r.title.width()).max().unwrap_or(0),
            more_records: stats.records() > u64::try_from(sessions.len()).unwrap_or(u64::MAX),
            sessions,
            warning: warning(warnings),
        }
    }
}

impl Heat {
    fn of<Tz: TimeZone>(stats: &Stats<Tz>) -> Heat {
        let mut days = [None; DAYS];
        for (day, &secs) in days.iter_mut().zip(stats.daily_secs()) {
            *day = Some(heatmap::level(secs));
        }
        let first = stats.grid_start();
        let mondays: [_; GRID_WEEKS] =
            std::array::from_fn(|week| first + Days::new(7 * week as u64));
        Heat {
            days,
            today_row: usize::try_from(stats.today().weekday().num_days_from_monday()).unwrap_or(0),
            months: std::array::from_fn(|week| mondays[week].format("%b").to_string()),
            new_month: std::array::from_fn(|week| {
                week == 0 || mondays[week].month() != mondays[week - 1].month()
            }),
        }
    }
}

impl Tightness {
    fn of<Tz: TimeZone>(stats: &Stats<Tz>) -> Option<Tightness> {
        let t = stats.tightness()?;
        let (before, after) = stats.ratings().unzip();
        Some(Tightness {
            before_avg: format!("{:.1}", t.before),
            after_avg: format!("{:.1}", t.after),
            sessions: t.sessions,
            sessions_word: plural(u64::from(t.sessions), "session", "sessions"),
            before,
            after,
        })
    }
}

impl SessionRow {
    fn of<Tz: TimeZone>(r: &Record, tz: &Tz) -> SessionRow {
        let local = r.started.with_timezone(tz).naive_local();
        let mut notes = Vec::new();
        if r.preview {
            notes.push("preview".to_owned());
        }
        if !r.skipped.is_empty() {
            notes.push(format!("{} skipped", r.skipped.len()));
        }
        SessionRow {
            weekday: local.format("%a").to_string(),
            when: local.format("%Y-%m-%d %H:%M").to_string(),
            title: clean(&r.title).into_owned(),
            outcome: r.outcome,
            minutes: minutes(u64::from(r.work_secs)),
            notes: notes.join(", "),
            preview: r.preview,
        }
    }
}

/// The widest outcome, minutes and notes of `rows`, for the list's columns.
fn widest(rows: &[SessionRow]) -> [usize; 3] {
    let widest = |f: fn(&SessionRow) -> usize| rows.iter().map(f).max().unwrap_or(0);
    [
        widest(|r| r.outcome.as_str().len()),
        widest(|r| r.minutes.width()),
        widest(|r| r.notes.width()),
    ]
}

/// "warning: ... (and 2 more)", the log's own words cleaned.
fn warning(warnings: &[String]) -> Option<String> {
    let first = warnings.first()?;
    let mut w = format!("warning: {}", clean(first));
    if warnings.len() > 1 {
        let _ = write!(w, " (and {} more)", warnings.len() - 1);
    }
    Some(w)
}
