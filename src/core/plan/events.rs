//! What a runner did with plans, as `plans.jsonl` keeps it (SPEC section 8):
//! start, stop and check-in events. Everything else about a plan is worked out
//! from these, the plan file and the history; nothing is stored twice.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One line of `plans.jsonl`. Fields a later version adds are ignored on read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "lowercase")]
pub enum Event {
    Start {
        plan: String,
        /// The plan's day 1 (a local date).
        on: NaiveDate,
        at: DateTime<FixedOffset>,
        /// The plan file, for a plan started from a path rather than by id.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        file: Option<String>,
    },
    Stop {
        plan: String,
        at: DateTime<FixedOffset>,
    },
    Checkin {
        plan: String,
        date: NaiveDate,
        value: u8,
        at: DateTime<FixedOffset>,
    },
}

impl Event {
    pub fn plan(&self) -> &str {
        match self {
            Event::Start { plan, .. } | Event::Stop { plan, .. } | Event::Checkin { plan, .. } => {
                plan
            }
        }
    }
}

/// One run of a plan: from a start to the next start or stop of that plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub plan: String,
    pub on: NaiveDate,
    pub at: DateTime<FixedOffset>,
    pub file: Option<String>,
    pub stopped: Option<DateTime<FixedOffset>>,
    /// Check-ins during the run, one a day: the last of a day counts.
    pub checkins: BTreeMap<NaiveDate, u8>,
}

impl Run {
    pub fn active(&self) -> bool {
        self.stopped.is_none()
    }

    /// The latest check-in of the run.
    pub fn last_checkin(&self) -> Option<(NaiveDate, u8)> {
        self.checkins.iter().next_back().map(|(d, v)| (*d, *v))
    }
}

/// Every run, in the order they started. Starting a plan again ends its run
/// before (a restart); a check-in goes to the plan's run at the time, and is
/// dropped when there is none or when it is dated before the run's day 1.
pub fn runs(events: &[Event]) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    // The index in `out` of each plan's open run.
    let mut open: BTreeMap<&str, usize> = BTreeMap::new();
    for event in events {
        match event {
            Event::Start { plan, on, at, file } => {
                if let Some(i) = open.remove(plan.as_str()) {
                    out[i].stopped = Some(*at);
                }
                open.insert(plan, out.len());
                out.push(Run {
                    plan: plan.clone(),
                    on: *on,
                    at: *at,
                    file: file.clone(),
                    stopped: None,
                    checkins: BTreeMap::new(),
                });
            }
            Event::Stop { plan, at } => {
                if let Some(i) = open.remove(plan.as_str()) {
                    out[i].stopped = Some(*at);
                }
            }
            Event::Checkin {
                plan, date, value, ..
            } => {
                if let Some(&i) = open.get(plan.as_str())
                    && *date >= out[i].on
                {
                    out[i].checkins.insert(*date, *value);
                }
            }
        }
    }
    out
}

/// The runs going on now, in the order they started.
pub fn active(events: &[Event]) -> Vec<Run> {
    runs(events).into_iter().filter(Run::active).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).expect("time")
    }

    fn date(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    #[test]
    fn the_json_lines_of_the_spec() {
        let start = Event::Start {
            plan: "plantar-heel".into(),
            on: date("2025-03-10"),
            at: at("2025-03-10T07:00:00+01:00"),
            file: None,
        };
        assert_eq!(
            serde_json::to_string(&start).expect("json"),
            r#"{"event":"start","plan":"plantar-heel","on":"2025-03-10","at":"2025-03-10T07:00:00+01:00"}"#
        );
        let checkin: Event = serde_json::from_str(
            r#"{"event":"checkin","plan":"p","date":"2025-03-11","value":4,"at":"2025-03-11T07:00:00+01:00","later":1}"#,
        )
        .expect("parse");
        assert_eq!(checkin.plan(), "p");
    }

    #[test]
    fn restarts_stops_and_checkins() {
        let start = |plan: &str, on: &str| Event::Start {
            plan: plan.into(),
            on: date(on),
            at: at(&format!("{on}T08:00:00+01:00")),
            file: None,
        };
        let checkin = |plan: &str, d: &str, value| Event::Checkin {
            plan: plan.into(),
            date: date(d),
            value,
            at: at(&format!("{d}T07:00:00+01:00")),
        };
        let events = [
            checkin("a", "2025-03-01", 9), // before any start: dropped
            start("a", "2025-03-02"),
            checkin("a", "2025-03-03", 5),
            checkin("a", "2025-03-03", 2), // the last of the day counts
            start("b", "2025-03-03"),
            start("a", "2025-03-05"),      // a restart
            checkin("a", "2025-03-04", 1), // before the new day 1: dropped
            checkin("a", "2025-03-05", 3),
            Event::Stop {
                plan: "b".into(),
                at: at("2025-03-06T08:00:00+01:00"),
            },
        ];
        let all = runs(&events);
        assert_eq!(all.len(), 3);
        assert_eq!(all[0].checkins.values().copied().collect::<Vec<_>>(), [2]);
        assert_eq!(all[0].stopped, Some(at("2025-03-05T08:00:00+01:00")));
        let now = active(&events);
        assert_eq!(now.len(), 1);
        assert_eq!(now[0].on, date("2025-03-05"));
        assert_eq!(now[0].last_checkin(), Some((date("2025-03-05"), 3)));
    }
}
