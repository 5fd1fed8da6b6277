//! A plan's state on a given day, worked out from the plan, its run (start and
//! check-ins) and the sessions done (SPEC section 8): the plan day, the phase,
//! what is asked today and this week and how much of it is done, adherence,
//! and the warnings. Pure: the date and the time zone come in, so every rule
//! is tested with fixed dates.
//!
//! The rules, in one place:
//! - a session fills a prescription when it counts (`Record::counts`, checked
//!   by the caller), is of that routine, and ended on that local day (for
//!   `PerWeek`, that week of the phase) while the run was going on;
//! - each session fills one prescription at most: the day's first, then the
//!   week's; plans are worked out one at a time, so a session may fill a
//!   prescription in each of two plans that ask for the same routine;
//! - `PerWeek` counts over 7-day spans from the phase's first day: the plan
//!   weeks, unless a gate held a phase part of a week. A span cut short by
//!   the next phase asks for its share of the week (rounded up);
//! - adherence is done / asked over the days (and weeks) that are over, plus
//!   what is done of today (and of this week).

use super::events::Run;
use super::model::{Advance, Phase, Plan};
use super::schedule::{Day, Schedule, last_checkins, schedule};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeZone};

/// A session that counts (completed, not a preview, not skipped through).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Session<'a> {
    pub routine: &'a str,
    pub ended: DateTime<FixedOffset>,
}

/// What a prescription asks for: that many a day, or that many this week.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Per {
    Day,
    Week,
}

/// One prescription as of a day: how many are asked, how many done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub routine: String,
    pub per: Per,
    pub asked: u32,
    pub done: u32,
}

impl Due {
    pub fn left(&self) -> u32 {
        self.asked.saturating_sub(self.done)
    }
}

/// Where the run stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Day 1 is still ahead.
    Upcoming,
    Active,
    /// Its last day is over.
    Finished,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// The last check-in is above the plan's `stop_above`.
    AboveStop {
        value: u8,
        date: NaiveDate,
        stop_above: u32,
    },
    /// Today is past the phase's weeks and its gate holds it.
    GateHeld {
        phase: String,
        at_most: u32,
        checkins: u32,
        /// The last check-ins, oldest first (fewer than asked for when missing).
        last: Vec<u8>,
    },
    /// A routine the plan names does not exist (any more).
    MissingRoutine { routine: String },
}

/// Done / asked; the ratio is `None` before anything was asked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Adherence {
    pub done: u32,
    pub asked: u32,
}

impl Adherence {
    pub fn ratio(self) -> Option<f64> {
        (self.asked > 0).then(|| f64::from(self.done) / f64::from(self.asked))
    }

    fn add(&mut self, done: u32, asked: u32) {
        self.done += done;
        self.asked += asked;
    }
}

/// One day of the run with its day prescriptions (not `PerWeek` ones) summed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayTally {
    pub day: Day,
    pub asked: u32,
    pub done: u32,
}

/// One `PerWeek` span: a week of a phase, or less when cut short.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekTally {
    pub phase: usize,
    /// The week of the phase, from 0.
    pub week: u32,
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub due: Vec<Due>,
    /// Its last day is before today (or it was cut short before today).
    pub over: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlanState {
    pub progress: Progress,
    /// Today's plan day, from 1; 0 when upcoming; the last day when finished.
    pub day: u32,
    /// The plan's length as it stands: held days so far included, later
    /// phases as written.
    pub days: u32,
    /// The phase today (the first when upcoming, the last when finished).
    pub phase: usize,
    /// Today's prescriptions (per day) then this week's (per week).
    pub today: Vec<Due>,
    /// Today's check-in answer.
    pub checkin: Option<u8>,
    pub last_checkin: Option<(NaiveDate, u8)>,
    pub adherence: Adherence,
    pub warnings: Vec<Warning>,
    /// Every day of the run through today (or its last day).
    pub calendar: Vec<DayTally>,
    /// Every `PerWeek` span through today.
    pub weeks: Vec<WeekTally>,
}

impl PlanState {
    /// What is still to do today: per-day prescriptions not done, and per-week
    /// ones when the days left in the week are no more than those left to do.
    pub fn due_now(&self, today: NaiveDate) -> Vec<(&str, u32)> {
        let week_end = self
            .weeks
            .iter()
            .find(|w| w.first <= today && today <= w.last && !w.over)
            // A week going on runs 7 days (a gate opening may cut it, later).
            .map(|w| w.first + chrono::Days::new(6));
        self.today
            .iter()
            .filter_map(|d| {
                let left = d.left();
                let now = match d.per {
                    Per::Day => left,
                    Per::Week => {
                        let days_left = week_end
                            .map_or(1, |end| (end - today).num_days() + 1)
                            .max(1);
                        if i64::from(left) >= days_left {
                            left
                        } else {
                            0
                        }
                    }
                };
                (now > 0).then_some((d.routine.as_str(), now))
            })
            .collect()
    }
}

struct Slot {
    prescription: usize,
    asked: u32,
    done: u32,
}

