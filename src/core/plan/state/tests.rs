//! The state rules with fixed dates and time zones.

use super::*;
use crate::core::plan::model::{Advance, Days, Phase, Prescription, Weekday};
use chrono_tz::Europe::Berlin;
use chrono_tz::Tz;
use std::collections::BTreeMap;

fn date(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

fn presc(routine: &str, days: Days, times: u32) -> Prescription {
    Prescription {
        routine: routine.into(),
        days,
        times,
    }
}

fn phase(name: &str, weeks: u32, advance: Advance, sessions: Vec<Prescription>) -> Phase {
    Phase {
        name: name.into(),
        weeks,
        advance,
        sessions,
    }
}

/// The SPEC's plantar plan, with a gate of 3 check-ins at most 3.
fn plantar() -> Plan {
    Plan {
        title: "Plantar heel pain".into(),
        summary: None,
        author: None,
        caution: None,
        checkin: Some("Heel pain on your first steps".into()),
        stop_above: Some(7),
        phases: vec![
            phase(
                "Settle",
                2,
                Advance::AfterWeeks,
                vec![
                    presc("plantar-stretch", Days::Daily, 3),
                    presc(
                        "calf-stretch",
                        Days::On(vec![Weekday::Mon, Weekday::Wed, Weekday::Fri]),
                        1,
                    ),
                ],
            ),
            phase(
                "Load",
                6,
                Advance::WhenPain {
                    at_most: 3,
                    checkins: 3,
                },
                vec![
                    presc("plantar-stretch", Days::Daily, 2),
                    presc("heel-raise-12", Days::EveryOtherDay, 1),
                    presc("arch-roll", Days::PerWeek(3), 1),
                ],
            ),
        ],
    }
}

fn run(on: &str) -> Run {
    Run {
        plan: "plantar-heel".into(),
        on: date(on),
        at: Berlin
            .from_local_datetime(&date(on).and_hms_opt(7, 0, 0).expect("time"))
            .single()
            .expect("local")
            .fixed_offset(),
        file: None,
        stopped: None,
        checkins: BTreeMap::new(),
    }
}

/// A session that ended at local `when` ("2025-03-10 07:30") in Berlin.
fn ended(when: &str) -> DateTime<FixedOffset> {
    let local = chrono::NaiveDateTime::parse_from_str(when, "%Y-%m-%d %H:%M").expect("time");
    Berlin
        .from_local_datetime(&local)
        .earliest()
        .expect("local time")
        .fixed_offset()
}

fn at<'a>(routine: &'a str, when: &str) -> Session<'a> {
    Session {
        routine,
        ended: ended(when),
    }
}

