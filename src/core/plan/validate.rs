//! The rules of SPEC section 8 that a parser cannot check: ranges, texts, the
//! routines a plan names, and a check-in question for a pain gate. Every
//! problem is collected, each with the path of the value it is about
//! (`phases[1].sessions[0].routine`), so the loader can point at it.

use super::model::{Advance, Days, Phase, Plan, Prescription};
use crate::core::routine::suggest::closest;
pub use crate::core::routine::validate::Problem;
use crate::core::routine::validate::{
    AUTHOR_MAX_CHARS, CAUTION_MAX_CHARS, NAME_CHARS, SUMMARY_MAX_CHARS, TITLE_CHARS, Validator,
};
use crate::text::clean;
use std::ops::RangeInclusive;

pub const CHECKIN_MAX_CHARS: usize = 80;
pub const STOP_ABOVE: RangeInclusive<u32> = 1..=10;
pub const PHASES_COUNT: RangeInclusive<usize> = 1..=12;
pub const WEEKS: RangeInclusive<u32> = 1..=26;
pub const SESSIONS_COUNT: RangeInclusive<usize> = 1..=10;
pub const TIMES: RangeInclusive<u32> = 1..=5;
pub const PER_WEEK: RangeInclusive<u32> = 1..=7;
/// A check-in answer: 0 (none) to 10 (the worst).
pub const CHECKIN_VALUE: RangeInclusive<u32> = 0..=10;
/// How many check-ins a pain gate may look back on: two weeks of mornings.
pub const GATE_CHECKINS: RangeInclusive<u32> = 1..=14;

/// Every rule broken by `plan`, in file order, each with the path of the
/// offending value. `routines` are the routine ids that exist (bundled and
/// the user's); `None` leaves that rule out (a plan already running, whose
/// missing routine is a warning of its state).
pub fn validate(plan: &Plan, routines: Option<&[&str]>) -> Vec<Problem> {
    let mut v = Paths::default();
    v.at("title", None, |r| {
        r.name(None, "title", &plan.title, TITLE_CHARS);
    });
    v.at("summary", None, |r| {
        r.optional_text(None, "summary", plan.summary.as_deref(), SUMMARY_MAX_CHARS);
    });
    v.at("author", None, |r| {
        r.optional_text(None, "author", plan.author.as_deref(), AUTHOR_MAX_CHARS);
    });
    v.at("caution", None, |r| {
        r.optional_text(None, "caution", plan.caution.as_deref(), CAUTION_MAX_CHARS);
    });
    if let Some(question) = plan.checkin.as_deref() {
        v.at("checkin", None, |r| {
            r.name(None, "checkin", question, 1..=CHECKIN_MAX_CHARS);
        });
    }
    if let Some(stop) = plan.stop_above {
        v.at("stop_above", None, |r| {
            r.range(None, "stop_above", stop, STOP_ABOVE, "");
        });
    }
    let count = plan.phases.len();
    if !PHASES_COUNT.contains(&count) {
        v.at("phases", None, |r| {
            r.count(None, "phases", count, PHASES_COUNT, "; a plan needs");
        });
    }
    for (i, phase) in plan.phases.iter().enumerate() {
        v.phase(plan, i, phase, routines);
    }
    v.problems
}

/// How a problem names its phase: `phases[1] "Load"`.
pub fn phase_label(index: usize, phase: &Phase) -> String {
    let name = phase.name.replace('\\', "\\\\").replace('"', "\\\"");
    format!("phases[{index}] \"{}\"", clean(&name))
}

/// The routine's rules ([`Validator`]), run at the file's top level, their
/// problems then filed under a plan's path and labelled with their phase.
#[derive(Default)]
struct Paths {
    rules: Validator,
    problems: Vec<Problem>,
}

