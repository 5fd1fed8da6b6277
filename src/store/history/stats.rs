//! The numbers of `limber history` and the history screen, from records, a `now`
//! and a time zone; pure, so tests can pin the date. Previews are left out of
//! every total and of the streak (they still appear among the recent sessions).
//!
//! [`Stats`] takes records one at a time, so a long log never has to be held in
//! memory; [`Stats::of`] is the same over a slice.

use super::{Outcome, Record};
use crate::core::routine::Target;
use chrono::{DateTime, Datelike, Days, NaiveDate, TimeZone};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};

/// How many sessions [`Stats::recent`] keeps.
pub const RECENT: usize = 10;
/// The window of [`Stats::targets`], today included.
pub const TARGET_DAYS: u64 = 30;

/// Days in a row with at least one completed session that is not a preview.
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
    /// Local days with a completed session that is not a preview.
    days: BTreeSet<NaiveDate>,
    week_secs: u64,
    total_secs: u64,
    targets: BTreeMap<Target, u64>,
    rated: u32,
    before_sum: u64,
    after_sum: u64,
    sessions: u64,
    previews: u64,
    /// Newest first: (started, order in the log, record).
    recent: Vec<(DateTime<chrono::FixedOffset>, u64, Record)>,
}

impl<Tz: TimeZone> Stats<Tz> {
    /// Empty stats as of `now`, in `now`'s time zone.
    pub fn new(now: &DateTime<Tz>) -> Stats<Tz> {
        Stats {
            tz: now.timezone(),
            today: now.date_naive(),
            days: BTreeSet::new(),
            week_secs: 0,
            total_secs: 0,
            targets: BTreeMap::new(),
            rated: 0,
            before_sum: 0,
            after_sum: 0,
            sessions: 0,
            previews: 0,
            recent: Vec::with_capacity(RECENT + 1),
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
        let order = self.sessions + self.previews;
        self.keep_recent(r, order);
        if r.preview {
            self.previews += 1;
            return;
        }
        self.sessions += 1;
        let day = self.day_of(r);
        let secs = u64::from(r.work_secs);
        self.total_secs += secs;
        if r.outcome == Outcome::Completed {
            self.days.insert(day);
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
        }
    }

    fn keep_recent(&mut self, r: &Record, order: u64) {
        let key = (r.started, order);
        if self.recent.len() == RECENT && self.recent.last().is_some_and(|(s, o, _)| (*s, *o) > key)
        {
            return;
        }
        let at = self.recent.partition_point(|(s, o, _)| (*s, *o) > key);
        self.recent.insert(at, (r.started, order, r.clone()));
        self.recent.truncate(RECENT);
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

    /// Sessions that count (not previews).
    pub fn sessions(&self) -> u64 {
        self.sessions
    }

    pub fn previews(&self) -> u64 {
        self.previews
    }

    /// The last [`RECENT`] sessions (previews too), newest first by start time.
    pub fn recent(&self) -> impl ExactSizeIterator<Item = &Record> {
        self.recent.iter().map(|(_, _, r)| r)
    }

    pub fn time_zone(&self) -> &Tz {
        &self.tz
    }
}

/// Sums of ratings (at most 10 a session) stay far below 2^52: exact as f64.
#[allow(clippy::cast_precision_loss)]
fn to_f64(n: u64) -> f64 {
    n as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;
    use chrono_tz::Europe::Berlin;

    fn rec(started: &str, outcome: Outcome, work_secs: u32) -> Record {
        let started = DateTime::parse_from_rfc3339(started).expect("valid time");
        let mut r = Record::start("calf-release", "Calf release", 600, 1, started);
        r.outcome = outcome;
        r.work_secs = work_secs;
        r.targets = BTreeMap::from([(Target::Calves, work_secs)]);
        r
    }

    fn done(started: &str) -> Record {
        rec(started, Outcome::Completed, 300)
    }

    fn fixed(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).expect("valid time")
    }

    fn berlin(s: &str) -> DateTime<chrono_tz::Tz> {
        fixed(s).with_timezone(&Berlin)
    }

    #[test]
    fn no_sessions_no_streak() {
        let stats = Stats::of(&[], &fixed("2025-03-16T12:00:00+01:00"));
        assert_eq!(stats.streak().days, 0);
        assert_eq!(stats.week_secs(), 0);
        assert!(stats.targets().is_empty());
        assert!(stats.tightness().is_none());
    }

    #[test]
    fn streak_across_midnight() {
        // 23:50 and 00:10 are two local days, however close.
        let records = [
            done("2025-03-14T23:50:00+01:00"),
            done("2025-03-15T00:10:00+01:00"),
        ];
        let stats = Stats::of(&records, &fixed("2025-03-15T08:00:00+01:00"));
        assert_eq!(
            stats.streak(),
            Streak {
                days: 2,
                today: true
            }
        );
        // Just after midnight, a streak that ended yesterday is still alive...
        let stats = Stats::of(&records, &fixed("2025-03-16T00:05:00+01:00"));
        assert_eq!(
            stats.streak(),
            Streak {
                days: 2,
                today: false
            }
        );
        // ...and gone the day after.
        let stats = Stats::of(&records, &fixed("2025-03-17T00:05:00+01:00"));
        assert_eq!(stats.streak().days, 0);
    }

    #[test]
    fn streak_days_are_local_days_not_utc_days() {
        // 00:30 in Berlin is the evening before in UTC.
        let records = [done("2025-03-13T23:30:00Z"), done("2025-03-14T23:30:00Z")];
        let in_berlin = Stats::of(&records, &berlin("2025-03-15T12:00:00+01:00"));
        assert_eq!(
            in_berlin.streak(),
            Streak {
                days: 2,
                today: true
            }
        );
        let in_utc = Stats::of(&records, &fixed("2025-03-15T12:00:00+00:00"));
        assert_eq!(
            in_utc.streak(),
            Streak {
                days: 2,
                today: false
            }
        );
    }

    #[test]
    fn streak_across_a_dst_change() {
        // Berlin springs forward on Sunday 30 March 2025 (02:00 -> 03:00): that day
        // has 23 hours. Sessions at 23:30 local each evening, written with the
        // offset in force then (+01:00 before, +02:00 after).
        let records = [
            done("2025-03-28T23:30:00+01:00"),
            done("2025-03-29T23:30:00+01:00"),
            done("2025-03-30T23:30:00+02:00"),
            done("2025-03-31T23:30:00+02:00"),
        ];
        let now = berlin("2025-03-31T23:45:00+02:00");
        let stats = Stats::of(&records, &now);
        assert_eq!(
            stats.streak(),
            Streak {
                days: 4,
                today: true
            }
        );
        // And back in autumn (26 October 2025, 03:00 -> 02:00, a 25-hour day):
        // 00:30 and 23:30 of that day are one day, the next day another.
        let records = [
            done("2025-10-25T00:30:00+02:00"),
            done("2025-10-26T00:30:00+02:00"),
            done("2025-10-26T23:30:00+01:00"),
            done("2025-10-27T00:30:00+01:00"),
        ];
        let stats = Stats::of(&records, &berlin("2025-10-27T09:00:00+01:00"));
        assert_eq!(
            stats.streak(),
            Streak {
                days: 3,
                today: true
            }
        );
    }

    #[test]
    fn a_missed_day_breaks_the_streak() {
        let records = [
            done("2025-03-10T07:00:00+01:00"),
            done("2025-03-11T07:00:00+01:00"),
            // nothing on the 12th
            done("2025-03-13T07:00:00+01:00"),
            done("2025-03-14T07:00:00+01:00"),
        ];
        let stats = Stats::of(&records, &fixed("2025-03-14T20:00:00+01:00"));
        assert_eq!(
            stats.streak(),
            Streak {
                days: 2,
                today: true
            }
        );
    }

    #[test]
    fn only_completed_sessions_that_are_not_previews_make_a_streak() {
        let mut preview = done("2025-03-13T07:00:00+01:00");
        preview.preview = true;
        let records = [
            done("2025-03-11T07:00:00+01:00"),
            rec("2025-03-12T07:00:00+01:00", Outcome::Stopped, 100),
            preview,
            rec("2025-03-14T07:00:00+01:00", Outcome::Interrupted, 100),
            done("2025-03-14T20:00:00+01:00"),
        ];
        let stats = Stats::of(&records, &fixed("2025-03-14T21:00:00+01:00"));
        assert_eq!(
            stats.streak(),
            Streak {
                days: 1,
                today: true
            }
        );
        // The stopped and interrupted sessions' minutes still count; the preview's don't.
        assert_eq!(stats.total_secs(), 300 + 100 + 100 + 300);
        assert_eq!(stats.sessions(), 4);
        assert_eq!(stats.previews(), 1);
        assert_eq!(stats.recent().len(), 5);
    }

    #[test]
    fn this_week_runs_monday_to_today_in_local_time() {
        // Monday 10 March 2025, 00:30 in Berlin is Sunday 23:30 in UTC.
        let mut preview = rec("2025-03-12T07:00:00+01:00", Outcome::Completed, 999);
        preview.preview = true;
        let records = [
            rec("2025-03-09T23:30:00Z", Outcome::Completed, 60), // Sun in UTC, Mon in Berlin
            rec("2025-03-09T20:00:00+01:00", Outcome::Completed, 1000), // last week
            rec("2025-03-12T07:00:00+01:00", Outcome::Stopped, 120),
            preview,
        ];
        let stats = Stats::of(&records, &berlin("2025-03-16T22:00:00+01:00"));
        assert_eq!(
            stats.week_start(),
            NaiveDate::from_ymd_opt(2025, 3, 10).expect("date")
        );
        assert_eq!(stats.week_secs(), 180);
        let stats = Stats::of(&records, &fixed("2025-03-16T22:00:00+00:00"));
        assert_eq!(stats.week_secs(), 120);
    }

    #[test]
    fn targets_cover_the_last_30_days_most_first() {
        let mut both = rec("2025-03-16T07:00:00+01:00", Outcome::Completed, 200);
        both.targets = BTreeMap::from([(Target::Hamstrings, 50), (Target::Quads, 150)]);
        let records = [
            rec("2025-02-14T07:00:00+01:00", Outcome::Completed, 5000), // day 31: out
            rec("2025-02-15T07:00:00+01:00", Outcome::Completed, 100),  // day 30: in
            both,
        ];
        let stats = Stats::of(&records, &fixed("2025-03-16T08:00:00+01:00"));
        assert_eq!(
            stats.targets(),
            [
                (Target::Quads, 150),
                (Target::Calves, 100),
                (Target::Hamstrings, 50)
            ]
        );
    }

    #[test]
    fn tightness_averages_sessions_rated_both_times() {
        let mut a = done("2025-03-14T07:00:00+01:00");
        a.tightness_before = Some(7);
        a.tightness_after = Some(3);
        let mut b = done("2025-03-15T07:00:00+01:00");
        b.tightness_before = Some(6);
        b.tightness_after = Some(4);
        let mut only_before = done("2025-03-16T07:00:00+01:00");
        only_before.tightness_before = Some(10);
        let mut preview = b.clone();
        preview.preview = true;
        preview.tightness_before = Some(0);
        let stats = Stats::of(
            &[a, b, only_before, preview],
            &fixed("2025-03-16T08:00:00+01:00"),
        );
        let t = stats.tightness().expect("rated");
        assert_eq!(t.sessions, 2);
        assert!((t.before - 6.5).abs() < 1e-9 && (t.after - 3.5).abs() < 1e-9);
    }

    #[test]
    fn recent_keeps_the_ten_newest_by_start_time() {
        let mut records: Vec<Record> = (1..=15)
            .map(|d| done(&format!("2025-03-{d:02}T07:00:00+01:00")))
            .collect();
        // Recovered later, appended last, but started early.
        records.push(rec("2025-02-01T07:00:00+01:00", Outcome::Interrupted, 10));
        records.swap(3, 14);
        let stats = Stats::of(&records, &fixed("2025-03-16T08:00:00+01:00"));
        let days: Vec<u32> = stats.recent().map(|r| r.started.day()).collect();
        assert_eq!(days, [15, 14, 13, 12, 11, 10, 9, 8, 7, 6]);
    }
}