fn state(plan: &Plan, run: &Run, sessions: &[Session<'_>], today: &str) -> PlanState {
    work_out(plan, run, sessions, date(today), &Berlin, |_| true)
}

fn shown(due: &[Due]) -> Vec<String> {
    due.iter()
        .map(|d| {
            let per = match d.per {
                Per::Day => "day",
                Per::Week => "week",
            };
            format!("{} {}/{} {per}", d.routine, d.done, d.asked)
        })
        .collect()
}

#[test]
fn day_one_asks_for_the_first_phase() {
    // Monday 10 March 2025.
    let s = state(
        &plantar(),
        &run("2025-03-10"),
        &[at("plantar-stretch", "2025-03-10 07:30")],
        "2025-03-10",
    );
    assert_eq!(s.progress, Progress::Active);
    assert_eq!((s.day, s.days, s.phase), (1, 56, 0));
    assert_eq!(
        shown(&s.today),
        ["plantar-stretch 1/3 day", "calf-stretch 0/1 day"]
    );
    // Today's done ones only: 1 of 1 so far.
    assert_eq!(s.adherence, Adherence { done: 1, asked: 1 });
    assert_eq!(
        s.due_now(date("2025-03-10")),
        [("plantar-stretch", 2), ("calf-stretch", 1)]
    );
    assert!(s.warnings.is_empty());
}

#[test]
fn adherence_counts_days_that_are_over_and_todays_done_ones() {
    let sessions = [
        at("plantar-stretch", "2025-03-10 07:30"),
        at("plantar-stretch", "2025-03-10 12:00"),
        at("plantar-stretch", "2025-03-10 20:00"),
        // A fourth on day 1 fills nothing.
        at("plantar-stretch", "2025-03-10 21:00"),
        at("calf-stretch", "2025-03-11 08:00"), // Tuesday: not asked
    ];
    let s = state(&plantar(), &run("2025-03-10"), &sessions, "2025-03-12");
    // Day 1: 3 of 4; day 2: 0 of 3; today: nothing done yet.
    assert_eq!(s.adherence, Adherence { done: 3, asked: 7 });
    assert_eq!(s.calendar[0].done, 3);
    assert_eq!(s.calendar[1].asked, 3);
    assert_eq!(s.day, 3);
    let none = state(&plantar(), &run("2025-03-10"), &[], "2025-03-10");
    assert_eq!(none.adherence.ratio(), None);
}

#[test]
fn a_session_ending_after_midnight_counts_for_the_day_it_ended() {
    // Started 23:55 on day 1, ended 00:10 on day 2.
    let s = state(
        &plantar(),
        &run("2025-03-10"),
        &[at("plantar-stretch", "2025-03-11 00:10")],
        "2025-03-11",
    );
    assert_eq!(shown(&s.today)[0], "plantar-stretch 1/3 day");
    assert_eq!(s.calendar[0].done, 0);
    // The same instant seen from New York is still the day before.
    let ny = work_out(
        &plantar(),
        &run("2025-03-10"),
        &[at("plantar-stretch", "2025-03-11 00:10")],
        date("2025-03-10"),
        &chrono_tz::America::New_York,
        |_| true,
    );
    assert_eq!(shown(&ny.today)[0], "plantar-stretch 1/3 day");
}

#[test]
fn a_plan_across_the_summer_time_change() {
    // Berlin moves to summer time at 02:00 on Sunday 30 March 2025: that day
    // has 23 hours, and the plan days still follow the calendar.
    let sessions = [
        at("plantar-stretch", "2025-03-29 23:30"),
        at("plantar-stretch", "2025-03-30 00:30"),
        at("plantar-stretch", "2025-03-30 03:10"),
        at("plantar-stretch", "2025-03-30 23:59"),
        at("plantar-stretch", "2025-03-31 00:00"),
    ];
    let s = state(&plantar(), &run("2025-03-28"), &sessions, "2025-03-31");
    assert_eq!(s.day, 4);
    let done: Vec<u32> = s.calendar.iter().map(|d| d.done).collect();
    assert_eq!(done, [0, 1, 3, 1]);
    assert_eq!(s.calendar[2].day.date, date("2025-03-30"));
    // And back to winter time on 26 October (a 25-hour day: 02:30 happens twice).
    let autumn = [
        at("plantar-stretch", "2025-10-26 02:30"),
        at("plantar-stretch", "2025-10-26 23:30"),
    ];
    let s = state(&plantar(), &run("2025-10-25"), &autumn, "2025-10-27");
    let done: Vec<u32> = s.calendar.iter().map(|d| d.done).collect();
    assert_eq!(done, [0, 2, 0]);
}

#[test]
fn per_week_fills_after_the_day_and_counts_per_week_of_the_phase() {
    let mut plan = plantar();
    plan.phases.remove(0);
    plan.phases[0].advance = Advance::AfterWeeks;
    let sessions = [
        // Day 1 (Mon): two stretches asked, the third fills nothing; an
        // arch roll fills the week.
        at("plantar-stretch", "2025-03-10 07:00"),
        at("plantar-stretch", "2025-03-10 08:00"),
        at("plantar-stretch", "2025-03-10 09:00"),
        at("arch-roll", "2025-03-10 10:00"),
        at("arch-roll", "2025-03-12 10:00"),
        at("arch-roll", "2025-03-13 10:00"),
        at("arch-roll", "2025-03-14 10:00"), // a fourth in the week fills nothing
        at("arch-roll", "2025-03-17 10:00"), // week 2
    ];
    let s = state(&plan, &run("2025-03-10"), &sessions, "2025-03-17");
    assert_eq!(s.weeks.len(), 2);
    assert_eq!(shown(&s.weeks[0].due), ["arch-roll 3/3 week"]);
    assert!(s.weeks[0].over && !s.weeks[1].over);
    assert_eq!(
        shown(&s.today),
        // Day 8 of the phase: no heel raises on an even day.
        ["plantar-stretch 0/2 day", "arch-roll 1/3 week"]
    );
    // Days 1-7: stretches 2 + 0*6 of 14, heel raises (days 1,3,5,7) 0 of 4;
    // week 1: 3 of 3; today: 1 done in week 2.
    assert_eq!(s.adherence, Adherence { done: 6, asked: 22 });
    // Only what must be done today to finish the week: 2 left, 7 days to go.
    assert_eq!(s.due_now(date("2025-03-17")), [("plantar-stretch", 2)]);
    let sunday = state(&plan, &run("2025-03-10"), &sessions, "2025-03-23");
    assert!(
        sunday
            .due_now(date("2025-03-23"))
            .contains(&("arch-roll", 2))
    );
}

#[test]
fn every_other_day_counts_from_the_phase_start() {
    let s = state(&plantar(), &run("2025-03-10"), &[], "2025-03-25");
    // Day 16 is day 2 of "Load": no heel raises.
    assert_eq!(s.phase, 1);
    assert!(
        !shown(&s.today)
            .iter()
            .any(|d| d.starts_with("heel-raise-12"))
    );
    let s = state(&plantar(), &run("2025-03-10"), &[], "2025-03-24");
    assert!(shown(&s.today).contains(&"heel-raise-12 0/1 day".to_string()));
}

#[test]
fn the_gate_holds_the_phase_and_says_why() {
    let mut r = run("2025-03-10");
    // The plan's 56 days end on 4 May; 5 May is past "Load"'s weeks.
    r.checkins.insert(date("2025-05-03"), 2);
    r.checkins.insert(date("2025-05-04"), 4);
    let s = state(&plantar(), &r, &[], "2025-05-05");
    assert_eq!(s.progress, Progress::Active);
    assert_eq!((s.day, s.days), (57, 57));
    assert_eq!(
        s.warnings,
        [Warning::GateHeld {
            phase: "Load".into(),
            at_most: 3,
            checkins: 3,
            last: vec![2, 4],
        }]
    );
    // Three good mornings: finished the next day.
    r.checkins.insert(date("2025-05-05"), 3);
    r.checkins.insert(date("2025-05-06"), 1);
    r.checkins.insert(date("2025-05-07"), 0);
    let s = state(&plantar(), &r, &[], "2025-05-07");
    assert_eq!(s.progress, Progress::Finished);
    assert_eq!((s.day, s.days), (58, 58));
    assert!(s.today.is_empty());
}

#[test]
fn a_checkin_above_stop_above_warns() {
    let mut r = run("2025-03-10");
    r.checkins.insert(date("2025-03-11"), 8);
    let s = state(&plantar(), &r, &[], "2025-03-12");
    assert_eq!(s.checkin, None);
    assert_eq!(
        s.warnings,
        [Warning::AboveStop {
            value: 8,
            date: date("2025-03-11"),
            stop_above: 7
        }]
    );
    r.checkins.insert(date("2025-03-12"), 7);
    let s = state(&plantar(), &r, &[], "2025-03-12");
    assert_eq!(s.checkin, Some(7));
    assert!(s.warnings.is_empty());
}

#[test]
fn a_deleted_routine_is_named() {
    let s = work_out(
        &plantar(),
        &run("2025-03-10"),
        &[],
        date("2025-03-10"),
        &Berlin,
        |id| id != "heel-raise-12",
    );
    assert_eq!(
        s.warnings,
        [Warning::MissingRoutine {
            routine: "heel-raise-12".into()
        }]
    );
    // It is still asked for: the coach's plan has not changed.
    assert_eq!(shown(&s.today).len(), 2);
}

#[test]
fn a_restart_counts_from_its_own_day_one() {
    // Started on the 10th, started again on the 12th: the sessions of the
    // first run fill nothing of the second.
    let sessions = [
        at("plantar-stretch", "2025-03-11 07:00"),
        at("plantar-stretch", "2025-03-12 07:00"),
    ];
    let s = state(&plantar(), &run("2025-03-12"), &sessions, "2025-03-12");
    assert_eq!(s.day, 1);
    assert_eq!(s.adherence, Adherence { done: 1, asked: 1 });
    assert_eq!(s.calendar.len(), 1);
}

#[test]
fn a_stopped_run_ends_when_it_was_stopped() {
    let mut r = run("2025-03-10");
    r.stopped = Some(ended("2025-03-11 12:00"));
    let sessions = [
        at("plantar-stretch", "2025-03-11 07:00"),
        at("plantar-stretch", "2025-03-11 13:00"),
    ];
    let s = state(&plantar(), &r, &sessions, "2025-03-20");
    assert_eq!(s.calendar.len(), 2);
    assert_eq!(s.calendar[1].done, 1);
}

#[test]
fn upcoming_and_finished() {
    let s = state(&plantar(), &run("2025-03-10"), &[], "2025-03-08");
    assert_eq!((s.progress, s.day, s.days), (Progress::Upcoming, 0, 56));
    assert!(s.today.is_empty());
    let mut plan = plantar();
    plan.phases[1].advance = Advance::AfterWeeks;
    let s = state(&plan, &run("2025-03-10"), &[], "2025-05-04");
    assert_eq!((s.progress, s.day), (Progress::Active, 56));
    let s = state(&plan, &run("2025-03-10"), &[], "2025-05-05");
    assert_eq!((s.progress, s.day, s.days), (Progress::Finished, 56, 56));
}

#[test]
fn a_week_cut_short_by_an_opening_gate_asks_for_its_share() {
    let plan = Plan {
        phases: vec![
            phase(
                "Hold",
                1,
                Advance::WhenPain {
                    at_most: 2,
                    checkins: 1,
                },
                vec![presc("arch-roll", Days::PerWeek(7), 1)],
            ),
            phase(
                "Next",
                1,
                Advance::AfterWeeks,
                vec![presc("calf-stretch", Days::Daily, 1)],
            ),
        ],
        ..plantar()
    };
    let mut r = run("2025-03-10");
    // Held for 2 days past its week, then the gate opens on day 10.
    r.checkins.insert(date("2025-03-19"), 1);
    let s = state(&plan, &r, &[], "2025-03-20");
    assert_eq!(s.phase, 1);
    assert_eq!(s.weeks.len(), 3);
    // Days 8-9: 2 of 7 days of the week, 7 sessions: 2 asked.
    assert_eq!(shown(&s.weeks[1].due), ["arch-roll 0/2 week"]);
    assert!(s.weeks[1].over);
}

#[test]
fn needed_from_is_day_one_or_this_weeks_start() {
    let plan = plantar();
    let r = run("2025-03-10");
    assert_eq!(
        needed_from(&plan, &r, date("2025-03-26"), true),
        date("2025-03-10")
    );
    assert_eq!(
        needed_from(&plan, &r, date("2025-03-26"), false),
        date("2025-03-24")
    );
    assert_eq!(
        needed_from(&plan, &r, date("2025-03-01"), false),
        date("2025-03-10")
    );
    let start = window_start(date("2025-03-30"), &Berlin).expect("a time");
    assert_eq!(start.to_rfc3339(), "2025-03-30T00:00:00+01:00");
    let _: Option<Tz> = None;
}