impl Paths {
    /// Runs `check` and files what it found under `path`, in the phase
    /// `label` names (the file's top level when `None`).
    fn at(
        &mut self,
        path: impl Into<String>,
        label: Option<&str>,
        check: impl FnOnce(&mut Validator),
    ) {
        check(&mut self.rules);
        let found = std::mem::take(&mut self.rules.problems);
        if found.is_empty() {
            return;
        }
        let path = path.into();
        self.problems.extend(found.into_iter().map(|mut problem| {
            problem.path.clone_from(&path);
            problem.diagnostic.item = label.map(str::to_string);
            problem
        }));
    }

    fn phase(&mut self, plan: &Plan, i: usize, phase: &Phase, routines: Option<&[&str]>) {
        let label = phase_label(i, phase);
        let label = Some(label.as_str());
        let base = format!("phases[{i}]");
        self.at(format!("{base}.name"), label, |r| {
            r.name(None, "name", &phase.name, NAME_CHARS);
        });
        self.at(format!("{base}.weeks"), label, |r| {
            r.range(None, "weeks", phase.weeks, WEEKS, "");
        });
        if let Advance::WhenPain { at_most, checkins } = phase.advance {
            let path = format!("{base}.advance");
            self.at(format!("{path}.at_most"), label, |r| {
                r.range(None, "advance.at_most", at_most, CHECKIN_VALUE, "");
            });
            self.at(format!("{path}.checkins"), label, |r| {
                r.range(None, "advance.checkins", checkins, GATE_CHECKINS, "");
            });
            if plan.checkin.is_none() {
                self.at(path, label, |r| {
                    r.push(
                        None,
                        "advance",
                        "WhenPain waits for check-ins, but the plan asks none; add a `checkin` question to the plan",
                    );
                });
            }
        }
        let count = phase.sessions.len();
        if !SESSIONS_COUNT.contains(&count) {
            self.at(format!("{base}.sessions"), label, |r| {
                r.count(None, "sessions", count, SESSIONS_COUNT, "; a phase needs");
            });
        }
        for (k, session) in phase.sessions.iter().enumerate() {
            self.session(
                label,
                &format!("{base}.sessions[{k}]"),
                k,
                session,
                routines,
            );
        }
    }

    fn session(
        &mut self,
        label: Option<&str>,
        base: &str,
        k: usize,
        session: &Prescription,
        routines: Option<&[&str]>,
    ) {
        let field = format!("sessions[{k}]");
        if let Some(routines) = routines
            && !routines.contains(&session.routine.as_str())
        {
            self.at(format!("{base}.routine"), label, |r| {
                r.push(
                    None,
                    format_args!("{field}.routine"),
                    missing_routine(&session.routine, routines),
                );
            });
        }
        match &session.days {
            Days::PerWeek(n) => self.at(format!("{base}.days"), label, |r| {
                r.range(None, format_args!("{field}.days PerWeek"), *n, PER_WEEK, "");
            }),
            Days::On(days) => {
                let repeated = days
                    .iter()
                    .enumerate()
                    .find(|(i, d)| days[..*i].contains(d));
                self.at(format!("{base}.days"), label, |r| {
                    let days_field = format!("{field}.days");
                    if days.is_empty() {
                        r.push(
                            None,
                            &days_field,
                            "On([]) names no day; name at least one (On([Mon, Thu]))",
                        );
                    }
                    if let Some((_, day)) = repeated {
                        r.push(
                            None,
                            &days_field,
                            format_args!("On names {} twice", day.name()),
                        );
                    }
                });
            }
            Days::Daily | Days::EveryOtherDay => {}
        }
        self.at(format!("{base}.times"), label, |r| {
            r.range(
                None,
                format_args!("{field}.times"),
                session.times,
                TIMES,
                "",
            );
        });
    }
}

