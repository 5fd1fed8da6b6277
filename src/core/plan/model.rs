//! The serde types of a plan file (SPEC section 8).
//!
//! Field and variant names here are the file format: renaming one breaks every
//! coach's plans, so they are spelled out rather than derived.

use chrono::Weekday as ChronoWeekday;
use serde::{Deserialize, Serialize};

/// One plan, as written in a `.ron` file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub title: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub caution: Option<String>,
    /// The question asked once a day, answered 0-10.
    #[serde(default)]
    pub checkin: Option<String>,
    /// A check-in above this says to pause the plan and get advice.
    #[serde(default)]
    pub stop_above: Option<u32>,
    pub phases: Vec<Phase>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    pub name: String,
    pub weeks: u32,
    #[serde(default)]
    pub advance: Advance,
    pub sessions: Vec<Prescription>,
}

/// One line of a phase's `sessions`: a routine, on which days, how many times.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Prescription {
    pub routine: String,
    pub days: Days,
    /// Times a day it is asked for; for `PerWeek(N)`, each of the N counts this often.
    #[serde(default = "one")]
    pub times: u32,
}

fn one() -> u32 {
    1
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub enum Days {
    Daily,
    /// Days 1, 3, 5... of the phase.
    EveryOtherDay,
    On(Vec<Weekday>),
    /// N sessions on any days of the week.
    PerWeek(u32),
}

/// When a phase gives way to the next.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub enum Advance {
    /// When its weeks are over.
    #[default]
    AfterWeeks,
    /// When its weeks are over and the last `checkins` check-ins are all <= `at_most`.
    WhenPain { at_most: u32, checkins: u32 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    pub fn chrono(self) -> ChronoWeekday {
        match self {
            Weekday::Mon => ChronoWeekday::Mon,
            Weekday::Tue => ChronoWeekday::Tue,
            Weekday::Wed => ChronoWeekday::Wed,
            Weekday::Thu => ChronoWeekday::Thu,
            Weekday::Fri => ChronoWeekday::Fri,
            Weekday::Sat => ChronoWeekday::Sat,
            Weekday::Sun => ChronoWeekday::Sun,
        }
    }

    /// The name as files write it (`Mon`).
    pub fn name(self) -> &'static str {
        match self {
            Weekday::Mon => "Mon",
            Weekday::Tue => "Tue",
            Weekday::Wed => "Wed",
            Weekday::Thu => "Thu",
            Weekday::Fri => "Fri",
            Weekday::Sat => "Sat",
            Weekday::Sun => "Sun",
        }
    }
}

impl Plan {
    /// The plan's length without any phase held back by its pain gate.
    pub fn nominal_days(&self) -> u32 {
        self.phases.iter().map(Phase::days).sum()
    }

    /// Whether any phase waits for check-ins.
    pub fn has_gate(&self) -> bool {
        self.phases
            .iter()
            .any(|p| matches!(p.advance, Advance::WhenPain { .. }))
    }

    /// Every routine id the plan names, once each, in order.
    pub fn routines(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for id in self
            .phases
            .iter()
            .flat_map(|p| &p.sessions)
            .map(|s| s.routine.as_str())
        {
            if !out.contains(&id) {
                out.push(id);
            }
        }
        out
    }
}

impl Phase {
    /// Its length as written (a gate may hold it longer).
    pub fn days(&self) -> u32 {
        self.weeks.saturating_mul(7)
    }
}

impl Prescription {
    /// How many times it is asked for on day `phase_day` (1-based) of its phase,
    /// a `weekday`; `PerWeek` ones are asked per week, not per day: 0 here.
    pub fn asked_on(&self, phase_day: u32, weekday: ChronoWeekday) -> u32 {
        let on = match &self.days {
            Days::Daily => true,
            Days::EveryOtherDay => phase_day % 2 == 1,
            Days::On(days) => days.iter().any(|d| d.chrono() == weekday),
            Days::PerWeek(_) => false,
        };
        if on { self.times } else { 0 }
    }

    /// How many times it is asked for in a whole week, for `PerWeek`.
    pub fn per_week(&self) -> Option<u32> {
        match self.days {
            Days::PerWeek(n) => Some(n.saturating_mul(self.times)),
            _ => None,
        }
    }
}
