//! The numbers of `limber history` on made-up records and pinned dates.

use super::*;
use crate::store::history::Outcome;
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
fn recent_keeps_the_newest_by_start_time() {
    let mut records: Vec<Record> = (1..=15)
        .map(|d| done(&format!("2025-03-{d:02}T07:00:00+01:00")))
        .collect();
    // Recovered later, appended last, but started early.
    records.push(rec("2025-02-01T07:00:00+01:00", Outcome::Interrupted, 10));
    records.swap(3, 14);
    let stats = Stats::of(&records, &fixed("2025-03-16T08:00:00+01:00"));
    let days: Vec<u32> = stats
        .recent()
        .take(RECENT)
        .map(|r| r.started.day())
        .collect();
    assert_eq!(days, [15, 14, 13, 12, 11, 10, 9, 8, 7, 6]);
    assert_eq!(stats.recent().len(), 16);
    assert_eq!(stats.recent().last().map(|r| r.started.month()), Some(2));
}

#[test]
fn recent_is_bounded_and_keeps_the_newest() {
    // Oldest last in the log: every record must still be weighed.
    let records: Vec<Record> = (0..i64::try_from(KEPT + 50).expect("small"))
        .map(|n| {
            let at = fixed("2025-03-16T08:00:00+01:00") - chrono::Duration::hours(n);
            done(&at.to_rfc3339())
        })
        .collect();
    let stats = Stats::of(&records, &fixed("2025-03-16T09:00:00+01:00"));
    assert_eq!(stats.recent().len(), KEPT);
    let first = stats.recent().next().map(|r| r.started);
    assert_eq!(first, Some(fixed("2025-03-16T08:00:00+01:00")));
    let last = stats.recent().last().map(|r| r.started);
    assert_eq!(
        last,
        Some(
            fixed("2025-03-16T08:00:00+01:00")
                - chrono::Duration::hours(i64::try_from(KEPT - 1).expect("small"))
        )
    );
    assert_eq!(stats.records(), KEPT as u64 + 50);
}

#[test]
fn a_session_skipped_through_counts_for_no_streak() {
    let mut half = rec("2025-03-13T07:00:00+01:00", Outcome::Completed, 150);
    half.planned_work_secs = Some(300);
    let mut less = rec("2025-03-14T07:00:00+01:00", Outcome::Completed, 149);
    less.planned_work_secs = Some(300);
    assert!(!half.skipped_through() && half.counts());
    assert!(less.skipped_through() && !less.counts());
    let stats = Stats::of(&[half, less], &fixed("2025-03-14T21:00:00+01:00"));
    // Thursday counts; Friday's skipped-through session does not keep it going
    // today, but the streak is still alive from yesterday.
    assert_eq!(
        stats.streak(),
        Streak {
            days: 1,
            today: false
        }
    );
    // Its minutes are still minutes done.
    assert_eq!(stats.total_secs(), 299);
}

#[test]
fn minutes_a_day_cover_twelve_weeks_through_today() {
    let mut preview = done("2025-03-14T07:00:00+01:00");
    preview.preview = true;
    let mut short = rec("2025-03-14T20:00:00+01:00", Outcome::Completed, 60);
    short.planned_work_secs = Some(60);
    let records = [
        done("2025-03-14T07:00:00+01:00"),
        short,
        // Stopped sessions and previews do not fill the heat map.
        rec("2025-03-13T07:00:00+01:00", Outcome::Stopped, 100),
        preview,
        // The first Monday of the grid, and the Sunday before it (left out).
        done("2024-12-23T07:00:00+01:00"),
        done("2024-12-22T07:00:00+01:00"),
        // After today (a clock that went back): left out.
        done("2025-03-15T07:00:00+01:00"),
    ];
    // Friday 14 March 2025.
    let stats = Stats::of(&records, &fixed("2025-03-14T21:00:00+01:00"));
    assert_eq!(
        stats.grid_start(),
        NaiveDate::from_ymd_opt(2024, 12, 23).expect("date")
    );
    let daily = stats.daily_secs();
    // 11 full weeks, then Monday to Friday.
    assert_eq!(daily.len(), 11 * 7 + 5);
    assert_eq!(daily[0], 300);
    assert_eq!(daily[daily.len() - 1], 360);
    assert_eq!(daily[daily.len() - 2], 0);
    assert_eq!(daily.iter().sum::<u64>(), 660);
    assert!(stats.ever_streaked());
}

#[test]
fn a_lapsed_streak_is_not_no_streak_yet() {
    let stats = Stats::of(
        &[done("2025-01-01T07:00:00+01:00")],
        &fixed("2025-03-14T21:00:00+01:00"),
    );
    assert_eq!(stats.streak().days, 0);
    assert!(stats.ever_streaked());
    let stopped = rec("2025-03-14T07:00:00+01:00", Outcome::Stopped, 100);
    let stats = Stats::of(&[stopped], &fixed("2025-03-14T21:00:00+01:00"));
    assert!(!stats.ever_streaked());
}

#[test]
fn ratings_are_the_last_rated_sessions_oldest_first() {
    let rated = |started: &str, before: u8, after: u8| {
        let mut r = done(started);
        r.tightness_before = Some(before);
        r.tightness_after = Some(after);
        r
    };
    let mut preview = rated("2025-03-13T07:00:00+01:00", 0, 0);
    preview.preview = true;
    let mut only_before = done("2025-03-13T08:00:00+01:00");
    only_before.tightness_before = Some(9);
    let records = [
        rated("2025-03-12T07:00:00+01:00", 7, 3),
        // Recovered late: sorts by its start.
        rated("2025-03-10T07:00:00+01:00", 8, 4),
        preview,
        only_before,
    ];
    let stats = Stats::of(&records, &fixed("2025-03-14T21:00:00+01:00"));
    assert_eq!(stats.ratings().collect::<Vec<_>>(), [(8, 4), (7, 3)]);

    // Bounded: the newest RATINGS, whatever the order in the log.
    let start = fixed("2025-03-14T07:00:00+01:00");
    let mut many: Vec<Record> = (0..RATINGS + 20)
        .map(|n| {
            let at = start - chrono::Duration::minutes(i64::try_from(n).expect("small"));
            rated(&at.to_rfc3339(), u8::try_from(n % 11).expect("small"), 0)
        })
        .collect();
    many.swap(0, RATINGS + 10);
    let stats = Stats::of(&many, &fixed("2025-03-14T21:00:00+01:00"));
    let before: Vec<u8> = stats.ratings().map(|(b, _)| b).collect();
    assert_eq!(before.len(), RATINGS);
    // Newest (n = 0, rated 0) last; oldest kept is n = RATINGS - 1.
    assert_eq!(before.last(), Some(&0));
    assert_eq!(
        before.first(),
        Some(&u8::try_from((RATINGS - 1) % 11).expect("small"))
    );
    assert_eq!(
        stats.tightness().map(|t| t.sessions),
        Some(u32::try_from(RATINGS + 20).expect("small"))
    );
}

#[test]
fn tail_sums_add_up_what_a_chart_leaves_out() {
    let targets = [
        (Target::Quads, 150),
        (Target::Calves, 100),
        (Target::Hamstrings, 50),
    ];
    assert_eq!(tail_sums(&targets), [300, 150, 50]);
    assert!(tail_sums(&[]).is_empty());
}
