//! The sessions a plan will ask for from a day to its end: what a calendar of
//! the plan shows (`limber plan ics`). A projection: gates after today are
//! assumed to open on time, and a `PerWeek(N)` prescription is placed on N days
//! spread over its week (the runner may do them any day; a calendar needs one).

use super::model::{Days, Plan};
use super::schedule::{Day, schedule};
use chrono::{Datelike, Days as ChronoDays, NaiveDate};
use std::collections::BTreeMap;

/// One prescribed session on one day; a routine asked twice that day is there
/// twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    pub date: NaiveDate,
    pub routine: String,
}

/// The sessions of a run that started on `on` (its `checkins` so far), from
/// `from` to the plan's end, in date order (within a day, in the order of the
/// phase's prescriptions).
pub fn ahead(
    plan: &Plan,
    on: NaiveDate,
    checkins: &BTreeMap<NaiveDate, u8>,
    today: NaiveDate,
    from: NaiveDate,
) -> Vec<Planned> {
    // Past every phase's weeks with room for gates held so far.
    let days: u64 = plan.phases.iter().map(|p| u64::from(p.days())).sum();
    let held = u64::try_from((today - on).num_days().max(0)).unwrap_or(0);
    let through = on
        .checked_add_days(ChronoDays::new(days + held))
        .unwrap_or(NaiveDate::MAX);
    let run = schedule(plan, on, checkins, today, through);
    let mut out = Vec::new();
    for day in run.days.iter().filter(|d| d.date >= from) {
        let Some(phase) = plan.phases.get(day.phase) else {
            continue;
        };
        for prescription in &phase.sessions {
            let times = match prescription.days {
                Days::PerWeek(n) => {
                    if on_spread_day(n, day) {
                        prescription.times
                    } else {
                        0
                    }
                }
                _ => prescription.asked_on(day.phase_day, day.date.weekday()),
            };
            for _ in 0..times {
                out.push(Planned {
                    date: day.date,
                    routine: prescription.routine.clone(),
                });
            }
        }
    }
    out
}

/// Whether `day` is one of the `n` days a `PerWeek(n)` is placed on in its
/// phase week: spread evenly from the week's first day (3: days 1, 3, 5).
fn on_spread_day(n: u32, day: &Day) -> bool {
    let n = n.clamp(1, 7);
    let within = (day.phase_day - 1) % 7;
    (0..n).any(|i| i * 7 / n == within)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::plan::load::parse_str;

    fn plan() -> Plan {
        parse_str(
            r#"Plan(title: "T", phases: [
                Phase(name: "One", weeks: 1, sessions: [
                    (routine: "a", days: Daily, times: 2),
                    (routine: "b", days: PerWeek(3)),
                ]),
                Phase(name: "Two", weeks: 1, sessions: [
                    (routine: "c", days: EveryOtherDay),
                ]),
            ])"#,
            None,
        )
        .expect("valid plan")
    }

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, day).expect("date")
    }

    #[test]
    fn every_session_to_the_end_with_per_week_ones_spread() {
        let all = ahead(&plan(), d(2), &BTreeMap::new(), d(2), d(2));
        let on = |date: NaiveDate, routine: &str| {
            all.iter()
                .filter(|p| p.date == date && p.routine == routine)
                .count()
        };
        // Week one: `a` twice a day, `b` on days 1, 3 and 5.
        assert_eq!((2..=8).map(|x| on(d(x), "a")).sum::<usize>(), 14);
        let b: Vec<u32> = (2..=8).filter(|&x| on(d(x), "b") == 1).collect();
        assert_eq!(b, [2, 4, 6]);
        // Week two: `c` every other day; then the plan is over.
        let c: Vec<u32> = (9..=20).filter(|&x| on(d(x), "c") == 1).collect();
        assert_eq!(c, [9, 11, 13, 15]);
        assert_eq!(all.len(), 14 + 3 + 4);
        assert!(all.windows(2).all(|w| w[0].date <= w[1].date));
    }

    #[test]
    fn from_a_later_day_only_what_is_left() {
        let all = ahead(&plan(), d(2), &BTreeMap::new(), d(12), d(12));
        let dates: Vec<NaiveDate> = all.iter().map(|p| p.date).collect();
        assert_eq!(dates, [d(13), d(15)]);
    }
}
