//! Which phase each day of a plan's run is in. Phases follow each other, each
//! `weeks` long; a phase with a pain gate goes on past its weeks, a day at a
//! time, until the last check-ins allow the next (SPEC section 8).
//!
//! A gate is decided on each day with the check-ins dated up to that day, so a
//! morning check-in can open it the same day. Days after `today` have no
//! check-ins yet: a gate there is assumed to open on time (a projection, for a
//! calendar of the plan).

use super::model::{Advance, Plan};
use chrono::{Days, NaiveDate};
use std::collections::BTreeMap;

/// One day of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day {
    pub date: NaiveDate,
    /// The plan day, from 1.
    pub number: u32,
    /// Index into the plan's phases.
    pub phase: usize,
    /// The day of the phase, from 1.
    pub phase_day: u32,
    /// Past the phase's weeks, held back by its gate.
    pub held: bool,
}

impl Day {
    /// The week of the phase (from 0) the day is in: what `PerWeek` counts over.
    pub fn phase_week(&self) -> u32 {
        (self.phase_day - 1) / 7
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    /// From day 1 through the last day asked for, or the plan's last day.
    pub days: Vec<Day>,
    /// The plan's last day, when it falls within the days worked out.
    pub last: Option<NaiveDate>,
}

/// The days of a run that started on `on`, through `through`, deciding gates
/// with `checkins` (date -> answer) up to `today`.
pub fn schedule(
    plan: &Plan,
    on: NaiveDate,
    checkins: &BTreeMap<NaiveDate, u8>,
    today: NaiveDate,
    through: NaiveDate,
) -> Schedule {
    let mut days = Vec::new();
    let mut phase = 0;
    let mut phase_day = 1;
    let mut date = on;
    let mut number = 1;
    while date <= through {
        let Some(current) = plan.phases.get(phase) else {
            break;
        };
        let mut held = false;
        if phase_day > current.days() {
            if date <= today && !gate_open(current.advance, checkins, date) {
                held = true;
            } else {
                phase += 1;
                phase_day = 1;
                if phase >= plan.phases.len() {
                    break;
                }
                continue;
            }
        }
        days.push(Day {
            date,
            number,
            phase,
            phase_day,
            held,
        });
        phase_day += 1;
        number += 1;
        let Some(next) = date.checked_add_days(Days::new(1)) else {
            break;
        };
        date = next;
    }
    let last = (phase >= plan.phases.len())
        .then(|| days.last().map(|d| d.date))
        .flatten();
    Schedule { days, last }
}

/// Whether a phase past its weeks gives way on `date`.
pub fn gate_open(advance: Advance, checkins: &BTreeMap<NaiveDate, u8>, date: NaiveDate) -> bool {
    match advance {
        Advance::AfterWeeks => true,
        Advance::WhenPain {
            at_most,
            checkins: count,
        } => {
            let last = last_checkins(checkins, date, count);
            last.len() == count as usize && last.iter().all(|&v| u32::from(v) <= at_most)
        }
    }
}

/// The last `count` check-ins dated on or before `date`, oldest first.
pub fn last_checkins(checkins: &BTreeMap<NaiveDate, u8>, date: NaiveDate, count: u32) -> Vec<u8> {
    let mut last: Vec<u8> = checkins
        .range(..=date)
        .rev()
        .take(count as usize)
        .map(|(_, v)| *v)
        .collect();
    last.reverse();
    last
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::plan::model::{Days as On, Phase, Prescription};

    fn date(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    fn phase(name: &str, weeks: u32, advance: Advance) -> Phase {
        Phase {
            name: name.into(),
            weeks,
            advance,
            sessions: vec![Prescription {
                routine: "r".into(),
                days: On::Daily,
                times: 1,
            }],
        }
    }

    fn plan(phases: Vec<Phase>) -> Plan {
        Plan {
            title: "t".into(),
            summary: None,
            author: None,
            caution: None,
            checkin: Some("pain".into()),
            stop_above: None,
            phases,
        }
    }

    const GATE: Advance = Advance::WhenPain {
        at_most: 3,
        checkins: 2,
    };

    #[test]
    fn phases_follow_each_other_and_the_plan_ends() {
        let p = plan(vec![
            phase("a", 1, Advance::AfterWeeks),
            phase("b", 2, Advance::AfterWeeks),
        ]);
        let on = date("2025-03-01");
        let s = schedule(
            &p,
            on,
            &BTreeMap::new(),
            date("2025-12-01"),
            date("2025-12-01"),
        );
        assert_eq!(s.days.len(), 21);
        assert_eq!(s.last, Some(date("2025-03-21")));
        assert_eq!((s.days[6].phase, s.days[6].phase_day), (0, 7));
        assert_eq!((s.days[7].phase, s.days[7].phase_day), (1, 1));
        assert_eq!(s.days[20].phase_week(), 1);
        let part = schedule(&p, on, &BTreeMap::new(), on, on);
        assert_eq!((part.days.len(), part.last), (1, None));
    }

    #[test]
    fn a_gate_holds_the_phase_until_the_last_checkins_allow() {
        let p = plan(vec![
            phase("a", 1, GATE),
            phase("b", 1, Advance::AfterWeeks),
        ]);
        let on = date("2025-03-01");
        let mut checkins = BTreeMap::new();
        checkins.insert(date("2025-03-07"), 2);
        checkins.insert(date("2025-03-08"), 5); // day 8: too much, held
        let today = date("2025-03-10");
        let s = schedule(&p, on, &checkins, today, today);
        assert!(s.days[7].held && s.days[9].held, "{:?}", s.days);
        assert_eq!(s.days[9].phase, 0);
        // Two good mornings: on the second the next phase starts.
        checkins.insert(date("2025-03-09"), 3);
        checkins.insert(date("2025-03-10"), 1);
        let s = schedule(&p, on, &checkins, today, today);
        assert!(s.days[8].held);
        assert_eq!(
            (s.days[9].phase, s.days[9].phase_day, s.days[9].held),
            (1, 1, false)
        );
        // Beyond today a gate is assumed to open on time.
        let ahead = schedule(&p, on, &BTreeMap::new(), on, date("2025-04-01"));
        assert_eq!(ahead.days.len(), 14);
    }
}