struct Span {
    phase: usize,
    week: u32,
    first: usize,
    last: usize,
    slots: Vec<Slot>,
}

/// The state of `run` of `plan` on `today` in time zone `tz`. `sessions` are
/// those that count (any order; ones outside the run are left out here);
/// `exists` says whether a routine id exists.
pub fn work_out<Tz: TimeZone>(
    plan: &Plan,
    run: &Run,
    sessions: &[Session<'_>],
    today: NaiveDate,
    tz: &Tz,
    exists: impl Fn(&str) -> bool,
) -> PlanState {
    let through = run
        .stopped
        .map_or(today, |at| today.min(at.with_timezone(tz).date_naive()));
    let sched = schedule(plan, run.on, &run.checkins, today, through);
    let days = &sched.days;
    let mut asked = Asked::of(plan, &sched);
    asked.fill(plan, run, sessions, tz, days);
    let (calendar, weeks, adherence) = asked.tallies(plan, days, today);

    let current = days.iter().position(|d| d.date == today);
    let progress = if today < run.on {
        Progress::Upcoming
    } else if current.is_none() && sched.last.is_some() {
        Progress::Finished
    } else {
        Progress::Active
    };
    let mut today_due = Vec::new();
    if let Some(i) = current {
        let phase = days[i].phase;
        today_due.extend(asked.slots[i].iter().map(|s| due(plan, phase, s, Per::Day)));
        today_due.extend(weeks[asked.span_of[i]].due.iter().cloned());
    }
    let (day, length, phase) = match (progress, current.map(|i| days[i])) {
        (Progress::Active, Some(d)) => (d.number, length_from(plan, &d), d.phase),
        (Progress::Finished, _) => {
            let n = u32::try_from(days.len()).unwrap_or(u32::MAX);
            (n, n, plan.phases.len().saturating_sub(1))
        }
        _ => (0, plan.nominal_days(), 0),
    };
    PlanState {
        progress,
        day,
        days: length,
        phase,
        today: today_due,
        checkin: run.checkins.get(&today).copied(),
        last_checkin: run.last_checkin(),
        adherence,
        warnings: warnings(plan, run, current.map(|i| days[i]), today, exists),
        calendar,
        weeks,
    }
}

/// What each day and each `PerWeek` span asks for, and how much is done.
struct Asked {
    /// Per day of the schedule, its day prescriptions.
    slots: Vec<Vec<Slot>>,
    spans: Vec<Span>,
    /// Which span each day is in.
    span_of: Vec<usize>,
}

impl Asked {
    fn of(plan: &Plan, sched: &Schedule) -> Asked {
        let days = &sched.days;
        let slots = days
            .iter()
            .map(|day| {
                plan.phases[day.phase]
                    .sessions
                    .iter()
                    .enumerate()
                    .filter_map(|(k, p)| {
                        let asked = p.asked_on(day.phase_day, day.date.weekday());
                        (asked > 0).then_some(Slot {
                            prescription: k,
                            asked,
                            done: 0,
                        })
                    })
                    .collect()
            })
            .collect();
        let mut spans = spans_of(plan, days);
        let mut span_of = vec![0; days.len()];
        for (s, span) in spans.iter().enumerate() {
            span_of[span.first..=span.last].fill(s);
        }
        for span in &mut spans {
            let len = span.last - span.first + 1;
            let cut =
                len < 7 && (span.last + 1 < days.len() || sched.last == Some(days[span.last].date));
            if cut {
                for slot in &mut span.slots {
                    // Its share of the week, rounded up.
                    slot.asked = (slot.asked * u32::try_from(len).unwrap_or(7)).div_ceil(7);
                }
            }
        }
        Asked {
            slots,
            spans,
            span_of,
        }
    }

    /// Each session, in the order they ended, fills the first prescription of
    /// its routine not yet full: its day's, else its week's.
    fn fill<Tz: TimeZone>(
        &mut self,
        plan: &Plan,
        run: &Run,
        sessions: &[Session<'_>],
        tz: &Tz,
        days: &[Day],
    ) {
        let mut ordered: Vec<&Session<'_>> = sessions.iter().collect();
        ordered.sort_by_key(|s| s.ended);
        for session in ordered {
            if run.stopped.is_some_and(|stop| session.ended > stop) {
                continue;
            }
            let date = session.ended.with_timezone(tz).date_naive();
            let Ok(index) = usize::try_from((date - run.on).num_days()) else {
                continue;
            };
            if index >= days.len() {
                continue;
            }
            let phase = &plan.phases[days[index].phase];
            let open = |slot: &&mut Slot| {
                slot.done < slot.asked
                    && phase.sessions[slot.prescription].routine == session.routine
            };
            let span = &mut self.spans[self.span_of[index]];
            if let Some(slot) = self.slots[index]
                .iter_mut()
                .find(open)
                .or_else(|| span.slots.iter_mut().find(open))
            {
                slot.done += 1;
            }
        }
    }

    /// The days and weeks as tallies, and the adherence over them as of `today`.
    fn tallies(
        &self,
        plan: &Plan,
        days: &[Day],
        today: NaiveDate,
    ) -> (Vec<DayTally>, Vec<WeekTally>, Adherence) {
        let mut adherence = Adherence::default();
        let calendar = days
            .iter()
            .zip(&self.slots)
            .map(|(day, slots)| {
                let asked = slots.iter().map(|s| s.asked).sum();
                let done = slots.iter().map(|s| s.done).sum();
                adherence.add(done, if day.date < today { asked } else { done });
                DayTally {
                    day: *day,
                    asked,
                    done,
                }
            })
            .collect();
        let weeks = self
            .spans
            .iter()
            .map(|span| {
                let last = days[span.last].date;
                let over = last < today;
                let due: Vec<Due> = span
                    .slots
                    .iter()
                    .map(|s| due(plan, span.phase, s, Per::Week))
                    .collect();
                for d in &due {
                    adherence.add(d.done, if over { d.asked } else { d.done });
                }
                WeekTally {
                    phase: span.phase,
                    week: span.week,
                    first: days[span.first].date,
                    last,
                    due,
                    over,
                }
            })
            .collect();
        (calendar, weeks, adherence)
    }
}

/// The warnings of SPEC 9: a check-in above `stop_above`, a gate holding
/// today's phase, a routine that does not exist.
fn warnings(
    plan: &Plan,
    run: &Run,
    today_day: Option<Day>,
    today: NaiveDate,
    exists: impl Fn(&str) -> bool,
) -> Vec<Warning> {
    let mut warnings = Vec::new();
    if let (Some((date, value)), Some(stop_above)) = (run.last_checkin(), plan.stop_above)
        && u32::from(value) > stop_above
    {
        warnings.push(Warning::AboveStop {
            value,
            date,
            stop_above,
        });
    }
    if let Some(day) = today_day.filter(|d| d.held)
        && let Advance::WhenPain { at_most, checkins } = plan.phases[day.phase].advance
    {
        warnings.push(Warning::GateHeld {
            phase: plan.phases[day.phase].name.clone(),
            at_most,
            checkins,
            last: last_checkins(&run.checkins, today, checkins),
        });
    }
    for routine in plan.routines() {
        if !exists(routine) {
            warnings.push(Warning::MissingRoutine {
                routine: routine.to_string(),
            });
        }
    }
    warnings
}

fn due(plan: &Plan, phase: usize, slot: &Slot, per: Per) -> Due {
    Due {
        routine: plan.phases[phase].sessions[slot.prescription]
            .routine
            .clone(),
        per,
        asked: slot.asked,
        done: slot.done,
    }
}

/// The `PerWeek` spans of the days, in order: one per week of each phase.
fn spans_of(plan: &Plan, days: &[Day]) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::new();
    for (i, day) in days.iter().enumerate() {
        match spans.last_mut() {
            Some(span) if span.phase == day.phase && span.week == day.phase_week() => {
                span.last = i;
            }
            _ => spans.push(Span {
                phase: day.phase,
                week: day.phase_week(),
                first: i,
                last: i,
                slots: plan.phases[day.phase]
                    .sessions
                    .iter()
                    .enumerate()
                    .filter_map(|(k, p)| {
                        Some(Slot {
                            prescription: k,
                            asked: p.per_week()?,
                            done: 0,
                        })
                    })
                    .collect(),
            }),
        }
    }
    spans
}

/// The plan's length seen from `today`: the days so far, the rest of this
/// phase's weeks (none when held), and the later phases as written.
fn length_from(plan: &Plan, today: &Day) -> u32 {
    let phase = &plan.phases[today.phase];
    let rest = if today.held {
        0
    } else {
        phase.days().saturating_sub(today.phase_day)
    };
    let later: u32 = plan.phases[today.phase + 1..].iter().map(Phase::days).sum();
    today.number + rest + later
}

/// The date from which sessions matter for `run` as of `today`: its day 1 for
/// the whole state, or the first day of this week's span when only today and
/// this week are wanted (a prompt's status line). The caller reads the
/// history back to this date, not the whole log.
pub fn needed_from(plan: &Plan, run: &Run, today: NaiveDate, whole: bool) -> NaiveDate {
    if whole || today <= run.on {
        return run.on;
    }
    let sched = schedule(plan, run.on, &run.checkins, today, today);
    match sched.days.iter().rev().find(|d| d.date == today) {
        Some(d) => d.date - chrono::Days::new(u64::from(d.phase_day - 1) % 7),
        None => today,
    }
}

/// What a shell needs to pick sessions: the runs' windows as instants.
pub fn window_start<Tz: TimeZone>(from: NaiveDate, tz: &Tz) -> Option<DateTime<FixedOffset>> {
    let midnight = from.and_hms_opt(0, 0, 0)?;
    // The earliest instant of the local date (a DST gap at midnight moves it).
    tz.from_local_datetime(&midnight)
        .earliest()
        .or_else(|| {
            tz.from_local_datetime(&(midnight + chrono::Duration::hours(1)))
                .earliest()
        })
        .map(|t| t.fixed_offset())
}

#[cfg(test)]
mod tests;
