//! Everything `limber report` shows, already worked out: [`ReportData`]. The
//! renderers ([`super::markdown`], [`super::html`]) only format it, so the two
//! formats always say the same.
//!
//! The history part comes from the log's records ([`HistoryPart`], one record
//! at a time so a long log is never held whole), with the time zone and
//! `today` passed in. The plans part ([`PlanReport`]) is worked out by the plan
//! state from `plans.jsonl`, the plan files and the history, and handed over
//! with [`ReportData::with_plans`].
//!
//! Rules (SPEC 6, 8):
//! - previews are left out of everything (they are only counted, to say so);
//! - a session belongs to the local day it *ended* on, as a plan's "done" does,
//!   so the weeks here and the plans' weeks agree about a session that crosses
//!   midnight; `--since` keeps sessions that ended on or after that day;
//! - "done" is [`Record::counts`]: completed, not a preview, not skipped through.

use crate::core::routine::Target;
use crate::store::history::Record;
use chrono::{Datelike, Days, NaiveDate, TimeZone};
use std::cmp::Reverse;
use std::collections::{BTreeMap, HashMap};

/// Without `--since`, the report covers this many weeks, the current one
/// included (fewer when the history is younger).
pub const DEFAULT_WEEKS: u64 = 12;
/// How many of the most skipped steps the report lists.
pub const SKIPPED_SHOWN: usize = 10;
/// How many rated sessions the report keeps (the newest): a chart and a table
/// of more would not read.
pub const RATINGS_SHOWN: usize = 60;

/// The report: the history of the period, and the plans.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportData {
    pub period: Period,
    /// Non-preview sessions in the period, done or not.
    pub sessions: u32,
    /// Of those, the ones that count as done ([`Record::counts`]).
    pub done: u32,
    /// Work seconds of the non-preview sessions.
    pub work_secs: u64,
    /// Previews in the period, left out of every number.
    pub previews: u32,
    /// Calendar weeks (Monday to Sunday), oldest first, every week of the
    /// period, empty ones too.
    pub weeks: Vec<WeekRow>,
    /// Work seconds per target, most first; targets not worked are left out.
    pub targets: Vec<(Target, u64)>,
    /// Sessions rated before and after, oldest first: the newest
    /// [`RATINGS_SHOWN`] of [`ReportData::rated`].
    pub tightness: Vec<Rated>,
    /// Every session rated both times in the period.
    pub rated: u32,
    /// Their average tightness (before, after).
    pub tightness_average: Option<(f64, f64)>,
    /// The most skipped steps (name as the log has it, times skipped), most
    /// first, at most [`SKIPPED_SHOWN`].
    pub skipped: Vec<(String, u32)>,
    /// The plans that were active in the period, worked out by the plan state.
    /// Empty from the history alone: see [`ReportData::with_plans`].
    pub plans: Vec<PlanReport>,
}

/// The days the report covers, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// `from` came from `--since` (else it is the default window).
    pub since: bool,
}

/// One calendar week of sessions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeekRow {
    /// Its Monday.
    pub start: NaiveDate,
    pub sessions: u32,
    pub done: u32,
    pub work_secs: u64,
    /// Average tightness (before, after) of the sessions rated both times.
    pub tightness: Option<(f64, f64)>,
}

/// One session rated before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rated {
    pub date: NaiveDate,
    /// The routine's title as the log has it.
    pub title: String,
    pub before: u8,
    pub after: u8,
}

/// One plan, as the plan state works it out for the report.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanReport {
    /// The plan's id (file stem).
    pub id: String,
    pub title: String,
    /// The local date it started (its day 1).
    pub started: NaiveDate,
    /// Each plan week up to today, oldest first.
    pub weeks: Vec<PlanWeek>,
    /// Done / asked over the plan so far (SPEC 8); `None` before anything was asked.
    pub adherence: Option<f64>,
    /// The plan's check-in question, if it has one.
    pub checkin_question: Option<String>,
    /// One answer a day (the last of the day), oldest first.
    pub checkins: Vec<(NaiveDate, u8)>,
    /// As `limber today` says it: a check-in above `stop_above`, a phase held
    /// by its pain gate, a routine that no longer exists.
    pub warning: Option<String>,
}

/// One plan week: prescriptions asked and done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanWeek {
    /// 1 for the plan's first week.
    pub number: u32,
    /// Its first day.
    pub start: NaiveDate,
    pub asked: u32,
    pub done: u32,
}

impl PlanWeek {
    /// Done / asked, `None` when nothing was asked.
    pub fn adherence(&self) -> Option<f64> {
        (self.asked > 0).then(|| f64::from(self.done.min(self.asked)) / f64::from(self.asked))
    }
}

impl ReportData {
    /// The report of `records` (in log order) over the period ending `today`
    /// in `tz`, from `since` or the last [`DEFAULT_WEEKS`] weeks; no plans.
    pub fn from_history<'a, Tz: TimeZone>(
        records: impl IntoIterator<Item = &'a Record>,
        tz: &Tz,
        today: NaiveDate,
        since: Option<NaiveDate>,
    ) -> ReportData {
        let mut part = HistoryPart::new(tz.clone(), today, since);
        for r in records {
            part.add(r);
        }
        part.finish()
    }

    /// The report with its plans: the one place the plan state's answer joins
    /// the history's.
    #[must_use]
    pub fn with_plans(mut self, plans: Vec<PlanReport>) -> ReportData {
        self.plans = plans;
        self
    }

    /// Whether the period holds nothing to report.
    pub fn is_empty(&self) -> bool {
        self.sessions == 0 && self.plans.is_empty()
    }
}