/// `no routine 'heel-raises', did you mean 'heel-raise-12'?`
fn missing_routine(id: &str, routines: &[&str]) -> String {
    let hint = match closest(id, routines) {
        Some(near) => format!(", did you mean '{near}'?"),
        None => "; `limber list` shows the routines there are".into(),
    };
    format!("no routine '{id}'{hint}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::plan::model::{Phase, Weekday};

    fn plan() -> Plan {
        Plan {
            title: "Heel".into(),
            summary: None,
            author: None,
            caution: None,
            checkin: None,
            stop_above: None,
            phases: vec![Phase {
                name: "Settle".into(),
                weeks: 2,
                advance: Advance::AfterWeeks,
                sessions: vec![Prescription {
                    routine: "plantar-stretch".into(),
                    days: Days::Daily,
                    times: 3,
                }],
            }],
        }
    }

    fn shown(plan: &Plan) -> Vec<String> {
        validate(
            plan,
            Some(&["plantar-stretch", "calf-stretch", "heel-raise-12"]),
        )
        .iter()
        .map(|p| format!("{} | {}", p.path, p.diagnostic.short()))
        .collect()
    }

    #[test]
    fn a_valid_plan_has_no_problems() {
        assert_eq!(shown(&plan()), Vec::<String>::new());
    }

    #[test]
    fn every_range_and_rule_is_checked_with_its_path() {
        let mut p = plan();
        p.stop_above = Some(11);
        p.checkin = Some(" ".into());
        p.phases[0].weeks = 27;
        p.phases[0].advance = Advance::WhenPain {
            at_most: 11,
            checkins: 0,
        };
        p.phases[0].sessions.push(Prescription {
            routine: "heel-raises".into(),
            days: Days::PerWeek(8),
            times: 6,
        });
        p.phases[0].sessions.push(Prescription {
            routine: "zzzzzzzz".into(),
            days: Days::On(vec![Weekday::Mon, Weekday::Mon]),
            times: 0,
        });
        assert_eq!(
            shown(&p),
            [
                "checkin | checkin: is blank; write a few words",
                "stop_above | stop_above: 11 is out of range; it must be 1-10",
                "phases[0].weeks | phases[0] \"Settle\": weeks: 27 is out of range; it must be 1-26",
                "phases[0].advance.at_most | phases[0] \"Settle\": advance.at_most: 11 is out of range; it must be 0-10",
                "phases[0].advance.checkins | phases[0] \"Settle\": advance.checkins: 0 is out of range; it must be 1-14",
                "phases[0].sessions[1].routine | phases[0] \"Settle\": sessions[1].routine: no routine 'heel-raises', did you mean 'heel-raise-12'?",
                "phases[0].sessions[1].days | phases[0] \"Settle\": sessions[1].days PerWeek: 8 is out of range; it must be 1-7",
                "phases[0].sessions[1].times | phases[0] \"Settle\": sessions[1].times: 6 is out of range; it must be 1-5",
                "phases[0].sessions[2].routine | phases[0] \"Settle\": sessions[2].routine: no routine 'zzzzzzzz'; `limber list` shows the routines there are",
                "phases[0].sessions[2].days | phases[0] \"Settle\": sessions[2].days: On names Mon twice",
                "phases[0].sessions[2].times | phases[0] \"Settle\": sessions[2].times: 0 is out of range; it must be 1-5",
            ]
        );
    }

    #[test]
    fn a_pain_gate_needs_a_checkin_question() {
        let mut p = plan();
        p.phases[0].advance = Advance::WhenPain {
            at_most: 3,
            checkins: 3,
        };
        assert_eq!(
            shown(&p),
            [
                "phases[0].advance | phases[0] \"Settle\": advance: WhenPain waits for check-ins, but the plan asks none; add a `checkin` question to the plan"
            ]
        );
        p.checkin = Some("Heel pain this morning".into());
        assert!(shown(&p).is_empty());
    }

    #[test]
    fn counts_of_phases_and_sessions() {
        let mut p = plan();
        p.phases[0].sessions.clear();
        p.phases
            .extend(std::iter::repeat_n(p.phases[0].clone(), 12));
        let found = shown(&p);
        assert_eq!(found[0], "phases | phases: has 13; a plan needs 1-12");
        assert_eq!(
            found[1],
            "phases[0].sessions | phases[0] \"Settle\": sessions: has 0; a phase needs 1-10"
        );
    }
}
