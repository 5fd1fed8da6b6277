//! The report's numbers at fixed dates in Berlin (CET, CEST from 30 March 2025,
//! 02:00): weeks, the DST week, previews, done, tightness and skipped steps.

use super::*;
use crate::store::history::Outcome;
use chrono::{DateTime, FixedOffset};
use chrono_tz::Europe::Berlin;

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).expect("valid time")
}

fn date(s: &str) -> NaiveDate {
    s.parse().expect("valid date")
}

/// A completed 5-minute session of `routine` that ended at `ended`.
fn session(routine: &str, ended: &str) -> Record {
    let ended = at(ended);
    let mut r = Record::start(
        routine,
        routine,
        300,
        1,
        ended - chrono::Duration::minutes(5),
    );
    r.ended = ended;
    r.outcome = Outcome::Completed;
    r.work_secs = 300;
    r.targets = BTreeMap::from([(Target::Calves, 300)]);
    r
}

/// Monday 31 March 2025, the day after the switch to summer time.
const TODAY: &str = "2025-03-31";

fn report(records: &[Record], since: Option<&str>) -> ReportData {
    ReportData::from_history(records, &Berlin, date(TODAY), since.map(date))
}

fn week<'a>(data: &'a ReportData, monday: &str) -> &'a WeekRow {
    data.weeks
        .iter()
        .find(|w| w.start == date(monday))
        .unwrap_or_else(|| panic!("no week of {monday} in {:?}", data.weeks))
}

#[test]
fn weeks_run_monday_to_sunday_in_local_time() {
    let records = [
        // Sunday 23 March 23:59 in Berlin (CET).
        session("a", "2025-03-23T22:59:00Z"),
        // Monday 24 March 00:10 in Berlin, still Sunday in UTC.
        session("b", "2025-03-23T23:10:00Z"),
    ];
    let data = report(&records, None);
    let mondays: Vec<NaiveDate> = data.weeks.iter().map(|w| w.start).collect();
    assert_eq!(
        mondays,
        [date("2025-03-17"), date("2025-03-24"), date("2025-03-31")]
    );
    assert_eq!(week(&data, "2025-03-17").sessions, 1);
    assert_eq!(week(&data, "2025-03-24").sessions, 1);
    assert_eq!(week(&data, "2025-03-31").sessions, 0);
}

#[test]
fn the_dst_week_keeps_its_days_and_a_session_counts_for_the_day_it_ended() {
    let records = [
        // Sunday 30 March, 01:30 CET, before the switch.
        session("a", "2025-03-30T01:30:00+01:00"),
        // Sunday 30 March, 23:55 CEST.
        session("b", "2025-03-30T21:55:00Z"),
        // Started Sunday 23:50, ended Monday 31 March 00:10 CEST: Monday's.
        session("c", "2025-03-30T22:10:00Z"),
    ];
    let data = report(&records, None);
    assert_eq!(week(&data, "2025-03-24").sessions, 2);
    assert_eq!(week(&data, "2025-03-31").sessions, 1);
    assert_eq!(data.weeks.len(), 2);
    assert_eq!(data.period.from, date("2025-03-24"));
    assert_eq!(data.period.to, date(TODAY));
}

#[test]
fn previews_are_left_out_of_everything_but_their_count() {
    let mut preview = session("p", "2025-03-26T07:00:00+01:00");
    preview.preview = true;
    preview.speed = 10;
    preview.skipped = vec!["Toe raises".into()];
    preview.tightness_before = Some(9);
    preview.tightness_after = Some(1);
    let data = report(&[preview], None);
    assert_eq!(data.previews, 1);
    assert_eq!((data.sessions, data.done, data.work_secs), (0, 0, 0));
    assert!(data.targets.is_empty());
    assert!(data.skipped.is_empty());
    assert!(data.tightness.is_empty());
    assert!(data.weeks.iter().all(|w| w.sessions == 0));
    assert!(data.is_empty());
}

#[test]
fn done_is_the_one_rule_of_record_counts() {
    let done = session("done", "2025-03-25T07:00:00+01:00");
    let mut stopped = session("stopped", "2025-03-25T08:00:00+01:00");
    stopped.outcome = Outcome::Stopped;
    let mut skipped_through = session("skimmed", "2025-03-25T09:00:00+01:00");
    skipped_through.work_secs = 100;
    let data = report(&[done, stopped, skipped_through], None);
    let w = week(&data, "2025-03-24");
    assert_eq!((w.sessions, w.done, w.work_secs), (3, 1, 700));
    assert_eq!((data.sessions, data.done, data.work_secs), (3, 1, 700));
}

#[test]
fn skipped_steps_are_counted_most_first_then_by_name() {
    let mut records = Vec::new();
    for (i, names) in [
        vec!["Toe raises", "Wall calf stretch"],
        vec!["Toe raises"],
        vec!["Seated fold", "Wall calf stretch", "Toe raises"],
    ]
    .into_iter()
    .enumerate()
    {
        let mut r = session("a", &format!("2025-03-2{}T07:00:00+01:00", i + 4));
        r.outcome = Outcome::Stopped;
        r.skipped = names.into_iter().map(String::from).collect();
        records.push(r);
    }
    let many = (0..15).map(|i| {
        let mut r = session("b", "2025-03-20T07:00:00+01:00");
        r.skipped = vec![format!("Step {i:02}")];
        r
    });
    records.extend(many);
    let data = report(&records, None);
    assert_eq!(data.skipped.len(), SKIPPED_SHOWN);
    assert_eq!(
        data.skipped[..4],
        [
            ("Toe raises".to_owned(), 3),
            ("Wall calf stretch".to_owned(), 2),
            ("Seated fold".to_owned(), 1),
            ("Step 00".to_owned(), 1),
        ]
    );
}

