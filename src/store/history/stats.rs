//! The numbers of `limber history` and the history screen, from records, a `now`
//! and a time zone; pure, so tests can pin the date. Previews are left out of
//! every total and of the streak (they still appear among the recent sessions).
//!
//! This is the only place that works numbers out of the log: the summary and
//! the screen only format and draw what [`Stats`] answers, so the two always
//! agree and the streak rule ([`counts_for_streak`]) lives here alone.
//!
//! [`Stats`] takes records one at a time, so a long log never has to be held in
//! memory; [`Stats::of`] is the same over a slice.

use super::Record;
use crate::core::routine::Target;
use chrono::{DateTime, Datelike, Days, FixedOffset, NaiveDate, TimeZone};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// How many sessions `limber history` lists.
pub const RECENT: usize = 10;
/// How many sessions [`Stats::recent`] keeps (the history screen's list).
pub const KEPT: usize = 100;
/// The window of [`Stats::targets`], today included.
pub const TARGET_DAYS: u64 = 30;
/// Weeks of [`Stats::daily_secs`], the current one included.
pub const GRID_WEEKS: usize = 12;
const GRID_DAYS: usize = GRID_WEEKS * 7;
/// Rated sessions kept for [`Stats::ratings`]: more than any terminal is wide.
pub const RATINGS: usize = 512;

/// Where a record sorts among the others: its start, then its place in the log
/// (a recovered session is appended late but sorts by when it started).
type Key = (DateTime<FixedOffset>, u64);

/// The streak rule ([`Record::counts`]): a completed session, not a preview
/// and not skipped through, makes its local day count, for the streak and for
/// the minutes a day.
pub fn counts_for_streak(r: &Record) -> bool {
    r.counts()
}

/// Days in a row with at least one session that [`counts_for_streak`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Streak {
    pub days: u32,
    /// The streak includes today (else it ended yesterday and a session today
    /// keeps it going). Meaningless when `days` is 0.
    pub today: bool,
}

/// Average tightness before and after, over the sessions rated both times.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tightness {
    pub before: f64,
    pub after: f64,
    pub sessions: u32,
}

#[derive(Debug, Clone)]
pub struct Stats<Tz: TimeZone> {
    tz: Tz,
    today: NaiveDate,
    /// Local days with a session that counts for the streak.
    days: BTreeSet<NaiveDate>,
    /// Work seconds of the sessions that count for the streak, per day from
    /// [`Stats::grid_start`] through today.
    daily: [u64; GRID_DAYS],
    week_secs: u64,
    total_secs: u64,
    targets: BTreeMap<Target, u64>,
    rated: u32,
    before_sum: u64,
    after_sum: u64,
    /// The last [`RATINGS`] (before, after) pairs, oldest first.
    ratings: VecDeque<(Key, u8, u8)>,
    sessions: u64,
    previews: u64,
    /// The newest [`KEPT`] records, newest first.
    recent: VecDeque<(Key, Record)>,
}

impl<Tz: TimeZone> Stats<Tz> {
    /// Empty stats as of `now`, in `now`'s time zone.
    pub fn new(now: &DateTime<Tz>) -> Stats<Tz> {
        Stats {
            tz: now.timezone(),
            today: now.date_naive(),
            days: BTreeSet::new(),
            daily: [0; GRID_DAYS],
            week_secs: 0,
            total_secs: 0,
            targets: BTreeMap::new(),
            rated: 0,
            before_sum: 0,
            after_sum: 0,
            ratings: VecDeque::new(),
            sessions: 0,
            previews: 0,
            recent: VecDeque::with_capacity(KEPT + 1),
        }
    }