/// The Monday of `day`'s week.
pub fn monday(day: NaiveDate) -> NaiveDate {
    day - Days::new(u64::from(day.weekday().num_days_from_monday()))
}

#[derive(Debug, Clone, Copy, Default)]
struct WeekSums {
    sessions: u32,
    done: u32,
    work_secs: u64,
    rated: u32,
    before: u32,
    after: u32,
}

impl WeekSums {
    /// Average tightness (before, after), when any session was rated.
    fn average(&self) -> Option<(f64, f64)> {
        (self.rated > 0).then(|| {
            let n = f64::from(self.rated);
            (f64::from(self.before) / n, f64::from(self.after) / n)
        })
    }
}

/// The history part of a report, built one record at a time.
#[derive(Debug, Clone)]
pub struct HistoryPart<Tz: TimeZone> {
    tz: Tz,
    today: NaiveDate,
    /// The first day a session may have ended on to count.
    from: NaiveDate,
    since: bool,
    first: Option<NaiveDate>,
    previews: u32,
    weeks: BTreeMap<NaiveDate, WeekSums>,
    targets: BTreeMap<Target, u64>,
    /// (date, place in the log, title, before, after)
    rated: Vec<(NaiveDate, usize, String, u8, u8)>,
    skipped: HashMap<String, u32>,
}

impl<Tz: TimeZone> HistoryPart<Tz> {
    pub fn new(tz: Tz, today: NaiveDate, since: Option<NaiveDate>) -> HistoryPart<Tz> {
        let default_from = monday(today) - Days::new(7 * (DEFAULT_WEEKS - 1));
        HistoryPart {
            tz,
            today,
            from: since.unwrap_or(default_from),
            since: since.is_some(),
            first: None,
            previews: 0,
            weeks: BTreeMap::new(),
            targets: BTreeMap::new(),
            rated: Vec::new(),
            skipped: HashMap::new(),
        }
    }

    /// Counts one more record, if it ended within the period.
    pub fn add(&mut self, r: &Record) {
        let day = r.ended.with_timezone(&self.tz).date_naive();
        if day < self.from || day > self.today {
            return;
        }
        if r.preview {
            self.previews += 1;
            return;
        }
        self.first = Some(self.first.map_or(day, |f| f.min(day)));
        let week = self.weeks.entry(monday(day)).or_default();
        week.sessions += 1;
        week.done += u32::from(r.counts());
        week.work_secs += u64::from(r.work_secs);
        if let (Some(before), Some(after)) = (r.tightness_before, r.tightness_after) {
            week.rated += 1;
            week.before = week.before.saturating_add(u32::from(before));
            week.after = week.after.saturating_add(u32::from(after));
            let place = self.rated.len();
            self.rated
                .push((day, place, r.title.clone(), before, after));
        }
        for (&target, &secs) in &r.targets {
            *self.targets.entry(target).or_default() += u64::from(secs);
        }
        for name in &r.skipped {
            // A name is allocated once, not once a skip.
            match self.skipped.get_mut(name) {
                Some(n) => *n += 1,
                None => {
                    self.skipped.insert(name.clone(), 1);
                }
            }
        }
    }

    pub fn finish(self) -> ReportData {
        // The default window starts at the first session when the history is
        // younger than it: no rows of empty weeks before anything happened.
        let from = match (self.since, self.first) {
            (true, _) => self.from,
            (false, Some(first)) => monday(first).max(self.from),
            (false, None) => monday(self.today),
        };
        let mut weeks = Vec::new();
        let mut start = monday(from);
        while start <= self.today {
            let sums = self.weeks.get(&start).copied().unwrap_or_default();
            weeks.push(WeekRow {
                start,
                sessions: sums.sessions,
                done: sums.done,
                work_secs: sums.work_secs,
                tightness: sums.average(),
            });
            start = start + Days::new(7);
        }
        let totals = self
            .weeks
            .values()
            .fold(WeekSums::default(), |a, w| WeekSums {
                sessions: a.sessions + w.sessions,
                done: a.done + w.done,
                work_secs: a.work_secs + w.work_secs,
                rated: a.rated + w.rated,
                before: a.before.saturating_add(w.before),
                after: a.after.saturating_add(w.after),
            });

        let mut targets: Vec<(Target, u64)> =
            self.targets.into_iter().filter(|&(_, s)| s > 0).collect();
        targets.sort_by_key(|&(t, s)| (Reverse(s), t));

        let mut rated = self.rated;
        rated.sort_by_key(|&(date, place, ..)| (date, place));
        let count = u32::try_from(rated.len()).unwrap_or(u32::MAX);
        let tightness = rated
            .into_iter()
            .rev()
            .take(RATINGS_SHOWN)
            .rev()
            .map(|(date, _, title, before, after)| Rated {
                date,
                title,
                before,
                after,
            })
            .collect();

        let mut skipped: Vec<(String, u32)> = self.skipped.into_iter().collect();
        skipped.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        skipped.truncate(SKIPPED_SHOWN);

        ReportData {
            period: Period {
                from,
                to: self.today,
                since: self.since,
            },
            sessions: totals.sessions,
            done: totals.done,
            work_secs: totals.work_secs,
            previews: self.previews,
            weeks,
            targets,
            tightness,
            rated: count,
            tightness_average: totals.average(),
            skipped,
            plans: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests;