#[test]
fn the_default_window_is_twelve_weeks_at_most_and_since_is_kept_as_asked() {
    let old = session("old", "2024-12-02T07:00:00+01:00");
    let early = session("early", "2025-01-15T07:00:00+01:00");
    let recent = session("recent", "2025-03-25T07:00:00+01:00");
    let records = [old, early, recent];

    let data = report(&records, None);
    assert_eq!(data.weeks.len(), 12);
    assert_eq!(data.period.from, date("2025-01-13"));
    assert!(!data.period.since);
    assert_eq!(data.sessions, 2, "the old session is outside the window");
    // A younger history starts at its first session's week.
    let data = report(&records[2..], None);
    assert_eq!(data.period.from, date("2025-03-24"));
    assert_eq!(data.weeks.len(), 2);

    let data = report(&records, Some("2024-12-02"));
    assert_eq!(data.sessions, 3);
    assert_eq!(data.period.from, date("2024-12-02"));
    assert!(data.period.since);
    assert_eq!(
        data.weeks.first().map(|w| w.start),
        Some(date("2024-12-02"))
    );
    assert_eq!(data.weeks.len(), 18, "every week, the empty ones too");

    // A Wednesday: its week is shown from Monday, but only days from Wednesday count.
    let data = report(&records, Some("2025-03-26"));
    assert_eq!(data.sessions, 0);
    assert_eq!(data.weeks.len(), 2);
    assert_eq!(data.period.from, date("2025-03-26"));

    // Sessions after today (a clock set wrong) are not in the period.
    let future = session("future", "2025-04-02T07:00:00+02:00");
    assert_eq!(report(&[future], None).sessions, 0);
}

#[test]
fn tightness_per_week_and_per_session_oldest_first() {
    let mut rated = Vec::new();
    for (ended, before, after) in [
        ("2025-03-26T07:00:00+01:00", 8, 5),
        ("2025-03-25T07:00:00+01:00", 6, 2),
        ("2025-03-31T07:00:00+02:00", 5, 2),
    ] {
        let mut r = session("a", ended);
        r.tightness_before = Some(before);
        r.tightness_after = Some(after);
        rated.push(r);
    }
    let mut only_before = session("b", "2025-03-27T07:00:00+01:00");
    only_before.tightness_before = Some(9);
    rated.push(only_before);
    let data = report(&rated, None);
    assert_eq!(week(&data, "2025-03-24").tightness, Some((7.0, 3.5)));
    assert_eq!(week(&data, "2025-03-31").tightness, Some((5.0, 2.0)));
    let points: Vec<(NaiveDate, u8, u8)> = data
        .tightness
        .iter()
        .map(|r| (r.date, r.before, r.after))
        .collect();
    assert_eq!(
        points,
        [
            (date("2025-03-25"), 6, 2),
            (date("2025-03-26"), 8, 5),
            (date("2025-03-31"), 5, 2),
        ]
    );
    assert_eq!(data.rated, 3);
    assert_eq!(data.tightness_average, Some((19.0 / 3.0, 3.0)));
}

#[test]
fn only_the_newest_ratings_are_kept() {
    let records: Vec<Record> = (0..RATINGS_SHOWN + 5)
        .map(|i| {
            let day = date("2025-01-20") + Days::new(u64::try_from(i).expect("small"));
            let mut r = session("a", &format!("{day}T07:00:00+01:00"));
            r.tightness_before = Some(5);
            r.tightness_after = Some(3);
            r
        })
        .collect();
    let data = report(&records, Some("2025-01-01"));
    assert_eq!(data.tightness.len(), RATINGS_SHOWN);
    assert_eq!(data.rated as usize, RATINGS_SHOWN + 5);
    assert_eq!(data.tightness[0].date, date("2025-01-25"));
}

#[test]
fn targets_most_first_and_plans_join_in_one_call() {
    let mut a = session("a", "2025-03-25T07:00:00+01:00");
    a.targets = BTreeMap::from([(Target::Hamstrings, 100), (Target::Calves, 200)]);
    let mut b = session("b", "2025-03-26T07:00:00+01:00");
    b.targets = BTreeMap::from([(Target::Hamstrings, 150), (Target::Glutes, 0)]);
    let data = report(&[a, b], None);
    assert_eq!(
        data.targets,
        [(Target::Hamstrings, 250), (Target::Calves, 200)]
    );
    assert!(data.plans.is_empty());
    let plan = PlanReport {
        id: "plantar-heel".into(),
        title: "Plantar heel pain".into(),
        started: date("2025-03-24"),
        weeks: vec![PlanWeek {
            number: 1,
            start: date("2025-03-24"),
            asked: 4,
            done: 3,
        }],
        adherence: Some(0.75),
        checkin_question: None,
        checkins: Vec::new(),
        warning: None,
    };
    assert_eq!(plan.weeks[0].adherence(), Some(0.75));
    let data = data.with_plans(vec![plan.clone()]);
    assert_eq!(data.plans, [plan]);
}