    /// The stats of `records` (in log order) as of `now`.
    pub fn of<'a>(records: impl IntoIterator<Item = &'a Record>, now: &DateTime<Tz>) -> Stats<Tz> {
        let mut stats = Stats::new(now);
        for r in records {
            stats.add(r);
        }
        stats
    }

    /// The local date a record counts for: the day it started.
    pub fn day_of(&self, record: &Record) -> NaiveDate {
        record.started.with_timezone(&self.tz).date_naive()
    }

    /// Counts one more record (records come in log order).
    pub fn add(&mut self, r: &Record) {
        let key = (r.started, self.sessions + self.previews);
        self.keep_recent(r, key);
        if r.preview {
            self.previews += 1;
            return;
        }
        self.sessions += 1;
        let day = self.day_of(r);
        let secs = u64::from(r.work_secs);
        self.total_secs += secs;
        if counts_for_streak(r) {
            self.days.insert(day);
            if let Some(i) = self.grid_index(day) {
                self.daily[i] += secs;
            }
        }
        if day >= self.week_start() && day <= self.today {
            self.week_secs += secs;
        }
        if day >= self.targets_since() && day <= self.today {
            for (&target, &secs) in &r.targets {
                *self.targets.entry(target).or_default() += u64::from(secs);
            }
        }
        if let (Some(before), Some(after)) = (r.tightness_before, r.tightness_after) {
            self.rated += 1;
            self.before_sum += u64::from(before);
            self.after_sum += u64::from(after);
            self.keep_rating(key, before, after);
        }
    }

    fn keep_recent(&mut self, r: &Record, key: Key) {
        if self.recent.len() == KEPT && self.recent.back().is_some_and(|(k, _)| *k > key) {
            return;
        }
        let at = self.recent.partition_point(|(k, _)| *k > key);
        self.recent.insert(at, (key, r.clone()));
        self.recent.truncate(KEPT);
    }

    fn keep_rating(&mut self, key: Key, before: u8, after: u8) {
        if self.ratings.len() == RATINGS && self.ratings.front().is_some_and(|(k, ..)| *k > key) {
            return;
        }
        let at = self.ratings.partition_point(|(k, ..)| *k < key);
        self.ratings.insert(at, (key, before, after));
        if self.ratings.len() > RATINGS {
            self.ratings.pop_front();
        }
    }

    pub fn today(&self) -> NaiveDate {
        self.today
    }

    /// Monday of this week.
    pub fn week_start(&self) -> NaiveDate {
        self.today - Days::new(u64::from(self.today.weekday().num_days_from_monday()))
    }

    /// The first day of the [`TARGET_DAYS`] window ending today.
    pub fn targets_since(&self) -> NaiveDate {
        self.today - Days::new(TARGET_DAYS - 1)
    }

    /// The Monday that starts the [`GRID_WEEKS`] of [`Stats::daily_secs`].
    pub fn grid_start(&self) -> NaiveDate {
        self.week_start() - Days::new(7 * (GRID_WEEKS as u64 - 1))
    }

    fn grid_index(&self, day: NaiveDate) -> Option<usize> {
        if day > self.today {
            return None;
        }
        usize::try_from((day - self.grid_start()).num_days()).ok()
    }

    /// Work seconds of the sessions that count for the streak, per local day
    /// from [`Stats::grid_start`] through today (the days after today are not
    /// there): the minutes a day of the history screen's heat map.
    pub fn daily_secs(&self) -> &[u64] {
        let today = self.grid_index(self.today).unwrap_or(0);
        &self.daily[..=today]
    }

    pub fn streak(&self) -> Streak {
        let yesterday = self.today.pred_opt().unwrap_or(self.today);
        let (end, today) = if self.days.contains(&self.today) {
            (self.today, true)
        } else if self.days.contains(&yesterday) {
            (yesterday, false)
        } else {
            return Streak {
                days: 0,
                today: false,
            };
        };
        let mut days = 0;
        for (expected, day) in
            std::iter::successors(Some(end), NaiveDate::pred_opt).zip(self.days.range(..=end).rev())
        {
            if *day != expected {
                break;
            }
            days += 1;
        }
        Streak { days, today }
    }

    /// Whether any day ever counted for a streak (a streak that lapsed, rather
    /// than none yet).
    pub fn ever_streaked(&self) -> bool {
        !self.days.is_empty()
    }

    /// Work seconds this week (Monday to today, local time).
    pub fn week_secs(&self) -> u64 {
        self.week_secs
    }

    /// Work seconds of every session that is not a preview.
    pub fn total_secs(&self) -> u64 {
        self.total_secs
    }

    /// Work seconds per target over the last [`TARGET_DAYS`] days, most first
    /// (ties in [`Target::ALL`] order); targets not worked are left out.
    pub fn targets(&self) -> Vec<(Target, u64)> {
        let mut out: Vec<(Target, u64)> = self
            .targets
            .iter()
            .filter(|(_, secs)| **secs > 0)
            .map(|(&t, &s)| (t, s))
            .collect();
        out.sort_by_key(|&(t, s)| (Reverse(s), t));
        out
    }

    pub fn tightness(&self) -> Option<Tightness> {
        if self.rated == 0 {
            return None;
        }
        let n = f64::from(self.rated);
        Some(Tightness {
            before: to_f64(self.before_sum) / n,
            after: to_f64(self.after_sum) / n,
            sessions: self.rated,
        })
    }

    /// The (before, after) ratings of the last [`RATINGS`] sessions rated both
    /// times, oldest first by start time (previews left out, as in the averages).
    pub fn ratings(&self) -> impl ExactSizeIterator<Item = (u8, u8)> {
        self.ratings
            .iter()
            .map(|&(_, before, after)| (before, after))
    }

    /// Sessions that count (not previews).
    pub fn sessions(&self) -> u64 {
        self.sessions
    }

    pub fn previews(&self) -> u64 {
        self.previews
    }

    /// Every record taken, previews included.
    pub fn records(&self) -> u64 {
        self.sessions + self.previews
    }

    /// The last [`KEPT`] sessions (previews too), newest first by start time.
    pub fn recent(&self) -> impl ExactSizeIterator<Item = &Record> {
        self.recent.iter().map(|(_, r)| r)
    }

    pub fn time_zone(&self) -> &Tz {
        &self.tz
    }
}

/// The seconds of `targets[i..]` for each `i`: what a chart that shows the
/// first `i` targets puts on its "+N more" line.
pub fn tail_sums(targets: &[(Target, u64)]) -> Vec<u64> {
    let mut sums: Vec<u64> = targets
        .iter()
        .rev()
        .scan(0u64, |sum, &(_, secs)| {
            *sum += secs;
            Some(*sum)
        })
        .collect();
    sums.reverse();
    sums
}

/// Sums of ratings (at most 10 a session) stay far below 2^52: exact as f64.
#[allow(clippy::cast_precision_loss)]
fn to_f64(n: u64) -> f64 {
    n as f64
}

#[cfg(test)]
mod tests;
